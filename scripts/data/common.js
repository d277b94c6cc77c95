// Shared by the media/data builders: where to write, and writing with fixed bytes
// (UTF-8, '\n' line ends, trailing newline) so a rebuild compares byte for byte.
'use strict';
const fs = require('fs');
const path = require('path');

const REPO = path.resolve(__dirname, '..', '..');

/** `--out DIR` (for tests: build into a temp dir), else the shipped media/data. */
function outDir(argv = process.argv.slice(2)) {
  const i = argv.indexOf('--out');
  return i >= 0 && argv[i + 1] ? path.resolve(argv[i + 1]) : path.join(REPO, 'media', 'data');
}

function writeText(root, relativePath, text) {
  const full = path.join(root, relativePath);
  fs.mkdirSync(path.dirname(full), { recursive: true });
  fs.writeFileSync(full, text.endsWith('\n') ? text : text + '\n', 'utf8');
  return full;
}

/** 12345 → '12,345', the same under every Node build (toLocaleString depends on its ICU data). */
function thousands(n) {
  return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

module.exports = { REPO, outDir, thousands, writeText };
