// The Keras layer table: every layer class a cell can make, with its keyword arguments
// (defaults, types, docs), Keras's default name stem and the value checks beyond types. The
// kernel builds its layer classes from it, the editor completes, documents and shape-checks
// from it, so the two cannot disagree about what `LSTM(...)` accepts.
import { ACTIVATION_NAMES } from './activations';
import type { ClassDecl } from './declarations';
import { INPUT_SHAPE, NAME, Param, opt, req } from './signature';

/**
 * A check on an argument's value, stated as data; the kernel raises ValueError with the
 * message the rule names: positive ('units must be a positive integer'), fraction ('rate must
 * be in [0, 1)'), recurrent (Bidirectional's layer must be SimpleRNN, LSTM or GRU).
 */
export interface ValueCheck {
  readonly arg: string;
  readonly rule: 'positive' | 'fraction' | 'recurrent';
}

export interface LayerDecl {
  readonly className: string;
  /** Keras's default name stem: 'simple_rnn' for SimpleRNN. */
  readonly stem: string;
  readonly doc: string;
  readonly params: readonly Param[];
  /** Checked in order after binding. */
  readonly checks: readonly ValueCheck[];
  /** Arguments that describe the input, not the layer, so they stay out of its config (Dense's input_dim, unlike Embedding's). */
  readonly inputArgs: readonly string[];
}

const INIT_TYPES = ['str', 'Initializer', 'dict', 'None'];

function recurrentParams(kind: 'SimpleRNN' | 'LSTM' | 'GRU'): Param[] {
  return [
    req('units', ['int'], 'Dimensionality of the output space (hidden state size).'),
    opt('activation', 'tanh', ['str', 'None'], `Activation of the ${kind} candidate/output.`, ACTIVATION_NAMES),
    ...(kind === 'SimpleRNN' ? [] : [opt('recurrent_activation', 'sigmoid', ['str'], 'Activation of the gates.', ACTIVATION_NAMES)]),
    opt('use_bias', true, ['bool'], 'Whether the layer uses a bias vector.'),
    opt('kernel_initializer', 'glorot_uniform', INIT_TYPES, 'Initializer of the input kernel.'),
    opt('recurrent_initializer', 'orthogonal', INIT_TYPES, 'Initializer of the recurrent kernel.'),
    opt('bias_initializer', 'zeros', INIT_TYPES, 'Initializer of the bias.'),
    ...(kind === 'LSTM' ? [opt('unit_forget_bias', true, ['bool'], 'Add 1 to the forget-gate bias at initialization.')] : []),
    opt('dropout', 0.0, ['float'], 'Fraction of the input units to drop (training only).'),
    opt('recurrent_dropout', 0.0, ['float'], 'Fraction of the recurrent units to drop (training only).'),
    opt('return_sequences', false, ['bool'], 'Return the whole output sequence, not only the last output.'),
    opt('return_state', false, ['bool'], 'Also return the final state(s) (functional API).'),
    opt('go_backwards', false, ['bool'], 'Process the input sequence backwards.'),
    ...(kind === 'GRU' ? [opt('reset_after', true, ['bool'], 'Apply the reset gate after the matrix product (Keras/CuDNN convention).')] : []),
    NAME,
    INPUT_SHAPE,
  ];
}

// Merge and attention layers: called on a list of tensors (`Concatenate()([a, b])`), see LIST_LAYERS.
const MERGE_AND_ATTENTION_LAYERS: readonly LayerDecl[] = [
  {
    className: 'Concatenate', stem: 'concatenate', doc: 'Joins a list of tensors along `axis`: `Concatenate()([a, b])`; the other axes must match.',
    params: [opt('axis', -1n, ['int'], 'The axis to join on (0 is the batch axis; -1 the features).'), NAME],
    checks: [], inputArgs: [],
  },
  { className: 'Add', stem: 'add', doc: 'Adds a list of tensors of the same shape: `Add()([a, b])`.', params: [NAME], checks: [], inputArgs: [] },
  { className: 'Multiply', stem: 'multiply', doc: 'Multiplies a list of tensors of the same shape elementwise: `Multiply()([a, b])`.', params: [NAME], checks: [], inputArgs: [] },
  { className: 'Average', stem: 'average', doc: 'Averages a list of tensors of the same shape: `Average()([a, b])`.', params: [NAME], checks: [], inputArgs: [] },
  {
    className: 'Dot', stem: 'dot', doc: 'Dot product of two tensors over one axis each, per sample: `Dot(axes=2)([q, k])` gives [batch, Tq, Tk].',
    params: [
      req('axes', ['int', 'tuple', 'list'], 'The axis of each input to sum over: one int for both, or a pair (0 is the batch axis).'),
      opt('normalize', false, ['bool'], 'L2-normalize both inputs along their axis first (the cosine similarity).'),
      NAME,
    ],
    checks: [], inputArgs: [],
  },
  {
    className: 'Attention', stem: 'attention',
    doc: 'Dot-product (Luong) attention on `[query, value]` or `[query, value, key]`: scores = query·keyᵀ, softmax over the value steps, output = scores·value. `return_attention_scores=True` in the call also returns the scores.',
    params: [
      opt('use_scale', false, ['bool'], 'Learn a scalar that scales the scores.'),
      opt('score_mode', 'dot', ['str'], "'dot': query·key; 'concat': Σ tanh(query + key).", ['dot', 'concat']),
      opt('dropout', 0.0, ['float'], 'Fraction of the attention scores to drop (training only).'),
      NAME,
    ],
    checks: [{ arg: 'dropout', rule: 'fraction' }], inputArgs: [],
  },
  {
    className: 'AdditiveAttention', stem: 'additive_attention',
    doc: 'Additive (Bahdanau) attention on `[query, value]` or `[query, value, key]`: scores = Σ scale·tanh(query + key), softmax over the value steps, output = scores·value.',
    params: [
      opt('use_scale', true, ['bool'], 'Learn a per-feature scale of the scores.'),
      opt('dropout', 0.0, ['float'], 'Fraction of the attention scores to drop (training only).'),
      NAME,
    ],
    checks: [{ arg: 'dropout', rule: 'fraction' }], inputArgs: [],
  },
];

/** Layers called on a list of tensors. */
export const LIST_LAYERS: ReadonlySet<string> = new Set(MERGE_AND_ATTENTION_LAYERS.map(d => d.className));

/**
 * Keras's Lambda wraps an arbitrary Python function, which cannot become ONNX graph nodes: the
 * class is declared so that a cell using it reads why, where it wrote it.
 */
export const LAMBDA_UNSUPPORTED =
  'Lambda layers are not supported in rnn cells: a training step is one ONNX graph, and an arbitrary Python function cannot become ONNX graph nodes. Use the built-in layers (Concatenate, Add, Multiply, Average, Dot, Attention, Dense, ...) instead';

export const LAMBDA: ClassDecl = {
  name: 'Lambda',
  module: 'keras.layers',
  doc: `Not available: ${LAMBDA_UNSUPPORTED}.`,
  constructorSignature: {
    name: 'Lambda',
    params: [
      req('function', undefined, 'The function to wrap (not supported).'),
      opt('output_shape', null, undefined, 'Not supported.'),
      opt('mask', null, undefined, 'Not supported.'),
      opt('arguments', null, undefined, 'Not supported.'),
      NAME,
    ],
    doc: LAMBDA_UNSUPPORTED,
  },
};

const RECURRENT_CHECKS: readonly ValueCheck[] = [
  { arg: 'units', rule: 'positive' },
  { arg: 'dropout', rule: 'fraction' },
  { arg: 'recurrent_dropout', rule: 'fraction' },
];

export const LAYERS: readonly LayerDecl[] = [
  {
    className: 'Dense', stem: 'dense', doc: 'Densely connected layer: activation(x · kernel + bias), on the last axis.',
    params: [
      req('units', ['int'], 'Dimensionality of the output space.'),
      opt('activation', null, ['str', 'None'], 'Activation function (None: linear).', ACTIVATION_NAMES),
      opt('use_bias', true, ['bool'], 'Whether the layer uses a bias vector.'),
      opt('kernel_initializer', 'glorot_uniform', INIT_TYPES, 'Initializer of the kernel.'),
      opt('bias_initializer', 'zeros', INIT_TYPES, 'Initializer of the bias.'),
      NAME, INPUT_SHAPE,
      opt('input_dim', null, ['int', 'None'], 'Input feature size of a first layer (same as input_shape=(input_dim,)).'),
    ],
    checks: [{ arg: 'units', rule: 'positive' }],
    inputArgs: ['input_dim'],
  },
  {
    className: 'Embedding', stem: 'embedding', doc: 'Turns integer ids into dense vectors of a fixed size.',
    params: [
      req('input_dim', ['int'], 'Size of the vocabulary: the largest id + 1.'),
      req('output_dim', ['int'], 'Dimension of the dense embedding.'),
      opt('embeddings_initializer', 'uniform', INIT_TYPES, 'Initializer of the embedding table.'),
      opt('mask_zero', false, ['bool'], 'Treat id 0 as padding: masked steps are skipped by recurrent layers.'),
      opt('input_length', null, ['int', 'None'], 'Length of the input sequences (shown in summary; any length trains).'),
      NAME, INPUT_SHAPE,
    ],
    checks: [{ arg: 'input_dim', rule: 'positive' }, { arg: 'output_dim', rule: 'positive' }],
    inputArgs: [],
  },
  {
    className: 'Masking', stem: 'masking', doc: 'Masks time steps whose features all equal mask_value.',
    params: [opt('mask_value', 0.0, ['float'], 'Steps equal to this value everywhere are masked.'), NAME, INPUT_SHAPE],
    checks: [],
    inputArgs: [],
  },
  { className: 'SimpleRNN', stem: 'simple_rnn', doc: 'Fully-connected RNN: h_t = activation(x_t·W + h_{t−1}·U + b).', params: recurrentParams('SimpleRNN'), checks: RECURRENT_CHECKS, inputArgs: [] },
  { className: 'LSTM', stem: 'lstm', doc: 'Long Short-Term Memory layer (Hochreiter 1997): gates i, f, c, o.', params: recurrentParams('LSTM'), checks: RECURRENT_CHECKS, inputArgs: [] },
  { className: 'GRU', stem: 'gru', doc: 'Gated Recurrent Unit (Cho et al. 2014): gates z, r, h.', params: recurrentParams('GRU'), checks: RECURRENT_CHECKS, inputArgs: [] },
  {
    className: 'Dropout', stem: 'dropout', doc: 'Sets a fraction `rate` of inputs to 0 during training (scaled by 1/(1−rate)).',
    params: [req('rate', ['float'], 'Fraction of the input units to drop, in [0, 1).'), NAME, INPUT_SHAPE],
    checks: [{ arg: 'rate', rule: 'fraction' }],
    inputArgs: [],
  },
  {
    className: 'Activation', stem: 'activation', doc: 'Applies an activation function to its input, elementwise (softmax on the last axis).',
    params: [req('activation', ['str'], "The activation's name: 'relu', 'tanh', 'softmax', …", ACTIVATION_NAMES), NAME, INPUT_SHAPE],
    checks: [],
    inputArgs: [],
  },
  {
    className: 'RepeatVector', stem: 'repeat_vector', doc: 'Repeats the input n times: [batch, F] → [batch, n, F].',
    params: [req('n', ['int'], 'Repetition factor.'), NAME, INPUT_SHAPE],
    checks: [{ arg: 'n', rule: 'positive' }],
    inputArgs: [],
  },
  {
    className: 'Bidirectional', stem: 'bidirectional', doc: 'Runs a recurrent layer forwards and backwards and merges the outputs.',
    params: [
      req('layer', ['SimpleRNN', 'LSTM', 'GRU'], 'The recurrent layer to run in both directions.'),
      opt('merge_mode', 'concat', ['str', 'None'], 'How to merge the two outputs; None returns them apart (functional API).', ['concat', 'sum', 'mul', 'ave']),
      NAME, INPUT_SHAPE,
    ],
    checks: [{ arg: 'layer', rule: 'recurrent' }],
    inputArgs: [],
  },
  {
    className: 'TimeDistributed', stem: 'time_distributed', doc: 'Applies a layer to every time step of a sequence.',
    params: [req('layer', ['Layer'], 'The layer applied at each step (e.g. Dense).'), NAME, INPUT_SHAPE],
    checks: [],
    inputArgs: [],
  },
  ...MERGE_AND_ATTENTION_LAYERS,
];

const BY_CLASS = new Map(LAYERS.map(d => [d.className, d]));

/** The declared default of a layer argument (undefined for a required one or an unknown name). */
export function layerDefault(className: string, arg: string): Param['default'] {
  return BY_CLASS.get(className)?.params.find(p => p.name === arg)?.default;
}

/** The base of every layer class: calling a layer on a tensor (functional API), its config. */
export const LAYER_BASE: ClassDecl = {
  name: 'Layer',
  module: 'keras.layers',
  doc: 'Base class of every Keras layer.',
  attributes: {
    name: { doc: 'The layer name.', type: 'str' },
    input: { doc: 'The input tensor of its first call (functional API, or a built Sequential).', type: 'KerasTensor' },
    output: { doc: 'The output tensor of its first call (a list with return_state).', type: 'KerasTensor' },
  },
  methods: {
    __call__: {
      name: 'Layer.__call__',
      params: [
        req('inputs', ['KerasTensor', 'ndarray', 'list', 'tuple'], 'A symbolic tensor (Input(...) or another layer call), or an array to run the layer on now (batch first); merge and attention layers take a list of tensors.'),
        opt('initial_state', null, ['list', 'KerasTensor', 'None'], 'Initial states of a recurrent layer (the encoder states of a decoder).'),
        opt('mask', null, ['KerasTensor', 'ndarray', 'list', 'None'], 'A recurrent layer: which steps to use, [batch, timesteps] (True or nonzero = use); replaces the mask the input carries (Embedding mask_zero, Masking).'),
        opt('return_attention_scores', false, ['bool'], 'Attention and AdditiveAttention: return (output, scores), the scores [batch, Tq, Tv].'),
        opt('use_causal_mask', false, ['bool'], 'Attention and AdditiveAttention: query step i attends to value steps up to i only (decoder self-attention).'),
      ],
      doc: 'Calls the layer on a symbolic tensor (functional API), or on an array: then it runs at once and returns an array.',
    },
    get_config: { name: 'Layer.get_config', params: [], doc: "The layer's configuration as a dict." },
    get_weights: { name: 'Layer.get_weights', params: [], doc: "The layer's weights as a list of arrays, in Keras order (kernel, recurrent_kernel, bias); [] before it is built." },
    set_weights: { name: 'Layer.set_weights', params: [req('weights', ['list'], 'Arrays in the order and shapes get_weights returns them.')], doc: "Replaces the layer's weights." },
  },
};

/** A table row as the class a cell calls: `LSTM(32, return_sequences=True)`. */
export function layerClass(decl: LayerDecl): ClassDecl {
  return {
    name: decl.className,
    module: 'keras.layers',
    doc: decl.doc,
    base: LAYER_BASE,
    constructorSignature: { name: decl.className, params: decl.params, doc: decl.doc },
  };
}
