// The tutorial corpus: the plain-Python tutorial cells (language/tutorialCells.ts) and the Keras
// cells (kerasTutorialCells.ts), each run end to end in one kernel with the real Keras surface
// and a training thread, printing its expected outcome; and the editor's analyser, with the
// editor's own registry, flags nothing in any of them.
import * as assert from 'node:assert/strict';
import { cellDiagnostics } from '../../../src/language/analysis/cellDiagnostics';
import { declaredRegistry } from '../../../src/language/analysis/declaredRegistry';
import { TUTORIAL_CELLS } from '../language/tutorialCells';
import { KERAS_TUTORIAL_CELLS } from './kerasTutorialCells';
import { TestKernel } from './harness';

const CORPUS = [
  ...TUTORIAL_CELLS.map(c => ({ name: `python: ${c.name}`, source: c.source, output: c.output })),
  ...KERAS_TUTORIAL_CELLS.map(c => ({ name: `keras: ${c.name}`, source: c.source.replace(/^\n/, ''), output: c.output })),
];

describe('tutorial corpus: cells as learners write them, run in a kernel (kernel/keras)', function () {
  this.timeout(120_000);
  const registry = declaredRegistry();
  let k: TestKernel;
  before(() => {
    k = new TestKernel();
  });
  after(async () => k.dispose());

  it('has at least 40 cells, most of them Keras cells', () => {
    assert.ok(CORPUS.length >= 40, `${CORPUS.length} cells`);
    assert.ok(KERAS_TUTORIAL_CELLS.length >= 28, `${KERAS_TUTORIAL_CELLS.length} Keras cells`);
  });

  for (const cell of CORPUS) {
    describe(cell.name, () => {
      it('runs and prints its outcome', () => {
        k.stdout = '';
        k.run(cell.source);
        if (typeof cell.output === 'string') assert.equal(k.stdout, cell.output);
        else assert.match(k.stdout, cell.output);
      });

      it('gives no diagnostics in the editor', () => {
        const found = cellDiagnostics(registry, [], cell.source).map(d => `${d.message} at ${JSON.stringify(cell.source.slice(d.range.from, d.range.to))}`);
        assert.deepEqual(found, []);
      });
    });
  }
});
