// The initializer classes for the *_initializer arguments (GlorotUniform(seed=1),
// Orthogonal(gain=2.0), …); a string name works too.
import type { ClassDecl } from './declarations';
import { Param, opt } from './signature';

export const INITIALIZER_BASE: ClassDecl = { name: 'Initializer', module: 'keras.initializers', doc: 'Base class of the initializers.' };
const SEED = opt('seed', null, ['int', 'None'], 'Seed of the random draw.');

export interface InitializerDecl {
  readonly className: string;
  readonly doc: string;
  readonly params: readonly Param[];
}

export const INITIALIZERS: readonly InitializerDecl[] = [
  { className: 'GlorotUniform', doc: 'Uniform in ±sqrt(6 / (fan_in + fan_out)).', params: [SEED] },
  { className: 'Orthogonal', doc: 'A random orthogonal matrix times gain.', params: [opt('gain', 1.0, ['float'], 'Multiplier.'), SEED] },
  { className: 'Zeros', doc: 'All zeros.', params: [] },
  { className: 'Ones', doc: 'All ones.', params: [] },
  { className: 'RandomNormal', doc: 'Normal with the given mean and standard deviation.', params: [opt('mean', 0.0, ['float'], 'Mean.'), opt('stddev', 0.05, ['float'], 'Standard deviation.'), SEED] },
  { className: 'RandomUniform', doc: 'Uniform in [minval, maxval).', params: [opt('minval', -0.05, ['float'], 'Lower bound.'), opt('maxval', 0.05, ['float'], 'Upper bound.'), SEED] },
  { className: 'TruncatedNormal', doc: 'Normal with the given mean and standard deviation, redrawn beyond two standard deviations.', params: [opt('mean', 0.0, ['float'], 'Mean.'), opt('stddev', 0.05, ['float'], 'Standard deviation.'), SEED] },
  { className: 'Identity', doc: 'The identity matrix times gain (2-D weights only).', params: [opt('gain', 1.0, ['float'], 'Multiplier.')] },
  { className: 'Constant', doc: 'Every entry equal to value.', params: [opt('value', 0.0, ['float'], 'The value.')] },
  { className: 'GlorotNormal', doc: 'Truncated normal with stddev sqrt(2 / (fan_in + fan_out)).', params: [SEED] },
  { className: 'HeUniform', doc: 'Uniform in ±sqrt(6 / fan_in).', params: [SEED] },
  { className: 'HeNormal', doc: 'Truncated normal with stddev sqrt(2 / fan_in).', params: [SEED] },
  { className: 'LecunUniform', doc: 'Uniform in ±sqrt(3 / fan_in).', params: [SEED] },
  { className: 'LecunNormal', doc: 'Truncated normal with stddev sqrt(1 / fan_in).', params: [SEED] },
  {
    className: 'VarianceScaling', doc: 'Scaled to the fan: stddev sqrt(scale / n), n = fan_in, fan_out or their mean.',
    params: [
      opt('scale', 1.0, ['float'], 'Scaling factor.'),
      opt('mode', 'fan_in', ['str'], 'Which fan n is.', ['fan_in', 'fan_out', 'fan_avg']),
      opt('distribution', 'truncated_normal', ['str'], 'The distribution drawn from.', ['truncated_normal', 'untruncated_normal', 'uniform']),
      SEED,
    ],
  },
];

export function initializerClass(decl: InitializerDecl): ClassDecl {
  return { name: decl.className, module: 'keras.initializers', doc: decl.doc, base: INITIALIZER_BASE, constructorSignature: { name: decl.className, params: decl.params, doc: decl.doc } };
}
