// Scaling a series for an RNN (tanh units work best on values near [-1, 1]), fitted on the
// training part only so nothing about the test period leaks into training.
import type { Scaler } from './types';

import { SCALE_KINDS } from '../../../keras/datasets/params';

export type ScaleKind = (typeof SCALE_KINDS)[number];

/** minmax: (v − min)/(max − min) → [0, 1] on the fitting data; standard: (v − mean)/std. */
export function fitScaler(kind: ScaleKind, values: ArrayLike<number>): Scaler {
  const n = values.length;
  if (kind === 'none' || n === 0) return { kind: 'none', offset: 0, scale: 1 };
  if (kind === 'minmax') {
    let lo = Infinity, hi = -Infinity;
    for (let i = 0; i < n; i++) { lo = Math.min(lo, values[i]); hi = Math.max(hi, values[i]); }
    return { kind, offset: lo, scale: hi > lo ? hi - lo : 1 };
  }
  let sum = 0;
  for (let i = 0; i < n; i++) sum += values[i];
  const mean = sum / n;
  let sq = 0;
  for (let i = 0; i < n; i++) sq += (values[i] - mean) ** 2;
  const std = Math.sqrt(sq / n);
  return { kind, offset: mean, scale: std > 0 ? std : 1 };
}

export function applyScaler(s: Scaler, v: number): number {
  return (v - s.offset) / s.scale;
}

/** Back to original units: what a notebook does with predictions. */
export function invertScaler(s: Scaler, v: number): number {
  return v * s.scale + s.offset;
}
