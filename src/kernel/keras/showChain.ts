// show_chain(model, x, layer=None, sample=0): the chain of partials of one sequence for every
// recurrent layer of a Sequential model, sent to the Chain of Partials panel (which it opens).
// A function of its own rather than an option of chain_of_partials: that one returns numbers for
// one layer and prints a table (for notebooks viewed without the panels), this one draws every
// layer and keeps the sequence, so that each later fit of the model sends the chain again with
// the weights it reached, as show_states does for the state inspector.
import { NdArray, PyException, implementFunction, type Value } from '../../language';
import { SHOW_CHAIN } from '../../keras/unroll';
import type { ChainLayer, ChainMessage, SpectrumMessage, SpectrumSeries } from '../../protocol/gradients';
import { chainReading, recurrenceName } from '../../protocol/gradients/chain';
import { PANEL_REQUEST_MIME, PanelRequest } from '../../protocol/gradients/outputs';
import { chainModel, chosenLayer, directionsOf, isChainable, layerChain, recurrentConfig } from './chainOfPartials';
import type { Direction } from '../../protocol/gradients/diagram';
import { toArray, toInt } from './convert';
import type { KerasLayer } from './layers';
import type { KerasModel } from './model';
import { spectrumOverTraining } from './spectrumOverTraining';

const WHERE = 'show_chain()';
/** Singular values per step the panel draws (the top one is ‖J_k‖_2). */
const TOP_K = 3;

/** The sequence show_chain was given, per model: each later fit sends its chain again. */
const shown = new WeakMap<KerasModel, { x: NdArray; selected: string }>();

/** One sequence of x: x itself, or row `sample` of a batch (x has one more axis than a sample). */
function chosenSequence(model: KerasModel, x: NdArray, sample: number): NdArray {
  const perSample = model.inputSpec()?.shape.length ?? x.shape.length;
  if (x.shape.length !== perSample + 1) {
    if (sample !== 0) throw new PyException('IndexError', `${WHERE}: sample ${sample} asked of one sequence (shape (${x.shape.join(', ')}))`);
    return x;
  }
  const N = x.shape[0];
  if (sample < 0 || sample >= N) throw new PyException('IndexError', `${WHERE}: sample ${sample} is out of range for ${N} sequence(s)`);
  const size = x.shape.slice(1).reduce((a, b) => a * b, 1);
  const data = (x.data as unknown as { slice(a: number, b: number): typeof x.data }).slice(sample * size, (sample + 1) * size);
  return new NdArray(data, x.shape.slice(1), x.dtype);
}

const hasNonFinite = (model: KerasModel, layer: KerasLayer) =>
  model.layerWeights(layer).some(t => Array.prototype.some.call(t.data, (v: number) => !Number.isFinite(v)));

/**
 * One recurrence's chain (a Bidirectional has two); one that cannot be computed says why, and NaN
 * weights give NaN (never 0).
 */
function chainLayer(model: KerasModel, layers: KerasLayer[], index: number, x: NdArray, checkInterrupt: () => void, direction: Direction | undefined): ChainLayer {
  const layer = layers[index];
  const inner = recurrentConfig(layer);
  const kind = inner.class_name, units = Number(inner.config.units);
  const state = kind === 'LSTM' ? 'h,c' : 'h';
  const name = recurrenceName(layer.name, direction);
  try {
    const c = layerChain(model, layers, index, x, TOP_K, checkInterrupt, direction);
    const { stepFrobenius, stepSpectral, stepSingularValues, productNorm, spectralRadius, sigmaMax } = c;
    return { layer: name, kind, units, state, stepFrobenius, stepSpectral, stepSingularValues, productNorm, spectralRadius, sigmaMax, ...(c.backwards ? { backwards: true } : {}) };
  } catch (e) {
    if (!(e instanceof PyException) || e.errorName === 'KeyboardInterrupt') throw e;
    if (hasNonFinite(model, layer)) {
      const T = x.shape[0], nan = () => new Array<number>(T).fill(NaN);
      return { layer: name, kind, units, state, stepFrobenius: nan(), stepSpectral: nan(), stepSingularValues: nan().map(() => [NaN]), productNorm: nan(), spectralRadius: NaN, sigmaMax: NaN };
    }
    return { layer: name, kind, units, state, stepFrobenius: [], stepSpectral: [], stepSingularValues: [], productNorm: [], spectralRadius: NaN, sigmaMax: NaN, unavailable: e.message.replace(/^chain_of_partials\(\): /, '') };
  }
}

/** Every recurrence's chain on x with the model's weights now. */
function chainMessage(model: KerasModel, x: NdArray, selected: string, checkInterrupt: () => void): ChainMessage {
  const layers = model.layerObjects();
  const recurrent = layers.map((l, i) => ({ l, i })).filter(({ l }) => isChainable(l));
  const epochs = Math.max(0, ...Object.values(spectrumOverTraining(model)).map(s => s.spectralRadius.length));
  return {
    modelId: String(model.id),
    modelName: model.name,
    epochs,
    layers: recurrent.flatMap(({ l, i }) => directionsOf(l).map(direction => chainLayer(model, layers, i, x, checkInterrupt, direction))),
    selected,
  };
}

/** The spectrum over training: every finished fit's epochs, then the running fit's (`running`). */
export function spectrumMessage(model: KerasModel, running: Record<string, SpectrumSeries> = {}): SpectrumMessage {
  const layers: Record<string, SpectrumSeries> = {};
  for (const source of [spectrumOverTraining(model), running]) {
    for (const [name, s] of Object.entries(source)) {
      const kept = (layers[name] ??= { spectralRadius: [], sigmaMax: [] });
      kept.spectralRadius.push(...s.spectralRadius);
      kept.sigmaMax.push(...s.sigmaMax);
    }
  }
  return { modelId: String(model.id), modelName: model.name, layers };
}

/** After a fit of a model show_chain was called on: its chain with the weights the fit reached. */
export function chainAfterFit(model: KerasModel, checkInterrupt: () => void): ChainMessage | undefined {
  const s = shown.get(model);
  return s && chainMessage(model, s.x, s.selected, checkInterrupt);
}

export const showChainFunction = implementFunction(SHOW_CHAIN, (a, ctx): Value => {
  const model = chainModel(a.model, WHERE);
  const layers = model.layerObjects();
  const index = chosenLayer(layers, a.layer);
  const x = chosenSequence(model, toArray(a.x, 'x'), toInt(a.sample, 'sample'));
  const chain = chainMessage(model, x, recurrenceName(layers[index].name, directionsOf(layers[index])[0]), () => ctx.checkInterrupt());
  shown.set(model, { x, selected: chain.selected });
  model.context.telemetry?.({ kind: 'chain', chain });
  model.context.telemetry?.({ kind: 'spectrum', spectrum: spectrumMessage(model) });
  const request: PanelRequest = { command: 'unroll.showChainOfPartials', modelId: String(model.id) };
  const lines = chain.layers.map(l => `  ${l.layer} (${l.kind}(${l.units})${l.backwards ? ', read backwards' : ''}): ${chainReading(l)}`);
  ctx.display([
    { mime: PANEL_REQUEST_MIME, data: JSON.stringify(request) },
    { mime: 'text/plain', data: `Opened the Chain of Partials of ${model.name} (Unroll: Show Chain of Partials brings it back; a fit from here updates it per epoch).` },
  ]);
  // The readings apart from the panel request: `unroll run` and viewers without the panels print them.
  ctx.display([{ mime: 'text/plain', data: [`Chain of partials of ${model.name} over ${x.shape[0]} steps:`, ...lines].join('\n') }]);
  return null;
});
