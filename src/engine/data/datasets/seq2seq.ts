// Encoding shared by the sequence-to-sequence sets (dates, cmudict): token sequences in, the three
// arrays of a teacher-forced encoder–decoder out (Keras's lstm_seq2seq example, with ids instead of
// one-hot vectors):
//
//   encoder_input   [N, source_len]      source ids, padded at the front (0), so an encoder
//                                        without masking ends on the last real token
//   decoder_input   [N, target_len + 1]  <start> t1 … tn, padded at the back
//   decoder_target  [N, target_len + 1]  t1 … tn <end>, padded at the back: decoder_input one step ahead
//
// Source ids: 0 = padding, then the source tokens in sorted order. Target ids: 0 = padding,
// 1 = <start>, 2 = <end>, then the target tokens in sorted order. Both vocabularies come from the
// whole pinned file, so ids do not depend on the seed or the split.
import { Rng } from '../../util/rng';
import { shuffledSplit, takeRows } from './split';
import { DataArray, Dataset, DatasetInfo, Vocabulary, int32Array } from './types';

const PAD = '<pad>';
const START = '<start>';
const END = '<end>';
export const START_ID = 1;
export const END_ID = 2;

export interface SequencePair {
  readonly source: readonly string[];
  readonly target: readonly string[];
}

function vocabulary(tokens: readonly string[]): Vocabulary {
  return { wordIndex: Object.fromEntries(tokens.map((t, i): [string, number] => [t, i]).slice(1)), size: tokens.length, tokens };
}

function sourceVocabulary(pairs: readonly SequencePair[]): Vocabulary {
  return vocabulary([PAD, ...[...new Set(pairs.flatMap((p) => p.source))].sort()]);
}

function targetVocabulary(pairs: readonly SequencePair[]): Vocabulary {
  return vocabulary([PAD, START, END, ...[...new Set(pairs.flatMap((p) => p.target))].sort()]);
}

interface Seq2SeqArrays {
  encoderInput: DataArray;
  decoderInput: DataArray;
  decoderTarget: DataArray;
}

function encodePairs(pairs: readonly SequencePair[], source: Vocabulary, target: Vocabulary): Seq2SeqArrays {
  const sourceLen = Math.max(1, ...pairs.map((p) => p.source.length));
  const decoderLen = Math.max(...pairs.map((p) => p.target.length)) + 1;
  const n = pairs.length;
  const enc = new Int32Array(n * sourceLen), decIn = new Int32Array(n * decoderLen), decOut = new Int32Array(n * decoderLen);
  pairs.forEach((p, i) => {
    const offset = i * sourceLen + sourceLen - p.source.length;
    p.source.forEach((t, k) => (enc[offset + k] = source.wordIndex[t]));
    const row = i * decoderLen;
    decIn[row] = START_ID;
    p.target.forEach((t, k) => {
      decIn[row + k + 1] = target.wordIndex[t];
      decOut[row + k] = target.wordIndex[t];
    });
    decOut[row + p.target.length] = END_ID;
  });
  return {
    encoderInput: int32Array([n, sourceLen], enc),
    decoderInput: int32Array([n, decoderLen], decIn),
    decoderTarget: int32Array([n, decoderLen], decOut),
  };
}

/** Shuffles with `seed`, splits, and lays the splits out as Keras's ([encoder_input, decoder_input], decoder_target). */
export function seq2seqDataset(pairs: readonly SequencePair[], testSplit: number, seed: number, info: Omit<DatasetInfo, 'extra'> & { extra?: DatasetInfo['extra'] }): Dataset {
  const source = sourceVocabulary(pairs), target = targetVocabulary(pairs);
  const all = encodePairs(pairs, source, target);
  const split = shuffledSplit(pairs.length, testSplit, new Rng(seed));
  const part = (rows: Int32Array) => ({
    encoderInput: takeRows(all.encoderInput, rows),
    decoderInput: takeRows(all.decoderInput, rows),
    decoderTarget: takeRows(all.decoderTarget, rows),
  });
  const train = part(split.train), test = part(split.test);
  return {
    train: [train.encoderInput, train.decoderTarget],
    test: [test.encoderInput, test.decoderTarget],
    multiInputs: {
      names: ['encoder_input', 'decoder_input'],
      train: [train.encoderInput, train.decoderInput],
      test: [test.encoderInput, test.decoderInput],
    },
    vocabulary: source,
    targetVocabulary: target,
    info: {
      ...info,
      extra: {
        n_train: split.train.length,
        n_test: split.test.length,
        source_len: all.encoderInput.shape[1],
        target_len: all.decoderTarget.shape[1],
        source_vocab_size: source.size,
        target_vocab_size: target.size,
        start_id: START_ID,
        end_id: END_ID,
        ...info.extra,
      },
    },
  };
}
