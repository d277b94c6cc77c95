// The attention alignment on the kernel side: which example of a model is aligned (show_attention
// chooses it; a fit after it snapshots it as it trains), the labels of its two axes and the layer
// it shows.
import type { TensorData } from '../../engine/graph/types';
import { isNone, toStr } from './convert';
import { PyException, Value } from '../../language';
import type { AttentionMap, AttentionMessage, AttentionSnapshot } from '../../protocol/gradients';
import { timeLabels } from './inspectedStates';
import type { KerasModel } from './model';

interface Aligned {
  /** One row per model input. */
  x: TensorData[];
  inputTokens: string[];
  outputTokens: string[];
  /** The one attention layer shown (show_attention's layer=), else every one. */
  layer?: string;
}

/** The example show_attention chose, per model: later fits snapshot it. */
const aligned = new WeakMap<KerasModel, Aligned>();

export function alignedExample(model: KerasModel): Aligned | undefined {
  return aligned.get(model);
}

export function align(model: KerasModel, example: Aligned): void {
  aligned.set(model, example);
}

/**
 * The attention layer `layer=` names: a layer name, or an index among the attention layers in
 * the order the model calls them. Undefined (None): every one.
 */
export function chosenLayer(maps: readonly AttentionMap[], layer: Value): string | undefined {
  if (isNone(layer)) return undefined;
  const names = maps.map(m => m.layer);
  if (typeof layer === 'bigint') {
    const i = Number(layer);
    if (i < 0 || i >= names.length) throw new PyException('IndexError', `show_attention(): layer ${i} is out of range: the model has ${names.length} attention layer(s): ${names.join(', ')}`);
    return names[i];
  }
  const name = toStr(layer, 'layer');
  if (!names.includes(name)) throw new PyException('ValueError', `show_attention(): no attention layer named '${name}'; the model's attention layers: ${names.join(', ')}`);
  return name;
}

/**
 * Labels of one axis of `steps` steps. The input whose length matches labels it (its ids by
 * default; given tokens as show_states takes them: one per step, or one per non-padding id);
 * else the given tokens, one per step, or the step numbers.
 */
export function axisLabels(steps: number, source: TensorData | undefined, given: Value, name: string): string[] {
  if (source && source.dims[1] === steps) return timeLabels(source, given, 'show_attention()', name);
  if (isNone(given)) return Array.from({ length: steps }, (_, t) => String(t + 1));
  const tokens = typeof given === 'string' ? [...given] : timeLabels({ dtype: 'float32', dims: [1, steps, 1], data: new Float32Array(steps) }, given, 'show_attention()', name);
  if (tokens.length !== steps) throw new PyException('ValueError', `show_attention(): got ${tokens.length} ${name} for ${steps} steps; give one per step`);
  return tokens;
}

/** The snapshot with only the chosen layer's map (all of them without a choice). */
export function shownMaps(snapshot: AttentionSnapshot, layer: string | undefined): AttentionSnapshot {
  return layer === undefined ? snapshot : { ...snapshot, maps: snapshot.maps.filter(m => m.layer === layer) };
}

/** A snapshot of the model's aligned example, as the gradient channel carries it. */
export function attentionMessage(model: KerasModel, example: Aligned, snapshot: AttentionSnapshot, reset = false): AttentionMessage {
  return { modelId: String(model.id), modelName: model.name, inputTokens: example.inputTokens, outputTokens: example.outputTokens, snapshot: shownMaps(snapshot, example.layer), ...(reset ? { reset } : {}) };
}
