// The saliency view on the kernel side: which example of a model show_saliency chose (fit
// snapshots its saliency as it trains), its time-axis labels, and the channel message.
import type { TensorData } from '../../engine/graph/types';
import type { SaliencyMessage, SaliencySnapshot } from '../../protocol/gradients';
import type { KerasModel } from './model';

interface Chosen {
  /** One row per model input. */
  x: TensorData[];
  tokens: string[];
}

const chosen = new WeakMap<KerasModel, Chosen>();

export function saliencyExample(model: KerasModel): Chosen | undefined {
  return chosen.get(model);
}

export function chooseSaliencyExample(model: KerasModel, x: TensorData[], tokens: string[]): void {
  chosen.set(model, { x, tokens });
}

export function saliencyMessage(model: KerasModel, tokens: string[], snapshot: SaliencySnapshot, reset = false): SaliencyMessage {
  return { modelId: String(model.id), modelName: model.name, tokens, snapshot, ...(reset ? { reset } : {}) };
}
