// The `numpy` module of rnn cells (`import numpy as np`): creation, dtypes, ufuncs, reductions,
// shape functions and np.random, over NdArray. Pure language code: the kernel and the editor
// register the same values, so the editor knows every name and signature.
import { PyException } from '../errors';
import { NdArray, axesOf, dtypeOf, intsOf, nonzero, toNdArray } from '../host/array';
import { PyFunction } from '../host/objects';
import { BoundArgs, Param } from '../host/signature';
import { pollInterrupt } from '../values/interrupt';
import { repr } from '../values/repr';
import { PyList, PyTuple, Value, isInt, typeName } from '../values/types';
import {
  Arr, BinaryUfunc, DType, allocate, binary, broadcastShapes, broadcastStrides, coerce, floatResult, map,
  matmul, normalizeAxis, promoteTypes, sizeOf, strides, walk,
} from './core';
import { randomFunctions } from './random';

/** The numpy module paths an rnn cell can import. */
export const NUMPY_MODULES = ['numpy', 'numpy.random'];

type Impl = (a: BoundArgs) => Value;

const ARRAY: Param = { name: 'a', doc: 'An array, or anything np.array takes.' };
const DTYPE: Param = { name: 'dtype', default: null, doc: "The element type: np.float32, 'int64', float, int, bool…; None: numpy's default." };
const SHAPE: Param = { name: 'shape', types: ['int', 'tuple', 'list'], doc: 'The shape: an int or a tuple of ints.' };
const AXIS: Param = { name: 'axis', default: null, types: ['int', 'tuple', 'None'], doc: 'The axis (or axes); None: all of them.' };
const KEEPDIMS: Param = { name: 'keepdims', default: false, types: ['bool'], doc: 'Keep reduced axes with size 1.' };

const optDType = (v: Value, what: string): DType | undefined => (v === null || v === undefined ? undefined : dtypeOf(v, what));

function shapeArg(v: Value, what: string): number[] {
  const shape = intsOf(v, what);
  if (shape.some(n => n < 0)) throw new PyException('ValueError', 'negative dimensions are not allowed');
  return shape;
}

function filled(shape: number[], dtype: DType, value: number, what: string): NdArray {
  const data = allocate(dtype, sizeOf(shape), what);
  if (value !== 0) data.fill(coerce(dtype, value));
  return new NdArray(data, shape, dtype);
}

function scalarNumber(v: Value, what: string): number {
  if (typeof v === 'number' || isInt(v)) return Number(v);
  throw new PyException('TypeError', `${what} must be a number, not ${typeName(v)}`);
}

/** The dtype numpy infers for a Python scalar fill value. */
function scalarDType(v: Value): DType {
  return typeof v === 'boolean' ? 'bool' : typeof v === 'bigint' ? 'int64' : 'float64';
}

function arange(a: BoundArgs): NdArray {
  const args = [a.start, a.stop, a.step].filter(v => v !== null);
  const nums = args.map(v => scalarNumber(v, 'arange'));
  const [start, stop, step] = nums.length === 1 ? [0, nums[0], 1] : nums.length === 2 ? [nums[0], nums[1], 1] : nums;
  if (step === 0) throw new PyException('ZeroDivisionError', 'division by zero');
  const dtype = optDType(a.dtype, 'arange') ?? (args.every(isInt) ? 'int64' : 'float64');
  const n = Math.max(0, Math.ceil((stop - start) / step));
  const data = allocate(dtype, n, 'arange');
  for (let i = 0; i < n; i++) {
    pollInterrupt();
    data[i] = coerce(dtype, start + i * step);
  }
  return new NdArray(data, [n], dtype);
}

function linspace(a: BoundArgs): NdArray {
  const start = scalarNumber(a.start, 'start');
  const stop = scalarNumber(a.stop, 'stop');
  const num = Number(a.num);
  if (num < 0) throw new PyException('ValueError', `Number of samples, ${num}, must be non-negative.`);
  const dtype = optDType(a.dtype, 'linspace') ?? 'float64';
  const div = a.endpoint === false ? num : num - 1;
  const step = div > 0 ? (stop - start) / div : 0;
  const data = allocate(dtype, num, 'linspace');
  for (let i = 0; i < num; i++) {
    pollInterrupt();
    data[i] = coerce(dtype, start + i * step);
  }
  if (a.endpoint !== false && num > 1) data[num - 1] = coerce(dtype, stop);
  return new NdArray(data, [num], dtype);
}

function eye(a: BoundArgs): NdArray {
  const [n, m] = shapeArg(new PyTuple([a.N, a.M === null ? a.N : a.M]), 'eye');
  const k = Number(a.k);
  const out = filled([n, m], optDType(a.dtype, 'eye') ?? 'float64', 0, 'eye');
  for (let i = 0; i < n; i++) if (i + k >= 0 && i + k < m) out.data[i * m + i + k] = 1;
  return out;
}

const UNARY: Record<string, [string, (x: number) => number]> = {
  exp: ['e to the power of each element.', Math.exp],
  log: ['The natural logarithm of each element.', Math.log],
  log2: ['The base-2 logarithm of each element.', Math.log2],
  log10: ['The base-10 logarithm of each element.', Math.log10],
  log1p: ['log(1 + x) of each element.', Math.log1p],
  sqrt: ['The square root of each element.', Math.sqrt],
  tanh: ['The hyperbolic tangent of each element.', Math.tanh],
  sin: ['The sine of each element.', Math.sin],
  cos: ['The cosine of each element.', Math.cos],
  tan: ['The tangent of each element.', Math.tan],
  arctan: ['The inverse tangent of each element.', Math.atan],
};

const SAME_TYPE: Record<string, [string, (x: number) => number]> = {
  abs: ['The absolute value of each element.', Math.abs],
  absolute: ['The absolute value of each element.', Math.abs],
  sign: ['-1, 0 or 1 for each element.', x => (Number.isNaN(x) ? NaN : Math.sign(x))],
  square: ['The square of each element.', x => x * x],
  negative: ['The negation of each element.', x => -x],
};

const ROUNDING: Record<string, [string, (x: number) => number]> = {
  floor: ['The floor of each element.', Math.floor],
  ceil: ['The ceiling of each element.', Math.ceil],
  trunc: ['Each element truncated toward zero.', Math.trunc],
};

const BINARY: Record<string, [string, BinaryUfunc]> = {
  add: ['x1 + x2, elementwise with broadcasting.', '+'],
  subtract: ['x1 - x2, elementwise with broadcasting.', '-'],
  multiply: ['x1 * x2, elementwise with broadcasting.', '*'],
  divide: ['x1 / x2, elementwise with broadcasting.', '/'],
  power: ['x1 ** x2, elementwise with broadcasting.', '**'],
  maximum: ['The larger of x1 and x2, elementwise (NaN wins).', 'maximum'],
  minimum: ['The smaller of x1 and x2, elementwise (NaN wins).', 'minimum'],
  arctan2: ['The angle of (x2, x1), elementwise.', 'arctan2'],
  logical_and: ['x1 and x2, elementwise, as bools.', '&'],
  logical_or: ['x1 or x2, elementwise, as bools.', '|'],
  logical_xor: ['x1 xor x2, elementwise, as bools.', '^'],
};

const asBool = (v: Value): NdArray => toNdArray(v).astype('bool');

function concatenate(arrays: Value, axisArg: Value, what: string): NdArray {
  const items = arrays instanceof PyList || arrays instanceof PyTuple ? arrays.items.map(v => toNdArray(v)) : rowsOf(toNdArray(arrays)).map(v => toNdArray(v));
  if (items.length === 0) throw new PyException('ValueError', 'need at least one array to concatenate');
  const parts = axisArg === null ? items.map(x => new NdArray(x.data, [x.size], x.dtype)) : items;
  const nd = parts[0].shape.length;
  if (nd === 0) throw new PyException('ValueError', 'zero-dimensional arrays cannot be concatenated');
  const axis = axisArg === null ? 0 : normalizeAxis(Number(axisArg), nd);
  parts.forEach((p, k) => {
    if (p.shape.length !== nd) throw new PyException('ValueError', `all the input array dimensions except for the concatenation axis must match exactly, but the array at index 0 has ${nd} dimension(s) and the array at index ${k} has ${p.shape.length} dimension(s)`);
    p.shape.forEach((n, i) => {
      if (i !== axis && n !== parts[0].shape[i]) throw new PyException('ValueError', `all the input array dimensions except for the concatenation axis must match exactly, but along dimension ${i}, the array at index 0 has size ${parts[0].shape[i]} and the array at index ${k} has size ${n}`);
    });
  });
  const dtype = parts.map(p => p.dtype).reduce(promoteTypes);
  const shape = [...parts[0].shape];
  shape[axis] = parts.reduce((s, p) => s + p.shape[axis], 0);
  const out = allocate(dtype, sizeOf(shape), what);
  const outer = sizeOf(shape.slice(0, axis));
  const inner = sizeOf(shape.slice(axis + 1));
  let at = 0;
  for (let o = 0; o < outer; o++) for (const p of parts) {
    const chunk = p.shape[axis] * inner;
    for (let i = 0; i < chunk; i++) {
      pollInterrupt();
      out[at++] = coerce(dtype, p.data[o * chunk + i]);
    }
  }
  return new NdArray(out, shape, dtype);
}

function expandDims(x: NdArray, axisArg: Value): NdArray {
  const axes = intsOf(axisArg, 'expand_dims');
  const nd = x.shape.length + axes.length;
  const at = new Set(axes.map(a => normalizeAxis(a, nd)));
  const shape: number[] = [];
  let k = 0;
  for (let i = 0; i < nd; i++) shape.push(at.has(i) ? 1 : x.shape[k++]);
  return new NdArray(x.data.slice(), shape, x.dtype);
}

function flip(x: NdArray, axisArg: Value): NdArray {
  const axes = new Set((axesOf(axisArg) ?? [...x.shape.keys()]).map(a => normalizeAxis(a, x.shape.length)));
  const own = strides(x.shape);
  let base = 0;
  const read = x.shape.map((n, i) => {
    if (!axes.has(i)) return own[i];
    base += (n - 1) * own[i];
    return -own[i];
  });
  const out = allocate(x.dtype, x.size, 'flip');
  walk(x.shape, [read], (i, [o]) => { out[i] = x.data[base + o]; });
  return new NdArray(out, [...x.shape], x.dtype);
}

function pad(x: NdArray, widthArg: Value, mode: Value, constant: Value): NdArray {
  if (mode !== 'constant') throw new PyException('NotImplementedError', `np.pad mode ${repr(mode)} is not supported in rnn cells (only 'constant')`);
  const nd = x.shape.length;
  const w = toNdArray(widthArg, 'int64');
  const pairs: [number, number][] = [];
  for (let i = 0; i < nd; i++) {
    if (w.size === 1) pairs.push([w.data[0], w.data[0]]);
    else if (w.shape.length === 1 && w.size === 2) pairs.push([w.data[0], w.data[1]]);
    else if (w.shape.length === 2 && w.shape[0] === nd && w.shape[1] === 2) pairs.push([w.data[2 * i], w.data[2 * i + 1]]);
    else if (w.shape.length === 2 && w.shape[0] === 1 && w.shape[1] === 2) pairs.push([w.data[0], w.data[1]]);
    else throw new PyException('ValueError', `unable to create correctly shaped tuple from ${w.shape.length === 1 ? `(${Array.from(w.data).join(', ')})` : 'pad_width'}`);
  }
  if (pairs.some(([b, a]) => b < 0 || a < 0)) throw new PyException('ValueError', "index can't contain negative values");
  const shape = x.shape.map((n, i) => n + pairs[i][0] + pairs[i][1]);
  const out = filled(shape, x.dtype, scalarNumber(constant, 'constant_values'), 'pad');
  const outStrides = strides(shape);
  const base = pairs.reduce((s, [b], i) => s + b * outStrides[i], 0);
  walk(x.shape, [outStrides], (i, [o]) => { out.data[base + o] = x.data[i]; });
  return out;
}

function where(a: BoundArgs): Value {
  const cond = asBool(a.condition);
  if (a.x === null && a.y === null) return new PyTuple(nonzero(cond));
  if (a.x === null || a.y === null) throw new PyException('ValueError', 'either both or neither of x and y should be given');
  const x = operandOf(a.x);
  const y = operandOf(a.y);
  const shape = broadcastShapes(broadcastShapes(cond.shape, x.shape), y.shape);
  const dtype = binary('+', x, y).dtype;
  const out = allocate(dtype, sizeOf(shape), 'where');
  walk(shape, [broadcastStrides(cond.shape, shape), broadcastStrides(x.shape, shape), broadcastStrides(y.shape, shape)], (i, [c, p, q]) => {
    out[i] = coerce(dtype, cond.data[c] ? x.data[p] : y.data[q]);
  });
  return NdArray.result({ data: out, shape, dtype });
}

/** A Python scalar as a weak 0-d operand (it takes the other operand's dtype), anything else as an array. */
function operandOf(v: Value): Arr & { weak?: boolean } {
  if (typeof v === 'number' || typeof v === 'bigint' || typeof v === 'boolean') {
    const x = toNdArray(v);
    return { data: x.data, shape: x.shape, dtype: x.dtype, weak: true };
  }
  return toNdArray(v);
}

function unique(a: BoundArgs): Value {
  const x = toNdArray(a.ar);
  const values = Array.from(x.data).sort((p, q) => (Number.isNaN(p) ? 1 : Number.isNaN(q) ? -1 : p - q));
  const keys: number[] = [];
  const counts: number[] = [];
  for (const v of values) {
    pollInterrupt();
    if (keys.length && (keys[keys.length - 1] === v || (Number.isNaN(v) && Number.isNaN(keys[keys.length - 1])))) counts[counts.length - 1]++;
    else {
      keys.push(v);
      counts.push(1);
    }
  }
  const data = allocate(x.dtype, keys.length, 'unique');
  keys.forEach((k, i) => { data[i] = k; });
  const out = new NdArray(data, [keys.length], x.dtype);
  if (a.return_counts !== true) return out;
  return new PyTuple([out, new NdArray(Float64Array.from(counts), [counts.length], 'int64')]);
}

function sortArray(x: NdArray, axis: Value): NdArray {
  const idx = x.argsort(axis);
  const flat = axis === null;
  const src = flat ? new NdArray(x.data, [x.size], x.dtype) : x;
  if (src.shape.length === 0) return src;
  const ax = flat ? 0 : normalizeAxis(Number(axis), src.shape.length);
  const inner = sizeOf(src.shape.slice(ax + 1));
  const n = src.shape[ax];
  const out = allocate(x.dtype, src.size, 'sort');
  for (let i = 0; i < src.size; i++) {
    const along = Math.floor(i / inner) % n;
    out[i] = src.data[i - along * inner + idx.data[i] * inner];
  }
  return new NdArray(out, [...src.shape], x.dtype);
}

/** Every numpy name a cell can use, by path ('numpy.zeros', 'numpy.random.seed'). */
export function numpyValues(): [string, Value][] {
  const out: [string, Value][] = [];
  const f = (name: string, params: Param[], doc: string, impl: Impl) => out.push([`numpy.${name}`, new PyFunction({ name: `numpy.${name}`, params, doc }, impl)]);
  const arr = (v: Value) => toNdArray(v);

  f('array', [{ name: 'object', doc: 'A (nested) list or tuple of numbers, or an array.' }, DTYPE], 'A new array from nested lists (bools → bool, ints → int64, floats → float64).', a => {
    const x = toNdArray(a.object, optDType(a.dtype, 'array'));
    return a.object instanceof NdArray && x === a.object ? new NdArray(x.data.slice(), x.shape, x.dtype) : x;
  });
  f('asarray', [{ name: 'a', doc: 'A (nested) list, or an array (returned as is).' }, DTYPE], 'The value as an array, without copying an array.', a => toNdArray(a.a, optDType(a.dtype, 'asarray')));
  for (const [name, value] of [['zeros', 0], ['ones', 1], ['empty', 0]] as const) {
    f(name, [SHAPE, DTYPE], `A new array of ${name === 'ones' ? 'ones' : 'zeros'} (float64 unless dtype says).`, a => filled(shapeArg(a.shape, name), optDType(a.dtype, name) ?? 'float64', value, `np.${name}`));
    f(`${name}_like`, [ARRAY, DTYPE], `An array of ${name === 'ones' ? 'ones' : 'zeros'} with the shape (and dtype) of a.`, a => {
      const x = arr(a.a);
      return filled([...x.shape], optDType(a.dtype, `${name}_like`) ?? x.dtype, value, `np.${name}_like`);
    });
  }
  f('full', [SHAPE, { name: 'fill_value', types: ['float'], doc: 'The value of every element.' }, DTYPE], 'A new array filled with one value.', a => filled(shapeArg(a.shape, 'full'), optDType(a.dtype, 'full') ?? scalarDType(a.fill_value), Number(a.fill_value), 'np.full'));
  f('full_like', [ARRAY, { name: 'fill_value', types: ['float'], doc: 'The value of every element.' }, DTYPE], 'An array with the shape (and dtype) of a, filled with one value.', a => {
    const x = arr(a.a);
    return filled([...x.shape], optDType(a.dtype, 'full_like') ?? x.dtype, Number(a.fill_value), 'np.full_like');
  });
  f('arange', [{ name: 'start', types: ['float'], doc: 'The first value (or, alone, the stop from 0).' }, { name: 'stop', default: null, types: ['float', 'None'], doc: 'The end (excluded).' }, { name: 'step', default: null, types: ['float', 'None'], doc: 'The spacing.' }, DTYPE], 'Evenly spaced values in [start, stop).', arange);
  f('linspace', [{ name: 'start', types: ['float'], doc: 'The first value.' }, { name: 'stop', types: ['float'], doc: 'The last value.' }, { name: 'num', default: 50n, types: ['int'], doc: 'How many values.' }, { name: 'endpoint', default: true, types: ['bool'], doc: 'Include stop.' }, DTYPE], 'num evenly spaced values from start to stop.', linspace);
  f('eye', [{ name: 'N', types: ['int'], doc: 'Rows.' }, { name: 'M', default: null, types: ['int', 'None'], doc: 'Columns (None: N).' }, { name: 'k', default: 0n, types: ['int'], doc: 'The diagonal (0: main).' }, DTYPE], 'A 2-d array with ones on a diagonal.', eye);
  f('identity', [{ name: 'n', types: ['int'], doc: 'The size.' }, DTYPE], 'The n x n identity matrix.', a => eye({ N: a.n, M: null, k: 0n, dtype: a.dtype }));

  for (const d of ['float32', 'float64', 'int32', 'int64', 'bool_'] as const) {
    const dtype = dtypeOf(d, d);
    out.push([`numpy.${d}`, new PyFunction({ name: d, params: [{ name: 'x', default: 0n, doc: 'A number.' }], doc: `The ${dtype} type (a dtype argument); called, converts a number.` }, a => {
      const x = toNdArray(a.x, dtype);
      return NdArray.result(x);
    })]);
  }
  out.push(['numpy.bool', out.find(([p]) => p === 'numpy.bool_')![1]]);
  out.push(['numpy.pi', Math.PI], ['numpy.e', Math.E], ['numpy.inf', Infinity], ['numpy.nan', NaN], ['numpy.newaxis', null]);

  for (const [name, [doc, fn]] of Object.entries(UNARY)) f(name, [{ name: 'x', doc: 'An array or a number.' }], doc, a => {
    const x = arr(a.x);
    return NdArray.result(map(x, floatResult(x.dtype), fn, `np.${name}`));
  });
  for (const [name, [doc, fn]] of Object.entries(SAME_TYPE)) f(name, [{ name: 'x', doc: 'An array or a number.' }], doc, a => {
    const x = arr(a.x);
    return NdArray.result(map(x, x.dtype === 'bool' ? 'int64' : x.dtype, fn, `np.${name}`));
  });
  for (const [name, [doc, fn]] of Object.entries(ROUNDING)) f(name, [{ name: 'x', doc: 'An array or a number.' }], doc, a => {
    const x = arr(a.x);
    return NdArray.result(map(x, x.dtype, fn, `np.${name}`));
  });
  for (const [name, [doc, op]] of Object.entries(BINARY)) f(name, [{ name: 'x1', doc: 'An array or a number.' }, { name: 'x2', doc: 'An array or a number.' }], doc, a => {
    const logical = name.startsWith('logical_');
    return NdArray.result(binary(op, logical ? asBool(a.x1) : operandOf(a.x1), logical ? asBool(a.x2) : operandOf(a.x2)));
  });
  f('logical_not', [{ name: 'x', doc: 'An array or a number.' }], 'not x, elementwise, as bools.', a => NdArray.result(map(asBool(a.x), 'bool', x => (x ? 0 : 1), 'np.logical_not')));
  f('isnan', [{ name: 'x', doc: 'An array or a number.' }], 'Whether each element is NaN.', a => NdArray.result(map(arr(a.x), 'bool', x => (Number.isNaN(x) ? 1 : 0), 'np.isnan')));
  f('isinf', [{ name: 'x', doc: 'An array or a number.' }], 'Whether each element is infinite.', a => NdArray.result(map(arr(a.x), 'bool', x => (x === Infinity || x === -Infinity ? 1 : 0), 'np.isinf')));
  f('clip', [ARRAY, { name: 'a_min', doc: 'The lower bound (None: none).' }, { name: 'a_max', doc: 'The upper bound (None: none).' }], 'Elements limited to [a_min, a_max].', a => NdArray.result(arr(a.a).clip(a.a_min, a.a_max)));
  for (const name of ['round', 'around'] as const) f(name, [ARRAY, { name: 'decimals', default: 0n, types: ['int'], doc: 'Decimal places.' }], 'Elements rounded half to even.', a => NdArray.result(arr(a.a).rounded(Number(a.decimals))));

  for (const op of ['sum', 'prod', 'mean', 'min', 'max', 'any', 'all'] as const) {
    const doc = `The ${op} over an axis (or all elements), as numpy.`;
    f(op, [ARRAY, AXIS, KEEPDIMS], doc, a => arr(a.a).reduce(op, a.axis, a.keepdims === true));
  }
  f('amin', [ARRAY, AXIS, KEEPDIMS], 'The smallest element over an axis.', a => arr(a.a).reduce('min', a.axis, a.keepdims === true));
  f('amax', [ARRAY, AXIS, KEEPDIMS], 'The largest element over an axis.', a => arr(a.a).reduce('max', a.axis, a.keepdims === true));
  for (const op of ['var', 'std'] as const) {
    f(op, [ARRAY, AXIS, { name: 'ddof', default: 0n, types: ['int'], doc: 'Delta degrees of freedom.' }, KEEPDIMS], `The ${op === 'var' ? 'variance' : 'standard deviation'} over an axis.`, a => arr(a.a).reduce(op, a.axis, a.keepdims === true, Number(a.ddof)));
  }
  for (const op of ['argmax', 'argmin'] as const) {
    f(op, [ARRAY, { ...AXIS, types: ['int', 'None'] }, KEEPDIMS], `Indices of the ${op === 'argmax' ? 'largest' : 'smallest'} values along an axis (the first on ties; flattened when None).`, a => arr(a.a).argReduce(op, a.axis, a.keepdims === true));
  }
  f('cumsum', [ARRAY, { ...AXIS, types: ['int', 'None'] }], 'Cumulative sums along an axis (flattened when None).', a => arr(a.a).cumsum(a.axis));
  f('argsort', [ARRAY, { ...AXIS, default: -1n, types: ['int', 'None'] }], 'The indices that sort along an axis (stable).', a => arr(a.a).argsort(a.axis));
  f('sort', [ARRAY, { ...AXIS, default: -1n, types: ['int', 'None'] }], 'A sorted copy along an axis.', a => sortArray(arr(a.a), a.axis));
  f('count_nonzero', [ARRAY, AXIS], 'How many elements are not zero.', a => asBool(a.a).astype('int64').reduce('sum', a.axis, false));
  f('nonzero', [ARRAY], 'The indices of the non-zero elements, one array per axis.', a => new PyTuple(nonzero(asBool(a.a))));
  f('where', [{ name: 'condition', doc: 'A bool array.' }, { name: 'x', default: null, doc: 'Values where condition is true.' }, { name: 'y', default: null, doc: 'Values where condition is false.' }], 'With x and y: x where condition else y; alone: the indices where condition is true.', where);
  f('dot', [{ name: 'a', doc: 'An array.' }, { name: 'b', doc: 'An array.' }], 'The dot product (matrix product for 2-d arrays).', a => arr(a.a).dot(arr(a.b)));
  f('matmul', [{ name: 'x1', doc: 'An array.' }, { name: 'x2', doc: 'An array.' }], 'The matrix product (stacked over leading axes).', a => NdArray.result(matmul(arr(a.x1), arr(a.x2))));
  f('unique', [{ name: 'ar', doc: 'An array.' }, { name: 'return_counts', default: false, types: ['bool'], doc: 'Also return how often each value occurs.' }], 'The sorted unique values (of the flattened array).', unique);

  f('reshape', [ARRAY, { name: 'newshape', types: ['int', 'tuple', 'list'], doc: 'The new shape (one dimension may be -1).' }], 'The same elements in a new shape.', a => arr(a.a).reshape(a.newshape));
  f('transpose', [ARRAY, { name: 'axes', default: null, doc: 'The new order of the axes; None: reversed.' }], 'The array with its axes permuted.', a => arr(a.a).transposed(a.axes));
  f('expand_dims', [ARRAY, { name: 'axis', types: ['int', 'tuple'], doc: 'Where the new size-1 axis goes.' }], 'The array with a new size-1 axis.', a => expandDims(arr(a.a), a.axis));
  f('squeeze', [ARRAY, AXIS], 'The array without its size-1 axes.', a => arr(a.a).squeeze(a.axis));
  f('ravel', [ARRAY], 'The elements as a 1-d array.', a => arr(a.a).reshape(-1n));
  f('concatenate', [{ name: 'arrays', doc: 'A list of arrays.' }, { name: 'axis', default: 0n, types: ['int', 'None'], doc: 'The axis to join along (None: flatten first).' }], 'Arrays joined along an existing axis.', a => concatenate(a.arrays, a.axis, 'np.concatenate'));
  f('stack', [{ name: 'arrays', doc: 'A list of arrays of one shape.' }, { name: 'axis', default: 0n, types: ['int'], doc: 'The new axis.' }], 'Arrays joined along a new axis.', a => {
    const items = listOf(a.arrays, 'stack').map(arr);
    if (items.some(x => x.shape.length !== items[0].shape.length || x.shape.some((n, i) => n !== items[0].shape[i]))) throw new PyException('ValueError', 'all input arrays must have the same shape');
    return concatenate(new PyList(items.map(x => expandDims(x, normalizeAxisValue(a.axis, x.shape.length + 1)))), a.axis, 'np.stack');
  });
  f('vstack', [{ name: 'tup', doc: 'A list of arrays.' }], 'Arrays stacked as rows (1-d arrays become rows).', a => concatenate(new PyList(listOf(a.tup, 'vstack').map(arr).map(x => (x.shape.length < 2 ? x.reshape(new PyTuple([1n, -1n])) : x))), 0n, 'np.vstack'));
  f('hstack', [{ name: 'tup', doc: 'A list of arrays.' }], 'Arrays joined along columns (along the only axis for 1-d arrays).', a => {
    const items = listOf(a.tup, 'hstack').map(arr).map(x => (x.shape.length === 0 ? x.reshape(1n) : x));
    return concatenate(new PyList(items), items[0]?.shape.length === 1 ? 0n : 1n, 'np.hstack');
  });
  f('flip', [ARRAY, AXIS], 'The elements in reverse order along an axis (all axes when None).', a => flip(arr(a.a), a.axis));
  f('pad', [{ name: 'array', doc: 'An array.' }, { name: 'pad_width', doc: 'An int, (before, after), or one (before, after) per axis.' }, { name: 'mode', default: 'constant', types: ['str'], doc: "Only 'constant'." }, { name: 'constant_values', default: 0n, types: ['float'], doc: 'The padding value.' }], 'The array padded with a constant.', a => pad(arr(a.array), a.pad_width, a.mode, a.constant_values));
  f('shape', [ARRAY], 'The shape of an array, as a tuple.', a => arr(a.a).getAttribute('shape')!);
  f('ndim', [ARRAY], 'The number of dimensions.', a => BigInt(arr(a.a).shape.length));
  f('size', [ARRAY], 'The number of elements.', a => BigInt(arr(a.a).size));
  f('copy', [ARRAY], 'A copy of the array.', a => {
    const x = arr(a.a);
    return new NdArray(x.data.slice(), x.shape, x.dtype);
  });
  f('allclose', [{ name: 'a', doc: 'An array.' }, { name: 'b', doc: 'An array.' }, { name: 'rtol', default: 1e-5, types: ['float'], doc: 'Relative tolerance.' }, { name: 'atol', default: 1e-8, types: ['float'], doc: 'Absolute tolerance.' }], 'Whether every |a - b| <= atol + rtol * |b|.', a => {
    const x = arr(a.a);
    const y = arr(a.b);
    const shape = broadcastShapes(x.shape, y.shape);
    let ok = true;
    walk(shape, [broadcastStrides(x.shape, shape), broadcastStrides(y.shape, shape)], (_, [p, q]) => {
      if (!(Math.abs(x.data[p] - y.data[q]) <= Number(a.atol) + Number(a.rtol) * Math.abs(y.data[q]))) ok = false;
    });
    return ok;
  });
  f('array_equal', [{ name: 'a1', doc: 'An array.' }, { name: 'a2', doc: 'An array.' }], 'Whether both have the same shape and elements.', a => {
    const x = arr(a.a1);
    const y = arr(a.a2);
    return x.shape.length === y.shape.length && x.shape.every((n, i) => n === y.shape[i]) && x.data.every((v, i) => v === y.data[i]);
  });

  for (const [name, value] of randomFunctions()) out.push([`numpy.random.${name}`, value]);
  return out;
}

function listOf(v: Value, what: string): Value[] {
  if (v instanceof PyList || v instanceof PyTuple) return [...v.items];
  if (v instanceof NdArray && v.shape.length > 0) return rowsOf(v);
  throw new PyException('TypeError', `${what} takes a list of arrays, not ${typeName(v)}`);
}

function rowsOf(x: NdArray): Value[] {
  return x.shape.length ? Array.from({ length: x.shape[0] }, (_, i) => x.getItem(BigInt(i))) : [];
}

function normalizeAxisValue(axis: Value, nd: number): bigint {
  return BigInt(normalizeAxis(Number(axis), nd));
}
