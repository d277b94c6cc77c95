// Keras losses and metrics as strings or objects: loss='binary_crossentropy' or
// loss=BinaryCrossentropy(from_logits=True); metrics=['accuracy'] or [BinaryAccuracy()].
import type { LossOptions } from '../../engine/losses';
import { HostClass, HostObject, PyException, Value, implementClass, typeName } from '../../language';
import { items } from './convert';
import { LOSSES, LOSS_BASE as LOSS_BASE_DECL, LOSS_NAMES, METRICS, METRIC_BASE as METRIC_BASE_DECL, METRIC_NAMES, lossClass, metricClass } from '../../keras/losses';
import { closest } from '../../language/suggest';

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

const LOSS_BASE = implementClass<KerasLoss>(LOSS_BASE_DECL, {});
const METRIC_BASE = implementClass<KerasMetric>(METRIC_BASE_DECL, {});

export const LOSS_CLASSES: ReadonlyMap<string, HostClass<KerasLoss>> = new Map(LOSSES.map(def => {
  const cls: HostClass<KerasLoss> = implementClass<KerasLoss>(lossClass(def), {
    base: LOSS_BASE,
    construct: args => new KerasLoss(cls, { name: def.key, from_logits: args.from_logits === true }),
  });
  return [def.className, cls];
}));

export const METRIC_CLASSES: ReadonlyMap<string, HostClass<KerasMetric>> = new Map(METRICS.map(def => {
  const cls: HostClass<KerasMetric> = implementClass<KerasMetric>(metricClass(def), {
    base: METRIC_BASE,
    construct: args => new KerasMetric(cls, typeof args.name === 'string' ? args.name : def.key),
  });
  return [def.className, cls];
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
