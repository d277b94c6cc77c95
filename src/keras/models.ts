// The model classes (Sequential, the functional Model, their shared methods), Input and
// load_model, as declarations: what each method takes, with defaults and docs.
import type { ClassDecl, DeclaredSignature } from './declarations';
import { NAME, Param, opt, req } from './signature';

function method(name: string, params: Param[], doc: string): DeclaredSignature {
  return { name: `Model.${name}`, params, doc };
}

const VERBOSE = opt('verbose', 'auto', ['int', 'str'], "0 = silent; 'auto', 1 or 2 show progress and a line per epoch.");
const BATCH = opt('batch_size', null, ['int', 'None'], 'Samples per gradient step (default 32).');

/** What every model does: compile, fit, evaluate, predict, generate, save, weights. */
export const MODEL_BASE: ClassDecl = {
  name: 'Model',
  module: 'keras.models',
  doc: 'A Keras model.',
  attributes: {
    name: { doc: 'The model name.', type: 'str' },
    layers: { doc: 'The layers, in order.', type: 'list' },
  },
  methods: {
    compile: method('compile', [
      opt('optimizer', 'rmsprop', ['str', 'Optimizer'], "Name ('adam', 'sgd', 'rmsprop', 'adagrad') or an optimizer object."),
      opt('loss', null, ['str', 'Loss', 'list', 'dict', 'None'], "Name ('binary_crossentropy', 'mse', …) or a loss object; with several outputs one for all (summed), a list in output order or a dict by output name."),
      opt('metrics', null, ['list', 'tuple', 'dict', 'None'], "Metrics to report, e.g. ['accuracy']; with several outputs, per output as a list of lists or a dict by output name."),
      opt('loss_weights', null, ['list', 'dict', 'None'], 'With several outputs: the weight of each output in the total loss (default 1 each).'),
    ], 'Configures the model for training.'),
    fit: method('fit', [
      opt('x', null, ['ndarray', 'list', 'dict', 'None'], 'Input data: ids [samples, steps] or features [samples, steps, features]; several inputs as a list or a dict by input name.'),
      opt('y', null, ['ndarray', 'list', 'dict', 'None'], 'Target data; several outputs as a list or a dict by output name.'),
      BATCH,
      opt('epochs', 1n, ['int'], 'Number of passes over the data.'),
      VERBOSE,
      opt('callbacks', null, ['list', 'None'], 'Callbacks: EarlyStopping, TerminateOnNaN, ReduceLROnPlateau.'),
      opt('validation_split', 0.0, ['float'], 'Fraction of the samples (the last ones) held out for validation.'),
      opt('validation_data', null, ['tuple', 'list', 'None'], '(x_val, y_val) to validate on; overrides validation_split.'),
      opt('shuffle', true, ['bool'], 'Shuffle the samples every epoch.'),
      opt('initial_epoch', 0n, ['int'], 'Epoch at which to start (to resume a run).'),
      opt('validation_steps', null, ['int', 'None'], 'Validate on the first this many batches of the validation data (default: all of it).'),
      opt('validation_batch_size', null, ['int', 'None'], 'Samples per validation batch (default: batch_size).'),
      opt('run_record', null, ['dict', 'None'], "Repeat a recorded fit (history.run_record, or the dict its output saved): its seeds, batch order and settings, from its start state; refused, naming what differs, when the training graph, provider or a setting does not match."),
    ], 'Trains the model; returns a History. Interrupt stops it between batches, keeping the weights.'),
    evaluate: method('evaluate', [
      opt('x', null, ['ndarray', 'list', 'dict', 'None'], 'Input data (several inputs: a list or a dict by input name).'),
      opt('y', null, ['ndarray', 'list', 'dict', 'None'], 'Target data (several outputs: a list or a dict by output name).'),
      BATCH, VERBOSE,
      opt('return_dict', false, ['bool'], 'Return {name: value} instead of a list.'),
    ], 'The loss (and metrics) on the given data.'),
    predict: method('predict', [req('x', ['ndarray', 'list', 'dict'], 'Input data (several inputs: a list or a dict by input name).'), BATCH, VERBOSE], 'The model outputs for x: an array, or a list of arrays for several outputs.'),
    summary: method('summary', [], 'Prints a table of the layers, their output shapes and parameter counts.'),
    count_params: method('count_params', [], 'The number of parameters.'),
    save: method('save', [req('filepath', ['str'], "'m.onnx' (inference ONNX model) or 'm.unroll.json' (config + weights for load_model); inside the workspace.")], 'Saves the model to a file in the workspace.'),
    generate: method('generate', [
      req('start', ['int', 'list', 'str'], 'Start token id(s), or text when vocab is given.'),
      opt('length', 100n, ['int'], 'How many tokens to sample after the start.'),
      opt('temperature', 1.0, ['float'], 'Sampling temperature; 0 picks the most likely token.'),
      opt('seed', 0n, ['int'], 'Seed of the sampler.'),
      opt('vocab', null, ['str', 'None'], 'Characters in id order, to take and return text.'),
      opt('notes', null, ['list', 'None'], 'Melody sets: data.notes, the (midi, beats) of each id, to show the melody as a piano roll that plays.'),
      opt('tempo', 120n, ['int', 'float'], 'Beats per minute of the piano roll (with notes=).'),
    ], 'Samples a continuation token by token, carrying the recurrent state (text, melodies).'),
    get_layer: method('get_layer', [opt('name', null, ['str', 'None'], 'The layer name.'), opt('index', null, ['int', 'None'], 'Or its position in model.layers.')], 'A layer of the model by name or index (the layer object itself: calling it shares its weights).'),
    get_weights: method('get_weights', [], 'The weights as a list of arrays, in layer order.'),
    set_weights: method('set_weights', [req('weights', ['list'], 'Arrays in the order get_weights returns them.')], 'Replaces the weights.'),
  },
};

export const SEQUENTIAL: ClassDecl = {
  name: 'Sequential',
  module: 'keras.models',
  doc: 'A linear stack of layers.',
  base: MODEL_BASE,
  constructorSignature: {
    name: 'Sequential',
    params: [opt('layers', null, ['list', 'tuple', 'None'], 'Layers to add, in order (an Input(...) may come first).'), { ...NAME, doc: 'The model name (default: sequential).' }],
    doc: 'A linear stack of layers.',
  },
  attributes: {
    inputs: { doc: 'The input tensor, as a list (once the input shape is known).', type: 'list' },
    outputs: { doc: 'The output tensor, as a list (once the input shape is known).', type: 'list' },
    input: { doc: 'The input tensor (once the input shape is known).', type: 'KerasTensor' },
    output: { doc: 'The output tensor (once the input shape is known).', type: 'KerasTensor' },
  },
  methods: {
    add: { name: 'Sequential.add', params: [req('layer', ['Layer', 'KerasTensor'], 'The layer to append (or Input(...) first).')], doc: 'Appends a layer.' },
    pop: { name: 'Sequential.pop', params: [], doc: 'Removes the last layer.' },
  },
};

export const FUNCTIONAL: ClassDecl = {
  name: 'Model',
  module: 'keras.models',
  doc: 'A functional model: the layer calls from its inputs to its outputs.',
  base: MODEL_BASE,
  attributes: {
    inputs: { doc: 'The Input tensors, as a list.', type: 'list' },
    outputs: { doc: 'The output tensors, as a list.', type: 'list' },
    input: { doc: 'The Input tensor (a list of them for several inputs).', type: 'KerasTensor' },
    output: { doc: 'The output tensor (a list of them for several outputs).', type: 'KerasTensor' },
    input_names: { doc: 'The names of the inputs, in order (keys of a dict x).', type: 'list' },
    output_names: { doc: "The names of the outputs, in order (keys of a dict y, loss or metrics; '<output>_loss' in logs).", type: 'list' },
  },
  constructorSignature: {
    name: 'Model',
    params: [req('inputs', ['KerasTensor', 'list'], 'Input(...) tensor(s).'), req('outputs', ['KerasTensor', 'list'], 'Output tensor(s) of layer calls.'), { ...NAME, doc: 'The model name (default: functional).' }],
    doc: 'A functional model from its inputs and outputs.',
  },
};

/** Input(...) is a class in the registry: calling it makes a symbolic tensor. */
export const INPUT: ClassDecl = {
  name: 'Input',
  module: 'keras.layers',
  doc: 'A symbolic model input of the given per-sample shape (functional API, or the first entry of Sequential).',
  constructorSignature: {
    name: 'Input',
    params: [
      req('shape', ['tuple', 'list', 'int'], 'Per-sample shape, without the batch: (None, 8) for sequences of any length with 8 features.'),
      opt('batch_size', null, ['int', 'None'], 'Accepted for Keras compatibility; batches may have any size.'),
      opt('dtype', 'float32', ['str', 'None'], "'float32' for features, 'int32'/'int64' for token ids.", ['float32', 'int32', 'int64']),
      NAME,
    ],
    doc: 'A symbolic model input.',
  },
};

export const LOAD_MODEL: DeclaredSignature = {
  name: 'load_model',
  params: [req('filepath', ['str'], "A '.unroll.json' file written by model.save, inside the workspace.")],
  doc: 'Restores a model saved with model.save(...unroll.json): layers, compile settings and weights.',
};
