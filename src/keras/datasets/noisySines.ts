// The declaration of datasets.noisy_sines(): its doc, parameters and returns (the loader is in src/engine/data/datasets/noisySines.ts).
import { CatalogEntry, lengthParam, nTestParam, nTrainParam, SEED_PARAM } from './params';

export const noisySinesEntry: CatalogEntry = {
  name: 'noisy_sines',
  doc:
    'Sine waves with random period (10–40 steps), amplitude (0.5–1.5) and phase, plus Normal(0, noise) noise. ' +
    'x is a window of T noisy values; y is the next noisy value (many-to-one) or, with return_sequences=True, the next ' +
    'value at every step (many-to-many). The noise sets a floor: no model can beat MSE = noise².',
  params: [
    nTrainParam(1000),
    nTestParam(200),
    lengthParam(50, 'Window length in steps.'),
    SEED_PARAM,
    { name: 'noise', type: 'float', default: 0.1, min: 0, doc: 'Standard deviation of the Gaussian noise added to every value.' },
    { name: 'return_sequences', type: 'bool', default: false, doc: 'False: y is the one value after the window, [N]. True: y is x shifted by one step, [N, T, 1].' },
  ],
  returns:
    '(x_train [n_train, T, 1] float32, y_train [n_train] float32 or [n_train, T, 1] with return_sequences=True), (x_test, y_test) likewise.',
};
