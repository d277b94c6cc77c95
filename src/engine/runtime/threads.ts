// How many intra-op threads a session gets when the user leaves it to us (`unroll.threads` 0).
//
// ONNX Runtime splits every op over its thread pool. Inside a recurrence's loop each op is one
// time step's worth ([B, H] × [H, G·H] and the cell's elementwise work on [B, G·H]), and when that
// is small the hand-offs between threads cost more than the second core gives. Measured on a
// 2-core machine, forward + BPTT + Adam at batch 32, steps of one session interleaved with the
// other's: SimpleRNN(64) trains 1.5–1.8× faster on one thread, SimpleRNN(128) 1.4×, LSTM(64) and
// GRU(64) 1.1–1.4×; GRU(128) (1.6 M multiply-adds per step product) ties; from LSTM(128) and
// SimpleRNN(256) at batch 32, or LSTM(64) at batch 128 (2.1 M), two threads win by 5–35%.
// PyTorch makes the same call per op (at::parallel_for runs an op of fewer than 32 Ki elements on
// one thread); ONNX Runtime takes the thread count per session, so the session decides it.
import type { Graph } from '../graph/graph';
import { physicalCores } from './cores';

/** A loop whose largest per-step product is below this many multiply-adds runs on one thread. */
export const ONE_THREAD_BELOW_MACS = 1.5e6;

/**
 * The largest matrix product a loop body (a Scan's or Loop's, at any depth) does per iteration,
 * in multiply-adds per row of its left operand: K·N of [rows, K] × [K, N]. 0 when the graph has
 * no loop (no recurrence, or the unrolled lowering, whose products are plain nodes).
 */
export function largestLoopProduct(g: Graph, inLoop = false): number {
  let largest = 0;
  for (const n of g.nodes) {
    if (inLoop && (n.op === 'MatMul' || n.op === 'Gemm') && n.inputs[0]?.shape.length === 2 && n.inputs[1]?.shape.length === 2) {
      const [k, m] = n.inputs[1].shape;
      if (typeof k === 'number' && typeof m === 'number') largest = Math.max(largest, k * m);
    }
    for (const a of Object.values(n.attrs)) if (a.kind === 'graph') largest = Math.max(largest, largestLoopProduct(a.v, true));
  }
  return largest;
}

/**
 * largestLoopProduct of each graph asked about, read once: the trainer asks at every training
 * step (the session cache is keyed by the count), and a graph is final once a session runs it.
 */
const loopProducts = new WeakMap<Graph, number>();

/**
 * Intra-op threads for a session of `g` run on batches of `batch` rows: one when its loop's
 * per-step products are small (see above), else one per physical core.
 */
export function intraOpThreadsFor(g: Graph, batch: number, cores = physicalCores()): number {
  let perStep = loopProducts.get(g);
  if (perStep === undefined) loopProducts.set(g, (perStep = largestLoopProduct(g)));
  return perStep > 0 && perStep * batch < ONE_THREAD_BELOW_MACS ? 1 : cores;
}
