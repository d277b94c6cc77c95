// Keras initializer objects (GlorotUniform(seed=1), Orthogonal(gain=2.0), …) for the
// *_initializer arguments; a string name works too. They become {class_name, config}.
import { HostClass, HostObject, implementClass } from '../../language';
import type { ConfigValue } from './config';
import { isNone, toConfig } from './convert';
import { INITIALIZERS, INITIALIZER_BASE, initializerClass } from '../../keras/initializers';

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

const BASE = implementClass<KerasInitializer>(INITIALIZER_BASE, {});

export const INITIALIZER_CLASSES: ReadonlyMap<string, HostClass<KerasInitializer>> = new Map(INITIALIZERS.map(def => {
  const cls: HostClass<KerasInitializer> = implementClass<KerasInitializer>(initializerClass(def), {
    base: BASE,
    construct: args => {
      const options: Record<string, ConfigValue> = {};
      for (const p of def.params) if (!isNone(args[p.name])) options[p.name] = toConfig(args[p.name]);
      return new KerasInitializer(cls, options);
    },
  });
  return [def.className, cls];
}));
