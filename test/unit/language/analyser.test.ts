// The one analyser: a single walk over the cells in order gives the diagnostics, the names
// each cell sees (hover, completion, signature help) and the shapes, from the same values.
import * as assert from 'assert';
import { Analyser } from '../../../src/language/analysis/analyser';
import { declaredRegistry } from '../../../src/language/analysis/declaredRegistry';
import { scopeAt } from '../../../src/language/analysis/env';
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

  describe('scopes of functions, lambdas and comprehensions', () => {
    /** [code, message, line, column] of each diagnostic of one cell read on its own. */
    const diagnose = (source: string) => new Analyser(registry).cell(source).diagnostics.map(d => [d.code, d.message, d.range.line, d.range.column]);

    it('a parameter is defined inside the body and nowhere else', () => {
      assert.deepStrictEqual(diagnose('def f(units, *layers, name=None, **extra):\n    return units, layers, name, extra\nf(1)'), []);
      assert.deepStrictEqual(diagnose('def f(units):\n    return units\nprint(units)'), [['NameError', "name 'units' is not defined", 3, 7]]);
    });

    it('a name the body uses may be defined later at module level; one defined nowhere is reported where it is used', () => {
      assert.deepStrictEqual(diagnose('def scale(x):\n    return x * factor\nfactor = 2\nscale(3)'), []);
      assert.deepStrictEqual(diagnose('def scale(x):\n    return x * factr\nfactor = 2'), [['NameError', "name 'factr' is not defined. Did you mean: 'factor'?", 2, 16]]);
    });

    it('locals of a body do not leak to the module; `global` names do', () => {
      assert.deepStrictEqual(diagnose('def f():\n    hidden = 1\n    return hidden\nf()\nprint(hidden)'), [['NameError', "name 'hidden' is not defined", 5, 7]]);
      assert.deepStrictEqual(diagnose('def reset():\n    global step\n    step = 0\nreset()\nprint(step)'), []);
    });

    it('closures see the enclosing function\'s names, even those bound after the inner def', () => {
      assert.deepStrictEqual(diagnose('def outer(k):\n    def inner(x):\n        return x + k + later\n    later = 1\n    return inner'), []);
      assert.deepStrictEqual(diagnose('def outer():\n    def inner():\n        return absent\n    return inner'), [['NameError', "name 'absent' is not defined", 3, 16]]);
    });

    it('a comprehension variable is defined in the comprehension only; its clauses are checked', () => {
      assert.deepStrictEqual(diagnose('pairs = [(i, j) for i in range(3) for j in range(i) if i != j]\n{w: n for w, n in zip("ab", [1, 2])}'), []);
      assert.deepStrictEqual(diagnose('squares = [i * i for i in range(3)]\nprint(i)'), [['NameError', "name 'i' is not defined", 2, 7]]);
      assert.deepStrictEqual(diagnose('total = sum(x * wieght for x in range(3))'), [['NameError', "name 'wieght' is not defined", 1, 17]]);
      assert.deepStrictEqual(diagnose('[y for x in range(3)]'), [['NameError', "name 'y' is not defined", 1, 2]]);
    });

    it('a lambda\'s parameters are its own', () => {
      assert.deepStrictEqual(diagnose('key = lambda pair: pair[1]\nsorted([(1, 2)], key=key)'), []);
      assert.deepStrictEqual(diagnose('key = lambda pair: pair[1]\npair'), [['NameError', "name 'pair' is not defined", 2, 1]]);
    });

    it('calls to a def are checked against its parameters', () => {
      assert.deepStrictEqual(diagnose('def decode(seed, length=10):\n    return seed\ndecode("a", 5, 6)\ndecode(lenght=3)'), [
        ['TypeError', 'decode() takes 2 positional arguments but 3 were given', 3, 16],
        ['TypeError', "decode() got an unexpected keyword argument 'lenght'. Did you mean 'length'?", 4, 8],
      ]);
    });

    it('hover on a call of a def shows its parameters and literal defaults', () => {
      const source = 'def decode(seed, length=10, temperature=-0.5, vocab=make()):\n    return seed\ndecode("a")';
      const hover = hoverAt({ registry, cellsAbove: [] }, source, source.lastIndexOf('decode') + 2);
      assert.match(hover!.markdown, /decode\(seed, length=10, temperature=-0\.5, vocab=\.\.\.\)/);
    });

    it('names assigned in a while body are no false alarm; the loop test is checked', () => {
      assert.deepStrictEqual(diagnose('i = 0\nwhile i < 3:\n    i += 1\n    last = i\nelse:\n    print(last)\nprint(last)'), []);
      assert.deepStrictEqual(diagnose('while i < 3:\n    pass'), [['NameError', "name 'i' is not defined", 1, 7]]);
    });

    it('the scope at a cursor inside a def has its parameters and locals; after it, they are gone', () => {
      const source = 'def greedy(model, seed):\n    tokens = [seed]\n    return tokens\nx = 1';
      const inside = scopeAt({ registry, cellsAbove: [] }, source, source.indexOf('return'));
      assert.deepStrictEqual(['model', 'seed', 'tokens'].map(n => [...inside.entries()].some(([name]) => name === n)), [true, true, true]);
      const after = scopeAt({ registry, cellsAbove: [] }, source, source.length);
      assert.deepStrictEqual(['greedy', 'seed', 'tokens'].map(n => [...after.entries()].some(([name]) => name === n)), [true, false, false]);
      assert.strictEqual(after.resolveChain(['greedy']).kind, 'function');
    });
  });
});
