// datasets.adding(): Hochreiter & Schmidhuber's (1997) adding problem, the standard test of
// long-range memory. Two of T random values are marked, one in each half; the target is their
// sum. Predicting the mean (1.0) scores MSE = Var(u1 + u2) = 2/12 ≈ 0.167, so a model must beat
// that to show it carried the first marked value across ~T/2 steps.
import { Rng } from '../../util/rng';
import { DatasetDefinition, LoaderArgs } from './definition';
import { CatalogEntry, SEED_PARAM, resolveParams } from './params';
import { lengthParam, nTestParam, nTrainParam, splitStreams } from './synthetic';
import { Dataset, XY, float32Array } from './types';

export const ADDING_BASELINE_MSE = 1 / 6;

const addingEntry: CatalogEntry = {
  name: 'adding',
  doc:
    'The adding problem (Hochreiter & Schmidhuber 1997). Each step carries two channels: a value drawn from U(0, 1) ' +
    'and a marker that is 1 at exactly two steps, one in each half of the sequence. The target is the sum of the two ' +
    'marked values. Always predicting 1 gives MSE ≈ 0.167: a model has learned long-range memory only when it does much better.',
  params: [nTrainParam(2000), nTestParam(500), lengthParam(50, 'Sequence length (the marked values are ~T/2 steps apart on average).'), SEED_PARAM],
  returns: '(x_train [n_train, T, 2] float32, y_train [n_train] float32), (x_test [n_test, T, 2] float32, y_test [n_test] float32); channel 0 = value, channel 1 = marker.',
};

/** n sequences: x[n, t] = (u, marker), y[n] = sum of the two marked u. */
function addingSplit(n: number, T: number, rng: Rng): XY {
  const x = new Float32Array(n * T * 2), y = new Float32Array(n);
  const half = Math.floor(T / 2);
  for (let i = 0; i < n; i++) {
    const a = rng.int(0, half), b = rng.int(half, T);
    for (let t = 0; t < T; t++) x[(i * T + t) * 2] = rng.random();
    x[(i * T + a) * 2 + 1] = 1;
    x[(i * T + b) * 2 + 1] = 1;
    // Sum in float32, as a model reading x would see the values.
    y[i] = x[(i * T + a) * 2] + x[(i * T + b) * 2];
  }
  return [float32Array([n, T, 2], x), float32Array([n], y)];
}

function loadAdding(args: LoaderArgs): Dataset {
  const p = resolveParams(addingEntry, args);
  const T = p.T as number;
  const rng = splitStreams(p.seed as number, 'adding');
  return {
    train: addingSplit(p.n_train as number, T, rng.train),
    test: addingSplit(p.n_test as number, T, rng.test),
    info: {
      name: 'adding',
      description: 'Adding problem: sum the two marked values of a sequence.',
      params: p,
      extra: { baseline_mse: ADDING_BASELINE_MSE, baseline_prediction: 1 },
    },
  };
}

export const addingDataset: DatasetDefinition = { entry: addingEntry, load: loadAdding };
