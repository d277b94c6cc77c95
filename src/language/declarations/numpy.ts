// The numpy module of rnn cells as declarations: every name, signature and doc of `numpy`
// and `numpy.random`, as data. The editor reads these alone (completion, hover, signature
// help, argument checks) without loading the arrays; the kernel attaches one implementation
// per declared function by path (src/language/numpy/module.ts and random.ts), and building
// its registry fails if a declared function has none or an implementation has no declaration.
import type { MemberDecl } from '../host/declared';
import type { Param } from '../host/signature';

/** The numpy module paths an rnn cell can import. */
export const NUMPY_MODULES = ['numpy', 'numpy.random'];

const ARRAY: Param = { name: 'a', doc: 'An array, or anything np.array takes.' };
const DTYPE: Param = { name: 'dtype', default: null, doc: "The element type: np.float32, 'int64', float, int, bool…; None: numpy's default." };
const SHAPE: Param = { name: 'shape', types: ['int', 'tuple', 'list'], doc: 'The shape: an int or a tuple of ints.' };
const AXIS: Param = { name: 'axis', default: null, types: ['int', 'tuple', 'None'], doc: 'The axis (or axes); None: all of them.' };
const KEEPDIMS: Param = { name: 'keepdims', default: false, types: ['bool'], doc: 'Keep reduced axes with size 1.' };

const UNARY_DOCS: Readonly<Record<string, string>> = {
  exp: 'e to the power of each element.',
  log: 'The natural logarithm of each element.',
  log2: 'The base-2 logarithm of each element.',
  log10: 'The base-10 logarithm of each element.',
  log1p: 'log(1 + x) of each element.',
  sqrt: 'The square root of each element.',
  tanh: 'The hyperbolic tangent of each element.',
  sin: 'The sine of each element.',
  cos: 'The cosine of each element.',
  tan: 'The tangent of each element.',
  arctan: 'The inverse tangent of each element.',
};

const SAME_TYPE_DOCS: Readonly<Record<string, string>> = {
  abs: 'The absolute value of each element.',
  absolute: 'The absolute value of each element.',
  sign: '-1, 0 or 1 for each element.',
  square: 'The square of each element.',
  negative: 'The negation of each element.',
};

const ROUNDING_DOCS: Readonly<Record<string, string>> = {
  floor: 'The floor of each element.',
  ceil: 'The ceiling of each element.',
  trunc: 'Each element truncated toward zero.',
};

const BINARY_DOCS: Readonly<Record<string, string>> = {
  add: 'x1 + x2, elementwise with broadcasting.',
  subtract: 'x1 - x2, elementwise with broadcasting.',
  multiply: 'x1 * x2, elementwise with broadcasting.',
  divide: 'x1 / x2, elementwise with broadcasting.',
  power: 'x1 ** x2, elementwise with broadcasting.',
  maximum: 'The larger of x1 and x2, elementwise (NaN wins).',
  minimum: 'The smaller of x1 and x2, elementwise (NaN wins).',
  arctan2: 'The angle of (x2, x1), elementwise.',
  logical_and: 'x1 and x2, elementwise, as bools.',
  logical_or: 'x1 or x2, elementwise, as bools.',
  logical_xor: 'x1 xor x2, elementwise, as bools.',
};

/** The size argument of the random draws (np.random's and a Generator's). */
export const SIZE: Param = { name: 'size', default: null, doc: 'The output shape (an int or a tuple); None: one number.' };
const DIMS: Param = { name: 'dims', kind: 'var-positional', doc: 'The output shape, one int per dimension; none: one number.' };

function numpyDeclarations(): MemberDecl[] {
  const out: MemberDecl[] = [];
  const f = (name: string, params: Param[], doc: string) => out.push({ path: `numpy.${name}`, signature: { name: `numpy.${name}`, params, doc } });
  const r = (name: string, params: Param[], doc: string) => out.push({ path: `numpy.random.${name}`, signature: { name: `numpy.random.${name}`, params, doc } });

  f('array', [{ name: 'object', doc: 'A (nested) list or tuple of numbers, or an array.' }, DTYPE], 'A new array from nested lists (bools → bool, ints → int64, floats → float64).');
  f('asarray', [{ name: 'a', doc: 'A (nested) list, or an array (returned as is).' }, DTYPE], 'The value as an array, without copying an array.');
  for (const name of ['zeros', 'ones', 'empty'] as const) {
    f(name, [SHAPE, DTYPE], `A new array of ${name === 'ones' ? 'ones' : 'zeros'} (float64 unless dtype says).`);
    f(`${name}_like`, [ARRAY, DTYPE], `An array of ${name === 'ones' ? 'ones' : 'zeros'} with the shape (and dtype) of a.`);
  }
  f('full', [SHAPE, { name: 'fill_value', types: ['float'], doc: 'The value of every element.' }, DTYPE], 'A new array filled with one value.');
  f('full_like', [ARRAY, { name: 'fill_value', types: ['float'], doc: 'The value of every element.' }, DTYPE], 'An array with the shape (and dtype) of a, filled with one value.');
  f('arange', [{ name: 'start', types: ['float'], doc: 'The first value (or, alone, the stop from 0).' }, { name: 'stop', default: null, types: ['float', 'None'], doc: 'The end (excluded).' }, { name: 'step', default: null, types: ['float', 'None'], doc: 'The spacing.' }, DTYPE], 'Evenly spaced values in [start, stop).');
  f('linspace', [{ name: 'start', types: ['float'], doc: 'The first value.' }, { name: 'stop', types: ['float'], doc: 'The last value.' }, { name: 'num', default: 50n, types: ['int'], doc: 'How many values.' }, { name: 'endpoint', default: true, types: ['bool'], doc: 'Include stop.' }, DTYPE], 'num evenly spaced values from start to stop.');
  f('eye', [{ name: 'N', types: ['int'], doc: 'Rows.' }, { name: 'M', default: null, types: ['int', 'None'], doc: 'Columns (None: N).' }, { name: 'k', default: 0n, types: ['int'], doc: 'The diagonal (0: main).' }, DTYPE], 'A 2-d array with ones on a diagonal.');
  f('identity', [{ name: 'n', types: ['int'], doc: 'The size.' }, DTYPE], 'The n x n identity matrix.');

  for (const d of ['float32', 'float64', 'int32', 'int64', 'bool_'] as const) {
    out.push({ path: `numpy.${d}`, signature: { name: d, params: [{ name: 'x', default: 0n, doc: 'A number.' }], doc: `The ${d === 'bool_' ? 'bool' : d} type (a dtype argument); called, converts a number.` } });
  }
  out.push({ path: 'numpy.bool', aliasOf: 'numpy.bool_' });
  for (const [name, value] of [['pi', Math.PI], ['e', Math.E], ['inf', Infinity], ['nan', NaN], ['newaxis', null]] as const) out.push({ path: `numpy.${name}`, value });

  for (const [name, doc] of Object.entries(UNARY_DOCS)) f(name, [{ name: 'x', doc: 'An array or a number.' }], doc);
  for (const [name, doc] of Object.entries(SAME_TYPE_DOCS)) f(name, [{ name: 'x', doc: 'An array or a number.' }], doc);
  for (const [name, doc] of Object.entries(ROUNDING_DOCS)) f(name, [{ name: 'x', doc: 'An array or a number.' }], doc);
  for (const [name, doc] of Object.entries(BINARY_DOCS)) f(name, [{ name: 'x1', doc: 'An array or a number.' }, { name: 'x2', doc: 'An array or a number.' }], doc);
  f('logical_not', [{ name: 'x', doc: 'An array or a number.' }], 'not x, elementwise, as bools.');
  f('isnan', [{ name: 'x', doc: 'An array or a number.' }], 'Whether each element is NaN.');
  f('isinf', [{ name: 'x', doc: 'An array or a number.' }], 'Whether each element is infinite.');
  f('clip', [ARRAY, { name: 'a_min', doc: 'The lower bound (None: none).' }, { name: 'a_max', doc: 'The upper bound (None: none).' }], 'Elements limited to [a_min, a_max].');
  for (const name of ['round', 'around'] as const) f(name, [ARRAY, { name: 'decimals', default: 0n, types: ['int'], doc: 'Decimal places.' }], 'Elements rounded half to even.');

  for (const op of ['sum', 'prod', 'mean', 'min', 'max', 'any', 'all'] as const) {
    const doc = `The ${op} over an axis (or all elements), as numpy.`;
    f(op, [ARRAY, AXIS, KEEPDIMS], doc);
  }
  f('amin', [ARRAY, AXIS, KEEPDIMS], 'The smallest element over an axis.');
  f('amax', [ARRAY, AXIS, KEEPDIMS], 'The largest element over an axis.');
  for (const op of ['var', 'std'] as const) {
    f(op, [ARRAY, AXIS, { name: 'ddof', default: 0n, types: ['int'], doc: 'Delta degrees of freedom.' }, KEEPDIMS], `The ${op === 'var' ? 'variance' : 'standard deviation'} over an axis.`);
  }
  for (const op of ['argmax', 'argmin'] as const) {
    f(op, [ARRAY, { ...AXIS, types: ['int', 'None'] }, KEEPDIMS], `Indices of the ${op === 'argmax' ? 'largest' : 'smallest'} values along an axis (the first on ties; flattened when None).`);
  }
  f('cumsum', [ARRAY, { ...AXIS, types: ['int', 'None'] }], 'Cumulative sums along an axis (flattened when None).');
  f('argsort', [ARRAY, { ...AXIS, default: -1n, types: ['int', 'None'] }], 'The indices that sort along an axis (stable).');
  f('sort', [ARRAY, { ...AXIS, default: -1n, types: ['int', 'None'] }], 'A sorted copy along an axis.');
  f('count_nonzero', [ARRAY, AXIS], 'How many elements are not zero.');
  f('nonzero', [ARRAY], 'The indices of the non-zero elements, one array per axis.');
  f('where', [{ name: 'condition', doc: 'A bool array.' }, { name: 'x', default: null, doc: 'Values where condition is true.' }, { name: 'y', default: null, doc: 'Values where condition is false.' }], 'With x and y: x where condition else y; alone: the indices where condition is true.');
  f('dot', [{ name: 'a', doc: 'An array.' }, { name: 'b', doc: 'An array.' }], 'The dot product (matrix product for 2-d arrays).');
  f('matmul', [{ name: 'x1', doc: 'An array.' }, { name: 'x2', doc: 'An array.' }], 'The matrix product (stacked over leading axes).');
  f('unique', [{ name: 'ar', doc: 'An array.' }, { name: 'return_counts', default: false, types: ['bool'], doc: 'Also return how often each value occurs.' }], 'The sorted unique values (of the flattened array).');

  f('reshape', [ARRAY, { name: 'newshape', types: ['int', 'tuple', 'list'], doc: 'The new shape (one dimension may be -1).' }], 'The same elements in a new shape.');
  f('transpose', [ARRAY, { name: 'axes', default: null, doc: 'The new order of the axes; None: reversed.' }], 'The array with its axes permuted.');
  f('expand_dims', [ARRAY, { name: 'axis', types: ['int', 'tuple'], doc: 'Where the new size-1 axis goes.' }], 'The array with a new size-1 axis.');
  f('squeeze', [ARRAY, AXIS], 'The array without its size-1 axes.');
  f('ravel', [ARRAY], 'The elements as a 1-d array.');
  f('concatenate', [{ name: 'arrays', doc: 'A list of arrays.' }, { name: 'axis', default: 0n, types: ['int', 'None'], doc: 'The axis to join along (None: flatten first).' }], 'Arrays joined along an existing axis.');
  f('stack', [{ name: 'arrays', doc: 'A list of arrays of one shape.' }, { name: 'axis', default: 0n, types: ['int'], doc: 'The new axis.' }], 'Arrays joined along a new axis.');
  f('vstack', [{ name: 'tup', doc: 'A list of arrays.' }], 'Arrays stacked as rows (1-d arrays become rows).');
  f('hstack', [{ name: 'tup', doc: 'A list of arrays.' }], 'Arrays joined along columns (along the only axis for 1-d arrays).');
  f('flip', [ARRAY, AXIS], 'The elements in reverse order along an axis (all axes when None).');
  f('pad', [{ name: 'array', doc: 'An array.' }, { name: 'pad_width', doc: 'An int, (before, after), or one (before, after) per axis.' }, { name: 'mode', default: 'constant', types: ['str'], doc: "Only 'constant'." }, { name: 'constant_values', default: 0n, types: ['float'], doc: 'The padding value.' }], 'The array padded with a constant.');
  f('shape', [ARRAY], 'The shape of an array, as a tuple.');
  f('ndim', [ARRAY], 'The number of dimensions.');
  f('size', [ARRAY], 'The number of elements.');
  f('copy', [ARRAY], 'A copy of the array.');
  f('allclose', [{ name: 'a', doc: 'An array.' }, { name: 'b', doc: 'An array.' }, { name: 'rtol', default: 1e-5, types: ['float'], doc: 'Relative tolerance.' }, { name: 'atol', default: 1e-8, types: ['float'], doc: 'Absolute tolerance.' }], 'Whether every |a - b| <= atol + rtol * |b|.');
  f('array_equal', [{ name: 'a1', doc: 'An array.' }, { name: 'a2', doc: 'An array.' }], 'Whether both have the same shape and elements.');

  r('seed', [{ name: 'seed', default: null, types: ['int', 'None'], doc: 'The seed.' }], 'Seeds the legacy generator (not NumPy\'s bit stream).');
  r('default_rng', [{ name: 'seed', default: null, types: ['int', 'None'], doc: 'The seed; None: a fresh random one.' }], 'A new Generator.');
  r('rand', [DIMS], 'Floats uniform in [0, 1) of the given shape.');
  r('randn', [DIMS], 'Standard normal samples of the given shape.');
  r('random', [SIZE], 'Floats uniform in [0, 1).');
  r('randint', [{ name: 'low', types: ['int'], doc: 'The lowest value (or, without high, one past the highest from 0).' }, { name: 'high', default: null, types: ['int', 'None'], doc: 'One past the highest value.' }, SIZE], 'Random integers in [low, high).');
  r('uniform', [{ name: 'low', default: 0, types: ['float'], doc: 'The lower bound.' }, { name: 'high', default: 1, types: ['float'], doc: 'The upper bound.' }, SIZE], 'Floats uniform in [low, high).');
  r('normal', [{ name: 'loc', default: 0, types: ['float'], doc: 'The mean.' }, { name: 'scale', default: 1, types: ['float'], doc: 'The standard deviation.' }, SIZE], 'Normal samples.');
  r('choice', [{ name: 'a', doc: 'An array to pick from, or an int n for range(n).' }, SIZE, { name: 'replace', default: true, types: ['bool'], doc: 'Pick with replacement.' }, { name: 'p', default: null, doc: 'The probability of each element.' }], 'A random sample of elements.');
  r('shuffle', [{ name: 'x', doc: 'The array or list to shuffle in place.' }], 'Shuffles in place along the first axis.');
  r('multinomial', [{ name: 'n', types: ['int'], doc: 'How many draws.' }, { name: 'pvals', doc: 'The probability of each outcome (the last takes the rest).' }, SIZE], 'How often each outcome came up in n draws, per sample.');
  r('permutation', [{ name: 'x', doc: 'An array, or an int n for a permuted range(n).' }], 'A shuffled copy.');
  return out;
}

/** Every numpy name a cell can use, by path ('numpy.zeros', 'numpy.random.seed'). */
export const NUMPY_DECLARATIONS: readonly MemberDecl[] = numpyDeclarations();
