#!/usr/bin/env node
// `npm run package`: a production build and a .vsix for this platform only. onnxruntime-node
// carries binaries for six platforms (~290 MB); the package keeps this platform's.
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const target = `${process.platform}-${process.arch}`; // vsce's --target names match Node's, e.g. linux-x64, darwin-arm64, win32-x64
const ignore = fs.readFileSync(path.join(root, '.vscodeignore'), 'utf8')
  .replace(/napi-v6\/[a-z0-9]+\/[a-z0-9]+\/\*\*/, `napi-v6/${process.platform}/${process.arch}/**`);
const ignoreFile = path.join(root, '.cache', 'vscodeignore');
fs.mkdirSync(path.dirname(ignoreFile), { recursive: true });
fs.writeFileSync(ignoreFile, ignore);

const run = (cmd, args) => execFileSync(cmd, args, { cwd: root, stdio: 'inherit' });
const bin = name => path.join(root, 'node_modules', '.bin', name);
run(bin('webpack'), ['--mode', 'production']);
const out = `unroll-${target}.vsix`;
run(bin('vsce'), ['package', '--allow-missing-repository', '--target', target, '--ignoreFile', ignoreFile, '--out', out]);
const size = fs.statSync(path.join(root, out)).size;
console.log(`[package] ${out}: ${(size / 1024 / 1024).toFixed(1)} MB`);
