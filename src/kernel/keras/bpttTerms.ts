// unroll.bptt_terms / unroll.show_bptt (issue 15, item 5): ∂L/∂W of one recurrent layer's weight
// for one example as Σ_t term_t, term_t flowing into W through step t's use of it. The training
// thread computes the terms with the engine's probe graph (engine/train/bptt.ts); here the cell's
// arguments are checked, the numbers returned as a dict, and show_bptt hands the view to the
// host, which opens the BPTT Step-Through panel (a display item it reads, notebook/kernels.ts).
import { NdArray, PyException, PyList, ResultDict, implementFunction, type BoundArgs, type CallContext, type Value } from '../../language';
import { BPTT_TERMS, SHOW_BPTT } from '../../keras/unroll';
import { BPTT_VIEW_MIME, type BpttResult, type BpttView, type BpttWeightSeries } from '../../protocol/bptt';
import { encodeJson } from '../../protocol/gradients/codec';
import { bidirectionalCopyName } from '../../engine/layers/wrappers';
import { chosenDirection, chosenLayer, readsBackwards, recurrentConfig } from './chainOfPartials';
import { toArray, toInt, toStr, toTensor } from './convert';
import { runEngine } from './engineCalls';
import { timeLabels } from './inspectedStates';
import { KerasModel } from './model';
import { labelledData } from './modelRuns';

type Weight = BpttWeightSeries['weight'];
const WEIGHTS: readonly Weight[] = ['kernel', 'recurrent_kernel', 'bias'];

/** x and y as batches: one sequence (no batch axis) becomes a batch of one with its target. */
function asBatch(model: KerasModel, a: BoundArgs): BoundArgs {
  const spec = model.inputSpecs()?.[0];
  if (!spec || model.inputNames().length !== 1) return a;
  const x = toArray(a.x, 'x');
  if (x.shape.length !== spec.shape.length) return a;
  // A scalar target (y_train[0] of a (N,) target) is the batch [y].
  const scalar = typeof a.y === 'number' || typeof a.y === 'bigint';
  const y = toArray(scalar ? new PyList([a.y]) : a.y, 'y');
  return { ...a, x: new NdArray(x.data, [1, ...x.shape], x.dtype), y: scalar ? y : new NdArray(y.data, [1, ...y.shape], y.dtype) };
}

/** Row `i` of a batch, as a batch of one. */
function rowOf(a: NdArray, i: number): NdArray {
  const size = a.shape.slice(1).reduce((p, d) => p * d, 1);
  return new NdArray(a.data.slice(i * size, (i + 1) * size), [1, ...a.shape.slice(1)], a.dtype);
}

interface Computed { view: BpttView; result: BpttResult; series: BpttWeightSeries }

function compute(where: string, a: BoundArgs, tokens: Value): Computed {
  const model = a.model;
  if (!(model instanceof KerasModel)) throw new PyException('TypeError', `${where} takes a Keras model (Sequential or Model)`);
  if (!model.compiled) throw new PyException('RuntimeError', `${where}: the loss L is the compiled one; call model.compile(optimizer, loss) first`);
  const weight = toStr(a.weight, 'weight') as Weight;
  if (!WEIGHTS.includes(weight)) throw new PyException('ValueError', `${where}: weight must be 'kernel', 'recurrent_kernel' or 'bias', got '${weight}'`);
  const layers = model.layerObjects();
  const layer = layers[chosenLayer(layers, a.layer, where)];
  const direction = chosenDirection(layer, a.direction, where);
  const inner = recurrentConfig(layer);
  if (weight === 'bias' && inner.config.use_bias === false) throw new PyException('ValueError', `${where}: layer '${layer.name}' has no bias (use_bias=False)`);
  const engineLayer = direction ? bidirectionalCopyName(direction, inner.config.name) : layer.name;
  const backwards = readsBackwards(layer, direction);
  const { x, y, inputs, targets } = labelledData(model, asBatch(model, a), model.compiled);
  const sample = toInt(a.sample, 'sample');
  if (sample < 0 || sample >= x[0].shape[0]) throw new PyException('IndexError', `${where}: sample ${sample} is out of range for ${x[0].shape[0]} sequence(s)`);
  const xs = x.map((v, k) => toTensor(rowOf(v, sample), inputs[k].dtype));
  const ys = y.map((v, k) => toTensor(rowOf(v, sample), targets[k].dtype));
  if (xs[0].dims.length < 2) throw new PyException('ValueError', `${where}: the model's first input has no time axis`);
  const result = runEngine<BpttResult>(model, { op: 'bptt', model: model.spec(inputs[0], targets), x: xs.length === 1 ? xs[0] : xs, y: ys.length === 1 ? ys[0] : ys, layer: engineLayer, backwards });
  const series = result.series.find(s => s.weight === weight)!;
  const view: BpttView = {
    modelId: String(model.id), model: model.name, layer: layer.name, kind: inner.class_name, tokens: timeLabels(xs[0], tokens), loss: result.loss, weight, series: result.series,
    ...(direction ? { direction } : {}), ...(backwards ? { backwards } : {}),
  };
  return { view, result, series };
}

const vector = (values: number[]) => new NdArray(Float64Array.from(values), [values.length]);

function termsDict(c: Computed): ResultDict {
  const d = new ResultDict(`BPTT terms of '${c.view.layer}'${c.view.direction ? ` (${c.view.direction})` : ''} ${c.series.weight}`);
  d.set('norms', vector(c.series.norms));
  d.set('shares', vector(c.series.shares));
  d.set('projections', vector(c.series.projections));
  d.set('partial_norms', vector(c.series.partialNorms));
  d.set('full_norm', c.series.fullNorm);
  d.set('loss', c.result.loss);
  d.set('layer', c.view.layer);
  d.set('weight', c.series.weight);
  return d;
}

const fmt = (v: number) => (v === 0 ? '0' : Math.abs(v) >= 1e-3 && Math.abs(v) < 1e4 ? v.toPrecision(3) : v.toExponential(2));

/** The printed summary: the total, and where the terms' weight lies in time (the steps the layer reads last, where BPTT starts). */
function summaryText(c: Computed): string {
  const s = c.series, T = s.norms.length, v = c.view;
  const symbol = s.weight === 'recurrent_kernel' ? 'W_hh' : s.weight === 'kernel' ? 'W_xh' : 'b';
  const last = Math.max(1, Math.ceil(T / 4));
  const lateShare = (v.backwards ? s.shares.slice(0, last) : s.shares.slice(T - last)).reduce((p, x) => p + x, 0);
  const biggest = s.norms.reduce((best, x, t) => (x > s.norms[best] ? t : best), 0);
  const lastSteps = v.backwards ? `the first ${last} step(s), which it reads last,` : `the last ${last} step(s)`;
  const firstStep = v.backwards ? `step ${T}, which it reads first,` : 'the first step';
  return [
    `∂L/∂${symbol} of '${v.layer}'${v.direction ? ` (${v.direction})` : ''} (${v.kind}) on one example: Σ over ${T} steps, ‖∂L/∂${symbol}‖ = ${fmt(s.fullNorm)} (loss ${fmt(c.result.loss)})`,
    `  largest term at t=${biggest + 1} (‖term‖ ${fmt(s.norms[biggest])}); ${lastSteps} carry ${(100 * lateShare).toFixed(1)}% of Σ‖term_t‖, ${firstStep} ${(100 * s.shares[v.backwards ? T - 1 : 0]).toFixed(1)}%`,
  ].join('\n');
}

export const bpttTermsFunction = implementFunction(BPTT_TERMS, (a, ctx: CallContext) => {
  const c = compute('bptt_terms()', a, null);
  ctx.display([{ mime: 'text/plain', data: summaryText(c) }]);
  return termsDict(c);
});

export const showBpttFunction = implementFunction(SHOW_BPTT, (a, ctx: CallContext) => {
  const c = compute('show_bptt()', a, a.tokens);
  ctx.display([
    { mime: BPTT_VIEW_MIME, data: encodeJson(c.view) },
    { mime: 'text/plain', data: `${summaryText(c)}\nOpened the BPTT Step-Through (←/→ step through t; Unroll: Show BPTT Step-Through brings it back).` },
  ]);
  return termsDict(c);
});
