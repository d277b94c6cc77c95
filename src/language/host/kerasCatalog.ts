// The Keras names DESIGN.md §3 promises, by module. A name listed here but not yet
// registered by the engine imports fine and, when used, says it is not available yet; a
// name not listed is an ImportError/AttributeError like Python's.

export const KERAS_MODULES: Readonly<Record<string, readonly string[]>> = {
  'keras': ['Sequential', 'Model', 'Input'],
  'keras.layers': [
    'Input', 'Embedding', 'Masking', 'SimpleRNN', 'LSTM', 'GRU', 'Bidirectional', 'Dense',
    'TimeDistributed', 'Dropout', 'RepeatVector', 'Activation',
  ],
  'keras.models': ['Sequential', 'Model', 'load_model'],
  'keras.optimizers': ['SGD', 'Adam', 'RMSprop', 'Adagrad'],
  'keras.losses': [
    'MeanSquaredError', 'MeanAbsoluteError', 'BinaryCrossentropy', 'CategoricalCrossentropy',
    'SparseCategoricalCrossentropy',
  ],
  'keras.metrics': ['Accuracy', 'BinaryAccuracy', 'CategoricalAccuracy', 'SparseCategoricalAccuracy'],
  'keras.callbacks': ['EarlyStopping', 'TerminateOnNaN', 'ReduceLROnPlateau'],
  'keras.initializers': [
    'GlorotUniform', 'Orthogonal', 'Zeros', 'Ones', 'RandomNormal', 'RandomUniform', 'TruncatedNormal', 'Identity', 'Constant',
    'GlorotNormal', 'HeUniform', 'HeNormal', 'LecunUniform', 'LecunNormal', 'VarianceScaling',
  ],
  'keras.preprocessing': [],
  'keras.preprocessing.sequence': ['pad_sequences'],
  'keras.preprocessing.text': ['Tokenizer'],
  'keras.utils': ['pad_sequences', 'to_categorical', 'set_random_seed'],
  'tensorflow.random': ['set_seed'],
};

/** The same object under two paths, as in Keras (keras.Sequential is keras.models.Sequential). */
export const KERAS_ALIASES: Readonly<Record<string, string>> = {
  'keras.Sequential': 'keras.models.Sequential',
  'keras.Model': 'keras.models.Model',
  'keras.Input': 'keras.layers.Input',
  'keras.utils.pad_sequences': 'keras.preprocessing.sequence.pad_sequences',
};

/**
 * Names every cell sees without importing, so the seed's snippet runs as written (as if a
 * notebook began with `from keras.layers import *` and friends), plus Unroll's own
 * `datasets` and loaders, registered by the engine under `unroll.<name>`.
 */
export const PRELUDE_MODULES = [
  'keras.layers', 'keras.models', 'keras.optimizers', 'keras.callbacks',
  'keras.preprocessing.sequence', 'keras.preprocessing.text',
];
export const UNROLL_NAMES = ['datasets', 'load_text', 'load_csv', 'load_jsonl'];
