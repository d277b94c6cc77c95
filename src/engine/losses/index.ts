// Keras losses as graph code. Each reduces over the last axis (Keras's per-sample loss), then
// takes the mean over samples — over unmasked steps only when a [B, T] mask is given.
import type { Graph } from '../graph/graph';
import type { Value } from '../graph/types';
import * as op from '../ops';

export type { LossOptions } from '../../keras/compile';
import type { LossOptions } from '../../keras/compile';

const EPS = 1e-7; // Keras backend epsilon: probabilities are clipped to [ε, 1 − ε]

/** Make y_true's rank match y_pred's (Keras accepts [B] targets for [B, 1] predictions). */
function alignTarget(g: Graph, yTrue: Value, yPred: Value): Value {
  let y = yTrue;
  if (y.dtype !== yPred.dtype) y = op.cast(g, y, yPred.dtype);
  if (y.shape.length === yPred.shape.length - 1) y = op.unsqueeze(g, y, [-1]);
  return y;
}

function clipProb(g: Graph, p: Value): Value {
  return op.clip(g, p, op.constLike(g, p, EPS), op.constLike(g, p, 1 - EPS));
}

/** Per-element binary crossentropy, mean over the last axis → [B(, T)]. */
function binaryCE(g: Graph, yTrue: Value, yPred: Value, fromLogits: boolean): Value {
  const y = alignTarget(g, yTrue, yPred);
  let per: Value;
  if (fromLogits) {
    // max(x, 0) − x·y + log(1 + e^−|x|): stable for any logit
    const x = yPred;
    per = op.add(g, op.sub(g, op.relu(g, x), op.mul(g, x, y)), op.log(g, op.addC(g, op.exp(g, op.neg(g, op.abs(g, x))), 1)));
  } else {
    const p = clipProb(g, yPred);
    const a = op.mul(g, y, op.log(g, p));
    const b = op.mul(g, op.rsubC(g, 1, y), op.log(g, op.rsubC(g, 1, p)));
    per = op.neg(g, op.add(g, a, b));
  }
  return op.reduceMean(g, per, [-1]);
}

/** −Σ y·log p over classes → [B(, T)]. */
function categoricalCE(g: Graph, yTrue: Value, yPred: Value, fromLogits: boolean): Value {
  const y = alignTarget(g, yTrue, yPred);
  let logp: Value;
  if (fromLogits) logp = op.logSoftmax(g, yPred, -1);
  else {
    // Keras renormalises, then clips.
    const p = op.div(g, yPred, op.reduceSum(g, yPred, [-1], true));
    logp = op.log(g, clipProb(g, p));
  }
  return op.neg(g, op.reduceSum(g, op.mul(g, y, logp), [-1]));
}

/** One-hot of int64 labels [...] → [..., C] in `like`'s float dtype. */
function oneHot(g: Graph, labels: Value, C: number, like: Value): Value {
  const classes = g.ints([...Array(C).keys()]); // [C]
  return op.cast(g, op.equal(g, op.unsqueeze(g, labels, [-1]), classes), like.dtype);
}

function sparseLabels(g: Graph, yTrue: Value, yPred: Value): Value {
  let y = yTrue;
  if (y.dtype !== 'int64') y = op.cast(g, y, 'int64');
  // Keras accepts [B, 1] labels for [B, C] predictions.
  if (y.shape.length === yPred.shape.length && y.shape[y.shape.length - 1] === 1) y = op.squeeze(g, y, [-1]);
  return y;
}

function sparseCE(g: Graph, yTrue: Value, yPred: Value, fromLogits: boolean): Value {
  const C = yPred.shape[yPred.shape.length - 1];
  if (typeof C !== 'number') throw new Error('sparse_categorical_crossentropy: class count must be known');
  return categoricalCE(g, oneHot(g, sparseLabels(g, yTrue, yPred), C, yPred), yPred, fromLogits);
}

function mse(g: Graph, yTrue: Value, yPred: Value): Value {
  const d = op.sub(g, yPred, alignTarget(g, yTrue, yPred));
  return op.reduceMean(g, op.mul(g, d, d), [-1]);
}

function mae(g: Graph, yTrue: Value, yPred: Value): Value {
  return op.reduceMean(g, op.abs(g, op.sub(g, yPred, alignTarget(g, yTrue, yPred))), [-1]);
}

const ALIASES: Record<string, string> = {
  mean_squared_error: 'mse',
  mean_absolute_error: 'mae',
  bce: 'binary_crossentropy',
  cce: 'categorical_crossentropy',
};

/** The loss's canonical name ('mean_squared_error' → 'mse'); the PyTorch export writes these. */
export function canonicalLossName(name: string): string {
  return ALIASES[name] ?? name;
}

/** Per-sample (per-step for sequences) loss values: [B] or [B, T]. */
export function perSampleLoss(g: Graph, opts: LossOptions, yTrue: Value, yPred: Value): Value {
  const name = ALIASES[opts.name] ?? opts.name;
  const logits = !!opts.from_logits;
  switch (name) {
    case 'binary_crossentropy':
      return binaryCE(g, yTrue, yPred, logits);
    case 'categorical_crossentropy':
      return categoricalCE(g, yTrue, yPred, logits);
    case 'sparse_categorical_crossentropy':
      return sparseCE(g, yTrue, yPred, logits);
    case 'mse':
      return mse(g, yTrue, yPred);
    case 'mae':
      return mae(g, yTrue, yPred);
    default:
      throw new Error(`unknown loss '${opts.name}'`);
  }
}

/** Mean over samples (and unmasked steps: Σ loss·mask / Σ mask when a [B, T] mask is given). */
export function maskedMean(g: Graph, per: Value, mask?: Value): Value {
  if (!mask || per.shape.length !== mask.shape.length) return op.reduceMean(g, per);
  const total = op.reduceSum(g, op.mul(g, per, mask));
  const count = op.reduceSum(g, mask);
  // max(count, 1): a batch of all-masked steps gives 0, not NaN.
  return op.div(g, total, op.clip(g, count, op.constLike(g, count, 1), null));
}

export function computeLoss(g: Graph, opts: LossOptions, yTrue: Value, yPred: Value, mask?: Value): Value {
  return maskedMean(g, perSampleLoss(g, opts, yTrue, yPred), mask);
}
