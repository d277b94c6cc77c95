// datasets.sentiment(): sizes, balance, the vocabulary cap, and padding/truncating 'pre'
// checked row by row against the Tokenizer and the seeded order.
import * as assert from 'assert';
import { Dataset, loadDataset, readSentences } from '../../../src/engine/data/datasets';
import { shuffledSplit } from '../../../src/engine/data/datasets/split';
import { Rng } from '../../../src/engine/util/rng';
import { ctx, maxOf, mean, row } from './helpers';

describe('datasets.sentiment', () => {
  let d: Dataset;
  before(() => (d = loadDataset('sentiment', {}, ctx)));

  it('ships 3,000 sentences, 1,000 per source, 500 positive in each', () => {
    const all = readSentences(ctx);
    assert.strictEqual(all.length, 3000);
    for (const src of ['imdb', 'amazon', 'yelp']) {
      const rows = all.filter((s) => s.source === src);
      assert.strictEqual(rows.length, 1000, src);
      assert.strictEqual(rows.filter((s) => s.label === 1).length, 500, src);
      assert.ok(rows.every((s) => s.text.length > 0 && s.text === s.text.trim()));
    }
  });

  it('splits 2,400 / 600 with x int32 [N, 100] and y float32 [N] of 0/1', () => {
    assert.deepStrictEqual(d.train[0].shape, [2400, 100]);
    assert.deepStrictEqual(d.train[1].shape, [2400]);
    assert.deepStrictEqual(d.test[0].shape, [600, 100]);
    assert.strictEqual(d.train[0].dtype, 'int32');
    assert.strictEqual(d.train[1].dtype, 'float32');
    assert.ok([...d.train[1].data, ...d.test[1].data].every((v) => v === 0 || v === 1));
  });

  it('keeps the labels balanced (~50/50) in both splits', () => {
    assert.ok(Math.abs(mean(d.train[1].data) - 0.5) < 0.03, `train ${mean(d.train[1].data)}`);
    assert.ok(Math.abs(mean(d.test[1].data) - 0.5) < 0.05, `test ${mean(d.test[1].data)}`);
    assert.strictEqual(mean(d.train[1].data) * 2400 + mean(d.test[1].data) * 600, 1500);
  });

  it('caps the vocabulary at max_vocab: every index < max_vocab, size = max_vocab', () => {
    const small = loadDataset('sentiment', { max_vocab: 300 }, ctx);
    assert.strictEqual(small.vocabulary!.size, 300);
    assert.ok(maxOf(small.train[0].data, small.test[0].data) < 300);
    assert.ok(maxOf(small.train[0].data) === 299, 'the cap is reached');
    // word_index keeps every training word, as Keras does; num_words only limits the sequences.
    assert.ok(Object.keys(small.vocabulary!.wordIndex).length > 3000);
    // Uncapped: the size is the largest index + 1.
    assert.strictEqual(d.vocabulary!.size, Object.keys(d.vocabulary!.wordIndex).length + 1);
    assert.ok(maxOf(d.train[0].data) < d.vocabulary!.size);
  });

  it("pads and truncates at the front ('pre'), rows in the seeded order, train and test disjoint", () => {
    const maxLen = 8;
    const p = loadDataset('sentiment', { max_len: maxLen, seed: 7 }, ctx);
    const all = readSentences(ctx);
    const order = shuffledSplit(all.length, 0.2, new Rng(7));
    assert.strictEqual(new Set([...order.train, ...order.test]).size, 3000, 'every sentence in exactly one split');
    let padded = 0, truncated = 0;
    for (const [split, idx] of [[p.train, order.train], [p.test, order.test]] as const) {
      idx.forEach((sentence, r) => {
        const seq = p.tokenizer!.textsToSequences([all[sentence].text])[0];
        const expected = seq.length >= maxLen ? seq.slice(seq.length - maxLen) : [...new Array<number>(maxLen - seq.length).fill(0), ...seq];
        assert.deepStrictEqual(row(split[0], r), expected);
        assert.strictEqual(split[1].data[r], all[sentence].label);
        if (seq.length < maxLen) padded++;
        if (seq.length > maxLen) truncated++;
      });
    }
    assert.ok(padded > 100 && truncated > 100, `both cases occur (${padded} padded, ${truncated} truncated)`);
  });

  it('fits the tokenizer on the training sentences only', () => {
    const all = readSentences(ctx);
    const order = shuffledSplit(all.length, 0.2, new Rng(0));
    const trainWords = new Set(Array.from(order.train, (i) => all[i].text.toLowerCase()).join(' ').split(/[^a-z0-9']+/));
    const testOnly = Object.keys(d.vocabulary!.wordIndex).filter((w) => !trainWords.has(w) && /^[a-z]+$/.test(w));
    assert.deepStrictEqual(testOnly, []);
  });

  it('filters by source', () => {
    const yelp = loadDataset('sentiment', { sources: ['yelp'], test_split: 0.1 }, ctx);
    assert.strictEqual(yelp.train[0].shape[0], 900);
    assert.strictEqual(yelp.test[0].shape[0], 100);
    assert.strictEqual(yelp.info.extra!.n_train, 900);
  });
});
