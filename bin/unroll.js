#!/usr/bin/env node
// `unroll` (package.json "bin"): starts the command line, dist/cli.js, with the kernel bundles
// beside it (dist/kernelWorker.js, dist/trainingWorker.js).
//
// Why it builds them here, on first use and whenever a source file is newer than a bundle: a
// fresh clone has no dist/ (it is not committed), and `npm install` / `npm ci` do not build it.
// A "prepare" script would make every install pay for a webpack build that most installs never
// use, and would still leave dist/ stale after the next edit or `git pull`; checking here costs a
// directory walk (milliseconds) and makes `npx unroll run …` always run the code in the tree.
// Only the two bundles the command line needs are built, not the extension or its webviews.
'use strict';
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const root = path.join(__dirname, '..');
const dist = path.join(root, 'dist');
const bundles = ['cli.js', 'kernelWorker.js', 'trainingWorker.js'].map(name => path.join(dist, name));
// What the bundles are built from: every TypeScript source, and the build's own configuration.
const inputs = [path.join(root, 'src'), path.join(root, 'webpack.config.js'), path.join(root, 'package.json')];

function newestMtime(file) {
  const stat = fs.statSync(file);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs; // a deleted file shows as its folder's change
  for (const entry of fs.readdirSync(file)) newest = Math.max(newest, newestMtime(path.join(file, entry)));
  return newest;
}

function oldestBundle() {
  let oldest = Infinity;
  for (const bundle of bundles) {
    if (!fs.existsSync(bundle)) return -Infinity;
    oldest = Math.min(oldest, fs.statSync(bundle).mtimeMs);
  }
  return oldest;
}

function build() {
  let webpackCli;
  try {
    webpackCli = require.resolve('webpack-cli/bin/cli.js', { paths: [root] });
  } catch {
    process.stderr.write('unroll: dist/cli.js is missing or older than the sources, and webpack is not installed to build it: run `npm install` in the repository, then try again.\n');
    process.exit(2);
  }
  process.stderr.write('unroll: building the command line and kernel bundles (dist/) …\n');
  // Webpack's report goes to stderr: stdout carries only what the notebook's cells print.
  const result = spawnSync(process.execPath, [webpackCli, '--mode', 'development', '--config-name', 'workers', '--config-name', 'cli'],
    { cwd: root, stdio: ['ignore', process.stderr, process.stderr] });
  if (result.status !== 0) {
    process.stderr.write(`unroll: the build failed (webpack exited with ${result.status ?? result.signal}); see above.\n`);
    process.exit(2);
  }
  // Webpack leaves a bundle whose content did not change as it was (compareBeforeEmit), old mtime
  // and all: mark the bundles as built now, or every later run would build again.
  const now = new Date();
  for (const bundle of bundles) fs.utimesSync(bundle, now, now);
}

if (oldestBundle() < Math.max(...inputs.map(newestMtime))) build();
require(bundles[0]);
