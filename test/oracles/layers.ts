/**
 * Keras layers as plain functions of (config, weights as `get_weights()`, inputs).
 * This is the oracle the ONNX training graph is checked against, so it favours
 * obviousness over speed.
 */
import { getInitializer, InitializerSpec } from '../../src/engine/init';
import { Rng } from '../../src/engine/util/rng';
import { applyActivationInPlace } from './activations';
import { CellConfig, CellKind, gateCount, makeCell, weightShapes } from './cells';
import { RnnCall, RnnLoopOptions, RnnResult, runRnn } from './rnn';
import { Tensor, assertShape, concatLast, elementwise, matmulBias, reverseTime, tensor, zeros } from './tensor';

export interface RecurrentConfig extends CellConfig, RnnLoopOptions {
  returnState?: boolean;
}

/** SimpleRNN / LSTM / GRU forward. x: [B, T, I]. */
export function recurrent(kind: CellKind, cfg: RecurrentConfig, weights: Tensor[], x: Tensor, call: RnnCall = {}): RnnResult {
  assertShape(x, [null, null, null], `${kind} input`);
  const cell = makeCell(kind, cfg, weights, x.shape[2]);
  return runRnn(cell, x, call, cfg);
}

export const simpleRNN = (cfg: RecurrentConfig, w: Tensor[], x: Tensor, call?: RnnCall) => recurrent('SimpleRNN', cfg, w, x, call);
export const lstm = (cfg: RecurrentConfig, w: Tensor[], x: Tensor, call?: RnnCall) => recurrent('LSTM', cfg, w, x, call);
export const gru = (cfg: RecurrentConfig, w: Tensor[], x: Tensor, call?: RnnCall) => recurrent('GRU', cfg, w, x, call);

export type MergeMode = 'concat' | 'sum' | 'mul' | 'ave' | null;

export interface BidirectionalOptions {
  mergeMode?: MergeMode;
  /**
   * Keras forces zero_output_for_mask = return_sequences on both directions
   * (bidirectional.py, force_zero_output_for_mask). TF.js has no such flag: pass false
   * to reproduce it.
   */
  forceZeroOutputForMask?: boolean;
}

export interface BidirectionalResult {
  /** Merged [B, T, 2H | H] / [B, 2H | H], or [forward, backward] when merge_mode is None. */
  output: Tensor | [Tensor, Tensor];
  /** Forward states then backward states (Keras order). */
  states: Tensor[];
}

/**
 * Keras 3 Bidirectional. `weights` is `get_weights()` of the wrapper: the forward layer's
 * list then the backward layer's. initial_state: first half forward, second half backward.
 */
export function bidirectional(
  kind: CellKind, cfg: RecurrentConfig, weights: Tensor[], x: Tensor,
  call: RnnCall = {}, opts: BidirectionalOptions = {},
): BidirectionalResult {
  if (cfg.goBackwards) {
    // Keras 3 sets the backward copy's go_backwards=True, then rejects equal directions.
    throw new Error('Bidirectional: the wrapped layer must not have go_backwards=True (forward and backward layers would run the same direction)');
  }
  const mergeMode = opts.mergeMode === undefined ? 'concat' : opts.mergeMode;
  if (mergeMode !== null && !['concat', 'sum', 'mul', 'ave'].includes(mergeMode)) {
    throw new Error(`Invalid merge mode '${mergeMode}'. Merge mode should be one of "sum", "mul", "ave", "concat", None`);
  }
  if (weights.length % 2 !== 0) throw new Error(`Bidirectional expects forward + backward weights, got ${weights.length} arrays`);
  const half = weights.length / 2;
  const zeroOut = (opts.forceZeroOutputForMask ?? true) ? !!cfg.returnSequences : !!cfg.zeroOutputForMask;
  const fwdCfg: RecurrentConfig = { ...cfg, goBackwards: false, zeroOutputForMask: zeroOut };
  const bwdCfg: RecurrentConfig = { ...cfg, goBackwards: true, zeroOutputForMask: zeroOut };
  let fwdState: Tensor[] | null = null, bwdState: Tensor[] | null = null;
  if (call.initialState) {
    const n = call.initialState.length / 2;
    fwdState = call.initialState.slice(0, n);
    bwdState = call.initialState.slice(n);
  }
  const y = recurrent(kind, fwdCfg, weights.slice(0, half), x, { mask: call.mask, initialState: fwdState });
  const yRev = recurrent(kind, bwdCfg, weights.slice(half), x, { mask: call.mask, initialState: bwdState });
  // The backward sequence comes out in processing order; flip it to align with time.
  const back = cfg.returnSequences ? reverseTime(yRev.output) : yRev.output;
  const states = [...y.states, ...yRev.states];
  return { output: mergeOutputs(y.output, back, mergeMode), states };
}

export function mergeOutputs(a: Tensor, b: Tensor, mode: MergeMode): Tensor | [Tensor, Tensor] {
  if (mode === null) return [a, b];
  if (mode === 'concat') return concatLast(a, b);
  if (mode === 'sum') return elementwise(a, b, (u, v) => u + v);
  if (mode === 'mul') return elementwise(a, b, (u, v) => u * v);
  return elementwise(a, b, (u, v) => (u + v) / 2);
}

export interface DenseConfig {
  units: number;
  activation?: string | null;
  useBias?: boolean;
}

/** Keras Dense on the last axis of any rank ≥ 2: kernel [F, U], bias [U]. */
export function dense(cfg: DenseConfig, weights: Tensor[], x: Tensor): Tensor {
  const useBias = cfg.useBias ?? true;
  if (weights.length !== (useBias ? 2 : 1)) throw new Error(`Dense: expected ${useBias ? 2 : 1} weight arrays, got ${weights.length}`);
  const F = x.shape[x.shape.length - 1];
  assertShape(weights[0], [F, cfg.units], 'Dense kernel');
  if (useBias) assertShape(weights[1], [cfg.units], 'Dense bias');
  const y = matmulBias(x, weights[0], useBias ? weights[1].data : null);
  applyActivationInPlace(y.data, cfg.units, cfg.activation);
  return y;
}

/** TimeDistributed(Dense): the Dense applied to each [B, F] slice of [B, T, F] separately. */
export function timeDistributedDense(cfg: DenseConfig, weights: Tensor[], x: Tensor): Tensor {
  assertShape(x, [null, null, null], 'TimeDistributed input');
  const [B, T, F] = x.shape;
  const out = zeros([B, T, cfg.units]);
  for (let t = 0; t < T; t++) {
    const slice = zeros([B, F]);
    for (let b = 0; b < B; b++) slice.data.set(x.data.subarray((b * T + t) * F, (b * T + t + 1) * F), b * F);
    const y = dense(cfg, weights, slice); // [B, U]
    for (let b = 0; b < B; b++) out.data.set(y.data.subarray(b * cfg.units, (b + 1) * cfg.units), (b * T + t) * cfg.units);
  }
  return out;
}

export interface EmbeddingConfig {
  inputDim: number;
  outputDim: number;
  maskZero?: boolean;
}

/** ids: [B, T] integers in [0, inputDim). Returns [B, T, D] and, with mask_zero, mask = ids ≠ 0. */
export function embedding(cfg: EmbeddingConfig, weights: Tensor[], ids: Tensor): { output: Tensor; mask: Tensor | null } {
  assertShape(weights[0], [cfg.inputDim, cfg.outputDim], 'Embedding embeddings');
  const D = cfg.outputDim;
  const out = zeros([...ids.shape, D]);
  const mask = cfg.maskZero ? zeros(ids.shape) : null;
  for (let n = 0; n < ids.data.length; n++) {
    const id = ids.data[n];
    if (!Number.isInteger(id) || id < 0 || id >= cfg.inputDim) {
      throw new Error(`Embedding: index ${id} at position ${n} is outside [0, ${cfg.inputDim})`);
    }
    out.data.set(weights[0].data.subarray(id * D, (id + 1) * D), n * D);
    if (mask) mask.data[n] = id !== 0 ? 1 : 0;
  }
  return { output: out, mask };
}

/** Keras Masking: a step is kept if any feature ≠ mask_value; masked steps are zeroed. */
export function masking(x: Tensor, maskValue = 0): { output: Tensor; mask: Tensor } {
  assertShape(x, [null, null, null], 'Masking input');
  const [B, T, F] = x.shape;
  const mask = zeros([B, T]);
  const out = zeros(x.shape);
  for (let n = 0; n < B * T; n++) {
    let keep = false;
    for (let f = 0; f < F; f++) if (x.data[n * F + f] !== maskValue) keep = true;
    mask.data[n] = keep ? 1 : 0;
    if (keep) out.data.set(x.data.subarray(n * F, (n + 1) * F), n * F);
  }
  return { output: out, mask };
}

/** RepeatVector(n): [B, F] → [B, n, F]. */
export function repeatVector(x: Tensor, n: number): Tensor {
  assertShape(x, [null, null], 'RepeatVector input');
  const [B, F] = x.shape;
  const out = zeros([B, n, F]);
  for (let b = 0; b < B; b++) for (let t = 0; t < n; t++) out.data.set(x.data.subarray(b * F, (b + 1) * F), (b * n + t) * F);
  return out;
}

export interface InitSpecs {
  kernelInitializer?: InitializerSpec;
  recurrentInitializer?: InitializerSpec;
  biasInitializer?: InitializerSpec;
  /** LSTM only; Keras default true: forget-gate bias starts at 1. */
  unitForgetBias?: boolean;
}

/**
 * Fresh weights with Keras 3 defaults: glorot_uniform kernel, orthogonal recurrent
 * kernel, zero bias; LSTM with unit_forget_bias puts ones in the forget block
 * (bias = [init(H), ones(H), init(2H)], as Keras' bias_initializer closure does).
 */
export function initRecurrentWeights(kind: CellKind, cfg: CellConfig, inputDim: number, rng: Rng, specs: InitSpecs = {}): Tensor[] {
  const shapes = weightShapes(kind, cfg, inputDim);
  const H = cfg.units;
  const kernel = getInitializer(specs.kernelInitializer ?? 'glorot_uniform');
  const recurrentInit = getInitializer(specs.recurrentInitializer ?? 'orthogonal');
  const biasInit = getInitializer(specs.biasInitializer ?? 'zeros');
  const out = [tensor(shapes[0], kernel.init(shapes[0], rng)), tensor(shapes[1], recurrentInit.init(shapes[1], rng))];
  if (shapes.length === 3) {
    if (kind === 'LSTM' && (specs.unitForgetBias ?? true)) {
      const b = new Float64Array(4 * H);
      b.set(biasInit.init([H], rng), 0);
      b.fill(1, H, 2 * H);
      b.set(biasInit.init([2 * H], rng), 2 * H);
      out.push(tensor([4 * H], b));
    } else {
      out.push(tensor(shapes[2], biasInit.init(shapes[2], rng)));
    }
  }
  return out;
}

export { gateCount, weightShapes };
