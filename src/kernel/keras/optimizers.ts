// Keras optimizers as cell objects: Adam(learning_rate=1e-3, clipnorm=1.0), SGD, RMSprop,
// Adagrad, or their names as strings in compile(optimizer='adam').
import type { OptimizerConfig } from '../../engine/optim/optimizers';
import { HostClass, HostObject, Param, PyException, Value } from '../../language';
import { isNone, toNumber } from './convert';
import { opt } from './params';

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

const OPTIMIZER_BASE = new HostClass<KerasOptimizer>({ name: 'Optimizer', module: 'keras.optimizers', doc: 'Base class of the optimizers.' });

const CLIP: Param[] = [
  opt('clipnorm', null, ['float', 'None'], 'Clip each gradient tensor to this L2 norm.'),
  opt('clipvalue', null, ['float', 'None'], 'Clip each gradient element to [−clipvalue, clipvalue].'),
  opt('global_clipnorm', null, ['float', 'None'], 'Clip all gradients together to this global L2 norm.'),
  opt('name', null, ['str', 'None'], 'Accepted for Keras compatibility.'),
];

interface OptimizerDef {
  className: string;
  key: OptimizerConfig['name'];
  doc: string;
  params: Param[];
}

const DEFS: OptimizerDef[] = [
  {
    className: 'SGD', key: 'sgd', doc: 'Gradient descent with optional (Nesterov) momentum.',
    params: [opt('learning_rate', 0.01, ['float'], 'Step size.'), opt('momentum', 0.0, ['float'], 'Momentum factor.'), opt('nesterov', false, ['bool'], 'Use Nesterov momentum.'), ...CLIP],
  },
  {
    className: 'Adam', key: 'adam', doc: 'Adam: adaptive moment estimation (Kingma & Ba 2014).',
    params: [opt('learning_rate', 0.001, ['float'], 'Step size.'), opt('beta_1', 0.9, ['float'], 'Decay of the first moment.'), opt('beta_2', 0.999, ['float'], 'Decay of the second moment.'), opt('epsilon', 1e-7, ['float'], 'Numerical stability constant.'), ...CLIP],
  },
  {
    className: 'RMSprop', key: 'rmsprop', doc: 'RMSprop: divides the gradient by a running average of its magnitude.',
    params: [opt('learning_rate', 0.001, ['float'], 'Step size.'), opt('rho', 0.9, ['float'], 'Decay of the squared-gradient average.'), opt('momentum', 0.0, ['float'], 'Momentum factor.'), opt('epsilon', 1e-7, ['float'], 'Numerical stability constant.'), ...CLIP],
  },
  {
    className: 'Adagrad', key: 'adagrad', doc: 'Adagrad: per-parameter rates from the sum of squared gradients.',
    params: [opt('learning_rate', 0.001, ['float'], 'Step size.'), opt('initial_accumulator_value', 0.1, ['float'], 'Starting value of the accumulators.'), opt('epsilon', 1e-7, ['float'], 'Numerical stability constant.'), ...CLIP],
  },
];

function makeClass(def: OptimizerDef): HostClass<KerasOptimizer> {
  const cls: HostClass<KerasOptimizer> = new HostClass<KerasOptimizer>({
    name: def.className,
    module: 'keras.optimizers',
    doc: def.doc,
    base: OPTIMIZER_BASE,
    attributes: { learning_rate: { doc: 'The step size.', type: 'float' } },
    constructorSignature: { name: def.className, params: def.params, doc: def.doc },
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

export const OPTIMIZER_CLASSES: ReadonlyMap<string, HostClass<KerasOptimizer>> = new Map(DEFS.map(d => [d.className, makeClass(d)]));
const BY_STRING = new Map(DEFS.map(d => [d.key, d]));

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
