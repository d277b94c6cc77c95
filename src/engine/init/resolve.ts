/**
 * Turning what a user writes into an Initializer, as `keras.initializers.get` does:
 *   'glorot_uniform' | 'GlorotUniform'                 a name (Keras snake_case or class name)
 *   {class_name: 'RandomNormal', config: {stddev: 1}}  a Keras config dict
 *   {name: 'random_normal', stddev: 1}                 a name with options inline
 *   an Initializer instance                            returned as is
 * Unknown names and options fail with a "did you mean".
 */
import {
  Constant, GlorotNormal, GlorotUniform, HeNormal, HeUniform, Identity, Initializer, LecunNormal,
  LecunUniform, Ones, Orthogonal, RandomNormal, RandomUniform, TruncatedNormal, VarianceScaling, Zeros,
} from './initializers';

type Options = Record<string, unknown>;

interface Entry {
  /** Canonical Keras class name. */
  className: string;
  /** Option names the constructor takes, in positional order. */
  params: string[];
  make(o: Options): Initializer;
}

const num = (o: Options, k: string, d: number): number => {
  const v = o[k];
  if (v === undefined || v === null) return d;
  if (typeof v !== 'number') throw new Error(`initializer option '${k}' must be a number, got ${JSON.stringify(v)}`);
  return v;
};
const seedOf = (o: Options): number | null => {
  const v = o.seed;
  if (v === undefined || v === null) return null;
  if (typeof v !== 'number' || !Number.isInteger(v)) throw new Error(`initializer seed must be an integer, got ${JSON.stringify(v)}`);
  return v;
};
const str = (o: Options, k: string, d: string): string => {
  const v = o[k];
  if (v === undefined || v === null) return d;
  if (typeof v !== 'string') throw new Error(`initializer option '${k}' must be a string, got ${JSON.stringify(v)}`);
  return v;
};

const ENTRIES: Entry[] = [
  { className: 'Zeros', params: [], make: () => new Zeros() },
  { className: 'Ones', params: [], make: () => new Ones() },
  { className: 'Constant', params: ['value'], make: (o) => new Constant(num(o, 'value', 0)) },
  {
    className: 'RandomUniform', params: ['minval', 'maxval', 'seed'],
    make: (o) => new RandomUniform(num(o, 'minval', -0.05), num(o, 'maxval', 0.05), seedOf(o)),
  },
  {
    className: 'RandomNormal', params: ['mean', 'stddev', 'seed'],
    make: (o) => new RandomNormal(num(o, 'mean', 0), num(o, 'stddev', 0.05), seedOf(o)),
  },
  {
    className: 'TruncatedNormal', params: ['mean', 'stddev', 'seed'],
    make: (o) => new TruncatedNormal(num(o, 'mean', 0), num(o, 'stddev', 0.05), seedOf(o)),
  },
  {
    className: 'VarianceScaling', params: ['scale', 'mode', 'distribution', 'seed'],
    make: (o) =>
      new VarianceScaling(
        num(o, 'scale', 1),
        str(o, 'mode', 'fan_in') as 'fan_in',
        str(o, 'distribution', 'truncated_normal') as 'uniform',
        seedOf(o),
      ),
  },
  { className: 'GlorotUniform', params: ['seed'], make: (o) => new GlorotUniform(seedOf(o)) },
  { className: 'GlorotNormal', params: ['seed'], make: (o) => new GlorotNormal(seedOf(o)) },
  { className: 'LecunUniform', params: ['seed'], make: (o) => new LecunUniform(seedOf(o)) },
  { className: 'LecunNormal', params: ['seed'], make: (o) => new LecunNormal(seedOf(o)) },
  { className: 'HeUniform', params: ['seed'], make: (o) => new HeUniform(seedOf(o)) },
  { className: 'HeNormal', params: ['seed'], make: (o) => new HeNormal(seedOf(o)) },
  { className: 'Orthogonal', params: ['gain', 'seed'], make: (o) => new Orthogonal(num(o, 'gain', 1), seedOf(o)) },
  { className: 'Identity', params: ['gain'], make: (o) => new Identity(num(o, 'gain', 1)) },
];

/** Keras' extra spellings (keras/src/initializers/__init__.py) besides snake_case of each class. */
const ALIASES: Record<string, string> = {
  uniform: 'RandomUniform',
  normal: 'RandomNormal',
  one: 'Ones',
  zero: 'Zeros',
  OrthogonalInitializer: 'Orthogonal',
  IdentityInitializer: 'Identity',
  orthogonal_initializer: 'Orthogonal',
  identity_initializer: 'Identity',
};

function toSnakeCase(name: string): string {
  return name.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toLowerCase();
}

/** Every accepted spelling → entry. */
const BY_NAME = new Map<string, Entry>();
for (const e of ENTRIES) {
  BY_NAME.set(e.className, e);
  BY_NAME.set(toSnakeCase(e.className), e);
}
for (const [alias, cls] of Object.entries(ALIASES)) BY_NAME.set(alias, ENTRIES.find((e) => e.className === cls)!);

/** Levenshtein distance, for suggestions. */
function editDistance(a: string, b: string): number {
  const prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0];
    prev[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = prev[j];
      prev[j] = Math.min(prev[j] + 1, prev[j - 1] + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
      diag = tmp;
    }
  }
  return prev[b.length];
}

/** The closest candidate if it is plausibly a typo (distance ≤ max(2, len/3)), else null. */
function didYouMean(word: string, candidates: Iterable<string>): string | null {
  let best: string | null = null, bestD = Infinity;
  const w = word.toLowerCase();
  const list = [...candidates];
  // An abbreviation ('std' for 'stddev') is a likelier intent than a near spelling.
  const prefixed = w.length >= 3 ? list.filter((c) => c.toLowerCase().startsWith(w)) : [];
  if (prefixed.length === 1) return prefixed[0];
  for (const c of list) {
    const d = editDistance(w, c.toLowerCase());
    if (d < bestD) {
      best = c;
      bestD = d;
    }
  }
  return best !== null && bestD <= Math.max(2, Math.floor(word.length / 3)) ? best : null;
}

/** Public spellings to suggest: snake_case names (what Keras docs use) first. */
function initializerNames(): string[] {
  return ENTRIES.map((e) => toSnakeCase(e.className));
}

function lookup(name: string): Entry {
  const e = BY_NAME.get(name) ?? BY_NAME.get(toSnakeCase(name));
  if (e) return e;
  // Suggest in the user's own style: ClassName for ClassName, snake_case otherwise.
  const style = /[A-Z]/.test(name) ? (k: string) => /[A-Z]/.test(k) : (k: string) => !/[A-Z]/.test(k);
  const guess = didYouMean(name, [...BY_NAME.keys()].filter(style));
  const hint = guess ? ` Did you mean '${guess}'?` : '';
  throw new Error(`Unknown initializer '${name}'.${hint} Known initializers: ${initializerNames().join(', ')}.`);
}

function build(entry: Entry, options: Options): Initializer {
  for (const k of Object.keys(options)) {
    if (!entry.params.includes(k)) {
      const guess = didYouMean(k, entry.params);
      const accepted = entry.params.length ? entry.params.join(', ') : 'no options';
      throw new Error(
        `${entry.className} initializer got an unexpected option '${k}'.` +
          (guess ? ` Did you mean '${guess}'?` : '') + ` It accepts: ${accepted}.`,
      );
    }
  }
  return entry.make(options);
}

export type InitializerSpec =
  | string
  | Initializer
  | { class_name: string; config?: Options; module?: string; registered_name?: string | null }
  | ({ name: string } & Options);

export function getInitializer(spec: InitializerSpec): Initializer {
  if (spec instanceof Initializer) return spec;
  if (typeof spec === 'string') return build(lookup(spec), {});
  if (spec && typeof spec === 'object') {
    if ('class_name' in spec && typeof spec.class_name === 'string') {
      const config = { ...((spec.config as Options | undefined) ?? {}) };
      // Keras 3 configs may carry dtype; it does not change the values.
      delete config.dtype;
      return build(lookup(spec.class_name), config);
    }
    if ('name' in spec && typeof spec.name === 'string') {
      const { name, ...options } = spec;
      return build(lookup(name), options);
    }
  }
  throw new Error(
    `Could not interpret initializer ${JSON.stringify(spec)}: expected a name like 'glorot_uniform', ` +
      `a config {class_name, config}, or an initializer object.`,
  );
}
