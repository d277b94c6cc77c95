// datasets.noisy_sines(): next-value prediction on sine waves with random period, amplitude and
// phase plus Gaussian noise. Many-to-one predicts the value after the window; many-to-many
// (return_sequences=True) predicts the next value at every step, the self-supervised setting.
import { Rng } from '../../util/rng';
import { DatasetDefinition, LoaderArgs } from './definition';
import { resolveParams } from './params';
import { splitStreams } from './synthetic';
import { Dataset, XY, float32Array } from './types';
import { noisySinesEntry } from '../../../keras/datasets/noisySines';

/** Periods in steps: long enough to be smooth, short enough that a window shows a full cycle. */
const PERIOD_RANGE: [number, number] = [10, 40];
const AMPLITUDE_RANGE: [number, number] = [0.5, 1.5];

/** n noisy series of T + 1 values; x takes the first T, y the next value(s). */
function sinesSplit(n: number, T: number, noise: number, manyToMany: boolean, rng: Rng): XY {
  const x = new Float32Array(n * T);
  const y = new Float32Array(manyToMany ? n * T : n);
  const s = new Float64Array(T + 1);
  for (let i = 0; i < n; i++) {
    const period = rng.uniform(...PERIOD_RANGE), amp = rng.uniform(...AMPLITUDE_RANGE), phase = rng.uniform(0, 2 * Math.PI);
    for (let t = 0; t <= T; t++) s[t] = amp * Math.sin((2 * Math.PI * t) / period + phase) + noise * rng.normal();
    for (let t = 0; t < T; t++) x[i * T + t] = s[t];
    if (manyToMany) for (let t = 0; t < T; t++) y[i * T + t] = s[t + 1];
    else y[i] = s[T];
  }
  return [float32Array([n, T, 1], x), manyToMany ? float32Array([n, T, 1], y) : float32Array([n], y)];
}

function loadNoisySines(args: LoaderArgs): Dataset {
  const p = resolveParams(noisySinesEntry, args);
  const T = p.T as number, noise = p.noise as number, m2m = p.return_sequences as boolean;
  const rng = splitStreams(p.seed as number, 'noisy_sines');
  return {
    train: sinesSplit(p.n_train as number, T, noise, m2m, rng.train),
    test: sinesSplit(p.n_test as number, T, noise, m2m, rng.test),
    info: {
      name: 'noisy_sines',
      description: 'Next-value prediction on noisy sine waves.',
      params: p,
      extra: { noise_floor_mse: noise * noise, period_range: PERIOD_RANGE, amplitude_range: AMPLITUDE_RANGE },
    },
  };
}

export const noisySinesDataset: DatasetDefinition = { entry: noisySinesEntry, load: loadNoisySines };
