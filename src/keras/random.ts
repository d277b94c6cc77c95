// The global seed functions: keras.utils.set_random_seed and tf.random.set_seed. After either,
// the model initialisation, dropout and fit's shuffle order repeat from run to run.
import type { DeclaredSignature } from './declarations';
import { opt, req } from './signature';

export const SET_RANDOM_SEED: DeclaredSignature = {
  name: 'set_random_seed',
  params: [req('seed', ['int'], 'The seed.')],
  doc: 'Seeds every random draw the kernel makes from here on (initial weights, dropout masks, the shuffle order), so the same cells give the same weights and losses.',
};

export const TF_SET_SEED: DeclaredSignature = {
  name: 'set_seed',
  params: [opt('seed', null, ['int', 'None'], 'The seed; None goes back to unseeded draws.')],
  doc: 'Sets the global random seed: the same cells after the same seed give the same initial weights, dropout masks and shuffle order.',
};
