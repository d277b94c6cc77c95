// set_random_seed / tf.random.set_seed: the kernel context's seed stream (kernelContext.ts).
import { PyException, PyFunction, Value, implementFunction, repr } from '../../language';
import { SET_RANDOM_SEED, TF_SET_SEED } from '../../keras/random';
import type { KernelContext } from '../kernelContext';

function seedOf(v: Value, who: string): number {
  if (typeof v !== 'bigint') throw new PyException('ValueError', `${who}: expected \`seed\` argument to be an integer. Received: seed=${repr(v)}`);
  return Number(BigInt.asUintN(32, v));
}

/** Keras 3: "sets all random seeds (Python, NumPy, and backend framework)". */
export const setRandomSeedFunction = (context: KernelContext): PyFunction => implementFunction(SET_RANDOM_SEED, (a, ctx) => {
  const seed = seedOf(a.seed, 'set_random_seed');
  context.setRandomSeed(seed);
  context.seedOthers(seed, ctx);
  return null;
});

export const tfSetSeedFunction = (context: KernelContext): PyFunction => implementFunction(TF_SET_SEED, a => {
  context.setRandomSeed(a.seed === null ? null : seedOf(a.seed, 'set_seed'));
  return null;
});
