import * as assert from 'assert';
import { CellError, checkCell } from '../../../src/language';
import { CORPUS, Range } from './corpus';
import { newSession, testRegistry } from './fixtures';

const rangeOf = (r: { line: number; column: number; endLine: number; endColumn: number }): Range => [r.line, r.column, r.endLine, r.endColumn];

describe('language: corpus', () => {
  it('has at least 40 cells, valid and invalid', () => {
    assert.ok(CORPUS.length >= 40);
    assert.ok(CORPUS.filter(c => c.name.startsWith('valid')).length >= 15);
    assert.ok(CORPUS.filter(c => c.name.startsWith('invalid')).length >= 25);
  });

  for (const cell of CORPUS) {
    describe(cell.name, () => {
      it('checkCell gives exactly the expected diagnostics', () => {
        const actual = checkCell(cell.source, new Set(), testRegistry()).map(d => ({ severity: d.severity, code: d.code, message: d.message, range: rangeOf(d.range) }));
        assert.deepStrictEqual(actual, cell.diagnostics);
      });

      it('running it gives exactly the expected outcome', () => {
        const s = newSession();
        let outcome: typeof cell.run;
        try {
          const result = s.session.run(cell.source);
          outcome = { output: s.output(), ...(result.value !== undefined ? { value: result.value } : {}) };
        } catch (e) {
          assert.ok(e instanceof CellError, `not a CellError: ${String(e)}`);
          outcome = { error: { name: e.errorName, message: e.message, range: rangeOf(e.range) }, output: s.output() };
        }
        assert.deepStrictEqual(outcome, cell.run);
      });

      if (cell.name.startsWith('valid')) {
        it('is clean and runs without error', () => {
          assert.deepStrictEqual(cell.diagnostics, []);
          assert.strictEqual(cell.run.error, undefined);
        });
      }
    });
  }
});
