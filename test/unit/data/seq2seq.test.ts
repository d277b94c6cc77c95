// datasets.dates() and datasets.cmudict(): the pinned pairs, and the teacher-forcing layout
// ([encoder_input, decoder_input], decoder_target) with <start> = 1, <end> = 2, 0 padding.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { DATE_LOCALES, DATE_STYLES, DataArray, Dataset, END_ID, START_ID, loadDataset, readDatePairs, readPronunciations } from '../../../src/engine/data/datasets';
import { DATA_DIR, ctx, row } from './helpers';

function checkTeacherForcing(d: Dataset): void {
  assert.ok(d.multiInputs, 'x is a list of inputs');
  assert.deepStrictEqual(d.multiInputs.names, ['encoder_input', 'decoder_input']);
  for (const split of ['train', 'test'] as const) {
    const [enc, decIn]: readonly DataArray[] = d.multiInputs[split];
    const decOut = d[split][1];
    assert.strictEqual(d[split][0], enc, 'x of the pair is the encoder input');
    assert.strictEqual(enc.shape[0], decIn.shape[0]);
    assert.deepStrictEqual(decIn.shape, decOut.shape);
    for (let i = 0; i < decIn.shape[0]; i++) {
      const a = row(decIn, i), b = row(decOut, i);
      assert.strictEqual(a[0], START_ID);
      assert.deepStrictEqual(a.slice(1), b.slice(0, -1).map((v) => (v === END_ID ? 0 : v)), `row ${i}: decoder_input is decoder_target one step behind`);
      const end = b.indexOf(END_ID);
      assert.ok(end > 0 && b.slice(end + 1).every((v) => v === 0) && b.slice(0, end).every((v) => v > END_ID), `row ${i}: t1…tn <end> then padding`);
      const e = row(enc, i), first = e.findIndex((v) => v !== 0);
      assert.ok(first >= 0 && e.slice(first).every((v) => v !== 0), `row ${i}: the encoder input is padded at the front`);
    }
  }
}

const decode = (a: DataArray, i: number, tokens: readonly string[]) => row(a, i).filter((v) => v > 0).map((v) => tokens[v]);

describe('datasets.dates', () => {
  let d: Dataset;
  before(() => (d = loadDataset('dates', {}, ctx)));

  it('ships 12,000 pinned pairs over six locales and 23 formats, each text a date of its ISO form', () => {
    const pairs = readDatePairs(ctx);
    assert.strictEqual(pairs.length, 12000);
    const formats = new Set(pairs.map((p) => `${p.locale} ${p.style}`));
    assert.strictEqual(formats.size, 23);
    assert.ok(!formats.has('en-US short'));
    const months = new Map<string, Set<string>>();
    for (const p of pairs) {
      assert.match(p.iso, /^(19[5-9]\d|20[0-4]\d)-\d\d-\d\d$/);
      assert.strictEqual(new Date(`${p.iso}T00:00:00Z`).toISOString().slice(0, 10), p.iso);
      const [y, m, day] = p.iso.split('-');
      assert.ok(p.text.includes(y) || p.text.includes(y.slice(2)), `${p.text} has the year of ${p.iso}`);
      assert.ok(p.text.includes(String(Number(day))), `${p.text} has the day of ${p.iso}`);
      if (p.style === 'long') {
        const key = `${p.locale} ${m}`;
        months.set(key, (months.get(key) ?? new Set()).add(p.text.replace(/[\d.,]/g, '').replace(/\bde\b/g, '').trim()));
      }
    }
    // A long-style month name is one word per locale and month: the text really encodes the month.
    for (const [key, names] of months) assert.strictEqual(names.size, 1, `${key}: ${[...names].join(' / ')}`);
    const header = JSON.parse(fs.readFileSync(path.join(DATA_DIR, 'translation', 'dates.json'), 'utf8')) as { icu: string };
    if (header.icu === process.versions.icu) {
      for (const p of pairs.slice(0, 500)) {
        const again = new Intl.DateTimeFormat(p.locale, { dateStyle: p.style as 'full', timeZone: 'UTC' }).format(new Date(`${p.iso}T00:00:00Z`));
        assert.strictEqual(again, p.text);
      }
    }
  });

  it('returns ([encoder_input, decoder_input], decoder_target) with teacher forcing', () => {
    assert.deepStrictEqual(d.multiInputs!.train.map((a) => a.shape), [[9600, 35], [9600, 11]]);
    assert.deepStrictEqual(d.train[1].shape, [9600, 11]);
    assert.deepStrictEqual(d.multiInputs!.test.map((a) => a.shape), [[2400, 35], [2400, 11]]);
    checkTeacherForcing(d);
  });

  it('decodes back to the pinned pairs with the source and target vocabularies', () => {
    const pairs = new Map(readDatePairs(ctx).map((p) => [p.text, p.iso]));
    const target = d.targetVocabulary!.tokens!;
    assert.deepStrictEqual(target.slice(0, 3), ['<pad>', '<start>', '<end>']);
    assert.deepStrictEqual(target.slice(3), ['-', '0', '1', '2', '3', '4', '5', '6', '7', '8', '9']);
    assert.strictEqual(d.targetVocabulary!.size, 14);
    for (let i = 0; i < 50; i++) {
      const text = decode(d.train[0], i, d.vocabulary!.tokens!).join('');
      const iso = decode(d.train[1], i, target).filter((t) => t !== '<end>').join('');
      assert.strictEqual(pairs.get(text), iso, text);
    }
  });

  it('filters by locale and style, and is deterministic by seed', () => {
    const german = loadDataset('dates', { locales: ['de-DE'], styles: ['full'] }, ctx);
    const n = german.train[0].shape[0] + german.test[0].shape[0];
    assert.ok(n > 400 && n < 650, `${n} de-DE full pairs`);
    const text = decode(german.train[0], 0, german.vocabulary!.tokens!).join('');
    assert.match(text, /^(Montag|Dienstag|Mittwoch|Donnerstag|Freitag|Samstag|Sonntag), \d+\. /);
    assert.throws(() => loadDataset('dates', { locales: ['en-US'], styles: ['short'] }, ctx), /only 0 pairs/);
    assert.throws(() => loadDataset('dates', { locales: ['pt-BR'] }, ctx), /must be one of/);
    assert.deepStrictEqual([...DATE_LOCALES].length * DATE_STYLES.length - 1, 23);
    const again = loadDataset('dates', {}, ctx), other = loadDataset('dates', { seed: 5 }, ctx);
    assert.deepStrictEqual(row(again.train[0], 3), row(d.train[0], 3));
    assert.notDeepStrictEqual(row(other.train[0], 3), row(d.train[0], 3));
  });
});

describe('datasets.cmudict', () => {
  let d: Dataset;
  before(() => (d = loadDataset('cmudict', {}, ctx)));

  it('ships 5,000 frequent words, most frequent first, with stress-free ARPAbet phonemes', () => {
    const words = readPronunciations(ctx);
    assert.strictEqual(words.length, 5000);
    assert.deepStrictEqual(words.slice(0, 3).map((w) => `${w.word} ${w.phonemes.join(' ')}`), ['the DH AH', 'of AH V', 'and AH N D']);
    assert.strictEqual(new Set(words.map((w) => w.word)).size, 5000);
    const phonemes = new Set(words.flatMap((w) => w.phonemes));
    assert.strictEqual(phonemes.size, 39);
    for (const p of phonemes) assert.match(p, /^[A-Z]{1,2}$/);
    for (const w of words) assert.match(w.word, /^[a-z]+$/);
  });

  it('returns ([encoder_input, decoder_input], decoder_target) with teacher forcing', () => {
    assert.deepStrictEqual(d.multiInputs!.train.map((a) => a.shape), [[4000, 16], [4000, 16]]);
    assert.deepStrictEqual(d.test[1].shape, [1000, 16]);
    assert.strictEqual(d.vocabulary!.size, 27);
    assert.strictEqual(d.targetVocabulary!.size, 42);
    checkTeacherForcing(d);
    const byWord = new Map(readPronunciations(ctx).map((w) => [w.word, w.phonemes.join(' ')]));
    for (let i = 0; i < 50; i++) {
      const word = decode(d.test[0], i, d.vocabulary!.tokens!).join('');
      const phones = decode(d.test[1], i, d.targetVocabulary!.tokens!).filter((t) => t !== '<end>').join(' ');
      assert.strictEqual(byWord.get(word), phones, word);
    }
  });

  it('takes the most frequent max_words words, keeps train and test apart, and loads quickly', () => {
    const small = loadDataset('cmudict', { max_words: 100, test_split: 0.5 }, ctx);
    const words = (a: DataArray, ds: Dataset) => Array.from({ length: a.shape[0] }, (_, i) => decode(a, i, ds.vocabulary!.tokens!).join(''));
    const train = words(small.train[0], small), test = words(small.test[0], small);
    assert.strictEqual(train.length + test.length, 100);
    assert.ok(train.every((w) => !test.includes(w)));
    assert.ok([...train, ...test].includes('the'));
  });
});
