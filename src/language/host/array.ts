// A small n-d numeric array, because datasets hand cells arrays: .shape, .ndim, .dtype,
// len(), iteration over rows, integer/slice/`...` indexing (arr[:, -1], arr[::2]) and
// tolist(). Contiguous row-major Float32Array/Int32Array storage; indexing copies.
import { PyException } from '../errors';
import { formatGeneral } from '../values/floats';
import { sequenceIndex, sliceBounds } from '../values/subscript';
import { PyEllipsis, PyList, PySlice, PyTuple, Value, isInt, typeName } from '../values/types';
import { HostClass, HostObject } from './objects';

export type DType = 'float32' | 'int32';
export type ArrayData = Float32Array | Int32Array;

const ndarrayClass: HostClass<NdArray> = new HostClass<NdArray>({
  name: 'ndarray',
  module: 'numpy',
  doc: 'An n-dimensional array of float32 or int32 numbers (what datasets return).',
  attributes: {
    shape: { doc: 'The size of each dimension, as a tuple.', type: 'tuple' },
    ndim: { doc: 'The number of dimensions.', type: 'int' },
    dtype: { doc: "'float32' or 'int32'.", type: 'str' },
    size: { doc: 'The number of elements.', type: 'int' },
  },
  methods: {
    tolist: {
      signature: { name: 'ndarray.tolist', params: [], doc: 'The elements as nested Python lists.' },
      call: self => self.toList(),
    },
    argmax: {
      signature: {
        name: 'ndarray.argmax',
        params: [{ name: 'axis', default: null, types: ['int', 'None'], doc: 'The axis to reduce (negative counts from the end); None: the index in the flattened array.' }],
        doc: 'Indices of the largest values along an axis (the first on ties), as numpy.',
      },
      call: (self, a) => self.argmax(a.axis === null || a.axis === undefined ? undefined : Number(a.axis)),
    },
    copy: {
      signature: { name: 'ndarray.copy', params: [], doc: 'A copy of the array.' },
      call: self => new NdArray(self.data.slice(), self.shape),
    },
  },
});

/** One step of an index: take one position (dropping the axis) or a range of them. */
type AxisIndex = { take: number } | { start: number; step: number; length: number };

export class NdArray extends HostObject {
  readonly hostClass = ndarrayClass;

  constructor(readonly data: ArrayData, readonly shape: readonly number[]) {
    super();
    const size = shape.reduce((a, b) => a * b, 1);
    if (size !== data.length) throw new Error(`array data of ${data.length} elements does not fit shape [${shape.join(', ')}]`);
  }

  static fromNested(rows: readonly unknown[], dtype: DType): NdArray {
    const shape: number[] = [];
    for (let level: unknown = rows; Array.isArray(level); level = level[0]) shape.push(level.length);
    const flat = (rows as unknown[]).flat(shape.length) as number[];
    return new NdArray(dtype === 'float32' ? Float32Array.from(flat) : Int32Array.from(flat), shape);
  }

  get dtype(): DType {
    return this.data instanceof Float32Array ? 'float32' : 'int32';
  }

  private get strides(): number[] {
    const strides = new Array<number>(this.shape.length);
    let stride = 1;
    for (let i = this.shape.length - 1; i >= 0; i--) {
      strides[i] = stride;
      stride *= this.shape[i];
    }
    return strides;
  }

  override getAttribute(name: string): Value | undefined {
    switch (name) {
      case 'shape': return new PyTuple(this.shape.map(n => BigInt(n)));
      case 'ndim': return BigInt(this.shape.length);
      case 'dtype': return this.dtype;
      case 'size': return BigInt(this.data.length);
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

  private scalar(offset: number): Value {
    const x = this.data[offset];
    return this.data instanceof Float32Array ? x : BigInt(x);
  }

  /** Normalizes a Python index (int, slice, `...`, or a tuple of them) to one entry per axis. */
  private axisIndices(key: Value): AxisIndex[] {
    const items = key instanceof PyTuple ? [...key.items] : [key];
    const ellipses = items.filter(i => i instanceof PyEllipsis).length;
    if (ellipses > 1) throw new PyException('IndexError', "an index can only have a single ellipsis ('...')");
    const explicit = items.length - ellipses;
    if (explicit > this.shape.length) {
      throw new PyException('IndexError', `too many indices for array: array is ${this.shape.length}-dimensional, but ${explicit} were indexed`);
    }
    const expanded: Value[] = [];
    for (const item of items) {
      if (item instanceof PyEllipsis) for (let k = 0; k < this.shape.length - explicit; k++) expanded.push(new PySlice(null, null, null));
      else expanded.push(item);
    }
    while (expanded.length < this.shape.length) expanded.push(new PySlice(null, null, null));
    return expanded.map((item, axis) => {
      const size = this.shape[axis];
      if (item instanceof PySlice) {
        const b = sliceBounds(item, size);
        return { start: b.start, step: b.step, length: b.length };
      }
      if (isInt(item)) {
        try {
          return { take: sequenceIndex(item, size, 'array') };
        } catch {
          throw new PyException('IndexError', `index ${item} is out of bounds for axis ${axis} with size ${size}`);
        }
      }
      throw new PyException('IndexError', `only integers, slices (\`:\`) and ellipsis (\`...\`) are valid indices, not ${typeName(item)}`);
    });
  }

  override getItem(key: Value): Value {
    const axes = this.axisIndices(key);
    const strides = this.strides;
    const outShape = axes.flatMap(a => ('take' in a ? [] : [a.length]));
    const total = outShape.reduce((a, b) => a * b, 1);
    const base = axes.reduce((offset, a, i) => offset + ('take' in a ? a.take * strides[i] : a.start * strides[i]), 0);
    if (outShape.length === 0) return this.scalar(base);
    const out = this.data instanceof Float32Array ? new Float32Array(total) : new Int32Array(total);
    const ranged = axes.map((a, i) => ({ a, stride: strides[i] })).filter(x => !('take' in x.a));
    const counter = new Array<number>(ranged.length).fill(0);
    for (let n = 0; n < total; n++) {
      let offset = base;
      for (let k = 0; k < ranged.length; k++) offset += counter[k] * (ranged[k].a as { step: number }).step * ranged[k].stride;
      out[n] = this.data[offset];
      for (let k = ranged.length - 1; k >= 0; k--) {
        if (++counter[k] < outShape[k]) break;
        counter[k] = 0;
      }
    }
    return new NdArray(out, outShape);
  }

  /**
   * `a[i, j, k] = v` with an integer per axis (the one-hot writes of a decoding loop); numbers
   * only, stored in the array's dtype.
   */
  override setItem(key: Value, value: Value): void {
    const axes = this.axisIndices(key);
    if (!axes.every(a => 'take' in a)) throw new PyException('NotImplementedError', 'array assignment takes one integer index per axis (a[0, t, k] = 1); slices are not supported');
    if (typeof value !== 'number' && typeof value !== 'bigint' && typeof value !== 'boolean') throw new PyException('TypeError', `an array element must be a number, not ${typeName(value)}`);
    const strides = this.strides;
    const offset = axes.reduce((o, a, i) => o + a.take * strides[i], 0);
    const x = Number(value);
    this.data[offset] = this.data instanceof Int32Array ? Math.trunc(x) : x;
  }

  /** numpy argmax: int32 indices over `axis`, or one int over the flattened array. */
  argmax(axis?: number): Value {
    if (this.data.length === 0) throw new PyException('ValueError', 'attempt to get argmax of an empty sequence');
    const best = (start: number, count: number, stride: number) => {
      let k = 0;
      for (let i = 1; i < count; i++) if (this.data[start + i * stride] > this.data[start + k * stride]) k = i;
      return k;
    };
    if (axis === undefined) return BigInt(best(0, this.data.length, 1));
    const nd = this.shape.length;
    const ax = axis < 0 ? axis + nd : axis;
    if (ax < 0 || ax >= nd) throw new PyException('AxisError', `axis ${axis} is out of bounds for array of dimension ${nd}`);
    const outer = this.shape.slice(0, ax).reduce((a, b) => a * b, 1);
    const inner = this.shape.slice(ax + 1).reduce((a, b) => a * b, 1);
    const n = this.shape[ax];
    const out = new Int32Array(outer * inner);
    for (let o = 0; o < outer; o++) for (let i = 0; i < inner; i++) out[o * inner + i] = best(o * n * inner + i, n, inner);
    const shape = [...this.shape.slice(0, ax), ...this.shape.slice(ax + 1)];
    return shape.length ? new NdArray(out, shape) : BigInt(out[0]);
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
    return `array(${this.body(this.shape.length === 0 ? [] : this.shape, 0, 7)}, dtype=${this.dtype})`;
  }

  /** numpy-like nested text, with rows beyond 6 summarized as '...'. */
  private body(shape: readonly number[], offset: number, indent: number): string {
    if (shape.length === 0) return this.elementText(this.data[offset]);
    const [n, ...rest] = shape;
    const inner = rest.reduce((a, b) => a * b, 1);
    const show = n > 6 ? [0, 1, 2, -1, n - 3, n - 2, n - 1] : [...Array(n).keys()];
    const parts = show.map(i => (i < 0 ? '...' : this.body(rest, offset + i * inner, indent + 1)));
    const separator = rest.length ? ',\n' + ' '.repeat(indent) : ', ';
    return '[' + parts.join(separator) + ']';
  }

  private elementText(x: number): string {
    if (this.data instanceof Int32Array) return String(x);
    if (!Number.isFinite(x)) return Number.isNaN(x) ? 'nan' : x > 0 ? 'inf' : '-inf';
    const text = formatGeneral(x, 8);
    return /[.e]/.test(text) ? text : text + '.';
  }
}
