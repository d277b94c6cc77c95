// unroll.chain_of_partials(model, x, layer=None): the seed's ∏ ∂h_k/∂h_{k−1} term for one
// recurrent layer of a Sequential model and one input sequence, as numbers a learner can read
// (a table) and plot (the returned dict of arrays). The layer's input is recomputed here in
// float64 from the layers before it (Embedding, Dense, Dropout, stacked recurrent layers), so
// the Jacobians are exact for the model's current weights; anything else before it is refused
// by name rather than guessed.
import { chainOfPartials, ChainOfPartials, RecurrentKind, RecurrentWeights, stepJacobians } from '../../engine/jacobians/stepJacobians';
import { CHAIN_OF_PARTIALS } from '../../keras/unroll';
import type { RecurrentSpectrumSeries } from '../../protocol/training';
import { recurrenceName } from '../../protocol/gradients/chain';
import type { Direction } from '../../protocol/gradients/diagram';
import { NdArray, PyException, ResultDict, implementFunction, type Value } from '../../language';
import { isNone, toArray, toInt, toStr } from './convert';
import type { KerasLayer } from './layers';
import type { LayerConfig } from '../../keras/config';
import { KerasModel } from './model';
import { spectrumOverTraining } from './spectrumOverTraining';

const RECURRENT: readonly string[] = ['SimpleRNN', 'LSTM', 'GRU'];
const WHERE = 'chain_of_partials()';

/** The recurrent layer's own config: the layer's, or the one a Bidirectional wraps. */
export function recurrentConfig(layer: KerasLayer): LayerConfig {
  return layer.config.class_name === 'Bidirectional' ? (layer.config.config.layer as unknown as LayerConfig) : layer.config;
}
/** A SimpleRNN, LSTM or GRU, or a Bidirectional of one. */
export const isChainable = (layer: KerasLayer) => RECURRENT.includes(recurrentConfig(layer).class_name);

/** A recurrence of `layer` reads its input backwards: a Bidirectional's backward copy, or a layer with go_backwards=True. */
export const readsBackwards = (layer: KerasLayer, direction: Direction | undefined): boolean =>
  (direction ? direction === 'backward' : recurrentConfig(layer).config.go_backwards === true);

/** The directions of a layer's recurrences: a Bidirectional has two chains, others one. */
export const directionsOf = (layer: KerasLayer): (Direction | undefined)[] => (layer.config.class_name === 'Bidirectional' ? ['forward', 'backward'] : [undefined]);

/** The recurrent layer asked for: by name, by index, or the first one (`where` names the caller in errors). */
export function chosenLayer(layers: KerasLayer[], which: Value, where = WHERE): number {
  let index: number;
  if (isNone(which)) index = layers.findIndex(isChainable);
  else if (typeof which === 'string') index = layers.findIndex(l => l.name === which);
  else index = toInt(which, 'layer');
  const names = layers.filter(isChainable).map(l => `'${l.name}'`).join(', ') || 'none';
  if (index < 0 || index >= layers.length) throw new PyException('ValueError', `${where}: no such recurrent layer${typeof which === 'string' ? ` '${which}'` : typeof which === 'bigint' ? ` at index ${which}` : ''}; the model's SimpleRNN, LSTM, GRU and Bidirectional layers are ${names}`);
  const cls = layers[index].config.class_name;
  if (!isChainable(layers[index])) throw new PyException('ValueError', `${where}: layer '${layers[index].name}' is a ${cls}; pick a SimpleRNN, LSTM, GRU or Bidirectional layer (${names})`);
  return index;
}

const configString = (config: LayerConfig['config'], key: string, fallback: string): string => {
  const v = config[key];
  return typeof v === 'string' ? v : v === null ? 'linear' : fallback;
};

/**
 * The weights of one recurrence of `layer` (a Bidirectional's `direction`), and whether it reads
 * its input backwards (go_backwards, or a Bidirectional's backward copy).
 */
function recurrentWeights(model: KerasModel, layer: KerasLayer, direction?: Direction): RecurrentWeights & { backwards: boolean } {
  const inner = recurrentConfig(layer);
  const cfg = inner.config;
  const named = model.layerWeightsByName(layer);
  const prefix = direction ? `${direction}/` : '';
  const weight = (name: string) => named.get(prefix + name);
  const [kernel, recurrentKernel, bias] = [weight('kernel'), weight('recurrent_kernel'), weight('bias')];
  if (!kernel || !recurrentKernel) throw new PyException('ValueError', `${WHERE}: layer '${layer.name}' has no ${prefix}kernel and ${prefix}recurrent_kernel weights`);
  if ([kernel, recurrentKernel, bias].some(t => t && Array.prototype.some.call(t.data, (v: number) => !Number.isFinite(v)))) {
    throw new PyException('ValueError', `${WHERE}: layer '${layer.name}' has NaN or Inf weights (the run exploded), so its Jacobians are not numbers; rebuild the model, or clip its gradients (clipnorm=1.0) and fit again`);
  }
  return {
    kind: inner.class_name as RecurrentKind,
    units: Number(cfg.units),
    activation: configString(cfg, 'activation', 'tanh'),
    recurrentActivation: configString(cfg, 'recurrent_activation', 'sigmoid'),
    resetAfter: cfg.reset_after !== false,
    kernel: kernel.data,
    recurrentKernel: recurrentKernel.data,
    bias: bias ? bias.data : null,
    backwards: readsBackwards(layer, direction),
  };
}

/** The rows of a [T, F] sequence in reverse time order: what a backwards recurrence reads. */
function reversedSteps(values: Float64Array, T: number, F: number): Float64Array {
  const out = new Float64Array(values.length);
  for (let t = 0; t < T; t++) out.set(values.subarray(t * F, (t + 1) * F), (T - 1 - t) * F);
  return out;
}

/** One sequence, [T, F] floats (or [T] ids for an Embedding first); a leading batch of 1 is dropped. */
function oneSequence(x: NdArray): NdArray {
  if (x.shape[0] === 1 && x.shape.length >= 2) return new NdArray(x.data, x.shape.slice(1), x.dtype);
  return x;
}

/** The chosen layer's input sequence [T·F] in float64, from the layers before it. */
function layerInput(model: KerasModel, layers: KerasLayer[], index: number, x: NdArray, checkInterrupt: () => void): { values: Float64Array; T: number; F: number } {
  const T = x.shape[0];
  let F = x.shape.length > 1 ? x.shape[1] : 1;
  let values: Float64Array = Float64Array.from(x.data as ArrayLike<number>, Number);
  let ids = x.shape.length === 1;
  for (const layer of layers.slice(0, index)) {
    checkInterrupt();
    const cls = layer.config.class_name, cfg = layer.config.config;
    if (cls === 'Embedding') {
      if (!ids) throw new PyException('ValueError', `${WHERE}: the Embedding '${layer.name}' reads token ids; give x as one sequence of ids, shape (steps,) or (1, steps)`);
      if (cfg.mask_zero === true && values.includes(0)) throw new PyException('ValueError', `${WHERE}: the sequence has padding (id 0) and '${layer.name}' masks it; pass the sequence without its padding`);
      const [table] = model.layerWeights(layer);
      const [V, D] = table.shape;
      const out = new Float64Array(T * D);
      values.forEach((id, t) => {
        if (!Number.isInteger(id) || id < 0 || id >= V) throw new PyException('ValueError', `${WHERE}: id ${id} at step ${t} is outside the Embedding's vocabulary (0..${V - 1})`);
        for (let d = 0; d < D; d++) out[t * D + d] = Number(table.data[id * D + d]);
      });
      values = out; F = D; ids = false;
    } else if (cls === 'Dropout' || cls === 'SpatialDropout1D' || cls === 'GaussianNoise' || cls === 'InputLayer') {
      // identity at inference
    } else if (cls === 'Dense' && cfg.activation !== 'softmax') {
      const [kernel, bias] = model.layerWeights(layer);
      const U = kernel.shape[1];
      const act = denseActivation(configString(cfg, 'activation', 'linear'), layer.name);
      const out = new Float64Array(T * U);
      for (let t = 0; t < T; t++)
        for (let u = 0; u < U; u++) {
          let s = bias ? Number(bias.data[u]) : 0;
          for (let f = 0; f < F; f++) s += values[t * F + f] * Number(kernel.data[f * U + u]);
          out[t * U + u] = act(s);
        }
      values = out; F = U;
    } else if (isChainable(layer) && recurrentConfig(layer).config.return_sequences === true) {
      ({ values, F } = recurrentOutputs(model, layer, values, T, F));
    } else {
      throw new PyException('ValueError', `${WHERE}: cannot recompute the input of '${layers[index].name}' through the ${cls} layer '${layer.name}' (it follows Embedding, Dense, Dropout and recurrent or Bidirectional layers with return_sequences=True)`);
    }
  }
  if (ids) throw new PyException('ValueError', `${WHERE}: '${layers[index].name}' reads feature vectors; give x as (steps, features) or (1, steps, features)`);
  return { values, T, F };
}

/** One recurrence's h over a [T, F] sequence, in the order it returns them (a backwards one: processing order, as Keras's go_backwards). */
function hiddenStates(w: RecurrentWeights & { backwards: boolean }, values: Float64Array, T: number, F: number): Float64Array {
  const steps = stepJacobians(w, w.backwards ? reversedSteps(values, T, F) : values, T, F);
  const out = new Float64Array(T * w.units);
  steps.forEach((s, t) => out.set(s.state.subarray(0, w.units), t * w.units));
  return out;
}

/**
 * A recurrent layer's output sequence (return_sequences=True) over `values`: its h_t; for a
 * Bidirectional, the forward h_t and the backward one flipped back to input time, merged as
 * merge_mode says (concat, sum, mul, ave).
 */
function recurrentOutputs(model: KerasModel, layer: KerasLayer, values: Float64Array, T: number, F: number): { values: Float64Array; F: number } {
  if (layer.config.class_name !== 'Bidirectional') {
    const w = recurrentWeights(model, layer);
    return { values: hiddenStates(w, values, T, F), F: w.units };
  }
  const forward = recurrentWeights(model, layer, 'forward'), backward = recurrentWeights(model, layer, 'backward');
  const H = forward.units;
  const fw = hiddenStates(forward, values, T, F);
  const bw = reversedSteps(hiddenStates(backward, values, T, F), T, H);
  const mode = layer.config.config.merge_mode === undefined ? 'concat' : layer.config.config.merge_mode;
  if (mode === 'concat') {
    const out = new Float64Array(T * 2 * H);
    for (let t = 0; t < T; t++) {
      out.set(fw.subarray(t * H, (t + 1) * H), t * 2 * H);
      out.set(bw.subarray(t * H, (t + 1) * H), t * 2 * H + H);
    }
    return { values: out, F: 2 * H };
  }
  const merge = mode === 'sum' ? (a: number, b: number) => a + b : mode === 'mul' ? (a: number, b: number) => a * b : mode === 'ave' ? (a: number, b: number) => (a + b) / 2 : undefined;
  if (!merge) throw new PyException('ValueError', `${WHERE}: the Bidirectional '${layer.name}' has merge_mode=${typeof mode === 'string' ? `'${mode}'` : 'None'}; concat, sum, mul and ave are recomputed`);
  return { values: fw.map((v, i) => merge(v, bw[i])), F: H };
}

function denseActivation(name: string, layer: string): (x: number) => number {
  if (name === 'linear') return x => x;
  if (name === 'tanh') return Math.tanh;
  if (name === 'relu') return x => Math.max(0, x);
  if (name === 'sigmoid') return x => 1 / (1 + Math.exp(-x));
  throw new PyException('ValueError', `${WHERE}: the Dense '${layer}' before the recurrent layer uses '${name}'; linear, tanh, relu and sigmoid are recomputed`);
}

const fmt = (v: number) => (v === 0 ? '0' : Math.abs(v) >= 1e-3 && Math.abs(v) < 1e4 ? v.toPrecision(3) : v.toExponential(2));

/** The printed table: a row per step, and the spectrum of W_hh against the 1.0 line. */
function chainTable(layerName: string, c: ChainOfPartials & { backwards: boolean }, overTraining: RecurrentSpectrumSeries | undefined): string {
  const T = c.productNorm.length;
  const state = c.state === 'h,c' ? '[h;c]' : 'h';
  const lines = [
    `Chain of partials of '${layerName}' (${c.kind}, state ${state}), ${T} steps: J_k = ∂${state}_k/∂${state}_{k−1}`,
    ...(c.backwards ? [`It reads the sequence backwards: k counts its own steps, and step k reads input step ${T} − k + 1.`] : []),
    `${'k'.padStart(4)}  ${'‖J_k‖_F'.padStart(9)}  ${'σ_max(J_k)'.padStart(10)}  ${'‖∏_{j=k..T} J_j‖'.padStart(16)}`,
  ];
  // Long sequences: the first and last steps and every tenth in between keep the table short.
  const shown = Array.from({ length: T }, (_, t) => t).filter(t => T <= 24 || t < 3 || t >= T - 3 || (t + 1) % 10 === 0);
  shown.forEach((t, i) => {
    if (i > 0 && shown[i - 1] !== t - 1) lines.push('   …');
    lines.push(`${String(t + 1).padStart(4)}  ${fmt(c.stepFrobenius[t]).padStart(9)}  ${fmt(c.stepSpectral[t]).padStart(10)}  ${fmt(c.productNorm[t]).padStart(16)}`);
  });
  const side = (v: number) => (Math.abs(v - 1) < 5e-3 ? 'on the 1.0 line: products of W_hh keep their size' : v < 1 ? 'below 1.0: products of W_hh shrink' : 'above 1.0: products of W_hh can grow');
  const which = c.kind === 'SimpleRNN' ? 'W_hh' : `W_hh (the ${c.kind === 'LSTM' ? 'candidate' : 'candidate h̃'} block of the recurrent kernel)`;
  lines.push(`ρ(${which}) = ${fmt(c.spectralRadius)} (${side(c.spectralRadius)}); σ_max = ${fmt(c.sigmaMax)}; the 1.0 line separates vanishing from exploding`);
  lines.push(`‖∏‖ from step 1 to ${T}: ${fmt(c.productNorm[0])} — the factor ∂L/∂h_${T} is scaled by when it reaches step 1`);
  if (overTraining?.spectralRadius.length) {
    const n = overTraining.spectralRadius.length;
    const ends = (v: number[]) => (n === 1 ? fmt(v[0]) : `${fmt(v[0])} → ${fmt(v[n - 1])}`);
    lines.push(`Over training (${n} epoch${n === 1 ? '' : 's'}): ρ ${ends(overTraining.spectralRadius)}, σ_max ${ends(overTraining.sigmaMax)} (per epoch in spectral_radius_per_epoch, sigma_max_per_epoch)`);
  }
  return lines.join('\n');
}

const float64Array = (values: number[], shape: number[]) => new NdArray(Float64Array.from(values), shape);

/** The checks both chain_of_partials and show_chain make of the model (`where` names the caller). */
export function chainModel(model: Value, where: string): KerasModel {
  if (!(model instanceof KerasModel)) throw new PyException('TypeError', `${where} takes a Keras model (Sequential or Model)`);
  if (model.kind !== 'Sequential') throw new PyException('ValueError', `${where} reads a Sequential model's layers in order; for a functional model, build a Sequential of the layers up to the recurrent one`);
  if (!model.inputSpec()) throw new PyException('ValueError', `${where}: ${model.name} has no weights yet; give its first layer an input_shape, or fit it first`);
  return model;
}

/**
 * The chain of layer `index` (a Bidirectional's `direction`) on one sequence x ([T] ids or [T, F]),
 * exact for the current weights. A backwards recurrence's chain is in the order it runs: its step
 * k reads the input's step T − k + 1.
 */
export function layerChain(model: KerasModel, layers: KerasLayer[], index: number, x: NdArray, topK: number, checkInterrupt: () => void, direction?: Direction): ChainOfPartials & { backwards: boolean } {
  const input = layerInput(model, layers, index, x, checkInterrupt);
  const w = recurrentWeights(model, layers[index], direction);
  const values = w.backwards ? reversedSteps(input.values, input.T, input.F) : input.values;
  try {
    return { ...chainOfPartials(w, values, input.T, input.F, topK, () => { checkInterrupt(); return false; }), backwards: w.backwards };
  } catch (e) {
    if (e instanceof PyException) throw e;
    throw new PyException('ValueError', `${WHERE}: ${(e as Error).message}`);
  }
}

/** A Bidirectional's direction as asked (forward by default); other layers have none to ask for. */
export function chosenDirection(layer: KerasLayer, which: Value, where = WHERE): Direction | undefined {
  const bidirectional = layer.config.class_name === 'Bidirectional';
  if (isNone(which)) return bidirectional ? 'forward' : undefined;
  const direction = toStr(which, 'direction');
  if (direction !== 'forward' && direction !== 'backward') throw new PyException('ValueError', `${where}: direction is 'forward' or 'backward', got '${direction}'`);
  if (!bidirectional) throw new PyException('ValueError', `${where}: direction is for a Bidirectional layer; '${layer.name}' is a ${layer.config.class_name} (with go_backwards=True it is read backwards already)`);
  return direction;
}

export const chainOfPartialsFunction = implementFunction(CHAIN_OF_PARTIALS, (a, ctx) => {
  const model = chainModel(a.model, WHERE);
  const layers = model.layerObjects();
  const index = chosenLayer(layers, a.layer);
  const topK = toInt(a.top_k, 'top_k');
  if (topK < 1) throw new PyException('ValueError', `${WHERE}: top_k must be at least 1, got ${topK}`);
  const x = oneSequence(toArray(a.x, 'x'));
  if (x.shape.length > 2) throw new PyException('ValueError', `${WHERE}: x is one sequence, (steps, features) or (1, steps, features); got shape (${x.shape.join(', ')})`);
  const direction = chosenDirection(layers[index], a.direction);
  const chain = layerChain(model, layers, index, x, topK, () => ctx.checkInterrupt(), direction);
  // The spectrum over training is kept under the recurrence's name.
  const label = recurrenceName(layers[index].name, direction);
  const overTraining = spectrumOverTraining(model)[label];
  ctx.display([{ mime: 'text/plain', data: chainTable(label, chain, overTraining) }]);
  const T = chain.productNorm.length, k = chain.stepSingularValues[0]?.length ?? 0;
  const d = new ResultDict(`chain of partials of '${label}'`);
  d.set('step_norm', float64Array(chain.stepFrobenius, [T]));
  d.set('step_spectral_norm', float64Array(chain.stepSpectral, [T]));
  d.set('singular_values', float64Array(chain.stepSingularValues.flatMap(v => [...v, ...new Array<number>(k - v.length).fill(0)]), [T, k]));
  d.set('product_norm', float64Array(chain.productNorm, [T]));
  d.set('spectral_radius', chain.spectralRadius);
  d.set('sigma_max', chain.sigmaMax);
  d.set('kernel_sigma_max', chain.kernelSigmaMax);
  d.set('spectral_radius_per_epoch', float64Array(overTraining?.spectralRadius ?? [], [overTraining?.spectralRadius.length ?? 0]));
  d.set('sigma_max_per_epoch', float64Array(overTraining?.sigmaMax ?? [], [overTraining?.sigmaMax.length ?? 0]));
  return d;
});
