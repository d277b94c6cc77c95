// Shuffling and train/test splitting shared by the loaders. Row gathers work on any
// [N, ...] array so x and y of one split always take the same rows.
import { Rng } from '../../util/rng';
import { DataArray, product } from './types';

/** Test size as Keras' validation_split rounds it: the last floor(n * fraction) rows. */
export function testCount(n: number, testSplit: number): number {
  if (!(testSplit >= 0 && testSplit < 1)) throw new Error(`test_split must be in [0, 1), got ${testSplit}`);
  return Math.floor(n * testSplit);
}

/** A seeded permutation split into train and test row indices. */
export function shuffledSplit(n: number, testSplit: number, rng: Rng): { train: Int32Array; test: Int32Array } {
  const order = rng.permutation(n);
  const nTest = testCount(n, testSplit);
  return { train: order.slice(0, n - nTest), test: order.slice(n - nTest) };
}

/** Rows `rows` of a [N, ...] array, in that order. */
export function takeRows(a: DataArray, rows: ArrayLike<number>): DataArray {
  const width = product(a.shape.slice(1));
  const out = a.dtype === 'float32' ? new Float32Array(rows.length * width) : new Int32Array(rows.length * width);
  for (let i = 0; i < rows.length; i++) out.set(a.data.subarray(rows[i] * width, (rows[i] + 1) * width), i * width);
  return { dtype: a.dtype, shape: [rows.length, ...a.shape.slice(1)], data: out };
}
