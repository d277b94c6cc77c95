// Keras losses and metrics as strings or objects: loss='binary_crossentropy' or
// loss=BinaryCrossentropy(from_logits=True); metrics=['accuracy'] or [BinaryAccuracy()].
import type { LossOptions } from '../../engine/losses';
import { HostClass, HostObject, PyException, Value, typeName } from '../../language';
import { items } from './convert';
import { opt } from './params';
import { closest } from '../../language/suggest';

const LOSS_NAMES = ['binary_crossentropy', 'categorical_crossentropy', 'sparse_categorical_crossentropy', 'mse', 'mae', 'mean_squared_error', 'mean_absolute_error'];
const METRIC_NAMES = ['accuracy', 'acc', 'binary_accuracy', 'categorical_accuracy', 'sparse_categorical_accuracy', 'mse', 'mae', 'mean_squared_error', 'mean_absolute_error', 'crossentropy', 'perplexity'];

export class KerasLoss extends HostObject {
  constructor(readonly hostClass: HostClass, readonly options: LossOptions) {
    super();
  }
  override repr(): string {
    return `<${this.hostClass.name} from_logits=${this.options.from_logits ? 'True' : 'False'}>`;
  }
}

export class KerasMetric extends HostObject {
  constructor(readonly hostClass: HostClass, readonly metricName: string) {
    super();
  }
  override repr(): string {
    return `<${this.hostClass.name} name=${this.metricName}>`;
  }
}

const LOSS_BASE = new HostClass<KerasLoss>({ name: 'Loss', module: 'keras.losses', doc: 'Base class of the losses.' });
const METRIC_BASE = new HostClass<KerasMetric>({ name: 'Metric', module: 'keras.metrics', doc: 'Base class of the metrics.' });

const LOSSES: [string, string, boolean, string][] = [
  ['MeanSquaredError', 'mse', false, 'Mean of (y_true − y_pred)² over the last axis.'],
  ['MeanAbsoluteError', 'mae', false, 'Mean of |y_true − y_pred| over the last axis.'],
  ['BinaryCrossentropy', 'binary_crossentropy', true, 'Crossentropy of 0/1 labels and probabilities (or logits).'],
  ['CategoricalCrossentropy', 'categorical_crossentropy', true, 'Crossentropy of one-hot labels and class probabilities (or logits).'],
  ['SparseCategoricalCrossentropy', 'sparse_categorical_crossentropy', true, 'Crossentropy of integer labels and class probabilities (or logits).'],
];

const METRICS: [string, string, string][] = [
  ['Accuracy', 'accuracy', 'Fraction of correct predictions (binary, categorical or sparse by the loss).'],
  ['BinaryAccuracy', 'binary_accuracy', 'Fraction of predictions on the right side of 0.5.'],
  ['CategoricalAccuracy', 'categorical_accuracy', 'Fraction of argmax predictions equal to the one-hot label.'],
  ['SparseCategoricalAccuracy', 'sparse_categorical_accuracy', 'Fraction of argmax predictions equal to the integer label.'],
];

export const LOSS_CLASSES: ReadonlyMap<string, HostClass<KerasLoss>> = new Map(LOSSES.map(([className, key, logits, doc]) => {
  const cls: HostClass<KerasLoss> = new HostClass<KerasLoss>({
    name: className, module: 'keras.losses', doc, base: LOSS_BASE,
    constructorSignature: {
      name: className,
      params: [...(logits ? [opt('from_logits', false, ['bool'], 'Whether y_pred holds logits rather than probabilities.')] : []), opt('name', null, ['str', 'None'], 'Accepted for Keras compatibility.')],
      doc,
    },
    construct: args => new KerasLoss(cls, { name: key, from_logits: args.from_logits === true }),
  });
  return [className, cls];
}));

export const METRIC_CLASSES: ReadonlyMap<string, HostClass<KerasMetric>> = new Map(METRICS.map(([className, key, doc]) => {
  const cls: HostClass<KerasMetric> = new HostClass<KerasMetric>({
    name: className, module: 'keras.metrics', doc, base: METRIC_BASE,
    constructorSignature: { name: className, params: [opt('name', null, ['str', 'None'], 'The name in logs and History (default: the metric name).')], doc },
    construct: args => new KerasMetric(cls, typeof args.name === 'string' ? args.name : key),
  });
  return [className, cls];
}));

export function lossOptions(v: Value): LossOptions {
  if (v instanceof KerasLoss) return v.options;
  if (typeof v === 'string') {
    if (!LOSS_NAMES.includes(v)) {
      const guess = closest(v, LOSS_NAMES);
      throw new PyException('ValueError', `Could not interpret loss identifier: '${v}'${guess ? `. Did you mean '${guess}'?` : ''}`);
    }
    return { name: v };
  }
  throw new PyException('TypeError', `loss must be a name like 'mse' or a loss object, not ${typeName(v)}`);
}

export function metricNames(v: Value): string[] {
  if (v === null) return [];
  return items(v, 'metrics').map(m => {
    if (m instanceof KerasMetric) return m.metricName;
    if (typeof m === 'string') {
      if (!METRIC_NAMES.includes(m)) {
        const guess = closest(m, METRIC_NAMES);
        throw new PyException('ValueError', `Unknown metric '${m}'${guess ? `. Did you mean '${guess}'?` : ''}`);
      }
      return m;
    }
    throw new PyException('TypeError', `a metric must be a name like 'accuracy' or a metric object, not ${typeName(m)}`);
  });
}
