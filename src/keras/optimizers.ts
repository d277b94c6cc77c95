// The optimizer classes (Adam(learning_rate=1e-3, clipnorm=1.0), SGD, RMSprop, Adagrad) with
// the name each answers to in compile(optimizer='adam').
import type { ClassDecl } from './declarations';
import { Param, opt } from './signature';

export const OPTIMIZER_BASE: ClassDecl = { name: 'Optimizer', module: 'keras.optimizers', doc: 'Base class of the optimizers.' };

const CLIP: Param[] = [
  opt('clipnorm', null, ['float', 'None'], 'Clip each gradient tensor to this L2 norm.'),
  opt('clipvalue', null, ['float', 'None'], 'Clip each gradient element to [−clipvalue, clipvalue].'),
  opt('global_clipnorm', null, ['float', 'None'], 'Clip all gradients together to this global L2 norm.'),
  opt('name', null, ['str', 'None'], 'Accepted for Keras compatibility.'),
];

export interface OptimizerDecl {
  readonly className: string;
  /** Its name as a string in compile(optimizer=...). */
  readonly key: 'sgd' | 'adam' | 'rmsprop' | 'adagrad';
  readonly doc: string;
  readonly params: readonly Param[];
}

export const OPTIMIZERS: readonly OptimizerDecl[] = [
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

export function optimizerClass(decl: OptimizerDecl): ClassDecl {
  return {
    name: decl.className,
    module: 'keras.optimizers',
    doc: decl.doc,
    base: OPTIMIZER_BASE,
    attributes: { learning_rate: { doc: 'The step size.', type: 'float' } },
    constructorSignature: { name: decl.className, params: decl.params, doc: decl.doc },
  };
}
