// One training step as one ONNX graph:
//   inputs:  parameters, optimizer slots, x, y, step (Keras iterations + 1), lr
//   outputs: new parameters and slots, loss, metrics, and diagnostics —
//            ‖dL/dh_t‖ per layer/direction (per sample [T, B] and batch mean [T]),
//            per-parameter ‖grad‖ and ‖update‖/‖param‖, the global norm before clipping,
//            and a NaN/Inf flag.
import { backprop } from '../autodiff/backprop';
import { Graph } from '../graph/graph';
import { encodeModel } from '../graph/onnx';
import type { FloatDType, Value } from '../graph/types';
import type { DropoutInput } from '../layers/dropout';
import type { AttentionProbeRecord, BuildContext, PerStepWeights, RecurrenceRecord, StateProbeRecord } from '../layers/layer';
import { inputDType, InputSpec, Sequential } from '../layers/sequential';
import { declareInputs, Model } from '../model/model';
import { computeLoss, LossOptions } from '../losses';
import { asLossOptions, LossSpec, OutputHead, outputHeads, uniqueOutputNames } from './heads';
import { computeMetric } from '../losses/metrics';
import * as op from '../ops';
import { gradNorms } from '../ops/recurrence';
import { clipGradients, globalNorm, l2norm } from '../optim/clip';
import { makeOptimizer, Optimizer } from '../optim/optimizers';

export type { CompileOptions, TargetSpec } from '../../keras/compile';
import type { CompileOptions, TargetSpec } from '../../keras/compile';


export interface StepGraphOptions {
  dtype?: FloatDType;
  lowering?: 'scan' | 'unrolled';
  /** Static T (needed for unrolled; Scan graphs keep T symbolic). */
  T?: number;
}

interface SlotRef {
  param: string;
  slot: string;
  /** Graph input / output names. */
  input: string;
  output: string;
  init: number;
  shape: number[];
}

interface TelemetryNames {
  /** Per recurrence: ‖dL/dh_t‖ per sample [T, B] and batch mean [T]. */
  dh: { layer: string; direction: string; perSample: string; mean: string }[];
  gradNorm: Record<string, string>;
  updateRatio: Record<string, string>;
  globalNorm: string;
  nonFinite: string;
}

export interface TrainStepGraph {
  graph: Graph;
  params: { key: string; shape: number[]; output: string }[];
  slots: SlotRef[];
  /** xs: every model input (functional models may have several); x = xs[0]; ys: one target per output, y = ys[0]. */
  inputs: { x: string; xs: string[]; y: string; ys: string[]; step: string; lr: string };
  loss: string;
  /** Log name (`accuracy`, or `<output>_loss`, `<output>_accuracy` with several outputs) → graph output. */
  metrics: Record<string, string>;
  telemetry: TelemetryNames;
  optimizer: Optimizer;
  /** Dropout masks to feed every step (layers/dropout.ts makeDropoutFeeds); empty without dropout. */
  dropout: DropoutInput[];
  encode(): Uint8Array;
}

/** Graph input name of an optimizer slot; the trainer allocates slots under the same names. */
export function slotInputName(param: string, slot: string): string {
  return `slot.${param}.${slot}`;
}

/** The loss of a single-output compile (the one every output shares when only one is given). */
export function lossOptions(l: LossSpec | LossSpec[]): LossOptions {
  if (Array.isArray(l)) {
    if (l.length !== 1) throw new Error(`one loss expected, got ${l.length}`);
    return asLossOptions(l[0]);
  }
  return asLossOptions(l);
}

/** Keras output names: the producing layer's name per output (Sequential: its last layer). */
function outputNamesOf(model: Sequential | Model): string[] {
  if (!(model instanceof Model)) return [model.layers[model.layers.length - 1]?.name ?? model.name];
  return uniqueOutputNames(model.outputs.map((o) => (o.origin.kind === 'call' ? o.origin.call.layer.name : o.origin.input.name)));
}

export function headsOf(model: Sequential | Model, compile: CompileOptions): OutputHead[] {
  return outputHeads(outputNamesOf(model), compile.loss, compile.metrics, compile.lossWeights);
}

/** Graph input names of the targets: `y` for one output, `y.<k>` for several. */
function targetInputNames(count: number): string[] {
  return count === 1 ? ['y'] : Array.from({ length: count }, (_, k) => `y.${k}`);
}

/**
 * The total loss (Σ weight·loss over outputs) and every metric, as graph outputs named
 * `metric.<log name>`; with several outputs each output's own loss is logged as a metric too.
 */
export function emitLossAndMetrics(g: Graph, heads: OutputHead[], targets: TargetSpec[], preds: Value[], masks: (Value | undefined)[], T: number | undefined): { loss: Value; metrics: Record<string, string>; ys: string[] } {
  if (targets.length !== heads.length) throw new Error(`the model has ${heads.length} output(s) but ${targets.length} target(s) were given`);
  const names = targetInputNames(heads.length);
  const metrics: Record<string, string> = {};
  let total: Value | undefined;
  heads.forEach((h, k) => {
    const shape = targets[k].shape.map((d) => (d === 'T' && T !== undefined ? T : d));
    const y = g.input(names[k], targets[k].dtype === 'int64' ? 'int64' : g.floatType, ['B', ...shape]);
    const own = computeLoss(g, h.loss, y, preds[k], masks[k]);
    if (h.lossLog) metrics[h.lossLog] = g.output(own, `metric.${h.lossLog}`).name;
    const weighted = h.weight === 1 ? own : op.mul(g, own, op.constLike(g, own, h.weight));
    total = total ? op.add(g, total, weighted) : weighted;
    for (const m of h.metrics) metrics[m.log] = g.output(computeMetric(g, m.metric, h.loss, y, preds[k], masks[k]), `metric.${m.log}`).name;
  });
  return { loss: total!, metrics, ys: names };
}

/** One graph input per model parameter (named by its key), and the lookup layers find theirs with (BuildContext.param). */
export function declareParams(g: Graph, model: Sequential | Model, input: InputSpec): { params: Map<string, Value>; param: BuildContext['param'] } {
  const params = new Map<string, Value>();
  for (const e of model.paramEntries(input)) params.set(e.key, g.input(e.key, g.floatType, e.spec.shape));
  const param = (layer: string, name: string) => {
    const v = params.get(`${layer}.${name}`);
    if (!v) throw new Error(`no parameter ${layer}.${name}`);
    return v;
  };
  return { params, param };
}

/** What a probe graph asks the layers to record or to read differently (see BuildContext). */
export interface ForwardProbes {
  stateProbes?: StateProbeRecord[];
  attentionProbes?: AttentionProbeRecord[];
  perStepWeights?: PerStepWeights;
}

/** Builds the forward graph for a model inside g; returns prediction, mask and the recurrences. */
export function buildForward(
  g: Graph,
  model: Sequential | Model,
  input: InputSpec,
  opts: StepGraphOptions,
  training: boolean,
  probes: ForwardProbes = {},
): { x: Value; xs: Value[]; pred: Value; preds: Value[]; mask?: Value; masks: (Value | undefined)[]; recurrences: RecurrenceRecord[]; params: Map<string, Value>; dropout: DropoutInput[] } {
  const { params, param } = declareParams(g, model, input);
  const ctx: BuildContext = {
    g,
    param,
    lowering: opts.lowering ?? 'scan',
    T: opts.T,
    training,
    recurrences: [],
    dropout: [],
    ...probes,
  };
  // A functional model declares its own inputs (`x`, or `x.<name>` each) and may have several outputs.
  const xs = model instanceof Model ? declareInputs(g, model, opts.T) : [g.input('x', inputDType(input, g.floatType), ['B', ...input.shape.map((d) => (d === 'T' && opts.T !== undefined ? opts.T : d))])];
  const outs = model instanceof Model ? model.forwardAll(ctx, xs.map((value) => ({ value }))) : [model.forward(ctx, { value: xs[0] })];
  return { x: xs[0], xs, pred: outs[0].value, preds: outs.map((o) => o.value), mask: outs[0].mask, masks: outs.map((o) => o.mask), recurrences: ctx.recurrences, params, dropout: ctx.dropout! };
}

/** `target`: one per model output (a single TargetSpec for a single-output model). */
export function buildTrainStep(model: Sequential | Model, input: InputSpec, target: TargetSpec | TargetSpec[], compile: CompileOptions, opts: StepGraphOptions = {}): TrainStepGraph {
  const dtype = opts.dtype ?? 'float32';
  const g = new Graph(`${model.name}_train_step`, dtype);
  const { xs, preds, masks, recurrences, params, dropout } = buildForward(g, model, input, opts, true);
  const entries = model.paramEntries(input);
  const targets = Array.isArray(target) ? target : [target];
  const { loss, metrics: metricNames, ys } = emitLossAndMetrics(g, headsOf(model, compile), targets, preds, masks, opts.T);
  const step = g.input('step', dtype, []);
  const lr = g.input('lr', dtype, []);

  // ---- backward
  const pvals = entries.map((e) => params.get(e.key)!);
  const grads = backprop(g, [[loss, g.scalar(1)]], pvals);
  const dps = pvals.map((p) => grads.get(p) ?? op.zerosLike(g, p));

  // ---- telemetry that needs the raw gradients
  const gnorm = globalNorm(g, dps); // before clipping
  const optimizer = makeOptimizer(compile.optimizer);
  const clipped = clipGradients(g, dps, optimizer.config, gnorm);

  // ---- optimizer update
  const slotRefs: SlotRef[] = [];
  const diag: TelemetryNames = { dh: [], gradNorm: {}, updateRatio: {}, globalNorm: '', nonFinite: '' };
  const paramOuts: TrainStepGraph['params'] = [];
  entries.forEach((e, i) => {
    const slotDefs = optimizer.slots();
    const slotIns = slotDefs.map((s) => {
      const ref: SlotRef = { param: e.key, slot: s.name, input: slotInputName(e.key, s.name), output: `new_slot.${e.key}.${s.name}`, init: s.init, shape: e.spec.shape };
      slotRefs.push(ref);
      return g.input(ref.input, dtype, e.spec.shape);
    });
    const upd = optimizer.update(g, pvals[i], clipped[i], slotIns, lr, step);
    paramOuts.push({ key: e.key, shape: e.spec.shape, output: g.output(upd.param, `new.${e.key}`).name });
    upd.slots.forEach((s, k) => g.output(s, slotRefs[slotRefs.length - slotDefs.length + k].output));
    diag.gradNorm[e.key] = g.output(l2norm(g, dps[i]), `diag.grad_norm.${e.key}`).name;
    // ‖Δp‖ / ‖p‖ (ε keeps an all-zero bias at step 1 finite)
    const ratio = op.div(g, l2norm(g, op.sub(g, upd.param, pvals[i])), op.addC(g, l2norm(g, pvals[i]), 1e-12));
    diag.updateRatio[e.key] = g.output(ratio, `diag.update_ratio.${e.key}`).name;
  });

  for (const r of recurrences) {
    const per = gradNorms(g, r.rec, grads);
    if (!per) continue;
    const tag = `${r.layer}.${r.direction}`;
    diag.dh.push({
      layer: r.layer,
      direction: r.direction,
      perSample: g.output(per, `diag.dh.${tag}`).name, // [T, B]
      mean: g.output(op.reduceMean(g, per, [1]), `diag.dh_mean.${tag}`).name, // [T]
    });
  }
  diag.globalNorm = g.output(gnorm, 'diag.global_norm').name;
  const bad = (v: Value) => g.op('Or', [g.op('IsNaN', [v]), g.op('IsInf', [v])]);
  diag.nonFinite = g.output(g.op('Or', [bad(loss), bad(gnorm)]), 'diag.nonfinite').name;
  const lossName = g.output(loss, 'loss').name;

  return {
    graph: g,
    params: paramOuts,
    slots: slotRefs,
    inputs: { x: xs[0].name, xs: xs.map((v) => v.name), y: ys[0], ys, step: 'step', lr: 'lr' },
    loss: lossName,
    metrics: metricNames,
    telemetry: diag,
    optimizer,
    dropout,
    encode: () => encodeModel(g),
  };
}

/** Inference graph: parameters and x in, predictions out (a functional model's extra outputs as pred_1, …). */
export function buildPredict(model: Sequential | Model, input: InputSpec, opts: StepGraphOptions = {}): { graph: Graph; output: string; outputs: string[]; inputs: string[]; encode(): Uint8Array } {
  const g = new Graph(`${model.name}_predict`, opts.dtype ?? 'float32');
  const { xs, preds } = buildForward(g, model, input, opts, false);
  const outputs = preds.map((p, i) => g.output(p, i === 0 ? 'pred' : `pred_${i}`).name);
  return { graph: g, output: outputs[0], outputs, inputs: xs.map((v) => v.name), encode: () => encodeModel(g) };
}
