#!/usr/bin/env node
// `npm run gpu-check`: for a machine with a GPU (a lent one, or a user's). Runs the provider tests
// (test/webgpu: one training step on the GPU provider against the CPU for each model family) on
// WebGPU, and on CUDA where onnxruntime-node's CUDA provider library is installed; then prints the
// GPU rows: LSTM B64 T200 H512 step time on each GPU provider and lowering against our CPU step.
//
//   npm run gpu-check [-- --tiny] [-- --no-tests] [-- --seconds N]
//
// WebGPU uses the machine's Vulkan drivers when one of them is a hardware GPU's; otherwise (no GPU
// here) SwiftShader's, and then `--tiny` (B4 T16 H16) keeps the software steps short.
'use strict';

const cp = require('child_process');
const fs = require('fs');
const path = require('path');
const { vulkanEnv } = require('./run-webgpu-tests');

const ROOT = path.resolve(__dirname, '..');

function machine() {
  const runtime = path.join(ROOT, 'out', 'src', 'engine', 'runtime', 'node.js');
  if (!fs.existsSync(runtime)) {
    console.error('gpu-check: out/ is missing: run `npm run build:tests` first (npm run gpu-check does).');
    process.exit(1);
  }
  const { NodeRuntime } = require(runtime);
  return new NodeRuntime().machineFacts();
}

function gpuName() {
  try {
    return cp.execFileSync('nvidia-smi', ['--query-gpu=name,driver_version,memory.total', '--format=csv,noheader'], { encoding: 'utf8' }).trim();
  } catch {
    return 'no NVIDIA GPU seen (nvidia-smi absent)';
  }
}

function main() {
  const args = process.argv.slice(2);
  const tiny = args.includes('--tiny');
  const seconds = args.includes('--seconds') ? args[args.indexOf('--seconds') + 1] : tiny ? '3' : '20';
  const facts = machine();
  const providers = ['webgpu', ...(facts.cudaInstalled ? ['cuda'] : [])];
  const systemVulkan = facts.hardwareAdapter;
  const env = { ...vulkanEnv(systemVulkan), UNROLL_PROVIDERS: providers.join(',') };
  console.log(`gpu-check: GPU ${gpuName()}`);
  console.log(`gpu-check: providers ${providers.join(', ')}${facts.cudaInstalled ? '' : ' (CUDA: no provider library; install with ONNXRUNTIME_NODE_INSTALL=cuda12)'}; WebGPU on ${systemVulkan ? 'the system\'s Vulkan drivers (a hardware adapter)' : `SwiftShader (${env.VK_ICD_FILENAMES}): no hardware adapter here`}`);
  let failed = false;
  if (!args.includes('--no-tests')) {
    const tests = cp.spawnSync(process.execPath, [path.join(__dirname, 'run-webgpu-tests.js'), ...(systemVulkan ? ['--system-vulkan'] : [])], { cwd: ROOT, env, stdio: 'inherit' });
    failed = tests.status !== 0;
  }
  const shape = tiny ? ['--B', '4', '--T', '16', '--H', '16'] : ['--B', '64', '--T', '200', '--H', '512'];
  const steps = cp.spawnSync(process.execPath, [path.join(ROOT, 'out', 'test', 'webgpu', 'gpuSteps.js'), '--providers', providers.join(','), ...shape, '--seconds', seconds], { cwd: ROOT, env, stdio: 'inherit' });
  failed = failed || steps.status !== 0;
  console.log(`gpu-check: ${failed ? 'FAILED' : 'done'}`);
  process.exit(failed ? 1 : 0);
}

main();
