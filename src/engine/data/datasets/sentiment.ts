// datasets.sentiment(): the UCI Sentiment Labelled Sentences (IMDB, Amazon, Yelp), tokenized
// and padded the way the Keras IMDB examples prepare text for an Embedding + RNN classifier.
import { Rng } from '../../util/rng';
import { padSequences } from '../pad';
import { Tokenizer } from '../tokenizer';
import { DatasetDefinition, LoadContext, LoaderArgs, requireFiles } from './definition';
import { parseJsonl } from './jsonl';
import { resolveParams } from './params';
import { shuffledSplit } from './split';
import { Dataset, DataArray, float32Array, int32Array } from './types';
import { sentimentEntry } from '../../../keras/datasets/sentiment';

const SENTIMENT_FILE = 'sentiment/sentences.jsonl';

export interface Sentence {
  readonly text: string;
  readonly label: 0 | 1;
  readonly source: string;
}

export function readSentences(ctx: LoadContext): Sentence[] {
  return parseJsonl<Sentence>(requireFiles(ctx, 'sentiment')(SENTIMENT_FILE), SENTIMENT_FILE);
}

function encode(tokenizer: Tokenizer, rows: readonly Sentence[], maxLen: number): [DataArray, DataArray] {
  const seqs = tokenizer.textsToSequences(rows.map((r) => r.text));
  const padded = padSequences(seqs, { maxlen: maxLen, padding: 'pre', truncating: 'pre', dtype: 'int32' });
  const y = Float32Array.from(rows, (r) => r.label);
  return [int32Array(padded.shape, padded.data as Int32Array), float32Array([rows.length], y)];
}

function loadSentiment(args: LoaderArgs, ctx: LoadContext): Dataset {
  const p = resolveParams(sentimentEntry, args);
  const maxVocab = p.max_vocab as number, maxLen = p.max_len as number;
  const sources = new Set(p.sources as readonly string[]);
  const all = readSentences(ctx).filter((s) => sources.has(s.source));
  const split = shuffledSplit(all.length, p.test_split as number, new Rng(p.seed as number));
  const train = Array.from(split.train, (i) => all[i]);
  const test = Array.from(split.test, (i) => all[i]);
  // Fit on training text only: words seen only in the test set must not shape the vocabulary.
  const tokenizer = new Tokenizer({ numWords: maxVocab });
  tokenizer.fitOnTexts(train.map((s) => s.text));
  const size = Math.min(maxVocab, tokenizer.wordIndex.size + 1);
  return {
    train: encode(tokenizer, train, maxLen),
    test: encode(tokenizer, test, maxLen),
    vocabulary: { wordIndex: tokenizer.wordIndexObject(), size },
    tokenizer,
    info: {
      name: 'sentiment',
      description: 'UCI Sentiment Labelled Sentences: review sentences labelled 1 (positive) or 0 (negative).',
      source: 'https://archive.ics.uci.edu/dataset/331/sentiment+labelled+sentences (via npm sentiment 5.0.2 test fixtures)',
      license: 'CC BY 4.0',
      citation: 'Kotzias, Denil, de Freitas and Smyth. From Group to Individual Labels using Deep Features. KDD 2015.',
      params: p,
      extra: {
        n_train: train.length,
        n_test: test.length,
        positive_fraction_train: train.filter((s) => s.label === 1).length / Math.max(1, train.length),
        words_seen: tokenizer.wordIndex.size,
        vocabulary_size: size,
      },
    },
  };
}

export const sentimentDataset: DatasetDefinition = { entry: sentimentEntry, load: loadSentiment };
