// ρ and σ_max of W_hh per epoch, kept per model across fits for chain_of_partials (a module of
// its own: fit writes it and chain_of_partials reads it, and neither should import the other).
import type { FitResult, RecurrentSpectrumSeries } from '../../protocol/training';
import type { KerasModel } from './model';

/** ρ and σ_max of each recurrent layer after every epoch of every fit so far, per model. */
const recorded = new WeakMap<KerasModel, Record<string, RecurrentSpectrumSeries>>();

/** fit hands each run's per-epoch record here (the training thread computed it). */
export function recordSpectrum(model: KerasModel, result: FitResult): void {
  if (!result.spectrum) return;
  const all = recorded.get(model) ?? {};
  for (const [layer, s] of Object.entries(result.spectrum)) {
    const kept = (all[layer] ??= { spectralRadius: [], sigmaMax: [] });
    kept.spectralRadius.push(...s.spectralRadius);
    kept.sigmaMax.push(...s.sigmaMax);
  }
  recorded.set(model, all);
}

export function spectrumOverTraining(model: KerasModel): Record<string, RecurrentSpectrumSeries> {
  return recorded.get(model) ?? {};
}
