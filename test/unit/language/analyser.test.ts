// The one analyser: a single walk over the cells in order gives the diagnostics, the names
// each cell sees (hover, completion, signature help) and the shapes, from the same values.
import * as assert from 'assert';
import { Analyser } from '../../../src/language/analysis/analyser';
import { declaredRegistry } from '../../../src/language/analysis/declaredRegistry';
import { hoverAt } from '../../../src/language/analysis/hover';

const registry = declaredRegistry();

describe('language: the analyser', () => {
  it('a Sequential built in cell 1 is known to hover in cell 3, and its shapes are checked there, from one walk', () => {
    const analyser = new Analyser(registry);
    const cells = ['model = Sequential()\nmodel.add(Embedding(1000, 8))\nmodel.add(LSTM(16))', 'print(1)', 'model.add(LSTM(8))\nmodel.fit'];
    const [first, second, third] = cells.map(cell => analyser.cell(cell));
    assert.deepStrictEqual([first.diagnostics, second.diagnostics], [[], []]);
    assert.strictEqual(third.shapes.length, 1);
    assert.match(third.shapes[0].message, /^LSTM expects a sequence input \(batch, time, features\) but the previous layer LSTM\(16\) returns \(None, 16\)/);
    assert.deepStrictEqual(third.diagnostics, third.shapes);
    const scope = analyser.scope();
    assert.deepStrictEqual(scope.resolveChain(['model']), { kind: 'instance', hostClass: registry.resolve('keras.models.Sequential') });
    assert.strictEqual(scope.resolveChain(['model', 'fit']).kind, 'method');
    const offset = cells[2].indexOf('fit');
    assert.match(hoverAt({ registry, cellsAbove: cells.slice(0, 2) }, cells[2], offset)!.markdown, /Sequential\.fit\(/);
  });

  it('a name bound in a branch keeps its class for names and members, not its shapes', () => {
    const analyser = new Analyser(registry);
    analyser.cell('if flag:\n    m = Sequential([LSTM(8)])');
    const after = analyser.cell('m.add(LSTM(4))\nm.fitt(1)');
    assert.deepStrictEqual(after.shapes, []);
    assert.deepStrictEqual(after.diagnostics.map(d => [d.code, d.message.split(';')[0]]), [["AttributeError", "'Sequential' object has no attribute 'fitt'. Did you mean: 'fit'?"]]);
    assert.strictEqual(analyser.scope().resolveChain(['m']).kind, 'instance');
  });

  it('an undefined name is reported once per cell, in every cell that uses it, and never becomes a name', () => {
    const analyser = new Analyser(registry);
    const codes = ['prnt(1)\nprnt(2)', 'prnt(3)'].map(cell => analyser.cell(cell).diagnostics.map(d => d.code));
    assert.deepStrictEqual(codes, [['NameError'], ['NameError']]);
    assert.ok(![...analyser.scope().entries()].some(([name]) => name === 'prnt'));
  });

  it('reading a cell up to a cursor binds only what comes before it', () => {
    const analyser = new Analyser(registry);
    const source = 'a = LSTM(3)\nb = Dense(1)';
    analyser.cell(source, source.indexOf('b ='));
    const scope = analyser.scope();
    assert.deepStrictEqual([scope.resolveChain(['a']).kind, scope.resolveChain(['b']).kind], ['instance', 'unknown']);
  });

  it('unpacking a written tuple binds each name to its item', () => {
    const analyser = new Analyser(registry);
    analyser.cell('rnn, head = LSTM(8), Dense(1)');
    const found = analyser.cell('model = Sequential([Input(shape=(None, 4)), rnn, rnn])');
    assert.strictEqual(found.shapes.length, 1);
  });

  it('del unbinds a name for the cells below, but not when it may not run', () => {
    const analyser = new Analyser(registry);
    analyser.cell('model = Sequential()\nn = 1\ndel model, n');
    assert.deepStrictEqual(analyser.cell('print(model)\nprint(n)').diagnostics.map(d => d.message), ["name 'model' is not defined. Did you mean: 'Model'?", "name 'n' is not defined"]);
    analyser.cell('k = 1\nif flag:\n    del k');
    assert.deepStrictEqual(analyser.cell('print(k)').diagnostics, []);
    assert.deepStrictEqual(analyser.cell('del print').diagnostics.map(d => d.code), ['NameError']);
    analyser.cell('len = 3\ndel len');
    assert.strictEqual(analyser.scope().resolveChain(['len']).kind, 'function');
  });
});
