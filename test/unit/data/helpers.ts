// Shared by the datasets tests: the repository's media/data and small array helpers.
import * as path from 'path';
import { DataArray, nodeDataFiles } from '../../../src/engine/data/datasets';

/** Compiled tests run from out/test/unit/data; the repository root is four levels up. */
export const REPO = path.resolve(__dirname, '..', '..', '..', '..');
export const DATA_DIR = path.join(REPO, 'media', 'data');
export const ctx = { files: nodeDataFiles(DATA_DIR) };

/** Row i of a [N, ...] array as a plain array. */
export function row(a: DataArray, i: number): number[] {
  const w = a.data.length / a.shape[0];
  return Array.from(a.data.subarray(i * w, (i + 1) * w));
}

export function rowKeys(a: DataArray): Set<string> {
  return new Set(Array.from({ length: a.shape[0] }, (_, i) => row(a, i).join(',')));
}

export function bytesEqual(a: DataArray, b: DataArray): boolean {
  return a.dtype === b.dtype && a.shape.join() === b.shape.join() && Buffer.compare(Buffer.from(a.data.buffer, a.data.byteOffset, a.data.byteLength), Buffer.from(b.data.buffer, b.data.byteOffset, b.data.byteLength)) === 0;
}

export function mean(xs: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < xs.length; i++) s += xs[i];
  return s / xs.length;
}

/** Largest element (spreading a typed array of 200k values into Math.max overflows the stack). */
export function maxOf(...arrays: ArrayLike<number>[]): number {
  let m = -Infinity;
  for (const a of arrays) for (let i = 0; i < a.length; i++) if (a[i] > m) m = a[i];
  return m;
}
