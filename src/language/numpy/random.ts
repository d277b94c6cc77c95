// np.random: the legacy functions (seed, rand, randn, randint…) over one state per registry,
// and np.random.default_rng(seed) Generators. The bit generator is xoshiro128** seeded through
// splitmix32, with Box-Muller normals: reproducible under a seed, but not NumPy's bit streams
// (the same seed gives different numbers than NumPy's MT19937 or PCG64).
import { PyException } from '../errors';
import { HostClass, HostObject, MethodSpec } from '../host/objects';
import type { BoundArgs } from '../host/signature';
import { SIZE } from '../declarations/numpy';
import { NdArray, intsOf, toNdArray } from '../host/array';
import { DType, allocate, coerce, sizeOf } from './core';
import { pollInterrupt } from '../values/interrupt';
import { PyList, PyTuple, Value, isInt, typeName } from '../values/types';

/** xoshiro128** seeded through splitmix32; np.random's and Python `random`'s (interp/stdlib.ts) bit stream. */
export class BitGenerator {
  private s = new Uint32Array(4);
  private spareNormal: number | undefined;

  constructor(seed?: number) {
    this.seed(seed);
  }

  seed(seed?: number): void {
    let x = (seed ?? Math.floor(Math.random() * 2 ** 32)) >>> 0;
    const hi = Math.floor((seed ?? 0) / 2 ** 32) >>> 0;
    x ^= Math.imul(hi, 0x9e3779b9);
    for (let i = 0; i < 4; i++) {
      x = (x + 0x9e3779b9) >>> 0;
      let z = x;
      z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
      z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
      this.s[i] = (z ^ (z >>> 16)) >>> 0;
    }
    if (this.s.every(v => v === 0)) this.s[0] = 1;
    this.spareNormal = undefined;
  }

  nextUint32(): number {
    const s = this.s;
    const result = Math.imul(rotl(Math.imul(s[1], 5) >>> 0, 7), 9) >>> 0;
    const t = (s[1] << 9) >>> 0;
    s[2] ^= s[0];
    s[3] ^= s[1];
    s[1] ^= s[2];
    s[0] ^= s[3];
    s[2] ^= t;
    s[3] = rotl(s[3], 11);
    return result;
  }

  /** A double in [0, 1) with 53 random bits. */
  random(): number {
    const a = this.nextUint32() >>> 5;
    const b = this.nextUint32() >>> 6;
    return (a * 67108864 + b) / 9007199254740992;
  }

  /** An integer in [0, n) without modulo bias (n up to 2**53). */
  below(n: number): number {
    if (n <= 2 ** 32) {
      const limit = Math.floor(2 ** 32 / n) * n;
      for (;;) {
        const x = this.nextUint32();
        if (x < limit) return x % n;
      }
    }
    return Math.floor(this.random() * n);
  }

  normal(): number {
    if (this.spareNormal !== undefined) {
      const z = this.spareNormal;
      this.spareNormal = undefined;
      return z;
    }
    let u = 0;
    while (u === 0) u = this.random();
    const v = this.random();
    const r = Math.sqrt(-2 * Math.log(u));
    this.spareNormal = r * Math.sin(2 * Math.PI * v);
    return r * Math.cos(2 * Math.PI * v);
  }
}

function rotl(x: number, k: number): number {
  return ((x << k) | (x >>> (32 - k))) >>> 0;
}


function shapeOf(size: Value): number[] | undefined {
  if (size === null || size === undefined) return undefined;
  const shape = intsOf(size, 'size');
  if (shape.some(n => n < 0)) throw new PyException('ValueError', 'negative dimensions are not allowed');
  return shape;
}

/** `size` numbers drawn by `draw` as an array of `dtype`, or one Python number when size is None. */
function sample(size: Value, dtype: DType, draw: () => number, what: string): Value {
  const shape = shapeOf(size);
  if (!shape) {
    const x = coerce(dtype, draw());
    return dtype === 'float64' || dtype === 'float32' ? x : BigInt(x);
  }
  const out = allocate(dtype, sizeOf(shape), what);
  for (let i = 0; i < out.length; i++) {
    pollInterrupt();
    out[i] = coerce(dtype, draw());
  }
  return new NdArray(out, shape, dtype);
}

function num(v: Value, what: string): number {
  if (typeof v === 'number' || isInt(v)) return Number(v);
  throw new PyException('TypeError', `${what} must be a number, not ${typeName(v)}`);
}

function integers(g: BitGenerator, lowArg: Value, highArg: Value, size: Value, endpoint: boolean, what: string): Value {
  let low = num(lowArg, 'low');
  let high = highArg === null ? undefined : num(highArg, 'high');
  if (high === undefined) [low, high] = [0, low];
  if (endpoint) high += 1;
  if (high <= low) throw new PyException('ValueError', `${what}: low >= high`);
  return sample(size, 'int64', () => low + g.below(high - low), what);
}

/** The elements `choice`/`permutation` pick from: range(n) for an int, else the array. */
function population(a: Value, what: string): NdArray {
  if (isInt(a)) {
    const n = Number(a);
    if (n < 0) throw new PyException('ValueError', `${what}: a must be a non-negative integer`);
    const data = allocate('int64', n, what);
    for (let i = 0; i < n; i++) data[i] = i;
    return new NdArray(data, [n], 'int64');
  }
  const arr = toNdArray(a);
  if (arr.shape.length === 0) throw new PyException('ValueError', `${what}: a must be 1-dimensional or an integer`);
  return arr;
}

function choice(g: BitGenerator, a: Value, size: Value, replace: boolean, p: Value): Value {
  const pool = population(a, 'choice');
  const n = pool.shape[0];
  const shape = shapeOf(size);
  const count = shape ? sizeOf(shape) : 1;
  let cumulative: number[] | undefined;
  if (p !== null) {
    const probs = Array.from(toNdArray(p, 'float64').data);
    if (probs.length !== n) throw new PyException('ValueError', "'a' and 'p' must have same size");
    if (probs.some(x => x < 0)) throw new PyException('ValueError', 'probabilities are not non-negative');
    const total = probs.reduce((s, x) => s + x, 0);
    if (Math.abs(total - 1) > 1e-8) throw new PyException('ValueError', 'probabilities do not sum to 1');
    let run = 0;
    cumulative = probs.map(x => (run += x));
  }
  if (n === 0 && count > 0) throw new PyException('ValueError', "'a' cannot be empty unless no samples are taken");
  let picks: number[];
  if (replace) {
    picks = [];
    for (let i = 0; i < count; i++) {
      pollInterrupt();
      if (cumulative) {
        const u = g.random() * cumulative[n - 1];
        let k = cumulative.findIndex(c => u < c);
        if (k < 0) k = n - 1;
        picks.push(k);
      } else picks.push(g.below(n));
    }
  } else {
    if (count > n) throw new PyException('ValueError', "Cannot take a larger sample than population when 'replace=False'");
    if (cumulative) throw new PyException('NotImplementedError', 'choice with replace=False and p is not supported in rnn cells');
    const idx = [...Array(n).keys()];
    for (let i = 0; i < count; i++) {
      const j = i + g.below(n - i);
      [idx[i], idx[j]] = [idx[j], idx[i]];
    }
    picks = idx.slice(0, count);
  }
  const rows = pool.getItem(toNdArray(new PyList(picks.map(k => BigInt(k))), 'int64')) as NdArray;
  if (!shape) return rows.shape.length === 1 ? rows.scalar(0) : rows.getItem(0n);
  return rows.reshape(new PyTuple([...shape, ...pool.shape.slice(1)].map(x => BigInt(x))));
}

/**
 * np.random.multinomial(n, pvals, size): counts of n draws over len(pvals) outcomes, as NumPy:
 * the last outcome takes what the others leave, and sum(pvals[:-1]) may not pass 1 (the
 * text-generation idiom `np.argmax(np.random.multinomial(1, preds, 1))`).
 */
function multinomial(g: BitGenerator, nArg: Value, pvalsArg: Value, size: Value): NdArray {
  const n = num(nArg, 'n');
  if (!Number.isInteger(n) || n < 0) throw new PyException('ValueError', 'n < 0');
  const pvals = Array.from(toNdArray(pvalsArg, 'float64').data);
  if (pvals.length === 0) throw new PyException('ValueError', 'pvals must have at least 1 entry');
  if (pvals.some(p => p < 0 || p > 1 || Number.isNaN(p))) throw new PyException('ValueError', 'pvals < 0, pvals > 1 or pvals contains NaNs');
  let run = 0;
  const cumulative = pvals.slice(0, -1).map(p => (run += p));
  if (run > 1 + 1e-12) throw new PyException('ValueError', 'sum(pvals[:-1]) > 1.0');
  const shape = shapeOf(size) ?? [];
  const k = pvals.length;
  const rows = sizeOf(shape);
  const out = allocate('int64', rows * k, 'multinomial');
  for (let r = 0; r < rows; r++) {
    for (let i = 0; i < n; i++) {
      pollInterrupt();
      const u = g.random();
      let c = cumulative.findIndex(x => u < x);
      if (c < 0) c = k - 1;
      out[r * k + c] += 1;
    }
  }
  return new NdArray(out, [...shape, k], 'int64');
}

/** Fisher-Yates over the first axis, in place (arrays and lists). */
function shuffle(g: BitGenerator, x: Value): null {
  if (x instanceof PyList) {
    for (let i = x.items.length - 1; i > 0; i--) {
      const j = g.below(i + 1);
      [x.items[i], x.items[j]] = [x.items[j], x.items[i]];
    }
    return null;
  }
  if (!(x instanceof NdArray) || x.shape.length === 0) throw new PyException('TypeError', `shuffle takes an array or a list, not ${typeName(x)}`);
  const n = x.shape[0];
  const inner = x.size / Math.max(n, 1);
  const tmp = x.data.slice(0, inner);
  for (let i = n - 1; i > 0; i--) {
    pollInterrupt();
    const j = g.below(i + 1);
    if (i === j) continue;
    tmp.set(x.data.subarray(i * inner, (i + 1) * inner));
    x.data.copyWithin(i * inner, j * inner, (j + 1) * inner);
    x.data.set(tmp, j * inner);
  }
  return null;
}

function permutation(g: BitGenerator, x: Value): NdArray {
  const pool = population(x, 'permutation');
  const copy = new NdArray(pool.data.slice(), pool.shape, pool.dtype);
  shuffle(g, copy);
  return copy;
}

const gen = (self: Generator) => self.bits;

const generatorMethods: Record<string, MethodSpec<Generator>> = {
  integers: {
    signature: {
      name: 'Generator.integers',
      params: [{ name: 'low', types: ['int'], doc: 'The lowest value (or, without high, one past the highest from 0).' }, { name: 'high', default: null, types: ['int', 'None'], doc: 'One past the highest value.' }, SIZE, { name: 'endpoint', default: false, types: ['bool'], doc: 'Include high.' }],
      doc: 'Random int64 integers in [low, high).',
    },
    call: (self, a) => integers(gen(self), a.low, a.high, a.size, a.endpoint === true, 'integers'),
  },
  random: {
    signature: { name: 'Generator.random', params: [SIZE], doc: 'Floats uniform in [0, 1).' },
    call: (self, a) => sample(a.size, 'float64', () => gen(self).random(), 'random'),
  },
  normal: {
    signature: { name: 'Generator.normal', params: [{ name: 'loc', default: 0, types: ['float'], doc: 'The mean.' }, { name: 'scale', default: 1, types: ['float'], doc: 'The standard deviation.' }, SIZE], doc: 'Samples of a normal distribution.' },
    call: (self, a) => sample(a.size, 'float64', () => Number(a.loc) + Number(a.scale) * gen(self).normal(), 'normal'),
  },
  standard_normal: {
    signature: { name: 'Generator.standard_normal', params: [SIZE], doc: 'Samples of the standard normal distribution.' },
    call: (self, a) => sample(a.size, 'float64', () => gen(self).normal(), 'standard_normal'),
  },
  uniform: {
    signature: { name: 'Generator.uniform', params: [{ name: 'low', default: 0, types: ['float'], doc: 'The lower bound.' }, { name: 'high', default: 1, types: ['float'], doc: 'The upper bound (excluded).' }, SIZE], doc: 'Floats uniform in [low, high).' },
    call: (self, a) => sample(a.size, 'float64', () => Number(a.low) + (Number(a.high) - Number(a.low)) * gen(self).random(), 'uniform'),
  },
  choice: {
    signature: { name: 'Generator.choice', params: [{ name: 'a', doc: 'An array to pick from, or an int n for range(n).' }, SIZE, { name: 'replace', default: true, types: ['bool'], doc: 'Pick with replacement.' }, { name: 'p', default: null, doc: 'The probability of each element.' }], doc: 'A random sample of elements.' },
    call: (self, a) => choice(gen(self), a.a, a.size, a.replace !== false, a.p),
  },
  shuffle: {
    signature: { name: 'Generator.shuffle', params: [{ name: 'x', doc: 'The array or list to shuffle in place (along the first axis).' }], doc: 'Shuffles in place.' },
    call: (self, a) => shuffle(gen(self), a.x),
  },
  permutation: {
    signature: { name: 'Generator.permutation', params: [{ name: 'x', doc: 'An array to shuffle a copy of, or an int n for a permuted range(n).' }], doc: 'A shuffled copy.' },
    call: (self, a) => permutation(gen(self), a.x),
  },
};

const generatorClass: HostClass<Generator> = new HostClass<Generator>({
  name: 'Generator',
  module: 'numpy.random',
  doc: 'A seeded random number generator (np.random.default_rng).',
  methods: generatorMethods,
});

class Generator extends HostObject {
  readonly hostClass = generatorClass;
  constructor(readonly bits: BitGenerator) {
    super();
  }
  override repr(): string {
    return 'Generator(Xoshiro128)';
  }
}

function seedOf(v: Value): number | undefined {
  if (v === null) return undefined;
  if (!isInt(v) || Number(v) < 0) throw new PyException('ValueError', 'Seed must be a non-negative integer or None');
  return Number(v);
}

function dims(a: BoundArgs): Value {
  return (a.dims as PyTuple).items.length ? new PyTuple((a.dims as PyTuple).items) : null;
}

/** The np.random functions' implementations over one legacy state (one per registry), by name. */
export function randomFunctions(): [string, (a: BoundArgs) => Value][] {
  const state = new BitGenerator();
  const f = (name: string, impl: (a: BoundArgs) => Value): [string, (a: BoundArgs) => Value] => [name, impl];
  return [
    f('seed', a => {
      state.seed(seedOf(a.seed));
      return null;
    }),
    f('default_rng', a => new Generator(new BitGenerator(seedOf(a.seed)))),
    f('rand', a => sample(dims(a), 'float64', () => state.random(), 'rand')),
    f('randn', a => sample(dims(a), 'float64', () => state.normal(), 'randn')),
    f('random', a => sample(a.size, 'float64', () => state.random(), 'random')),
    f('randint', a => integers(state, a.low, a.high, a.size, false, 'randint')),
    f('uniform', a => sample(a.size, 'float64', () => Number(a.low) + (Number(a.high) - Number(a.low)) * state.random(), 'uniform')),
    f('normal', a => sample(a.size, 'float64', () => Number(a.loc) + Number(a.scale) * state.normal(), 'normal')),
    f('choice', a => choice(state, a.a, a.size, a.replace !== false, a.p)),
    f('multinomial', a => multinomial(state, a.n, a.pvals, a.size)),
    f('shuffle', a => shuffle(state, a.x)),
    f('permutation', a => permutation(state, a.x)),
  ];
}
