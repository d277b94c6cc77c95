#!/usr/bin/env node
// `npm test`: lint (eslint, then knip for dead code), provision, then the layers in order (unit,
// webgpu, webview, vscode, e2e). The webgpu layer is the provider tests (test/webgpu) in a process
// of their own, started with the Vulkan environment WebGPU needs (SwiftShader where there is no GPU);
// it reuses the unit layer's compiled out/, and where the driver is absent it prints why and skips. Every layer runs even when an earlier one fails; each layer's summary
// (eslint's and knip's counts, mocha's) is repeated at the end; the exit code is nonzero if
// anything failed.
'use strict';

const path = require('path');
const cp = require('child_process');

const ROOT = path.resolve(__dirname, '..');
process.env.ONNXRUNTIME_NODE_INSTALL = 'skip';
// `npm test` (and CI) runs every sample through `unroll run` in the unit layer, about 4 minutes on
// 2 cores; `npm run test:unit` alone runs the fast ones (test/unit/cli/samples.test.ts).
process.env.UNROLL_SAMPLES ??= 'all';
// How many of a crashed layer's last output lines the summary repeats.
const CRASH_TAIL_LINES = 15;
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

// Run a command, streaming its output, and keep the output for the summary.
function run(label, cmd, args) {
  return new Promise((resolve) => {
    const t0 = Date.now();
    console.log(`\n========== ${label}: ${cmd} ${args.join(' ')} ==========\n`);
    const child = cp.spawn(cmd, args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'], env: process.env });
    let text = '';
    child.stdout.on('data', (d) => {
      process.stdout.write(d);
      text += d;
    });
    child.stderr.on('data', (d) => {
      process.stderr.write(d);
      text += d;
    });
    const finish = (code) => resolve({ label, code, secs: (Date.now() - t0) / 1000, text });
    child.on('error', (e) => {
      text += String(e);
      finish(1);
    });
    child.on('close', (code, signal) => finish(code === null ? `signal ${signal}` : code));
  });
}

// The text without ANSI colour codes.
function plain(text) {
  // eslint-disable-next-line no-control-regex -- ESC (\u001b) starts the ANSI colour codes being stripped
  return text.replace(/\u001b\[[0-9;]*m/g, '');
}

// Mocha's summary lines ("N passing (Xs)", "N pending", "N failing").
function summary(text) {
  const lines = plain(text).split('\n').filter((l) => /^\s*\d+ (passing|pending|failing)\b/.test(l));
  // Keep the last summary block (one per mocha run).
  const last = [];
  for (let i = lines.length - 1; i >= 0; i--) {
    last.unshift(lines[i].trim());
    if (/passing/.test(lines[i])) break;
  }
  return last.join(', ') || '(no mocha summary)';
}

// eslint's closing count ("✖ 3 problems (3 errors, 0 warnings)"); it prints nothing when clean.
function eslintSummary(r) {
  if (r.code === 0) return 'eslint ok';
  const match = /✖ (\d+ problems? \([^)]*\))/.exec(plain(r.text));
  return `eslint: ${match ? match[1] : `exit ${r.code}`}`;
}

// knip's section headings ("Unused exports (5)", "Unused files (1)").
function knipSummary(r) {
  if (r.code === 0) return 'knip ok';
  const sections = plain(r.text).split('\n').map((l) => l.trim()).filter((l) => /^[A-Z][A-Za-z ]+ \(\d+\)$/.test(l));
  return `knip: ${sections.length ? sections.join(', ') : `exit ${r.code}`}`;
}

// The lint layer: eslint, then knip (both run); it fails if either does.
async function lint() {
  const eslint = await run('lint', npm, ['run', '--silent', 'lint']);
  const knip = await run('lint', npm, ['run', '--silent', 'deadcode']);
  return {
    label: 'lint',
    code: eslint.code !== 0 ? eslint.code : knip.code,
    secs: eslint.secs + knip.secs,
    summary: `${eslintSummary(eslint)}; ${knipSummary(knip)}`,
  };
}

function mochaCount(summaryText, word) {
  const match = new RegExp(`(\\d+) ${word}`).exec(summaryText || '');
  return match ? Number(match[1]) : 0;
}

async function main() {
  const t0 = Date.now();
  const results = [];
  results.push(await lint());
  const prov = await run('provision', process.execPath, [path.join(__dirname, 'provision.js')]);
  results.push({ ...prov, summary: prov.code === 0 ? 'ok' : 'FAILED' });
  for (const [label, cmd, args] of [
    ['unit', npm, ['run', '--silent', 'test:unit']],
    ['webgpu', process.execPath, [path.join(__dirname, 'run-webgpu-tests.js')]],
    ['webview', npm, ['run', '--silent', 'test:webview']],
    ['vscode', npm, ['run', '--silent', 'test:vscode']],
    ['e2e', npm, ['run', '--silent', 'test:e2e']],
  ]) {
    if (prov.code !== 0 && label !== 'unit') {
      results.push({ label, code: 'skipped', secs: 0, summary: 'skipped: provisioning failed' });
      continue;
    }
    const r = await run(label, cmd, args);
    results.push({ ...r, summary: summary(r.text) });
  }
  console.log('\n========== summary ==========');
  for (const r of results) {
    const ok = r.code === 0;
    console.log(`${ok ? 'PASS' : 'FAIL'}  ${r.label.padEnd(9)} ${r.secs.toFixed(1).padStart(6)} s  ${r.summary}${ok ? '' : `  (exit ${r.code})`}`);
  }
  const failed = results.filter((r) => r.code !== 0);
  // CI keeps only the end of this output: repeat the last lines of each layer that failed without a
  // mocha count of failures (a crash: an abort, a fatal error), so that its cause is in that end.
  for (const r of failed) {
    if (mochaCount(r.summary, 'failing') > 0 || !r.text) continue;
    const tail = plain(r.text).trimEnd().split('\n').slice(-CRASH_TAIL_LINES);
    console.log(`\n---------- the last ${tail.length} lines of ${r.label} (exit ${r.code}) ----------\n${tail.join('\n')}`);
  }
  // One closing line in the plain form CI reads, summing every layer's mocha counts.
  // A layer that failed without a mocha summary (a crash, a provisioning failure) counts as one failure.
  const count = (word) => results.reduce((n, r) => n + mochaCount(r.summary, word), 0);
  const passed = count('passing');
  const failing = count('failing') + failed.filter((r) => mochaCount(r.summary, 'failing') === 0).length;
  console.log(`total ${((Date.now() - t0) / 1000).toFixed(1)} s: ${failed.length ? `${failed.map((r) => r.label).join(', ')} failed` : 'all layers passed'}`);
  console.log(`${passed} passed, ${failing} failed`);
  return failed.length ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);
