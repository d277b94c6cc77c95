// Builds media/data/melodies from the project's own transcriptions in melodies-source.txt:
// checks every note name, duration and bar, then writes each tune as [midi, beats] pairs
// (midi null for a rest) plus a README listing the tunes and their origins.
'use strict';
const fs = require('fs');
const path = require('path');
const { outDir, writeText } = require('./common');

const SOURCE = path.join(__dirname, 'melodies-source.txt');
const FIELDS = ['title', 'origin', 'year', 'key', 'meter'];
/** Quarter-note beats a note may last; the loader's token grid is built from these. */
const DURATIONS = [0.25, 0.5, 0.75, 1, 1.5, 2, 2.5, 3, 4];
const PITCH_CLASS = { C: 0, D: 2, E: 4, F: 5, G: 7, A: 9, B: 11 };
const MIN_TUNES = 30;

function midiOf(name, where) {
  const m = /^([A-G])([#b]?)(-?\d)$/.exec(name);
  if (!m) throw new Error(`${where}: '${name}' is not a note name like C4, F#3 or Bb4`);
  const accidental = m[2] === '#' ? 1 : m[2] === 'b' ? -1 : 0;
  // MIDI: C4 = 60.
  return 12 * (Number(m[3]) + 1) + PITCH_CLASS[m[1]] + accidental;
}

/** Beats in one bar, in quarter notes: 6/8 is 3, 3/8 is 1.5. */
function barBeats(meter, where) {
  const m = /^(\d+)\/(\d+)$/.exec(meter);
  if (!m || ![2, 4, 8].includes(Number(m[2]))) throw new Error(`${where}: meter '${meter}' is not like 4/4 or 6/8`);
  return (Number(m[1]) * 4) / Number(m[2]);
}

function parseNotes(text, beatsPerBar, where) {
  const bars = text.split('|').map((b) => b.trim()).filter((b) => b !== '');
  if (bars.length < 8) throw new Error(`${where}: ${bars.length} bars; transcribe at least 8`);
  const sums = [];
  const notes = [];
  bars.forEach((bar, i) => {
    let sum = 0;
    for (const token of bar.split(/\s+/)) {
      const m = /^([^:]+):(\d+(?:\.\d+)?)$/.exec(token);
      if (!m) throw new Error(`${where}, bar ${i + 1}: '${token}' is not NOTE:BEATS`);
      const beats = Number(m[2]);
      if (!DURATIONS.includes(beats)) throw new Error(`${where}, bar ${i + 1}: duration ${beats} is not one of ${DURATIONS.join(', ')}`);
      notes.push([m[1] === 'R' ? null : midiOf(m[1], `${where}, bar ${i + 1}`), beats]);
      sum += beats;
    }
    sums.push(sum);
  });
  const first = sums[0], last = sums[sums.length - 1];
  const pickup = first < beatsPerBar;
  sums.forEach((s, i) => {
    const edge = pickup && (i === 0 || i === sums.length - 1);
    if (!edge && s !== beatsPerBar) throw new Error(`${where}, bar ${i + 1}: ${s} beats, the meter needs ${beatsPerBar}`);
  });
  // A pickup borrows its beats from the last bar, so the two make one full bar.
  if (pickup && first + last !== beatsPerBar) {
    throw new Error(`${where}: pickup of ${first} and last bar of ${last} beats do not make a ${beatsPerBar}-beat bar`);
  }
  if (notes[0][0] === null && notes.every((n) => n[0] === null)) throw new Error(`${where}: only rests`);
  return { notes, bars: bars.length };
}

function parseSource(text) {
  const blocks = text.split(/\n\s*\n/).map((b) => b.split('\n').filter((l) => !l.startsWith('#')).join('\n').trim()).filter((b) => b !== '');
  const tunes = blocks.map((block, i) => {
    const notesAt = block.indexOf('\nnotes:');
    if (notesAt < 0) throw new Error(`tune ${i + 1}: no 'notes:' line`);
    const fields = {};
    for (const line of block.slice(0, notesAt).split('\n')) {
      const m = /^(\w+):\s*(.+)$/.exec(line.trim());
      if (!m || !FIELDS.includes(m[1])) throw new Error(`tune ${i + 1}: unexpected line '${line}'`);
      fields[m[1]] = m[2].trim();
    }
    const where = fields.title ? `'${fields.title}'` : `tune ${i + 1}`;
    for (const f of FIELDS) if (!fields[f]) throw new Error(`${where}: missing '${f}:'`);
    const { notes, bars } = parseNotes(block.slice(notesAt + '\nnotes:'.length), barBeats(fields.meter, where), where);
    return { ...fields, bars, notes };
  });
  const titles = new Set();
  for (const t of tunes) {
    if (titles.has(t.title)) throw new Error(`'${t.title}' appears twice`);
    titles.add(t.title);
  }
  if (tunes.length < MIN_TUNES) throw new Error(`${tunes.length} tunes; the data set promises at least ${MIN_TUNES}`);
  return tunes;
}

function melodiesJson(tunes) {
  // One tune per line keeps diffs of a corrected transcription readable.
  const lines = tunes.map((t) => '  ' + JSON.stringify({ title: t.title, origin: t.origin, year: t.year, key: t.key, meter: t.meter, notes: t.notes }));
  return `{\n"durations": ${JSON.stringify(DURATIONS)},\n"tunes": [\n${lines.join(',\n')}\n]\n}\n`;
}

function readme(tunes) {
  const rows = tunes.map((t) => {
    const pitches = t.notes.filter((n) => n[0] !== null).map((n) => n[0]);
    return `| ${t.title} | ${t.origin} | ${t.year} | ${t.key}, ${t.meter} | ${t.bars} | ${t.notes.length} | ${Math.min(...pitches)}–${Math.max(...pitches)} |`;
  });
  return `# Melodies

${tunes.length} traditional and pre-1900 melodies as note sequences, for melody generation
(\`datasets.melodies()\`).

\`melodies.json\` holds \`durations\` (the note lengths used, in quarter-note beats) and \`tunes\`,
one per line: \`{title, origin, year, key, meter, notes}\` where \`notes\` is a list of
\`[midi, beats]\` pairs (MIDI 60 = middle C; \`null\` for a rest). The loader turns each
(pitch, duration) pair into one token and transposes every tune to all 12 keys.

## Source

Transcribed by the Unroll project from the melodies as they are traditionally sung or played,
in \`scripts/data/melodies-source.txt\` (bars checked against each meter by
\`scripts/data/build-melodies.js\`). No printed edition, arrangement or recording was copied.
Each tune is the melody line only, usually its first verse or theme.

## Licence

The melodies are in the public domain: each is traditional or was composed before 1900.
The transcriptions are dedicated to the public domain by the Unroll project under
CC0 1.0 Universal, https://creativecommons.org/publicdomain/zero/1.0/

## Credit

Composers and origins as listed below.

| Tune | Origin | Year | Written in | Bars | Notes | MIDI range |
| --- | --- | --- | --- | --- | --- | --- |
${rows.join('\n')}

Regenerate with \`node scripts/data/build-all.js\`.
`;
}

function build(root) {
  const tunes = parseSource(fs.readFileSync(SOURCE, 'utf8'));
  return [writeText(root, 'melodies/melodies.json', melodiesJson(tunes)), writeText(root, 'melodies/README.md', readme(tunes))];
}

module.exports = { build, parseSource, midiOf, DURATIONS };
if (require.main === module) for (const f of build(outDir())) console.log(f);
