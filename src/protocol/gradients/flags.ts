// The one flag rule, with direction. ‖dL/dh_t‖ is indexed by input time; along a chain the
// gradient flows from the steps nearest the loss (the last processed) back to the first processed.
// Vanishing: the far end is orders of magnitude *below* the near end. Exploding: a norm is
// non-finite, above a threshold, or the far end is orders of magnitude *above* the near end
// (the norm grows as it flows back). The sign of `gradientTrendDecades` says which.
import { chainsOf } from './fromLayers';
import type { ModelDiagram } from './diagram';
import type { GradientFrame } from './frames';
import { fmt } from './format';

export interface Thresholds {
  /** Vanishing: the far end of the chain is this many orders of magnitude below the near end. */
  vanishingDecades: number;
  /** Exploding: the far end is this many orders of magnitude above the near end. */
  explodingDecades: number;
  /** Exploding: global norm (or any ‖dL/dh_t‖) above this. */
  explodingNorm: number;
}
export const DEFAULT_THRESHOLDS: Thresholds = { vanishingDecades: 3, explodingDecades: 3, explodingNorm: 1e3 };

export interface Flag {
  kind: 'vanishing' | 'exploding' | 'nonfinite';
  step: number;
  key?: string;
  message: string;
}

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);

/** The dh keys of a diagram's chains that run from t = T down to t = 1: flagsOf's `reversedKeys`. */
export function reversedKeysOf(diagram: ModelDiagram): ReadonlySet<string> {
  return new Set(chainsOf(diagram).filter(c => c.goBackwards).map(c => c.dhKey));
}

/** A chain whose steps run from t = T down to t = 1: a Bidirectional's backward half or go_backwards. */
function runsBackwards(key: string, reversedKeys?: ReadonlySet<string>): boolean {
  return reversedKeys ? reversedKeys.has(key) : key.endsWith('.backward');
}

/**
 * log10(near / far): mean ‖dL/dh_t‖ over the tenth of the steps nearest the loss (the last
 * processed) against the tenth farthest from it. Positive: the gradient shrinks as it flows back
 * (vanishing); negative: it grows (exploding); ±Infinity when one end is exactly 0; NaN when a
 * norm is not finite or the chain is too short to tell.
 */
export function gradientTrendDecades(dh: readonly number[], backwards = false): number {
  if (dh.length < 4 || !dh.every(Number.isFinite)) return NaN;
  const k = Math.max(1, Math.floor(dh.length / 10));
  const first = mean(dh.slice(0, k));
  const last = mean(dh.slice(dh.length - k));
  const [near, far] = backwards ? [first, last] : [last, first];
  if (near <= 0 && far <= 0) return NaN;
  return Math.log10(near / far);
}

const decades = (d: number) => (Number.isFinite(d) ? Math.abs(d).toFixed(1) : '∞');

/**
 * Flags of one frame. `reversedKeys`: the dh keys of chains that run backwards (from the diagram,
 * chains with goBackwards); without it a key ending in `.backward` is taken as one.
 */
export function flagsOf(frame: GradientFrame, th: Thresholds = DEFAULT_THRESHOLDS, reversedKeys?: ReadonlySet<string>): Flag[] {
  const flags: Flag[] = [];
  const step = frame.step;
  const nonFiniteKeys = Object.entries(frame.dh).filter(([, v]) => v.some(x => !Number.isFinite(x))).map(([k]) => k);
  if (frame.nonFinite || !Number.isFinite(frame.globalNorm) || nonFiniteKeys.length) {
    const where = nonFiniteKeys.length ? nonFiniteKeys.join(', ') : `global norm ${fmt(frame.globalNorm)}`;
    flags.push({ kind: 'nonfinite', step, key: nonFiniteKeys[0], message: `step ${step}: exploding — non-finite gradients (NaN/Inf) in ${where}` });
  }
  if (Number.isFinite(frame.globalNorm) && frame.globalNorm > th.explodingNorm) {
    flags.push({ kind: 'exploding', step, message: `step ${step}: exploding — global norm ${fmt(frame.globalNorm)} > ${fmt(th.explodingNorm)}` });
  }
  for (const [key, dh] of Object.entries(frame.dh)) {
    const finite = dh.filter(Number.isFinite);
    const maxDh = finite.length ? Math.max(...finite) : 0;
    if (maxDh > th.explodingNorm) flags.push({ kind: 'exploding', step, key, message: `step ${step}: exploding — ${key} ‖dL/dh_t‖ ${fmt(maxDh)} > ${fmt(th.explodingNorm)}` });
    const trend = gradientTrendDecades(dh, runsBackwards(key, reversedKeys));
    if (trend >= th.vanishingDecades) {
      flags.push({ kind: 'vanishing', step, key, message: `step ${step}: vanishing — ${key} far end ${decades(trend)} decades below the near end (≥ ${th.vanishingDecades})` });
    } else if (-trend >= th.explodingDecades) {
      flags.push({ kind: 'exploding', step, key, message: `step ${step}: exploding — ${key} far end ${decades(trend)} decades above the near end (≥ ${th.explodingDecades})` });
    }
  }
  return flags;
}

/** The training step of the first frame with a NaN or Inf (loss, global norm or any ‖dL/dh_t‖). */
export function firstNonFiniteStep(frames: readonly GradientFrame[]): number | undefined {
  return frames.find(f => f.nonFinite || !Number.isFinite(f.globalNorm) || Object.values(f.dh).some(v => v.some(x => !Number.isFinite(x))))?.step;
}
