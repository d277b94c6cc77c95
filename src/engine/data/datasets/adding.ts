// datasets.adding(): Hochreiter & Schmidhuber's (1997) adding problem, the standard test of
// long-range memory. Two of T random values are marked, one in each half; the target is their
// sum. Predicting the mean (1.0) scores MSE = Var(u1 + u2) = 2/12 ≈ 0.167, so a model must beat
// that to show it carried the first marked value across ~T/2 steps.
import { Rng } from '../../util/rng';
import { DatasetDefinition, LoaderArgs } from './definition';
import { resolveParams } from './params';
import { splitStreams } from './synthetic';
import { Dataset, XY, float32Array } from './types';
import { addingEntry } from '../../../keras/datasets/adding';

export const ADDING_BASELINE_MSE = 1 / 6;

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
