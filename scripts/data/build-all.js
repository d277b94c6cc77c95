// Regenerates every processed data set under media/data (or under --out DIR).
'use strict';
const { outDir } = require('./common');

const BUILDERS = [require('./build-sentiment'), require('./build-timeseries')];

function buildAll(root) {
  return BUILDERS.flatMap((b) => b.build(root));
}

module.exports = { buildAll };
if (require.main === module) for (const f of buildAll(outDir())) console.log(f);
