// The plain-Python tutorial cells (tutorialCells.ts) in a language session: each prints what
// CPython prints for the same text, and the editor's analyser finds nothing to flag in any of them.
import * as assert from 'assert';
import { checkCell } from '../../../src/language';
import { newSession, testRegistry } from './fixtures';
import { TUTORIAL_CELLS } from './tutorialCells';

describe('language: tutorial-style cells', () => {
  it('has at least 10 cells', () => assert.ok(TUTORIAL_CELLS.length >= 10));

  for (const cell of TUTORIAL_CELLS) {
    describe(cell.name, () => {
      it('prints what CPython prints', () => {
        const s = newSession();
        s.session.run(cell.source);
        assert.strictEqual(s.output(), cell.output);
      });

      it('gives no diagnostics in the editor', () => {
        assert.deepStrictEqual(checkCell(cell.source, new Set(), testRegistry()), []);
      });
    });
  }
});
