// The registry the editor reads: the Keras surface as src/keras declares it, in a registry of
// the editor's own so the extension host's defaultRegistry stays untouched. It loads neither
// the kernel nor the engine; nothing in it ever runs.
import type { KerasRegistry } from '../../language';
import { declaredRegistry } from '../../language/analysis/declaredRegistry';

export function buildEditorRegistry(): KerasRegistry {
  return declaredRegistry();
}
