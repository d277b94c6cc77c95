// datasets.melodies: the transcriptions parse and check, transposition stays in range and moves
// every pitch, note tokens decode back to the notes they encode, and windows follow the tunes.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { MIDI_HIGH, MIDI_LOW, MelodyVocabulary, keyShifts, loadDataset, readMelodies } from '../../../src/engine/data/datasets';
import { transpose } from '../../../src/engine/data/datasets/melodies';
import { shuffledSplit } from '../../../src/engine/data/datasets/split';
import { Rng } from '../../../src/engine/util/rng';
import { REPO, ctx, row } from './helpers';

// eslint-disable-next-line @typescript-eslint/no-require-imports -- a plain CommonJS script in scripts/ (no types), loaded by path
const builder = require(path.join(REPO, 'scripts', 'data', 'build-melodies.js')) as {
  parseSource(text: string): { title: string; meter: string; bars: number; notes: [number | null, number][] }[];
  midiOf(name: string, where: string): number;
};
const SOURCE = fs.readFileSync(path.join(REPO, 'scripts', 'data', 'melodies-source.txt'), 'utf8');

function tune(notes: string, meter = '4/4'): string {
  return `title: T\norigin: o\nyear: traditional\nkey: C major\nmeter: ${meter}\nnotes:\n${notes}`;
}

describe('datasets: melodies', () => {
  const file = readMelodies(ctx);
  const vocab = new MelodyVocabulary(file.durations);

  it('parses the source: at least 30 tunes of at least 8 bars, matching the shipped JSON', () => {
    const tunes = builder.parseSource(SOURCE);
    assert.ok(tunes.length >= 30, `${tunes.length} tunes`);
    assert.strictEqual(new Set(tunes.map((t) => t.title)).size, tunes.length);
    for (const t of tunes) assert.ok(t.bars >= 8, `${t.title}: ${t.bars} bars`);
    assert.deepStrictEqual(file.tunes.map((t) => t.notes), tunes.map((t) => t.notes));
    assert.strictEqual(builder.midiOf('C4', ''), 60);
    assert.strictEqual(builder.midiOf('F#3', ''), 54);
    assert.strictEqual(builder.midiOf('Bb4', ''), 70);
  });

  it('rejects a bar that does not fill the meter, an unknown duration, a bad note name and a pickup the last bar does not complete', () => {
    const bars8 = (first: string) => [first, ...new Array<string>(7).fill('C4:4')].join(' | ');
    // Padded to 30 copies so only the broken bar can fail.
    const many = (t: string) => Array.from({ length: 30 }, (_, i) => t.replace('title: T', `title: T${i}`)).join('\n\n');
    assert.doesNotThrow(() => builder.parseSource(many(tune(bars8('C4:1 D4:1 E4:2')))));
    assert.throws(() => builder.parseSource(many(tune(bars8('C4:1 D4:1 E4:1') + ' | C4:4'))), /bar 1: 3 beats|pickup/);
    assert.throws(() => builder.parseSource(many(tune([...new Array<string>(4).fill('C4:4'), 'C4:3', ...new Array<string>(3).fill('C4:4')].join(' | ')))), /bar 5: 3 beats, the meter needs 4/);
    assert.throws(() => builder.parseSource(many(tune(bars8('C4:1 D4:1 E4:1.25 R:0.75')))), /duration 1.25/);
    assert.throws(() => builder.parseSource(many(tune(bars8('H4:4')))), /'H4' is not a note name/);
    assert.throws(() => builder.parseSource(many(tune(['G3:1', ...new Array<string>(8).fill('C4:3'), 'C4:1'].join(' | '), '3/4'))), /pickup of 1 and last bar of 1/);
    assert.throws(() => builder.parseSource(tune(bars8('C4:4'))), /at least 30/);
  });

  it('transposes every tune to all 12 keys inside the MIDI range, moving every pitch by the same shift', () => {
    for (const t of file.tunes) {
      const shifts = keyShifts(t.notes);
      assert.strictEqual(shifts[0], 0, 'the written key comes first');
      assert.deepStrictEqual(shifts.map((s) => ((s % 12) + 12) % 12), [...Array(12).keys()], `${t.title}: one shift per pitch class`);
      for (const s of shifts) {
        const moved = transpose(t.notes, s);
        moved.forEach(([m, b], i) => {
          const [m0, b0] = t.notes[i];
          assert.strictEqual(b, b0);
          if (m0 === null) assert.strictEqual(m, null);
          else {
            assert.strictEqual(m, m0 + s);
            assert.ok(m >= MIDI_LOW && m <= MIDI_HIGH, `${t.title} by ${s}: ${m}`);
          }
        });
      }
    }
  });

  it('decodes every token id back to the note it encodes, and names read pitch:beats', () => {
    assert.strictEqual(vocab.note(0), null);
    for (let id = 1; id < vocab.size; id++) {
      const [m, b] = vocab.note(id)!;
      assert.strictEqual(vocab.id(m, b), id);
    }
    const index = vocab.wordIndex();
    assert.strictEqual(Object.keys(index).length, vocab.size - 1);
    assert.deepStrictEqual(vocab.note(index['C4:1']), [60, 1]);
    assert.deepStrictEqual(vocab.note(index['F#5:0.5']), [78, 0.5]);
    assert.deepStrictEqual(vocab.note(index['R:2']), [null, 2]);
    assert.throws(() => vocab.id(MIDI_HIGH + 1, 1), /outside/);
    assert.throws(() => vocab.id(60, 1.25), /not one of the durations/);
  });

  it('windows each tune from its first note: y is x one note on, and the last targets replay the tune', () => {
    const seqLen = 6;
    const d = loadDataset('melodies', { seq_len: seqLen, transpose: false, test_split: 0, seed: 3 }, ctx);
    const [x, y] = d.train;
    assert.deepStrictEqual(x.shape.slice(1), [seqLen]);
    assert.deepStrictEqual(y.shape, x.shape);
    const order = shuffledSplit(file.tunes.length, 0, new Rng(3)).train;
    let w = 0;
    for (const i of order) {
      const notes = file.tunes[i].notes;
      const first = row(x, w);
      assert.deepStrictEqual(first.slice(0, seqLen - 1), Array(seqLen - 1).fill(0), 'the first window is padding then the first note');
      assert.deepStrictEqual(d.notes![first[seqLen - 1]], notes[0]);
      for (let k = 1; k < notes.length; k++, w++) {
        const xs = row(x, w), ys = row(y, w);
        assert.deepStrictEqual(xs.slice(1), ys.slice(0, -1));
        assert.deepStrictEqual(d.notes![ys[seqLen - 1]], notes[k], `${file.tunes[i].title}, note ${k}`);
      }
    }
    assert.strictEqual(w, x.shape[0]);
  });

  it("targets='next' keeps only the note after each window; transpose=True gives 12 keys of every tune", () => {
    const args = { seq_len: 8, step: 3, transpose: false };
    const seq = loadDataset('melodies', args, ctx), next = loadDataset('melodies', { ...args, targets: 'next' }, ctx);
    assert.deepStrictEqual(next.train[1].shape, [seq.train[0].shape[0]]);
    for (let i = 0; i < seq.train[0].shape[0]; i++) assert.strictEqual(next.train[1].data[i], row(seq.train[1], i)[7]);
    const all = loadDataset('melodies', { ...args, transpose: true }, ctx);
    assert.strictEqual(all.train[0].shape[0], 12 * seq.train[0].shape[0]);
    assert.strictEqual(all.test[0].shape[0], 12 * seq.test[0].shape[0]);
    const pitchClasses = new Set(Array.from(all.train[0].data).filter((id) => id > 0).map((id) => all.notes![id]![0]).filter((m) => m !== null).map((m) => m % 12));
    assert.strictEqual(pitchClasses.size, 12);
  });

  it('holds out whole tunes: the test titles are not in training, and the counts add up', () => {
    const d = loadDataset('melodies', { seq_len: 4, test_split: 0.25, seed: 5 }, ctx);
    const extra = d.info.extra!;
    assert.strictEqual(extra.n_tunes_train as number + (extra.n_tunes_test as number), file.tunes.length);
    assert.strictEqual(extra.n_tunes_test, Math.floor(file.tunes.length * 0.25));
    const split = shuffledSplit(file.tunes.length, 0.25, new Rng(5));
    const testTitles = Array.from(split.test, (i) => file.tunes[i].title);
    assert.strictEqual(extra.test_titles, testTitles.join('; '));
    const windows = (idx: Int32Array) => Array.from(idx, (i) => 12 * (file.tunes[i].notes.length - 1)).reduce((a, b) => a + b, 0);
    assert.strictEqual(d.train[0].shape[0], windows(split.train));
    assert.strictEqual(d.test[0].shape[0], windows(split.test));
  });
});
