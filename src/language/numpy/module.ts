// The `numpy` module of rnn cells (`import numpy as np`): creation, dtypes, ufuncs, reductions,
// shape functions and np.random, over NdArray. The kernel's side only: names, signatures and
// docs are declared in ../declarations/numpy.ts (what the editor reads); here each declared
// function gets its implementation by path.
import { PyException } from '../errors';
import { NdArray, axesOf, dtypeOf, intsOf, nonzero, toNdArray } from '../host/array';
import type { FunctionImpl } from '../host/declared';
import type { BoundArgs } from '../host/signature';
import { pollInterrupt } from '../values/interrupt';
import { repr } from '../values/repr';
import { PyList, PyTuple, Value, isInt, typeName } from '../values/types';
import {
  Arr, BinaryUfunc, DType, allocate, binary, broadcastShapes, broadcastStrides, coerce, floatResult, map,
  matmul, normalizeAxis, promoteTypes, sizeOf, strides, walk,
} from './core';
import { randomFunctions } from './random';

type Impl = (a: BoundArgs) => Value;

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

const UNARY: Readonly<Record<string, (x: number) => number>> = {
  exp: Math.exp,
  log: Math.log,
  log2: Math.log2,
  log10: Math.log10,
  log1p: Math.log1p,
  sqrt: Math.sqrt,
  tanh: Math.tanh,
  sin: Math.sin,
  cos: Math.cos,
  tan: Math.tan,
  arctan: Math.atan,
};

const SAME_TYPE: Readonly<Record<string, (x: number) => number>> = {
  abs: Math.abs,
  absolute: Math.abs,
  sign: x => (Number.isNaN(x) ? NaN : Math.sign(x)),
  square: x => x * x,
  negative: x => -x,
};

const ROUNDING: Readonly<Record<string, (x: number) => number>> = {
  floor: Math.floor,
  ceil: Math.ceil,
  trunc: Math.trunc,
};

const BINARY: Readonly<Record<string, BinaryUfunc>> = {
  add: '+',
  subtract: '-',
  multiply: '*',
  divide: '/',
  power: '**',
  maximum: 'maximum',
  minimum: 'minimum',
  arctan2: 'arctan2',
  logical_and: '&',
  logical_or: '|',
  logical_xor: '^',
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

/** One implementation per function NUMPY_DECLARATIONS declares, by path ('numpy.zeros', 'numpy.random.seed'); fresh random state. */
export function numpyImplementations(): Map<string, FunctionImpl> {
  const impls = new Map<string, FunctionImpl>();
  const f = (name: string, impl: Impl) => impls.set(`numpy.${name}`, impl);
  const arr = (v: Value) => toNdArray(v);

  f('array', a => {
    const x = toNdArray(a.object, optDType(a.dtype, 'array'));
    return a.object instanceof NdArray && x === a.object ? new NdArray(x.data.slice(), x.shape, x.dtype) : x;
  });
  f('asarray', a => toNdArray(a.a, optDType(a.dtype, 'asarray')));
  for (const [name, value] of [['zeros', 0], ['ones', 1], ['empty', 0]] as const) {
    f(name, a => filled(shapeArg(a.shape, name), optDType(a.dtype, name) ?? 'float64', value, `np.${name}`));
    f(`${name}_like`, a => {
      const x = arr(a.a);
      return filled([...x.shape], optDType(a.dtype, `${name}_like`) ?? x.dtype, value, `np.${name}_like`);
    });
  }
  f('full', a => filled(shapeArg(a.shape, 'full'), optDType(a.dtype, 'full') ?? scalarDType(a.fill_value), Number(a.fill_value), 'np.full'));
  f('full_like', a => {
    const x = arr(a.a);
    return filled([...x.shape], optDType(a.dtype, 'full_like') ?? x.dtype, Number(a.fill_value), 'np.full_like');
  });
  f('arange', arange);
  f('linspace', linspace);
  f('eye', eye);
  f('identity', a => eye({ N: a.n, M: null, k: 0n, dtype: a.dtype }));

  for (const d of ['float32', 'float64', 'int32', 'int64', 'bool_'] as const) {
    const dtype = dtypeOf(d, d);
    f(d, a => NdArray.result(toNdArray(a.x, dtype)));
  }

  for (const [name, fn] of Object.entries(UNARY)) f(name, a => {
    const x = arr(a.x);
    return NdArray.result(map(x, floatResult(x.dtype), fn, `np.${name}`));
  });
  for (const [name, fn] of Object.entries(SAME_TYPE)) f(name, a => {
    const x = arr(a.x);
    return NdArray.result(map(x, x.dtype === 'bool' ? 'int64' : x.dtype, fn, `np.${name}`));
  });
  for (const [name, fn] of Object.entries(ROUNDING)) f(name, a => {
    const x = arr(a.x);
    return NdArray.result(map(x, x.dtype, fn, `np.${name}`));
  });
  for (const [name, op] of Object.entries(BINARY)) f(name, a => {
    const logical = name.startsWith('logical_');
    return NdArray.result(binary(op, logical ? asBool(a.x1) : operandOf(a.x1), logical ? asBool(a.x2) : operandOf(a.x2)));
  });
  f('logical_not', a => NdArray.result(map(asBool(a.x), 'bool', x => (x ? 0 : 1), 'np.logical_not')));
  f('isnan', a => NdArray.result(map(arr(a.x), 'bool', x => (Number.isNaN(x) ? 1 : 0), 'np.isnan')));
  f('isinf', a => NdArray.result(map(arr(a.x), 'bool', x => (x === Infinity || x === -Infinity ? 1 : 0), 'np.isinf')));
  f('clip', a => NdArray.result(arr(a.a).clip(a.a_min, a.a_max)));
  for (const name of ['round', 'around'] as const) f(name, a => NdArray.result(arr(a.a).rounded(Number(a.decimals))));

  for (const op of ['sum', 'prod', 'mean', 'min', 'max', 'any', 'all'] as const) {
    f(op, a => arr(a.a).reduce(op, a.axis, a.keepdims === true));
  }
  f('amin', a => arr(a.a).reduce('min', a.axis, a.keepdims === true));
  f('amax', a => arr(a.a).reduce('max', a.axis, a.keepdims === true));
  for (const op of ['var', 'std'] as const) {
    f(op, a => arr(a.a).reduce(op, a.axis, a.keepdims === true, Number(a.ddof)));
  }
  for (const op of ['argmax', 'argmin'] as const) {
    f(op, a => arr(a.a).argReduce(op, a.axis, a.keepdims === true));
  }
  f('cumsum', a => arr(a.a).cumsum(a.axis));
  f('argsort', a => arr(a.a).argsort(a.axis));
  f('sort', a => sortArray(arr(a.a), a.axis));
  f('count_nonzero', a => asBool(a.a).astype('int64').reduce('sum', a.axis, false));
  f('nonzero', a => new PyTuple(nonzero(asBool(a.a))));
  f('where', where);
  f('dot', a => arr(a.a).dot(arr(a.b)));
  f('matmul', a => NdArray.result(matmul(arr(a.x1), arr(a.x2))));
  f('unique', unique);

  f('reshape', a => arr(a.a).reshape(a.newshape));
  f('transpose', a => arr(a.a).transposed(a.axes));
  f('expand_dims', a => expandDims(arr(a.a), a.axis));
  f('squeeze', a => arr(a.a).squeeze(a.axis));
  f('ravel', a => arr(a.a).reshape(-1n));
  f('concatenate', a => concatenate(a.arrays, a.axis, 'np.concatenate'));
  f('stack', a => {
    const items = listOf(a.arrays, 'stack').map(arr);
    if (items.some(x => x.shape.length !== items[0].shape.length || x.shape.some((n, i) => n !== items[0].shape[i]))) throw new PyException('ValueError', 'all input arrays must have the same shape');
    return concatenate(new PyList(items.map(x => expandDims(x, normalizeAxisValue(a.axis, x.shape.length + 1)))), a.axis, 'np.stack');
  });
  f('vstack', a => concatenate(new PyList(listOf(a.tup, 'vstack').map(arr).map(x => (x.shape.length < 2 ? x.reshape(new PyTuple([1n, -1n])) : x))), 0n, 'np.vstack'));
  f('hstack', a => {
    const items = listOf(a.tup, 'hstack').map(arr).map(x => (x.shape.length === 0 ? x.reshape(1n) : x));
    return concatenate(new PyList(items), items[0]?.shape.length === 1 ? 0n : 1n, 'np.hstack');
  });
  f('flip', a => flip(arr(a.a), a.axis));
  f('pad', a => pad(arr(a.array), a.pad_width, a.mode, a.constant_values));
  f('shape', a => arr(a.a).getAttribute('shape')!);
  f('ndim', a => BigInt(arr(a.a).shape.length));
  f('size', a => BigInt(arr(a.a).size));
  f('copy', a => {
    const x = arr(a.a);
    return new NdArray(x.data.slice(), x.shape, x.dtype);
  });
  f('allclose', a => {
    const x = arr(a.a);
    const y = arr(a.b);
    const shape = broadcastShapes(x.shape, y.shape);
    let ok = true;
    walk(shape, [broadcastStrides(x.shape, shape), broadcastStrides(y.shape, shape)], (_, [p, q]) => {
      if (!(Math.abs(x.data[p] - y.data[q]) <= Number(a.atol) + Number(a.rtol) * Math.abs(y.data[q]))) ok = false;
    });
    return ok;
  });
  f('array_equal', a => {
    const x = arr(a.a1);
    const y = arr(a.a2);
    return x.shape.length === y.shape.length && x.shape.every((n, i) => n === y.shape[i]) && x.data.every((v, i) => v === y.data[i]);
  });

  for (const [name, impl] of randomFunctions()) impls.set(`numpy.random.${name}`, impl);
  return impls;
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
