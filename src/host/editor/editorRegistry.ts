// The registry the editor reads: the kernel's own Keras registrations (src/kernel/keras),
// registered into a registry of the editor's own so the extension host's defaultRegistry
// stays untouched. Importing them loads no ONNX Runtime; nothing here is ever called.
import { KerasRegistry } from '../../language';
import { registerKeras } from '../../kernel/keras/register';

export function buildEditorRegistry(): KerasRegistry {
  return registerKeras(new KerasRegistry());
}
