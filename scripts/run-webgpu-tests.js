#!/usr/bin/env node
// `npm run test:webgpu`: the provider tests (test/webgpu) in their own mocha process, started with
// the Vulkan environment WebGPU needs. Vulkan's loader path (LD_LIBRARY_PATH) is read once when a
// process starts, so it cannot be set from inside the unit layer's process: hence this launcher.
//
// On Linux without a hardware GPU driver the adapter is SwiftShader, the software Vulkan driver of
// Debian's chromium package (/usr/lib/chromium). Where it is absent the tests say so and skip;
// `--system-vulkan` (npm run gpu-check on a GPU machine) uses the machine's own drivers instead.
// UNROLL_PROVIDERS (default webgpu) names the providers to compare against the CPU.
'use strict';

const cp = require('child_process');
const fs = require('fs');
const path = require('path');

const ROOT = path.resolve(__dirname, '..');
const SWIFTSHADER_DIR = '/usr/lib/chromium';
const SWIFTSHADER_ICD = path.join(SWIFTSHADER_DIR, 'vk_swiftshader_icd.json');

/** The environment for the test process: SwiftShader's loader and driver unless told to use the system's. */
function vulkanEnv(systemVulkan) {
  const env = { ...process.env };
  if (systemVulkan || process.platform !== 'linux') return env;
  if (!fs.existsSync(SWIFTSHADER_ICD)) {
    console.log(`webgpu tests: SwiftShader's Vulkan driver (${SWIFTSHADER_ICD}, from Debian's chromium package) is absent: the WebGPU tests will be SKIPPED.`);
    // Point at the missing file anyway, so the tests see why and skip with the same message.
    env.VK_ICD_FILENAMES = SWIFTSHADER_ICD;
    return env;
  }
  env.LD_LIBRARY_PATH = [SWIFTSHADER_DIR, env.LD_LIBRARY_PATH].filter(Boolean).join(':');
  env.VK_ICD_FILENAMES = SWIFTSHADER_ICD;
  delete env.VK_DRIVER_FILES;
  return env;
}

function main() {
  const args = process.argv.slice(2);
  if (!fs.existsSync(path.join(ROOT, 'out', 'test', 'webgpu'))) {
    console.error('webgpu tests: out/test/webgpu is missing: run `npm run build:tests` first (npm run test:webgpu does).');
    process.exit(1);
  }
  const systemVulkan = args.includes('--system-vulkan');
  const mochaArgs = args.filter((a) => a !== '--system-vulkan');
  const env = vulkanEnv(systemVulkan);
  console.log(`webgpu tests: providers ${env.UNROLL_PROVIDERS || 'webgpu'} against cpu; Vulkan driver ${env.VK_ICD_FILENAMES || 'the system\'s'}`);
  const mocha = path.join(ROOT, 'node_modules', 'mocha', 'bin', 'mocha.js');
  const r = cp.spawnSync(process.execPath, [mocha, '--no-config', '--timeout', '240000', '--reporter', 'spec', path.join(ROOT, 'out', 'test', 'webgpu', '**', '*.test.js'), ...mochaArgs], { cwd: ROOT, env, stdio: 'inherit' });
  process.exit(r.status === null ? 1 : r.status);
}

module.exports = { vulkanEnv };

if (require.main === module) main();
