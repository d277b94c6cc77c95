// The chain of partials over training: after each epoch of a fit, ρ and σ_max of every recurrent
// layer's W_hh (up to SPECTRUM_MAX_UNITS units), read from the trainer's weights on the training
// thread. One H × H eigenvalue problem and power iteration per layer per epoch (a few ms at
// H = 64), so it always runs.
import type { TensorData } from '../engine/graph/types';
import { RNNLayer } from '../engine/layers/rnn';
import type { Layer } from '../engine/layers/layer';
import { RecurrentKind, SPECTRUM_MAX_UNITS, recurrentSpectrum } from '../engine/jacobians/stepJacobians';
import type { FitResult, RecurrentSpectrumSeries } from '../protocol/training';

const KINDS: readonly string[] = ['SimpleRNN', 'LSTM', 'GRU'];

/** A record kept beside a fit never fails it: a spectrum that cannot be computed is NaN in the series. */
function spectrumOrNaN(layer: RNNLayer, kernel: TensorData): { spectralRadius: number; sigmaMax: number } {
  try {
    return recurrentSpectrum(layer.kind as RecurrentKind, layer.units, kernel.data as ArrayLike<number>);
  } catch {
    return { spectralRadius: NaN, sigmaMax: NaN };
  }
}

export class SpectrumRecord {
  private readonly layers: RNNLayer[];
  private readonly series: Record<string, RecurrentSpectrumSeries> = {};

  constructor(layers: readonly Layer[]) {
    this.layers = layers.filter((l): l is RNNLayer => l instanceof RNNLayer && KINDS.includes(l.kind) && l.units <= SPECTRUM_MAX_UNITS);
  }

  record(weights: Map<string, TensorData>): void {
    for (const layer of this.layers) {
      const kernel = weights.get(`${layer.name}.recurrent_kernel`);
      if (!kernel) continue;
      const { spectralRadius, sigmaMax } = spectrumOrNaN(layer, kernel);
      const s = (this.series[layer.name] ??= { spectralRadius: [], sigmaMax: [] });
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
