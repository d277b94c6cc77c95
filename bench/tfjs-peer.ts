/**
 * The TensorFlow.js side of `npm run bench`: training steps per second of a Keras-style
 * RNN (one recurrent layer → Dense(1) on the last state, mse, Adam, batch 32) with the
 * tfjs **wasm** backend, the fastest TF.js peer that installs offline (tfjs-node needs a
 * download). Our engine's numbers are divided by these.
 *
 * Wasm in Node: the backend's Emscripten loader reads the .wasm file through `fs`, so
 * `setWasmPaths` must get the dist folder as a plain file path ending in a separator.
 * Node has no cross-origin-isolated SharedArrayBuffer workers for tfjs, so the backend
 * runs single-threaded with SIMD (WASM_HAS_MULTITHREAD_SUPPORT is false); we report that.
 * If wasm cannot start, we fall back to the cpu backend and label every row with it.
 *
 * Peer semantics: LSTM/GRU use recurrentActivation 'sigmoid' (TF.js defaults to Keras 2's
 * hardSigmoid) and GRU is reset_after=False (TF.js has no reset_after=True); the FLOP
 * count is the same either way.
 */
import * as path from 'path';
import * as tf from '@tensorflow/tfjs';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';

export type PeerCell = 'SimpleRNN' | 'LSTM' | 'GRU';

export interface PeerRow {
  cell: PeerCell;
  T: number;
  H: number;
  stepsPerSec: number;
  /** FLOPs of one training step by `trainStepFlops` (recurrent matmuls only). */
  flopsPerStep: number;
  /** flopsPerStep · stepsPerSec / 1e9. */
  gflopsPerSec: number;
  /** Timed steps behind stepsPerSec. */
  steps: number;
  backend: 'wasm' | 'cpu';
}

export interface BackendInfo {
  backend: 'wasm' | 'cpu';
  simd: boolean | null;
  multithread: boolean | null;
  /** Why wasm is not in use, when it is not. */
  fallbackReason?: string;
}

/** Gates per cell: the recurrent kernels are [·, G·H]. */
export function gateCount(cell: PeerCell): number {
  return cell === 'SimpleRNN' ? 1 : cell === 'LSTM' ? 4 : 3;
}

/**
 * FLOPs of one training step for a recurrent layer of width H over T steps, batch B,
 * input width I (a multiply-add counts 2):
 *   forward  = 2·B·T·(I + H)·G·H     input projection x·W [I, G·H] and recurrent h·U [H, G·H]
 *   backward ≈ 2 × forward           each matmul needs dX = dY·Wᵀ and dW = Xᵀ·dY
 *   total    = 3 × forward
 * Elementwise gate work (O(B·T·G·H)), the Dense(1) head, the loss and Adam (O(params))
 * are left out: at these sizes they are under 2% of the matmul work, and leaving them
 * out keeps the count identical for every implementation we compare.
 */
export function trainStepFlops(cell: PeerCell, B: number, T: number, I: number, H: number): { forward: number; backward: number; total: number } {
  const forward = 2 * B * T * (I + H) * gateCount(cell) * H;
  return { forward, backward: 2 * forward, total: 3 * forward };
}

let backendInfo: Promise<BackendInfo> | null = null;

/** Starts the wasm backend once (or the cpu fallback) and says which is running. */
export function initTfjsBackend(prefer: 'wasm' | 'cpu' = 'wasm'): Promise<BackendInfo> {
  if (!backendInfo) backendInfo = startBackend(prefer);
  return backendInfo;
}

async function startBackend(prefer: 'wasm' | 'cpu'): Promise<BackendInfo> {
  let fallbackReason: string | undefined;
  if (prefer === 'wasm') {
    try {
      const dist = path.dirname(require.resolve('@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm'));
      setWasmPaths(dist + path.sep);
      const ok = await tf.setBackend('wasm');
      await tf.ready();
      if (ok && tf.getBackend() === 'wasm') {
        // Prove it computes, not only that it registered.
        const probe = tf.matMul(tf.ones([2, 2]), tf.ones([2, 2]));
        const v = probe.dataSync();
        probe.dispose();
        if (v[0] !== 2) throw new Error(`wasm backend computed ${v[0]} for a 2x2 ones matmul`);
        return {
          backend: 'wasm',
          simd: Boolean(await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT')),
          multithread: Boolean(await tf.env().getAsync('WASM_HAS_MULTITHREAD_SUPPORT')),
        };
      }
      fallbackReason = `tf.setBackend('wasm') returned ${ok}; active backend ${tf.getBackend()}`;
    } catch (e) {
      fallbackReason = `wasm backend failed to initialise: ${(e as Error).message}`;
    }
  } else {
    fallbackReason = 'cpu requested';
  }
  await tf.setBackend('cpu');
  await tf.ready();
  return { backend: 'cpu', simd: null, multithread: null, fallbackReason };
}

export interface PeerOptions {
  cells?: PeerCell[];
  Ts?: number[];
  Hs?: number[];
  batch?: number;
  inputDim?: number;
  warmupSteps?: number;
  /** Timed-phase budget per configuration; steps continue until it is spent and minSteps are done. */
  budgetMsPerConfig?: number;
  /**
   * Whole-sweep budget: once spent, the remaining configurations get minSteps only (every
   * row is still measured). The slowest rows (LSTM, T = 200, H = 256: ~9 s a step on one
   * wasm thread) dominate, so the defaults give ~75 s on a 2-core machine.
   */
  totalBudgetMs?: number;
  minSteps?: number;
  backend?: 'wasm' | 'cpu';
  log?: (line: string) => void;
}

/**
 * The recurrent kernel starts glorot-uniform instead of Keras' orthogonal: TF.js's
 * orthogonal initializer runs a JS QR that takes seconds at H = 256 and warns, and the
 * initial values do not change the cost of a step.
 */
function recurrentLayer(cell: PeerCell, H: number, T: number, I: number): tf.layers.Layer {
  const common = { units: H, inputShape: [T, I], recurrentInitializer: 'glorotUniform' as const };
  if (cell === 'SimpleRNN') return tf.layers.simpleRNN(common);
  if (cell === 'LSTM') return tf.layers.lstm({ ...common, recurrentActivation: 'sigmoid' });
  return tf.layers.gru({ ...common, recurrentActivation: 'sigmoid' });
}

/** Steps per second for one configuration. */
export async function measureConfig(
  cell: PeerCell, T: number, H: number,
  opts: { batch: number; inputDim: number; warmupSteps: number; budgetMs: number; minSteps: number },
): Promise<{ stepsPerSec: number; steps: number }> {
  const { batch: B, inputDim: I } = opts;
  const model = tf.sequential();
  model.add(recurrentLayer(cell, H, T, I));
  model.add(tf.layers.dense({ units: 1 }));
  model.compile({ optimizer: tf.train.adam(1e-3), loss: 'meanSquaredError' });
  const x = tf.randomNormal([B, T, I], 0, 1, 'float32', 1);
  const y = tf.randomNormal([B, 1], 0, 1, 'float32', 2);
  try {
    // trainOnBatch = forward + BPTT + Adam update; awaiting the loss forces the step to finish.
    for (let i = 0; i < opts.warmupSteps; i++) await model.trainOnBatch(x, y);
    let steps = 0;
    const t0 = performance.now();
    while (steps < opts.minSteps || performance.now() - t0 < opts.budgetMs) {
      await model.trainOnBatch(x, y);
      steps++;
    }
    const seconds = (performance.now() - t0) / 1000;
    return { stepsPerSec: steps / seconds, steps };
  } finally {
    tf.dispose([x, y]);
    model.dispose();
  }
}

/** The whole peer sweep; defaults keep it around 2 minutes on 2 cores. */
export async function measureTfjsPeer(opts: PeerOptions = {}): Promise<{ info: BackendInfo; rows: PeerRow[] }> {
  const info = await initTfjsBackend(opts.backend ?? 'wasm');
  const cells = opts.cells ?? ['SimpleRNN', 'LSTM', 'GRU'];
  const Ts = opts.Ts ?? [50, 200];
  const Hs = opts.Hs ?? [64, 256];
  const batch = opts.batch ?? 32, inputDim = opts.inputDim ?? 32;
  const rows: PeerRow[] = [];
  const deadline = performance.now() + (opts.totalBudgetMs ?? 120000);
  for (const cell of cells)
    for (const T of Ts)
      for (const H of Hs) {
        const overTime = performance.now() > deadline;
        const r = await measureConfig(cell, T, H, {
          batch, inputDim,
          warmupSteps: opts.warmupSteps ?? 1,
          budgetMs: overTime ? 0 : opts.budgetMsPerConfig ?? 3000,
          minSteps: opts.minSteps ?? 1,
        });
        const flopsPerStep = trainStepFlops(cell, batch, T, inputDim, H).total;
        const row: PeerRow = {
          cell, T, H, stepsPerSec: r.stepsPerSec, flopsPerStep,
          gflopsPerSec: (flopsPerStep * r.stepsPerSec) / 1e9, steps: r.steps, backend: info.backend,
        };
        rows.push(row);
        opts.log?.(formatRow(row));
      }
  return { info, rows };
}

export function formatHeader(): string {
  return ['backend', 'cell', 'T', 'H', 'steps/s', 'GFLOP/step', 'GFLOP/s', 'timed steps'].map((s) => s.padStart(11)).join(' ');
}

export function formatRow(r: PeerRow): string {
  return [r.backend, r.cell, String(r.T), String(r.H), r.stepsPerSec.toFixed(2), (r.flopsPerStep / 1e9).toFixed(3), r.gflopsPerSec.toFixed(2), String(r.steps)]
    .map((s) => s.padStart(11))
    .join(' ');
}
