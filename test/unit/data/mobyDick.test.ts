// datasets.moby_dick(): character windows for next-character prediction, and the character
// string model.generate(vocab=...) decodes with.
import * as assert from 'assert';
import { Dataset, loadDataset, readMobyDick } from '../../../src/engine/data/datasets';
import { ctx, maxOf, row } from './helpers';

describe('datasets.moby_dick', () => {
  let d: Dataset;
  let text: string;
  before(() => {
    d = loadDataset('moby_dick', {}, ctx);
    text = readMobyDick(ctx);
  });
  const decode = (ids: number[]) => ids.map((i) => d.characters![i]).join('');

  it('ships a cleaned, lowercased text of chapters 1–38 with a 49-character alphabet', () => {
    assert.strictEqual(text.length, 351776);
    assert.ok(text.startsWith('chapter 1. loomings.\ncall me ishmael.'));
    assert.ok(text.includes('\nchapter 38. dusk.\n'));
    assert.ok(!text.includes('chapter 39.'));
    assert.strictEqual(text, text.toLowerCase());
    assert.ok(/^[a-z0-9 .,;:!?'"()\-\n]+$/.test(text));
  });

  it('returns [N, seq_len] windows whose targets are the inputs one character ahead', () => {
    assert.deepStrictEqual(d.train[0].shape, [3165, 100]);
    assert.deepStrictEqual(d.train[1].shape, [3165, 100]);
    assert.deepStrictEqual(d.test[0].shape, [351, 100]);
    for (const [x, y] of [d.train, d.test]) {
      for (let i = 0; i < x.shape[0]; i += 97) {
        const xs = row(x, i), ys = row(y, i);
        assert.deepStrictEqual(ys.slice(0, -1), xs.slice(1));
        const at = text.indexOf(decode(xs) + decode(ys).slice(-1));
        assert.ok(at >= 0, `window ${i} is a piece of the text`);
      }
    }
    assert.ok(maxOf(d.train[0].data, d.test[0].data) < 49);
  });

  it('holds out the end of the text: test windows start where the training text stops', () => {
    const trainChars = d.info.extra!.train_characters as number;
    assert.strictEqual(trainChars + (d.info.extra!.test_characters as number), text.length);
    assert.strictEqual(decode(row(d.test[0], 0)), text.slice(trainChars, trainChars + 100));
    assert.strictEqual(decode(row(d.test[0], 1)), text.slice(trainChars + 100, trainChars + 200));
  });

  it('gives the characters in id order, the vocab string model.generate takes', () => {
    assert.strictEqual(d.characters!.length, 49);
    assert.strictEqual(d.vocabulary!.size, 49);
    assert.deepStrictEqual([...d.characters!], [...new Set(text)].sort());
    // The kernel's generate maps a start text with vocab.indexOf(ch) and an id back with vocab[id].
    for (const [ch, id] of Object.entries(d.vocabulary!.wordIndex)) assert.strictEqual(d.characters!.indexOf(ch), id);
    assert.deepStrictEqual(d.vocabulary!.tokens, [...d.characters!]);
  });

  it('overlaps windows with a smaller step, and keeps ids fixed when max_chars shortens the text', () => {
    const overlapping = loadDataset('moby_dick', { seq_len: 40, step: 3, seed: 2 }, ctx);
    const trainChars = overlapping.info.extra!.train_characters as number;
    assert.strictEqual(overlapping.train[0].shape[0], Math.floor((trainChars - 41) / 3) + 1);
    const short = loadDataset('moby_dick', { seq_len: 20, max_chars: 5000 }, ctx);
    assert.strictEqual(short.info.extra!.characters_used, 5000);
    assert.strictEqual(short.characters, d.characters);
    assert.throws(() => loadDataset('moby_dick', { seq_len: 100, max_chars: 500 }, ctx), /leave no window/);
  });

  it('shuffles the training windows by seed and only them', () => {
    const other = loadDataset('moby_dick', { seed: 3 }, ctx);
    assert.notDeepStrictEqual(row(other.train[0], 0), row(d.train[0], 0));
    assert.deepStrictEqual(row(other.test[0], 0), row(d.test[0], 0));
    const sorted = (ds: Dataset) => Array.from({ length: ds.train[0].shape[0] }, (_, i) => row(ds.train[0], i).join()).sort();
    assert.deepStrictEqual(sorted(other), sorted(d));
  });

  // Its load time is the bench's to measure, not a test's: a wall-clock bound fails on a loaded machine.
  it('reports the unigram loss to beat', () => {
    const loss = d.info.extra!.unigram_loss as number;
    assert.ok(loss > 2.5 && loss < 3.5, `${loss}`);
  });
});
