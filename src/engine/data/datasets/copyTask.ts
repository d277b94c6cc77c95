// datasets.copy_task(): the copy-memory task (Hochreiter & Schmidhuber 1997; Arjovsky et al.
// 2016). The net reads T symbols, waits `delay` steps, and on the go marker must replay them.
// Many-to-many: one target per step, blank (0) until the replay, so y[t] = x[t − T − delay].
import { Rng } from '../../util/rng';
import { DatasetDefinition, LoaderArgs } from './definition';
import { resolveParams } from './params';
import { splitStreams } from './synthetic';
import { Dataset, XY, int32Array } from './types';
import { copyTaskEntry } from '../../../keras/datasets/copyTask';

function copySplit(n: number, T: number, nSymbols: number, delay: number, rng: Rng): XY {
  const L = 2 * T + delay;
  const x = new Int32Array(n * L), y = new Int32Array(n * L);
  for (let i = 0; i < n; i++) {
    const row = i * L;
    for (let t = 0; t < T; t++) {
      const s = rng.int(1, nSymbols + 1);
      x[row + t] = s;
      y[row + T + delay + t] = s;
    }
    x[row + T + delay - 1] = nSymbols + 1;
  }
  return [int32Array([n, L], x), int32Array([n, L], y)];
}

function loadCopyTask(args: LoaderArgs): Dataset {
  const p = resolveParams(copyTaskEntry, args);
  const T = p.T as number, nSymbols = p.n_symbols as number, delay = p.delay as number;
  const rng = splitStreams(p.seed as number, 'copy_task');
  const L = 2 * T + delay;
  // Baseline: blank is always right outside the replay; a uniform guess is right 1/n_symbols inside it.
  const baselineAccuracy = (T + delay + T / nSymbols) / L;
  return {
    train: copySplit(p.n_train as number, T, nSymbols, delay, rng.train),
    test: copySplit(p.n_test as number, T, nSymbols, delay, rng.test),
    info: {
      name: 'copy_task',
      description: 'Copy-memory task: replay T symbols after a delay.',
      params: p,
      extra: {
        sequence_length: L,
        input_vocabulary: nSymbols + 2,
        output_classes: nSymbols + 1,
        go_marker: nSymbols + 1,
        baseline_accuracy: baselineAccuracy,
        baseline_crossentropy: (T * Math.log(nSymbols)) / L,
      },
    },
  };
}

export const copyTaskDataset: DatasetDefinition = { entry: copyTaskEntry, load: loadCopyTask };
