// Keras signatures and docs for the editor when the host registry has no real class for a
// name yet. The kernel's registrations (src/kernel/keras) are the truth and win wherever
// they exist (see editorRegistry.ts); these spec-only classes are never constructed — they
// only let diagnostics, completion, hover and signature help know Keras's parameters.
import { HostClass, HostObject, PyFunction, PyException } from '../language';
import type { Param, Signature, Value } from '../language';

const ACTIVATIONS = [
  'tanh', 'sigmoid', 'relu', 'linear', 'softmax', 'log_softmax', 'elu', 'selu', 'hard_sigmoid',
  'softplus', 'softsign', 'exponential', 'swish', 'silu',
];
const INITIALIZERS = ['glorot_uniform', 'glorot_normal', 'orthogonal', 'zeros', 'ones', 'uniform', 'random_normal', 'random_uniform', 'he_normal', 'he_uniform'];
export const OPTIMIZER_NAMES = ['adam', 'sgd', 'rmsprop', 'adagrad'];
export const LOSS_NAMES = [
  'binary_crossentropy', 'categorical_crossentropy', 'sparse_categorical_crossentropy',
  'mse', 'mean_squared_error', 'mae', 'mean_absolute_error',
];
export const METRIC_NAMES = [
  'accuracy', 'binary_accuracy', 'categorical_accuracy', 'sparse_categorical_accuracy', 'mae', 'mse', 'crossentropy', 'perplexity',
];
const MONITORS = ['val_loss', 'loss', 'val_accuracy', 'accuracy'];

type ParamOptions = Omit<Param, 'name'>;
const p = (name: string, doc: string, extra: ParamOptions = {}): Param => ({ name, doc, ...extra });
const opt = (name: string, def: Value, doc: string, extra: ParamOptions = {}): Param => ({ name, default: def, doc, ...extra });
const nameParam = opt('name', null, 'The layer\'s name (unique within a model).', { types: ['str', 'None'] });

/** Shared by SimpleRNN, LSTM and GRU. */
function recurrentParams(gates: 'simple' | 'lstm' | 'gru'): Param[] {
  const params: Param[] = [
    p('units', 'Dimensionality of the hidden state h_t (and of the output).', { types: ['int'] }),
    opt('activation', 'tanh', 'Activation of the candidate state (the tanh in h_t = tanh(U·h_{t-1} + V·x_t + b)).', { types: ['str', 'None'], choices: ACTIVATIONS }),
  ];
  if (gates !== 'simple') params.push(opt('recurrent_activation', 'sigmoid', 'Activation of the gates.', { types: ['str'], choices: ACTIVATIONS }));
  params.push(
    opt('use_bias', true, 'Whether the layer uses a bias vector.', { types: ['bool'] }),
    opt('kernel_initializer', 'glorot_uniform', 'Initializer of the input weights V.', { choices: INITIALIZERS }),
    opt('recurrent_initializer', 'orthogonal', 'Initializer of the recurrent weights U.', { choices: INITIALIZERS }),
    opt('bias_initializer', 'zeros', 'Initializer of the bias.', { choices: INITIALIZERS }),
  );
  if (gates === 'lstm') params.push(opt('unit_forget_bias', true, 'Add 1 to the forget gate\'s bias at initialization.', { types: ['bool'] }));
  params.push(
    opt('dropout', 0.0, 'Fraction of the inputs x_t to drop, between 0 and 1.', { types: ['float'] }),
    opt('recurrent_dropout', 0.0, 'Fraction of the recurrent state h_{t-1} to drop, between 0 and 1.', { types: ['float'] }),
    opt('return_sequences', false, 'Return the whole sequence [B, T, units] instead of the last output [B, units].', { types: ['bool'] }),
    opt('return_state', false, 'Also return the final state(s) after the output.', { types: ['bool'] }),
    opt('go_backwards', false, 'Process the input sequence backwards and return the reversed sequence.', { types: ['bool'] }),
  );
  if (gates === 'gru') params.push(opt('reset_after', true, 'Apply the reset gate after the matrix product (Keras\'s default, cuDNN-compatible).', { types: ['bool'] }));
  params.push(nameParam);
  return params;
}

function specClass(name: string, module: string, doc: string, params: Param[], extra: { methods?: Record<string, Signature>; attributes?: Record<string, string>; base?: HostClass } = {}): HostClass {
  const methods = Object.fromEntries(Object.entries(extra.methods ?? {}).map(([method, signature]) => [method, { signature, call: notRunnable(name + '.' + method) }]));
  const attributes = Object.fromEntries(Object.entries(extra.attributes ?? {}).map(([attr, doc]) => [attr, { doc }]));
  return new HostClass<HostObject>({ name, module, doc, constructorSignature: { name, params, doc }, methods, attributes, base: extra.base });
}

function specFunction(name: string, doc: string, params: Param[]): PyFunction {
  return new PyFunction({ name, params, doc }, notRunnable(name));
}

/** The reference is for reading only; a call means a wiring mistake, and says so. */
function notRunnable(name: string): () => never {
  return () => {
    throw new PyException('NotImplementedError', `${name} is documentation for the editor, not a runnable object`);
  };
}

const method = (name: string, doc: string, params: Param[]): Signature => ({ name, doc, params });

const LAYER = specClass('Layer', 'keras.layers', 'Base class of every Keras layer.', [], {
  attributes: { name: 'The layer\'s name.' },
});

const MODEL_METHODS = (owner: string): Record<string, Signature> => ({
  compile: method(`${owner}.compile`, 'Configures the model for training: the optimizer, the loss and the metrics to report.', [
    opt('optimizer', 'rmsprop', 'An optimizer name (\'adam\', \'sgd\', \'rmsprop\', \'adagrad\') or an optimizer object such as Adam(learning_rate=1e-3, clipnorm=1.0).', { choices: OPTIMIZER_NAMES }),
    opt('loss', null, 'A loss name (\'binary_crossentropy\', \'mse\', …) or a loss object.', { choices: LOSS_NAMES }),
    opt('metrics', null, 'A list of metrics to report during training, e.g. [\'accuracy\'].', { choices: METRIC_NAMES }),
  ]),
  fit: method(`${owner}.fit`, 'Trains the model for a number of epochs. Returns a History whose .history holds the loss and metrics per epoch.', [
    opt('x', null, 'Input data: an array [N, T] of token ids or [N, T, F] of features.'),
    opt('y', null, 'Targets, one per sample (or per time step with return_sequences).'),
    opt('batch_size', null, 'Samples per gradient update (default 32).', { types: ['int', 'None'] }),
    opt('epochs', 1n, 'Number of passes over the training data.', { types: ['int'] }),
    opt('verbose', 'auto', 'Progress output: \'auto\', 0 (silent), 1 (progress) or 2 (one line per epoch).'),
    opt('callbacks', null, 'A list of callbacks: EarlyStopping, TerminateOnNaN, ReduceLROnPlateau.'),
    opt('validation_split', 0.0, 'Fraction of the training data held out for validation (taken from the end, before shuffling).', { types: ['float'] }),
    opt('validation_data', null, 'A tuple (x_val, y_val) to validate on after each epoch.'),
    opt('shuffle', true, 'Shuffle the training data before each epoch.', { types: ['bool'] }),
  ]),
  evaluate: method(`${owner}.evaluate`, 'Returns the loss and metrics on the given data (dropout off).', [
    opt('x', null, 'Input data.'),
    opt('y', null, 'Targets.'),
    opt('batch_size', null, 'Samples per batch (default 32).', { types: ['int', 'None'] }),
    opt('verbose', 'auto', 'Progress output.'),
    opt('return_dict', false, 'Return {name: value} instead of a list.', { types: ['bool'] }),
  ]),
  predict: method(`${owner}.predict`, 'Returns the model\'s outputs for the inputs (dropout off).', [
    p('x', 'Input data.'),
    opt('batch_size', null, 'Samples per batch (default 32).', { types: ['int', 'None'] }),
    opt('verbose', 'auto', 'Progress output.'),
  ]),
  summary: method(`${owner}.summary`, 'Prints a table of the layers, their output shapes and parameter counts.', []),
  save: method(`${owner}.save`, 'Saves the model: a .onnx path writes a standard ONNX inference model (opens in Netron, runs in any ONNX Runtime).', [
    p('filepath', 'Where to write, inside the workspace.', { types: ['str'] }),
  ]),
  generate: method(`${owner}.generate`, 'Samples a sequence from a trained next-token model, feeding each sampled token back in (text, melodies).', [
    p('start', 'The seed: a string or a list of token ids to start from.'),
    p('length', 'How many tokens to generate.', { types: ['int'] }),
    opt('temperature', 1.0, 'Sampling temperature: near 0 picks the likeliest token, higher is more varied.', { types: ['float'] }),
    opt('seed', null, 'Random seed for reproducible samples.', { types: ['int', 'None'] }),
  ]),
});

const MODEL = specClass('Model', 'keras.models', 'A model built with the functional API: Model(inputs, outputs) from Input tensors and layer calls (encoder-decoders with return_state and initial_state).', [
  p('inputs', 'An Input tensor or a list of them.'),
  p('outputs', 'The output tensor or a list of them.'),
  nameParam,
], { methods: MODEL_METHODS('Model'), attributes: { layers: 'The model\'s layers.', name: 'The model\'s name.' } });

const SEQUENTIAL = specClass('Sequential', 'keras.models', 'A linear stack of layers: each layer\'s output is the next one\'s input.', [
  opt('layers', null, 'A list of layers to add in order.'),
  nameParam,
], {
  base: MODEL,
  methods: { add: method('Sequential.add', 'Adds a layer on top of the stack.', [p('layer', 'The layer to add.')]), ...MODEL_METHODS('Sequential') },
});

const optimizer = (name: string, doc: string, lr: number, extra: Param[]): HostClass => specClass(name, 'keras.optimizers', doc, [
  opt('learning_rate', lr, 'Step size.', { types: ['float'] }),
  ...extra,
  opt('clipnorm', null, 'Clip each gradient tensor to this L2 norm (tames exploding gradients).', { types: ['float', 'None'] }),
  opt('clipvalue', null, 'Clip each gradient element to [-clipvalue, clipvalue].', { types: ['float', 'None'] }),
  opt('global_clipnorm', null, 'Clip all gradients together to this global L2 norm.', { types: ['float', 'None'] }),
  nameParam,
]);

const loss = (name: string, doc: string, extra: Param[] = []): HostClass => specClass(name, 'keras.losses', doc, [...extra, nameParam]);
const fromLogits = opt('from_logits', false, 'Whether predictions are logits rather than probabilities.', { types: ['bool'] });
const metric = (name: string, doc: string): HostClass => specClass(name, 'keras.metrics', doc, [nameParam]);
const initializer = (name: string, doc: string, params: Param[] = []): HostClass => specClass(name, 'keras.initializers', doc, [...params, opt('seed', null, 'Random seed.', { types: ['int', 'None'] })]);

/** Canonical registry path → spec-only value. */
export const KERAS_REFERENCE: ReadonlyMap<string, Value> = new Map<string, Value>([
  ['keras.layers.Input', specFunction('Input', 'A symbolic input for the functional API: Input(shape=(T,)) for token ids, Input(shape=(T, F)) for features; None for a variable length.', [
    p('shape', 'The shape of one sample, without the batch dimension, e.g. (None,) or (20, 1).'),
    opt('batch_size', null, 'A fixed batch size, rarely needed.', { types: ['int', 'None'] }),
    opt('dtype', null, '\'int64\' for token ids, \'float32\' for features.', { choices: ['float32', 'int64', 'int32'] }),
    nameParam,
  ])],
  ['keras.layers.Embedding', specClass('Embedding', 'keras.layers', 'Turns token ids [B, T] into dense vectors [B, T, output_dim]. With mask_zero=True the id 0 is padding and later layers skip it.', [
    p('input_dim', 'Vocabulary size: the largest token id + 1.', { types: ['int'] }),
    p('output_dim', 'Size of each embedding vector.', { types: ['int'] }),
    opt('embeddings_initializer', 'uniform', 'Initializer of the embedding matrix.', { choices: INITIALIZERS }),
    opt('mask_zero', false, 'Treat id 0 as padding and pass a mask to the following layers.', { types: ['bool'] }),
    opt('input_length', null, 'Length of the input sequences (Keras 2 argument; optional).', { types: ['int', 'None'] }),
    nameParam,
  ], { base: LAYER })],
  ['keras.layers.Masking', specClass('Masking', 'keras.layers', 'Masks time steps whose features all equal mask_value, so recurrent layers skip them.', [
    opt('mask_value', 0.0, 'The padding value.', { types: ['float'] }), nameParam,
  ], { base: LAYER })],
  ['keras.layers.SimpleRNN', specClass('SimpleRNN', 'keras.layers', 'Fully-connected RNN: h_t = tanh(U·h_{t-1} + V·x_t + b). Input [B, T, F] → output [B, units] (or [B, T, units] with return_sequences=True).', recurrentParams('simple'), { base: LAYER })],
  ['keras.layers.LSTM', specClass('LSTM', 'keras.layers', 'Long Short-Term Memory (Hochreiter & Schmidhuber, 1997): input, forget and output gates around a cell state that carries gradients over many steps. Input [B, T, F] → output [B, units] (or [B, T, units] with return_sequences=True).', recurrentParams('lstm'), { base: LAYER })],
  ['keras.layers.GRU', specClass('GRU', 'keras.layers', 'Gated Recurrent Unit (Cho et al., 2014): update and reset gates, fewer parameters than an LSTM. Input [B, T, F] → output [B, units] (or [B, T, units] with return_sequences=True).', recurrentParams('gru'), { base: LAYER })],
  ['keras.layers.Bidirectional', specClass('Bidirectional', 'keras.layers', 'Runs a recurrent layer forwards and a copy backwards over the sequence and merges their outputs.', [
    p('layer', 'The recurrent layer (SimpleRNN, LSTM or GRU) to run in both directions.'),
    opt('merge_mode', 'concat', 'How to merge the two directions\' outputs: \'concat\', \'sum\', \'mul\', \'ave\' or None (a list of both).', { types: ['str', 'None'], choices: ['concat', 'sum', 'mul', 'ave'] }),
    opt('backward_layer', null, 'An explicit layer for the backward direction.'),
    nameParam,
  ], { base: LAYER })],
  ['keras.layers.Dense', specClass('Dense', 'keras.layers', 'A fully-connected layer: activation(x·W + b), applied to the last axis. [B, F] → [B, units].', [
    p('units', 'Size of the output.', { types: ['int'] }),
    opt('activation', null, 'Activation applied to the output; None is linear.', { types: ['str', 'None'], choices: ACTIVATIONS }),
    opt('use_bias', true, 'Whether the layer uses a bias vector.', { types: ['bool'] }),
    opt('kernel_initializer', 'glorot_uniform', 'Initializer of W.', { choices: INITIALIZERS }),
    opt('bias_initializer', 'zeros', 'Initializer of b.', { choices: INITIALIZERS }),
    nameParam,
  ], { base: LAYER })],
  ['keras.layers.TimeDistributed', specClass('TimeDistributed', 'keras.layers', 'Applies a layer to every time step: [B, T, F] → [B, T, …]. Usually TimeDistributed(Dense(n)) after return_sequences=True.', [
    p('layer', 'The layer to apply at each step.'), nameParam,
  ], { base: LAYER })],
  ['keras.layers.Dropout', specClass('Dropout', 'keras.layers', 'Sets a random fraction of inputs to 0 during training (scaled by 1/(1-rate)); does nothing in evaluate and predict.', [
    p('rate', 'Fraction of the inputs to drop, between 0 and 1.', { types: ['float'] }),
    opt('seed', null, 'Random seed.', { types: ['int', 'None'] }), nameParam,
  ], { base: LAYER })],
  ['keras.layers.RepeatVector', specClass('RepeatVector', 'keras.layers', 'Repeats a vector n times: [B, F] → [B, n, F]. Feeds an encoder\'s summary to a decoder (one-to-many).', [
    p('n', 'Number of repetitions.', { types: ['int'] }), nameParam,
  ], { base: LAYER })],
  ['keras.models.Sequential', SEQUENTIAL],
  ['keras.models.Model', MODEL],
  ['keras.models.load_model', specFunction('load_model', 'Loads a model saved with model.save(...) from the workspace.', [p('filepath', 'The saved model\'s path.', { types: ['str'] })])],
  ['keras.optimizers.SGD', optimizer('SGD', 'Stochastic gradient descent, with optional momentum.', 0.01, [
    opt('momentum', 0.0, 'Momentum factor.', { types: ['float'] }), opt('nesterov', false, 'Use Nesterov momentum.', { types: ['bool'] }),
  ])],
  ['keras.optimizers.Adam', optimizer('Adam', 'Adam (Kingma & Ba, 2014): per-parameter steps from running averages of the gradient and its square.', 0.001, [
    opt('beta_1', 0.9, 'Decay of the first-moment average.', { types: ['float'] }),
    opt('beta_2', 0.999, 'Decay of the second-moment average.', { types: ['float'] }),
    opt('epsilon', 1e-7, 'Small constant for numerical stability.', { types: ['float'] }),
  ])],
  ['keras.optimizers.RMSprop', optimizer('RMSprop', 'RMSprop: divides the gradient by a running average of its magnitude.', 0.001, [
    opt('rho', 0.9, 'Decay of the running average.', { types: ['float'] }),
    opt('momentum', 0.0, 'Momentum factor.', { types: ['float'] }),
    opt('epsilon', 1e-7, 'Small constant for numerical stability.', { types: ['float'] }),
  ])],
  ['keras.optimizers.Adagrad', optimizer('Adagrad', 'Adagrad: per-parameter learning rates that shrink with the sum of squared gradients.', 0.001, [
    opt('initial_accumulator_value', 0.1, 'Starting value of the accumulators.', { types: ['float'] }),
    opt('epsilon', 1e-7, 'Small constant for numerical stability.', { types: ['float'] }),
  ])],
  ['keras.losses.MeanSquaredError', loss('MeanSquaredError', 'mean((y_true - y_pred)²): regression.')],
  ['keras.losses.MeanAbsoluteError', loss('MeanAbsoluteError', 'mean(|y_true - y_pred|): regression, robust to outliers.')],
  ['keras.losses.BinaryCrossentropy', loss('BinaryCrossentropy', 'Cross-entropy for 0/1 labels and a sigmoid output.', [fromLogits])],
  ['keras.losses.CategoricalCrossentropy', loss('CategoricalCrossentropy', 'Cross-entropy for one-hot labels and a softmax output.', [fromLogits])],
  ['keras.losses.SparseCategoricalCrossentropy', loss('SparseCategoricalCrossentropy', 'Cross-entropy for integer class labels and a softmax output.', [fromLogits])],
  ['keras.metrics.Accuracy', metric('Accuracy', 'How often predictions equal labels.')],
  ['keras.metrics.BinaryAccuracy', metric('BinaryAccuracy', 'How often a sigmoid output thresholded at 0.5 equals the 0/1 label.')],
  ['keras.metrics.CategoricalAccuracy', metric('CategoricalAccuracy', 'How often the argmax of the output equals the argmax of the one-hot label.')],
  ['keras.metrics.SparseCategoricalAccuracy', metric('SparseCategoricalAccuracy', 'How often the argmax of the output equals the integer label.')],
  ['keras.callbacks.EarlyStopping', specClass('EarlyStopping', 'keras.callbacks', 'Stops training when a monitored quantity has stopped improving.', [
    opt('monitor', 'val_loss', 'The quantity to watch.', { types: ['str'], choices: MONITORS }),
    opt('min_delta', 0.0, 'Smallest change that counts as an improvement.', { types: ['float'] }),
    opt('patience', 0n, 'Epochs without improvement before stopping.', { types: ['int'] }),
    opt('mode', 'auto', 'Whether the quantity should go down (\'min\') or up (\'max\').', { types: ['str'], choices: ['auto', 'min', 'max'] }),
    opt('baseline', null, 'Stop if the quantity does not beat this value.', { types: ['float', 'None'] }),
    opt('restore_best_weights', false, 'Restore the weights of the best epoch when stopping.', { types: ['bool'] }),
    opt('start_from_epoch', 0n, 'Epochs to wait before watching.', { types: ['int'] }),
  ])],
  ['keras.callbacks.TerminateOnNaN', specClass('TerminateOnNaN', 'keras.callbacks', 'Stops training as soon as the loss is NaN or infinite (an exploding gradient).', [])],
  ['keras.callbacks.ReduceLROnPlateau', specClass('ReduceLROnPlateau', 'keras.callbacks', 'Multiplies the learning rate by factor when a monitored quantity has stopped improving.', [
    opt('monitor', 'val_loss', 'The quantity to watch.', { types: ['str'], choices: MONITORS }),
    opt('factor', 0.1, 'new_lr = lr * factor.', { types: ['float'] }),
    opt('patience', 10n, 'Epochs without improvement before reducing.', { types: ['int'] }),
    opt('mode', 'auto', 'Whether the quantity should go down (\'min\') or up (\'max\').', { types: ['str'], choices: ['auto', 'min', 'max'] }),
    opt('min_delta', 0.0001, 'Smallest change that counts as an improvement.', { types: ['float'] }),
    opt('cooldown', 0n, 'Epochs to wait after a reduction.', { types: ['int'] }),
    opt('min_lr', 0.0, 'Lower bound on the learning rate.', { types: ['float'] }),
  ])],
  ['keras.initializers.GlorotUniform', initializer('GlorotUniform', 'Uniform in [-l, l] with l = sqrt(6 / (fan_in + fan_out)).')],
  ['keras.initializers.Orthogonal', initializer('Orthogonal', 'A random orthogonal matrix (keeps the recurrent product\'s norm at first).', [opt('gain', 1.0, 'Multiplier.', { types: ['float'] })])],
  ['keras.initializers.Zeros', specClass('Zeros', 'keras.initializers', 'All zeros.', [])],
  ['keras.initializers.Ones', specClass('Ones', 'keras.initializers', 'All ones.', [])],
  ['keras.initializers.RandomNormal', initializer('RandomNormal', 'Normal distribution.', [opt('mean', 0.0, 'Mean.', { types: ['float'] }), opt('stddev', 0.05, 'Standard deviation.', { types: ['float'] })])],
  ['keras.initializers.RandomUniform', initializer('RandomUniform', 'Uniform distribution.', [opt('minval', -0.05, 'Lower bound.', { types: ['float'] }), opt('maxval', 0.05, 'Upper bound.', { types: ['float'] })])],
  ['keras.preprocessing.sequence.pad_sequences', specFunction('pad_sequences', 'Pads (or truncates) lists of token ids to one length: [N] lists → array [N, maxlen].', [
    p('sequences', 'A list of lists of token ids.'),
    opt('maxlen', null, 'The length to pad or truncate to; default the longest.', { types: ['int', 'None'] }),
    opt('dtype', 'int32', 'The result\'s type.', { types: ['str'] }),
    opt('padding', 'pre', 'Pad before (\'pre\') or after (\'post\') each sequence.', { types: ['str'], choices: ['pre', 'post'] }),
    opt('truncating', 'pre', 'Cut from the start (\'pre\') or the end (\'post\').', { types: ['str'], choices: ['pre', 'post'] }),
    opt('value', 0.0, 'The padding value.', { types: ['float'] }),
  ])],
  ['keras.preprocessing.text.Tokenizer', specClass('Tokenizer', 'keras.preprocessing.text', 'Turns texts into sequences of word ids, most frequent words first (id 0 is reserved for padding).', [
    opt('num_words', null, 'Keep only the num_words - 1 most frequent words.', { types: ['int', 'None'] }),
    opt('filters', '!"#$%&()*+,-./:;<=>?@[\\]^_`{|}~\t\n', 'Characters removed from the texts.', { types: ['str'] }),
    opt('lower', true, 'Lower-case the texts.', { types: ['bool'] }),
    opt('split', ' ', 'Word separator.', { types: ['str'] }),
    opt('char_level', false, 'Every character is a token.', { types: ['bool'] }),
    opt('oov_token', null, 'A token for words outside the vocabulary.', { types: ['str', 'None'] }),
  ], {
    methods: {
      fit_on_texts: method('Tokenizer.fit_on_texts', 'Builds the vocabulary from a list of texts.', [p('texts', 'A list of strings.')]),
      texts_to_sequences: method('Tokenizer.texts_to_sequences', 'Turns each text into a list of word ids.', [p('texts', 'A list of strings.')]),
      sequences_to_texts: method('Tokenizer.sequences_to_texts', 'Turns lists of word ids back into texts.', [p('sequences', 'A list of lists of ids.')]),
    },
    attributes: { word_index: 'dict: word → id.', index_word: 'dict: id → word.', word_counts: 'dict: word → count.' },
  })],
  ['keras.utils.to_categorical', specFunction('to_categorical', 'One-hot encodes integer labels: [N] → [N, num_classes].', [
    p('y', 'Integer class labels.'),
    opt('num_classes', null, 'Number of classes; default max(y) + 1.', { types: ['int', 'None'] }),
  ])],
]);
