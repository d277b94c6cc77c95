/**
 * Splitting and batching like Keras `fit` on in-memory arrays:
 * - validation_split takes the *last* fraction of the samples, before any shuffling,
 *   split_at = floor(N · (1 − validation_split)), and refuses splits that leave either side empty.
 * - each epoch visits every training sample once, in a fresh permutation when shuffling,
 *   in batches of batch_size with the last batch partial (unless dropRemainder).
 * The permutation of epoch e depends only on (seed, e), so a resumed run repeats it.
 */
import { Rng } from '../util/rng';

export function trainValidationSplit(numSamples: number, validationSplit: number): { train: Int32Array; validation: Int32Array } {
  if (!(validationSplit >= 0 && validationSplit < 1)) {
    throw new Error(`validation_split must be in [0, 1), got ${validationSplit}`);
  }
  const range = (a: number, b: number) => Int32Array.from({ length: b - a }, (_, i) => a + i);
  if (validationSplit === 0) return { train: range(0, numSamples), validation: new Int32Array(0) };
  const splitAt = Math.floor(numSamples * (1.0 - validationSplit));
  if (splitAt === 0 || splitAt === numSamples) {
    throw new Error(
      `Training data contains ${numSamples} samples, which is not sufficient to split it into a validation and ` +
        `training set as specified by validation_split=${validationSplit}. Either provide more data, or a different value for validation_split.`,
    );
  }
  return { train: range(0, splitAt), validation: range(splitAt, numSamples) };
}

export interface BatcherOptions {
  batchSize?: number;
  shuffle?: boolean;
  seed?: number | string;
  dropRemainder?: boolean;
}

export class Batcher {
  readonly indices: Int32Array;
  readonly batchSize: number;
  readonly shuffle: boolean;
  readonly dropRemainder: boolean;
  private readonly rng: Rng;

  /** `samples`: a count (0..n-1) or the explicit sample indices to draw from. */
  constructor(samples: number | Int32Array, opts: BatcherOptions = {}) {
    this.indices = typeof samples === 'number' ? Int32Array.from({ length: samples }, (_, i) => i) : Int32Array.from(samples);
    this.batchSize = opts.batchSize ?? 32;
    if (!Number.isInteger(this.batchSize) || this.batchSize < 1) throw new Error(`batch_size must be a positive integer, got ${this.batchSize}`);
    this.shuffle = opts.shuffle ?? true;
    this.dropRemainder = opts.dropRemainder ?? false;
    this.rng = new Rng(opts.seed ?? 0);
  }

  /** Batches per epoch (Keras: ceil(N / batch_size)). */
  get numBatches(): number {
    const n = this.indices.length;
    return this.dropRemainder ? Math.floor(n / this.batchSize) : Math.ceil(n / this.batchSize);
  }

  /** The order samples are visited in epoch `epoch` (0-based). */
  epochOrder(epoch: number): Int32Array {
    const order = Int32Array.from(this.indices);
    if (this.shuffle) this.rng.fork(`epoch/${epoch}`).shuffle(order);
    return order;
  }

  /** The sample indices of each batch of an epoch. */
  epochBatches(epoch: number): Int32Array[] {
    const order = this.epochOrder(epoch);
    const out: Int32Array[] = [];
    for (let b = 0; b < this.numBatches; b++) out.push(order.subarray(b * this.batchSize, Math.min(order.length, (b + 1) * this.batchSize)));
    return out;
  }
}

export type NumericArray = Int32Array | Float32Array | Float64Array | Uint8Array;

export interface SampleArray<A extends NumericArray = NumericArray> {
  /** First dim is the sample axis. */
  shape: number[];
  data: A;
}

/** Rows `indices` of a [N, ...] array, as a new [indices.length, ...] array of the same type. */
export function gatherSamples<A extends NumericArray>(arr: SampleArray<A>, indices: ArrayLike<number>): SampleArray<A> {
  const N = arr.shape[0];
  const row = N === 0 ? 0 : arr.data.length / N;
  const Ctor = arr.data.constructor as { new (n: number): A };
  const out = new Ctor(indices.length * row);
  for (let i = 0; i < indices.length; i++) {
    const s = indices[i];
    if (s < 0 || s >= N) throw new Error(`sample index ${s} is outside [0, ${N})`);
    out.set(arr.data.subarray(s * row, (s + 1) * row), i * row);
  }
  return { shape: [indices.length, ...arr.shape.slice(1)], data: out };
}
