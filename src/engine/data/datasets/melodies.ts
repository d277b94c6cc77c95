// datasets.melodies(): the project's transcriptions of public-domain tunes (media/data/melodies)
// as next-note prediction windows. Each (pitch, duration) pair is one token, so a plain
// Embedding → LSTM → Dense(softmax) language model learns both, and model.generate from one
// starting token produces a melody that decodes straight back to notes (one-to-many).
import { Rng } from '../../util/rng';
import { DatasetDefinition, LoadContext, LoaderArgs, requireFiles } from './definition';
import { resolveParams } from './params';
import { shuffledSplit } from './split';
import { DataArray, Dataset, NoteEvent, int32Array } from './types';
import { melodiesEntry } from '../../../keras/datasets/melodies';

const MELODIES_FILE = 'melodies/melodies.json';
/** C3..C6: every tune fits in all 12 keys (the widest spans 15 semitones). */
export const MIDI_LOW = 48;
export const MIDI_HIGH = 84;

interface Tune {
  readonly title: string;
  readonly origin: string;
  readonly year: string;
  readonly key: string;
  readonly meter: string;
  readonly notes: readonly NoteEvent[];
}

export interface MelodyFile {
  /** The note lengths in quarter-note beats the transcriptions use. */
  readonly durations: readonly number[];
  readonly tunes: readonly Tune[];
}

export function readMelodies(ctx: LoadContext): MelodyFile {
  const parsed = JSON.parse(requireFiles(ctx, 'melodies')(MELODIES_FILE)) as MelodyFile;
  if (!Array.isArray(parsed.durations) || !Array.isArray(parsed.tunes)) throw new Error(`${MELODIES_FILE}: expected {durations, tunes}`);
  return parsed;
}

const NOTE_NAMES = ['C', 'C#', 'D', 'D#', 'E', 'F', 'F#', 'G', 'G#', 'A', 'A#', 'B'];

function noteName(midi: number | null): string {
  if (midi === null) return 'R';
  return `${NOTE_NAMES[midi % 12]}${Math.floor(midi / 12) - 1}`;
}

/**
 * Every (pitch, duration) pair in MIDI_LOW..MIDI_HIGH plus rests, on a fixed grid so an id means
 * the same note whatever the loader's arguments: id = 1 + pitchSlot * durations + durationSlot,
 * with pitch slot 0 for a rest. Id 0 is padding. Token names read 'C4:1', 'F#5:0.5', 'R:2'.
 */
export class MelodyVocabulary {
  readonly durations: readonly number[];
  constructor(durations: readonly number[]) {
    this.durations = [...durations];
  }
  get size(): number {
    return 1 + (MIDI_HIGH - MIDI_LOW + 2) * this.durations.length;
  }
  id(midi: number | null, beats: number): number {
    const d = this.durations.indexOf(beats);
    if (d < 0) throw new Error(`melodies: ${beats} beats is not one of the durations ${this.durations.join(', ')}`);
    if (midi !== null && (midi < MIDI_LOW || midi > MIDI_HIGH)) throw new Error(`melodies: MIDI ${midi} is outside ${MIDI_LOW}..${MIDI_HIGH}`);
    const slot = midi === null ? 0 : midi - MIDI_LOW + 1;
    return 1 + slot * this.durations.length + d;
  }
  note(id: number): NoteEvent | null {
    if (!Number.isInteger(id) || id < 1 || id >= this.size) return null;
    const slot = Math.floor((id - 1) / this.durations.length);
    return [slot === 0 ? null : MIDI_LOW + slot - 1, this.durations[(id - 1) % this.durations.length]];
  }
  name(id: number): string {
    const n = this.note(id);
    return n ? `${noteName(n[0])}:${n[1]}` : '<pad>';
  }
  /** notes[id] for every id, null at 0. */
  notes(): (NoteEvent | null)[] {
    return Array.from({ length: this.size }, (_, id) => this.note(id));
  }
  tokens(): string[] {
    return Array.from({ length: this.size }, (_, id) => this.name(id));
  }
  wordIndex(): Record<string, number> {
    const out: Record<string, number> = {};
    for (let id = 1; id < this.size; id++) out[this.name(id)] = id;
    return out;
  }
}

/**
 * For each of the 12 pitch classes, the shift to it that keeps the tune inside the range,
 * preferring the smaller move (so +7 becomes -5 when -5 fits); shift 0 comes first.
 */
export function keyShifts(notes: readonly NoteEvent[]): number[] {
  const pitches = notes.map((n) => n[0]).filter((m): m is number => m !== null);
  const lo = Math.min(...pitches), hi = Math.max(...pitches);
  const fits = (s: number) => lo + s >= MIDI_LOW && hi + s <= MIDI_HIGH;
  return Array.from({ length: 12 }, (_, k) => {
    const choice = [k, k - 12].filter(fits).sort((a, b) => Math.abs(a) - Math.abs(b))[0];
    if (choice === undefined) throw new Error(`melodies: a tune spanning MIDI ${lo}..${hi} cannot move by ${k} semitones inside ${MIDI_LOW}..${MIDI_HIGH}`);
    return choice;
  });
}

export function transpose(notes: readonly NoteEvent[], shift: number): NoteEvent[] {
  return notes.map(([m, b]) => [m === null ? null : m + shift, b]);
}

/** Windows over one token sequence: x ends at each position j (0, step, …), padded with 0 before the start. */
function appendWindows(tokens: readonly number[], seqLen: number, step: number, sequenceTargets: boolean, xs: number[], ys: number[]): number {
  const at = (i: number) => (i >= 0 ? tokens[i] : 0);
  let n = 0;
  for (let j = 0; j + 1 < tokens.length; j += step) {
    for (let t = 0; t < seqLen; t++) xs.push(at(j - seqLen + 1 + t));
    if (sequenceTargets) for (let t = 0; t < seqLen; t++) ys.push(at(j - seqLen + 2 + t));
    else ys.push(tokens[j + 1]);
    n++;
  }
  return n;
}

function windowsFor(tunes: readonly Tune[], vocab: MelodyVocabulary, p: { seqLen: number; step: number; transpose: boolean; sequenceTargets: boolean }): [DataArray, DataArray] {
  const xs: number[] = [], ys: number[] = [];
  let n = 0;
  for (const tune of tunes) {
    for (const shift of p.transpose ? keyShifts(tune.notes) : [0]) {
      const tokens = transpose(tune.notes, shift).map(([m, b]) => vocab.id(m, b));
      n += appendWindows(tokens, p.seqLen, p.step, p.sequenceTargets, xs, ys);
    }
  }
  return [int32Array([n, p.seqLen], Int32Array.from(xs)), int32Array(p.sequenceTargets ? [n, p.seqLen] : [n], Int32Array.from(ys))];
}

function loadMelodies(args: LoaderArgs, ctx: LoadContext): Dataset {
  const p = resolveParams(melodiesEntry, args);
  const file = readMelodies(ctx);
  const vocab = new MelodyVocabulary(file.durations);
  const split = shuffledSplit(file.tunes.length, p.test_split as number, new Rng(p.seed as number));
  // Tune order within a split follows the seeded permutation; fit shuffles windows itself.
  const trainTunes = Array.from(split.train, (i) => file.tunes[i]);
  const testTunes = Array.from(split.test, (i) => file.tunes[i]);
  const opts = { seqLen: p.seq_len as number, step: p.step as number, transpose: p.transpose as boolean, sequenceTargets: p.targets === 'sequence' };
  const train = windowsFor(trainTunes, vocab, opts);
  const test = windowsFor(testTunes, vocab, opts);
  return {
    train,
    test,
    vocabulary: { wordIndex: vocab.wordIndex(), size: vocab.size, tokens: vocab.tokens() },
    notes: vocab.notes(),
    info: {
      name: 'melodies',
      description: 'Public-domain tunes as (pitch, duration) note tokens, windows for next-note prediction.',
      source: 'Transcribed by the Unroll project (media/data/melodies/README.md lists every tune and its origin)',
      license: 'Melodies public domain; transcriptions CC0 1.0',
      params: p,
      extra: {
        n_tunes: file.tunes.length,
        n_tunes_train: trainTunes.length,
        n_tunes_test: testTunes.length,
        keys: opts.transpose ? 12 : 1,
        n_train: train[0].shape[0],
        n_test: test[0].shape[0],
        vocabulary_size: vocab.size,
        test_titles: testTunes.map((t) => t.title).join('; '),
      },
    },
  };
}

export const melodiesDataset: DatasetDefinition = { entry: melodiesEntry, load: loadMelodies };
