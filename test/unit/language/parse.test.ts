import * as assert from 'assert';
import { parseCell } from '../../../src/language';
import type { Ast } from '../../../src/language';

function body(source: string): Ast.Stmt[] {
  const parsed = parseCell(source);
  assert.deepStrictEqual(parsed.errors.map(e => e.message), [], `unexpected errors in ${JSON.stringify(source)}`);
  return parsed.module.body;
}

function onlyExpr(source: string): Ast.Expr {
  const [stmt] = body(source);
  assert.strictEqual(stmt.kind, 'expr');
  return stmt.value;
}

function firstError(source: string) {
  const { errors } = parseCell(source);
  assert.ok(errors.length > 0, `expected an error in ${JSON.stringify(source)}`);
  const e = errors[0];
  return { name: e.errorName, message: e.message, text: source.slice(e.range.from, e.range.to), line: e.range.line, column: e.range.column };
}

describe('language: parse', () => {
  it('numbers: ints are exact bigints, floats, underscores, bases and exponents', () => {
    assert.deepStrictEqual(onlyExpr('1_000_000'), { kind: 'int', value: 1000000n, span: { from: 0, to: 9 } });
    assert.strictEqual((onlyExpr('12345678901234567890123') as Ast.IntLiteral).value, 12345678901234567890123n);
    assert.strictEqual((onlyExpr('1e-5') as Ast.FloatLiteral).value, 1e-5);
    assert.strictEqual((onlyExpr('.5') as Ast.FloatLiteral).value, 0.5);
    assert.strictEqual((onlyExpr('0x1F') as Ast.IntLiteral).value, 31n);
    assert.strictEqual((onlyExpr('1_0.5e1_0') as Ast.FloatLiteral).value, 10.5e10);
  });

  it('strings: escapes, raw strings, implicit concatenation', () => {
    assert.strictEqual((onlyExpr(String.raw`'a\n\x41\u00e9'`) as Ast.StrLiteral).value, 'a\nAé');
    assert.strictEqual((onlyExpr(String.raw`r'a\n'`) as Ast.StrLiteral).value, 'a\\n');
    assert.strictEqual((onlyExpr(`'ab' "cd"`) as Ast.StrLiteral).value, 'abcd');
    assert.strictEqual((onlyExpr(`"""tri\nple"""`) as Ast.StrLiteral).value, 'tri\nple');
  });

  it('f-strings: replacements, conversions, nested format specs, self-documenting =', () => {
    const f = onlyExpr('f"a{x!r:>{w}}b{y=}{{c}}"') as Ast.FString;
    assert.strictEqual(f.kind, 'fstring');
    assert.strictEqual(f.parts[0], 'a');
    const first = f.parts[1] as Ast.FormattedValue;
    assert.strictEqual(first.conversion, 'r');
    assert.deepStrictEqual(first.spec?.map(p => (typeof p === 'string' ? p : 'expr')), ['>', 'expr']);
    assert.strictEqual(f.parts[2], 'b');
    assert.strictEqual((f.parts[3] as Ast.FormattedValue).selfDoc, 'y=');
    assert.strictEqual(f.parts[4], '{c}');
  });

  it('assignment with tuple/list unpacking, starred targets and chains', () => {
    const [stmt] = body('a, [b, *c] = d = 1, 2');
    assert.strictEqual(stmt.kind, 'assign');
    const assign = stmt;
    assert.strictEqual(assign.targets.length, 2);
    assert.strictEqual(assign.targets[0].kind, 'unpack');
    assert.strictEqual(assign.value.kind, 'tuple');
    const inner = (assign.targets[0] as { elements: Ast.Target[] }).elements[1] as { kind: string; elements: Ast.Target[] };
    assert.strictEqual(inner.elements[1].kind, 'starred-target');
  });

  it('augmented assignment to names, subscripts and attributes', () => {
    const kinds = body('x += 1\na[0] -= 2\no.n *= 3\ny //= 2\nz **= 2').map(s => (s as Ast.AugAssignStmt).op);
    assert.deepStrictEqual(kinds, ['+', '-', '*', '//', '**']);
  });

  it('subscripts and slices: a[1:3], a[:, -1], a[::2], a[..., 0]', () => {
    const s = onlyExpr('a[:, -1]') as Ast.Subscript;
    assert.strictEqual(s.index.kind, 'tuple');
    const [first, second] = s.index.elements;
    assert.deepStrictEqual([first.kind, second.kind], ['slice', 'unary']);
    const step = (onlyExpr('a[::2]') as Ast.Subscript).index as Ast.SliceExpr;
    assert.ok(!step.lower && !step.upper && step.step?.kind === 'int');
    const e = (onlyExpr('a[..., 0]') as Ast.Subscript).index as Ast.TupleExpr;
    assert.strictEqual(e.elements[0].kind, 'ellipsis');
  });

  it('chained comparisons flatten; parenthesized ones do not', () => {
    const c = onlyExpr('a < b <= c != d') as Ast.CompareExpr;
    assert.deepStrictEqual(c.rest.map(r => r.op), ['<', '<=', '!=']);
    const p = onlyExpr('(a < b) < c') as Ast.CompareExpr;
    assert.strictEqual(p.rest.length, 1);
    assert.strictEqual(p.first.kind, 'compare');
    assert.deepStrictEqual((onlyExpr('a not in b') as Ast.CompareExpr).rest[0].op, 'not in');
    assert.deepStrictEqual((onlyExpr('a is not None') as Ast.CompareExpr).rest[0].op, 'is not');
  });

  it('calls: positional, keyword, *args, **kwargs', () => {
    const call = onlyExpr('f(1, *a, k=2, **kw)') as Ast.CallExpr;
    assert.deepStrictEqual(call.args.map(a => a.kind), ['positional', 'star', 'keyword', 'doublestar']);
    assert.deepStrictEqual((onlyExpr('f()') as Ast.CallExpr).args, []);
    assert.strictEqual((onlyExpr('f(a,)') as Ast.CallExpr).args.length, 1);
  });

  it('operators, boolean logic, conditional expressions and precedence', () => {
    const e = onlyExpr('-x ** 2 // 3 % 4') as Ast.BinaryExpr;
    assert.strictEqual(e.op, '%');
    assert.strictEqual((onlyExpr('a if c else b') as Ast.ConditionalExpr).kind, 'conditional');
    const b = onlyExpr('not a and b or c') as Ast.BoolOpExpr;
    assert.strictEqual(b.op, 'or');
  });

  it('for/if/elif/else with nested bodies, break and continue', () => {
    const [loop] = body('for i, v in enumerate(x):\n    if i:\n        continue\n    elif v:\n        break\n    else:\n        pass\n# done');
    assert.strictEqual(loop.kind, 'for');
    const inner = loop.body[0] as Ast.IfStmt;
    assert.strictEqual(inner.branches.length, 2);
    assert.strictEqual(inner.orElse?.[0].kind, 'pass');
  });

  it('def with every parameter kind, annotations read past; while/else; for/else; global', () => {
    const [def, loop, forElse, scope] = body('def f(a, /, b: int = 1, *args, c, d=2, **kw) -> int:\n    global g\n    return a\nwhile x:\n    break\nelse:\n    pass\nfor i in y:\n    pass\nelse:\n    pass\nglobal g');
    assert.strictEqual(def.kind, 'def');
    const d = def;
    assert.deepStrictEqual(d.params.map(p => [p.name, p.kind, !!p.default]), [
      ['a', 'positional-only', false], ['b', 'positional-or-keyword', true], ['args', 'var-positional', false],
      ['c', 'keyword-only', false], ['d', 'keyword-only', true], ['kw', 'var-keyword', false],
    ]);
    assert.deepStrictEqual(d.body.map(s => s.kind), ['global', 'return']);
    assert.deepStrictEqual([loop.kind, (loop as Ast.WhileStmt).orElse?.length, (forElse as Ast.ForStmt).orElse?.length, scope.kind], ['while', 1, 1, 'global']);
  });

  it('comprehensions keep their clauses in order; a lone generator argument needs no parentheses', () => {
    const list = onlyExpr('[x * y for x in a if x for y in b]') as Ast.Comprehension;
    assert.deepStrictEqual([list.type, list.clauses.map(c => c.kind)], ['list', ['for', 'if', 'for']]);
    const dict = onlyExpr('{k: v for k, v in d}') as Ast.Comprehension;
    assert.deepStrictEqual([dict.type, dict.element.kind, dict.value?.kind], ['dict', 'name', 'name']);
    const call = onlyExpr('sum(x for x in a)') as Ast.CallExpr;
    assert.strictEqual((call.args[0].value as Ast.Comprehension).type, 'generator');
    assert.strictEqual(onlyExpr('lambda x, y=1: x').kind, 'lambda');
    assert.strictEqual(onlyExpr('{1, 2}').kind, 'set');
  });

  it('imports of keras/tensorflow names', () => {
    const [a, b, c] = body('import tensorflow as tf\nfrom tensorflow.keras.layers import LSTM, Dense as D\nimport keras.layers');
    assert.deepStrictEqual((a as Ast.ImportStmt).names.map(n => [n.module, n.asName]), [['tensorflow', 'tf']]);
    assert.deepStrictEqual((b as Ast.FromImportStmt).names.map(n => [n.name, n.asName]), [['LSTM', undefined], ['Dense', 'D']]);
    assert.strictEqual((c as Ast.ImportStmt).names[0].module, 'keras.layers');
  });

  it('other modules are an error naming the module, on its range', () => {
    assert.deepStrictEqual(firstError('import pandas as pd'), {
      name: 'ModuleNotFoundError', message: "module 'pandas' is not available in rnn cells; only keras/tensorflow/numpy names, math and random are", text: 'pandas', line: 1, column: 8,
    });
    assert.strictEqual(firstError('from os.path import join').text, 'os.path');
  });

  it('names unsupported constructs', () => {
    const cases: [string, string, string][] = [
      ['class A:\n    pass', '`class` definitions are not supported in rnn cells', 'class'],
      ['try:\n    x\nexcept E:\n    pass', '`try` statements are not supported in rnn cells', 'try'],
      ['with a as b:\n    pass', '`with` statements are not supported in rnn cells', 'with'],
      ['nonlocal g', 'nonlocal declaration not allowed at module level', 'nonlocal g'],
      ['return 1', "'return' outside function", 'return 1'],
      ['def f():\n    break', "'break' outside loop", 'break'],
      ['def f(a, a):\n    pass', "duplicate argument 'a' in function definition", 'a'],
      ['def f(a=1, b):\n    pass', 'parameter without a default follows parameter with a default', 'b'],
      ['def f(**k, a):\n    pass', 'arguments cannot follow var-keyword argument', 'a'],
      ['f(x for x in y, 1)', 'Generator expression must be parenthesized', '(x for x in y, 1)'],
      ['[1 for 2 in z]', 'cannot assign to literal', '2'],
      ['del a, b[0]', '`del` of an item or an attribute is not supported in rnn cells; `del` takes names', 'b[0]'],
      ['y = a << b', 'the bitwise operator `<<` is not supported in rnn cells', '<<'],
      ['break', "'break' outside loop", 'break'],
      ['x: int = 3', 'type annotations are not supported in rnn cells', ': int'],
    ];
    for (const [source, message, text] of cases) {
      const e = firstError(source);
      assert.deepStrictEqual([e.message, e.text], [message, text], source);
    }
  });

  it('syntax errors become "invalid syntax" at the exact place', () => {
    const unclosed = firstError('x = (1 +\ny = 2');
    assert.deepStrictEqual([unclosed.name, unclosed.message, unclosed.line, unclosed.column], ['SyntaxError', 'invalid syntax', 2, 3]);
    const e = firstError('x = 3 $ 4');
    assert.deepStrictEqual([e.message, e.line], ['invalid syntax', 1]);
    assert.ok(e.text.length > 0);
  });

  it('keeps parsing after a broken statement so every broken statement is reported', () => {
    const { errors, module } = parseCell('a = 1\nclass A: pass\nb = 2\ntry: pass\nexcept E: pass\n');
    assert.deepStrictEqual(errors.map(e => e.range.line), [2, 4]);
    assert.strictEqual(module.body.length, 2);
  });

  it('rejects nesting deeper than the parser allows, without overflowing the stack', () => {
    const e = firstError('x = ' + '('.repeat(500) + '1' + ')'.repeat(500));
    assert.strictEqual(e.message, 'expression nested too deeply (more than 100 levels)');
  });
});
