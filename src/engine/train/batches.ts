// Row selection for mini-batches: copy rows `idx` of a [N, ...] tensor into a new [n, ...] tensor.
import type { TensorData, TypedData } from '../graph/types';

function rowSize(t: TensorData): number {
  return t.dims.slice(1).reduce((a, b) => a * b, 1);
}

export function takeRows(t: TensorData, idx: ArrayLike<number>): TensorData {
  const r = rowSize(t);
  const Ctor = t.data.constructor as { new (n: number): TypedData };
  const out = new Ctor(idx.length * r);
  for (let i = 0; i < idx.length; i++) {
    const src = idx[i] * r;
    (out as Float32Array).set((t.data as Float32Array).subarray(src, src + r), i * r);
  }
  return { dtype: t.dtype, dims: [idx.length, ...t.dims.slice(1)], data: out };
}

/** Batches of indices over a permutation (or 0..N−1); the last batch may be smaller. */
export function batchIndices(order: ArrayLike<number>, batchSize: number): Int32Array[] {
  const out: Int32Array[] = [];
  for (let s = 0; s < order.length; s += batchSize) out.push(Int32Array.from(Array.prototype.slice.call(order, s, Math.min(order.length, s + batchSize))));
  return out;
}
