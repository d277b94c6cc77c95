// Sampling a next token from a model's output with a temperature, as the Keras text-generation
// example does: p_i ∝ exp(log p_i / τ). τ → 0 is argmax; τ = 1 is the model's own distribution;
// τ > 1 flattens it. Everything here is float64 host code on one output row.
import type { Rng } from '../util/rng';

/** Log-probabilities (up to a constant) from one output row: logits as is, probabilities via log. */
export function toLogits(row: ArrayLike<number>, fromLogits: boolean): Float64Array {
  const out = new Float64Array(row.length);
  // log(0) = −∞ would make a zero-probability class impossible at every τ, as it should be,
  // but also poisons τ-scaling with NaN when every class is 0; 1e-30 keeps it finite.
  for (let i = 0; i < row.length; i++) out[i] = fromLogits ? row[i] : Math.log(Math.max(row[i], 1e-30));
  return out;
}

export function argmax(xs: ArrayLike<number>): number {
  let best = 0;
  for (let i = 1; i < xs.length; i++) if (xs[i] > xs[best]) best = i;
  return best;
}

/** Below this temperature sampling is argmax (softmax(x/τ) is one-hot to float64 precision anyway). */
const ARGMAX_TEMPERATURE = 1e-6;

/** softmax(logits / τ), stable (max subtracted); τ ≤ ARGMAX_TEMPERATURE gives the one-hot of argmax. */
export function temperatureDistribution(logits: ArrayLike<number>, temperature: number): Float64Array {
  const p = new Float64Array(logits.length);
  if (!(temperature > ARGMAX_TEMPERATURE)) {
    p[argmax(logits)] = 1;
    return p;
  }
  let max = -Infinity;
  for (let i = 0; i < logits.length; i++) max = Math.max(max, logits[i]);
  let total = 0;
  for (let i = 0; i < logits.length; i++) total += p[i] = Math.exp((logits[i] - max) / temperature);
  for (let i = 0; i < p.length; i++) p[i] /= total;
  return p;
}

/** Shannon entropy in nats. */
export function entropy(p: ArrayLike<number>): number {
  let h = 0;
  for (let i = 0; i < p.length; i++) if (p[i] > 0) h -= p[i] * Math.log(p[i]);
  return h;
}

/** One draw from p (argmax when p is one-hot, so τ → 0 consumes the stream identically). */
export function sampleFrom(p: ArrayLike<number>, rng: Rng): number {
  return rng.categorical(p);
}
