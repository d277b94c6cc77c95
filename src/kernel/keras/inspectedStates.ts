// The state inspector on the kernel side: which example of a model is inspected (show_states
// chooses it; fit snapshots it as it trains) and the labels of its time axis.
import type { TensorData } from '../../engine/graph/types';
import { PyException, PyList, PyTuple, Value } from '../../language';
import type { StateSnapshot, StatesMessage } from '../../protocol/gradients';
import { isNone, toStr } from './convert';
import type { KerasModel } from './model';

interface Inspected {
  /** One row per model input. */
  x: TensorData[];
  tokens: string[];
}

/** The example show_states chose, per model: later fits snapshot it. */
const inspected = new WeakMap<KerasModel, Inspected>();

export function inspectedExample(model: KerasModel): Inspected | undefined {
  return inspected.get(model);
}

export function inspect(model: KerasModel, x: TensorData[], tokens: string[]): void {
  inspected.set(model, { x, tokens });
}

/** The first input's per-step ids (token inputs) or undefined (vector inputs), of row 0. */
function idsOf(x: TensorData): number[] | undefined {
  if (x.dtype !== 'int64') return undefined;
  return Array.from(x.data as BigInt64Array, v => Number(v)).slice(0, x.dims[1]);
}

/**
 * Labels of the time axis for row 0 of x: the user's tokens (a string: one character a step; a
 * list: one string a step), else the ids, else the step numbers. Tokens for the unpadded steps
 * only (the words of a padded sentence) go where the ids are not 0, pre- or post-padding alike.
 */
export function timeLabels(x: TensorData, given: Value, fn = 'show_states'): string[] {
  const T = x.dims[1];
  const ids = idsOf(x);
  if (isNone(given)) return ids ? ids.map(String) : Array.from({ length: T }, (_, t) => String(t + 1));
  let tokens: string[];
  if (typeof given === 'string') tokens = [...given];
  else if (given instanceof PyList || given instanceof PyTuple) tokens = given.items.map((v, i) => toStr(v, `tokens[${i}]`));
  else throw new PyException('TypeError', `${fn}(): tokens must be a str (one character per step) or a list of str (one per step)`);
  if (tokens.length === T) return tokens;
  const kept = ids ? ids.map((id, t) => (id !== 0 ? t : -1)).filter(t => t >= 0) : [];
  if (ids && tokens.length === kept.length) {
    const labels = new Array<string>(T).fill('');
    kept.forEach((t, k) => (labels[t] = tokens[k]));
    return labels;
  }
  const padded = ids ? `, or one per non-padding id (${kept.length})` : '';
  throw new PyException('ValueError', `${fn}(): got ${tokens.length} tokens for a sequence of ${T} steps; give one per step${padded}`);
}

/** A snapshot of the model's inspected example, as the gradient channel carries it. */
export function statesMessage(model: KerasModel, tokens: string[], snapshot: StateSnapshot, reset = false): StatesMessage {
  return { modelId: String(model.id), modelName: model.name, tokens, snapshot, ...(reset ? { reset } : {}) };
}
