import * as assert from 'assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { KerasRegistry } from '../../../src/language';
import { cellDiagnostics, notebookDiagnostics } from '../../../src/language/analysis/cellDiagnostics';
import { analyseNotebook } from '../../../src/language/analysis/analyser';
import { CORPUS } from '../language/corpus';
import { registry } from './helpers';
import { SHAPE_CASES } from './shapeCorpus';

/** Only the shape mismatches the analyser finds in `source` after the cells above. */
const shapeDiagnostics = (registry: KerasRegistry, above: readonly string[], source: string) => analyseNotebook(registry, [...above, source]).at(-1)!.shapes;

const REPO = path.join(__dirname, '..', '..', '..', '..');

const found = (above: readonly string[], source: string) => cellDiagnostics(registry, above, source).map(d => ({
  severity: d.severity, code: d.code, message: d.message, range: [d.range.line, d.range.column, d.range.endLine, d.range.endColumn], at: source.slice(d.range.from, d.range.to),
}));

/** The rnn cells of a sample notebook, in order. */
function sampleCells(file: string): string[] {
  const notebook = JSON.parse(fs.readFileSync(file, 'utf8')) as { cells: { language: string; source: string | string[] }[] };
  return notebook.cells.filter(c => c.language === 'rnn').map(c => (Array.isArray(c.source) ? c.source.join('') : c.source));
}

describe('editor: shape diagnostics', () => {
  it('the corpus has valid and invalid cases', () => {
    assert.ok(SHAPE_CASES.filter(c => c.name.startsWith('valid')).length >= 8);
    assert.ok(SHAPE_CASES.filter(c => c.name.startsWith('invalid')).length >= 14);
  });

  for (const c of SHAPE_CASES) {
    it(c.name, () => {
      assert.deepStrictEqual(found(c.cellsAbove, c.source), c.diagnostics);
      if (c.name.startsWith('valid')) assert.deepStrictEqual(c.diagnostics, []);
    });
  }

  it('the cells above never report: their mismatches show on their own cell', () => {
    const above = ['model = Sequential([LSTM(32), LSTM(16)])'];
    assert.deepStrictEqual(shapeDiagnostics(registry, above, 'model.summary()'), []);
    assert.strictEqual(shapeDiagnostics(registry, [], above[0]).length, 1);
  });

  it('a fixed mismatch stops being reported, and the model goes on from the fixed layer', () => {
    const broken = 'model = Sequential([LSTM(32, input_shape=(None, 3)), LSTM(16), Dense(1)])';
    assert.strictEqual(shapeDiagnostics(registry, [], broken).length, 1);
    assert.deepStrictEqual(shapeDiagnostics(registry, [], broken.replace('LSTM(32, ', 'LSTM(32, return_sequences=True, ')), []);
  });

  it('a name rebound to something unknown, or a model changed in a branch, makes the checker silent', () => {
    assert.deepStrictEqual(shapeDiagnostics(registry, ['layer = LSTM(32)', 'layer = pick(3)'], 'm = Sequential([LSTM(8)])\nm.add(layer)\nm.add(LSTM(4))'), []);
    assert.deepStrictEqual(shapeDiagnostics(registry, ['m = Sequential([LSTM(8, return_sequences=True)])\nif deep:\n    m.add(LSTM(8))'], 'm.add(LSTM(4))'), []);
    assert.deepStrictEqual(shapeDiagnostics(registry, ['m = Sequential([LSTM(8)])\nm.pop()'], 'm.add(LSTM(4))'), []);
    assert.deepStrictEqual(shapeDiagnostics(registry, ['m = Sequential([LSTM(8)])\nmodels = [m]\nmodels[0].pop()'], 'm.add(LSTM(4))'), []);
    assert.deepStrictEqual(shapeDiagnostics(registry, ['m = Sequential([LSTM(8)])\nmodels = [m]\nif True:\n    models[-1].pop()'], 'm.add(LSTM(4))'), []);
    // Training or reading a model in a loop leaves its layers as they were.
    assert.strictEqual(shapeDiagnostics(registry, ['m = Sequential([LSTM(8)])\nfor i in range(2):\n    m.fit(X, y)\n    print(m.layers[0].get_config())'], 'm.add(LSTM(4))').length, 1);
  });

  it('every cell of the language corpus is free of shape diagnostics', () => {
    for (const cell of CORPUS) assert.deepStrictEqual(shapeDiagnostics(registry, [], cell.source), [], cell.name);
  });

  it('the sample notebooks are free of shape diagnostics', () => {
    const samples = fs.readdirSync(path.join(REPO, 'samples')).filter(f => f.endsWith('.rnnb'));
    assert.ok(samples.length >= 1);
    for (const file of samples) {
      const cells = sampleCells(path.join(REPO, 'samples', file));
      cells.forEach((source, i) => assert.deepStrictEqual(shapeDiagnostics(registry, cells.slice(0, i), source), [], `${file} cell ${i}`));
    }
  });

  it('one pass over a notebook gives every cell what checking it alone after the cells above gives', () => {
    const cells = SHAPE_CASES.flatMap(c => [...c.cellsAbove, c.source]);
    const whole = notebookDiagnostics(registry, cells);
    assert.strictEqual(whole.flat().length, SHAPE_CASES.reduce((n, c) => n + c.diagnostics.length, 0));
    cells.forEach((source, i) => assert.deepStrictEqual(whole[i], cellDiagnostics(registry, cells.slice(0, i), source), `cell ${i}`));
  });

  it('mutated cells never throw and every range lies inside the cell', () => {
    let seed = 7;
    const random = () => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed / 2147483648;
    };
    const sources = SHAPE_CASES.map(c => [...c.cellsAbove, c.source].join('\n'));
    for (let i = 0; i < 3000; i++) {
      const tokens = sources[i % sources.length].match(/\s+|\w+|./gs) ?? [];
      for (let k = 0; k < 3; k++) {
        const at = Math.floor(random() * tokens.length);
        if (random() < 0.5) tokens.splice(at, 1);
        else tokens.splice(at, 0, tokens[Math.floor(random() * tokens.length)]);
      }
      const source = tokens.join('');
      for (const d of shapeDiagnostics(registry, [], source)) {
        assert.ok(d.range.from >= 0 && d.range.from <= d.range.to && d.range.to <= source.length, JSON.stringify({ source, d }));
      }
    }
  });
});
