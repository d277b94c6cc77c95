// datasets.parity(): is the number of 1s in a bit string odd? Every bit matters to the
// answer, so no shortcut exists: the net must carry one bit of state through all T steps.
import { Rng } from '../../util/rng';
import { DatasetDefinition, LoaderArgs } from './definition';
import { resolveParams } from './params';
import { splitStreams } from './synthetic';
import { Dataset, XY, float32Array } from './types';
import { parityEntry } from '../../../keras/datasets/parity';

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
