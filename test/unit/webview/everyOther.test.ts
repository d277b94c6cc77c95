// The halving that bounds a map's columns and the comparison's kept frames (webview/heatmap/grid.ts):
// every other item, the earlier of two neighbours unless only the later is non-finite.
import * as assert from 'node:assert/strict';
import { everyOther } from '../../../webview/heatmap/grid';

describe('webview: halving a long run (everyOther)', () => {
  it('keeps the earlier of each two, and an odd last item', () => {
    assert.deepEqual(everyOther(7, () => false), [0, 2, 4, 6]);
    assert.deepEqual(everyOther(0, () => false), []);
  });

  it('keeps a non-finite item over its finite neighbour, and the earlier when both are non-finite', () => {
    const bad = new Set([1, 4, 5, 7]);
    assert.deepEqual(everyOther(8, i => bad.has(i)), [1, 2, 4, 7]);
  });
});
