// datasets.noisy_sines(): next-value prediction on sine waves with random period, amplitude and
// phase plus Gaussian noise. Many-to-one predicts the value after the window; many-to-many
// (return_sequences=True) predicts the next value at every step, the self-supervised setting.
import { Rng } from '../../util/rng';
import { DatasetDefinition, LoaderArgs } from './definition';
import { CatalogEntry, SEED_PARAM, resolveParams } from './params';
import { lengthParam, nTestParam, nTrainParam, splitStreams } from './synthetic';
import { Dataset, XY, float32Array } from './types';

/** Periods in steps: long enough to be smooth, short enough that a window shows a full cycle. */
const PERIOD_RANGE: [number, number] = [10, 40];
const AMPLITUDE_RANGE: [number, number] = [0.5, 1.5];

const noisySinesEntry: CatalogEntry = {
  name: 'noisy_sines',
  doc:
    'Sine waves with random period (10–40 steps), amplitude (0.5–1.5) and phase, plus Normal(0, noise) noise. ' +
    'x is a window of T noisy values; y is the next noisy value (many-to-one) or, with return_sequences=True, the next ' +
    'value at every step (many-to-many). The noise sets a floor: no model can beat MSE = noise².',
  params: [
    nTrainParam(1000),
    nTestParam(200),
    lengthParam(50, 'Window length in steps.'),
    SEED_PARAM,
    { name: 'noise', type: 'float', default: 0.1, min: 0, doc: 'Standard deviation of the Gaussian noise added to every value.' },
    { name: 'return_sequences', type: 'bool', default: false, doc: 'False: y is the one value after the window, [N]. True: y is x shifted by one step, [N, T, 1].' },
  ],
  returns:
    '(x_train [n_train, T, 1] float32, y_train [n_train] float32 or [n_train, T, 1] with return_sequences=True), (x_test, y_test) likewise.',
};

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
