#!/usr/bin/env node
// End-to-end layer: runs out/test/e2e/**/*.test.js (compiled from test/e2e/*.ts) with mocha.
// The specs start code-server with the extension as a development extension on a temp copy of
// samples/, and drive it through Debian Chromium (playwright-core). Screenshots, the browser
// console and code-server's log go to test-results/e2e/.
//
//   UNROLL_E2E_TIMEOUT_MS [900000]  hard timeout for the whole run
//   UNROLL_E2E_GREP                  only run tests whose title matches
'use strict';

const fs = require('fs');
const path = require('path');
const cp = require('child_process');
const cs = require('./code-server');

const ROOT = cs.ROOT;
const SPEC_DIR = path.join(ROOT, 'out', 'test', 'e2e');
const RESULTS = path.join(ROOT, 'test-results', 'e2e');
const TIMEOUT_MS = Number(process.env.UNROLL_E2E_TIMEOUT_MS || 15 * 60 * 1000);

process.env.ONNXRUNTIME_NODE_INSTALL = 'skip';

/** Compiled with the tests (npm run build:tests): the finder the in-host runner uses too. */
function findSpecs(dir) {
  const finder = path.join(ROOT, 'out', 'test', 'findTests.js');
  return fs.existsSync(finder) ? require(finder).findTests(dir) : [];
}

async function main() {
  const specs = findSpecs(SPEC_DIR);
  if (specs.length === 0) throw new Error(`no specs under ${path.relative(ROOT, SPEC_DIR)}: build them first (npm run build:tests)`);
  if (!cs.isInstalled()) {
    console.log('[e2e] code-server is not provisioned yet; running scripts/provision.js');
    const r = cp.spawnSync(process.execPath, [path.join(__dirname, 'provision.js')], { stdio: 'inherit' });
    if (r.status !== 0) throw new Error('provisioning failed');
  }
  fs.rmSync(RESULTS, { recursive: true, force: true });
  fs.mkdirSync(RESULTS, { recursive: true });

  const Mocha = require('mocha/lib/mocha.cjs');
  const mocha = new Mocha({ ui: 'bdd', timeout: 180_000, color: false, reporter: 'spec' });
  Mocha.reporters.Base.useColors = false;
  if (process.env.UNROLL_E2E_GREP) mocha.grep(process.env.UNROLL_E2E_GREP);
  for (const f of specs) mocha.addFile(f);
  const t0 = Date.now();
  const failures = await new Promise((resolve) => mocha.run(resolve));
  console.log(`[e2e] ${failures} failing; ${((Date.now() - t0) / 1000).toFixed(1)} s; screenshots in ${path.relative(ROOT, RESULTS)}/`);
  return failures > 0 ? 1 : 0;
}

const hard = setTimeout(async () => {
  console.error(`[e2e] FAILED: hard timeout after ${Math.round(TIMEOUT_MS / 1000)} s; killing code-server and Chromium`);
  await cs.cleanupAll();
  process.exit(124);
}, TIMEOUT_MS);
hard.unref();

main().then(
  async (code) => {
    await cs.cleanupAll();
    process.exit(code);
  },
  async (err) => {
    console.error(`[e2e] ERROR: ${err && err.stack ? err.stack : err}`);
    await cs.cleanupAll();
    process.exit(1);
  },
);
