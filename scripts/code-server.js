// Shared helpers for the code-server based test layers (vscode + e2e) and `npm start`:
// start/stop an isolated code-server, build workbench URLs that load the extension as a
// development extension, copy the samples into a throwaway workspace, launch Chromium.
'use strict';

const fs = require('fs');
const os = require('os');
const net = require('net');
const path = require('path');
const http = require('http');
const cp = require('child_process');

const ROOT = path.resolve(__dirname, '..');
const CS_PKG = path.join(ROOT, '.cache', 'code-server', 'node_modules', 'code-server');
const CS_ENTRY = path.join(CS_PKG, 'out', 'node', 'entry.js');
const HOST = '127.0.0.1';

const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
];

// User settings for a clean, quiet workbench (and readable screenshots).
const USER_SETTINGS = {
  'workbench.startupEditor': 'none',
  'workbench.welcomePage.walkthroughs.openOnInstall': false,
  'workbench.tips.enabled': false,
  'workbench.enableExperiments': false,
  'workbench.colorTheme': 'Default Light Modern',
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
  'workbench.layoutControl.enabled': false,
  'window.commandCenter': false,
  'window.menuBarVisibility': 'compact',
  'security.workspace.trust.enabled': false,
  'security.workspace.trust.startupPrompt': 'never',
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'update.showReleaseNotes': false,
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'extensions.ignoreRecommendations': true,
  'chat.commandCenter.enabled': false,
  'chat.disableAIFeatures': true,
  'github.copilot.enable': { '*': false },
  'git.enabled': false,
  'git.openRepositoryInParentFolders': 'never',
  'editor.minimap.enabled': false,
  'files.autoSave': 'off',
  'notebook.output.scrolling': false,
  'workbench.editor.enablePreview': false,
  'workbench.editor.empty.hint': 'hidden',
  'terminal.integrated.enablePersistentSessions': false,
  'remote.autoForwardPorts': false,
};

function log(msg) {
  console.log(`[code-server] ${msg}`);
}

/** The absolute path of executable `cmd` on PATH, or null. */
function which(cmd) {
  for (const dir of (process.env.PATH || '').split(path.delimiter)) {
    if (!dir) continue;
    const p = path.join(dir, cmd);
    try {
      fs.accessSync(p, fs.constants.X_OK);
      if (fs.statSync(p).isFile()) return p;
    } catch {
      /* not here */
    }
  }
  return null;
}

function isInstalled() {
  return fs.existsSync(CS_ENTRY);
}

function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, HOST, () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

function httpGet(url, timeoutMs = 2000) {
  return new Promise((resolve, reject) => {
    const req = http.get(url, { timeout: timeoutMs }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (d) => (body += d));
      res.on('end', () => resolve({ status: res.statusCode, body }));
    });
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', reject);
  });
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

function mkTemp(prefix) {
  return fs.mkdtempSync(path.join(os.tmpdir(), `unroll-${prefix}-`));
}

/** Copy samples/ (or any folder) into a fresh temp workspace and return its path. */
function makeWorkspace(src = path.join(ROOT, 'samples'), prefix = 'ws') {
  const dir = mkTemp(prefix);
  const ws = path.join(dir, 'samples');
  if (fs.existsSync(src)) {
    fs.cpSync(src, ws, { recursive: true });
  } else {
    log(`warning: ${src} does not exist; using an empty workspace`);
    fs.mkdirSync(ws, { recursive: true });
  }
  registerCleanup(async () => fs.rmSync(dir, { recursive: true, force: true }));
  return ws;
}

/** Kill a detached process group (negative pid), falling back to the single pid. */
function killGroup(pid, signal = 'SIGTERM') {
  if (!pid) return;
  try {
    process.kill(-pid, signal);
  } catch {
    try {
      process.kill(pid, signal);
    } catch {
      /* already gone */
    }
  }
}

function groupAlive(pid) {
  try {
    process.kill(-pid, 0);
    return true;
  } catch {
    return false;
  }
}

/**
 * Start an isolated code-server on a free 127.0.0.1 port.
 * @param {{workspace?: string, port?: number, verbose?: boolean, echo?: boolean, settings?: object}} opts
 * @returns {Promise<{port:number, pid:number, url:string, baseDir:string, logFile:string, stop:()=>Promise<void>, output:()=>string}>}
 */
async function startCodeServer(opts = {}) {
  if (!isInstalled()) {
    throw new Error(`code-server is not installed at ${CS_PKG}; run: node scripts/provision.js`);
  }
  const port = opts.port || (await freePort());
  const baseDir = mkTemp('cs');
  const dirs = {
    userData: path.join(baseDir, 'user-data'),
    extensions: path.join(baseDir, 'extensions'),
    config: path.join(baseDir, 'xdg-config'),
    data: path.join(baseDir, 'xdg-data'),
    cache: path.join(baseDir, 'xdg-cache'),
    state: path.join(baseDir, 'xdg-state'),
    runtime: path.join(baseDir, 'xdg-runtime'),
    tmp: path.join(baseDir, 'tmp'),
  };
  for (const d of Object.values(dirs)) fs.mkdirSync(d, { recursive: true, mode: 0o700 });
  const settingsDir = path.join(dirs.userData, 'User');
  fs.mkdirSync(settingsDir, { recursive: true });
  fs.writeFileSync(
    path.join(settingsDir, 'settings.json'),
    JSON.stringify({ ...USER_SETTINGS, ...(opts.settings || {}) }, null, 2),
  );
  const configFile = path.join(baseDir, 'config.yaml');
  fs.writeFileSync(configFile, `bind-addr: ${HOST}:${port}\nauth: none\ncert: false\n`);

  const args = [
    CS_ENTRY,
    '--config', configFile,
    '--bind-addr', `${HOST}:${port}`,
    '--auth', 'none',
    '--user-data-dir', dirs.userData,
    '--extensions-dir', dirs.extensions,
    '--disable-telemetry',
    '--disable-update-check',
    '--disable-workspace-trust',
    '--disable-getting-started-override',
    '--ignore-last-opened',
  ];
  if (opts.verbose) args.push('--verbose');
  if (opts.workspace) args.push(opts.workspace);

  const env = {
    ...process.env,
    XDG_CONFIG_HOME: dirs.config,
    XDG_DATA_HOME: dirs.data,
    XDG_CACHE_HOME: dirs.cache,
    XDG_STATE_HOME: dirs.state,
    XDG_RUNTIME_DIR: dirs.runtime,
    TMPDIR: dirs.tmp,
    ONNXRUNTIME_NODE_INSTALL: 'skip',
    ...(opts.env || {}),
  };
  // Never leak test hooks or auth from the caller's environment.
  for (const k of ['PASSWORD', 'HASHED_PASSWORD', 'PORT', 'GITHUB_TOKEN', 'VSCODE_IPC_HOOK_CLI', 'ELECTRON_RUN_AS_NODE']) delete env[k];

  const logFile = path.join(baseDir, 'code-server.log');
  const logFd = fs.openSync(logFile, 'a');
  const child = cp.spawn(process.execPath, args, {
    cwd: opts.workspace || baseDir,
    env,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const onData = (stream) => (d) => {
    const s = d.toString();
    output += s;
    if (output.length > 2_000_000) output = output.slice(-1_000_000);
    fs.writeSync(logFd, s);
    if (opts.echo) stream.write(s);
    if (opts.onOutput) opts.onOutput(s);
  };
  child.stdout.on('data', onData(process.stdout));
  child.stderr.on('data', onData(process.stderr));
  let exited = null;
  child.on('exit', (code, signal) => {
    exited = { code, signal };
  });

  const stop = async () => {
    if (!child.pid) return;
    killGroup(child.pid, 'SIGTERM');
    for (let i = 0; i < 30 && groupAlive(child.pid); i++) await sleep(100);
    if (groupAlive(child.pid)) killGroup(child.pid, 'SIGKILL');
    try {
      fs.closeSync(logFd);
    } catch {
      /* closed */
    }
    if (!opts.keepTemp) {
      try {
        fs.rmSync(baseDir, { recursive: true, force: true });
      } catch {
        /* best effort */
      }
    }
  };
  registerCleanup(stop);

  const url = `http://${HOST}:${port}`;
  const deadline = Date.now() + (opts.startTimeoutMs || 60_000);
  for (;;) {
    if (exited) {
      await stop();
      throw new Error(`code-server exited early (${JSON.stringify(exited)}):\n${output}`);
    }
    try {
      const r = await httpGet(`${url}/healthz`);
      if (r.status === 200) break;
    } catch {
      /* not yet */
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`code-server did not answer ${url}/healthz in time:\n${output}`);
    }
    await sleep(150);
  }
  return { port, pid: child.pid, url, baseDir, logFile, stop, output: () => output, child };
}

/** vscode-remote URI for an absolute path on the code-server host. */
function remoteUri(port, absPath) {
  const p = absPath.split(path.sep).map(encodeURIComponent).join('/');
  return `vscode-remote://${HOST}:${port}${p.startsWith('/') ? p : '/' + p}`;
}

/**
 * Workbench URL opening `folder`, with the extension at `extensionDevelopmentPath` loaded as a
 * development extension and (optionally) the in-host test runner at `extensionTestsPath`.
 */
function workbenchUrl({ port, folder, extensionDevelopmentPath, extensionTestsPath, extraPayload = [] }) {
  const payload = [];
  if (extensionDevelopmentPath) payload.push(['extensionDevelopmentPath', remoteUri(port, extensionDevelopmentPath)]);
  if (extensionTestsPath) payload.push(['extensionTestsPath', remoteUri(port, extensionTestsPath)]);
  payload.push(...extraPayload);
  const q = [];
  if (folder) q.push(`folder=${encodeURIComponent(folder)}`);
  if (payload.length) q.push(`payload=${encodeURIComponent(JSON.stringify(payload))}`);
  return `http://${HOST}:${port}/${q.length ? '?' + q.join('&') : ''}`;
}

function chromiumPath() {
  const c = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'].filter(Boolean);
  const found = c.find((p) => fs.existsSync(p));
  if (!found) throw new Error('Chromium not found (install Debian `chromium` or set CHROMIUM_PATH); run: node scripts/provision.js');
  return found;
}

/**
 * Launch Debian Chromium through playwright-core with a fresh profile.
 * @returns {Promise<{context: import('playwright-core').BrowserContext, page: import('playwright-core').Page, close: ()=>Promise<void>}>}
 */
async function launchChromium({ viewport = { width: 1600, height: 1000 }, headless = true } = {}) {
  const { chromium } = require('playwright-core');
  const profile = mkTemp('chromium');
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: chromiumPath(),
    headless,
    args: headless ? CHROMIUM_ARGS : CHROMIUM_ARGS.filter((a) => a !== '--headless'),
    viewport,
    deviceScaleFactor: 1,
    ignoreHTTPSErrors: true,
    timeout: 60_000,
    env: { ...process.env, TMPDIR: profile },
  });
  const page = context.pages()[0] || (await context.newPage());
  let closed = false;
  const close = async () => {
    if (closed) return;
    closed = true;
    try {
      await Promise.race([context.close(), sleep(10_000)]);
    } catch {
      /* already closed */
    }
    try {
      fs.rmSync(profile, { recursive: true, force: true });
    } catch {
      /* best effort */
    }
  };
  registerCleanup(close);
  return { context, page, close };
}

// ---- cleanup on exit / signals -------------------------------------------------------------
const cleanups = new Set();
let cleaning = null;
function registerCleanup(fn) {
  cleanups.add(fn);
  installSignalHandlers();
}
async function cleanupAll() {
  if (!cleaning) {
    cleaning = (async () => {
      for (const fn of [...cleanups].reverse()) {
        try {
          await fn();
        } catch {
          /* keep going */
        }
      }
      cleanups.clear();
    })();
  }
  return cleaning;
}
let handlersInstalled = false;
function installSignalHandlers() {
  if (handlersInstalled) return;
  handlersInstalled = true;
  for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
    process.on(sig, () => {
      console.error(`\n[harness] ${sig}: cleaning up`);
      cleanupAll().finally(() => process.exit(130));
    });
  }
}

module.exports = {
  which,
  ROOT,
  CS_PKG,
  HOST,
  CHROMIUM_ARGS,
  USER_SETTINGS,
  isInstalled,
  freePort,
  makeWorkspace,
  startCodeServer,
  remoteUri,
  workbenchUrl,
  launchChromium,
  chromiumPath,
  cleanupAll,
  registerCleanup,
  killGroup,
  sleep,
  mkTemp,
};
