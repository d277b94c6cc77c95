// The declaration of datasets.parity(): its doc, parameters and returns (the loader is in src/engine/data/datasets/parity.ts).
import { CatalogEntry, lengthParam, nTestParam, nTrainParam, SEED_PARAM } from './params';

export const parityEntry: CatalogEntry = {
  name: 'parity',
  doc:
    'Parity of random bit strings: x is T bits (0 or 1), y is 1 when the count of 1s is odd. Guessing scores 50%; ' +
    'solving it needs a state that flips on every 1 and survives to the last step (many-to-one, binary_crossentropy).',
  params: [nTrainParam(2000), nTestParam(500), lengthParam(10, 'Number of bits per string.'), SEED_PARAM],
  returns: '(x_train [n_train, T, 1] float32, y_train [n_train] float32 0/1), (x_test [n_test, T, 1] float32, y_test [n_test] float32 0/1).',
};
