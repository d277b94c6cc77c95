// The loss and metric classes (BinaryCrossentropy(from_logits=True), BinaryAccuracy()) with
// the name each stands for as a string in compile(loss=..., metrics=[...]).
import type { ClassDecl } from './declarations';
import { opt } from './signature';

export const LOSS_BASE: ClassDecl = { name: 'Loss', module: 'keras.losses', doc: 'Base class of the losses.' };
export const METRIC_BASE: ClassDecl = { name: 'Metric', module: 'keras.metrics', doc: 'Base class of the metrics.' };

export interface LossDecl {
  readonly className: string;
  /** Its name as a string in compile(loss=...). */
  readonly key: string;
  /** Whether it takes from_logits. */
  readonly logits: boolean;
  readonly doc: string;
}

export const LOSSES: readonly LossDecl[] = [
  { className: 'MeanSquaredError', key: 'mse', logits: false, doc: 'Mean of (y_true − y_pred)² over the last axis.' },
  { className: 'MeanAbsoluteError', key: 'mae', logits: false, doc: 'Mean of |y_true − y_pred| over the last axis.' },
  { className: 'BinaryCrossentropy', key: 'binary_crossentropy', logits: true, doc: 'Crossentropy of 0/1 labels and probabilities (or logits).' },
  { className: 'CategoricalCrossentropy', key: 'categorical_crossentropy', logits: true, doc: 'Crossentropy of one-hot labels and class probabilities (or logits).' },
  { className: 'SparseCategoricalCrossentropy', key: 'sparse_categorical_crossentropy', logits: true, doc: 'Crossentropy of integer labels and class probabilities (or logits).' },
];

export interface MetricDecl {
  readonly className: string;
  /** Its name in logs and History, and as a string in compile(metrics=[...]). */
  readonly key: string;
  readonly doc: string;
}

export const METRICS: readonly MetricDecl[] = [
  { className: 'Accuracy', key: 'accuracy', doc: 'Fraction of correct predictions (binary, categorical or sparse by the loss).' },
  { className: 'BinaryAccuracy', key: 'binary_accuracy', doc: 'Fraction of predictions on the right side of 0.5.' },
  { className: 'CategoricalAccuracy', key: 'categorical_accuracy', doc: 'Fraction of argmax predictions equal to the one-hot label.' },
  { className: 'SparseCategoricalAccuracy', key: 'sparse_categorical_accuracy', doc: 'Fraction of argmax predictions equal to the integer label.' },
];

/** The names compile() accepts as strings. */
export const LOSS_NAMES: readonly string[] = ['binary_crossentropy', 'categorical_crossentropy', 'sparse_categorical_crossentropy', 'mse', 'mae', 'mean_squared_error', 'mean_absolute_error'];
export const METRIC_NAMES: readonly string[] = ['accuracy', 'acc', 'binary_accuracy', 'categorical_accuracy', 'sparse_categorical_accuracy', 'mse', 'mae', 'mean_squared_error', 'mean_absolute_error', 'crossentropy', 'perplexity'];

export function lossClass(decl: LossDecl): ClassDecl {
  return {
    name: decl.className, module: 'keras.losses', doc: decl.doc, base: LOSS_BASE,
    constructorSignature: {
      name: decl.className,
      params: [...(decl.logits ? [opt('from_logits', false, ['bool'], 'Whether y_pred holds logits rather than probabilities.')] : []), opt('name', null, ['str', 'None'], 'Accepted for Keras compatibility.')],
      doc: decl.doc,
    },
  };
}

export function metricClass(decl: MetricDecl): ClassDecl {
  return {
    name: decl.className, module: 'keras.metrics', doc: decl.doc, base: METRIC_BASE,
    constructorSignature: { name: decl.className, params: [opt('name', null, ['str', 'None'], 'The name in logs and History (default: the metric name).')], doc: decl.doc },
  };
}
