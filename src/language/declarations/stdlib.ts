// The two standard-library modules rnn cells may import, `math` and `random`, as
// declarations: every name, signature and doc, as data the editor reads without the
// implementations (src/language/interp/stdlib.ts attaches one per declared function by path).
import type { MemberDecl } from '../host/declared';
import type { Param } from '../host/signature';

const only = (name: string, extra: Partial<Param> = {}): Param => ({ name, kind: 'positional-only', ...extra });

function fn(module: string, name: string, params: Param[], doc: string): MemberDecl {
  return { path: `${module}.${name}`, signature: { name, params, doc }, builtin: true };
}

function unary(name: string, doc: string): MemberDecl {
  return fn('math', name, [only('x')], doc);
}

const MATH: readonly MemberDecl[] = [
  ...([['pi', Math.PI], ['e', Math.E], ['tau', 2 * Math.PI], ['inf', Infinity], ['nan', NaN]] as const).map(([name, value]) => ({ path: `math.${name}`, value })),
  unary('sqrt', 'The square root.'),
  unary('exp', 'e ** x.'),
  unary('expm1', 'e ** x - 1, accurate for small x.'),
  fn('math', 'log', [only('x'), only('base', { default: null })], 'The natural logarithm, or the logarithm to base.'),
  unary('log2', 'The base-2 logarithm.'),
  unary('log10', 'The base-10 logarithm.'),
  unary('log1p', 'log(1 + x), accurate for small x.'),
  fn('math', 'floor', [only('x')], 'The largest int <= x.'),
  fn('math', 'ceil', [only('x')], 'The smallest int >= x.'),
  fn('math', 'trunc', [only('x')], 'x without its fractional part, as an int.'),
  fn('math', 'pow', [only('x'), only('y')], 'x ** y as floats.'),
  unary('fabs', 'The absolute value as a float.'),
  unary('sin', 'Sine (radians).'), unary('cos', 'Cosine (radians).'), unary('tan', 'Tangent (radians).'),
  unary('asin', 'Arc sine.'), unary('acos', 'Arc cosine.'), unary('atan', 'Arc tangent.'),
  unary('sinh', 'Hyperbolic sine.'), unary('cosh', 'Hyperbolic cosine.'), unary('tanh', 'Hyperbolic tangent.'),
  unary('degrees', 'Radians to degrees.'), unary('radians', 'Degrees to radians.'),
  fn('math', 'atan2', [only('y'), only('x')], 'atan(y / x) in the right quadrant.'),
  fn('math', 'hypot', [{ name: 'coordinates', kind: 'var-positional' }], 'The Euclidean norm.'),
  fn('math', 'isnan', [only('x')], 'Whether x is NaN.'),
  fn('math', 'isinf', [only('x')], 'Whether x is an infinity.'),
  fn('math', 'isfinite', [only('x')], 'Whether x is neither an infinity nor NaN.'),
  fn('math', 'isclose', [only('a'), only('b'), { name: 'rel_tol', kind: 'keyword-only', default: 1e-9 }, { name: 'abs_tol', kind: 'keyword-only', default: 0 }], 'Whether a and b are close.'),
  fn('math', 'factorial', [only('n')], 'n!'),
  fn('math', 'gcd', [{ name: 'integers', kind: 'var-positional' }], 'The greatest common divisor.'),
  fn('math', 'fsum', [only('iterable')], 'An accurate float sum.'),
  fn('math', 'prod', [only('iterable'), { name: 'start', kind: 'keyword-only', default: 1n }], 'The product of the items.'),
];


const RANDOM: readonly MemberDecl[] = [
  fn('random', 'seed', [only('a', { default: null })], 'Seeds the generator: the same seed gives the same numbers (not CPython\'s).'),
  fn('random', 'random', [], 'A float in [0, 1).'),
  fn('random', 'uniform', [only('a'), only('b')], 'A float between a and b.'),
  fn('random', 'randint', [only('a'), only('b')], 'An int in [a, b], both ends included.'),
  fn('random', 'randrange', [only('start'), only('stop', { default: null }), only('step', { default: 1n })], 'A random item of range(start, stop, step).'),
  fn('random', 'choice', [only('seq')], 'A random item of a non-empty sequence.'),
  fn('random', 'shuffle', [only('x', { types: ['list'] })], 'Shuffles a list in place (Fisher-Yates).'),
  fn('random', 'sample', [only('population'), { name: 'k', types: ['int'] }], 'k distinct items, in random order.'),
  fn('random', 'choices', [only('population'), { name: 'weights', default: null }, { name: 'k', kind: 'keyword-only', default: 1n, types: ['int'] }], 'k items chosen with replacement, optionally weighted.'),
  fn('random', 'gauss', [only('mu', { default: 0 }), only('sigma', { default: 1 })], 'A normally distributed float (Box-Muller).'),
  // normalvariate is gauss under another name in Python too (a different algorithm there).
  { path: 'random.normalvariate', aliasOf: 'random.gauss' },
];


/** The module roots above: what `import` accepts besides keras/tensorflow. */
export const STANDARD_MODULES = ['math', 'random'];

/** Every name of the standard modules by path ('math.sqrt', 'random.seed'…). */
export const STANDARD_DECLARATIONS: readonly MemberDecl[] = [...MATH, ...RANDOM];
