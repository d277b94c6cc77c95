// The WebGPU execution provider against the CPU one: one training step of each recurrent model
// family on `webgpu` and on `cpu`, from identical weights, gives the same loss, updated
// parameters and per-step gradient norms. Also: where the nodes ran, which lowering each provider
// got, and the CPU fallback for a missing adapter and for a graph that fails inside run().
//
// Runs in its own mocha process (`npm run test:webgpu`, scripts/run-webgpu-tests.js): Vulkan's
// loader path (LD_LIBRARY_PATH) is read once at process start, so the ICD environment must be
// set before Node starts. On a machine without a GPU that is SwiftShader, the software Vulkan
// driver of Debian's chromium package. UNROLL_PROVIDERS=webgpu,cuda (npm run gpu-check) adds CUDA.
import * as assert from 'assert';
import * as cp from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import type { TensorData } from '../../src/engine/graph';
import { Graph, encodeModel } from '../../src/engine/graph';
import { Bidirectional, Dense, GRU, LSTM, Sequential, SimpleRNN, TimeDistributed, resetNames } from '../../src/engine/layers';
import { call, Input, Model, type SymbolicTensor } from '../../src/engine/model';
import * as op from '../../src/engine/ops';
import { MAX_PARTS_PER_NODE } from '../../src/engine/ops/recurrence';
import { NodeRuntime, type ProviderName, tensor, toNumbers } from '../../src/engine/runtime';
import { Trainer, type TrainerOptions } from '../../src/engine/train';
import type { CompileOptions } from '../../src/engine/train/step';
import { Rng } from '../../src/engine/util/rng';

/**
 * Float32 on two devices: sums are reduced in different orders, so results agree to rounding,
 * not bit for bit. Loss and gradient norms to 1e-5 relative; each updated parameter to
 * 1e-6 + 1e-5·|value| (SwiftShader: at most 3e-7 apart at these shapes).
 */
const LOSS_RTOL = 1e-5;
const NORM_RTOL = 1e-4;
const NORM_ATOL = 1e-6;
const PARAM_ATOL = 1e-6;
const PARAM_RTOL = 1e-5;

/** Longer than the 12 storage buffers SwiftShader allows a shader: an unchunked Split of T steps would fail. */
const T = 13;
const B = 3;
const F = 3;
const H = 5;

const providers = (process.env.UNROLL_PROVIDERS ?? 'webgpu').split(',').filter(Boolean) as ProviderName[];
const rt = new NodeRuntime();

/** Why WebGPU cannot be tried in this process, or undefined when it can. */
function webgpuMissing(): string | undefined {
  if (!rt.availableProviders().includes('webgpu')) return 'this onnxruntime-node build has no WebGPU provider';
  const icd = process.env.VK_ICD_FILENAMES;
  if (process.platform === 'linux' && icd && !fs.existsSync(icd)) return `the Vulkan driver manifest ${icd} is missing (install Debian's chromium package for SwiftShader)`;
  if (process.platform === 'linux' && !icd && !rt.machineFacts().hardwareAdapter) return 'no Vulkan driver is set up for this process: run it through `npm run test:webgpu`, which starts it with SwiftShader';
  return undefined;
}

interface Case {
  name: string;
  build: () => Sequential | Model;
  input: () => { spec: TrainerArgs['input']; x: TensorData | TensorData[] };
  target: TrainerArgs['target'];
  y: () => TensorData;
  compile: CompileOptions;
}
type TrainerArgs = { input: ConstructorParameters<typeof Trainer>[2]; target: ConstructorParameters<typeof Trainer>[3] };

function uniform(n: number, seed: number): Float32Array {
  const rng = new Rng(seed);
  return Float32Array.from({ length: n }, () => rng.uniform(-1, 1));
}
const floatSeq = (seed: number) => tensor('float32', [B, T, F], uniform(B * T * F, seed));
const classes = (n: number, k: number) => tensor('int64', [n], Array.from({ length: n }, (_, i) => i % k));
const sparse = () => ({ loss: { name: 'sparse_categorical_crossentropy', from_logits: true }, optimizer: { name: 'sgd', learning_rate: 0.5 } }) as CompileOptions;

const seq = (layers: Array<Sequential['layers'][number]>) => () => {
  resetNames();
  const m = new Sequential();
  for (const l of layers) m.add(l);
  return m;
};

const cases: Case[] = [
  { name: 'SimpleRNN → Dense', build: () => seq([new SimpleRNN(H), new Dense(3)])(), input: () => ({ spec: { shape: ['T', F], dtype: 'float' }, x: floatSeq(1) }), target: { shape: [], dtype: 'int64' }, y: () => classes(B, 3), compile: sparse() },
  { name: 'LSTM → Dense', build: () => seq([new LSTM(H), new Dense(3)])(), input: () => ({ spec: { shape: ['T', F], dtype: 'float' }, x: floatSeq(2) }), target: { shape: [], dtype: 'int64' }, y: () => classes(B, 3), compile: sparse() },
  {
    name: 'GRU → Dense sigmoid, Adam', build: () => seq([new GRU(H), new Dense(1, { activation: 'sigmoid' })])(), input: () => ({ spec: { shape: ['T', F], dtype: 'float' }, x: floatSeq(3) }),
    target: { shape: [1], dtype: 'float' }, y: () => tensor('float32', [B, 1], [1, 0, 1]), compile: { loss: 'binary_crossentropy', optimizer: { name: 'adam', learning_rate: 0.01 } },
  },
  { name: 'Bidirectional(LSTM) → Dense', build: () => seq([new Bidirectional(new LSTM(H)), new Dense(3)])(), input: () => ({ spec: { shape: ['T', F], dtype: 'float' }, x: floatSeq(4) }), target: { shape: [], dtype: 'int64' }, y: () => classes(B, 3), compile: sparse() },
  {
    name: 'encoder-decoder (LSTM return_state → LSTM initial_state → TimeDistributed Dense)',
    build: () => {
      resetNames();
      const many = (s: SymbolicTensor | SymbolicTensor[]) => s as SymbolicTensor[];
      const one = (s: SymbolicTensor | SymbolicTensor[]) => s as SymbolicTensor;
      const enc = Input([null, F], { name: 'enc' });
      const dec = Input([null, F], { name: 'dec' });
      const [, h, c] = many(call(new LSTM(H, { return_state: true, name: 'encoder' }), enc));
      const out = one(call(new LSTM(H, { return_sequences: true, name: 'decoder' }), dec, { initial_state: [h, c] }));
      return new Model([enc, dec], one(call(new TimeDistributed(new Dense(4, { name: 'proj' }), 'td'), out)), 'seq2seq');
    },
    input: () => ({ spec: { shape: ['T', F], dtype: 'float' }, x: [floatSeq(5), floatSeq(6)] }),
    target: { shape: ['T'], dtype: 'int64' },
    y: () => tensor('int64', [B, T], Array.from({ length: B * T }, (_, i) => (i * 7) % 4)),
    compile: sparse(),
  },
];

function close(got: number, want: number, atol: number, rtol: number, what: string): void {
  assert.ok(Number.isFinite(got) && Math.abs(got - want) <= atol + rtol * Math.abs(want), `${what}: ${got} vs ${want} (|diff| ${Math.abs(got - want).toExponential(2)})`);
}

/** What each case recorded: printed after the group, quoted in the README's provider row. */
const placements: string[] = [];

for (const provider of providers) {
  describe(`provider ${provider} against cpu: one training step`, function () {
    this.timeout(240000);
    before(function () {
      const missing = provider === 'webgpu' ? webgpuMissing() : rt.machineFacts().cudaInstalled ? undefined : 'onnxruntime-node has no CUDA provider library here (ONNXRUNTIME_NODE_INSTALL=cuda12)';
      if (missing) {
        console.log(`\n  SKIPPED: the ${provider} provider tests cannot run here: ${missing}.\n`);
        this.skip();
      }
    });
    after(() => {
      if (placements.length) console.log(`\n  Node placement (distinct nodes after ONNX Runtime's optimisation):\n${placements.map((p) => `    ${p}`).join('\n')}\n`);
      placements.length = 0;
    });

    const lowerings: Array<TrainerOptions['lowering']> = [undefined];
    if (provider === 'webgpu') lowerings.push('scan'); // Scan too on one model: what its placement costs
    for (const c of cases) {
      for (const lowering of c.name.startsWith('LSTM') ? lowerings : [undefined]) {
        it(`${c.name}${lowering ? ` (${lowering} forced)` : ''}: loss, every updated parameter and ‖dL/dh_t‖ equal cpu's`, async () => {
          const { spec, x } = c.input();
          const make = (p: ProviderName) => new Trainer(rt, c.build(), spec, c.target, c.compile, { seed: 7, lowering, session: { provider: p, intraOpThreads: 1 } });
          const cpu = make('cpu');
          const gpu = make(provider);
          for (const [k, v] of cpu.params) assert.deepStrictEqual(toNumbers(gpu.params.get(k)!), toNumbers(v), `initial ${k}`);
          const want = await cpu.trainBatch(x, c.y());
          const got = await gpu.trainBatch(x, c.y());
          assert.strictEqual(gpu.provider, provider, `ran on ${gpu.provider}: ${gpu.fallbackReason}`);
          assert.strictEqual(cpu.lowering(), lowering ?? 'scan');
          assert.strictEqual(gpu.lowering(), lowering ?? (provider === 'cuda' ? 'scan' : 'unrolled'));
          close(got.loss, want.loss, 0, LOSS_RTOL, 'loss');
          close(got.globalNorm, want.globalNorm, NORM_ATOL, NORM_RTOL, 'global gradient norm');
          for (const [k, n] of Object.entries(want.gradNorm)) close(got.gradNorm[k], n, NORM_ATOL, NORM_RTOL, `‖grad ${k}‖`);
          assert.deepStrictEqual(Object.keys(got.dhMean).sort(), Object.keys(want.dhMean).sort());
          for (const [k, per] of Object.entries(want.dhMean)) {
            assert.strictEqual(got.dhMean[k].length, T, `${k}: one norm per step`);
            per.forEach((v, t) => close(got.dhMean[k][t], v, NORM_ATOL, NORM_RTOL, `‖dL/dh_${t}‖ of ${k}`));
          }
          let worst = 0;
          for (const [k, v] of cpu.params) {
            const g = toNumbers(gpu.params.get(k)!);
            toNumbers(v).forEach((w, i) => {
              close(g[i], w, PARAM_ATOL, PARAM_RTOL, `updated ${k}[${i}]`);
              worst = Math.max(worst, Math.abs(g[i] - w));
            });
          }
          const p = gpu.placement;
          assert.ok(p && p.nodes > 0, 'the first run on the accelerator reports where its nodes ran');
          assert.ok(p.onCpu < p.nodes);
          placements.push(`${provider} ${gpu.lowering().padEnd(8)} ${c.name}: ${p.onCpu} of ${p.nodes} nodes on CPU (${((100 * p.onCpu) / p.nodes).toFixed(1)}%); loss ${got.loss.toPrecision(8)} vs ${want.loss.toPrecision(8)}; worst parameter diff ${worst.toExponential(1)}`);
          await Promise.all([cpu.dispose(), gpu.dispose()]);
        });
      }
    }
  });
}

/** sum over the T pieces of one Split of x [n, 2]: one node with n+1 storage buffers. */
function wideSplitModel(n: number): Uint8Array {
  const g = new Graph('wide-split', 'float32');
  const x = g.input('x', 'float32', [n, 2]);
  const parts = op.split(g, x, new Array<number>(n).fill(1), 0);
  g.output(parts.reduce((a, b) => op.add(g, a, b)), 'sum');
  return encodeModel(g);
}

describe('provider webgpu: falling back to the CPU', function () {
  this.timeout(120000);
  before(function () {
    const missing = webgpuMissing();
    if (missing) {
      console.log(`\n  SKIPPED: the WebGPU fallback tests cannot run here: ${missing}.\n`);
      this.skip();
    }
  });

  it('a graph that fails inside run() (a Split past the device\'s storage-buffer limit) reruns on the CPU and says why in plain words', async () => {
    const n = 24; // 25 buffers: more than SwiftShader's 12; a hardware GPU may allow it, and then nothing falls back
    const r = await rt.createSession(wideSplitModel(n), { provider: 'webgpu' });
    assert.strictEqual(r.provider, 'webgpu');
    const x = tensor('float32', [n, 2], Array.from({ length: 2 * n }, (_, i) => i));
    const out = await r.session.run({ x });
    assert.deepStrictEqual(toNumbers(out.sum), [(n * (n - 1)) / 2 * 2, (n * n)]);
    if (r.session.provider === 'cpu') {
      assert.match(r.session.fallbackReason ?? '', /^WebGPU could not run this model: it needs more buffers per shader than this GPU allows$/);
      const again = await r.session.run({ x });
      assert.deepStrictEqual(toNumbers(again.sum), toNumbers(out.sum), 'later runs stay on the CPU session');
    } else console.log('    (this adapter allows 25 storage buffers per shader: nothing to fall back from)');
    await r.session.dispose();
  });

  it(`the unrolled lowering keeps every Split and Concat within ${MAX_PARTS_PER_NODE} parts, so T = 24 runs on WebGPU, and no CPU node is inside the loop`, async () => {
    resetNames();
    const tr = new Trainer(rt, new Sequential().add(new SimpleRNN(2, { return_sequences: true })).add(new Dense(1)), { shape: ['T', 1], dtype: 'float' }, { shape: ['T', 1], dtype: 'float' }, { loss: 'mse', optimizer: 'sgd' }, { seed: 1, session: { provider: 'webgpu' } });
    const onCpu: number[] = [];
    for (const n of [5, 24]) {
      await tr.trainBatch(tensor('float32', [1, n, 1], uniform(n, 9)), tensor('float32', [1, n, 1], uniform(n, 10)));
      assert.strictEqual(tr.provider, 'webgpu', tr.fallbackReason);
      assert.strictEqual(tr.lowering(), 'unrolled');
      onCpu.push(tr.placement!.onCpu);
    }
    // The CPU nodes (int64 shape work, the NaN/Inf flag, the batch size) run once a step, not once a time step.
    assert.strictEqual(onCpu[1], onCpu[0], `CPU nodes at T = 5 and T = 24: ${onCpu}`);
    await tr.dispose();
  });

  it('a missing Vulkan driver: creation falls back to the CPU with a plain-words reason (a fresh process, ICD path pointing nowhere)', () => {
    const runtimeModule = path.resolve(__dirname, '../../src/engine/runtime');
    const script = `
      const { NodeRuntime } = require(${JSON.stringify(runtimeModule)});
      const { Graph, encodeModel } = require(${JSON.stringify(path.resolve(__dirname, '../../src/engine/graph'))});
      const op = require(${JSON.stringify(path.resolve(__dirname, '../../src/engine/ops'))});
      const g = new Graph('tiny', 'float32'); const x = g.input('x', 'float32', [2]); g.output(op.tanh(g, x), 'y');
      new NodeRuntime().createSession(encodeModel(g), { provider: 'webgpu' }).then(async (r) => {
        const out = await r.session.run({ x: { dtype: 'float32', dims: [2], data: new Float32Array([0, 1]) } });
        console.log(JSON.stringify({ provider: r.provider, reason: r.fallbackReason, y: Array.from(out.y.data) }));
      });`;
    const env = { ...process.env, VK_ICD_FILENAMES: path.join(__dirname, 'no-such-driver.json'), VK_DRIVER_FILES: undefined };
    const stdout = cp.execFileSync(process.execPath, ['-e', script], { env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
    const r = JSON.parse(stdout.trim().split('\n').pop()!) as { provider: string; reason: string; y: number[] };
    assert.strictEqual(r.provider, 'cpu');
    assert.strictEqual(r.reason, 'WebGPU found no GPU adapter (no GPU here, or no Vulkan, Direct3D 12 or Metal driver for it)');
    close(r.y[1], Math.tanh(1), 1e-6, 0, 'tanh(1) on the CPU');
  });

  it("'auto' does not pick a software adapter: with only SwiftShader it plans the CPU", function () {
    if (!/swiftshader/i.test(process.env.VK_ICD_FILENAMES ?? '')) this.skip();
    assert.strictEqual(rt.plannedProvider('auto'), rt.machineFacts().cudaInstalled ? 'cuda' : 'cpu');
  });
});
