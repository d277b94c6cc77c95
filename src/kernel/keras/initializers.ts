// Keras initializer objects (GlorotUniform(seed=1), Orthogonal(gain=2.0), …) for the
// *_initializer arguments; a string name works too. They become {class_name, config}.
import { HostClass, HostObject, Param } from '../../language';
import type { ConfigValue } from './config';
import { isNone, toConfig } from './convert';
import { opt } from './params';

export class KerasInitializer extends HostObject {
  constructor(readonly hostClass: HostClass, readonly options: Record<string, ConfigValue>) {
    super();
  }
  toConfig(): ConfigValue {
    return { class_name: this.hostClass.name, config: this.options };
  }
  override repr(): string {
    return `<${this.hostClass.name}>`;
  }
}

const BASE = new HostClass<KerasInitializer>({ name: 'Initializer', module: 'keras.initializers', doc: 'Base class of the initializers.' });
const SEED = opt('seed', null, ['int', 'None'], 'Seed of the random draw.');

const DEFS: [string, string, Param[]][] = [
  ['GlorotUniform', 'Uniform in ±sqrt(6 / (fan_in + fan_out)).', [SEED]],
  ['Orthogonal', 'A random orthogonal matrix times gain.', [opt('gain', 1.0, ['float'], 'Multiplier.'), SEED]],
  ['Zeros', 'All zeros.', []],
  ['Ones', 'All ones.', []],
  ['RandomNormal', 'Normal with the given mean and standard deviation.', [opt('mean', 0.0, ['float'], 'Mean.'), opt('stddev', 0.05, ['float'], 'Standard deviation.'), SEED]],
  ['RandomUniform', 'Uniform in [minval, maxval).', [opt('minval', -0.05, ['float'], 'Lower bound.'), opt('maxval', 0.05, ['float'], 'Upper bound.'), SEED]],
];

export const INITIALIZER_CLASSES: ReadonlyMap<string, HostClass<KerasInitializer>> = new Map(DEFS.map(([name, doc, params]) => {
  const cls: HostClass<KerasInitializer> = new HostClass<KerasInitializer>({
    name, module: 'keras.initializers', doc, base: BASE,
    constructorSignature: { name, params, doc },
    construct: args => {
      const options: Record<string, ConfigValue> = {};
      for (const p of params) if (!isNone(args[p.name])) options[p.name] = toConfig(args[p.name]);
      return new KerasInitializer(cls, options);
    },
  });
  return [name, cls];
}));
