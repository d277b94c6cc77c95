// Keras metrics as graph code (no gradients needed). 'accuracy' resolves by the loss, as in Keras.
import type { Graph } from '../graph/graph';
import type { Value } from '../graph/types';
import * as op from '../ops';
import { LossOptions, maskedMean, perSampleLoss } from './index';

/** The metric a name means for this loss ('accuracy' → 'sparse_categorical_accuracy', …). */
export function resolveMetric(name: string, loss: LossOptions): string {
  if (name !== 'accuracy' && name !== 'acc') return name;
  if (loss.name === 'binary_crossentropy' || loss.name === 'bce') return 'binary_accuracy';
  if (loss.name === 'sparse_categorical_crossentropy') return 'sparse_categorical_accuracy';
  if (loss.name === 'categorical_crossentropy' || loss.name === 'cce') return 'categorical_accuracy';
  return 'binary_accuracy';
}

/** A scalar metric value for the batch. */
export function computeMetric(g: Graph, name: string, loss: LossOptions, yTrue: Value, yPred: Value, mask?: Value): Value {
  const m = resolveMetric(name, loss);
  const f = yPred.dtype;
  switch (m) {
    case 'binary_accuracy': {
      const threshold = loss.from_logits ? 0 : 0.5;
      let y = yTrue.dtype === f ? yTrue : op.cast(g, yTrue, f);
      if (y.shape.length === yPred.shape.length - 1) y = op.unsqueeze(g, y, [-1]);
      const predicted = op.cast(g, op.greater(g, yPred, op.constLike(g, yPred, threshold)), f);
      const hit = op.cast(g, op.equal(g, predicted, op.cast(g, op.greater(g, y, op.constLike(g, y, 0.5)), f)), f);
      return maskedMean(g, op.reduceMean(g, hit, [-1]), mask);
    }
    case 'categorical_accuracy': {
      const hit = op.cast(g, op.equal(g, op.argmax(g, yPred, -1), op.argmax(g, yTrue, -1)), f);
      return maskedMean(g, hit, mask);
    }
    case 'sparse_categorical_accuracy': {
      let y = yTrue.dtype === 'int64' ? yTrue : op.cast(g, yTrue, 'int64');
      if (y.shape.length === yPred.shape.length) y = op.squeeze(g, y, [-1]);
      const hit = op.cast(g, op.equal(g, op.argmax(g, yPred, -1), y), f);
      return maskedMean(g, hit, mask);
    }
    case 'mae':
    case 'mean_absolute_error':
      return maskedMean(g, perSampleLoss(g, { name: 'mae' }, yTrue, yPred), mask);
    case 'mse':
    case 'mean_squared_error':
      return maskedMean(g, perSampleLoss(g, { name: 'mse' }, yTrue, yPred), mask);
    case 'crossentropy':
      return maskedMean(g, perSampleLoss(g, loss, yTrue, yPred), mask);
    case 'perplexity':
      // exp of the mean crossentropy (language models)
      return op.exp(g, maskedMean(g, perSampleLoss(g, loss, yTrue, yPred), mask));
    default:
      throw new Error(`unknown metric '${name}'`);
  }
}

/**
 * Whether a larger value of a logged quantity is better ('up') or worse ('down'), as Keras's
 * metric `_direction`; `val_` prefixes are ignored. Undefined for names we cannot tell, which
 * callbacks in mode 'auto' turn into the error Keras raises.
 */
export function metricDirection(name: string): 'up' | 'down' | undefined {
  const base = name.startsWith('val_') ? name.slice(4) : name;
  if (/(^|_)acc(uracy)?$/.test(base) || base === 'acc') return 'up';
  // A suffix too: a model with several outputs logs `<output>_loss`, `<output>_mae`, …
  if (/(^|_)(loss|mae|mse|mean_absolute_error|mean_squared_error|crossentropy|perplexity)$/.test(base)) return 'down';
  return undefined;
}
