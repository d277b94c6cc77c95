// The callback classes a cell passes to fit(callbacks=[...]), with their options.
import type { ClassDecl } from './declarations';
import { Param, opt } from './signature';

export const CALLBACK_BASE: ClassDecl = { name: 'Callback', module: 'keras.callbacks', doc: 'Base class of the callbacks.' };

const MODE = opt('mode', 'auto', ['str'], "'min', 'max', or 'auto' (by the monitored quantity).", ['auto', 'min', 'max']);
/** Accepted so Keras code runs unchanged; the kernel drops it from the config. */
export const VERBOSE = opt('verbose', 0n, ['int'], 'Accepted for Keras compatibility.');

export interface CallbackDecl {
  readonly className: 'EarlyStopping' | 'TerminateOnNaN' | 'ReduceLROnPlateau';
  readonly doc: string;
  readonly params: readonly Param[];
}

export const CALLBACKS: readonly CallbackDecl[] = [
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

export function callbackClass(decl: CallbackDecl): ClassDecl {
  return { name: decl.className, module: 'keras.callbacks', doc: decl.doc, base: CALLBACK_BASE, constructorSignature: { name: decl.className, params: decl.params, doc: decl.doc } };
}
