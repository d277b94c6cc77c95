// Shared by the generated tasks: sizes and the seeded streams for the two splits.
import { Rng } from '../../util/rng';
import { ParamSpec } from './params';

export const nTrainParam = (d: number): ParamSpec => ({ name: 'n_train', type: 'int', default: d, min: 1, doc: 'Number of training sequences.' });
export const nTestParam = (d: number): ParamSpec => ({ name: 'n_test', type: 'int', default: d, min: 0, doc: 'Number of test sequences.' });
export const lengthParam = (d: number, doc: string): ParamSpec => ({ name: 'T', type: 'int', default: d, min: 2, doc });

/**
 * Independent streams for train and test, forked by label from the seed: changing n_train
 * leaves the test set unchanged, and the two never share a draw.
 */
export function splitStreams(seed: number, task: string): { train: Rng; test: Rng } {
  const root = new Rng(seed);
  return { train: root.fork(`${task}/train`), test: root.fork(`${task}/test`) };
}
