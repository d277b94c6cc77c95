// Shape-moving ops: Constant, Shape, Reshape, Transpose, (Un)squeeze, Concat, Split, Slice,
// Expand, ConstantOfShape, Identity, Cast. Gradients route values back without arithmetic.
import type { Graph } from '../graph/graph';
import { normAxis, numel } from '../graph/shape';
import { A, Dim, DType, isFloat, TensorData, Value } from '../graph/types';
import { defineOp } from './registry';
import { reduceSumTo } from './reduce';

// ---------------------------------------------------------------- helpers

/** Multiply dims, staying symbolic ('T*B') when any is a symbol. */
function mulDims(ds: Dim[]): Dim {
  const n = numel(ds);
  if (n !== undefined) return n;
  return ds.filter((d) => d !== 1).join('*');
}

function constInts(v: Value | null): number[] | undefined {
  if (!v) return undefined;
  if (v.content && v.content.every((d) => typeof d === 'number')) return v.content;
  return undefined;
}

function tensorContent(t: TensorData): Dim[] | undefined {
  if (t.dtype !== 'int64' || t.dims.length > 1) return undefined;
  return Array.from(t.data as BigInt64Array, (x) => Number(x));
}

// ---------------------------------------------------------------- Constant

defineOp('Constant', {
  infer: (_i, attrs) => {
    const a = attrs.value;
    if (a?.kind !== 'tensor') throw new Error('Constant needs a tensor value');
    return [{ dtype: a.v.dtype, shape: a.v.dims.slice(), content: tensorContent(a.v) }];
  },
  grad: () => [],
});

// ---------------------------------------------------------------- Identity

defineOp('Identity', {
  infer: ([x]) => [{ dtype: x!.dtype, shape: x!.shape, content: x!.content }],
  grad: (_g, _n, [d]) => [d],
});

export const identity = (g: Graph, x: Value): Value => g.op('Identity', [x]);

// ---------------------------------------------------------------- Shape

/** The runtime shape of x as a 1-D int64 tensor. */
export const shapeOf = (g: Graph, x: Value): Value => g.op('Shape', [x]);

// ---------------------------------------------------------------- Reshape

defineOp('Reshape', {
  infer: ([x, s]) => {
    const c = s!.content;
    if (!c) throw new Error('Reshape: target shape must have known rank/content');
    const out: Dim[] = c.map((d, i) => (d === 0 ? x!.shape[i] : d));
    const hole = out.indexOf(-1);
    if (hole >= 0) {
      const total = numel(x!.shape);
      const rest = numel(out.filter((_, i) => i !== hole));
      if (total !== undefined && rest !== undefined) out[hole] = total / rest;
      else {
        // Symbolic: what is left of x's dims after removing the known ones (best effort name).
        const known = out.filter((_, i) => i !== hole);
        const remaining = x!.shape.filter((d) => !known.includes(d));
        out[hole] = mulDims(remaining);
      }
    }
    return [{ dtype: x!.dtype, shape: out }];
  },
  grad: (g, n, [d]) => [g.op('Reshape', [d!, shapeOf(g, n.inputs[0]!)]), null],
});

/** Reshape with ONNX semantics (0 = keep that dim, -1 = infer one dim). */
export function reshape(g: Graph, x: Value, dims: number[] | Value): Value {
  return g.op('Reshape', [x, Array.isArray(dims) ? g.ints(dims) : dims]);
}

// ---------------------------------------------------------------- Transpose

defineOp('Transpose', {
  infer: ([x], attrs) => {
    const r = x!.shape.length;
    const perm = attrs.perm?.kind === 'ints' ? attrs.perm.v : [...Array(r).keys()].reverse();
    return [{ dtype: x!.dtype, shape: perm.map((p) => x!.shape[p]) }];
  },
  grad: (g, n, [d]) => {
    const perm = (n.attrs.perm as { v: number[] }).v;
    const inv = perm.slice();
    perm.forEach((p, i) => (inv[p] = i));
    return [transpose(g, d!, inv)];
  },
});

export const transpose = (g: Graph, x: Value, perm: number[]): Value => g.op('Transpose', [x], { perm: A.ints(perm) });

/** Swap the last two axes (matrix transpose over leading batch dims). */
export function transposeLast2(g: Graph, x: Value): Value {
  const r = x.shape.length;
  const perm = [...Array(r).keys()];
  [perm[r - 2], perm[r - 1]] = [perm[r - 1], perm[r - 2]];
  return transpose(g, x, perm);
}

// ---------------------------------------------------------------- Unsqueeze / Squeeze (axes as input since opset 13)

defineOp('Unsqueeze', {
  infer: ([x, ax]) => {
    const axes = constInts(ax);
    if (!axes) throw new Error('Unsqueeze: axes must be constant');
    const r = x!.shape.length + axes.length;
    const norm = axes.map((a) => normAxis(a, r)).sort((a, b) => a - b);
    const out: Dim[] = [];
    let k = 0;
    for (let i = 0; i < r; i++) out.push(norm.includes(i) ? 1 : x!.shape[k++]);
    const content = x!.content && x!.shape.length === 0 ? x!.content : undefined;
    return [{ dtype: x!.dtype, shape: out, content }];
  },
  grad: (g, n, [d]) => [g.op('Reshape', [d!, shapeOf(g, n.inputs[0]!)]), null],
});

export const unsqueeze = (g: Graph, x: Value, axes: number[]): Value => g.op('Unsqueeze', [x, g.ints(axes)]);

defineOp('Squeeze', {
  infer: ([x, ax]) => {
    const axes = constInts(ax);
    if (!axes) throw new Error('Squeeze: axes must be constant');
    const r = x!.shape.length;
    const norm = axes.map((a) => normAxis(a, r));
    return [{ dtype: x!.dtype, shape: x!.shape.filter((_, i) => !norm.includes(i)) }];
  },
  grad: (g, n, [d]) => [g.op('Reshape', [d!, shapeOf(g, n.inputs[0]!)]), null],
});

export const squeeze = (g: Graph, x: Value, axes: number[]): Value => g.op('Squeeze', [x, g.ints(axes)]);

// ---------------------------------------------------------------- Concat

defineOp('Concat', {
  infer: (xs, attrs) => {
    const x0 = xs[0]!;
    const axis = normAxis((attrs.axis as { v: number }).v, x0.shape.length);
    const out = x0.shape.slice();
    out[axis] = mulAdd(xs.map((x) => x!.shape[axis]));
    const content =
      x0.dtype === 'int64' && x0.shape.length === 1 && xs.every((x) => x!.content)
        ? xs.flatMap((x) => x!.content!)
        : undefined;
    return [{ dtype: x0.dtype, shape: out, content }];
  },
  grad: (g, n, [d], needs) => {
    // Slice the gradient back into the pieces along the concat axis.
    const axis = normAxis((n.attrs.axis as { v: number }).v, d!.shape.length);
    const sizes = n.inputs.map((x) => x!.shape[axis]);
    const out: (Value | null)[] = [];
    let start: Value | number = 0;
    for (let i = 0; i < n.inputs.length; i++) {
      const size = sizes[i];
      let end: Value | number;
      if (typeof start === 'number' && typeof size === 'number') end = start + size;
      else end = g.op('Add', [asIntTensor(g, start), dimOf(g, n.inputs[i]!, axis)]);
      out.push(needs[i] ? slice(g, d!, [start], [end], [axis]) : null);
      start = end;
    }
    return out;
  },
});

function mulAdd(ds: Dim[]): Dim {
  if (ds.every((d) => typeof d === 'number')) return ds.reduce((a, b) => a + b, 0);
  return ds.join('+');
}

export const concat = (g: Graph, xs: Value[], axis: number): Value => g.op('Concat', xs, { axis: A.i(axis) });

/** One dim of x at runtime as a 1-element int64 tensor. */
export function dimOf(g: Graph, x: Value, axis: number): Value {
  const a = normAxis(axis, x.shape.length);
  return g.op('Shape', [x], { start: A.i(a), end: A.i(a + 1) });
}

function asIntTensor(g: Graph, x: Value | number): Value {
  return typeof x === 'number' ? g.ints([x]) : x;
}

// The Shape op with start/end (opset 15): fix up its inference to honour them.
defineOp('Shape', {
  infer: ([x], attrs) => {
    const r = x!.shape.length;
    const s = attrs.start?.kind === 'int' ? attrs.start.v : 0;
    const e = attrs.end?.kind === 'int' ? attrs.end.v : r;
    const content = x!.shape.slice(s < 0 ? s + r : s, e < 0 ? e + r : e);
    return [{ dtype: 'int64', shape: [content.length], content }];
  },
});

// ---------------------------------------------------------------- Split (sizes as input since opset 13)

defineOp('Split', {
  infer: ([x, sp], attrs) => {
    const axis = normAxis((attrs.axis as { v: number }).v, x!.shape.length);
    const sizes = constInts(sp);
    if (!sizes) throw new Error('Split: sizes must be constant');
    return sizes.map((s) => {
      const shape = x!.shape.slice();
      shape[axis] = s;
      return { dtype: x!.dtype, shape };
    });
  },
  grad: (g, n, dOuts) => {
    const pieces = dOuts.map((d, i) => d ?? zerosLike(g, n.outputs[i]));
    return [concat(g, pieces, (n.attrs.axis as { v: number }).v), null];
  },
});

export function split(g: Graph, x: Value, sizes: number[], axis: number): Value[] {
  return g.emit('Split', [x, g.ints(sizes)], { axis: A.i(axis) }, sizes.length);
}

// ---------------------------------------------------------------- Slice (starts/ends/axes as inputs)

defineOp('Slice', {
  infer: ([x, st, en, ax, sp]) => {
    const r = x!.shape.length;
    const axes = constInts(ax) ?? [...Array(r).keys()];
    const starts = constInts(st);
    const ends = constInts(en);
    const steps = constInts(sp);
    const out = x!.shape.slice();
    if (steps && steps.some((s) => s !== 1)) {
      // The one strided form we use: a full reversal (start −1, end −∞, step −1) keeps the shape.
      if (!isReversal(starts, ends, steps)) throw new Error('Slice: only step 1 or a full reversal is supported');
      return [{ dtype: x!.dtype, shape: out }];
    }
    axes.forEach((a0, k) => {
      const a = normAxis(a0, r);
      const dim = x!.shape[a];
      if (starts && ends) {
        const s = starts[k];
        const e = ends[k];
        if (typeof dim === 'number') {
          const cs = Math.max(0, Math.min(dim, s < 0 ? s + dim : s));
          const ce = Math.max(0, Math.min(dim, e < 0 ? e + dim : e));
          out[a] = Math.max(0, ce - cs);
        } else if (s >= 0 && e >= 0 && e < 2 ** 30) out[a] = e - s;
        else if (s >= 0 && e >= 2 ** 30) out[a] = s === 0 ? dim : `${dim}-${s}`;
        else out[a] = `${dim}'`;
      } else out[a] = `${typeof dim === 'string' ? dim : 'n'}'`;
    });
    let content: Dim[] | undefined;
    if (x!.content && r === 1 && starts && ends) {
      const L = x!.content.length;
      const s = starts[0] < 0 ? starts[0] + L : starts[0];
      const e = ends[0] < 0 ? ends[0] + L : Math.min(ends[0], L);
      content = x!.content.slice(s, e);
    }
    return [{ dtype: x!.dtype, shape: out, content }];
  },
  grad: (g, n, [d]) => {
    // A reversal's gradient is the same reversal.
    if (isReversal(constInts(n.inputs[1]), constInts(n.inputs[2]), constInts(n.inputs[4]))) {
      return [g.op('Slice', [d!, n.inputs[1], n.inputs[2], n.inputs[3], n.inputs[4]]), null, null, null, null];
    }
    // Scatter the slice back into zeros of the input's shape: Pad needs static amounts, so
    // build it as a ScatterND-free sum: zeros with the slice placed by Pad where static,
    // otherwise by concatenating zero blocks before and after along each sliced axis.
    const x = n.inputs[0]!;
    const axes = constInts(n.inputs[3]) ?? [...Array(x.shape.length).keys()];
    if (axes.length !== 1) throw new Error('Slice grad: one axis at a time');
    const a = normAxis(axes[0], x.shape.length);
    const startsV = n.inputs[1]!;
    const endsV = n.inputs[2]!;
    const dimX = dimOf(g, x, a);
    // Clamp start/end to [0, dim] at runtime the same way Slice does (non-negative starts assumed).
    const s = g.op('Min', [startsV, dimX]);
    const e = g.op('Min', [endsV, dimX]);
    const before = zerosAlong(g, d!, a, s);
    const after = zerosAlong(g, d!, a, g.op('Sub', [dimX, e]));
    return [concat(g, [before, d!, after], a), null, null, null, null];
  },
});

const MIN_INT = -(2 ** 62);

function isReversal(starts?: number[], ends?: number[], steps?: number[]): boolean {
  return !!steps && !!starts && !!ends && steps.every((s) => s === -1) && starts.every((s) => s === -1) && ends.every((e) => e <= MIN_INT);
}

/** x reversed along `axis` (Slice with step −1): time reversal for Bidirectional outputs. */
export function reverse(g: Graph, x: Value, axis: number): Value {
  return g.op('Slice', [x, g.ints([-1]), g.ints([MIN_INT]), g.ints([axis]), g.ints([-1])]);
}

/** Zeros shaped like x except `len` (1-element int64 tensor) along `axis`. */
function zerosAlong(g: Graph, x: Value, axis: number, len: Value): Value {
  const r = x.shape.length;
  const parts: Value[] = [];
  if (axis > 0) parts.push(g.op('Shape', [x], { start: A.i(0), end: A.i(axis) }));
  parts.push(len);
  if (axis < r - 1) parts.push(g.op('Shape', [x], { start: A.i(axis + 1), end: A.i(r) }));
  const shape = parts.length === 1 ? parts[0] : concat(g, parts, 0);
  const z = constantOfShape(g, shape, x.dtype, 0);
  // Shape inference: same as x except the axis is unknown.
  return z;
}

/** x[starts:ends] along axes (step 1). Numbers become constants; Values are used as given. */
export function slice(g: Graph, x: Value, starts: (number | Value)[], ends: (number | Value)[], axes: number[]): Value {
  const pack = (xs: (number | Value)[]) =>
    xs.every((v) => typeof v === 'number')
      ? g.ints(xs)
      : xs.length === 1
        ? (xs[0] as Value)
        : concat(g, xs.map((v) => (typeof v === 'number' ? g.ints([v]) : v)), 0);
  return g.op('Slice', [x, pack(starts), pack(ends), g.ints(axes)]);
}

// ---------------------------------------------------------------- ConstantOfShape / Expand

defineOp('ConstantOfShape', {
  infer: ([s], attrs) => {
    const t = (attrs.value as { v: TensorData }).v;
    const c = s!.content ?? [...Array(s!.shape[0] as number).keys()].map((i) => `d${i}`);
    return [{ dtype: t.dtype, shape: c.slice() }];
  },
});

export function constantOfShape(g: Graph, shape: Value, dtype: DType, value: number): Value {
  const data =
    dtype === 'float32' ? new Float32Array([value]) : dtype === 'float64' ? new Float64Array([value]) : dtype === 'int64' ? new BigInt64Array([BigInt(value)]) : new Uint8Array([value]);
  return g.op('ConstantOfShape', [shape], { value: A.t({ dtype, dims: [1], data }) });
}

export const zerosLike = (g: Graph, x: Value): Value => constantOfShape(g, shapeOf(g, x), x.dtype, 0);

defineOp('Expand', {
  infer: ([x, s]) => {
    const c = s!.content;
    if (!c) throw new Error('Expand: target shape content unknown');
    const r = Math.max(c.length, x!.shape.length);
    const out: Dim[] = [];
    for (let i = 0; i < r; i++) {
      const a = x!.shape[i - (r - x!.shape.length)] ?? 1;
      const b = c[i - (r - c.length)] ?? 1;
      out.push(a === 1 ? b : a);
    }
    return [{ dtype: x!.dtype, shape: out }];
  },
  grad: (g, n, [d]) => [reduceSumTo(g, d!, n.inputs[0]!.shape), null],
});

export const expand = (g: Graph, x: Value, shape: Value): Value => g.op('Expand', [x, shape]);

// ---------------------------------------------------------------- Cast

const CAST_TO: Record<DType, number> = { float32: 1, float64: 11, int64: 7, bool: 9 };
const CAST_FROM: Record<number, DType> = { 1: 'float32', 11: 'float64', 7: 'int64', 9: 'bool' };

defineOp('Cast', {
  infer: ([x], attrs) => [{ dtype: CAST_FROM[(attrs.to as { v: number }).v], shape: x!.shape, content: x!.content }],
  // Gradient flows only float → float (a bool mask or int index has no gradient).
  grad: (g, n, [d]) => {
    const x = n.inputs[0]!;
    return [isFloat(x.dtype) && isFloat(d!.dtype) ? cast(g, d!, x.dtype) : null];
  },
});

export function cast(g: Graph, x: Value, to: DType): Value {
  if (x.dtype === to) return x;
  return g.op('Cast', [x], { to: A.i(CAST_TO[to]) });
}

/** dims start..end−1 of x's runtime shape, as a 1-D int64 tensor. */
export function shapeRange(g: Graph, x: Value, start: number, end: number): Value {
  return g.op('Shape', [x], { start: A.i(start), end: A.i(end) });
}
