// Keras callbacks as cell objects. They only carry their options: the engine thread builds
// the real callback for each fit (callbacks act between batches, where training runs).
import { HostClass, HostObject, Param } from '../../language';
import type { CallbackConfig } from '../../protocol/training';
import { isNone, toConfig } from './convert';
import { opt } from './params';

export class KerasCallback extends HostObject {
  constructor(readonly hostClass: HostClass, readonly config: CallbackConfig) {
    super();
  }
  override repr(): string {
    return `<${this.hostClass.name}>`;
  }
}

const CALLBACK_BASE = new HostClass<KerasCallback>({ name: 'Callback', module: 'keras.callbacks', doc: 'Base class of the callbacks.' });
const MODE = opt('mode', 'auto', ['str'], "'min', 'max', or 'auto' (by the monitored quantity).", ['auto', 'min', 'max']);
// Accepted so Keras code runs unchanged, and dropped from the config in `construct` below.
const VERBOSE = opt('verbose', 0n, ['int'], 'Accepted for Keras compatibility.');

const DEFS: { className: CallbackConfig['class_name']; doc: string; params: Param[] }[] = [
  {
    className: 'EarlyStopping', doc: 'Stops training when a monitored quantity stops improving.',
    params: [
      opt('monitor', 'val_loss', ['str'], 'Quantity to watch (a History key such as val_loss or accuracy).'),
      opt('min_delta', 0.0, ['float'], 'Smallest change that counts as an improvement.'),
      opt('patience', 0n, ['int'], 'Epochs without improvement before stopping.'),
      VERBOSE,
      MODE,
      opt('baseline', null, ['float', 'None'], 'Value the quantity must beat.'),
      opt('restore_best_weights', false, ['bool'], 'Put back the weights of the best epoch at the end.'),
      opt('start_from_epoch', 0n, ['int'], 'Epochs to wait before watching.'),
    ],
  },
  { className: 'TerminateOnNaN', doc: 'Stops training when the loss (or a gradient) becomes NaN or Inf.', params: [] },
  {
    className: 'ReduceLROnPlateau', doc: 'Multiplies the learning rate by `factor` when a quantity stops improving.',
    params: [
      opt('monitor', 'val_loss', ['str'], 'Quantity to watch.'),
      opt('factor', 0.1, ['float'], 'Factor the learning rate is multiplied by.'),
      opt('patience', 10n, ['int'], 'Epochs without improvement before reducing.'),
      VERBOSE,
      MODE,
      opt('min_delta', 1e-4, ['float'], 'Smallest change that counts as an improvement.'),
      opt('cooldown', 0n, ['int'], 'Epochs to wait after a reduction.'),
      opt('min_lr', 0.0, ['float'], 'Lower bound on the learning rate.'),
    ],
  },
];

export const CALLBACK_CLASSES: ReadonlyMap<string, HostClass<KerasCallback>> = new Map(DEFS.map(def => {
  const cls: HostClass<KerasCallback> = new HostClass<KerasCallback>({
    name: def.className, module: 'keras.callbacks', doc: def.doc, base: CALLBACK_BASE,
    constructorSignature: { name: def.className, params: def.params, doc: def.doc },
    construct: args => {
      const config: Record<string, unknown> = {};
      for (const p of def.params) if (p.name !== 'verbose' && !isNone(args[p.name])) config[p.name] = toConfig(args[p.name]);
      return new KerasCallback(cls, { class_name: def.className, config });
    },
  });
  return [def.className, cls];
}));
