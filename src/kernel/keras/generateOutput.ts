// What model.generate shows beside the value it returns: generated text with the seed set apart,
// or a melody as notes in beats that the renderer draws as a piano roll and plays. The melody
// builder takes plain (midi, beats) pairs, so any note vocabulary (datasets.melodies' data.notes
// or a user's own list) decodes into it.
import { PyException, Value } from '../../language';
import { isNone, items, toInt, toNumber } from './convert';
import { GeneratedTextData, MELODY_MIME, MelodyData, MelodyNote, RichItem, TEXT_MIME, richItem } from '../../protocol/renderer';

const DEFAULT_TEMPO = 120;

export function generatedTextItems(data: GeneratedTextData): RichItem[] {
  return [richItem(TEXT_MIME, data), { mime: 'text/plain', data: data.seed + data.generated }];
}

/** A token's note: MIDI pitch or null for a rest, and its length in beats; null for a token that is no note (padding). */
export type NoteToken = readonly [midi: number | null, beats: number] | null;

/**
 * Lays the tokens end to end in time: a rest moves the clock without a note, a token that is no
 * note (padding) is skipped. The first `seedCount` tokens are the start the user gave.
 */
export function melodyData(tokens: readonly NoteToken[], seedCount: number, tempo = DEFAULT_TEMPO, temperature?: number): MelodyData {
  if (!(tempo > 0)) throw new Error(`tempo must be positive, got ${tempo}`);
  const notes: MelodyNote[] = [];
  let clock = 0;
  tokens.forEach((token, i) => {
    if (!token) return;
    const [midi, beats] = token;
    if (midi !== null) notes.push(i < seedCount ? { midi, start: clock, beats, seed: true } : { midi, start: clock, beats });
    clock += beats;
  });
  return temperature === undefined ? { notes, tempo } : { notes, tempo, temperature };
}

const NAMES = ['C', 'C#', 'D', 'D#', 'E', 'F', 'F#', 'G', 'G#', 'A', 'A#', 'B'];
function pitchName(midi: number): string {
  return `${NAMES[((midi % 12) + 12) % 12]}${Math.floor(midi / 12) - 1}`;
}

/** "Melody: 12 notes, 10 beats at 120 bpm\n[C4:1 E4:1] G4:0.5 …" with the seed in brackets. */
export function melodyText(m: MelodyData): string {
  const end = m.notes.reduce((e, n) => Math.max(e, n.start + n.beats), 0);
  const seed = m.notes.filter(n => n.seed).map(n => `${pitchName(n.midi)}:${n.beats}`);
  const rest = m.notes.filter(n => !n.seed).map(n => `${pitchName(n.midi)}:${n.beats}`);
  const body = [seed.length ? `[${seed.join(' ')}]` : '', ...rest].filter(Boolean).join(' ');
  return `Melody: ${m.notes.length} notes, ${end} beats at ${m.tempo} bpm\n${body}`;
}

export function melodyItems(m: MelodyData): RichItem[] {
  return [richItem(MELODY_MIME, m), { mime: 'text/plain', data: melodyText(m) }];
}

/** data.notes as the cell sees it: a list of (midi or None, beats) tuples, None for ids that are no note. */
export function noteTokensFromValue(v: Value): NoteToken[] {
  return items(v, 'notes').map((entry, id) => {
    if (isNone(entry)) return null;
    const pair = items(entry, `notes[${id}]`);
    if (pair.length !== 2) throw new PyException('ValueError', `notes[${id}] must be (midi, beats) or None`);
    const beats = toNumber(pair[1], `notes[${id}] beats`);
    if (!(beats > 0)) throw new PyException('ValueError', `notes[${id}] beats must be positive, got ${beats}`);
    return [isNone(pair[0]) ? null : toInt(pair[0], `notes[${id}] midi`), beats] as const;
  });
}

/** The tokens of the ids (start then generated) through a note vocabulary. */
export function tokensOfIds(ids: readonly number[], vocabulary: readonly NoteToken[]): NoteToken[] {
  return ids.map(id => vocabulary[id] ?? null);
}
