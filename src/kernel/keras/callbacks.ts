// Keras callbacks as cell objects. They only carry their options: the engine thread builds
// the real callback for each fit (callbacks act between batches, where training runs).
import { HostClass, HostObject, implementClass } from '../../language';
import type { CallbackConfig } from '../../protocol/training';
import { isNone, toConfig } from './convert';
import { CALLBACKS, CALLBACK_BASE as CALLBACK_BASE_DECL, VERBOSE, callbackClass } from '../../keras/callbacks';

export class KerasCallback extends HostObject {
  constructor(readonly hostClass: HostClass, readonly config: CallbackConfig) {
    super();
  }
  override repr(): string {
    return `<${this.hostClass.name}>`;
  }
}

const CALLBACK_BASE = implementClass<KerasCallback>(CALLBACK_BASE_DECL, {});

export const CALLBACK_CLASSES: ReadonlyMap<string, HostClass<KerasCallback>> = new Map(CALLBACKS.map(def => {
  const cls: HostClass<KerasCallback> = implementClass<KerasCallback>(callbackClass(def), {
    base: CALLBACK_BASE,
    construct: args => {
      const config: Record<string, unknown> = {};
      for (const p of def.params) if (p.name !== VERBOSE.name && !isNone(args[p.name])) config[p.name] = toConfig(args[p.name]);
      return new KerasCallback(cls, { class_name: def.className, config });
    },
  });
  return [def.className, cls];
}));
