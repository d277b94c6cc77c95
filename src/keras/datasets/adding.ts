// The declaration of datasets.adding(): its doc, parameters and returns (the loader is in src/engine/data/datasets/adding.ts).
import { CatalogEntry, lengthParam, nTestParam, nTrainParam, SEED_PARAM } from './params';

export const addingEntry: CatalogEntry = {
  name: 'adding',
  doc:
    'The adding problem (Hochreiter & Schmidhuber 1997). Each step carries two channels: a value drawn from U(0, 1) ' +
    'and a marker that is 1 at exactly two steps, one in each half of the sequence. The target is the sum of the two ' +
    'marked values. Always predicting 1 gives MSE ≈ 0.167: a model has learned long-range memory only when it does much better.',
  params: [nTrainParam(2000), nTestParam(500), lengthParam(50, 'Sequence length (the marked values are ~T/2 steps apart on average).'), SEED_PARAM],
  returns: '(x_train [n_train, T, 2] float32, y_train [n_train] float32), (x_test [n_test, T, 2] float32, y_test [n_test] float32); channel 0 = value, channel 1 = marker.',
};
