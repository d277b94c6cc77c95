// datasets.pos_tags(): the Brown news subset, the Brown → universal tag table, encoding and the
// most-frequent-tag baseline a tagger has to beat.
import * as assert from 'assert';
import * as path from 'path';
import { Dataset, UNIVERSAL_TAGS, loadDataset, readTaggedSentences } from '../../../src/engine/data/datasets';
import { shuffledSplit } from '../../../src/engine/data/datasets/split';
import { Rng } from '../../../src/engine/util/rng';
import { REPO, ctx, maxOf, row } from './helpers';

// The builder is plain Node; its table is what the shipped file was made with.
// eslint-disable-next-line @typescript-eslint/no-require-imports -- a plain CommonJS script in scripts/ (no types), loaded by path
const builder = require(path.join(REPO, 'scripts', 'data', 'build-pos.js')) as {
  universalTag(tag: string): string;
  readSentences(): { files: string[]; sentences: [string, string][][] };
};

describe('datasets.pos_tags', () => {
  let d: Dataset;
  before(() => (d = loadDataset('pos_tags', {}, ctx)));

  it('maps every Brown tag of the news category to one of the 12 universal tags', () => {
    const { files, sentences } = builder.readSentences();
    assert.strictEqual(files.length, 44);
    const brownTags = new Set(sentences.flatMap((s) => s.map(([, t]) => t)));
    assert.ok(brownTags.size > 200, `${brownTags.size} distinct Brown tags`);
    const seen = new Set<string>();
    for (const t of brownTags) {
      const u = builder.universalTag(t);
      assert.ok((UNIVERSAL_TAGS as readonly string[]).includes(u), `${t} → ${u}`);
      seen.add(u);
    }
    assert.deepStrictEqual([...seen].sort(), [...UNIVERSAL_TAGS].sort(), 'every universal tag occurs');
  });

  it('maps titles, headlines, contractions, negations and foreign words as documented', () => {
    const cases: Record<string, string> = {
      'nn-tl': 'NOUN', 'np$': 'NOUN', 'jj-hl': 'ADJ', 'pps+bez': 'PRON', 'ppss+md': 'PRON', 'dod*': 'VERB', 'md*': 'VERB',
      'fw-nn': 'X', 'fw-in+at': 'X', '``': '.', '--': '.', to: 'PRT', rp: 'PRT', '*': 'ADV', cs: 'CONJ', at: 'DET', ap: 'DET',
      od: 'ADJ', cd: 'NUM', in: 'ADP', ex: 'DET', wps: 'PRON', bedz: 'VERB', ql: 'ADV', uh: 'X',
    };
    for (const [brown, universal] of Object.entries(cases)) assert.strictEqual(builder.universalTag(brown), universal, brown);
    assert.throws(() => builder.universalTag('zz'), /no universal tag/);
  });

  it('ships all 4,623 news sentences (100,554 tokens), one universal tag per word', () => {
    const sentences = readTaggedSentences(ctx);
    assert.strictEqual(sentences.length, 4623);
    assert.strictEqual(sentences.reduce((n, s) => n + s.words.length, 0), 100554);
    assert.deepStrictEqual(sentences[0].words.slice(0, 4), ['The', 'Fulton', 'County', 'Grand']);
    assert.deepStrictEqual(sentences[0].tags.slice(0, 4), ['DET', 'NOUN', 'NOUN', 'ADJ']);
  });

  it('returns padded word ids and tag ids of one shape, 0 padding both at the same places', () => {
    assert.deepStrictEqual(d.train[0].shape, [3699, 50]);
    assert.deepStrictEqual(d.train[1].shape, [3699, 50]);
    assert.deepStrictEqual(d.test[0].shape, [924, 50]);
    for (const [x, y] of [d.train, d.test]) {
      assert.strictEqual(x.dtype, 'int32');
      assert.strictEqual(y.dtype, 'int32');
      for (let i = 0; i < x.data.length; i++) assert.strictEqual(x.data[i] === 0, y.data[i] === 0, `position ${i}`);
      assert.ok(maxOf(y.data) <= 12);
    }
    // padding='post': the first word of every sentence is at column 0.
    for (let i = 0; i < 20; i++) assert.notStrictEqual(row(d.train[0], i)[0], 0);
    const pre = loadDataset('pos_tags', { padding: 'pre' }, ctx);
    for (let i = 0; i < 20; i++) assert.notStrictEqual(row(pre.train[0], i)[49], 0);
  });

  it('lowercases words, keeps 1 for out-of-vocabulary words and caps ids below max_vocab', () => {
    const words = Object.keys(d.vocabulary!.wordIndex);
    assert.ok(words.every((w) => w === w.toLowerCase()));
    assert.strictEqual(d.vocabulary!.wordIndex['<oov>'], 1);
    assert.strictEqual(d.vocabulary!.tokens![1], '<oov>');
    assert.ok(Array.from(d.test[0].data).includes(1), 'test words unseen in training are OOV');
    const small = loadDataset('pos_tags', { max_vocab: 500 }, ctx);
    assert.strictEqual(small.vocabulary!.size, 500);
    assert.strictEqual(maxOf(small.train[0].data, small.test[0].data), 499);
    const tokens = small.vocabulary!.tokens!;
    assert.strictEqual(tokens.length, 500);
    assert.strictEqual(tokens[small.vocabulary!.wordIndex.the], 'the');
  });

  it('names the tags in id order and decodes a sentence back to its words and tags', () => {
    assert.deepStrictEqual(d.targetVocabulary!.tokens, ['<pad>', ...UNIVERSAL_TAGS]);
    assert.strictEqual(d.targetVocabulary!.size, 13);
    const sentences = new Map(readTaggedSentences(ctx).map((s) => [s.words.join(' ').toLowerCase(), s.tags.join(' ')]));
    const x = row(d.train[0], 0).filter((v) => v !== 0), y = row(d.train[1], 0).filter((v) => v !== 0);
    const words = x.map((i) => d.vocabulary!.tokens![i]).join(' ');
    assert.ok(!words.includes('<oov>'), 'a training sentence has no unknown words');
    assert.strictEqual(y.map((i) => d.targetVocabulary!.tokens![i]).join(' '), sentences.get(words));
  });

  it('is deterministic for a seed and shuffles differently for another', () => {
    const again = loadDataset('pos_tags', {}, ctx), other = loadDataset('pos_tags', { seed: 7 }, ctx);
    assert.deepStrictEqual(row(again.train[0], 5), row(d.train[0], 5));
    assert.notDeepStrictEqual(row(other.train[0], 5), row(d.train[0], 5));
  });

  it('reports the most-frequent-tag baseline, recomputed here from the words themselves', () => {
    // With a vocabulary big enough for every training word, ids and lowercased words carry the same information.
    const full = loadDataset('pos_tags', { max_vocab: 100000, max_len: 200 }, ctx);
    const all = readTaggedSentences(ctx);
    // The documented split: a seeded permutation, the last 20% held out.
    const split = shuffledSplit(all.length, 0.2, new Rng(0));
    const trainRows = Array.from(split.train, (i) => all[i]), testRows = Array.from(split.test, (i) => all[i]);
    const trainCounts = new Map<string, Map<string, number>>();
    const overall = new Map<string, number>();
    let right = 0, total = 0;
    for (const s of trainRows) {
      s.words.forEach((w, k) => {
        const m = trainCounts.get(w.toLowerCase()) ?? new Map<string, number>();
        m.set(s.tags[k], (m.get(s.tags[k]) ?? 0) + 1);
        trainCounts.set(w.toLowerCase(), m);
        overall.set(s.tags[k], (overall.get(s.tags[k]) ?? 0) + 1);
      });
    }
    // Ties go to the earlier tag in UNIVERSAL_TAGS order, as the loader breaks them by tag id.
    const best = (m: Map<string, number>) => UNIVERSAL_TAGS.reduce((b, t) => ((m.get(t) ?? 0) > (m.get(b) ?? 0) ? t : b), UNIVERSAL_TAGS[0] as string);
    for (const s of testRows) s.words.forEach((w, k) => {
      const m = trainCounts.get(w.toLowerCase());
      total++;
      if ((m ? best(m) : best(overall)) === s.tags[k]) right++;
    });
    const extra = full.info.extra!;
    assert.strictEqual(extra.test_tokens, total);
    assert.ok(Math.abs((extra.most_frequent_tag_accuracy as number) - right / total) < 1e-12, `${extra.most_frequent_tag_accuracy} vs ${right / total}`);
    const baseline = d.info.extra!.most_frequent_tag_accuracy as number, majority = d.info.extra!.majority_tag_accuracy as number;
    assert.ok(baseline > 0.9 && baseline < 0.95, `most-frequent-tag baseline ${baseline}`);
    assert.ok(majority > 0.25 && majority < 0.35, `NOUN-everywhere baseline ${majority}`);
    console.log(`      pos_tags defaults: most-frequent-tag test accuracy ${baseline.toFixed(4)}, all-NOUN ${majority.toFixed(4)}`);
  });
});
