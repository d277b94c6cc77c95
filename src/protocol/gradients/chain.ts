// The Chain of Partials panel's data (issue 15, item 4): for one input sequence, each recurrent
// layer's step Jacobians J_k = ∂s_k/∂s_{k−1} (norms, top singular values) and the norm of their
// product from each step to the last, as the kernel computed them (engine/jacobians); and ρ and
// σ_max of W_hh after every epoch of every fit, sent live as fit trains. The one-line reading the
// panel shows is computed here from the numbers, so the panel, the tests and a cell could all say
// the same sentence.
import type { Direction } from './diagram';
import { fmt } from './format';

/**
 * The name of one recurrence of a layer: the layer's own, and a Bidirectional's direction after
 * it. The chain's picker, the spectrum over training (kept per name by the training thread), the
 * BPTT terms and their panel all say it this way, so their names match.
 */
export const recurrenceName = (layer: string, direction?: Direction): string => (direction ? `${layer} (${direction})` : layer);

/** One recurrent layer's chain on the shown sequence; arrays are per step k = 1..T (index k−1). */
export interface ChainLayer {
  layer: string;
  kind: string;
  units: number;
  /** What the state s is: 'h', or 'h,c' for an LSTM (the full state [h; c]). */
  state: string;
  /** ‖J_k‖_F. */
  stepFrobenius: number[];
  /** σ_max(J_k) = ‖J_k‖_2. */
  stepSpectral: number[];
  /** The top singular values of each J_k, [T][top_k]. */
  stepSingularValues: number[][];
  /** ‖∏_{k=t+1..T} J_k‖_2 for t = 0..T−1 (index t): how much of ∂L/∂s_T reaches s_t. */
  productNorm: number[];
  /** ρ and σ_max of the layer's W_hh now (for LSTM and GRU, the candidate block). */
  spectralRadius: number;
  sigmaMax: number;
  /** Why this layer has no chain (the panel says this instead of drawing). */
  unavailable?: string;
  /** It reads the sequence backwards (go_backwards, a Bidirectional's backward copy): step k is input step T − k + 1. */
  backwards?: boolean;
}

/** show_chain's answer, and again after each fit of a model it was called on. */
export interface ChainMessage {
  modelId: string;
  modelName: string;
  /** Epochs the model had trained (every fit so far) when its chain was computed. */
  epochs: number;
  layers: ChainLayer[];
  /** The layer show_chain(layer=…) asked for; the panel opens on it. */
  selected: string;
}

/** ρ and σ_max of one layer's W_hh after each epoch, over every fit so far. */
export interface SpectrumSeries {
  spectralRadius: number[];
  sigmaMax: number[];
}

/** The spectrum over training of a model's recurrent layers (by name): the whole series each time. */
export interface SpectrumMessage {
  modelId: string;
  modelName: string;
  layers: Record<string, SpectrumSeries>;
}

/** "an LSTM", "a GRU": by how the name is said (el-es-tee-em). */
const article = (kind: string) => (/^[AEFHILMNORSX]{2}/.test(kind) || /^[aeiou]/i.test(kind) ? 'an' : 'a');

/** Powers of ten in words: 10^-6, 10^3; the exact number under one decade. */
function decade(v: number): string {
  const e = Math.round(Math.log10(v));
  return Math.abs(e) < 1 ? fmt(v) : `10^${e}`;
}

/** Below 10^-2 over the sequence the gradient from step 1 is called vanished, above 10^2 exploded. */
const VANISHED = 1e-2, EXPLODED = 1e2;

/** Which way the product from step 1 to T went (the panel colours the reading by it). */
export function chainVerdict(c: ChainLayer): 'unavailable' | 'nonfinite' | 'vanishing' | 'exploding' | 'kept' {
  if (c.unavailable || c.productNorm.length === 0) return 'unavailable';
  if (c.productNorm.some(v => !Number.isFinite(v))) return 'nonfinite';
  const p = c.productNorm[0];
  return p < VANISHED ? 'vanishing' : p > EXPLODED ? 'exploding' : 'kept';
}

/**
 * The plain-words reading of a chain: how much the product from step 1 to T scales the gradient,
 * per step on average, and whether that is vanishing (below 10^-2), exploding (above 10^2) or kept.
 */
export function chainReading(c: ChainLayer): string {
  if (c.unavailable) return c.unavailable;
  const T = c.productNorm.length;
  if (T === 0) return `${c.layer}: an empty sequence has no chain`;
  // The latest step whose product is not a number: every product reaching further back contains it.
  let lastBad = -1;
  c.productNorm.forEach((v, t) => { if (!Number.isFinite(v)) lastBad = t; });
  if (lastBad >= 0) {
    const what = Number.isNaN(c.productNorm[lastBad]) ? 'NaN' : 'Inf';
    return `the product is ${what} from step ${lastBad + 1} back to step 1: ${c.layer}'s gradient is not a number there (the weights or the sequence overflowed)`;
  }
  const p = c.productNorm[0];
  if (p === 0) return `the product underflows to 0 over ${T} steps: ${article(c.kind)} ${c.kind}'s gradient from step 1 vanishes completely`;
  const perStep = Math.pow(p, 1 / T);
  const steps = `over ${T} step${T === 1 ? '' : 's'} (×${fmt(perStep)} a step on average)`;
  if (p < VANISHED) return `the product shrinks to ${decade(p)} ${steps}: ${article(c.kind)} ${c.kind}'s gradient from step 1 vanishes`;
  if (p > EXPLODED) return `the product grows to ${decade(p)} ${steps}: ${article(c.kind)} ${c.kind}'s gradient from step 1 explodes`;
  return `the product stays at ${fmt(p)} ${steps}: ${article(c.kind)} ${c.kind}'s gradient from step 1 survives (the loss at step ${T} still reaches it)`;
}

/** The reading of the spectrum over training: where ρ ended against the 1.0 line. */
export function spectrumReading(s: SpectrumSeries): string {
  const n = s.spectralRadius.length;
  if (!n) return 'no epochs yet: fit the model to see ρ and σ_max over training';
  const last = s.spectralRadius[n - 1];
  if (!Number.isFinite(last)) return `after epoch ${n}, ρ(W_hh) is ${fmt(last)}: the weights are not numbers (the run exploded)`;
  const side = last < 1 ? 'below 1.0: powers of W_hh shrink' : 'above 1.0: powers of W_hh grow';
  return `after epoch ${n}, ρ(W_hh) = ${fmt(last)} (${side}); σ_max = ${fmt(s.sigmaMax[n - 1])}`;
}
