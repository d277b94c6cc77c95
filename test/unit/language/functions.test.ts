// def, lambda, comprehensions and while loops as the interpreter runs them: Python's
// scoping, its error classes and messages, the cell's line and column, and the interrupt
// and recursion bounds that keep a cell from running away.
import * as assert from 'assert';
import { CellError } from '../../../src/language';
import { newSession, printed, run } from './fixtures';


interface Raised { name: string; message: string; text: string; line: number; column: number }

/** The error the last cell raises (earlier cells must run). */
function runError(...cells: string[]): Raised {
  const { session } = newSession();
  cells.slice(0, -1).forEach(c => session.run(c));
  const cell = cells[cells.length - 1];
  try {
    session.run(cell);
  } catch (e) {
    assert.ok(e instanceof CellError, `expected a CellError, got ${String(e)}`);
    return { name: e.errorName, message: e.message, text: cell.slice(e.range.from, e.range.to), line: e.range.line, column: e.range.column };
  }
  assert.fail(`expected ${JSON.stringify(cell)} to raise`);
}

describe('language: def and lambda', () => {
  it('positional, default, keyword, keyword-only, *args and **kwargs parameters bind like Python', () => {
    const def = 'def f(a, b=2, *args, c=3, **kw):\n    return (a, b, args, c, kw)\n';
    assert.strictEqual(run(def + 'f(1)'), '(1, 2, (), 3, {})');
    assert.strictEqual(run(def + 'f(1, 5, 6, 7, c=0, z=9)'), "(1, 5, (6, 7), 0, {'z': 9})");
    assert.strictEqual(run(def + 'f(b=4, a=1)'), '(1, 4, (), 3, {})');
    assert.strictEqual(run('def g(a, /, b, *, c):\n    return a + b + c\ng(1, b=2, c=3)'), '6');
    assert.strictEqual(run('def h(*args, **kwargs):\n    return len(args), sorted(kwargs)\nh(*[1, 2], **{"y": 1, "x": 2})'), "(2, ['x', 'y'])");
  });

  it('wrong calls raise TypeError at the call, with the function name', () => {
    const def = 'def f(a, b):\n    return a\n';
    assert.deepStrictEqual(runError(def + 'f(1)'), { name: 'TypeError', message: "f() missing required argument 'b'", text: 'f(1)', line: 3, column: 1 });
    assert.deepStrictEqual(runError(def + 'f(1, 2, 3)').message, 'f() takes 2 positional arguments but 3 were given');
    assert.deepStrictEqual(runError(def + 'f(1, c=2)').message, "f() got an unexpected keyword argument 'c'");
    assert.deepStrictEqual(runError('def g(a, *, b):\n    return a\ng(1, 2)').message, 'g() takes 1 positional argument but 2 were given');
  });

  it('defaults are evaluated once, when the def runs', () => {
    assert.strictEqual(run('n = 1\ndef f(x=n):\n    return x\nn = 2\nf()'), '1');
    assert.strictEqual(run('def add(item, bucket=[]):\n    bucket.append(item)\n    return bucket\nadd(1)\nadd(2)'), '[1, 2]');
  });

  it('return ends the function from inside loops; no return gives None', () => {
    assert.strictEqual(run('def first_even(xs):\n    for x in xs:\n        while True:\n            if x % 2 == 0:\n                return x\n            break\n    return -1\nfirst_even([1, 3, 4, 5]), first_even([1])'), '(4, -1)');
    assert.strictEqual(run('def nothing():\n    pass\nnothing() is None'), 'True');
    assert.strictEqual(run('def pair():\n    return 1, 2\npair()'), '(1, 2)');
  });

  it('scopes: locals stay local, globals are read, `global` rebinds, closures see enclosing scopes', () => {
    assert.strictEqual(run('x = 1\ndef f():\n    x = 2\n    return x\nf(), x'), '(2, 1)');
    assert.strictEqual(run('def f():\n    return later * 2\nlater = 21\nf()'), '42');
    assert.strictEqual(run('count = 0\ndef bump():\n    global count\n    count += 1\nbump()\nbump()\ncount'), '2');
    assert.strictEqual(run('def fresh():\n    global made\n    made = "yes"\nfresh()\nmade'), "'yes'");
    assert.strictEqual(run('def adder(k):\n    def add(x):\n        return x + k\n    return add\nadd3 = adder(3)\nadd3(4), adder(10)(1)'), '(7, 11)');
    assert.strictEqual(run('def counter():\n    n = 0\n    def inc():\n        nonlocal n\n        n += 1\n        return n\n    return inc\nc = counter()\nc(), c(), c()'), '(1, 2, 3)');
    assert.strictEqual(run('def outer():\n    def inner():\n        return k\n    k = 5\n    return inner()\nouter()'), '5');
  });

  it('a function keeps working in later cells and sees later globals', () => {
    assert.strictEqual(run('def scale(v):\n    return v * factor', 'factor = 3', 'scale(2)'), '6');
  });

  it('reading a local before it is bound is UnboundLocalError at its line and column', () => {
    assert.deepStrictEqual(runError('x = 1\ndef f():\n    print(x)\n    x = 2\nf()'), {
      name: 'UnboundLocalError', message: "cannot access local variable 'x' where it is not associated with a value", text: 'x', line: 3, column: 11,
    });
  });

  it('an undefined name inside a body is a NameError at its place, with did-you-mean over locals too', () => {
    assert.deepStrictEqual(runError('def f(tokens):\n    return len(tokenz)\nf([])'), {
      name: 'NameError', message: "name 'tokenz' is not defined. Did you mean: 'tokens'?", text: 'tokenz', line: 2, column: 16,
    });
  });

  it('an error inside a function defined in another cell is raised at the call and says where it happened', () => {
    const e = runError('def f(x):\n    return x / 0', 'y = 1\nf(y)');
    assert.deepStrictEqual(e, {
      name: 'ZeroDivisionError', message: 'division by zero (in f() at line 2, column 12 of the cell that defines it)', text: 'f(y)', line: 2, column: 1,
    });
  });

  it('recursion works, and runaway recursion is RecursionError, not a crash', () => {
    assert.strictEqual(run('def fact(n):\n    return 1 if n <= 1 else n * fact(n - 1)\nfact(30)'), '265252859812191058636308480000000');
    assert.strictEqual(run('def depth(n):\n    return 0 if n == 0 else 1 + depth(n - 1)\ndepth(300)'), '300');
    const e = runError('def down(n):\n    return down(n + 1)\ndown(0)');
    assert.deepStrictEqual([e.name, e.message, e.line], ['RecursionError', 'maximum recursion depth exceeded', 2]);
    // The session is usable afterwards.
    const { session } = newSession();
    assert.throws(() => session.run('def down(n):\n    return down(n + 1)\ndown(0)'), (x: CellError) => x.errorName === 'RecursionError');
    assert.strictEqual(session.run('def up(n):\n    return n + 1\nup(1)').value, '2');
  });

  it('lambdas: defaults, closures, use as key=', () => {
    assert.strictEqual(run('f = lambda x, y=2: x * y\nf(3), f(3, y=4)'), '(6, 12)');
    assert.strictEqual(run('words = ["bbb", "a", "cc"]\nsorted(words, key=lambda w: len(w)), max(words, key=lambda w: -len(w))'), "(['a', 'cc', 'bbb'], 'a')");
    assert.strictEqual(run('k = 10\ng = lambda: k + 1\nk = 20\ng()'), '21');
    assert.strictEqual(run('f = lambda x: x\nf'), '<function <lambda>>');
    assert.strictEqual(run('def named():\n    pass\nnamed'), '<function named>');
  });

  it('interrupting inside a function stops the cell with KeyboardInterrupt', () => {
    const { session } = newSession({ interruptAfter: 5_000 });
    assert.throws(() => session.run('def spin():\n    while True:\n        pass\nspin()'), (e: CellError) => e.errorName === 'KeyboardInterrupt');
  });
});

describe('language: comprehensions and generator expressions', () => {
  it('list, set and dict comprehensions with nested for and if clauses', () => {
    assert.strictEqual(run('[x * y for x in range(1, 4) for y in range(x) if y % 2 == 0]'), '[0, 0, 0, 6]');
    assert.strictEqual(run('[[c for c in w] for w in ["ab", "c"]]'), "[['a', 'b'], ['c']]");
    assert.strictEqual(run('{w: len(w) for w in ["to", "be", "or"] if w != "or"}'), "{'to': 2, 'be': 2}");
    assert.strictEqual(run('{i % 3 for i in range(10)}'), '{0, 1, 2}');
    assert.strictEqual(run('vocab = ["<pad>", "a", "b"]\n{i: w for i, w in enumerate(vocab)}'), "{0: '<pad>', 1: 'a', 2: 'b'}");
    assert.strictEqual(run('[x if x > 0 else 0 for x in [-1, 2, -3]]'), '[0, 2, 0]');
  });

  it('the loop variables do not leak, and do not clobber a global of the same name', () => {
    assert.strictEqual(run('x = "kept"\nsquares = [x * x for x in range(3)]\nx, squares'), "('kept', [0, 1, 4])");
    assert.deepStrictEqual(runError('[i for i in range(3)]\ni'), { name: 'NameError', message: "name 'i' is not defined", text: 'i', line: 2, column: 1 });
  });

  it('comprehensions inside functions see the locals and parameters', () => {
    assert.strictEqual(run('def scaled(xs, k):\n    offset = 1\n    return [x * k + offset for x in xs]\nscaled([1, 2], 10)'), '[11, 21]');
  });

  it('generator expressions are lazy and consumed by sum, any, all, list, sorted, max, tuple, dict and join', () => {
    assert.strictEqual(run('xs = [3, 1, 2]\nsum(x * x for x in xs), any(x > 2 for x in xs), all(x > 0 for x in xs), max(x for x in xs), sorted(x for x in xs)'), '(14, True, True, 3, [1, 2, 3])');
    assert.strictEqual(run('" ".join(str(i) for i in range(3)), tuple(c for c in "ab"), dict((k, 0) for k in "ab")'), "('0 1 2', ('a', 'b'), {'a': 0, 'b': 0})");
    // Lazy: any() stops at the first true item of a generator over a huge range.
    assert.strictEqual(run('any(i > 5 for i in range(10**15))'), 'True');
    assert.strictEqual(run('g = (i * 2 for i in range(3))\nlist(g), list(g)'), '([0, 2, 4], [])');
  });

  it('errors inside a comprehension point at the failing part', () => {
    assert.deepStrictEqual(runError('[1 / x for x in [1, 0]]'), { name: 'ZeroDivisionError', message: 'division by zero', text: '1 / x', line: 1, column: 2 });
    assert.deepStrictEqual(runError('[x for x in 5]'), { name: 'TypeError', message: "'int' object is not iterable", text: '5', line: 1, column: 13 });
    assert.deepStrictEqual(runError('{[1]: 0 for _ in "a"}').name, 'TypeError');
  });

  it('a comprehension over a huge range is interrupted with KeyboardInterrupt at the comprehension', () => {
    const { session } = newSession({ interruptAfter: 10_000 });
    try {
      session.run('x = 1\nbig = [i * 2 for i in range(10**12)]');
      assert.fail('should have been interrupted');
    } catch (e) {
      assert.ok(e instanceof CellError);
      assert.deepStrictEqual([e.errorName, e.range.line, e.range.column], ['KeyboardInterrupt', 2, 7]);
    }
  });

  it('set displays and set values', () => {
    assert.strictEqual(run('s = {3, 1, 3}\nlen(s), 1 in s, 2 in s, s == {1, 3}'), '(2, True, False, True)');
  });
});

describe('language: while, break, continue, else', () => {
  it('while with break and continue; else runs only when the loop was not broken', () => {
    assert.strictEqual(printed('i = 0\nwhile i < 6:\n    i += 1\n    if i % 2:\n        continue\n    print(i)\nelse:\n    print("done")'), '2\n4\n6\ndone\n');
    assert.strictEqual(printed('i = 0\nwhile True:\n    i += 1\n    if i == 3:\n        break\nelse:\n    print("never")\nprint(i)'), '3\n');
  });

  it('for … else, and break/continue in for loops', () => {
    assert.strictEqual(printed('for w in ["a", "b"]:\n    if w == "z":\n        break\nelse:\n    print("no z")'), 'no z\n');
    assert.strictEqual(printed('for i in range(5):\n    if i == 1:\n        continue\n    if i == 3:\n        break\n    print(i)\nelse:\n    print("never")'), '0\n2\n');
  });

  it('a greedy decode loop: while with a stop token and a length limit', () => {
    const cell = [
      'next_token = {"<s>": "the", "the": "cat", "cat": "sat", "sat": "</s>"}',
      'def decode(start, max_len=10):',
      '    out = []',
      '    token = start',
      '    while len(out) < max_len:',
      '        token = next_token[token]',
      '        if token == "</s>":',
      '            break',
      '        out.append(token)',
      '    return " ".join(out)',
      'decode("<s>"), decode("<s>", max_len=2)',
    ].join('\n');
    assert.strictEqual(run(cell), "('the cat sat', 'the cat')");
  });

  it('`while True:` is interrupted with KeyboardInterrupt at the loop', () => {
    const { session } = newSession({ interruptAfter: 10_000 });
    try {
      session.run('n = 0\nwhile True:\n    n += 1');
      assert.fail('should have been interrupted');
    } catch (e) {
      assert.ok(e instanceof CellError);
      assert.deepStrictEqual([e.errorName, e.range.line, e.range.column], ['KeyboardInterrupt', 2, 1]);
    }
    assert.ok((session.get('n') as bigint) > 100n);
  });

  it('the loop condition is checked each round (an error in it has its own range)', () => {
    assert.deepStrictEqual(runError('i = 0\nwhile i < undefined_limit:\n    i += 1'), {
      name: 'NameError', message: "name 'undefined_limit' is not defined", text: 'undefined_limit', line: 2, column: 11,
    });
  });
});
