import { checkAllocation } from '../../keras/allocation';

/**
 * keras.utils.pad_sequences (Keras 3), same defaults: padding='pre', truncating='pre',
 * value=0, dtype='int32', maxlen = longest sequence. Elements may be numbers or
 * equal-length feature vectors (then the result is [N, maxlen, F]).
 * Like NumPy's cast, int dtypes truncate toward zero (value 0.5 → 0 in int32).
 */
type PadDtype = 'int32' | 'float32' | 'float64';
type PadArray = Int32Array | Float32Array | Float64Array;

export interface PadOptions {
  maxlen?: number | null;
  dtype?: PadDtype;
  padding?: 'pre' | 'post';
  truncating?: 'pre' | 'post';
  value?: number;
}

export interface Padded {
  /** [N, maxlen] or [N, maxlen, F]. */
  shape: number[];
  data: PadArray;
}

function alloc(dtype: PadDtype, n: number): PadArray {
  if (dtype === 'int32') return new Int32Array(n);
  if (dtype === 'float32') return new Float32Array(n);
  if (dtype === 'float64') return new Float64Array(n);
  throw new Error(`pad_sequences: dtype must be int32, float32 or float64, got '${dtype as string}'`);
}

export function padSequences(sequences: ReadonlyArray<ReadonlyArray<number | ReadonlyArray<number>>>, opts: PadOptions = {}): Padded {
  const padding = opts.padding ?? 'pre', truncating = opts.truncating ?? 'pre';
  if (padding !== 'pre' && padding !== 'post') throw new Error(`Padding type "${padding}" not understood`);
  if (truncating !== 'pre' && truncating !== 'post') throw new Error(`Truncating type "${truncating}" not understood`);
  const dtype = opts.dtype ?? 'int32', value = opts.value ?? 0;
  const N = sequences.length;
  const maxlen = opts.maxlen ?? sequences.reduce((m, s) => Math.max(m, s.length), 0);
  if (!Number.isInteger(maxlen) || maxlen < 0) throw new Error(`pad_sequences: maxlen must be a non-negative integer, got ${maxlen}`);
  // Feature width from the first non-empty sequence, as Keras takes sample_shape.
  const first = sequences.find((s) => s.length > 0);
  const F = first && Array.isArray(first[0]) ? (first[0] as ReadonlyArray<number>).length : 0;
  const width = F || 1;
  const bytesPerElement = dtype === 'float64' ? 8 : 4;
  checkAllocation(`pad_sequences of ${N} sequences to maxlen=${maxlen}${F ? ` with ${F} features` : ''}`, N * maxlen * width, bytesPerElement);
  const out = alloc(dtype, N * maxlen * width).fill(value);
  sequences.forEach((s, idx) => {
    if (s.length === 0 || maxlen === 0) return;
    const trunc = truncating === 'pre' ? s.slice(Math.max(0, s.length - maxlen)) : s.slice(0, maxlen);
    const start = padding === 'post' ? 0 : maxlen - trunc.length;
    trunc.forEach((el, k) => {
      const base = (idx * maxlen + start + k) * width;
      if (F) {
        if (!Array.isArray(el) || el.length !== F) {
          throw new Error(`pad_sequences: sequence ${idx} element ${k} does not have the feature width ${F} of the first sequence`);
        }
        for (let f = 0; f < F; f++) out[base + f] = (el as ReadonlyArray<number>)[f];
      } else {
        if (typeof el !== 'number') throw new Error(`pad_sequences: sequence ${idx} element ${k} is not a number`);
        out[base] = el;
      }
    });
  });
  return { shape: F ? [N, maxlen, F] : [N, maxlen], data: out };
}

/** Rows of a padded [N, maxlen] array as plain arrays (handy for display and tests). */
export function toRows(p: Padded): number[][] {
  const [N] = p.shape;
  const w = p.data.length / Math.max(1, N);
  return Array.from({ length: N }, (_, i) => Array.from(p.data.subarray(i * w, (i + 1) * w)));
}
