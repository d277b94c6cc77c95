// The numeric core of the numpy module: dtypes, storage, broadcasting, elementwise ufuncs and
// reductions over plain {data, shape, dtype} records, so it knows nothing of host objects.
// Storage is row-major and contiguous: float32 → Float32Array, float64 → Float64Array,
// int32 → Int32Array, int64 → Float64Array holding integers (exact to 2**53), bool → Uint8Array.
// Every element loop polls the interrupt hook, and every allocation asks checkAllocation first.
import { checkAllocation } from '../../keras/allocation';
import { PyException } from '../errors';
import { pollInterrupt } from '../values/interrupt';

export type DType = 'float32' | 'float64' | 'int32' | 'int64' | 'bool';
export type ArrayData = Float32Array | Float64Array | Int32Array | Uint8Array;

/** What the core computes on; NdArray is one. */
export interface Arr {
  readonly data: ArrayData;
  readonly shape: readonly number[];
  readonly dtype: DType;
}

/** An operand of a binary ufunc; `weak` marks a Python scalar (NEP 50: it takes the array's dtype). */
export interface Operand extends Arr {
  readonly weak?: boolean;
}

export const isFloatType = (d: DType): boolean => d === 'float32' || d === 'float64';
const isIntType = (d: DType): boolean => d === 'int32' || d === 'int64';

const BYTES: Record<DType, number> = { float32: 4, float64: 8, int32: 4, int64: 8, bool: 1 };

export function sizeOf(shape: readonly number[]): number {
  let n = 1;
  for (const d of shape) n *= d;
  return n;
}

/** Fresh zeroed storage for `n` elements of `dtype`; `what` names the call in a MemoryError. */
export function allocate(dtype: DType, n: number, what: string): ArrayData {
  checkAllocation(what, n, BYTES[dtype]);
  switch (dtype) {
    case 'float32': return new Float32Array(n);
    case 'int32': return new Int32Array(n);
    case 'bool': return new Uint8Array(n);
    default: return new Float64Array(n);
  }
}

/** A number as stored in `dtype`: ints truncate toward zero, bools are 0 or 1. */
export function coerce(dtype: DType, x: number): number {
  if (dtype === 'bool') return x !== 0 && !Number.isNaN(x) ? 1 : 0;
  if (dtype === 'int64') return Number.isFinite(x) ? Math.trunc(x) : 0;
  return x;
}

export function strides(shape: readonly number[]): number[] {
  const out = new Array<number>(shape.length);
  let s = 1;
  for (let i = shape.length - 1; i >= 0; i--) {
    out[i] = s;
    s *= shape[i];
  }
  return out;
}

/** The result dtype of mixing two operands (numpy's promotion, with NEP 50's weak Python scalars). */
function promote(a: Operand, b: Operand): DType {
  if (a.weak && !b.weak) return promoteWeak(b.dtype, a.dtype);
  if (b.weak && !a.weak) return promoteWeak(a.dtype, b.dtype);
  return promoteTypes(a.dtype, b.dtype);
}

function promoteWeak(strong: DType, weak: DType): DType {
  if (weak === 'bool') return strong;
  if (weak === 'float64') return isFloatType(strong) ? strong : 'float64';
  return strong === 'bool' ? 'int64' : strong; // a Python int
}

export function promoteTypes(a: DType, b: DType): DType {
  if (a === b) return a;
  if (a === 'bool') return b;
  if (b === 'bool') return a;
  if (isFloatType(a) && isFloatType(b)) return 'float64';
  if (isIntType(a) && isIntType(b)) return 'int64';
  return 'float64'; // int32/int64 with float32 needs float64 to hold the ints, as in numpy
}

/** numpy's broadcast of two shapes, or a ValueError naming both. */
export function broadcastShapes(a: readonly number[], b: readonly number[]): number[] {
  const n = Math.max(a.length, b.length);
  const out = new Array<number>(n);
  for (let i = 0; i < n; i++) {
    const x = a[a.length - n + i] ?? 1;
    const y = b[b.length - n + i] ?? 1;
    if (x !== y && x !== 1 && y !== 1) {
      throw new PyException('ValueError', `operands could not be broadcast together with shapes (${shapeText(a)}) (${shapeText(b)}) `);
    }
    out[i] = x === 1 ? y : x;
  }
  return out;
}

/** '2,3' for (2,3) and '5,' for (5,), as numpy's messages write shapes. */
export function shapeText(shape: readonly number[]): string {
  return shape.length === 1 ? `${shape[0]},` : shape.join(',');
}

/** The strides that read `shape` as if broadcast to `target` (0 along broadcast axes). */
export function broadcastStrides(shape: readonly number[], target: readonly number[]): number[] {
  const own = strides(shape);
  const offset = target.length - shape.length;
  return target.map((_, i) => (i < offset || shape[i - offset] === 1 ? 0 : own[i - offset]));
}

/**
 * Calls `visit(outIndex, offsets)` for every element of `shape` in row-major order, with each
 * operand's flat offset under its strides (the broadcast walk every ufunc shares).
 */
export function walk(shape: readonly number[], operandStrides: readonly (readonly number[])[], visit: (i: number, offsets: readonly number[]) => void): void {
  const total = sizeOf(shape);
  const nd = shape.length;
  const k = operandStrides.length;
  const offsets = new Array<number>(k).fill(0);
  const counter = new Array<number>(nd).fill(0);
  for (let i = 0; i < total; i++) {
    pollInterrupt();
    visit(i, offsets);
    for (let axis = nd - 1; axis >= 0; axis--) {
      if (++counter[axis] < shape[axis]) {
        for (let j = 0; j < k; j++) offsets[j] += operandStrides[j][axis];
        break;
      }
      counter[axis] = 0;
      for (let j = 0; j < k; j++) offsets[j] -= operandStrides[j][axis] * (shape[axis] - 1);
    }
  }
}

export type BinaryUfunc = '+' | '-' | '*' | '/' | '//' | '%' | '**' | '&' | '|' | '^' | 'maximum' | 'minimum' | 'arctan2';
export type CompareUfunc = '==' | '!=' | '<' | '<=' | '>' | '>=';

function floatMod(a: number, b: number): number {
  const r = a % b;
  return r !== 0 && (r < 0) !== (b < 0) ? r + b : r;
}

function binaryKernel(op: BinaryUfunc, dtype: DType): (a: number, b: number) => number {
  const int = !isFloatType(dtype);
  switch (op) {
    case '+': return (a, b) => a + b;
    case '-': return (a, b) => a - b;
    case '*': return (a, b) => a * b;
    case '/': return (a, b) => a / b;
    // numpy gives 0 (with a warning) for an integer division by zero.
    case '//': return int ? (a, b) => (b === 0 ? 0 : Math.floor(a / b)) : (a, b) => Math.floor(a / b);
    case '%': return int ? (a, b) => (b === 0 ? 0 : a - Math.floor(a / b) * b) : floatMod;
    case '**': return int ? (a, b) => {
      if (b < 0) throw new PyException('ValueError', 'Integers to negative integer powers are not allowed.');
      return Math.pow(a, b);
    } : Math.pow;
    case '&': return (a, b) => a & b;
    case '|': return (a, b) => a | b;
    case '^': return (a, b) => a ^ b;
    case 'maximum': return (a, b) => (Number.isNaN(a) || Number.isNaN(b) ? NaN : Math.max(a, b));
    case 'minimum': return (a, b) => (Number.isNaN(a) || Number.isNaN(b) ? NaN : Math.min(a, b));
    case 'arctan2': return Math.atan2;
  }
}

const UFUNC_NAMES: Partial<Record<BinaryUfunc, string>> = { '&': 'bitwise_and', '|': 'bitwise_or', '^': 'bitwise_xor' };

/** An elementwise binary op with broadcasting and numpy's result dtype. */
export function binary(op: BinaryUfunc, a: Operand, b: Operand): Arr {
  let dtype = promote(a, b);
  if (op === '/' || op === 'arctan2') dtype = isFloatType(dtype) ? dtype : 'float64';
  if ((op === '&' || op === '|' || op === '^') && isFloatType(dtype)) {
    throw new PyException('TypeError', `ufunc '${UFUNC_NAMES[op]}' not supported for the input types (${a.dtype} and ${b.dtype}); it takes ints or bools`);
  }
  if (dtype === 'bool' && (op === '+' || op === '*')) op = op === '+' ? '|' : '&'; // numpy: bool + is or, bool * is and
  if (dtype === 'bool' && !(op === '&' || op === '|' || op === '^' || op === 'maximum' || op === 'minimum')) {
    if (op === '-') throw new PyException('TypeError', 'numpy boolean subtract, the `-` operator, is not supported, use the bitwise_xor, the `^` operator, or the logical_xor function instead.');
    dtype = op === '/' ? 'float64' : 'int64';
  }
  const shape = broadcastShapes(a.shape, b.shape);
  const out = allocate(dtype, sizeOf(shape), `numpy ${UFUNC_NAMES[op] ?? op}`);
  const f = binaryKernel(op, dtype);
  const ad = a.data;
  const bd = b.data;
  const n = out.length;
  // The common cases without the broadcast walk: same shapes, or an array and a scalar.
  if ((ad.length === n || ad.length === 1) && (bd.length === n || bd.length === 1)) {
    const [sa, sb] = [ad.length === n ? 1 : 0, bd.length === n ? 1 : 0];
    for (let i = 0; i < n; i++) {
      pollInterrupt();
      out[i] = coerce(dtype, f(ad[i * sa], bd[i * sb]));
    }
    return { data: out, shape, dtype };
  }
  walk(shape, [broadcastStrides(a.shape, shape), broadcastStrides(b.shape, shape)], (i, [x, y]) => {
    out[i] = coerce(dtype, f(ad[x], bd[y]));
  });
  return { data: out, shape, dtype };
}

export function compareArrays(op: CompareUfunc, a: Operand, b: Operand): Arr {
  const shape = broadcastShapes(a.shape, b.shape);
  const out = allocate('bool', sizeOf(shape), 'numpy comparison');
  const test: (x: number, y: number) => boolean = {
    '==': (x: number, y: number) => x === y,
    '!=': (x: number, y: number) => x !== y,
    '<': (x: number, y: number) => x < y,
    '<=': (x: number, y: number) => x <= y,
    '>': (x: number, y: number) => x > y,
    '>=': (x: number, y: number) => x >= y,
  }[op];
  const ad = a.data;
  const bd = b.data;
  const n = out.length;
  if ((ad.length === n || ad.length === 1) && (bd.length === n || bd.length === 1)) {
    const [sa, sb] = [ad.length === n ? 1 : 0, bd.length === n ? 1 : 0];
    for (let i = 0; i < n; i++) {
      pollInterrupt();
      out[i] = test(ad[i * sa], bd[i * sb]) ? 1 : 0;
    }
    return { data: out, shape, dtype: 'bool' };
  }
  walk(shape, [broadcastStrides(a.shape, shape), broadcastStrides(b.shape, shape)], (i, [x, y]) => {
    out[i] = test(ad[x], bd[y]) ? 1 : 0;
  });
  return { data: out, shape, dtype: 'bool' };
}

/** An elementwise map into `dtype` (the unary ufuncs, astype). */
export function map(a: Arr, dtype: DType, f: (x: number) => number, what: string): Arr {
  const out = allocate(dtype, a.data.length, what);
  const d = a.data;
  for (let i = 0; i < d.length; i++) {
    pollInterrupt();
    out[i] = coerce(dtype, f(d[i]));
  }
  return { data: out, shape: [...a.shape], dtype };
}

/** The dtype a float-valued ufunc (exp, sqrt…) gives for an input dtype. */
export function floatResult(d: DType): DType {
  return d === 'float32' ? 'float32' : 'float64';
}

/** An axis argument normalized against `ndim`, or numpy's AxisError. */
export function normalizeAxis(axis: number, ndim: number): number {
  const a = axis < 0 ? axis + ndim : axis;
  if (a < 0 || a >= ndim || !Number.isInteger(a)) throw new PyException('AxisError', `axis ${axis} is out of bounds for array of dimension ${ndim}`);
  return a;
}

export type Reduction = 'sum' | 'prod' | 'mean' | 'var' | 'std' | 'min' | 'max' | 'any' | 'all';

function reductionDType(op: Reduction, d: DType): DType {
  switch (op) {
    case 'sum':
    case 'prod': return isFloatType(d) ? d : 'int64';
    case 'mean':
    case 'var':
    case 'std': return floatResult(d);
    case 'min':
    case 'max': return d;
    case 'any':
    case 'all': return 'bool';
  }
}

/**
 * A reduction over `axes` (all when undefined) with keepdims; accumulates in float64 and
 * stores in numpy's result dtype (sum of ints → int64, mean of ints → float64).
 */
export function reduce(op: Reduction, a: Arr, axes: readonly number[] | undefined, keepdims: boolean, ddof = 0): Arr {
  const nd = a.shape.length;
  const reduced = new Set((axes ?? [...a.shape.keys()]).map(x => normalizeAxis(x, Math.max(nd, 1))));
  if (axes && reduced.size !== axes.length) throw new PyException('ValueError', 'duplicate value in \'axis\'');
  const outShape = a.shape.map((n, i) => (reduced.has(i) ? 1 : n));
  const finalShape = keepdims ? outShape : a.shape.filter((_, i) => !reduced.has(i));
  const outSize = sizeOf(outShape);
  const count = a.data.length / Math.max(outSize, 1);
  if (count === 0 && (op === 'min' || op === 'max')) {
    throw new PyException('ValueError', `zero-size array to reduction operation ${op === 'min' ? 'minimum' : 'maximum'} which has no identity`);
  }
  const acc = new Float64Array(outSize).fill(op === 'prod' || op === 'all' ? 1 : op === 'min' ? Infinity : op === 'max' ? -Infinity : 0);
  const outStrides = strides(outShape).map((s, i) => (reduced.has(i) ? 0 : s));
  const d = a.data;
  const step: (acc: number, x: number) => number = {
    sum: (s: number, x: number) => s + x,
    mean: (s: number, x: number) => s + x,
    var: (s: number, x: number) => s + x,
    std: (s: number, x: number) => s + x,
    prod: (s: number, x: number) => s * x,
    min: (s: number, x: number) => (Number.isNaN(s) || x < s || Number.isNaN(x) ? x : s),
    max: (s: number, x: number) => (Number.isNaN(s) || x > s || Number.isNaN(x) ? x : s),
    any: (s: number, x: number) => (s || x ? 1 : 0),
    all: (s: number, x: number) => (s && x ? 1 : 0),
  }[op];
  walk(a.shape, [strides(a.shape), outStrides], (_, [src, dst]) => { acc[dst] = step(acc[dst], d[src]); });
  if (op === 'mean' || op === 'var' || op === 'std') for (let i = 0; i < outSize; i++) acc[i] /= count;
  if (op === 'var' || op === 'std') {
    const squares = new Float64Array(outSize);
    walk(a.shape, [strides(a.shape), outStrides], (_, [src, dst]) => {
      const dev = d[src] - acc[dst];
      squares[dst] += dev * dev;
    });
    for (let i = 0; i < outSize; i++) {
      const v = squares[i] / Math.max(count - ddof, 0);
      acc[i] = op === 'std' ? Math.sqrt(v) : v;
    }
  }
  const dtype = reductionDType(op, a.dtype);
  const out = allocate(dtype, outSize, `numpy ${op}`);
  for (let i = 0; i < outSize; i++) out[i] = coerce(dtype, acc[i]);
  return { data: out, shape: finalShape, dtype };
}

/** argmax/argmin along one axis (the first on ties), or over the flattened array. */
export function argReduce(which: 'argmax' | 'argmin', a: Arr, axis: number | undefined, keepdims: boolean): Arr {
  if (a.data.length === 0) throw new PyException('ValueError', `attempt to get ${which} of an empty sequence`);
  const better = which === 'argmax' ? (x: number, y: number) => x > y || (Number.isNaN(x) && !Number.isNaN(y)) : (x: number, y: number) => x < y || (Number.isNaN(x) && !Number.isNaN(y));
  const d = a.data;
  const best = (start: number, count: number, stride: number): number => {
    let k = 0;
    for (let i = 1; i < count; i++) {
      pollInterrupt();
      if (better(d[start + i * stride], d[start + k * stride])) k = i;
    }
    return k;
  };
  if (axis === undefined) {
    const shape = keepdims ? a.shape.map(() => 1) : [];
    return { data: Float64Array.of(best(0, d.length, 1)), shape, dtype: 'int64' };
  }
  const ax = normalizeAxis(axis, a.shape.length);
  const outer = sizeOf(a.shape.slice(0, ax));
  const inner = sizeOf(a.shape.slice(ax + 1));
  const n = a.shape[ax];
  const out = allocate('int64', outer * inner, `numpy ${which}`);
  for (let o = 0; o < outer; o++) for (let i = 0; i < inner; i++) out[o * inner + i] = best(o * n * inner + i, n, inner);
  const shape = keepdims ? a.shape.map((s, i) => (i === ax ? 1 : s)) : [...a.shape.slice(0, ax), ...a.shape.slice(ax + 1)];
  return { data: out, shape, dtype: 'int64' };
}

/** A copy with the axes permuted (transpose). */
export function transpose(a: Arr, axes: readonly number[]): Arr {
  const nd = a.shape.length;
  const perm = axes.map(x => normalizeAxis(x, nd));
  if (perm.length !== nd || new Set(perm).size !== nd) throw new PyException('ValueError', 'axes don\'t match array');
  const shape = perm.map(p => a.shape[p]);
  const own = strides(a.shape);
  const out = allocate(a.dtype, a.data.length, 'numpy transpose');
  const d = a.data;
  walk(shape, [perm.map(p => own[p])], (i, [o]) => { out[i] = d[o]; });
  return { data: out, shape, dtype: a.dtype };
}

/** Matrix product with numpy's matmul rules for 1-d and stacked (batched) operands. */
export function matmul(a: Arr, b: Arr): Arr {
  if (a.shape.length === 0 || b.shape.length === 0) throw new PyException('ValueError', "matmul: Input operand does not have enough dimensions (use * to multiply by a scalar)");
  const aShape = a.shape.length === 1 ? [1, a.shape[0]] : a.shape;
  const bShape = b.shape.length === 1 ? [b.shape[0], 1] : b.shape;
  const [n, k] = aShape.slice(-2);
  const [k2, m] = bShape.slice(-2);
  if (k !== k2) {
    throw new PyException('ValueError', `matmul: Input operand 1 has a mismatch in its core dimension 0, with gufunc signature (n?,k),(k,m?)->(n?,m?) (size ${k2} is different from ${k})`);
  }
  const batch = broadcastShapes(aShape.slice(0, -2), bShape.slice(0, -2));
  const dtype = promoteTypes(a.dtype, b.dtype) === 'bool' ? 'bool' : promoteTypes(a.dtype, b.dtype);
  const batches = sizeOf(batch);
  const out = allocate(dtype, batches * n * m, 'numpy matmul');
  const aBatch = broadcastStrides(aShape.slice(0, -2), batch).map(s => s * n * k);
  const bBatch = broadcastStrides(bShape.slice(0, -2), batch).map(s => s * k * m);
  const ad = a.data;
  const bd = b.data;
  walk(batch, [aBatch, bBatch], (t, [ao, bo]) => {
    for (let i = 0; i < n; i++) for (let j = 0; j < m; j++) {
      pollInterrupt();
      let s = 0;
      for (let q = 0; q < k; q++) s += ad[ao + i * k + q] * bd[bo + q * m + j];
      out[(t * n + i) * m + j] = coerce(dtype, s);
    }
  });
  const shape = [...batch, ...(a.shape.length === 1 ? [] : [n]), ...(b.shape.length === 1 ? [] : [m])];
  return { data: out, shape, dtype };
}
