// Declared parameters of the dataset loaders (datasets.<name>(...)): names, types, defaults,
// bounds and docs, as data. The engine's loaders resolve their arguments against them, the
// kernel and the editor turn them into the cell signature, so a default cannot differ.

type DatasetParamType = 'int' | 'float' | 'str' | 'bool' | 'list[str]';
export type ParamValue = number | string | boolean | readonly string[];

export interface ParamSpec {
  readonly name: string;
  readonly type: DatasetParamType;
  readonly default: ParamValue;
  readonly doc: string;
  /** For 'str' and 'list[str]': the accepted values. */
  readonly choices?: readonly string[];
  /** Inclusive bounds for numbers. */
  readonly min?: number;
  readonly max?: number;
}

export interface CatalogEntry {
  /** As called from a cell: datasets.<name>(...). */
  readonly name: string;
  readonly doc: string;
  readonly params: readonly ParamSpec[];
  /** The returned shapes in words, for hover: '(x_train [N, max_len] int32, y_train [N] float32), …'. */
  readonly returns: string;
}

/** The standard seed parameter, shared so every loader documents it the same way. */
export const SEED_PARAM: ParamSpec = {
  name: 'seed', type: 'int', default: 0, min: 0,
  doc: 'Seed for shuffling and generation: the same seed gives the same arrays.',
};

/** The usual shuffled hold-out, documented the same way by every loader that has one; `what` names the items split. */
export function testSplitParam(what: string): ParamSpec {
  return { name: 'test_split', type: 'float', default: 0.2, min: 0, max: 0.9, doc: `Fraction of ${what} held out as the test set (rounded down).` };
}

/** Sizes of the generated tasks. */
export const nTrainParam = (d: number): ParamSpec => ({ name: 'n_train', type: 'int', default: d, min: 1, doc: 'Number of training sequences.' });
export const nTestParam = (d: number): ParamSpec => ({ name: 'n_test', type: 'int', default: d, min: 0, doc: 'Number of test sequences.' });
export const lengthParam = (d: number, doc: string): ParamSpec => ({ name: 'T', type: 'int', default: d, min: 2, doc });

/** How a series may be scaled. */
export const SCALE_KINDS = ['minmax', 'standard', 'none'] as const;

export function seriesParams(window: number, windowDoc: string): ParamSpec[] {
  return [
    { name: 'window', type: 'int', default: window, min: 1, doc: windowDoc },
    { name: 'horizon', type: 'int', default: 1, min: 1, doc: 'How many steps after the window the target lies (1 = the next value).' },
    { name: 'test_split', type: 'float', default: 0.2, min: 0.05, max: 0.9, doc: 'Fraction of the series at its end whose values are the test targets (chronological split, no shuffling).' },
    { name: 'scale', type: 'str', default: 'minmax', choices: SCALE_KINDS, doc: "'minmax' maps the training period to [0, 1] (test values may exceed 1 if the series grows), 'standard' to mean 0 and std 1, 'none' keeps the original units. Invert with value * scaler.scale + scaler.offset." },
  ];
}

export const SERIES_RETURNS =
  '(x_train [N_train, window, 1] float32, y_train [N_train] float32), (x_test [N_test, window, 1] float32, y_test [N_test] float32), scaled; ' +
  'also .scaler (kind, offset, scale: original = scaled * scale + offset), .series (the raw values) and .info (test_start).';

/** The `returns` text both seq2seq entries share. */
export function seq2seqReturns(sourceLen: string, targetLen: string): string {
  return (
    `([encoder_input_train [N_train, ${sourceLen}] int32, decoder_input_train [N_train, ${targetLen}] int32], ` +
    `decoder_target_train [N_train, ${targetLen}] int32), ([encoder_input_test, decoder_input_test], decoder_target_test): x is a list of two ` +
    `arrays for Model([encoder_inputs, decoder_inputs], …). decoder_input is <start> + the target; decoder_target is the target + <end>. ` +
    `Also .word_index/.vocab_size/.tokens (source), .target_word_index/.target_vocab_size/.target_tokens (target; <start> = 1, <end> = 2, 0 pads), .info.`
  );
}
