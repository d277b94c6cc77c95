// The chain of partials over training: after each epoch of a fit, ρ and σ_max of every recurrent
// layer's W_hh (both copies of a Bidirectional; up to SPECTRUM_MAX_UNITS units), read from the
// trainer's weights on the training thread. One H × H eigenvalue problem and power iteration per layer per epoch (a few ms at
// H = 64), so it always runs.
import type { TensorData } from '../engine/graph/types';
import { RNNLayer } from '../engine/layers/rnn';
import { Bidirectional } from '../engine/layers/wrappers';
import type { Layer } from '../engine/layers/layer';
import { RecurrentKind, SPECTRUM_MAX_UNITS, recurrentSpectrum } from '../engine/jacobians/stepJacobians';
import type { FitResult, RecurrentSpectrumSeries } from '../protocol/training';
import { recurrenceName } from '../protocol/gradients/chain';

const KINDS: readonly string[] = ['SimpleRNN', 'LSTM', 'GRU'];

/** A record kept beside a fit never fails it: a spectrum that cannot be computed is NaN in the series. */
function spectrumOrNaN(layer: RNNLayer, kernel: TensorData): { spectralRadius: number; sigmaMax: number } {
  try {
    return recurrentSpectrum(layer.kind as RecurrentKind, layer.units, kernel.data as ArrayLike<number>);
  } catch {
    return { spectralRadius: NaN, sigmaMax: NaN };
  }
}

/** One recurrence to record: its series' name, its layer (kind, units) and where its W_hh is. */
interface Recorded { name: string; layer: RNNLayer; kernel: string }

/** The recurrences of `layers`: each SimpleRNN, LSTM and GRU, and a Bidirectional's two copies, by recurrenceName. */
function recurrences(layers: readonly Layer[]): Recorded[] {
  return layers.flatMap((l): Recorded[] => {
    if (l instanceof RNNLayer) return [{ name: l.name, layer: l, kernel: `${l.name}.recurrent_kernel` }];
    if (l instanceof Bidirectional) return (['forward', 'backward'] as const).map(d => ({ name: recurrenceName(l.name, d), layer: l[d], kernel: `${l.name}.${d}/recurrent_kernel` }));
    return [];
  }).filter(r => KINDS.includes(r.layer.kind) && r.layer.units <= SPECTRUM_MAX_UNITS);
}

export class SpectrumRecord {
  private readonly recurrences: Recorded[];
  private readonly series: Record<string, RecurrentSpectrumSeries> = {};

  constructor(layers: readonly Layer[]) {
    this.recurrences = recurrences(layers);
  }

  record(weights: Map<string, TensorData>): void {
    for (const r of this.recurrences) {
      const kernel = weights.get(r.kernel);
      if (!kernel) continue;
      const { spectralRadius, sigmaMax } = spectrumOrNaN(r.layer, kernel);
      const s = (this.series[r.name] ??= { spectralRadius: [], sigmaMax: [] });
      s.spectralRadius.push(spectralRadius);
      s.sigmaMax.push(sigmaMax);
    }
  }

  /** This fit's series so far (what the live panel is sent after each epoch). */
  soFar(): Record<string, RecurrentSpectrumSeries> {
    return this.series;
  }

  result(): Pick<FitResult, 'spectrum'> {
    return Object.keys(this.series).length ? { spectrum: this.series } : {};
  }
}
