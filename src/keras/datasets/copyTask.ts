// The declaration of datasets.copy_task(): its doc, parameters and returns (the loader is in src/engine/data/datasets/copyTask.ts).
import { CatalogEntry, lengthParam, nTestParam, nTrainParam, SEED_PARAM } from './params';

export const copyTaskEntry: CatalogEntry = {
  name: 'copy_task',
  doc:
    'Copy-memory task. Each input row is T random symbols (1…n_symbols), then `delay` steps of blank (0) whose last ' +
    'is the go marker (n_symbols + 1), then T blanks; the target row is blank everywhere except the last T steps, ' +
    'which repeat the T symbols. Feed x to Embedding(n_symbols + 2, …) and predict y with ' +
    'TimeDistributed(Dense(n_symbols + 1, activation="softmax")) and sparse_categorical_crossentropy. ' +
    'Guessing blank everywhere and a random symbol in the replay is the baseline to beat.',
  params: [
    nTrainParam(2000),
    nTestParam(500),
    lengthParam(10, 'How many symbols to remember and replay.'),
    { name: 'n_symbols', type: 'int', default: 8, min: 1, doc: 'Alphabet size: symbols are 1…n_symbols (0 is blank, n_symbols + 1 the go marker).' },
    { name: 'delay', type: 'int', default: 10, min: 1, doc: 'Steps between the last symbol and the start of the replay (the go marker is the last of them).' },
    SEED_PARAM,
  ],
  returns: '(x_train [n_train, 2T + delay] int32, y_train [n_train, 2T + delay] int32), (x_test [n_test, 2T + delay] int32, y_test [n_test, 2T + delay] int32).',
};
