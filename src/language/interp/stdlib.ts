// The implementations of the two standard-library modules rnn cells may import, `math` and
// `random` (declared in ../declarations/stdlib.ts). Each registry gets its own (so its own
// random state). `random` is a seeded xoshiro128** generator: the
// same seed gives the same numbers run after run, but not CPython's Mersenne Twister stream,
// so `random.seed(0); random.random()` differs from Python's value.
import { PyException } from '../errors';
import { BitGenerator } from '../numpy/random';
import { intToFloat } from '../values/arithmetic';
import { pollInterrupt } from '../values/interrupt';
import { checkSequenceGrowth, checkSequenceLength } from '../values/limits';
import { iterate, len } from '../values/protocols';
import { getItem } from '../values/subscript';
import { PyList, PyTuple, Value, isInt, typeName } from '../values/types';
import type { FunctionImpl } from '../host/declared';
import type { BoundArgs } from '../host/signature';

function real(v: Value, fn: string): number {
  if (isInt(v)) return intToFloat(v);
  if (typeof v === 'number') return v;
  throw new PyException('TypeError', `${fn}() must be a real number, not ${typeName(v)}`);
}

function integer(v: Value, fn: string): bigint {
  if (isInt(v)) return BigInt(v);
  throw new PyException('TypeError', `${fn}() argument must be int, not ${typeName(v)}`);
}

function domain(x: number): number {
  if (Number.isNaN(x)) throw new PyException('ValueError', 'math domain error');
  return x;
}

function toInt(x: number, fn: string): bigint {
  if (Number.isNaN(x)) throw new PyException('ValueError', `cannot convert float NaN to integer (${fn})`);
  if (!Number.isFinite(x)) throw new PyException('OverflowError', `cannot convert float infinity to integer (${fn})`);
  return BigInt(x);
}

function items(v: Value): Value[] {
  if (v instanceof PyList || v instanceof PyTuple) return [...v.items];
  const out: Value[] = [];
  const it = iterate(v);
  for (let r = it.next(); !r.done; r = it.next()) {
    checkSequenceGrowth(out.length + 1);
    out.push(r.value);
  }
  return out;
}

type Entry = [string, FunctionImpl];

function fn(module: string, name: string, impl: (a: BoundArgs) => Value): Entry {
  return [`${module}.${name}`, impl];
}

function unary(name: string, f: (x: number) => number): Entry {
  return fn('math', name, a => domain(f(real(a.x, name))));
}

function mathModule(): Entry[] {
  return [
    unary('sqrt', x => (x < 0 ? NaN : Math.sqrt(x))),
    unary('exp', x => {
      const r = Math.exp(x);
      if (!Number.isFinite(r) && Number.isFinite(x)) throw new PyException('OverflowError', 'math range error');
      return r;
    }),
    unary('expm1', Math.expm1),
    fn('math', 'log', a => {
      const x = real(a.x, 'log');
      if (x <= 0) throw new PyException('ValueError', 'math domain error');
      if (a.base === null) return Math.log(x);
      const base = real(a.base, 'log');
      if (base <= 0 || base === 1) throw new PyException(base === 1 ? 'ZeroDivisionError' : 'ValueError', base === 1 ? 'float division by zero' : 'math domain error');
      return Math.log(x) / Math.log(base);
    }),
    unary('log2', x => (x <= 0 ? NaN : Math.log2(x))),
    unary('log10', x => (x <= 0 ? NaN : Math.log10(x))),
    unary('log1p', x => (x <= -1 ? NaN : Math.log1p(x))),
    fn('math', 'floor', a => (isInt(a.x) ? BigInt(a.x) : toInt(Math.floor(real(a.x, 'floor')), 'floor'))),
    fn('math', 'ceil', a => (isInt(a.x) ? BigInt(a.x) : toInt(Math.ceil(real(a.x, 'ceil')), 'ceil'))),
    fn('math', 'trunc', a => (isInt(a.x) ? BigInt(a.x) : toInt(Math.trunc(real(a.x, 'trunc')), 'trunc'))),
    fn('math', 'pow', a => domain(Math.pow(real(a.x, 'pow'), real(a.y, 'pow')))),
    unary('fabs', Math.abs),
    unary('sin', Math.sin), unary('cos', Math.cos), unary('tan', Math.tan),
    unary('asin', Math.asin), unary('acos', Math.acos), unary('atan', Math.atan),
    unary('sinh', Math.sinh), unary('cosh', Math.cosh), unary('tanh', Math.tanh),
    unary('degrees', x => (x * 180) / Math.PI), unary('radians', x => (x * Math.PI) / 180),
    fn('math', 'atan2', a => Math.atan2(real(a.y, 'atan2'), real(a.x, 'atan2'))),
    fn('math', 'hypot', a => Math.hypot(...(a.coordinates as PyTuple).items.map(v => real(v, 'hypot')))),
    fn('math', 'isnan', a => Number.isNaN(real(a.x, 'isnan'))),
    fn('math', 'isinf', a => Math.abs(real(a.x, 'isinf')) === Infinity),
    fn('math', 'isfinite', a => Number.isFinite(real(a.x, 'isfinite'))),
    fn('math', 'isclose', a => {
      const [x, y] = [real(a.a, 'isclose'), real(a.b, 'isclose')];
      if (x === y) return true;
      const diff = Math.abs(x - y);
      return diff <= Math.max(real(a.rel_tol, 'isclose') * Math.max(Math.abs(x), Math.abs(y)), real(a.abs_tol, 'isclose'));
    }),
    fn('math', 'factorial', a => {
      const n = integer(a.n, 'factorial');
      if (n < 0n) throw new PyException('ValueError', 'factorial() not defined for negative values');
      if (n > 20_000n) throw new PyException('OverflowError', 'factorial() argument is too large for rnn cells');
      let r = 1n;
      for (let i = 2n; i <= n; i++) {
        pollInterrupt();
        r *= i;
      }
      return r;
    }),
    fn('math', 'gcd', a => {
      let g = 0n;
      for (const v of (a.integers as PyTuple).items) {
        let [x, y] = [g, integer(v, 'gcd')];
        x = x < 0n ? -x : x;
        y = y < 0n ? -y : y;
        while (y) [x, y] = [y, x % y];
        g = x;
      }
      return g;
    }),
    fn('math', 'fsum', a => {
      // Neumaier's compensated sum: exact enough for the sums cells do.
      let sum = 0;
      let c = 0;
      for (const v of items(a.iterable)) {
        const x = real(v, 'fsum');
        const t = sum + x;
        c += Math.abs(sum) >= Math.abs(x) ? sum - t + x : x - t + sum;
        sum = t;
      }
      return sum + c;
    }),
    fn('math', 'prod', a => {
      let p: Value = a.start;
      for (const v of items(a.iterable)) p = isInt(p) && isInt(v) ? BigInt(p) * BigInt(v) : real(p, 'prod') * real(v, 'prod');
      return p;
    }),
  ];
}

/**
 * Python's `random` over the same xoshiro128** bit generator as np.random (seeded with
 * splitmix32), with Python's arbitrary-size `randrange` on top.
 */
class Generator32 {
  private readonly bits: BitGenerator;

  constructor(seed: number) {
    this.bits = new BitGenerator(seed);
  }

  seed(seed: number): void {
    this.bits.seed(seed >>> 0);
  }

  /** A float in [0, 1) with 53 random bits. */
  random(): number {
    return this.bits.random();
  }

  /** An int in [0, n), without modulo bias. */
  below(n: bigint): bigint {
    if (n <= 0n) throw new PyException('ValueError', 'empty range for randrange()');
    if (n <= 0x100000000n) {
      const limit = Number(n);
      const ceiling = Math.floor(0x100000000 / limit) * limit;
      for (;;) {
        const r = this.bits.nextUint32();
        if (r < ceiling) return BigInt(r % limit);
      }
    }
    const bits = n.toString(2).length;
    for (;;) {
      let r = 0n;
      for (let b = 0; b < bits; b += 32) r = (r << 32n) | BigInt(this.bits.nextUint32());
      r &= (1n << BigInt(bits)) - 1n;
      if (r < n) return r;
    }
  }
}

/** A seed value as 32 bits: ints and floats by value, strings by their characters. */
function seedBits(v: Value): number {
  if (v === null) return (Date.now() ^ (Math.random() * 0x100000000)) >>> 0;
  if (isInt(v)) return Number(BigInt.asUintN(32, BigInt(v) ^ (BigInt(v) >> 32n)));
  if (typeof v === 'number') return Math.floor(Math.abs(v) * 0x9e3779b9) >>> 0;
  if (typeof v === 'string') {
    let h = 0x811c9dc5;
    for (let i = 0; i < v.length; i++) h = Math.imul(h ^ v.charCodeAt(i), 0x01000193) >>> 0;
    return h;
  }
  throw new PyException('TypeError', `The only supported seed types are: None, int, float, str (not ${typeName(v)})`);
}

function randomModule(): Entry[] {
  const g = new Generator32(seedBits(null));
  let spareGauss: number | undefined;
  const randrange = (start: bigint, stop: bigint, step: bigint): bigint => {
    if (step === 0n) throw new PyException('ValueError', 'zero step for randrange()');
    const n = step > 0n ? (stop - start + step - 1n) / step : (start - stop - step - 1n) / -step;
    if (n <= 0n) throw new PyException('ValueError', `empty range in randrange(${start}, ${stop}, ${step})`);
    return start + step * g.below(n);
  };
  const population = (v: Value): Value[] => {
    if (v instanceof PyList || v instanceof PyTuple) return [...v.items];
    if (typeof v === 'string') return [...v];
    return items(v);
  };
  return [
    fn('random', 'seed', a => {
      g.seed(seedBits(a.a));
      spareGauss = undefined;
      return null;
    }),
    fn('random', 'random', () => g.random()),
    fn('random', 'uniform', a => {
      const [lo, hi] = [real(a.a, 'uniform'), real(a.b, 'uniform')];
      return lo + (hi - lo) * g.random();
    }),
    fn('random', 'randint', a => randrange(integer(a.a, 'randint'), integer(a.b, 'randint') + 1n, 1n)),
    fn('random', 'randrange', a =>
      (a.stop === null ? randrange(0n, integer(a.start, 'randrange'), 1n) : randrange(integer(a.start, 'randrange'), integer(a.stop, 'randrange'), integer(a.step, 'randrange')))),
    fn('random', 'choice', a => {
      const n = len(a.seq);
      if (n === 0) throw new PyException('IndexError', 'Cannot choose from an empty sequence');
      return getItem(a.seq, g.below(BigInt(n)));
    }),
    fn('random', 'shuffle', a => {
      const list = a.x as PyList;
      for (let i = list.items.length - 1; i > 0; i--) {
        pollInterrupt();
        const j = Number(g.below(BigInt(i + 1)));
        [list.items[i], list.items[j]] = [list.items[j], list.items[i]];
      }
      return null;
    }),
    fn('random', 'sample', a => {
      const pool = population(a.population);
      const k = Number(a.k);
      if (k < 0 || k > pool.length) throw new PyException('ValueError', 'Sample larger than population or is negative');
      for (let i = 0; i < k; i++) {
        pollInterrupt();
        const j = i + Number(g.below(BigInt(pool.length - i)));
        [pool[i], pool[j]] = [pool[j], pool[i]];
      }
      return new PyList(pool.slice(0, k));
    }),
    fn('random', 'choices', a => {
      const pool = population(a.population);
      if (!pool.length) throw new PyException('IndexError', 'Cannot choose from an empty population');
      const k = Number(a.k);
      checkSequenceLength(k);
      const weights = a.weights === null ? undefined : items(a.weights).map(w => real(w, 'choices'));
      if (weights && weights.length !== pool.length) throw new PyException('ValueError', 'The number of weights does not match the population');
      const cumulative: number[] = [];
      if (weights) weights.reduce((sum, w, i) => (cumulative[i] = sum + w), 0);
      const total = cumulative[cumulative.length - 1];
      if (weights && !(total > 0)) throw new PyException('ValueError', 'Total of weights must be greater than zero');
      const out: Value[] = [];
      for (let i = 0; i < k; i++) {
        pollInterrupt();
        if (!weights) out.push(pool[Number(g.below(BigInt(pool.length)))]);
        else {
          const r = g.random() * total;
          out.push(pool[Math.min(cumulative.findIndex(c => r < c), pool.length - 1)]);
        }
      }
      return new PyList(out);
    }),
    fn('random', 'gauss', a => {
      let z = spareGauss;
      spareGauss = undefined;
      if (z === undefined) {
        const u = 1 - g.random();
        const v = g.random();
        const r = Math.sqrt(-2 * Math.log(u));
        z = r * Math.cos(2 * Math.PI * v);
        spareGauss = r * Math.sin(2 * Math.PI * v);
      }
      return real(a.mu, 'gauss') + real(a.sigma, 'gauss') * z;
    }),
  ];
}

/** One implementation per function STANDARD_DECLARATIONS declares, by path ('math.sqrt', 'random.seed'…); fresh random state. */
export function standardImplementations(): Map<string, FunctionImpl> {
  return new Map([...mathModule(), ...randomModule()]);
}
