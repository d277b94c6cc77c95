// The shapes every `datasets.*` loader returns. Plain typed arrays with a shape (no engine or
// language types) so the engine, the kernel and tests can all use them; the kernel wraps each
// DataArray as the NdArray cells see.
import type { Tokenizer } from '../tokenizer';

type DataDType = 'float32' | 'int32';

/** A dense row-major array: data.length equals the product of shape. */
export interface DataArray {
  readonly dtype: DataDType;
  readonly shape: readonly number[];
  readonly data: Float32Array | Int32Array;
}

/** Keras-style (x, y) pair. */
export type XY = readonly [x: DataArray, y: DataArray];

/** A word vocabulary: Keras `word_index` (every word seen, from 1) and the size an Embedding needs. */
export interface Vocabulary {
  readonly wordIndex: Readonly<Record<string, number>>;
  /** Indices in x are < size (num_words capped), so Embedding(input_dim=size) fits. */
  readonly size: number;
  /** The token of each id, in id order (index 0 is the padding token where 0 pads), to decode model output. */
  readonly tokens?: readonly string[];
}

/** How to undo the scaling of a series: original = scaled * scale + offset. */
export interface Scaler {
  readonly kind: 'minmax' | 'standard' | 'none';
  readonly offset: number;
  readonly scale: number;
}

/** What a loader says about the data it returned: shown by the kernel as the value's summary. */
export interface DatasetInfo {
  readonly name: string;
  readonly description: string;
  /** Where the data came from, licence and credit, for real corpora. */
  readonly source?: string;
  readonly license?: string;
  readonly citation?: string;
  /** The arguments actually used (defaults filled in). */
  readonly params: Readonly<Record<string, unknown>>;
  /** Loader-specific numbers (class balance, baseline losses, series length…). */
  readonly extra?: Readonly<Record<string, number | string | readonly number[]>>;
}

/**
 * x of each split as the list of arrays a multi-input model takes (Keras: fit([encoder_input,
 * decoder_input], y)). Kept beside train/test so single-input code keeps one DataArray there.
 */
interface MultiInputs {
  readonly names: readonly string[];
  readonly train: readonly DataArray[];
  readonly test: readonly DataArray[];
}

/** A note token decoded: MIDI pitch (null for a rest) and length in quarter-note beats. */
export type NoteEvent = readonly [midi: number | null, beats: number];

export interface Dataset {
  /** For a multi-input set, x here is the first input (multiInputs has them all). */
  readonly train: XY;
  readonly test: XY;
  /** Present when the model takes several inputs: cells then see x as a list of arrays. */
  readonly multiInputs?: MultiInputs;
  /** Source side: words, characters or letters, depending on the set. */
  readonly vocabulary?: Vocabulary;
  /** Output side of a sequence-to-sequence or tagging set (phonemes, ISO date characters, tags). */
  readonly targetVocabulary?: Vocabulary;
  /** Character sets: the characters in id order, what model.generate(vocab=...) takes. */
  readonly characters?: string;
  /** Melody sets: notes[id] is the note token id stands for (null for 0, the padding), to draw a piano roll. */
  readonly notes?: readonly (NoteEvent | null)[];
  readonly tokenizer?: Tokenizer;
  readonly scaler?: Scaler;
  /** Time series: the whole raw series, for plotting predictions against it. */
  readonly series?: DataArray;
  readonly info: DatasetInfo;
}

export function float32Array(shape: readonly number[], data?: Float32Array): DataArray {
  return checked({ dtype: 'float32', shape: [...shape], data: data ?? new Float32Array(product(shape)) });
}

export function int32Array(shape: readonly number[], data?: Int32Array): DataArray {
  return checked({ dtype: 'int32', shape: [...shape], data: data ?? new Int32Array(product(shape)) });
}

export function product(shape: readonly number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}

function checked(a: DataArray): DataArray {
  if (a.data.length !== product(a.shape)) {
    throw new Error(`dataset array of ${a.data.length} values does not fit shape [${a.shape.join(', ')}]`);
  }
  return a;
}
