#!/usr/bin/env node
// Runs the in-host mocha suites (out/test/vscode/suite/**/*.test.js through
// out/test/vscode/index.js) inside a real VS Code extension host.
//
//  - Desktop VS Code: when VSCODE_PATH is set (path to a VS Code executable), or when
//    UNROLL_TEST_ELECTRON=1 and @vscode/test-electron can download VS Code.
//  - Otherwise: code-server (VS Code 1.100.3 for the web, provisioned into .cache/) driven by
//    Debian Chromium through playwright-core. The extension and the tests are passed in the
//    workbench URL's `payload`; the result comes back through `codeAutomationExit`.
//
// Environment knobs (defaults in brackets):
//   UNROLL_TEST_TIMEOUT_MS [900000]  hard timeout for the whole run
//   UNROLL_EXT_PATH        [repo]    extension under test (extensionDevelopmentPath)
//   UNROLL_TESTS_PATH      [out/test/vscode/index.js]
//   UNROLL_WORKSPACE_SRC   [samples] copied to a temp folder and opened as the workspace
//   UNROLL_TEST_GREP       [all]     run only the tests whose full title matches (mocha grep),
//                                    e.g. UNROLL_TEST_GREP=Samples for test/vscode/suite/samples.test.ts
//   UNROLL_HARNESS_DEBUG=1           print workbench/browser noise too
'use strict';

const fs = require('fs');
const path = require('path');
const cp = require('child_process');
const cs = require('./code-server');

const ROOT = cs.ROOT;
const EXT_PATH = path.resolve(process.env.UNROLL_EXT_PATH || ROOT);
const TESTS_PATH = path.resolve(process.env.UNROLL_TESTS_PATH || path.join(EXT_PATH, 'out', 'test', 'vscode', 'index.js'));
const WS_SRC = path.resolve(process.env.UNROLL_WORKSPACE_SRC || path.join(EXT_PATH, 'samples'));
const TIMEOUT_MS = Number(process.env.UNROLL_TEST_TIMEOUT_MS || 15 * 60 * 1000);
const DEBUG = !!process.env.UNROLL_HARNESS_DEBUG;

process.env.ONNXRUNTIME_NODE_INSTALL = 'skip';

function out(line) {
  process.stdout.write(line.endsWith('\n') ? line : line + '\n');
}

function preflight() {
  if (!fs.existsSync(TESTS_PATH)) {
    throw new Error(`${path.relative(ROOT, TESTS_PATH)} not found: build the tests first (npm run build:tests)`);
  }
  const pkg = JSON.parse(fs.readFileSync(path.join(EXT_PATH, 'package.json'), 'utf8'));
  const main = pkg.main ? path.resolve(EXT_PATH, pkg.main) : null;
  if (main && !fs.existsSync(main) && !fs.existsSync(main + '.js')) {
    out(`[vscode-tests] warning: the extension's main (${pkg.main}) does not exist; build it first (npm run build)`);
  }
}

async function runWithElectron() {
  const { runTests } = require('@vscode/test-electron');
  const ws = cs.makeWorkspace(WS_SRC, 'vscode-ws');
  const opts = {
    extensionDevelopmentPath: EXT_PATH,
    extensionTestsPath: TESTS_PATH,
    launchArgs: [ws, '--disable-workspace-trust', '--skip-welcome', '--skip-release-notes'],
    extensionTestsEnv: { ONNXRUNTIME_NODE_INSTALL: 'skip', UNROLL_TEST_GREP: process.env.UNROLL_TEST_GREP },
  };
  if (process.env.VSCODE_PATH) opts.vscodeExecutablePath = process.env.VSCODE_PATH;
  out(`[vscode-tests] @vscode/test-electron (${process.env.VSCODE_PATH || 'downloaded VS Code'})`);
  try {
    return await runTests(opts);
  } finally {
    fs.rmSync(path.dirname(ws), { recursive: true, force: true });
  }
}

function ensureCodeServer() {
  if (cs.isInstalled()) return;
  out('[vscode-tests] code-server is not provisioned yet; running scripts/provision.js');
  const r = cp.spawnSync(process.execPath, [path.join(__dirname, 'provision.js')], { stdio: 'inherit' });
  if (r.status !== 0) throw new Error('provisioning failed');
}

async function runWithCodeServer() {
  ensureCodeServer();
  const t0 = Date.now();
  const ws = cs.makeWorkspace(WS_SRC, 'vscode-ws');
  const reportFile = path.join(path.dirname(ws), 'report.json');
  const server = await cs.startCodeServer({
    workspace: ws,
    env: { UNROLL_TEST_REPORT: reportFile, UNROLL_TEST_HOOKS: '1' }, // unroll_test.hang()/crash() for the kernel lifecycle tests
    echo: DEBUG,
  });
  out(`[vscode-tests] code-server ${server.url} (pid ${server.pid}) up in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  let browser = null;
  let timer = null;
  try {
    browser = await cs.launchChromium({ viewport: { width: 1280, height: 800 } });
    const { page } = browser;
    let sawAutomationLog = false;
    let streamed = 0; // reporter lines printed live
    let inTests = false;

    let resolveExit;
    const exited = new Promise((r) => (resolveExit = r));
    // The workbench's log (and, while tests run, the extension host's console) arrives here.
    // Print what the extension host logs between the runner's start and end markers.
    await page.exposeFunction('codeAutomationLog', (type, args) => {
      sawAutomationLog = true;
      const text = (Array.isArray(args) ? args : [args]).map((a) => (typeof a === 'string' ? a : JSON.stringify(a))).join(' ');
      if (DEBUG) return out(`[workbench:${type}] ${text}`);
      if (text.startsWith('[unroll-tests] running')) inTests = true;
      if (inTests) {
        out(type === 'error' || type === 'warn' ? `[${type}] ${text}` : text);
        streamed++;
      } else if (type === 'error' && !/ENOTFOUND|ERR_NAME_NOT_RESOLVED|open-vsx|marketplace/.test(text)) {
        out(`[workbench:error] ${text}`);
      }
      if (text.startsWith('[unroll-tests] done')) inTests = false;
    });
    await page.exposeFunction('codeAutomationExit', (code) => {
      resolveExit({ code: typeof code === 'number' ? code : Number(code) || 0, how: 'codeAutomationExit' });
    });
    page.on('console', (msg) => DEBUG && out(`[browser:${msg.type()}] ${msg.text()}`));
    page.on('pageerror', (err) => DEBUG && out(`[browser:pageerror] ${err.message}`));
    page.on('crash', () => resolveExit({ code: 1, how: 'page crashed' }));
    timer = setTimeout(
      () => resolveExit({ code: 124, how: `timed out after ${Math.round(TIMEOUT_MS / 1000)} s` }),
      TIMEOUT_MS,
    );

    const url = cs.workbenchUrl({
      port: server.port,
      folder: ws,
      extensionDevelopmentPath: EXT_PATH,
      extensionTestsPath: TESTS_PATH,
    });
    if (DEBUG) out(`[vscode-tests] ${url}`);
    await page.goto(url, { waitUntil: 'domcontentloaded', timeout: 120_000 });
    const result = await exited;
    clearTimeout(timer);

    // The report written by test/vscode/index.ts is authoritative for counts; print its
    // captured reporter output if the console forwarding did not deliver it.
    let report = null;
    try {
      report = JSON.parse(fs.readFileSync(reportFile, 'utf8'));
    } catch {
      /* runner never got that far */
    }
    if (report && streamed === 0 && report.output) {
      out('[vscode-tests] (reporter output from the extension host report file)');
      out(report.output);
    }
    const secs = ((Date.now() - t0) / 1000).toFixed(1);
    if (result.how !== 'codeAutomationExit') {
      out(`[vscode-tests] FAILED: ${result.how}`);
      out(`[vscode-tests] last code-server output:\n${server.output().slice(-4000)}`);
      return result.code || 1;
    }
    if (!report) {
      out('[vscode-tests] the in-host runner wrote no report: did the tests load? code-server output follows');
      out(server.output().slice(-6000));
    }
    let code = result.code;
    if (report && report.failures > 0 && code === 0) code = 1;
    out(
      `[vscode-tests] extension host exited with ${code}` +
        (report ? ` (${report.passes} passing, ${report.failures} failing, ${report.pending} pending)` : '') +
        ` in ${secs} s${sawAutomationLog ? '' : ' (no workbench log)'}`,
    );
    return code;
  } finally {
    clearTimeout(timer);
    if (browser) await browser.close();
    await server.stop();
    fs.rmSync(path.dirname(ws), { recursive: true, force: true });
  }
}

async function main() {
  preflight();
  const useElectron = !!process.env.VSCODE_PATH || process.env.UNROLL_TEST_ELECTRON === '1';
  if (useElectron) {
    try {
      return await runWithElectron();
    } catch (e) {
      if (process.env.VSCODE_PATH) throw e;
      out(`[vscode-tests] @vscode/test-electron failed (${e && e.message ? e.message : e}); falling back to code-server`);
    }
  }
  return runWithCodeServer();
}

main().then(
  async (code) => {
    await cs.cleanupAll();
    process.exit(code);
  },
  async (err) => {
    console.error(`[vscode-tests] ERROR: ${err && err.stack ? err.stack : err}`);
    await cs.cleanupAll();
    process.exit(1);
  },
);
