// Choosing an execution provider and falling back from one: what `auto` picks from what the
// machine has, the lowering each provider gets, plain words for ONNX Runtime's failures (the raw
// texts below are ONNX Runtime 1.30's, as it printed them here), node placement read from a
// profile, and a session that moves to the CPU when a run fails on its accelerator. The same
// fallback on a real WebGPU device is tested in test/webgpu (npm run test:webgpu).
import * as assert from 'assert';
import { Graph, encodeModel } from '../../../src/engine/graph';
import { Dense, LSTM, Sequential, resetNames } from '../../../src/engine/layers';
import * as op from '../../../src/engine/ops';
import { NodeRuntime, type ProviderName, type Session, tensor, toNumbers } from '../../../src/engine/runtime';
import { autoCandidates, cudaProviderInstalled, hasHardwareAdapter, placementFromProfile, plainFailure, preferredLowering, vulkanIcdFiles } from '../../../src/engine/runtime/providers';
import { openWithFallback } from '../../../src/engine/runtime/session';
import { Trainer } from '../../../src/engine/train';
import { providerNote, providerSummary } from '../../../src/protocol/training';

const NO_ADAPTER = '/onnxruntime_src/onnxruntime/core/providers/webgpu/webgpu_context.cc:136 onnxruntime::webgpu::WebGpuContext::Initialize(const onnxruntime::webgpu::WebGpuContextConfig&)::<lambda()> adapter_result.status == wgpu::RequestAdapterStatus::Success was false. Failed to get a WebGPU adapter: No supported adapters';
const NO_CUDA = 'OrtSessionOptionsAppendExecutionProvider_Cuda: Failed to load shared library';
const TOO_MANY_BUFFERS = "Non-zero status code returned while running Split node. Name:'Split_9' Status Message: /onnxruntime_src/onnxruntime/core/providers/webgpu/shader_helper.cc:306 onnxruntime::webgpu::ShaderVariableHelper& onnxruntime::webgpu::ShaderHelper::AddVariableImpl(bool, const std::string&, onnxruntime::webgpu::ShaderUsage, const onnxruntime::TensorShape&, uint32_t) numbers_storage_buffers_ <= limits_.maxStorageBuffersPerShaderStage was false. Too many storage buffers in shader. Current: 13, Max is 12";
// The message ONNX Runtime gave for a missing libonnxruntime_providers_shared.so, with the CUDA library a machine without CUDA lacks.
const CUBLAS_MISSING = 'Failed to load library libonnxruntime_providers_cuda.so with error: libcublasLt.so.12: cannot open shared object file: No such file or directory';

function tinyModel(): Uint8Array {
  const g = new Graph('tiny', 'float32');
  const x = g.input('x', 'float32', ['B', 2]);
  g.output(op.tanh(g, x), 'y');
  return encodeModel(g);
}

describe('execution providers: choice and fallback', () => {
  const rt = new NodeRuntime();

  it("'auto' tries CUDA when installed, then WebGPU on a hardware adapter only, then CPU", () => {
    const facts = (cudaInstalled: boolean, webgpuListed: boolean, hardwareAdapter: boolean) => autoCandidates({ cudaInstalled, webgpuListed, hardwareAdapter });
    assert.deepStrictEqual(facts(true, true, true), ['cuda', 'webgpu', 'cpu']);
    assert.deepStrictEqual(facts(false, true, true), ['webgpu', 'cpu']);
    assert.deepStrictEqual(facts(false, true, false), ['cpu'], 'a software adapter is never chosen by auto');
    assert.deepStrictEqual(facts(true, false, false), ['cuda', 'cpu']);
    assert.deepStrictEqual(facts(false, false, true), ['cpu']);
  });

  it('a hardware adapter is a Vulkan driver other than SwiftShader or lavapipe (Linux); D3D12 and Metal count as hardware', () => {
    const swift = { file: '/usr/lib/chromium/vk_swiftshader_icd.json', libraryPath: './libvk_swiftshader.so' };
    const lvp = { file: '/usr/share/vulkan/icd.d/lvp_icd.x86_64.json', libraryPath: '/usr/lib/x86_64-linux-gnu/libvulkan_lvp.so' };
    const nvidia = { file: '/usr/share/vulkan/icd.d/nvidia_icd.json', libraryPath: 'libGLX_nvidia.so.0' };
    assert.strictEqual(hasHardwareAdapter('linux', []), false);
    assert.strictEqual(hasHardwareAdapter('linux', [swift]), false);
    assert.strictEqual(hasHardwareAdapter('linux', [swift, lvp]), false);
    assert.strictEqual(hasHardwareAdapter('linux', [lvp, nvidia]), true);
    assert.strictEqual(hasHardwareAdapter('win32', []), true);
    assert.strictEqual(hasHardwareAdapter('darwin', []), true);
  });

  it('the Vulkan drivers in effect: VK_DRIVER_FILES or VK_ICD_FILENAMES when set, else the system folders', () => {
    const listDir = (d: string) => (d === '/usr/share/vulkan/icd.d' ? ['nvidia_icd.json', 'README'] : []);
    assert.deepStrictEqual(vulkanIcdFiles({ VK_ICD_FILENAMES: '/a.json:/b.json' }, listDir), ['/a.json', '/b.json']);
    assert.deepStrictEqual(vulkanIcdFiles({ VK_DRIVER_FILES: '/c.json', VK_ICD_FILENAMES: '/a.json' }, listDir), ['/c.json']);
    assert.deepStrictEqual(vulkanIcdFiles({}, listDir), ['/usr/share/vulkan/icd.d/nvidia_icd.json']);
  });

  it("the CUDA provider library is looked for in the onnxruntime-node that Node would load (the nearest node_modules above)", () => {
    const files = (...paths: string[]) => (file: string) => paths.includes(file);
    const ext = '/home/u/.vscode/extensions/unroll';
    const withCuda = files(`${ext}/node_modules/onnxruntime-node`, `${ext}/node_modules/onnxruntime-node/bin/napi-v6/linux/x64/libonnxruntime_providers_cuda.so`);
    assert.strictEqual(cudaProviderInstalled(`${ext}/dist`, withCuda, 'linux', 'x64'), true);
    assert.strictEqual(cudaProviderInstalled(`${ext}/dist`, files(`${ext}/node_modules/onnxruntime-node`), 'linux', 'x64'), false);
    // The nearest package decides, even when one further up has CUDA.
    const shadowed = files(`${ext}/node_modules/onnxruntime-node`, '/home/u/node_modules/onnxruntime-node', '/home/u/node_modules/onnxruntime-node/bin/napi-v6/linux/x64/libonnxruntime_providers_cuda.so');
    assert.strictEqual(cudaProviderInstalled(`${ext}/dist`, shadowed, 'linux', 'x64'), false);
    assert.strictEqual(cudaProviderInstalled('/srv/app/dist', files(), 'linux', 'x64'), false);
    assert.strictEqual(cudaProviderInstalled('C:\\ext\\dist', files('C:\\ext/node_modules/onnxruntime-node', 'C:\\ext/node_modules/onnxruntime-node/bin/napi-v6/win32/x64/onnxruntime_providers_cuda.dll'), 'win32', 'x64'), true);
  });

  it('Scan on CPU and CUDA (their Scan keeps the loop on the device); unrolled where Scan has no kernel', () => {
    const table = (['cpu', 'cuda', 'webgpu', 'dml', 'coreml'] as ProviderName[]).map((p) => `${p}:${preferredLowering(p)}`);
    assert.deepStrictEqual(table, ['cpu:scan', 'cuda:scan', 'webgpu:unrolled', 'dml:unrolled', 'coreml:unrolled']);
  });

  it("ONNX Runtime's failures in plain words, with no source paths or C++ in them", () => {
    const cases: [ProviderName, 'load' | 'run', string, string][] = [
      ['webgpu', 'load', NO_ADAPTER, 'WebGPU found no GPU adapter (no GPU here, or no Vulkan, Direct3D 12 or Metal driver for it)'],
      ['cuda', 'load', NO_CUDA, 'CUDA could not load its libraries: install onnxruntime-node with ONNXRUNTIME_NODE_INSTALL=cuda12 and the CUDA 12 and cuDNN 9 libraries'],
      ['cuda', 'load', CUBLAS_MISSING, 'CUDA could not load its libraries (libcublasLt.so.12 is missing): install onnxruntime-node with ONNXRUNTIME_NODE_INSTALL=cuda12 and the CUDA 12 and cuDNN 9 libraries'],
      ['webgpu', 'run', TOO_MANY_BUFFERS, 'WebGPU could not run this model: it needs more buffers per shader than this GPU allows'],
      ['webgpu', 'run', "Non-zero status code returned while running MatMul node. Name:'MatMul_3' Status Message: device lost", 'WebGPU failed while running this model (in a MatMul step)'],
      ['coreml', 'load', 'some error nobody has seen', 'CoreML could not start on this machine'],
    ];
    for (const [p, stage, raw, want] of cases) {
      const got = plainFailure(p, stage, raw);
      assert.strictEqual(got, want);
      assert.doesNotMatch(got, /onnxruntime_src|::|\.cc:/);
    }
  });

  it("node placement: distinct nodes per provider from a run's profile (a Scan body's nodes once, not once per step)", () => {
    const node = (name: string, provider: string) => ({ cat: 'Node', name: `${name}_kernel_time`, args: { provider } });
    const events = [
      { cat: 'Session', name: 'model_run', args: {} },
      node('Scan_4', 'CPUExecutionProvider'),
      ...[0, 1, 2].flatMap(() => [node('MatMul_1', 'WebGpuExecutionProvider'), node('Tanh_2', 'WebGpuExecutionProvider')]),
      node('IsNaN_9', 'CPUExecutionProvider'),
      node('Add_7', 'WebGpuExecutionProvider'),
    ];
    assert.deepStrictEqual(placementFromProfile(events), { nodes: 5, onCpu: 2 });
  });

  it('the provider note: the provider used, the lowering, the share of nodes on the CPU, and why not the one asked for', () => {
    assert.strictEqual(providerSummary({ kind: 'provider', provider: 'webgpu', lowering: 'unrolled', placement: { nodes: 379, onCpu: 15 } }), 'WebGPU (unrolled graph); 15 of 379 nodes (4.0%) ran on the CPU');
    assert.strictEqual(providerNote({ kind: 'provider', provider: 'cpu', lowering: 'scan' }), 'Unroll: running on the CPU (Scan graph).');
    assert.strictEqual(providerNote({ kind: 'provider', provider: 'cpu', lowering: 'scan', fallbackReason: 'WebGPU found no GPU adapter' }), 'Unroll: WebGPU found no GPU adapter; running on the CPU (Scan graph) instead.');
  });

  it('a missing CUDA library: asking for cuda falls back to the CPU, says what to install, and the session runs', async function () {
    if (rt.machineFacts().cudaInstalled) {
      console.log('    (skipped: the CUDA provider library is installed here; npm run gpu-check tests CUDA itself)');
      this.skip();
    }
    const r = await rt.createSession(tinyModel(), { provider: 'cuda' });
    assert.strictEqual(r.provider, 'cpu');
    assert.match(r.fallbackReason ?? '', /^CUDA could not load its libraries.*ONNXRUNTIME_NODE_INSTALL=cuda12 and the CUDA 12 and cuDNN 9 libraries$/);
    const out = await r.session.run({ x: tensor('float32', [1, 2], [0, 1]) });
    assert.ok(Math.abs(toNumbers(out.y)[1] - Math.tanh(1)) < 1e-6);
    await r.session.dispose();
  });

  it('a provider that fails to load makes way for the next candidate; one that fails inside run() reruns that run on the CPU', async () => {
    const cpuSession = async () => (await rt.createSession(tinyModel())).session;
    const opened: ProviderName[] = [];
    // A stand-in accelerator: a real CPU session under another name whose runs fail as WebGPU's did.
    const failingDevice = async (provider: ProviderName): Promise<Session> => {
      const inner = await cpuSession();
      return { inputNames: inner.inputNames, outputNames: inner.outputNames, provider, run: () => Promise.reject(new Error(TOO_MANY_BUFFERS)), dispose: () => inner.dispose() };
    };
    const r = await openWithFallback(['cuda', 'webgpu', 'cpu'], async (p) => {
      opened.push(p);
      if (p === 'cuda') throw new Error(NO_CUDA);
      return p === 'cpu' ? cpuSession() : failingDevice(p);
    });
    assert.strictEqual(r.provider, 'webgpu');
    assert.match(r.fallbackReason ?? '', /^CUDA could not load its libraries/);
    assert.strictEqual(r.session.provider, 'webgpu');
    const out = await r.session.run({ x: tensor('float32', [1, 2], [0, 1]) });
    assert.deepStrictEqual(opened, ['cuda', 'webgpu', 'cpu']);
    assert.strictEqual(r.session.provider, 'cpu');
    assert.strictEqual(r.session.fallbackReason, 'WebGPU could not run this model: it needs more buffers per shader than this GPU allows');
    assert.ok(Math.abs(toNumbers(out.y)[1] - Math.tanh(1)) < 1e-6);
    await r.session.dispose();
  });

  it('an error inside run() on the CPU itself is the error (no retry loop)', async () => {
    const r = await openWithFallback(['cpu'], async () => (await rt.createSession(tinyModel())).session);
    await assert.rejects(r.session.run({ x: tensor('float32', [1, 3], [0, 1, 2]) }), /dimension|shape|Got invalid/i);
    await r.session.dispose();
  });

  it('a trainer plans its lowering from the provider it will try, and follows a fallback to the CPU', async function () {
    resetNames();
    const make = (provider: 'webgpu' | 'cpu' | 'auto') => new Trainer(rt, new Sequential().add(new LSTM(3)).add(new Dense(1)), { shape: ['T', 2], dtype: 'float' }, { shape: [1], dtype: 'float' }, { loss: 'mse', optimizer: 'sgd' }, { session: { provider } });
    assert.strictEqual(make('cpu').lowering(), 'scan');
    assert.strictEqual(make('auto').lowering(), preferredLowering(rt.plannedProvider('auto')));
    const tr = make('webgpu');
    assert.strictEqual(tr.lowering(), 'unrolled');
    await tr.trainBatch(tensor('float32', [2, 4, 2], new Array(16).fill(0.5)), tensor('float32', [2, 1], [1, 0]));
    if (tr.provider === 'webgpu') {
      console.log('    (WebGPU found an adapter in this process: the fallback half is for machines without one)');
      return;
    }
    assert.strictEqual(tr.provider, 'cpu');
    assert.match(tr.fallbackReason ?? '', /^WebGPU found no GPU adapter/);
    assert.strictEqual(tr.lowering(), 'scan', 'later graphs are built for the CPU');
    await tr.dispose();
  });
});
