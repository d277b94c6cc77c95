/**
 * The oracle's only data type: a row-major float64 array with a shape. Deliberately
 * plain (no broadcasting, no views) so each layer's arithmetic reads as a loop nest.
 */
export interface Tensor {
  shape: number[];
  data: Float64Array;
}

export function tensor(shape: number[], data?: ArrayLike<number>): Tensor {
  const n = shape.reduce((a, b) => a * b, 1);
  const d = data === undefined ? new Float64Array(n) : Float64Array.from(data);
  if (d.length !== n) throw new Error(`tensor: shape [${shape.join(', ')}] needs ${n} values, got ${d.length}`);
  return { shape: [...shape], data: d };
}

export function zeros(shape: number[]): Tensor {
  return tensor(shape);
}

export function assertShape(t: Tensor, shape: (number | null)[], what: string): void {
  const ok = t.shape.length === shape.length && shape.every((d, i) => d === null || d === t.shape[i]);
  if (!ok) {
    const want = shape.map((d) => (d === null ? '?' : String(d))).join(', ');
    throw new Error(`${what}: expected shape [${want}], got [${t.shape.join(', ')}]`);
  }
}

/** x: [B, T, F] → the [B, F] slice at time t (a copy). */
export function timeSlice(x: Tensor, t: number): Tensor {
  const [B, T, F] = x.shape;
  const out = zeros([B, F]);
  for (let b = 0; b < B; b++) out.data.set(x.data.subarray((b * T + t) * F, (b * T + t + 1) * F), b * F);
  return out;
}

/** steps: T tensors of [B, F] → [B, T, F]. */
export function stackTime(steps: Tensor[]): Tensor {
  const T = steps.length;
  const [B, F] = steps[0].shape;
  const out = zeros([B, T, F]);
  for (let t = 0; t < T; t++)
    for (let b = 0; b < B; b++) out.data.set(steps[t].data.subarray(b * F, (b + 1) * F), (b * T + t) * F);
  return out;
}

/** [B, T, F] reversed along time. */
export function reverseTime(x: Tensor): Tensor {
  const [, T] = x.shape;
  const steps = Array.from({ length: T }, (_, t) => timeSlice(x, T - 1 - t));
  return stackTime(steps);
}

/** Concatenate along the last axis (same leading dims). */
export function concatLast(a: Tensor, b: Tensor): Tensor {
  const fa = a.shape[a.shape.length - 1], fb = b.shape[b.shape.length - 1];
  const rows = a.data.length / fa;
  if (b.data.length / fb !== rows) throw new Error('concatLast: leading dims differ');
  const out = zeros([...a.shape.slice(0, -1), fa + fb]);
  for (let r = 0; r < rows; r++) {
    out.data.set(a.data.subarray(r * fa, (r + 1) * fa), r * (fa + fb));
    out.data.set(b.data.subarray(r * fb, (r + 1) * fb), r * (fa + fb) + fa);
  }
  return out;
}

export function elementwise(a: Tensor, b: Tensor, f: (x: number, y: number) => number): Tensor {
  if (a.data.length !== b.data.length) throw new Error('elementwise: sizes differ');
  const out = zeros(a.shape);
  for (let i = 0; i < a.data.length; i++) out.data[i] = f(a.data[i], b.data[i]);
  return out;
}

/**
 * y = x·W (+ bias), x: [N, K] (any leading dims flattened), W: [K, M], bias: [M] → [N, M].
 * Used for kernels laid out as Keras stores them: [input, output].
 */
export function matmulBias(x: Tensor, w: Tensor, bias?: Float64Array | null): Tensor {
  const K = w.shape[0], M = w.shape[1];
  const N = x.data.length / K;
  if (x.shape[x.shape.length - 1] !== K) {
    throw new Error(`matmul: x last dim ${x.shape[x.shape.length - 1]} does not match kernel rows ${K}`);
  }
  const out = zeros([...x.shape.slice(0, -1), M]);
  const xd = x.data, wd = w.data, od = out.data;
  for (let n = 0; n < N; n++) {
    for (let m = 0; m < M; m++) od[n * M + m] = bias ? bias[m] : 0;
    for (let k = 0; k < K; k++) {
      const xv = xd[n * K + k];
      if (xv === 0) continue;
      for (let m = 0; m < M; m++) od[n * M + m] += xv * wd[k * M + m];
    }
  }
  return out;
}

/** Largest |a − b|, for tests. */
export function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) throw new Error(`maxAbsDiff: lengths ${a.length} vs ${b.length}`);
  let d = 0;
  for (let i = 0; i < a.length; i++) {
    const e = Math.abs(a[i] - b[i]);
    if (Number.isNaN(e)) return NaN;
    d = Math.max(d, e);
  }
  return d;
}
