// numpy's ndarray, the one array type of rnn cells: what `np.array`, datasets, `pad_sequences`
// and `predict` give and what `fit` takes. Contiguous row-major storage (see numpy/core.ts for
// the dtypes); indexing returns copies, never views, so `a[0][1] = 5` does not write into `a`
// (use `a[0, 1] = 5`). Operators broadcast through the PyObject operator hooks.
// Over 500 lines since numpy landed: indexing (slices, integer arrays, boolean masks, assignment
// through them) is the next piece to move to a module of its own.
import { PyException } from '../errors';
import {
  Arr, ArrayData, BinaryUfunc, CompareUfunc, DType, Reduction, allocate, argReduce, binary, broadcastShapes, broadcastStrides,
  coerce, compareArrays, isFloatType, map, matmul, normalizeAxis, reduce, shapeText, sizeOf, strides, transpose, walk,
} from '../numpy/core';
import { formatArray } from '../numpy/format';
import { pollInterrupt } from '../values/interrupt';
import { sliceBounds } from '../values/subscript';
import { PyEllipsis, PyList, PyObject, PySlice, PyTuple, Value, isInt, typeName } from '../values/types';
import { HostClass, HostObject, MethodSpec } from './objects';
import { Param } from './signature';

export type { ArrayData, DType } from '../numpy/core';

const AXIS: Param = { name: 'axis', default: null, types: ['int', 'tuple', 'None'], doc: 'The axis (or tuple of axes) to reduce; None: all of them.' };
const KEEPDIMS: Param = { name: 'keepdims', default: false, types: ['bool'], doc: 'Keep reduced axes with size 1.' };

function reduction(op: Reduction, doc: string, extra: Param[] = []): MethodSpec<NdArray> {
  return {
    signature: { name: `ndarray.${op}`, params: [AXIS, ...extra, KEEPDIMS], doc },
    call: (self, a) => self.reduce(op, a.axis, a.keepdims === true, a.ddof === undefined ? 0 : Number(a.ddof)),
  };
}

const DDOF: Param = { name: 'ddof', default: 0n, types: ['int'], doc: 'Delta degrees of freedom: divide by N - ddof.' };

const ndarrayClass: HostClass<NdArray> = new HostClass<NdArray>({
  name: 'ndarray',
  module: 'numpy',
  doc: 'An n-dimensional numpy array (float32, float64, int32, int64 or bool).',
  attributes: {
    shape: { doc: 'The size of each dimension, as a tuple.', type: 'tuple' },
    ndim: { doc: 'The number of dimensions.', type: 'int' },
    dtype: { doc: "The element type: 'float32', 'float64', 'int32', 'int64' or 'bool'.", type: 'str' },
    size: { doc: 'The number of elements.', type: 'int' },
    T: { doc: 'The array with its axes reversed.', type: 'ndarray' },
  },
  methods: {
    tolist: {
      signature: { name: 'ndarray.tolist', params: [], doc: 'The elements as nested Python lists.' },
      call: self => self.toList(),
    },
    item: {
      signature: { name: 'ndarray.item', params: [], doc: 'The one element of a size-1 array as a Python number.' },
      call: self => {
        if (self.size !== 1) throw new PyException('ValueError', 'can only convert an array of size 1 to a Python scalar');
        return self.scalar(0);
      },
    },
    argmax: {
      signature: { name: 'ndarray.argmax', params: [{ ...AXIS, types: ['int', 'None'] }, KEEPDIMS], doc: 'Indices of the largest values along an axis (the first on ties).' },
      call: (self, a) => self.argReduce('argmax', a.axis, a.keepdims === true),
    },
    argmin: {
      signature: { name: 'ndarray.argmin', params: [{ ...AXIS, types: ['int', 'None'] }, KEEPDIMS], doc: 'Indices of the smallest values along an axis (the first on ties).' },
      call: (self, a) => self.argReduce('argmin', a.axis, a.keepdims === true),
    },
    copy: {
      signature: { name: 'ndarray.copy', params: [], doc: 'A copy of the array.' },
      call: self => new NdArray(self.data.slice(), self.shape, self.dtype),
    },
    astype: {
      signature: { name: 'ndarray.astype', params: [{ name: 'dtype', doc: "The new element type: np.float32, 'int64', float, int, bool…" }], doc: 'A copy converted to another dtype.' },
      call: (self, a) => self.astype(dtypeOf(a.dtype, 'astype')),
    },
    reshape: {
      signature: { name: 'ndarray.reshape', params: [{ name: 'shape', kind: 'var-positional', doc: 'The new shape (one dimension may be -1), as a tuple or as arguments.' }], doc: 'The same elements in a new shape.' },
      call: (self, a) => {
        const args = (a.shape as PyTuple).items;
        return self.reshape(args.length === 1 && (args[0] instanceof PyTuple || args[0] instanceof PyList) ? args[0] : new PyTuple(args));
      },
    },
    flatten: {
      signature: { name: 'ndarray.flatten', params: [], doc: 'A 1-d copy of the elements.' },
      call: self => new NdArray(self.data.slice(), [self.size], self.dtype),
    },
    ravel: {
      signature: { name: 'ndarray.ravel', params: [], doc: 'The elements as a 1-d array.' },
      call: self => new NdArray(self.data.slice(), [self.size], self.dtype),
    },
    transpose: {
      signature: { name: 'ndarray.transpose', params: [{ name: 'axes', kind: 'var-positional', doc: 'The new order of the axes; none: reversed.' }], doc: 'The array with its axes permuted.' },
      call: (self, a) => {
        const args = (a.axes as PyTuple).items;
        const axes = args.length === 0 ? null : args.length === 1 && (args[0] instanceof PyTuple || args[0] instanceof PyList || args[0] === null) ? args[0] : new PyTuple(args);
        return self.transposed(axes);
      },
    },
    squeeze: {
      signature: { name: 'ndarray.squeeze', params: [AXIS], doc: 'The array without its size-1 axes.' },
      call: (self, a) => self.squeeze(a.axis),
    },
    sum: reduction('sum', 'The sum of the elements over an axis (ints sum as int64).'),
    prod: reduction('prod', 'The product of the elements over an axis.'),
    mean: reduction('mean', 'The mean over an axis (ints give float64).'),
    var: reduction('var', 'The variance over an axis.', [DDOF]),
    std: reduction('std', 'The standard deviation over an axis.', [DDOF]),
    min: reduction('min', 'The smallest element over an axis.'),
    max: reduction('max', 'The largest element over an axis.'),
    any: reduction('any', 'Whether any element over an axis is true.'),
    all: reduction('all', 'Whether every element over an axis is true.'),
    cumsum: {
      signature: { name: 'ndarray.cumsum', params: [{ ...AXIS, types: ['int', 'None'] }], doc: 'Cumulative sums along an axis (flattened when None).' },
      call: (self, a) => self.cumsum(a.axis),
    },
    argsort: {
      signature: { name: 'ndarray.argsort', params: [{ ...AXIS, default: -1n, types: ['int', 'None'] }], doc: 'The indices that sort the array along an axis (stable).' },
      call: (self, a) => self.argsort(a.axis),
    },
    fill: {
      signature: { name: 'ndarray.fill', params: [{ name: 'value', types: ['float'], doc: 'The value for every element.' }], doc: 'Sets every element to a value.' },
      call: (self, a) => {
        self.data.fill(coerce(self.dtype, Number(a.value)));
        return null;
      },
    },
    dot: {
      signature: { name: 'ndarray.dot', params: [{ name: 'b', doc: 'The other operand.' }], doc: 'The dot product (matrix product for 2-d arrays).' },
      call: (self, a) => self.dot(toNdArray(a.b)),
    },
    round: {
      signature: { name: 'ndarray.round', params: [{ name: 'decimals', default: 0n, types: ['int'], doc: 'Decimal places.' }], doc: 'Elements rounded half to even.' },
      call: (self, a) => self.rounded(Number(a.decimals)),
    },
    clip: {
      signature: { name: 'ndarray.clip', params: [{ name: 'min', default: null, doc: 'The lower bound (None: none).' }, { name: 'max', default: null, doc: 'The upper bound (None: none).' }], doc: 'Elements limited to [min, max].' },
      call: (self, a) => self.clip(a.min, a.max),
    },
  },
});

/** A numpy index entry for one position of a key. */
type Entry =
  | { kind: 'int'; axis: number; i: number }
  | { kind: 'slice'; axis: number; start: number; step: number; length: number }
  | { kind: 'new' }
  | { kind: 'array'; axis: number; index: Arr };

const DTYPE_ALIASES: Readonly<Record<string, DType>> = {
  float32: 'float32', float64: 'float64', float: 'float64', double: 'float64', f4: 'float32', f8: 'float64',
  int32: 'int32', int64: 'int64', int: 'int64', i4: 'int32', i8: 'int64', bool: 'bool', bool_: 'bool',
};

/** A dtype argument: 'float32', np.float32, or the builtins float, int and bool. */
export function dtypeOf(v: Value, what: string): DType {
  const name = typeof v === 'string' ? v : v instanceof PyObject && 'name' in v && typeof v.name === 'string' ? v.name : undefined;
  const d = name === undefined ? undefined : DTYPE_ALIASES[name.replace(/^numpy\./, '')];
  if (!d) throw new PyException('TypeError', `${what}: data type ${typeof v === 'string' ? `'${v}'` : typeName(v)} is not supported in rnn cells (float32, float64, int32, int64 or bool)`);
  return d;
}

function storageDType(data: ArrayData): DType {
  if (data instanceof Float32Array) return 'float32';
  if (data instanceof Int32Array) return 'int32';
  if (data instanceof Uint8Array) return 'bool';
  return 'float64';
}

export class NdArray extends HostObject implements Arr {
  readonly hostClass = ndarrayClass;
  readonly dtype: DType;

  /** `dtype` defaults to the storage's (Float64Array: float64; pass 'int64' for int64 data). */
  constructor(readonly data: ArrayData, readonly shape: readonly number[], dtype?: DType) {
    super();
    this.dtype = dtype ?? storageDType(data);
    const size = sizeOf(shape);
    if (size !== data.length) throw new Error(`array data of ${data.length} elements does not fit shape [${shape.join(', ')}]`);
    if (storageDType(data) !== (this.dtype === 'int64' ? 'float64' : this.dtype)) throw new Error(`${data.constructor.name} storage cannot hold ${this.dtype}`);
  }

  static of(a: Arr): NdArray {
    return a instanceof NdArray ? a : new NdArray(a.data, a.shape, a.dtype);
  }

  static fromNested(rows: readonly unknown[], dtype: DType): NdArray {
    const shape: number[] = [];
    for (let level: unknown = rows; Array.isArray(level); level = level[0]) shape.push(level.length);
    const flat = (rows as unknown[]).flat(shape.length) as number[];
    const data = allocate(dtype, flat.length, 'an array');
    flat.forEach((x, i) => { data[i] = coerce(dtype, x); });
    return new NdArray(data, shape, dtype);
  }

  get size(): number {
    return this.data.length;
  }

  override getAttribute(name: string): Value | undefined {
    switch (name) {
      case 'shape': return new PyTuple(this.shape.map(n => BigInt(n)));
      case 'ndim': return BigInt(this.shape.length);
      case 'dtype': return this.dtype;
      case 'size': return BigInt(this.data.length);
      case 'T': return this.transposed(null);
      default: return undefined;
    }
  }

  override length(): number {
    if (this.shape.length === 0) throw new PyException('TypeError', 'len() of unsized object');
    return this.shape[0];
  }

  override *iterate(): Iterator<Value> {
    const n = this.length();
    for (let i = 0; i < n; i++) yield this.getItem(BigInt(i));
  }

  override truthy(): boolean {
    if (this.size !== 1) {
      throw new PyException('ValueError', this.size === 0
        ? 'The truth value of an empty array is ambiguous. Use `array.size > 0` to check that an array is not empty.'
        : 'The truth value of an array with more than one element is ambiguous. Use a.any() or a.all()');
    }
    return this.data[0] !== 0;
  }

  /** One element as a Python value: bool, int or float. */
  scalar(offset: number): Value {
    const x = this.data[offset];
    if (this.dtype === 'bool') return x !== 0;
    return isFloatType(this.dtype) ? x : BigInt(x);
  }

  /** A 0-d result as a Python scalar, anything else as an array (what numpy's functions return). */
  static result(a: Arr): Value {
    const nd = NdArray.of(a);
    return a.shape.length === 0 ? nd.scalar(0) : nd;
  }

  // ---- indexing ----

  /** The entries of a key, one per indexed axis, with `...` expanded and missing axes filled. */
  private entries(key: Value): Entry[] {
    const items = key instanceof PyTuple ? [...key.items] : [key];
    const nd = this.shape.length;
    const parsed: (Entry | 'ellipsis' | { kind: 'mask'; mask: NdArray })[] = [];
    for (const item of items) {
      if (item instanceof PyEllipsis) parsed.push('ellipsis');
      else if (item === null) parsed.push({ kind: 'new' });
      else if (item instanceof PySlice) parsed.push({ kind: 'slice', axis: -1, start: 0, step: 1, length: 0 });
      else if (isInt(item)) parsed.push({ kind: 'int', axis: -1, i: Number(item) });
      else if (item instanceof NdArray || item instanceof PyList) {
        const index = toNdArray(item);
        if (index.dtype === 'bool') parsed.push({ kind: 'mask', mask: index });
        else if (isFloatType(index.dtype) && index.size > 0) throw new PyException('IndexError', 'arrays used as indices must be of integer (or boolean) type');
        else parsed.push({ kind: 'array', axis: -1, index });
      } else {
        throw new PyException('IndexError', `only integers, slices (\`:\`), ellipsis (\`...\`), numpy.newaxis (\`None\`) and integer or boolean arrays are valid indices, not ${typeName(item)}`);
      }
    }
    if (parsed.filter(p => p === 'ellipsis').length > 1) throw new PyException('IndexError', "an index can only have a single ellipsis ('...')");
    const consumed = parsed.reduce((n, p) => n + (p === 'ellipsis' || p.kind === 'new' ? 0 : p.kind === 'mask' ? p.mask.shape.length : 1), 0);
    if (consumed > nd) throw new PyException('IndexError', `too many indices for array: array is ${nd}-dimensional, but ${consumed} were indexed`);
    const out: Entry[] = [];
    let axis = 0;
    const full = (): Entry => ({ kind: 'slice', axis: axis++, start: 0, step: 1, length: this.shape[axis - 1] });
    for (let k = 0; k < parsed.length; k++) {
      const p = parsed[k];
      if (p === 'ellipsis') {
        for (let n = 0; n < nd - consumed; n++) out.push(full());
        continue;
      }
      const item = items[k];
      if (p.kind === 'new') out.push(p);
      else if (p.kind === 'slice') {
        const b = sliceBounds(item as PySlice, this.shape[axis]);
        out.push({ kind: 'slice', axis: axis++, start: b.start, step: b.step, length: b.length });
      } else if (p.kind === 'int') {
        const size = this.shape[axis];
        const i = p.i < 0 ? p.i + size : p.i;
        if (i < 0 || i >= size) throw new PyException('IndexError', `index ${p.i} is out of bounds for axis ${axis} with size ${size}`);
        out.push({ kind: 'int', axis: axis++, i });
      } else if (p.kind === 'array') out.push({ kind: 'array', axis: axis++, index: p.index });
      else {
        const m = p.mask;
        m.shape.forEach((n, j) => {
          if (n !== this.shape[axis + j]) throw new PyException('IndexError', `boolean index did not match indexed array along axis ${axis + j}; size of axis is ${this.shape[axis + j]} but size of corresponding boolean axis is ${n}`);
        });
        for (const index of nonzero(m)) out.push({ kind: 'array', axis: axis++, index });
      }
    }
    while (axis < nd) out.push(full());
    return out;
  }

  /** The selected elements' flat offsets, in the result's row-major order, and the result's shape. */
  private select(key: Value): { shape: number[]; offsets: Float64Array; advanced: boolean } {
    const entries = this.entries(key);
    const own = strides(this.shape);
    const hasArrays = entries.some(e => e.kind === 'array');
    // With an index array present, integers are 0-d index arrays (numpy's advanced indexing).
    const advanced = entries.map((e, k) => ({ e, k })).filter(({ e }) => e.kind === 'array' || (hasArrays && e.kind === 'int'));
    let bShape: number[] = [];
    const indices: { axis: number; flat: Float64Array }[] = [];
    if (hasArrays) {
      for (const { e } of advanced) bShape = broadcastShapes(bShape, e.kind === 'array' ? e.index.shape : []);
      for (const { e } of advanced) {
        const axis = (e as { axis: number }).axis;
        const size = this.shape[axis];
        const source: Arr = e.kind === 'array' ? e.index : { data: Float64Array.of((e as { i: number }).i), shape: [], dtype: 'int64' };
        const flat = allocate('float64', sizeOf(bShape), 'an index array') as Float64Array;
        walk(bShape, [broadcastStrides(source.shape, bShape)], (i, [o]) => {
          let x = source.data[o];
          if (x < -size || x >= size) throw new PyException('IndexError', `index ${x} is out of bounds for axis ${axis} with size ${size}`);
          if (x < 0) x += size;
          flat[i] = x;
        });
        indices.push({ axis, flat });
      }
    }
    const positions = advanced.map(a => a.k);
    const adjacent = positions.every((p, i) => i === 0 || p === positions[i - 1] + 1);
    const shape: number[] = [];
    const basicStrides: number[] = [];
    const bDim: boolean[] = [];
    let base = 0;
    const pushB = () => bShape.forEach(n => { shape.push(n); basicStrides.push(0); bDim.push(true); });
    if (hasArrays && !adjacent) pushB();
    entries.forEach((e, k) => {
      if (e.kind === 'new') {
        shape.push(1); basicStrides.push(0); bDim.push(false);
      } else if (e.kind === 'slice') {
        shape.push(e.length); basicStrides.push(e.step * own[e.axis]); bDim.push(false);
        base += e.start * own[e.axis];
      } else if (hasArrays) {
        if (adjacent && k === positions[0]) pushB();
      } else if (e.kind === 'int') base += e.i * own[e.axis];
    });
    const bStrides: number[] = [];
    const bOwn = strides(bShape);
    let j = 0;
    for (const isB of bDim) bStrides.push(isB ? bOwn[j++] : 0);
    const offsets = allocate('float64', sizeOf(shape), 'an indexing result') as Float64Array;
    walk(shape, [basicStrides, bStrides], (i, [o, b]) => {
      let offset = base + o;
      for (const { axis, flat } of indices) offset += flat[b] * own[axis];
      offsets[i] = offset;
    });
    return { shape, offsets, advanced: hasArrays };
  }

  override getItem(key: Value): Value {
    if (isInt(key) && this.shape.length >= 1) return this.row(key);
    const { shape, offsets } = this.select(key);
    if (shape.length === 0 && !(key instanceof NdArray)) return this.scalar(offsets[0]);
    const out = allocate(this.dtype, offsets.length, 'an indexing result');
    for (let i = 0; i < offsets.length; i++) {
      pollInterrupt();
      out[i] = this.data[offsets[i]];
    }
    return new NdArray(out, shape, this.dtype);
  }

  /** `a[i]`: one row (a copy) or, for 1-d arrays, one element. */
  private row(key: bigint | boolean): Value {
    const n = this.shape[0];
    const raw = Number(key);
    const i = raw < 0 ? raw + n : raw;
    if (i < 0 || i >= n) throw new PyException('IndexError', `index ${raw} is out of bounds for axis 0 with size ${n}`);
    if (this.shape.length === 1) return this.scalar(i);
    const inner = this.size / n;
    return new NdArray(this.data.slice(i * inner, (i + 1) * inner), this.shape.slice(1), this.dtype);
  }

  /** `a[key] = value` for any key getItem takes; the value broadcasts to the selection. */
  override setItem(key: Value, value: Value): void {
    const source = toNdArray(value);
    const { shape, offsets, advanced } = this.select(key);
    let valueShape = source.shape;
    while (valueShape.length > shape.length && valueShape[0] === 1) valueShape = valueShape.slice(1);
    const fits = valueShape.length <= shape.length && valueShape.every((n, i) => n === 1 || n === shape[shape.length - valueShape.length + i]);
    if (!fits) {
      const message = advanced
        ? `shape mismatch: value array of shape (${shapeText(source.shape)}) could not be broadcast to indexing result of shape (${shapeText(shape)})`
        : `could not broadcast input array from shape (${shapeText(source.shape)}) into shape (${shapeText(shape)})`;
      throw new PyException('ValueError', message);
    }
    const d = source.data;
    walk(shape, [broadcastStrides(valueShape, shape)], (i, [o]) => { this.data[offsets[i]] = coerce(this.dtype, d[o]); });
  }

  // ---- operators ----

  override binaryOp(op: string, other: Value, reflected: boolean): Value | undefined {
    const that = operand(other);
    if (!that) return undefined;
    const [a, b] = reflected ? [that, this as Arr] : [this as Arr, that];
    if (op === '@') return NdArray.result(matmul(a, b));
    if (!['+', '-', '*', '/', '//', '%', '**', '&', '|', '^'].includes(op)) return undefined;
    return NdArray.of(binary(op as BinaryUfunc, a, b));
  }

  override compareOp(op: string, other: Value, reflected: boolean): Value | undefined {
    const that = operand(other);
    if (!that) return undefined;
    const [a, b] = reflected ? [that, this as Arr] : [this as Arr, that];
    return NdArray.of(compareArrays(op as CompareUfunc, a, b));
  }

  override unaryOp(op: '-' | '+' | '~'): Value {
    if (op === '+') return new NdArray(this.data.slice(), this.shape, this.dtype);
    if (op === '~') {
      if (isFloatType(this.dtype)) throw new PyException('TypeError', "ufunc 'invert' not supported for the input types; it takes ints or bools");
      return NdArray.of(map(this, this.dtype, this.dtype === 'bool' ? x => (x ? 0 : 1) : x => ~x, 'numpy invert'));
    }
    if (this.dtype === 'bool') throw new PyException('TypeError', 'The numpy boolean negative, the `-` operator, is not supported, use the `~` operator or the logical_not function instead.');
    return NdArray.of(map(this, this.dtype, x => -x, 'numpy negative'));
  }

  // ---- methods shared with the numpy functions ----

  astype(dtype: DType): NdArray {
    return NdArray.of(map(this, dtype, x => x, 'astype'));
  }

  reduce(op: Reduction, axis: Value | undefined, keepdims: boolean, ddof = 0): Value {
    return NdArray.result(reduce(op, this, axesOf(axis), keepdims, ddof));
  }

  argReduce(which: 'argmax' | 'argmin', axis: Value | undefined, keepdims = false): Value {
    return NdArray.result(argReduce(which, this, axis === null || axis === undefined ? undefined : Number(axis), keepdims));
  }

  /** numpy argmax (kept for callers that pass a number). */
  argmax(axis?: number): Value {
    return this.argReduce('argmax', axis === undefined ? null : BigInt(axis));
  }

  reshape(shapeArg: Value): NdArray {
    const wanted = intsOf(shapeArg, 'reshape');
    const unknown = wanted.filter(n => n === -1).length;
    if (unknown > 1) throw new PyException('ValueError', 'can only specify one unknown dimension');
    const known = wanted.filter(n => n !== -1).reduce((a, b) => a * b, 1);
    const shape = wanted.map(n => (n === -1 ? (known === 0 ? 0 : this.size / known) : n));
    if (shape.some(n => n < 0 || !Number.isInteger(n)) || sizeOf(shape) !== this.size) {
      throw new PyException('ValueError', `cannot reshape array of size ${this.size} into shape (${wanted.join(',')}${wanted.length === 1 ? ',' : ''})`);
    }
    return new NdArray(this.data.slice(), shape, this.dtype);
  }

  transposed(axes: Value): NdArray {
    const order = axes === null ? [...this.shape.keys()].reverse() : intsOf(axes, 'transpose');
    return NdArray.of(transpose(this, order));
  }

  squeeze(axis: Value | undefined): NdArray {
    const axes = axesOf(axis)?.map(a => normalizeAxis(a, this.shape.length));
    for (const a of axes ?? []) if (this.shape[a] !== 1) throw new PyException('ValueError', 'cannot select an axis to squeeze out which has size not equal to one');
    const shape = this.shape.filter((n, i) => (axes ? !axes.includes(i) : n !== 1));
    return new NdArray(this.data.slice(), shape, this.dtype);
  }

  cumsum(axis: Value | undefined): NdArray {
    const flat = axis === null || axis === undefined;
    const a: NdArray = flat ? new NdArray(this.data, [this.size], this.dtype) : this;
    const ax = flat ? 0 : normalizeAxis(Number(axis), this.shape.length);
    const dtype = isFloatType(a.dtype) ? a.dtype : 'int64';
    const out = allocate(dtype, a.size, 'cumsum');
    const inner = sizeOf(a.shape.slice(ax + 1));
    const n = a.shape[ax];
    for (let i = 0; i < a.size; i++) {
      pollInterrupt();
      const along = Math.floor(i / inner) % n;
      out[i] = coerce(dtype, a.data[i] + (along > 0 ? out[i - inner] : 0));
    }
    return new NdArray(out, [...a.shape], dtype);
  }

  argsort(axis: Value | undefined): NdArray {
    const flat = axis === null;
    const a: NdArray = flat ? new NdArray(this.data, [this.size], this.dtype) : this;
    if (a.shape.length === 0) return new NdArray(Float64Array.of(0), [], 'int64');
    const ax = flat ? 0 : normalizeAxis(axis === undefined ? -1 : Number(axis), a.shape.length);
    const out = allocate('int64', a.size, 'argsort');
    const inner = sizeOf(a.shape.slice(ax + 1));
    const n = a.shape[ax];
    const outer = sizeOf(a.shape.slice(0, ax));
    const order = (x: number, y: number) => (Number.isNaN(x) ? (Number.isNaN(y) ? 0 : 1) : Number.isNaN(y) ? -1 : x - y);
    for (let o = 0; o < outer; o++) for (let i = 0; i < inner; i++) {
      const start = o * n * inner + i;
      const idx = [...Array(n).keys()];
      idx.sort((p, q) => order(a.data[start + p * inner], a.data[start + q * inner]) || p - q);
      idx.forEach((k, j) => { pollInterrupt(); out[start + j * inner] = k; });
    }
    return new NdArray(out, [...a.shape], 'int64');
  }

  dot(other: NdArray): Value {
    if (this.shape.length === 0 || other.shape.length === 0) return NdArray.result(binary('*', this, other));
    if (other.shape.length > 2) throw new PyException('NotImplementedError', 'np.dot of an array with more than 2 dimensions on the right is not supported in rnn cells; use np.matmul');
    return NdArray.result(matmul(this, other));
  }

  rounded(decimals: number): NdArray {
    const scale = 10 ** decimals;
    const half = (x: number) => {
      const y = x * scale;
      const r = Math.round(y);
      return (Math.abs(y % 1) === 0.5 ? 2 * Math.round(y / 2) : r) / scale;
    };
    return NdArray.of(map(this, this.dtype, isFloatType(this.dtype) ? half : x => x, 'round'));
  }

  clip(low: Value, high: Value): NdArray {
    if (low === null && high === null) throw new PyException('ValueError', 'One of max or min must be given');
    let out: Arr = { data: this.data, shape: this.shape, dtype: this.dtype };
    if (low !== null) out = binary('maximum', out, operand(low) ?? badOperand(low));
    if (high !== null) out = binary('minimum', out, operand(high) ?? badOperand(high));
    return NdArray.of(out);
  }

  toList(): Value {
    if (this.shape.length === 0) return this.scalar(0);
    const items: Value[] = [];
    for (let i = 0; i < this.shape[0]; i++) {
      const row = this.getItem(BigInt(i));
      items.push(row instanceof NdArray ? row.toList() : row);
    }
    return new PyList(items);
  }

  override repr(): string {
    return formatArray(this, 'repr');
  }

  override str(): string {
    return formatArray(this, 'str');
  }
}

function badOperand(v: Value): never {
  throw new PyException('TypeError', `an array operand must be a number or an array, not ${typeName(v)}`);
}

/** The flat positions of a bool array's true elements, one int64 index array per axis (np.nonzero). */
export function nonzero(m: Arr): NdArray[] {
  let count = 0;
  for (let i = 0; i < m.data.length; i++) if (m.data[i] !== 0) count++;
  const nd = Math.max(m.shape.length, 1);
  const out = Array.from({ length: nd }, () => allocate('int64', count, 'nonzero'));
  const shape = m.shape.length ? m.shape : [1];
  const counter = new Array<number>(nd).fill(0);
  let k = 0;
  for (let i = 0; i < m.data.length; i++) {
    pollInterrupt();
    if (m.data[i] !== 0) {
      for (let a = 0; a < nd; a++) out[a][k] = counter[a];
      k++;
    }
    for (let a = nd - 1; a >= 0; a--) {
      if (++counter[a] < shape[a]) break;
      counter[a] = 0;
    }
  }
  return out.map(d => new NdArray(d, [count], 'int64'));
}

/** An operand of an array operator: arrays, Python numbers (weak scalars) and nested lists. */
function operand(v: Value): (Arr & { weak?: boolean }) | undefined {
  if (v instanceof NdArray) return v;
  if (typeof v === 'boolean') return { data: Uint8Array.of(v ? 1 : 0), shape: [], dtype: 'bool', weak: true };
  if (typeof v === 'bigint') return { data: Float64Array.of(Number(v)), shape: [], dtype: 'int64', weak: true };
  if (typeof v === 'number') return { data: Float64Array.of(v), shape: [], dtype: 'float64', weak: true };
  if (v instanceof PyList || v instanceof PyTuple) return toNdArray(v);
  return undefined;
}

/** An int, or a tuple/list of ints, as numbers (a shape or an axes argument). */
export function intsOf(v: Value, what: string): number[] {
  if (isInt(v)) return [Number(v)];
  if (v instanceof PyTuple || v instanceof PyList) {
    return v.items.map(x => {
      if (!isInt(x)) throw new PyException('TypeError', `${what}: '${typeName(x)}' object cannot be interpreted as an integer`);
      return Number(x);
    });
  }
  throw new PyException('TypeError', `${what}: '${typeName(v)}' object cannot be interpreted as an integer`);
}

/** An axis argument: None (every axis), an int, or a tuple of ints. */
export function axesOf(v: Value | undefined): number[] | undefined {
  return v === null || v === undefined ? undefined : intsOf(v, 'axis');
}

/**
 * Any value as an array (np.asarray): arrays as they are, Python numbers as 0-d arrays and
 * nested lists/tuples (of numbers or arrays) with numpy's dtype inference: bools → bool, ints
 * → int64, any float → float64. `dtype` converts.
 */
export function toNdArray(v: Value, dtype?: DType): NdArray {
  if (v instanceof NdArray) return dtype && dtype !== v.dtype ? v.astype(dtype) : v;
  const shape: number[] = [];
  for (let level: Value = v; ; ) {
    if (level instanceof PyList || level instanceof PyTuple) {
      shape.push(level.items.length);
      if (level.items.length === 0) break;
      level = level.items[0];
    } else if (level instanceof NdArray) {
      shape.push(...level.shape);
      break;
    } else break;
  }
  const values: number[] = [];
  let kind = 0; // 0 bool, 1 int, 2 float
  let from: DType | undefined;
  const visit = (x: Value, depth: number): void => {
    if (depth < shape.length && (x instanceof PyList || x instanceof PyTuple)) {
      if (x.items.length !== shape[depth]) throw inhomogeneous(depth);
      for (const item of x.items) visit(item, depth + 1);
      return;
    }
    if (x instanceof NdArray) {
      if (x.shape.length !== shape.length - depth || x.shape.some((n, i) => n !== shape[depth + i])) throw inhomogeneous(depth);
      from = from ? (from === x.dtype ? from : 'float64') : x.dtype;
      kind = Math.max(kind, x.dtype === 'bool' ? 0 : isFloatType(x.dtype) ? 2 : 1);
      for (let i = 0; i < x.data.length; i++) values.push(x.data[i]);
      return;
    }
    if (depth !== shape.length) throw inhomogeneous(depth);
    pollInterrupt();
    if (typeof x === 'boolean') values.push(x ? 1 : 0);
    else if (typeof x === 'bigint') {
      kind = Math.max(kind, 1);
      values.push(Number(x));
    } else if (typeof x === 'number') {
      kind = 2;
      values.push(x);
    } else if (x instanceof PyList || x instanceof PyTuple) throw inhomogeneous(depth);
    else throw new PyException('TypeError', `an array element must be a number, not ${typeName(x)}`);
  };
  visit(v, 0);
  const inferred: DType = from && values.length === sizeOf(shape) && kind === (from === 'bool' ? 0 : isFloatType(from) ? 2 : 1) ? from : (['bool', 'int64', 'float64'] as const)[kind];
  const target = dtype ?? (values.length === 0 ? 'float64' : inferred);
  const data = allocate(target, values.length, 'np.array');
  values.forEach((x, i) => { data[i] = coerce(target, x); });
  return new NdArray(data, shape, target);
}

function inhomogeneous(depth: number): PyException {
  return new PyException('ValueError', `setting an array element with a sequence. The requested array has an inhomogeneous shape after ${depth} dimensions.`);
}
