// Shared by the generated tasks: the seeded streams for the two splits (their size parameters are declared in src/keras/datasets/params.ts).
import { Rng } from '../../util/rng';

/**
 * Independent streams for train and test, forked by label from the seed: changing n_train
 * leaves the test set unchanged, and the two never share a draw.
 */
export function splitStreams(seed: number, task: string): { train: Rng; test: Rng } {
  const root = new Rng(seed);
  return { train: root.fork(`${task}/train`), test: root.fork(`${task}/test`) };
}
