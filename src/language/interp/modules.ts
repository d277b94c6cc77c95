// The kernel's numpy, math and random: the declared modules (../declarations) with their
// implementations, for the registry of a session that runs cells (the editor's registry
// holds stand-ins instead).
import { NUMPY_DECLARATIONS } from '../declarations/numpy';
import { STANDARD_DECLARATIONS } from '../declarations/stdlib';
import { implementMembers } from '../host/declared';
import { KerasRegistry } from '../host/registry';
import { numpyImplementations } from '../numpy/module';
import { standardImplementations } from './stdlib';

/** A registry that runs numpy, math and random, each with its own random state. */
export function runningRegistry(): KerasRegistry {
  return new KerasRegistry([
    ...implementMembers('numpy', NUMPY_DECLARATIONS, numpyImplementations()),
    ...implementMembers('the standard modules', STANDARD_DECLARATIONS, standardImplementations()),
  ]);
}
