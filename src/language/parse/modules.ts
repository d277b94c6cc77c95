// Which module paths an rnn cell may import: keras/tensorflow names and the math and random
// modules. Everything they resolve to is ours; any other module would mean running code we
// do not have.

const ROOTS = ['keras', 'tensorflow', 'tf', 'numpy', 'math', 'random'];

/** `keras`, `keras.layers`, `tensorflow.keras.*`, `tf.keras…` — anything under those roots. */
export function isAcceptedModule(path: string): boolean {
  return ROOTS.includes(path.split('.')[0]);
}

export function notAvailableModuleMessage(path: string): string {
  return `module '${path.split('.')[0]}' is not available in rnn cells; only keras/tensorflow/numpy names, math and random are`;
}
