// datasets.sentiment(): the UCI Sentiment Labelled Sentences (IMDB, Amazon, Yelp), tokenized
// and padded the way the Keras IMDB examples prepare text for an Embedding + RNN classifier.
import { Rng } from '../../util/rng';
import { padSequences } from '../pad';
import { Tokenizer } from '../tokenizer';
import { DatasetDefinition, LoadContext, LoaderArgs, requireFiles } from './definition';
import { parseJsonl } from './jsonl';
import { CatalogEntry, resolveParams, SEED_PARAM, testSplitParam } from './params';
import { shuffledSplit } from './split';
import { Dataset, DataArray, float32Array, int32Array } from './types';

const SENTIMENT_SOURCES = ['imdb', 'amazon', 'yelp'] as const;
const SENTIMENT_FILE = 'sentiment/sentences.jsonl';

export interface Sentence {
  readonly text: string;
  readonly label: 0 | 1;
  readonly source: string;
}

const sentimentEntry: CatalogEntry = {
  name: 'sentiment',
  doc:
    'Sentiment Labelled Sentences (Kotzias et al. 2015, UCI, CC BY 4.0): 3,000 review sentences from IMDB, ' +
    'Amazon and Yelp, half positive. Shuffled with `seed`, split, then a Keras Tokenizer is fit on the ' +
    'training sentences only (lowercased, punctuation filtered) and every sentence is padded/truncated at the ' +
    "front to `max_len` (padding='pre', truncating='pre'). Index 0 is padding, so Embedding(..., mask_zero=True) works.",
  params: [
    { name: 'max_vocab', type: 'int', default: 10000, min: 2, doc: 'Tokenizer num_words: only the max_vocab − 1 most frequent training words are kept, so every index is < max_vocab and Embedding(max_vocab, …) fits.' },
    { name: 'max_len', type: 'int', default: 100, min: 1, doc: 'Length of every row of x: shorter sentences get zeros in front, longer ones lose their first words.' },
    testSplitParam('sentences'),
    SEED_PARAM,
    { name: 'sources', type: 'list[str]', default: SENTIMENT_SOURCES, choices: SENTIMENT_SOURCES, doc: "Which sites' sentences to use: any of 'imdb', 'amazon', 'yelp' (1,000 each)." },
  ],
  returns:
    '(x_train [N_train, max_len] int32, y_train [N_train] float32 0/1), (x_test [N_test, max_len] int32, y_test [N_test] float32 0/1); ' +
    'also .vocabulary (word_index, size = Embedding input_dim), .tokenizer, .info. N = 1,000 per source.',
};

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
