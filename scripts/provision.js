#!/usr/bin/env node
// Provision what the vscode and e2e test layers need, idempotently:
//  - Debian packages: chromium (the browser Playwright drives), ripgrep (code-server's
//    search binary, installed offline from Debian's), libkrb5-dev (code-server's
//    `kerberos` native module builds against it).
//  - python3-torch (PyTorch 1.13 for Debian's /usr/bin/python3, with torchrun) and
//    libopenblas0-pthread (a real BLAS for it): the peer of `npm run bench` and the engine the
//    PyTorch export is checked on. Where they cannot be installed (not root), the tests that need
//    them say so and skip.
//  - code-server (VS Code 1.100.3 for the web) from npm into <repo>/.cache/code-server.
//
// Usage: node scripts/provision.js [--force]
'use strict';

const fs = require('fs');
const path = require('path');
const cp = require('child_process');
const { which } = require('./code-server');

const ROOT = path.resolve(__dirname, '..');
const CACHE = path.join(ROOT, '.cache');
const CS_DIR = path.join(CACHE, 'code-server');
const CS_VERSION = '4.100.3';
const CS_PKG = path.join(CS_DIR, 'node_modules', 'code-server');
const CHROMIUM_CANDIDATES = ['/usr/bin/chromium', '/usr/bin/chromium-browser'];

// @vscode/ripgrep version -> the release its postinstall downloads (lib/postinstall.js VERSION).
const RIPGREP_RELEASES = { '1.15.11': 'v13.0.0-10', '1.15.10': 'v13.0.0-10', '1.15.9': 'v13.0.0-10' };
// What code-server 4.100.3's lib/vscode/npm-shrinkwrap.json pins.
const RIPGREP_PKG_VERSION = '1.15.11';

process.env.ONNXRUNTIME_NODE_INSTALL = 'skip';

function log(msg) {
  console.log(`[provision] ${msg}`);
}

function findChromium() {
  if (process.env.CHROMIUM_PATH && fs.existsSync(process.env.CHROMIUM_PATH)) return process.env.CHROMIUM_PATH;
  return CHROMIUM_CANDIDATES.find((p) => fs.existsSync(p)) || null;
}

function dpkgInstalled(pkg) {
  const r = cp.spawnSync('dpkg-query', ['-W', '-f=${Status}', pkg], { encoding: 'utf8' });
  return r.status === 0 && /install ok installed/.test(r.stdout);
}

function isRoot() {
  return typeof process.getuid === 'function' && process.getuid() === 0;
}

function run(cmd, args, opts = {}) {
  log(`$ ${cmd} ${args.join(' ')}${opts.cwd ? `   (in ${path.relative(ROOT, opts.cwd) || '.'})` : ''}`);
  const r = cp.spawnSync(cmd, args, { stdio: 'inherit', ...opts });
  if (r.error) throw r.error;
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} exited with ${r.status}`);
}

function ensureAptPackages() {
  const missing = [];
  if (!findChromium()) missing.push('chromium');
  if (!which('rg')) missing.push('ripgrep');
  const haveDpkg = !!which('dpkg-query');
  if (haveDpkg ? !dpkgInstalled('libkrb5-dev') : !fs.existsSync('/usr/include/krb5.h')) missing.push('libkrb5-dev');
  const optional = haveDpkg ? ['python3-torch', 'libopenblas0-pthread'].filter((p) => !dpkgInstalled(p)) : [];
  if (optional.length && isRoot() && which('apt-get')) missing.push(...optional);
  else if (optional.length) log(`not installed (not root): ${optional.join(' ')}; the PyTorch peer and export tests will skip`);
  if (missing.length === 0) {
    log(`system packages present (chromium: ${findChromium()}, rg: ${which('rg')}, libkrb5-dev)`);
    return;
  }
  if (isRoot() && which('apt-get')) {
    log(`installing Debian packages: ${missing.join(' ')}`);
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
    run('apt-get', ['update'], { env });
    run('apt-get', ['install', '-y', '--no-install-recommends', ...missing], { env });
    return;
  }
  const msg =
    `missing system packages: ${missing.join(', ')}.\n` +
    `  Install them first, e.g.:  sudo apt-get update && sudo apt-get install -y ${missing.join(' ')}\n` +
    `  (or point CHROMIUM_PATH at a Chromium binary).`;
  throw new Error(msg);
}

function installedCodeServerVersion() {
  try {
    return JSON.parse(fs.readFileSync(path.join(CS_PKG, 'package.json'), 'utf8')).version;
  } catch {
    return null;
  }
}

// Marks a complete install (code-server's postinstall ran: lib/vscode deps installed).
function codeServerComplete() {
  if (installedCodeServerVersion() !== CS_VERSION) return false;
  const need = [
    'lib/vscode/node_modules/@vscode/ripgrep/bin/rg',
    'lib/vscode/node_modules/node-pty/package.json',
    'lib/vscode/node_modules.asar',
    'lib/vscode/extensions/node_modules',
    'out/node/entry.js',
  ];
  return need.every((p) => fs.existsSync(path.join(CS_PKG, p)));
}

function makeRipgrepTarball(tmpDir) {
  const rg = which('rg');
  if (!rg) throw new Error('ripgrep (rg) not found on PATH');
  const release = RIPGREP_RELEASES[RIPGREP_PKG_VERSION];
  const target = process.arch === 'arm64' ? 'aarch64-unknown-linux-musl' : 'x86_64-unknown-linux-musl';
  const cacheDir = path.join(tmpDir, `vscode-ripgrep-cache-${RIPGREP_PKG_VERSION}`);
  const tarball = path.join(cacheDir, `ripgrep-${release}-${target}.tar.gz`);
  fs.mkdirSync(cacheDir, { recursive: true });
  const stage = fs.mkdtempSync(path.join(tmpDir, 'rg-stage-'));
  fs.copyFileSync(rg, path.join(stage, 'rg'));
  fs.chmodSync(path.join(stage, 'rg'), 0o755);
  run('tar', ['czf', tarball, '-C', stage, 'rg']);
  fs.rmSync(stage, { recursive: true, force: true });
  log(`ripgrep tarball for @vscode/ripgrep ${RIPGREP_PKG_VERSION}: ${tarball}`);
}

function nodeHeadersDir() {
  // Debian / NodeSource node ships headers in <prefix>/include/node: point node-gyp at them so
  // native modules (kerberos, node-pty, spdlog, ...) build without downloading headers.
  const prefix = path.resolve(path.dirname(process.execPath), '..');
  return fs.existsSync(path.join(prefix, 'include', 'node', 'node.h')) ? prefix : null;
}

function installCodeServer(force) {
  if (!force && codeServerComplete()) {
    log(`code-server ${CS_VERSION} already installed in ${path.relative(ROOT, CS_DIR)}`);
    return;
  }
  const t0 = Date.now();
  log(`installing code-server ${CS_VERSION} into ${path.relative(ROOT, CS_DIR)} (about a minute)`);
  fs.rmSync(CS_DIR, { recursive: true, force: true });
  fs.mkdirSync(CS_DIR, { recursive: true });
  const tmpDir = path.join(CACHE, 'tmp');
  fs.rmSync(tmpDir, { recursive: true, force: true });
  fs.mkdirSync(tmpDir, { recursive: true });
  makeRipgrepTarball(tmpDir);

  fs.writeFileSync(
    path.join(CS_DIR, 'package.json'),
    JSON.stringify(
      {
        name: 'unroll-test-code-server',
        private: true,
        description: 'code-server for the Unroll test harness (generated by scripts/provision.js)',
        dependencies: { 'code-server': CS_VERSION },
        // npm >= 11 with an allowScripts policy: allow code-server's own postinstall.
        allowScripts: { 'code-server': true, argon2: true },
      },
      null,
      2,
    ) + '\n',
  );

  const env = {
    ...process.env,
    TMPDIR: tmpDir,
    ONNXRUNTIME_NODE_INSTALL: 'skip',
    npm_config_unsafe_perm: 'true',
    npm_config_yes: 'true',
    npm_config_fund: 'false',
    npm_config_audit: 'false',
    npm_config_update_notifier: 'false',
    npm_config_ignore_scripts: 'false',
    // npm 11's allowScripts policy: npm 11.19 only warns ("install scripts not yet covered by
    // allowScripts") and still runs them, but a stricter npm skips unapproved scripts. The
    // nested `npm install`s that code-server's postinstall runs in lib/vscode and
    // lib/vscode/extensions need theirs (node-pty, kerberos, spdlog, @vscode/ripgrep, ...)
    // and no package.json there can carry an approval before it runs, so the policy is
    // bypassed for this one install (env config is inherited by the nested npms). Older npm
    // versions ignore the setting. codeServerComplete() verifies the result either way.
    npm_config_dangerously_allow_all_scripts: 'true',
    npm_config_foreground_scripts: 'true',
  };
  delete env.npm_config_prefix;
  delete env.npm_config_global;
  if (!env.npm_config_nodedir) {
    const nd = nodeHeadersDir();
    if (nd) env.npm_config_nodedir = nd;
  }
  const npm = which('npm') || 'npm';
  run(npm, ['install', '--no-package-lock', '--omit=dev', '--no-save'], { cwd: CS_DIR, env });
  if (!codeServerComplete()) {
    const missing = ['lib/vscode/node_modules/@vscode/ripgrep/bin/rg', 'lib/vscode/node_modules.asar', 'lib/vscode/extensions/node_modules'].filter(
      (p) => !fs.existsSync(path.join(CS_PKG, p)),
    );
    throw new Error(
      `code-server installed but its postinstall did not complete (missing: ${missing.join(', ')}).\n` +
        `  npm probably skipped install scripts; see the output above.`,
    );
  }
  fs.rmSync(tmpDir, { recursive: true, force: true });
  log(`code-server ${CS_VERSION} installed in ${((Date.now() - t0) / 1000).toFixed(0)} s`);
}

function main() {
  const force = process.argv.includes('--force');
  const t0 = Date.now();
  if (process.platform !== 'linux') {
    log('not Linux: skipping Debian packages; make sure Chromium is installed (CHROMIUM_PATH)');
  } else {
    ensureAptPackages();
  }
  installCodeServer(force);
  log(`done in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
}

if (require.main === module) {
  try {
    main();
  } catch (e) {
    console.error(`[provision] FAILED: ${e && e.message ? e.message : e}`);
    process.exit(1);
  }
}

module.exports = { ROOT, CS_DIR, CS_PKG, CS_VERSION, findChromium, codeServerComplete, main };
