// Keras optimizers as cell objects: Adam(learning_rate=1e-3, clipnorm=1.0), SGD, RMSprop,
// Adagrad, or their names as strings in compile(optimizer='adam').
import type { OptimizerConfig } from '../../engine/optim/optimizers';
import { HostClass, HostObject, PyException, Value, implementClass } from '../../language';
import { isNone, toNumber } from './convert';
import { OPTIMIZERS, OPTIMIZER_BASE as OPTIMIZER_BASE_DECL, OptimizerDecl, optimizerClass } from '../../keras/optimizers';

export class KerasOptimizer extends HostObject {
  constructor(readonly hostClass: HostClass, readonly config: OptimizerConfig) {
    super();
  }
  override getAttribute(name: string): Value | undefined {
    const v = (this.config as unknown as Record<string, unknown>)[name];
    return typeof v === 'number' || typeof v === 'boolean' ? v : undefined;
  }
  override repr(): string {
    return `<${this.hostClass.name} learning_rate=${this.config.learning_rate}>`;
  }
}

const OPTIMIZER_BASE = implementClass<KerasOptimizer>(OPTIMIZER_BASE_DECL, {});

function makeClass(def: OptimizerDecl): HostClass<KerasOptimizer> {
  const cls: HostClass<KerasOptimizer> = implementClass<KerasOptimizer>(optimizerClass(def), {
    base: OPTIMIZER_BASE,
    construct: args => {
      const config: Record<string, unknown> = { name: def.key };
      for (const p of def.params) {
        if (p.name === 'name' || isNone(args[p.name])) continue;
        config[p.name] = typeof args[p.name] === 'boolean' ? args[p.name] : toNumber(args[p.name], p.name);
      }
      if (!(Number(config.learning_rate) > 0)) throw new PyException('ValueError', `${def.className}: learning_rate must be positive`);
      return new KerasOptimizer(cls, config as unknown as OptimizerConfig);
    },
  });
  return cls;
}

export const OPTIMIZER_CLASSES: ReadonlyMap<string, HostClass<KerasOptimizer>> = new Map(OPTIMIZERS.map(d => [d.className, makeClass(d)]));
const BY_STRING = new Map(OPTIMIZERS.map(d => [d.key, d]));

/** compile(optimizer=...): a name ('adam') or an optimizer object. */
export function optimizerConfig(v: Value): OptimizerConfig {
  if (v instanceof KerasOptimizer) return v.config;
  if (typeof v === 'string') {
    const key = v.toLowerCase() as OptimizerConfig['name'];
    if (!BY_STRING.has(key)) throw new PyException('ValueError', `Could not interpret optimizer identifier: '${v}' (one of 'sgd', 'adam', 'rmsprop', 'adagrad')`);
    return { name: key };
  }
  throw new PyException('TypeError', `optimizer must be a name like 'adam' or an optimizer object, not ${v === null ? 'None' : typeof v}`);
}
