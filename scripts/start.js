#!/usr/bin/env node
// `npm start`: try the extension by hand.
//  - With desktop VS Code (`code` on PATH): code --extensionDevelopmentPath=<repo> samples/hello.rnnb
//  - Otherwise: provision and start code-server with the extension as a development extension
//    on a workspace of samples/, print the URL, and run until Ctrl-C.
//
//   UNROLL_PORT   fixed port for code-server (default: a free one)
//   UNROLL_HOST   host name to put in the printed URL (default 127.0.0.1; code-server only
//                 listens on 127.0.0.1, so forward the port, e.g. ssh -L)
'use strict';

const path = require('path');
const cp = require('child_process');
const { which } = require('./code-server');

const ROOT = path.resolve(__dirname, '..');
const SAMPLES = path.join(ROOT, 'samples');
process.env.ONNXRUNTIME_NODE_INSTALL = 'skip';

async function withCodeServer() {
  const cs = require('./code-server');
  if (!cs.isInstalled()) {
    const r = cp.spawnSync(process.execPath, [path.join(__dirname, 'provision.js')], { stdio: 'inherit' });
    if (r.status !== 0) throw new Error('provisioning failed');
  }
  // Work on the samples themselves, so what you save stays in the repo's samples/.
  const server = await cs.startCodeServer({
    workspace: SAMPLES,
    port: process.env.UNROLL_PORT ? Number(process.env.UNROLL_PORT) : undefined,
  });
  let url = cs.workbenchUrl({ port: server.port, folder: SAMPLES, extensionDevelopmentPath: ROOT });
  // (Not opening hello.rnnb through the payload's `openFile`: the workbench resolves it before the
  // development extension's notebook type is registered, so it would open as JSON text.)
  if (process.env.UNROLL_HOST) url = url.replace(`//${cs.HOST}:`, `//${process.env.UNROLL_HOST}:`);
  console.log('\nUnroll is running in code-server (VS Code for the web) with the extension loaded from this repo.');
  console.log('Open this URL in a browser on this machine (or forward the port):\n');
  console.log(`  ${url}\n`);
  console.log(`code-server log: ${server.logFile}`);
  console.log('Then open hello.rnnb from the Explorer (or Ctrl+P, hello.rnnb).');
  console.log('Rebuild with `npm run build`, then run "Developer: Reload Window". Ctrl-C stops the server.\n');
  await new Promise(() => {
    /* until a signal; code-server.js kills the process group on SIGINT/SIGTERM */
  });
}

async function main() {
  const code = which('code');
  if (code && !process.env.UNROLL_USE_CODE_SERVER) {
    const args = [`--extensionDevelopmentPath=${ROOT}`, path.join(SAMPLES, 'hello.rnnb')];
    console.log(`$ code ${args.join(' ')}`);
    const r = cp.spawnSync(code, args, { stdio: 'inherit' });
    process.exit(r.status ?? 0);
  }
  await withCodeServer();
}

main().catch((err) => {
  console.error(`[start] ${err && err.stack ? err.stack : err}`);
  process.exit(1);
});
