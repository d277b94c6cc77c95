// datasets.parity(): is the number of 1s in a bit string odd? Every bit matters to the
// answer, so no shortcut exists: the net must carry one bit of state through all T steps.
import { Rng } from '../../util/rng';
import { DatasetDefinition, LoaderArgs } from './definition';
import { CatalogEntry, SEED_PARAM, resolveParams } from './params';
import { lengthParam, nTestParam, nTrainParam, splitStreams } from './synthetic';
import { Dataset, XY, float32Array } from './types';

const parityEntry: CatalogEntry = {
  name: 'parity',
  doc:
    'Parity of random bit strings: x is T bits (0 or 1), y is 1 when the count of 1s is odd. Guessing scores 50%; ' +
    'solving it needs a state that flips on every 1 and survives to the last step (many-to-one, binary_crossentropy).',
  params: [nTrainParam(2000), nTestParam(500), lengthParam(10, 'Number of bits per string.'), SEED_PARAM],
  returns: '(x_train [n_train, T, 1] float32, y_train [n_train] float32 0/1), (x_test [n_test, T, 1] float32, y_test [n_test] float32 0/1).',
};

function paritySplit(n: number, T: number, rng: Rng): XY {
  const x = new Float32Array(n * T), y = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    let odd = 0;
    for (let t = 0; t < T; t++) {
      const bit = rng.nextUint32() >>> 31;
      x[i * T + t] = bit;
      odd ^= bit;
    }
    y[i] = odd;
  }
  return [float32Array([n, T, 1], x), float32Array([n], y)];
}

function loadParity(args: LoaderArgs): Dataset {
  const p = resolveParams(parityEntry, args);
  const rng = splitStreams(p.seed as number, 'parity');
  return {
    train: paritySplit(p.n_train as number, p.T as number, rng.train),
    test: paritySplit(p.n_test as number, p.T as number, rng.test),
    info: { name: 'parity', description: 'Parity of bit strings.', params: p, extra: { baseline_accuracy: 0.5 } },
  };
}

export const parityDataset: DatasetDefinition = { entry: parityEntry, load: loadParity };
