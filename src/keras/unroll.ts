// Unroll's own globals: the workspace file loaders, the panel openers and the `datasets`
// module-like object, whose methods are the declared dataset loaders.
import { DATASET_ENTRIES, ParamSpec } from './datasets';
import type { ClassDecl, DeclaredDefault, DeclaredSignature } from './declarations';
import { Param, opt, req } from './signature';

export const LOAD_TEXT: DeclaredSignature = {
  name: 'load_text',
  params: [req('path', ['str'], 'A text file inside the workspace.'), opt('lines', false, ['bool'], 'Return a list of lines instead of one string.')],
  doc: 'Reads a UTF-8 text file from the workspace.',
};

export const LOAD_CSV: DeclaredSignature = {
  name: 'load_csv',
  params: [
    req('path', ['str'], 'A CSV file inside the workspace.'),
    opt('header', true, ['bool'], 'The first row names the columns: rows come back as dicts.'),
    opt('delimiter', ',', ['str'], 'Field separator.'),
    opt('numeric', false, ['bool'], 'All fields are numbers: return a float32 array [rows, columns].'),
  ],
  doc: 'Reads a CSV file from the workspace: a list of dicts (with header) or lists, or an array.',
};

export const LOAD_JSONL: DeclaredSignature = {
  name: 'load_jsonl',
  params: [req('path', ['str'], 'A JSON Lines file (one JSON value per line) inside the workspace.')],
  doc: 'Reads a JSON Lines file from the workspace: a list of its values.',
};

export const CHAIN_OF_PARTIALS: DeclaredSignature = {
  name: 'chain_of_partials',
  params: [
    req('model', ['Sequential'], 'A Sequential model of this notebook (its current weights are read).'),
    req('x', ['ndarray', 'list'], 'One input sequence: (steps, features), or (steps,) ids when an Embedding comes first; a leading batch of 1 is fine.'),
    opt('layer', null, ['str', 'int', 'None'], 'The SimpleRNN, LSTM, GRU or Bidirectional layer, by name or index; the first one by default.'),
    opt('top_k', 3n, ['int'], 'How many singular values of each step Jacobian to return.'),
    opt('direction', null, ['str', 'None'], "For a Bidirectional layer: 'forward' (the default) or 'backward', whose chain runs in its own order (its step k reads input step T − k + 1)."),
  ],
  doc: 'The chain of partials ∏ ∂h_k/∂h_{k−1} of one recurrent layer on one sequence (for LSTM the full state [h; c]): prints the norm of each step Jacobian and of their product from each step to the last, with ρ and σ_max of W_hh against 1.0, and returns them as a dict of arrays (step_norm, step_spectral_norm, singular_values, product_norm, spectral_radius, sigma_max, kernel_sigma_max, and spectral_radius_per_epoch, sigma_max_per_epoch over every fit so far).',
};

/** The panels a cell can open, with the command that opens each (the host runs it). */
export const PANELS = {
  show_graph: { command: 'unroll.showUnrolledGraph', title: 'Unrolled Graph', commandTitle: 'Unroll: Show Unrolled Graph', doc: 'Opens the Unrolled Graph panel on this model: the loop unrolled over time; after training, the backward arrows coloured by ‖dL/dh_t‖.' },
  show_heatmap: { command: 'unroll.showGradientHeatmap', title: 'Gradient Heatmap', commandTitle: 'Unroll: Show Gradient Heatmap', doc: 'Opens the Gradient Heatmap panel on this model: log10 ‖dL/dh_t‖ per time step and training step, live while it trains.' },
  show_chain: { command: 'unroll.showChainOfPartials', title: 'Chain of Partials', commandTitle: 'Unroll: Show Chain of Partials', doc: "Opens the Chain of Partials on one input sequence: per step k, the norm and top singular values of the Jacobian ∂h_k/∂h_{k−1} (∂[h;c]_k/∂[h;c]_{k−1} for LSTM), the norm of their product from each step to the last (the ∏ term that vanishes or explodes in BPTT), and ρ and σ_max of W_hh after every epoch, each against the 1.0 line, with a one-line reading. Every SimpleRNN, LSTM and GRU layer of a Sequential model is computed (a picker chooses); a fit afterwards updates ρ and σ_max per epoch and the chain when it ends." },
  show_states: { command: 'unroll.showStateInspector', title: 'State Inspector', commandTitle: 'Unroll: Show State Inspector', doc: "Opens the State Inspector on one input sequence: every recurrent layer's h_t (c_t for LSTM) and gates (LSTM i, f, candidate, o; GRU z, r, candidate) per time step and unit, as heatmaps with the tokens along the time axis. Called before fit, fit keeps snapshots of this sequence as it trains (at most 64, evenly spread; a short fit about two a second), and the panel's scrubber replays them." },
  show_bptt: { command: 'unroll.showBpttStepThrough', title: 'BPTT Step-Through', commandTitle: 'Unroll: Show BPTT Step-Through', doc: "Opens the BPTT Step-Through on one example: ∂L/∂W of one recurrent layer's weight as the sum over time steps of the terms that flow through each step's use of W, a bar per step (the term's norm and its share), a cursor to step through t (←/→) with the running sum's norm against the full gradient's, and the path of the term under the cursor highlighted in the Unrolled Graph." },
  show_saliency: { command: 'unroll.showSaliency', title: 'Saliency', commandTitle: 'Unroll: Show Saliency', doc: "Opens the Saliency panel on one input sequence: how strongly the model's output depends on each input step, ‖∂y/∂x_t‖ or gradient × input Σ_i x_t,i·∂y/∂x_t,i (signed), shown over the tokens and as a time × training-step map; y is the predicted class's logit (the score before a final softmax or sigmoid), per output position for sequence outputs; for token inputs the gradient is taken at the embedding vectors. Called before fit, fit keeps snapshots of this sequence as it trains (at most 64, evenly spread; a short fit about two a second), and the panel's scrubber replays them; the fit's connectivity is its third mode." },
  show_attention: { command: 'unroll.showAttentionAlignment', title: 'Attention Alignment', commandTitle: 'Unroll: Show Attention Alignment', doc: "Opens the Attention Alignment panel on one example: each Attention or AdditiveAttention layer's softmax weights as a heatmap, decoder (query) steps down and encoder (value) steps across, each row summing to 1. Called before fit, fit keeps snapshots of this example as it trains (at most 64, evenly spread; a short fit about two a second), and the panel's scrubber replays how the alignment formed." },
} as const;

const BPTT_PARAMS = [
  req('model', ['Sequential', 'Model'], 'A compiled model of this notebook with a SimpleRNN, LSTM, GRU or Bidirectional layer (its current weights are read).'),
  req('x', ['ndarray', 'list', 'tuple'], 'The input: one sequence (ids [T] or vectors [T, F]), or a batch of them of which `sample` is taken.'),
  req('y', ['ndarray', 'list', 'int', 'float'], "The target of that sequence (or the batch's targets): the loss L is the model's compiled loss on this one example."),
  opt('layer', null, ['str', 'int', 'None'], 'The SimpleRNN, LSTM, GRU or Bidirectional layer, by name or index; the first one by default.'),
  opt('weight', 'recurrent_kernel', ['str'], "Which weight W: 'recurrent_kernel' (W_hh), 'kernel' (W_xh) or 'bias'.", ['kernel', 'recurrent_kernel', 'bias']),
  opt('sample', 0n, ['int'], 'Which sequence of a batch x to take.'),
  opt('direction', null, ['str', 'None'], "For a Bidirectional layer: 'forward' (the default) or 'backward', whose BPTT starts at input step 1 (it reads the sequence from the end)."),
];

/** bptt_terms(model, x, y, layer=None, weight='recurrent_kernel', sample=0). */
export const BPTT_TERMS: DeclaredSignature = {
  name: 'bptt_terms',
  params: BPTT_PARAMS,
  doc: "∂L/∂W of one recurrent layer's weight on one example as Σ_t term_t, term_t being the gradient that flows into W through time step t's use of it (computed by Unroll's own autodiff, inference mode: no dropout). Returns a dict: norms (‖term_t‖ per step), shares (‖term_t‖ / Σ‖term_s‖), projections (⟨term_t, ∂L/∂W⟩ / ‖∂L/∂W‖², signed, summing to 1), partial_norms (‖Σ_{s≥t} term_s‖, the sum as BPTT accumulates it from the last step), full_norm (‖∂L/∂W‖), loss, layer and weight.",
};

/** show_bptt(...): bptt_terms's arguments; opens the panel. */
export const SHOW_BPTT: DeclaredSignature = {
  name: 'show_bptt',
  params: [...BPTT_PARAMS, opt('tokens', null, ['str', 'list', 'None'], 'Labels for the time axis: a string (one character per step) or a list of strings. Default: the ids, or the step numbers.')],
  doc: `${PANELS.show_bptt.doc} Returns the same dict as bptt_terms.`,
};

/** show_saliency(model, x, tokens=None, sample=0, output=None). */
export const SHOW_SALIENCY: DeclaredSignature = {
  name: 'show_saliency',
  params: [
    req('model', ['Sequential', 'Model'], 'A model of this notebook whose first input is a sequence (ids [T] or vectors [T, F]).'),
    req('x', ['ndarray', 'list', 'tuple'], 'The input: one sequence, or a batch of them of which `sample` is shown; a list of arrays for a model with several inputs (saliency is over the first).'),
    opt('tokens', null, ['str', 'list', 'None'], 'Labels for the time axis: a string (one character per step) or a list of strings (words). Default: the ids, or the step numbers.'),
    opt('sample', 0n, ['int'], 'Which sequence of a batch x to show.'),
    opt('output', null, ['int', 'None'], 'For sequence outputs, the output position the panel shows first (0-based; negative counts from the end). Default: the last.'),
  ],
  doc: PANELS.show_saliency.doc + ' Returns a dict: norm and grad_input, arrays [outputs, steps] (outputs is 1 for one output per sequence), and classes, the class each output position\'s score belongs to.',
};

/** show_attention(model, x, input_tokens=None, output_tokens=None, sample=0, layer=None). */
export const SHOW_ATTENTION: DeclaredSignature = {
  name: 'show_attention',
  params: [
    req('model', ['Model', 'Sequential'], 'A model of this notebook with an Attention or AdditiveAttention layer.'),
    req('x', ['ndarray', 'list', 'tuple'], 'The input as model.predict takes it: for an encoder-decoder the list [encoder input, decoder input] (the decoder input teacher-forced: the target shifted right), one example or a batch of which `sample` is shown.'),
    opt('input_tokens', null, ['str', 'list', 'None'], 'Labels of the encoder (value) steps, the columns: a string (one character per step) or a list of strings; one per step, or one per non-padding id of the first input. Default: the first input\'s ids, or the step numbers.'),
    opt('output_tokens', null, ['str', 'list', 'None'], 'Labels of the decoder (query) steps, the rows: a string or a list of strings, one per step. Default: the last input\'s ids, or the step numbers.'),
    opt('sample', 0n, ['int'], 'Which example of a batch x to show.'),
    opt('layer', null, ['str', 'int', 'None'], 'Show only this attention layer (by name or index among the attention layers); default: every one, with a picker in the panel.'),
  ],
  doc: PANELS.show_attention.doc,
};

/** show_states(model, x, tokens=None, sample=0). */
export const SHOW_STATES: DeclaredSignature = {
  name: 'show_states',
  params: [
    req('model', ['Sequential', 'Model'], 'A model of this notebook with a SimpleRNN, LSTM, GRU or Bidirectional layer.'),
    req('x', ['ndarray', 'list', 'tuple'], 'The input: one sequence (ids [T] or vectors [T, F]), or a batch of them of which `sample` is shown; a list of arrays for a model with several inputs.'),
    opt('tokens', null, ['str', 'list', 'None'], 'Labels for the time axis: a string (one character per step) or a list of strings (words). Default: the ids, or the step numbers.'),
    opt('sample', 0n, ['int'], 'Which sequence of a batch x to show.'),
  ],
  doc: PANELS.show_states.doc,
};

/** The Lockstep Comparison panel, which compare() opens. */
export const COMPARE_PANEL = { command: 'unroll.showLockstepComparison', title: 'Lockstep Comparison', commandTitle: 'Unroll: Show Lockstep Comparison' } as const;

/** compare([m1, m2, ...], x, y, epochs=1, batch_size=None, seed=None, ...fit's data arguments). */
export const COMPARE: DeclaredSignature = {
  name: 'compare',
  params: [
    req('models', ['list', 'tuple'], 'Two to four compiled models of this notebook that take the same input (shape and dtype); names must differ (they label the rows).'),
    req('x', ['ndarray', 'list', 'dict'], 'Input data, as for fit: every model trains on it.'),
    req('y', ['ndarray', 'list', 'dict'], 'Target data, as for fit.'),
    opt('epochs', 1n, ['int'], 'Number of passes over the data.'),
    opt('batch_size', null, ['int', 'None'], 'Samples per batch (default 32), the same for every model.'),
    opt('seed', null, ['int', 'None'], 'The data-order seed every model shares (its batches are shuffled from it); default: drawn like fit draws it, from set_random_seed.'),
    opt('shuffle', true, ['bool'], 'Shuffle the samples every epoch (the same order for every model).'),
    opt('validation_split', 0.0, ['float'], 'Fraction of the samples (the last ones) held out for validation.'),
    opt('validation_data', null, ['tuple', 'list', 'None'], '(x_val, y_val) to validate on; overrides validation_split.'),
    opt('callbacks', null, ['list', 'None'], 'Callbacks (EarlyStopping, TerminateOnNaN, ReduceLROnPlateau), a copy for each model: one model stopping leaves the others training.'),
    opt('verbose', 'auto', ['int', 'str', 'bool'], '0: no progress or epoch lines.'),
  ],
  doc: "Trains 2 to 4 models in lockstep: the same data, the same shuffled batches (one data-order seed), one training step of each per batch, in turn; Interrupt stops between steps. Opens the Lockstep Comparison panel (one row per model with its ‖dL/dh_t‖ heatmap, a shared loss chart, and the far/near gradient ratio over training) and returns {model name: History}.",
};

/** show_chain(model, x, layer=None, sample=0). */
export const SHOW_CHAIN: DeclaredSignature = {
  name: 'show_chain',
  params: [
    req('model', ['Sequential'], 'A Sequential model of this notebook with a SimpleRNN, LSTM, GRU or Bidirectional layer (its current weights are read).'),
    req('x', ['ndarray', 'list'], 'The input: one sequence (ids [T] or vectors [T, F]), or a batch of them of which `sample` is shown.'),
    opt('layer', null, ['str', 'int', 'None'], 'The recurrent layer the panel opens on, by name or index; the first one by default (the picker shows them all).'),
    opt('sample', 0n, ['int'], 'Which sequence of a batch x to show.'),
  ],
  doc: PANELS.show_chain.doc,
};

export function panelSignature(name: 'show_graph' | 'show_heatmap'): DeclaredSignature {
  return {
    name,
    params: [req('model', ['Sequential', 'Model'], 'A model of this notebook; the panel fills in once it has trained (or while it trains).')],
    doc: PANELS[name].doc,
  };
}

/** A loader parameter as a cell parameter: ints as Python ints, a list default as a list. */
function datasetParam(p: ParamSpec): Param<DeclaredDefault> {
  const types = p.type === 'list[str]' ? ['list', 'tuple'] : [p.type];
  const def: DeclaredDefault = p.type === 'int' ? BigInt(p.default as number) : p.default;
  return { name: p.name, default: def, types, doc: p.doc, choices: p.type === 'str' ? p.choices : undefined };
}

/** The class of the `datasets` object: one method per declared loader. */
export const DATASETS: ClassDecl = {
  name: 'datasets',
  module: 'unroll',
  doc: "Unroll's data sets: shipped corpora and seeded synthetic tasks, as (x_train, y_train), (x_test, y_test).",
  methods: Object.fromEntries(DATASET_ENTRIES.map(entry => [entry.name, {
    name: `datasets.${entry.name}`,
    params: entry.params.map(datasetParam),
    doc: `${entry.doc}\n\nReturns ${entry.returns}`,
  }])),
};
