/**
 * Keras 3 activations (keras.src.activations), scalar float64.
 * Note hard_sigmoid: Keras 3 defines it as relu6(x + 3) / 6 = clip(x/6 + 1/2, 0, 1);
 * Keras 2 and TensorFlow.js use clip(0.2·x + 0.5, 0, 1). Both are offered by name.
 */
export type ScalarFn = (x: number) => number;

const sigmoid: ScalarFn = (x) => (x >= 0 ? 1 / (1 + Math.exp(-x)) : Math.exp(x) / (1 + Math.exp(x)));
const clip01 = (x: number) => Math.min(1, Math.max(0, x));

/** erf by Abramowitz–Stegun 7.1.26 is too coarse for an oracle; use a series/continued fraction. */
function erf(x: number): number {
  const ax = Math.abs(x);
  if (ax < 2.5) {
    // Maclaurin series: erf(x) = 2/√π Σ (−1)^n x^(2n+1) / (n! (2n+1))
    let term = ax, sum = ax;
    for (let n = 1; n < 60; n++) {
      term *= (-ax * ax) / n;
      const add = term / (2 * n + 1);
      sum += add;
      if (Math.abs(add) < 1e-17 * Math.abs(sum)) break;
    }
    return Math.sign(x) * (2 / Math.sqrt(Math.PI)) * sum;
  }
  // Continued fraction for erfc (Lentz), accurate for |x| ≥ 2.5.
  let f = ax, c = ax, d = 0;
  for (let n = 1; n < 200; n++) {
    const an = n / 2;
    d = ax + an * d;
    d = d === 0 ? 1e-300 : 1 / d;
    c = ax + an / c;
    const delta = c * d;
    f *= delta;
    if (Math.abs(delta - 1) < 1e-16) break;
  }
  const erfc = Math.exp(-ax * ax) / (f * Math.sqrt(Math.PI));
  return Math.sign(x) * (1 - erfc);
}

export const ACTIVATIONS: Record<string, ScalarFn> = {
  linear: (x) => x,
  tanh: Math.tanh,
  sigmoid,
  /** Keras 3: relu6(x + 3) / 6. */
  hard_sigmoid: (x) => clip01(x / 6 + 0.5),
  /** Keras 2 / TensorFlow.js: clip(0.2x + 0.5). Not a Keras 3 name; for comparisons. */
  hard_sigmoid_keras2: (x) => clip01(0.2 * x + 0.5),
  relu: (x) => (x > 0 ? x : 0),
  relu6: (x) => Math.min(6, Math.max(0, x)),
  elu: (x) => (x > 0 ? x : Math.expm1(x)),
  selu: (x) => 1.0507009873554805 * (x > 0 ? x : 1.6732632423543772 * Math.expm1(x)),
  softplus: (x) => (x > 0 ? x + Math.log1p(Math.exp(-x)) : Math.log1p(Math.exp(x))),
  softsign: (x) => x / (1 + Math.abs(x)),
  exponential: Math.exp,
  silu: (x) => x * sigmoid(x),
  swish: (x) => x * sigmoid(x),
  /** Keras 3 gelu default approximate=False: x·Φ(x). */
  gelu: (x) => 0.5 * x * (1 + erf(x / Math.SQRT2)),
  hard_silu: (x) => x * clip01(x / 6 + 0.5),
  hard_swish: (x) => x * clip01(x / 6 + 0.5),
};

/** Activations that act on the last axis rather than elementwise. */
export const VECTOR_ACTIVATIONS = new Set(['softmax', 'log_softmax']);

export function activationNames(): string[] {
  return [...Object.keys(ACTIVATIONS).filter((k) => k !== 'hard_sigmoid_keras2'), ...VECTOR_ACTIVATIONS];
}

/** Keras accepts None for linear. */
export function getActivation(name: string | null | undefined): ScalarFn {
  const key = name ?? 'linear';
  const f = ACTIVATIONS[key];
  if (!f) {
    if (VECTOR_ACTIVATIONS.has(key)) throw new Error(`activation '${key}' acts on a whole vector; it is only allowed on Dense outputs`);
    throw new Error(`Unknown activation '${key}'. Known: ${activationNames().join(', ')}`);
  }
  return f;
}

/** Applies an activation (elementwise or last-axis softmax) in place over rows of width F. */
export function applyActivationInPlace(data: Float64Array, F: number, name: string | null | undefined): void {
  const key = name ?? 'linear';
  if (key === 'softmax' || key === 'log_softmax') {
    for (let r = 0; r < data.length / F; r++) {
      let max = -Infinity;
      for (let j = 0; j < F; j++) max = Math.max(max, data[r * F + j]);
      let sum = 0;
      for (let j = 0; j < F; j++) sum += Math.exp(data[r * F + j] - max);
      for (let j = 0; j < F; j++) {
        const z = data[r * F + j] - max;
        data[r * F + j] = key === 'softmax' ? Math.exp(z) / sum : z - Math.log(sum);
      }
    }
    return;
  }
  const f = getActivation(key);
  for (let i = 0; i < data.length; i++) data[i] = f(data[i]);
}
