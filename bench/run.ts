/**
 * `npm run bench` — DESIGN.md §7 measured side by side in one run on one machine:
 *
 *   - training steps/s of the engine (forward + BPTT + Adam, batch 32, input dim 32, Dense(1) on the
 *     last state, mse) for SimpleRNN, LSTM, GRU at T ∈ {50, 200}, H ∈ {64, 256}, Scan lowering on
 *     onnxruntime-node CPU with the intra-op threads the extension picks per model (runtime/threads.ts:
 *     one for small steps, else one per physical core); the unrolled lowering beside it;
 *   - the TensorFlow.js wasm peer on the same models (bench/tfjs-peer.ts), and PyTorch's CPU
 *     training step (bench/torch-peer.ts, Debian's python3-torch), each peer row measured right
 *     after the engine's row so that both see the same load on a shared machine;
 *   - ONNX Runtime's own 1024×1024×1024 float32 MatMul rate on every core, measured the same way
 *     (same runtime, same session options, same time-budgeted windows), and each row's FLOP rate
 *     (`trainStepFlops`, the peer's count) as a share of it: at H ≥ 256 against MatMul windows
 *     taken between the row's own windows, since the machine's speed changes from minute to minute,
 *     and a row on one thread against the MatMul on one thread;
 *   - graph build + session creation at T = 50 and T = 200 (the Scan graph has a symbolic T, so it is
 *     the same graph for every T: the bench checks the bytes are identical);
 *   - cost linear in T (steps/s at T = 50 over T = 200; linear cost gives 4×);
 *   - memory: process RSS across N epochs of Trainer.fit (flat = no growth after the first epoch);
 *   - throughput of a real kernel's `model.fit` with the graph, heatmap and side panels open (their
 *     webview bundles in headless Chromium, fed what the panels are sent) against closed
 *     (bench/panels.ts; needs `npm run build` and Chromium, which `npm run bench` sees to).
 *
 * Prints one table with ratios, marks every §7 target held / not held, and writes the results as
 * JSON to test-results/bench.json (git-ignored).
 *
 *   node out/bench/run.js [--quick] [--no-peer] [--no-torch] [--no-unrolled] [--no-panels] [--panels-only [--inspector | --workbench [--split]] [--threads N] [--pairs N] [--profile-pages <dir>]] [--out <path>]
 *                         [--cells SimpleRNN,LSTM,GRU] [--T 50,200] [--H 64,256] [--rows-only]
 *
 * --quick (< 60 s): T = 50 only, H ∈ {64, 256}, short windows; for smoke runs.
 * --cells/--T/--H pick rows; --rows-only shrinks the build and memory rows to one repetition.
 *
 * Over 500 lines because the rows, the targets and the table are one run read top to bottom; the
 * table formatting (formatTable) is what moves out next.
 */
import * as fs from 'fs';
import * as path from 'path';
import { Graph, encodeModel } from '../src/engine/graph';
import type { TensorData } from '../src/engine/graph';
import { Dense, GRU, LSTM, Sequential, SimpleRNN, resetNames } from '../src/engine/layers';
import type { InputSpec } from '../src/engine/layers';
import * as op from '../src/engine/ops';
import { intraOpThreadsFor, NodeRuntime, physicalCores, tensor } from '../src/engine/runtime';
import { buildTrainStep, TargetSpec, Trainer } from '../src/engine/train';
import type { CompileOptions } from '../src/engine/train';
import { Rng } from '../src/engine/util/rng';
import { PanelsBenchOptions, PanelsBenchResult, runPanelsBench } from './panels';
import { runWorkbenchPanelsBench } from './workbench';
import { TorchPeer, TorchPeerInfo, TorchRate } from './torch-peer';
import { BackendInfo, initTfjsBackend, measureConfig, PeerCell, PeerRow, trainStepFlops } from './tfjs-peer';

export type Cell = PeerCell;
export type Lowering = 'scan' | 'unrolled';

export interface BenchOptions {
  cells: Cell[];
  Ts: number[];
  Hs: number[];
  batch: number;
  inputDim: number;
  /** Measurement windows per engine configuration (the best is reported, the spread kept). */
  windows: number;
  windowMs: number;
  /**
   * Also time the unrolled lowering. Its session creation grows with T (seconds at T = 200), so
   * rows with T ≤ 50 are always measured and longer ones while `unrolledBudgetMs` lasts.
   */
  unrolled: boolean;
  unrolledBudgetMs: number;
  /** Peer: null skips it. */
  peer: { budgetMsPerConfig: number; totalBudgetMs: number } | null;
  /** PyTorch CPU peer (same windows as the engine); false skips it. */
  torch: boolean;
  /** MatMul reference size (1024 in the real bench). */
  matmulN: number;
  /** Build+create: cell and H measured at every T in Ts; repetitions (median reported). */
  build: { cell: Cell; H: number; reps: number };
  /** Memory: epochs of Trainer.fit on `samples` samples. */
  memory: { cell: Cell; T: number; H: number; epochs: number; samples: number };
  /** Training with the panels open vs closed; null skips it. */
  panels: Omit<PanelsBenchOptions, 'threads'> | null;
  /** Intra-op threads; default = physical cores (what the extension uses). */
  threads?: number;
  log?: (line: string) => void;
}

export function preset(kind: 'full' | 'quick'): BenchOptions {
  const common = { cells: ['SimpleRNN', 'LSTM', 'GRU'] as Cell[], batch: 32, inputDim: 32, matmulN: 1024 };
  if (kind === 'quick') {
    return {
      ...common,
      Ts: [50],
      Hs: [64, 256],
      windows: 2,
      windowMs: 400,
      unrolled: false,
      unrolledBudgetMs: 0,
      peer: { budgetMsPerConfig: 0, totalBudgetMs: 0 },
      torch: true,
      build: { cell: 'LSTM', H: 256, reps: 3 },
      memory: { cell: 'LSTM', T: 50, H: 64, epochs: 3, samples: 128 },
      panels: { nTrain: 1024, T: 50, H: 64, batch: 32, pairs: 2 },
    };
  }
  return {
    ...common,
    Ts: [50, 200],
    Hs: [64, 256],
    windows: 3,
    windowMs: 1000,
    unrolled: true,
    unrolledBudgetMs: 100000,
    peer: { budgetMsPerConfig: 3000, totalBudgetMs: 80000 },
    torch: true,
    build: { cell: 'LSTM', H: 256, reps: 5 },
    memory: { cell: 'LSTM', T: 50, H: 256, epochs: 6, samples: 256 },
    panels: { nTrain: 8192, T: 100, H: 64, batch: 32, pairs: 5 },
  };
}

export interface EngineRate {
  stepsPerSec: number;
  /** Every window's rate (best = stepsPerSec), for the spread. */
  windows: number[];
  steps: number;
  /** Process CPU time per step over all windows (all threads): robust to a shared machine at 1 thread. */
  cpuMsPerStep: number;
  /** Graph build + encode, and session creation, of this row's session. */
  buildMs?: number;
  createMs?: number;
  /** Intra-op threads of this row's session: as the extension picks them (runtime/threads.ts) unless --threads. */
  threads?: number;
  /** ORT's MatMul rate (GFLOP/s) in windows taken between this row's, when asked for. */
  matmulBeside?: number[];
}

export interface Row {
  cell: Cell;
  T: number;
  H: number;
  scan: EngineRate;
  unrolled?: EngineRate;
  /** Why the unrolled lowering was not measured at this row. */
  unrolledSkipped?: string;
  /** Which lowering is faster at this row (scan when unrolled was not measured). */
  faster: Lowering;
  peer?: PeerRow;
  /** scan steps/s ÷ peer steps/s. */
  ratio?: number;
  /** PyTorch's rate at this row, or why it is missing. */
  torch?: TorchRate | { error: string };
  /** scan steps/s (what a fit uses) ÷ PyTorch's steps/s. */
  torchRatio?: number;
  flopsPerStep: number;
  gflopsPerSec: number;
  /** gflopsPerSec ÷ the MatMul rate measured between this row's windows (H ≥ 256), else the run's. */
  matmulShare: number;
}

export interface BuildTiming {
  lowering: Lowering;
  T: number;
  buildMs: number;
  createMs: number;
  totalMs: number;
  bytes: number;
}

export interface BenchResult {
  machine: { cpus: string; logicalCores: number; intraOpThreads: number; node: string; platform: string };
  options: Omit<BenchOptions, 'log'>;
  matmul: { N: number; gflopsPerSec: number; windows: number[]; oneThread?: { gflopsPerSec: number; windows: number[] } };
  rows: Row[];
  peerInfo?: BackendInfo;
  torchInfo?: TorchPeerInfo;
  build: { cell: Cell; H: number; timings: BuildTiming[]; scanSameBytesForEveryT: boolean };
  linearInT: { cell: Cell; H: number; T0: number; T1: number; costRatio: number; expected: number }[];
  memory: { cell: Cell; T: number; H: number; rssMB: number[]; growthMB: number; flat: boolean };
  panels?: PanelsBenchResult;
  targets: { name: string; held: boolean; detail: string }[];
  seconds: number;
}

const rt = new NodeRuntime();
const compile: CompileOptions = { loss: 'mse', optimizer: 'adam' };
const target: TargetSpec = { shape: [1], dtype: 'float' };

function model(cell: Cell, H: number): Sequential {
  resetNames();
  const rnn = cell === 'SimpleRNN' ? new SimpleRNN(H) : cell === 'LSTM' ? new LSTM(H) : new GRU(H);
  return new Sequential().add(rnn).add(new Dense(1));
}

const inputSpec = (I: number): InputSpec => ({ shape: ['T', I], dtype: 'float' });

/** `threads`: --threads, else what the extension's trainer picks for this step at the bench's batch. */
async function buildAndCreate(cell: Cell, H: number, I: number, T: number, lowering: Lowering, threads: number | undefined, batch: number) {
  const t0 = performance.now();
  const sg = buildTrainStep(model(cell, H), inputSpec(I), target, compile, { lowering, T: lowering === 'unrolled' ? T : undefined });
  const bytes = sg.encode();
  const t1 = performance.now();
  const intraOpThreads = threads ?? intraOpThreadsFor(sg.graph, batch);
  const { session } = await rt.createSession(bytes, { intraOpThreads });
  const t2 = performance.now();
  return { sg, session, bytes, buildMs: t1 - t0, createMs: t2 - t1, threads: intraOpThreads };
}

/** Steps of `step` for at least `windowMs` (and 2 steps, so a slow step still gives a rate): steps/s. */
async function window(step: () => Promise<void>, windowMs: number): Promise<{ rate: number; steps: number }> {
  let n = 0;
  const t0 = performance.now();
  while (n < 2 || performance.now() - t0 < windowMs) {
    await step();
    n++;
  }
  return { rate: n / ((performance.now() - t0) / 1000), steps: n };
}

/**
 * Runs `step` in `windows` windows of `windowMs` after `warmup` calls; steps/s of each window.
 * `beside`: a second step timed in a window after each of `step`'s, so both see the machine of
 * the same seconds (these machines change speed from one minute to the next); its rates too.
 */
async function timeWindows(step: () => Promise<void>, windows: number, windowMs: number, warmup = 2, beside?: () => Promise<void>): Promise<EngineRate & { besideRates?: number[] }> {
  for (let i = 0; i < warmup; i++) await step();
  if (beside) await beside();
  const rates: number[] = [];
  const besideRates: number[] = [];
  let steps = 0;
  let cpuUs = 0;
  for (let w = 0; w < windows; w++) {
    const cpu0 = process.cpuUsage();
    const r = await window(step, windowMs);
    const cpu = process.cpuUsage(cpu0);
    cpuUs += cpu.user + cpu.system;
    rates.push(r.rate);
    steps += r.steps;
    if (beside) besideRates.push((await window(beside, windowMs)).rate);
  }
  // Best window: the machine is shared, and the best window is the least disturbed one.
  return { stepsPerSec: Math.max(...rates), windows: rates, steps, cpuMsPerStep: cpuUs / 1000 / steps, ...(beside ? { besideRates } : {}) };
}

/** `beside`: the MatMul reference, timed between this row's windows (its rates in matmulBeside). */
export async function engineRate(cell: Cell, T: number, H: number, o: BenchOptions, lowering: Lowering, beside?: MatmulRef): Promise<EngineRate> {
  const B = o.batch, I = o.inputDim;
  const { sg, session, buildMs, createMs, threads } = await buildAndCreate(cell, H, I, T, lowering, o.threads, o.batch);
  try {
    const r = new Rng(1);
    const init = model(cell, H).initParams(inputSpec(I), r);
    const feeds: Record<string, TensorData> = {
      x: tensor('float32', [B, T, I], Float32Array.from(r.uniformArray(B * T * I, -1, 1))),
      y: tensor('float32', [B, 1], Float32Array.from(r.uniformArray(B, -1, 1))),
      step: tensor('float32', [], [1]),
      lr: tensor('float32', [], [1e-3]),
    };
    for (const p of sg.params) feeds[p.key] = tensor('float32', p.shape, Float32Array.from(init.get(p.key)!));
    for (const s of sg.slots) feeds[s.input] = tensor('float32', s.shape, new Float32Array(s.shape.reduce((a, b) => a * b, 1)).fill(s.init));
    let k = 1;
    // A real training step: new parameters and slots are fed back, the step counter advances.
    const step = async () => {
      const out = await session.run(feeds);
      for (const p of sg.params) feeds[p.key] = out[p.output];
      for (const s of sg.slots) feeds[s.input] = out[s.output];
      feeds.step = tensor('float32', [], [++k]);
    };
    const { besideRates, ...rate } = await timeWindows(step, o.windows, o.windowMs, 2, beside?.step);
    return { ...rate, buildMs, createMs, threads, ...(beside && besideRates ? { matmulBeside: besideRates.map((x) => (x * beside.flops) / 1e9) } : {}) };
  } finally {
    await session.dispose();
  }
}

/** ONNX Runtime's own N×N×N float32 MatMul, same runtime and session options as the engine: one step of it and its FLOPs. */
interface MatmulRef {
  step: () => Promise<void>;
  flops: number;
  dispose: () => Promise<void>;
}

async function openMatmul(N: number, threads?: number): Promise<MatmulRef> {
  const g = new Graph('matmul_ref', 'float32');
  const a = g.input('a', 'float32', [N, N]);
  const b = g.input('b', 'float32', [N, N]);
  g.output(op.matmul(g, a, b), 'c');
  const { session } = await rt.createSession(encodeModel(g), { intraOpThreads: threads });
  const r = new Rng(3);
  const feeds = {
    a: tensor('float32', [N, N], Float32Array.from(r.uniformArray(N * N, -1, 1))),
    b: tensor('float32', [N, N], Float32Array.from(r.uniformArray(N * N, -1, 1))),
  };
  return { step: async () => void (await session.run(feeds)), flops: 2 * N * N * N, dispose: () => session.dispose() };
}

/** The MatMul's rate over `windows` windows of its own. */
export async function matmulRate(N: number, windows: number, windowMs: number, threads?: number): Promise<{ gflopsPerSec: number; windows: number[] }> {
  const m = await openMatmul(N, threads);
  try {
    const rate = await timeWindows(m.step, windows, windowMs);
    return { gflopsPerSec: (m.flops * rate.stepsPerSec) / 1e9, windows: rate.windows.map((s) => (m.flops * s) / 1e9) };
  } finally {
    await m.dispose();
  }
}

async function buildTimings(o: BenchOptions): Promise<BenchResult['build']> {
  const { cell, H, reps } = o.build;
  const timings: BuildTiming[] = [];
  const scanBytes: Uint8Array[] = [];
  // The first build pays module and JIT warm-up: not what a re-run cell sees.
  await buildAndCreate(cell, H, o.inputDim, o.Ts[0], 'scan', o.threads, o.batch).then((r) => r.session.dispose());
  for (const T of o.Ts) {
    const runs: BuildTiming[] = [];
    for (let k = 0; k < reps; k++) {
      const r = await buildAndCreate(cell, H, o.inputDim, T, 'scan', o.threads, o.batch);
      await r.session.dispose();
      if (k === 0) scanBytes.push(r.bytes);
      runs.push({ lowering: 'scan', T, buildMs: r.buildMs, createMs: r.createMs, totalMs: r.buildMs + r.createMs, bytes: r.bytes.length });
    }
    runs.sort((x, y) => x.totalMs - y.totalMs);
    timings.push(runs[Math.floor(runs.length / 2)]);
  }
  const same = scanBytes.every((b) => b.length === scanBytes[0].length && b.every((x, i) => x === scanBytes[0][i]));
  return { cell, H, timings, scanSameBytesForEveryT: same };
}

async function memoryRun(o: BenchOptions): Promise<BenchResult['memory']> {
  const { cell, T, H, epochs, samples } = o.memory;
  const I = o.inputDim;
  const r = new Rng(5);
  const data = {
    x: tensor('float32', [samples, T, I], Float32Array.from(r.uniformArray(samples * T * I, -1, 1))),
    y: tensor('float32', [samples, 1], Float32Array.from(r.uniformArray(samples, -1, 1))),
  };
  const trainer = new Trainer(rt, model(cell, H), inputSpec(I), target, compile, { seed: 1 });
  const gc = (globalThis as { gc?: () => void }).gc;
  const rssMB: number[] = [];
  try {
    for (let e = 0; e < epochs; e++) {
      await trainer.fit(data, { epochs: 1, batchSize: o.batch, seed: e });
      gc?.();
      rssMB.push(process.memoryUsage().rss / 2 ** 20);
    }
  } finally {
    await trainer.dispose();
  }
  // The first epoch allocates the session and its arena; growth is counted after it.
  const growthMB = rssMB[rssMB.length - 1] - rssMB[0];
  return { cell, T, H, rssMB, growthMB, flat: growthMB < Math.max(20, 0.05 * rssMB[0]) };
}

export async function runBench(o: BenchOptions): Promise<BenchResult> {
  const started = performance.now();
  const log = o.log ?? (() => {});
  // The MatMul reference runs on every core; the rows on the threads the extension picks for them.
  const threads = o.threads ?? physicalCores();
  log(`onnxruntime-node CPU, intra-op threads ${o.threads ?? `per row (1 for small steps, else ${threads})`}; batch ${o.batch}, input dim ${o.inputDim}`);

  const mm = await matmulRate(o.matmulN, o.windows, o.windowMs, threads);
  const matmulRef = await openMatmul(o.matmulN, threads);
  log(`ORT MatMul ${o.matmulN}³ float32: ${mm.gflopsPerSec.toFixed(1)} GFLOP/s (windows ${mm.windows.map((x) => x.toFixed(1)).join(', ')})`);

  const build = await buildTimings(o);
  for (const b of build.timings) log(`build+create ${build.cell} H=${build.H} ${b.lowering} T=${b.T}: ${b.buildMs.toFixed(1)} + ${b.createMs.toFixed(1)} ms`);

  const peerInfo: BackendInfo | undefined = o.peer ? await initTfjsBackend('wasm') : undefined;
  const peerDeadline = performance.now() + (o.peer?.totalBudgetMs ?? 0);
  const torchStart = o.torch ? await TorchPeer.start() : undefined;
  const torch = torchStart instanceof TorchPeer ? torchStart : undefined;
  const torchInfo = torchStart === undefined ? undefined : torch ? torch.info : (torchStart as { why: TorchPeerInfo }).why;
  if (torchInfo) log(`PyTorch peer: ${torchInfo.detail}; BLAS ${torchInfo.blas}`);
  const rows: Row[] = [];
  for (const cell of o.cells)
    for (const T of o.Ts)
      for (const H of o.Hs) {
        const scan = await engineRate(cell, T, H, o, 'scan', H >= 256 ? matmulRef : undefined);
        const flopsPerStep = trainStepFlops(cell, o.batch, T, o.inputDim, H).total;
        const gflopsPerSec = (flopsPerStep * scan.stepsPerSec) / 1e9;
        const row: Row = { cell, T, H, scan, faster: 'scan', flopsPerStep, gflopsPerSec, matmulShare: gflopsPerSec / mm.gflopsPerSec };
        rows.push(row);
        const besideNote = scan.matmulBeside ? `; MatMul between its windows ${scan.matmulBeside.map((x) => x.toFixed(1)).join(', ')} GFLOP/s` : '';
        log(`engine ${cell} T=${T} H=${H}: scan ${scan.stepsPerSec.toFixed(2)}/s on ${scan.threads} thread(s)${besideNote}`);
        if (o.peer && peerInfo) {
          // The peer's row right after the engine's: on a shared machine both see the same load.
          const p = await measureConfig(cell, T, H, {
            batch: o.batch, inputDim: o.inputDim, warmupSteps: 1, minSteps: 1,
            budgetMs: performance.now() > peerDeadline ? 0 : o.peer.budgetMsPerConfig,
          });
          row.peer = { cell, T, H, stepsPerSec: p.stepsPerSec, flopsPerStep, gflopsPerSec: (flopsPerStep * p.stepsPerSec) / 1e9, steps: p.steps, backend: peerInfo.backend };
          row.ratio = scan.stepsPerSec / p.stepsPerSec;
          log(`peer ${cell} T=${T} H=${H}: ${p.stepsPerSec.toFixed(3)}/s (${p.steps} steps)`);
        }
        if (torch) {
          try {
            row.torch = await torch.measure({ cell, T, H, B: o.batch, I: o.inputDim, threads: scan.threads ?? threads, windows: o.windows, windowMs: o.windowMs });
            log(`PyTorch ${cell} T=${T} H=${H}: ${row.torch.stepsPerSec.toFixed(2)}/s`);
          } catch (e) {
            row.torch = { error: (e as Error).message };
          }
        }
      }
  torch?.close();
  await matmulRef.dispose();
  // Unrolled: short sequences first; long ones (session creation of seconds) while the budget lasts.
  if (o.unrolled) {
    const t0 = performance.now();
    for (const r of [...rows].sort((a, b) => a.T - b.T)) {
      const spent = performance.now() - t0;
      if (r.T > 50 && spent > o.unrolledBudgetMs) {
        r.unrolledSkipped = `unrolled budget of ${(o.unrolledBudgetMs / 1000).toFixed(0)} s spent`;
        continue;
      }
      r.unrolled = await engineRate(r.cell, r.T, r.H, o, 'unrolled');
      r.faster = r.unrolled.stepsPerSec > r.scan.stepsPerSec ? 'unrolled' : 'scan';
      log(`engine ${r.cell} T=${r.T} H=${r.H}: unrolled ${r.unrolled.stepsPerSec.toFixed(2)}/s (build ${r.unrolled.buildMs!.toFixed(0)} + create ${r.unrolled.createMs!.toFixed(0)} ms)`);
    }
  } else for (const r of rows) r.unrolledSkipped = 'not requested';
  for (const r of rows) {
    if (!r.unrolled || r.cell !== build.cell || r.H !== build.H) continue;
    build.timings.push({ lowering: 'unrolled', T: r.T, buildMs: r.unrolled.buildMs!, createMs: r.unrolled.createMs!, totalMs: r.unrolled.buildMs! + r.unrolled.createMs!, bytes: 0 });
  }

  for (const r of rows) {
    if (r.torch && 'stepsPerSec' in r.torch) r.torchRatio = r.scan.stepsPerSec / r.torch.stepsPerSec;
  }

  // Re-measure the MatMul after the rows too: the share uses the better of the two (conservative).
  const mm2 = await matmulRate(o.matmulN, o.windows, o.windowMs, threads);
  // Rows on one thread are compared with the MatMul on one thread.
  const oneThread = threads > 1 && rows.some((r) => r.scan.threads === 1) ? await matmulRate(o.matmulN, o.windows, o.windowMs, 1) : undefined;
  const matmul = { N: o.matmulN, gflopsPerSec: Math.max(mm.gflopsPerSec, mm2.gflopsPerSec), windows: [...mm.windows, ...mm2.windows], ...(oneThread ? { oneThread } : {}) };
  // A row's share: against the best MatMul window taken between its own windows when there is one
  // (the same seconds of the machine), else against the run's best MatMul (conservative).
  const runRate = (r: Row) => (r.scan.threads === 1 && oneThread ? oneThread.gflopsPerSec : matmul.gflopsPerSec);
  for (const r of rows) r.matmulShare = r.gflopsPerSec / (r.scan.matmulBeside ? Math.max(...r.scan.matmulBeside) : runRate(r));

  const memory = await memoryRun(o);
  log(`memory ${memory.cell} T=${memory.T} H=${memory.H}: RSS per epoch ${memory.rssMB.map((x) => x.toFixed(0)).join(', ')} MB`);

  const linearInT: BenchResult['linearInT'] = [];
  if (o.Ts.length >= 2) {
    const [T0, T1] = [Math.min(...o.Ts), Math.max(...o.Ts)];
    for (const cell of o.cells)
      for (const H of o.Hs) {
        const a = rows.find((r) => r.cell === cell && r.H === H && r.T === T0)!;
        const b = rows.find((r) => r.cell === cell && r.H === H && r.T === T1)!;
        linearInT.push({ cell, H, T0, T1, costRatio: a.scan.stepsPerSec / b.scan.stepsPerSec, expected: T1 / T0 });
      }
  }

  const targets: BenchResult['targets'] = [];
  if (o.peer) {
    const worst = rows.reduce((m, r) => Math.min(m, r.ratio ?? Infinity), Infinity);
    const misses = rows.filter((r) => (r.ratio ?? 0) < 30).map((r) => `${r.cell} T=${r.T} H=${r.H}`);
    targets.push({ name: '≥30× TF.js-wasm on every row', held: misses.length === 0, detail: `worst ${worst.toFixed(1)}×${misses.length ? `; below: ${misses.join(', ')}` : ''}` });
  }
  if (torchInfo?.available) {
    const worst = rows.reduce((m, r) => Math.min(m, r.torchRatio ?? 0), Infinity);
    const misses = rows.filter((r) => (r.torchRatio ?? 0) < 3).map((r) => `${r.cell} T=${r.T} H=${r.H}`);
    targets.push({ name: '≥3× PyTorch CPU on every row', held: misses.length === 0, detail: `worst ${worst.toFixed(1)}× (${torchInfo.detail}, BLAS ${torchInfo.blas})${misses.length ? `; below: ${misses.join(', ')}` : ''}` });
  } else if (torchInfo) {
    targets.push({ name: '≥3× PyTorch CPU on every row', held: false, detail: `not measured: ${torchInfo.detail}` });
  }
  const big = rows.filter((r) => r.H >= 256);
  if (big.length) {
    const worst = big.reduce((m, r) => Math.min(m, r.matmulShare), Infinity);
    targets.push({ name: '≥70% of ORT MatMul rate at H ≥ 256', held: worst >= 0.7, detail: `worst ${(100 * worst).toFixed(0)}%, best ${(100 * Math.max(...big.map((r) => r.matmulShare))).toFixed(0)}%` });
  }
  const scanBuild = build.timings.filter((b) => b.lowering === 'scan');
  const worstBuild = Math.max(...scanBuild.map((b) => b.totalMs));
  targets.push({ name: 'build + create < 50 ms at any T (Scan)', held: worstBuild < 50, detail: `worst ${worstBuild.toFixed(1)} ms (${build.cell} H=${build.H}; one graph for every T: ${build.scanSameBytesForEveryT ? 'identical bytes' : 'BYTES DIFFER'})` });
  if (linearInT.length) {
    const dev = linearInT.map((l) => l.costRatio / l.expected);
    const ok = dev.every((d) => d > 0.75 && d < 1.25);
    targets.push({ name: 'cost linear in T', held: ok, detail: `cost(T=${linearInT[0].T1})/cost(T=${linearInT[0].T0}) ${linearInT.map((l) => l.costRatio.toFixed(2)).join(', ')} (linear: ${linearInT[0].expected})` });
  }
  const panels = o.panels ? await runPanelsBench({ ...o.panels, threads: o.threads ?? 0 }, o.log) : undefined;
  if (panels) {
    targets.push({ name: 'throughput with all panels open drops < 5%', held: panels.drop < 0.05, detail: `${panels.model}: ${panels.openMedian.toFixed(2)} steps/s open vs ${panels.closedMedian.toFixed(2)} closed (median of ${panels.open.length}), drop ${(100 * panels.drop).toFixed(1)}% (paired median ${(100 * panels.pairedDrop).toFixed(1)}%), ${panels.messagesPosted} messages to the pages` });
  }
  targets.push({ name: 'memory flat across epochs', held: memory.flat, detail: `RSS ${memory.rssMB[0].toFixed(0)} → ${memory.rssMB[memory.rssMB.length - 1].toFixed(0)} MB over ${memory.rssMB.length} epochs` });

  const { log: _l, ...options } = o;
  void _l;
  const os = await import('os');
  return {
    machine: { cpus: os.cpus()[0]?.model ?? '?', logicalCores: os.cpus().length, intraOpThreads: threads, node: process.version, platform: `${process.platform}-${process.arch}` },
    options, matmul, rows, peerInfo, torchInfo, build, linearInT, memory, panels, targets,
    seconds: (performance.now() - started) / 1000,
  };
}

const pad = (s: string, n: number) => s.padStart(n);

export function formatTable(r: BenchResult): string {
  const L: string[] = [];
  L.push(`Unroll bench — ${r.machine.cpus}, ${r.machine.logicalCores} logical cores, ORT intra-op threads: MatMul ${r.machine.intraOpThreads}, rows as the column thr says, node ${r.machine.node}`);
  L.push(`ORT MatMul ${r.matmul.N}×${r.matmul.N}×${r.matmul.N} float32: ${r.matmul.gflopsPerSec.toFixed(1)} GFLOP/s (windows ${r.matmul.windows.map((x) => x.toFixed(1)).join(', ')})${r.matmul.oneThread ? `; on one thread, for the rows on one: ${r.matmul.oneThread.gflopsPerSec.toFixed(1)} GFLOP/s` : ''}`);
  if (r.torchInfo) L.push(`PyTorch peer: ${r.torchInfo.detail}; BLAS ${r.torchInfo.blas}; torch.set_num_threads(thr); ×torch = scan/s ÷ torch/s`);
  if (r.peerInfo) L.push(`peer: TensorFlow.js 4.22 ${r.peerInfo.backend}${r.peerInfo.backend === 'wasm' ? ` (SIMD ${r.peerInfo.simd ? 'on' : 'off'}, ${r.peerInfo.multithread ? 'multi' : 'single'}-threaded)` : ` FALLBACK: ${r.peerInfo.fallbackReason}`}`);
  L.push('');
  const head = ['cell', 'T', 'H', 'thr', 'scan/s', '(spread)', 'unrolled/s', 'faster', 'peer/s', '×peer', '≥30×', 'torch/s', '×torch', '≥3×', 'GFLOP/s', '%MatMul', '≥70%'];
  const w = [9, 4, 4, 3, 9, 15, 10, 8, 8, 7, 5, 8, 7, 5, 8, 8, 5];
  L.push(head.map((h, i) => pad(h, w[i])).join(' '));
  for (const x of r.rows) {
    const spread = `${Math.min(...x.scan.windows).toFixed(1)}–${Math.max(...x.scan.windows).toFixed(1)}`;
    const cells = [
      x.cell, String(x.T), String(x.H), String(x.scan.threads ?? '?'), x.scan.stepsPerSec.toFixed(2), spread,
      x.unrolled ? x.unrolled.stepsPerSec.toFixed(2) : '—', x.unrolled ? x.faster : '—',
      x.peer ? x.peer.stepsPerSec.toFixed(3) : '—', x.ratio !== undefined ? x.ratio.toFixed(1) : '—',
      x.ratio !== undefined ? (x.ratio >= 30 ? 'held' : 'NOT') : '—',
      x.torch ? ('stepsPerSec' in x.torch ? x.torch.stepsPerSec.toFixed(2) : 'error') : '—',
      x.torchRatio !== undefined ? x.torchRatio.toFixed(1) : '—',
      x.torchRatio !== undefined ? (x.torchRatio >= 3 ? 'held' : 'NOT') : '—',
      x.gflopsPerSec.toFixed(1), (100 * x.matmulShare).toFixed(0) + '%', x.H >= 256 ? (x.matmulShare >= 0.7 ? 'held' : 'NOT') : '—',
    ];
    L.push(cells.map((c, i) => pad(c, w[i])).join(' '));
  }
  L.push('');
  L.push(`build + create, ${r.build.cell} H=${r.build.H} (Scan: median of ${r.options.build.reps}; unrolled: one, from its row): ` + r.build.timings.map((b) => `${b.lowering} T=${b.T} ${b.buildMs.toFixed(1)}+${b.createMs.toFixed(1)}=${b.totalMs.toFixed(1)} ms`).join('; '));
  L.push(`  the Scan graph is the same for every T (symbolic T): ${r.build.scanSameBytesForEveryT ? 'identical bytes at every T measured' : 'BYTES DIFFER'}`);
  if (r.linearInT.length) L.push(`cost(T=${r.linearInT[0].T1}) / cost(T=${r.linearInT[0].T0}), linear = ${r.linearInT[0].expected}: ` + r.linearInT.map((l) => `${l.cell} H=${l.H} ${l.costRatio.toFixed(2)}`).join(', '));
  L.push(`memory, ${r.memory.cell} T=${r.memory.T} H=${r.memory.H}, RSS after each epoch: ${r.memory.rssMB.map((x) => x.toFixed(0)).join(', ')} MB (growth ${r.memory.growthMB.toFixed(1)} MB)`);
  if (r.panels) L.push(`panels, ${r.panels.model}, steps/s closed: ${r.panels.closed.map((x) => x.toFixed(2)).join(', ')}; open (graph + heatmap + side panel): ${r.panels.open.map((x) => x.toFixed(2)).join(', ')}`);
  L.push('');
  L.push('DESIGN §7 targets:');
  for (const t of r.targets) L.push(`  [${t.held ? 'held' : 'NOT held'}] ${t.name}: ${t.detail}`);
  L.push(`(bench took ${r.seconds.toFixed(0)} s)`);
  return L.join('\n');
}

export function writeJson(r: BenchResult, file: string): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, JSON.stringify(r, null, 2) + '\n');
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const o = preset(args.includes('--quick') ? 'quick' : 'full');
  if (args.includes('--no-peer')) o.peer = null;
  if (args.includes('--no-torch')) o.torch = false;
  if (args.includes('--no-unrolled')) o.unrolled = false;
  if (args.includes('--no-panels')) o.panels = null;
  // Row selection, e.g. `--cells LSTM,GRU --T 200 --H 256` (a subset of the table, same windows).
  const list = (flag: string) => (args.includes(flag) ? args[args.indexOf(flag) + 1].split(',') : null);
  o.cells = (list('--cells') as Cell[] | null) ?? o.cells;
  o.Ts = list('--T')?.map(Number) ?? o.Ts;
  o.Hs = list('--H')?.map(Number) ?? o.Hs;
  // The rows alone: the build and memory rows shrunk to one repetition each.
  if (args.includes('--rows-only')) Object.assign(o, { build: { ...o.build, reps: 1 }, memory: { ...o.memory, epochs: 1, samples: 32 } });
  const outIdx = args.indexOf('--out');
  const out = outIdx >= 0 ? args[outIdx + 1] : path.join('test-results', 'bench.json');
  o.log = (l) => console.error(`  … ${l}`);
  if (args.includes('--panels-only') && args.includes('--workbench')) {
    const pairsIdx = args.indexOf('--pairs');
    const { T, H, batch } = o.panels!;
    const w = await runWorkbenchPanelsBench({ T, H, batch, nTrain: 2048, epochs: 14, pairs: pairsIdx >= 0 ? Number(args[pairsIdx + 1]) : 8, layout: args.includes('--split') ? 'split' : 'tabs' }, o.log);
    console.log(`panels in the workbench (graph, heatmap, state inspector, Kernels & Runs), ${w.model}: paired drop ${(100 * w.pairedDrop).toFixed(1)}% (median of ${w.open.length} pairs); closed ${w.closed.map((x) => x.toFixed(1)).join(', ')}; open ${w.open.map((x) => x.toFixed(1)).join(', ')} steps/s; layout: ${w.screenshot}`);
    const { browser, host } = w.cpuShare;
    console.log(`  CPU, share of one core, closed → open: extension host main thread ${(100 * host.closed).toFixed(1)}% → ${(100 * host.open).toFixed(1)}%, browser processes ${(100 * browser.closed).toFixed(1)}% → ${(100 * browser.open).toFixed(1)}%`);
    return;
  }
  if (args.includes('--panels-only')) {
    // The one row that needs a quiet machine most: run it alone, printed as the full run prints it.
    const threadsIdx = args.indexOf('--threads');
    const pairsIdx = args.indexOf('--pairs');
    const profileIdx = args.indexOf('--profile-pages');
    const p = await runPanelsBench({
      ...o.panels!,
      ...(args.includes('--inspector') ? { panels: ['graph', 'heatmap', 'sidePanel', 'states'] } : {}),
      threads: threadsIdx >= 0 ? Number(args[threadsIdx + 1]) : 0, // 0: the kernel's own choice, as unroll.threads 0
      ...(pairsIdx >= 0 ? { pairs: Number(args[pairsIdx + 1]) } : {}),
      ...(profileIdx >= 0 ? { profileDir: args[profileIdx + 1] } : {}),
    }, o.log);
    console.log(`panels, ${p.model}: open ${p.openMedian.toFixed(2)} vs closed ${p.closedMedian.toFixed(2)} steps/s (medians of ${p.open.length}), drop ${(100 * p.drop).toFixed(1)}%, ${p.messagesPosted} messages; closed ${p.closed.map((x) => x.toFixed(1)).join(', ')}; open ${p.open.map((x) => x.toFixed(1)).join(', ')}`);
    console.log(`  paired: the median of the ${p.open.length} pairs' own drops is ${(100 * p.pairedDrop).toFixed(1)}%`);
    console.log(`  page main-thread time while open, share of one core: ${Object.entries(p.pageCpuShare).map(([k, v]) => `${k} ${(100 * v).toFixed(1)}%`).join(', ')}`);
    const { host, browser } = p.processCpuShare;
    console.log(`  CPU, share of one core, closed → open: host main thread ${(100 * host.closed).toFixed(1)}% → ${(100 * host.open).toFixed(1)}%, browser processes ${(100 * browser.closed).toFixed(1)}% → ${(100 * browser.open).toFixed(1)}%`);
    return;
  }
  const r = await runBench(o);
  console.log(formatTable(r));
  writeJson(r, out);
  console.log(`results: ${out}`);
}

if (require.main === module) {
  main().catch((e) => {
    console.error(e);
    process.exit(1);
  });
}
