import * as assert from 'assert';
import { CellError, setHeapProbe } from '../../../src/language';
import { newSession, printed, run } from './fixtures';


function runError(cell: string): { name: string; message: string; text: string; line: number } {
  const { session } = newSession();
  try {
    session.run(cell);
  } catch (e) {
    assert.ok(e instanceof CellError, `expected a CellError, got ${String(e)}`);
    return { name: e.errorName, message: e.message, text: cell.slice(e.range.from, e.range.to), line: e.range.line };
  }
  assert.fail(`expected ${JSON.stringify(cell)} to raise`);
}

describe('language: interpreter', () => {
  it('int vs float arithmetic like Python', () => {
    assert.strictEqual(run('7 // 2, 7 / 2, 2 ** 10, -7 // 2, -7 % 3, 7 % -3, 2 ** -1, 10 / 5'), '(3, 3.5, 1024, -4, 2, -2, 0.5, 2.0)');
    assert.strictEqual(run('2 ** 100'), '1267650600228229401496703205376');
    assert.strictEqual(run('7.5 // 2, -7.5 // 2, 7.5 % 2, True + 1, 3 * 1.0'), '(3.0, -4.0, 1.5, 2, 3.0)');
    assert.strictEqual(run('0.1 + 0.2'), '0.30000000000000004');
  });

  it('repr of floats like Python', () => {
    assert.strictEqual(run('1.0, 0.1, 1e-05, 1e16, 1e15, 1.5e-7, 0.0001, -0.0, 1e300 * 1e10, 123.456'),
      "(1.0, 0.1, 1e-05, 1e+16, 1000000000000000.0, 1.5e-07, 0.0001, -0.0, inf, 123.456)");
    assert.strictEqual(run('float("nan"), float("-inf"), float(" 3 "), 1/3'), '(nan, -inf, 3.0, 0.3333333333333333)');
  });

  it('repr of containers, strings and constants like Python', () => {
    assert.strictEqual(run('[1, 2], (1,), (), {"a": 1, 2: [3]}, True, None, "it\'s", \'say "hi"\', "a\\nb"'),
      `([1, 2], (1,), (), {'a': 1, 2: [3]}, True, None, "it's", 'say "hi"', 'a\\nb')`);
    assert.strictEqual(run('range(5), range(1, 10, 2)'), '(range(0, 5), range(1, 10, 2))');
    assert.strictEqual(run('a = [1]\na.append(a)\na'), '[1, [...]]');
    assert.strictEqual(run('{1: "a", 1.0: "b", True: "c"}'), "{1: 'c'}");
  });

  it('print with sep and end; str() of values', () => {
    assert.strictEqual(printed('print(1, "a", 2.5, None, [1, "b"])'), "1 a 2.5 None [1, 'b']\n");
    assert.strictEqual(printed('print(*[1, 2, 3], sep="-", end="!")'), '1-2-3!');
    assert.strictEqual(printed('print()'), '\n');
  });

  it('f-strings with format specs', () => {
    assert.strictEqual(run('x = 3.14159\nf"{x:.3f}|{x:8.2f}|{x:<8.1f}|{x:e}|{x:.2%}|{1234567:,}|{42:05d}|{255:x}|{"ab":>4}|{x!r}|{x=:.1f}"'),
      "'3.142|    3.14|3.1     |3.141590e+00|314.16%|1,234,567|00042|ff|  ab|3.14159|x=3.1'");
    assert.strictEqual(run('f"{0.125:.2f} {2.675:.2f} {1e-7:g} {123456789.0:g} {0.5:.0f} {1.5:.0f}"'), "'0.12 2.67 1e-07 1.23457e+08 0 2'");
    assert.strictEqual(run('w = 6\nf"[{7:>{w}}]"'), "'[     7]'");
  });

  it('truthiness, boolean operators return operands, conditional expressions', () => {
    assert.strictEqual(run('bool([]), bool([0]), bool(""), bool(0.0), bool(None), 0 or "x", 1 and [], "a" if [] else "b"'),
      "(False, True, False, False, False, 'x', [], 'b')");
  });

  it('comparisons: chained, across int/float, sequences, membership', () => {
    assert.strictEqual(run('1 < 2 < 3, 1 < 3 < 2, 1 == 1.0, [1, 2] < [1, 3], (1, 2) == (1, 2), "b" in "abc", 3 not in [1, 2], 2 in range(0, 10, 2), None is None'),
      '(True, False, True, True, True, True, True, True, True)');
  });

  it('builtins: range, len, min, max, sum, abs, round, int, float, str, list, tuple, dict, zip, enumerate, sorted', () => {
    assert.strictEqual(run('list(range(3)), list(range(10, 0, -3)), len("héllo"), len({"a": 1}), len(range(10**12))'), '([0, 1, 2], [10, 7, 4, 1], 5, 1, 1000000000000)');
    assert.strictEqual(run('min([4, 2, 8]), max(4, 9, 1), sum([1, 2, 3]), sum([0.5, 0.25], 1), abs(-3), abs(-2.5)'), '(2, 9, 6, 1.75, 3, 2.5)');
    assert.strictEqual(run('round(2.5), round(3.5), round(0.125, 2), round(2.675, 2), round(1234, -2), round(-0.5)'), '(2, 4, 0.12, 2.67, 1200, 0)');
    assert.strictEqual(run('int("42"), int(-3.9), float(3), str(1.0), str([1.5]), list("ab"), tuple([1]), dict(a=1, b=2)'), "(42, -3, 3.0, '1.0', '[1.5]', ['a', 'b'], (1,), {'a': 1, 'b': 2})");
    assert.strictEqual(run('list(zip("ab", range(5))), list(enumerate(["x", "y"], 1)), sorted([3, 1, 2], reverse=True), sorted(["bb", "a"], key=len)'),
      "([('a', 0), ('b', 1)], [(1, 'x'), (2, 'y')], [3, 2, 1], ['a', 'bb'])");
  });

  it('list, dict and str methods', () => {
    assert.strictEqual(run('a = [3, 1]\na.append(2)\na.extend([5])\na.sort()\nx = a.pop()\na, x'), '([1, 2, 3], 5)');
    assert.strictEqual(run('d = {"a": 1}\nd["b"] = 2\nd.get("c", 0), list(d.keys()), list(d.items())'), "(0, ['a', 'b'], [('a', 1), ('b', 2)])");
    assert.strictEqual(run('"-".join(["a", "b"]), "a b  c".split(), " x ".strip(), "{} {:.1f}".format(1, 2)'), "('a-b', ['a', 'b', 'c'], 'x', '1 2.0')");
  });

  it('for loops with unpacking, nested ifs, break/continue; augmented assignment', () => {
    assert.strictEqual(printed('total = 0\nfor i, (a, b) in enumerate([(1, 2), (3, 4), (5, 6)]):\n    if i == 1:\n        continue\n    total += a * b\n    if total > 100:\n        break\nprint(total)'), '32\n');
    assert.strictEqual(run('x = [1]\ny = x\nx += [2]\ny'), '[1, 2]');
  });

  it('slicing of lists, strings and tuples', () => {
    assert.strictEqual(run('a = list(range(6))\na[1:3], a[::2], a[::-1], a[-2:], a[:-4], "hello"[1:4], (1, 2, 3)[1:]'),
      "([1, 2], [0, 2, 4], [5, 4, 3, 2, 1, 0], [4, 5], [0, 1], 'ell', (2, 3))");
    assert.strictEqual(run('a = [1, 2, 3, 4]\na[1:3] = [9]\na'), '[1, 9, 4]');
  });

  it('state persists across cells', () => {
    assert.strictEqual(run('x = 41', 'x += 1', 'x'), '42');
  });

  it('shows the last expression only when it is the last statement and not None', () => {
    assert.strictEqual(run('1\nx = 2'), undefined);
    assert.strictEqual(run('print("a")'), undefined);
  });

  it('errors name the Python exception and the offending range', () => {
    assert.deepStrictEqual(runError('modle = 1\nprint(mdole)'), { name: 'NameError', message: "name 'mdole' is not defined. Did you mean: 'modle'?", text: 'mdole', line: 2 });
    assert.deepStrictEqual(runError('x = [1, 2]\nx[5]'), { name: 'IndexError', message: 'list index out of range', text: 'x[5]', line: 2 });
    assert.deepStrictEqual(runError('d = {}\nd["k"]'), { name: 'KeyError', message: "'k'", text: 'd["k"]', line: 2 });
    assert.deepStrictEqual(runError('1 + "a"'), { name: 'TypeError', message: "unsupported operand type(s) for +: 'int' and 'str'", text: '1 + "a"', line: 1 });
    assert.deepStrictEqual(runError('y = 1 // 0'), { name: 'ZeroDivisionError', message: 'integer division or modulo by zero', text: '1 // 0', line: 1 });
    assert.deepStrictEqual(runError('int("abc")'), { name: 'ValueError', message: "invalid literal for int() with base 10: 'abc'", text: 'int("abc")', line: 1 });
    assert.deepStrictEqual(runError('a, b = [1, 2, 3]'), { name: 'ValueError', message: 'too many values to unpack (expected 2)', text: 'a, b', line: 1 });
    assert.deepStrictEqual(runError('m = Sequential()\nm.fitt(1)'), { name: 'AttributeError', message: "'Sequential' object has no attribute 'fitt'. Did you mean: 'fit'?", text: 'm.fitt', line: 2 });
    assert.deepStrictEqual(runError('LSTM(unit=3)'), { name: 'TypeError', message: "LSTM() got an unexpected keyword argument 'unit'. Did you mean 'units'?", text: 'LSTM(unit=3)', line: 1 });
    assert.deepStrictEqual(runError('LSTM()'), { name: 'TypeError', message: "LSTM() missing required argument 'units'", text: 'LSTM()', line: 1 });
    assert.deepStrictEqual(runError('from keras.layers import GRU\nGRU(3)'), { name: 'NotImplementedError', message: 'GRU is not available yet in this version of Unroll', text: 'GRU(3)', line: 2 });
    assert.deepStrictEqual(runError('len(5)'), { name: 'TypeError', message: "object of type 'int' has no len()", text: 'len(5)', line: 1 });
    assert.deepStrictEqual(runError('3()'), { name: 'TypeError', message: "'int' object is not callable", text: '3()', line: 1 });
  });

  it('nothing runs when any statement of the cell is invalid', () => {
    const { session, output } = newSession();
    assert.throws(() => session.run('print("ran")\nclass A:\n    pass'), (e: CellError) => e.message === '`class` definitions are not supported in rnn cells');
    assert.strictEqual(output(), '');
  });

  it('interrupts a huge loop cooperatively with KeyboardInterrupt at the loop', () => {
    const { session } = newSession({ interruptAfter: 10_000 });
    try {
      session.run('n = 0\nfor i in range(10**9):\n    n += 1');
      assert.fail('should have been interrupted');
    } catch (e) {
      assert.ok(e instanceof CellError);
      assert.strictEqual(e.errorName, 'KeyboardInterrupt');
      assert.strictEqual(e.range.line, 2);
    }
    assert.ok((session.get('n') as bigint) > 0n);
  });

  it('interrupts long builtins (sum over a huge range) and host calls', () => {
    const { session } = newSession({ interruptAfter: 10_000 });
    assert.throws(() => session.run('sum(range(10**12))'), (e: CellError) => e.errorName === 'KeyboardInterrupt');
  });

  it('builtins that walk a huge value in one call poll the interrupt: repr, print, sorted, join, list repetition', () => {
    const { session, steps, setBudget } = newSession();
    session.run("x = list(range(2 * 10**6))\nwords = ['a'] * 2 * 10**6");
    for (const cell of ['repr(x)', 'print(x)', 'sorted(x, reverse=True)', 'y = x * 3', "'-'.join(words)", 'str((x, x))', 'repr({1: x})']) {
      setBudget(steps() + 50);
      assert.throws(() => session.run(cell), (e: CellError) => e.errorName === 'KeyboardInterrupt', cell);
    }
    setBudget(Infinity);
    assert.strictEqual(session.run('len(repr(x[:1000]))').value, '4890');
  });

  it("int() of a string over 4300 digits is Python's ValueError, not a stall", () => {
    const started = Date.now();
    assert.deepStrictEqual(runError("int('9' * 10**7)"), { name: 'ValueError', message: 'Exceeds the limit (4300 digits) for integer string conversion: value has 10000000 digits', text: "int('9' * 10**7)", line: 1 });
    assert.ok(Date.now() - started < 2000);
    assert.strictEqual(run("len(str(int('-' + '9' * 4300)))"), '4301');
  });

  it('bounds allocation with MemoryError', () => {
    assert.strictEqual(runError('x = [0] * 10**8').name, 'MemoryError');
    assert.strictEqual(runError('s = "ab" * 10**8').name, 'MemoryError');
    assert.strictEqual(runError('x = 2 ** (10**9)').name, 'MemoryError');
    assert.strictEqual(run('r = range(10**15)\nlen(r)'), '1000000000000000');
    // An empty sequence repeated a billion times is empty at once (no billion silent rounds).
    assert.strictEqual(run('[] * 10**9, () * 10**20'), '([], ())');
  });

  describe("lists of millions are checked against the kernel thread's free heap", () => {
    // A heap of 256 MB with `used` MB in use, as V8 would report it; the real probe is the kernel's.
    const withHeap = (usedMB: number, cell: () => void) => {
      const restore = setHeapProbe(() => ({ limitBytes: 256 * 2 ** 20, usedBytes: usedMB * 2 ** 20 }));
      try { cell(); } finally { restore(); }
    };

    it('a list made at once that would not fit is a located MemoryError saying what is free', () => withHeap(200, () => {
      const e = runError('a = 1\nx = [0] * 3000000');
      assert.deepStrictEqual([e.name, e.line, e.text], ['MemoryError', 2, '[0] * 3000000']);
      assert.match(e.message, /a list of 3,000,000 elements would need about 35 MB of the kernel's heap, which has 56 MB free of 256 MB \(the unroll\.kernelMemoryMB setting\)/);
    }));

    it('so is a string of millions of characters', () => withHeap(220, () => {
      const e = runError('s = "ab" * 2000000');
      assert.deepStrictEqual([e.name, e.text], ['MemoryError', '"ab" * 2000000']);
      assert.match(e.message, /a string of 4,000,000 characters would need about 8 MB of the kernel's heap, which has 36 MB free of 256 MB/);
    }));

    it('one that fits is made, and small lists are never checked', () => {
      withHeap(100, () => assert.strictEqual(run('len([0] * 3000000)'), '3000000'));
      withHeap(255, () => assert.strictEqual(run('len([0] * 1000)'), '1000'));
    });

    it('lists grown one element at a time (append, comprehension, list()) are checked as they pass a million', () => withHeap(230, () => {
      for (const cell of ['x = []\nfor i in range(2000000):\n    x.append(i)', 'x = [i for i in range(2000000)]', 'x = list(range(2000000))']) {
        const e = runError(cell);
        assert.strictEqual(e.name, 'MemoryError', cell);
        assert.match(e.message, /a list of 1,048,576 elements would need about 12 MB of the kernel's heap, which has 26 MB free/, cell);
      }
    }));
  });

  it('deeply nested values hit RecursionError, not a crash', () => {
    assert.strictEqual(runError('a = []\nfor i in range(5000):\n    a = [a]\nprint(a)').name, 'RecursionError');
  });

  it('host objects: calls with keyword binding, methods, host output', () => {
    const s = newSession();
    s.session.run('model = Sequential(name="m")\nmodel.add(LSTM(8, return_sequences=True))\nmodel.add(Dense(1, activation="sigmoid"))\nmodel.fit(1, 2, epochs=2)');
    assert.strictEqual(s.output(), 'epoch 1\nepoch 2\n');
    assert.strictEqual(s.session.run('LSTM(units=4).units').value, '4');
    assert.throws(() => s.session.run('model.add(3)'), (e: CellError) => e.message === "Sequential.add() argument 'layer' must be Layer, not int");
  });

  it('imports resolve keras/tensorflow paths to the registry', () => {
    assert.strictEqual(run('import tensorflow as tf\ntf.keras.layers.LSTM is LSTM'), 'True');
    assert.strictEqual(run('from tensorflow.keras.layers import LSTM as L\nL(3).units'), '3');
    assert.strictEqual(run('import keras\nkeras.layers.Dense(2).units'), '2');
    assert.deepStrictEqual(runError('from keras.layers import Foo'), { name: 'ImportError', message: "cannot import name 'Foo' from 'keras.layers'", text: 'Foo', line: 1 });
  });

  it('arrays: shape, len, indexing, slicing including negative indices and ...', () => {
    assert.strictEqual(run('a = load_text("x")\na.shape, len(a), a[1, -1], a[:, -1].tolist(), a[-1].shape, a[..., 0].tolist(), a[::-1, 1:].tolist()'),
      '((2, 3), 2, 6.0, [3.0, 6.0], (3,), [1.0, 4.0], [[5.0, 6.0], [2.0, 3.0]])');
    assert.strictEqual(run('a = load_text("x")\na'), "array([[1., 2., 3.],\n       [4., 5., 6.]], dtype=float32)");
    assert.strictEqual(runError('a = load_text("x")\na[2]').name, 'IndexError');
  });

  it('identifiers are NFKC-normalised as Python does; a leading byte order mark is accepted', () => {
    assert.strictEqual(printed('\uFF58 = 1\nprint(x)'), '1\n');
    assert.strictEqual(run('\uFB01 = 2\nfi'), '2');
    assert.strictEqual(run('\uFEFFx = 3\nx'), '3');
  });

  it('zero-width and bidi control characters are refused with their line and column', () => {
    for (const c of ['\u200B', '\u200F', '\u202A', '\u202E', '\u2066', '\u2069', '\uFEFF']) {
      const error = runError(`x = 1\ny = "a${c}b"`);
      assert.deepStrictEqual([error.name, error.line, error.text], ['SyntaxError', 2, c]);
      assert.strictEqual(error.message, `invalid non-printable character U+${c.charCodeAt(0).toString(16).toUpperCase()}`);
    }
    const { session } = newSession();
    assert.throws(() => session.run('a\u200Bb = 1'), (e: CellError) => e.range.column === 2);
  });

  it('del removes bindings: later reads are NameErrors, and a name never bound is one too', () => {
    assert.strictEqual(run('a = 1\nb = 2\nc = 3\ndel a, b\nc'), '3');
    assert.deepStrictEqual(runError('a = 1\nb = 2\ndel a, b\nb'), { name: 'NameError', message: "name 'b' is not defined", text: 'b', line: 4 });
    assert.deepStrictEqual(runError('del zz'), { name: 'NameError', message: "name 'zz' is not defined", text: 'zz', line: 1 });
    assert.strictEqual(run('x = 1', 'del x', 'x = 5\nx'), '5');
    assert.strictEqual(runError('del print').name, 'NameError');
    assert.strictEqual(run('len = 3\ndel len\nlen([1])'), '1');
  });
});
