/**
 * Seedable pseudo-random numbers for initializers, shuffling and sampling.
 *
 * Generator: xoshiro128** (Blackman & Vigna, 2018) with 128 bits of state,
 * seeded through splitmix32. Why this one: it passes BigCrush, needs only 32-bit
 * integer ops (Math.imul, shifts) so it is fast in JavaScript without BigInt,
 * and has a period of 2^128 − 1, far beyond any training run. splitmix32 spreads
 * nearby seeds (0, 1, 2 …) into unrelated states, and never yields the all-zero
 * state xoshiro must avoid (we guard anyway).
 *
 * Independent streams come from `fork(label)`: the child's seed is a hash of the
 * parent's seed and the label (not of the parent's position), so forks are
 * reproducible regardless of how many numbers the parent has drawn.
 */

/** One splitmix32 step: returns [output, nextState]. */
function splitmix32(state: number): [number, number] {
  const next = (state + 0x9e3779b9) | 0;
  let z = next;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
  z ^= z >>> 16;
  return [z >>> 0, next];
}

/** FNV-1a over a string, for string seeds and fork labels. */
function hashString(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** Folds any number (integer, negative, fractional, > 2^32) into a 32-bit seed. */
function seedToUint32(seed: number | string): number {
  if (typeof seed === 'string') return hashString(seed);
  if (!Number.isFinite(seed)) throw new Error(`Rng seed must be finite, got ${seed}`);
  if (Number.isInteger(seed) && seed >= 0 && seed <= 0xffffffff) return seed >>> 0;
  // Hash the float64 bit pattern so 1.5 and 2.5 or 2^40 and 2^40+1 differ.
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, seed);
  const lo = view.getUint32(4);
  const hi = view.getUint32(0);
  return (Math.imul(hi ^ 0x9e3779b9, 0x85ebca6b) ^ lo) >>> 0;
}

export type Seed = number | string;

export class Rng {
  /** The 32-bit seed this stream was created from (after folding). */
  readonly seed: number;
  private s0: number;
  private s1: number;
  private s2: number;
  private s3: number;
  /** Box–Muller produces normals in pairs; the second waits here. */
  private spareNormal: number | null = null;

  constructor(seed: Seed = 0) {
    this.seed = seedToUint32(seed);
    let st = this.seed;
    const words: number[] = [];
    for (let i = 0; i < 4; i++) {
      const [out, next] = splitmix32(st);
      words.push(out | 0);
      st = next;
    }
    [this.s0, this.s1, this.s2, this.s3] = words as [number, number, number, number];
    if ((this.s0 | this.s1 | this.s2 | this.s3) === 0) this.s0 = 1;
  }

  /** A stream with an explicit xoshiro state (for test vectors and checkpoints). */
  static fromState(state: readonly [number, number, number, number]): Rng {
    const r = new Rng(0);
    [r.s0, r.s1, r.s2, r.s3] = state.map((w) => w | 0) as [number, number, number, number];
    if ((r.s0 | r.s1 | r.s2 | r.s3) === 0) throw new Error('xoshiro128** state must not be all zero');
    return r;
  }

  /** The current xoshiro state, to resume a stream exactly (spare normal excluded). */
  getState(): [number, number, number, number] {
    return [this.s0 >>> 0, this.s1 >>> 0, this.s2 >>> 0, this.s3 >>> 0];
  }

  /** Next raw 32-bit output of xoshiro128**, in [0, 2^32). */
  nextUint32(): number {
    const s1 = this.s1;
    const rotl = (x: number, k: number) => (x << k) | (x >>> (32 - k));
    const result = Math.imul(rotl(Math.imul(s1, 5), 7), 9);
    const t = s1 << 9;
    this.s2 ^= this.s0;
    this.s3 ^= this.s1;
    this.s1 ^= this.s2;
    this.s0 ^= this.s3;
    this.s2 ^= t;
    this.s3 = rotl(this.s3, 11);
    return result >>> 0;
  }

  /** Uniform float64 in [0, 1) with 53 random bits (two 32-bit draws). */
  random(): number {
    const a = this.nextUint32() >>> 5; // 27 bits
    const b = this.nextUint32() >>> 6; // 26 bits
    return (a * 67108864 + b) / 9007199254740992;
  }

  /** Uniform in [lo, hi). */
  uniform(lo = 0, hi = 1): number {
    return lo + (hi - lo) * this.random();
  }

  /** Normal(mean, std) by the Box–Muller transform; caches the paired sample. */
  normal(mean = 0, std = 1): number {
    let z: number;
    if (this.spareNormal !== null) {
      z = this.spareNormal;
      this.spareNormal = null;
    } else {
      // 1 − u keeps the log argument in (0, 1], so log never sees 0.
      const u1 = 1 - this.random();
      const u2 = this.random();
      const r = Math.sqrt(-2 * Math.log(u1));
      z = r * Math.cos(2 * Math.PI * u2);
      this.spareNormal = r * Math.sin(2 * Math.PI * u2);
    }
    return mean + std * z;
  }

  /**
   * Truncated normal as Keras/TensorFlow define it: a Normal(mean, std) sample
   * redrawn while it falls more than 2 std from the mean. (The resulting spread is
   * ≈ 0.87962566 · std, which is why VarianceScaling divides by that constant.)
   */
  truncatedNormal(mean = 0, std = 1): number {
    for (;;) {
      const z = this.normal();
      if (z >= -2 && z <= 2) return mean + std * z;
    }
  }

  /** Uniform integer in [lo, hi) with no modulo bias (rejection sampling). */
  int(lo: number, hi: number): number {
    if (!Number.isInteger(lo) || !Number.isInteger(hi) || hi <= lo) {
      throw new Error(`Rng.int needs integers lo < hi, got [${lo}, ${hi})`);
    }
    const range = hi - lo;
    if (range <= 0x100000000) {
      // Reject the top sliver of [0, 2^32) that would over-represent small values.
      const limit = 0x100000000 - (0x100000000 % range);
      for (;;) {
        const x = this.nextUint32();
        if (x < limit) return lo + (x % range);
      }
    }
    if (range > Number.MAX_SAFE_INTEGER) throw new Error(`Rng.int range too large: ${range}`);
    return lo + Math.floor(this.random() * range);
  }

  /** In-place Fisher–Yates shuffle; returns the same array. */
  shuffle<T extends { length: number; [i: number]: unknown }>(arr: T): T {
    for (let i = arr.length - 1; i > 0; i--) {
      const j = this.int(0, i + 1);
      const tmp = arr[i];
      arr[i] = arr[j];
      arr[j] = tmp;
    }
    return arr;
  }

  /** A random permutation of 0..n-1. */
  permutation(n: number): Int32Array {
    const p = new Int32Array(n);
    for (let i = 0; i < n; i++) p[i] = i;
    return this.shuffle(p);
  }

  /**
   * An independent stream, deterministic in (this.seed, label) only. Use distinct
   * labels for distinct purposes ('init/lstm_1/kernel', 'shuffle', epoch numbers).
   */
  fork(label: Seed = 0): Rng {
    const l = typeof label === 'string' ? hashString(label) : seedToUint32(label);
    // Two splitmix rounds decorrelate (seed, label) pairs that differ in one bit.
    const [a] = splitmix32((this.seed ^ 0x5bd1e995) >>> 0);
    const [b] = splitmix32((a ^ l) >>> 0);
    return new Rng(b);
  }

  /** Float64Array of n uniforms in [lo, hi). */
  uniformArray(n: number, lo = 0, hi = 1): Float64Array {
    const out = new Float64Array(n);
    for (let i = 0; i < n; i++) out[i] = this.uniform(lo, hi);
    return out;
  }

  /** Float64Array of n normals. */
  normalArray(n: number, mean = 0, std = 1): Float64Array {
    const out = new Float64Array(n);
    for (let i = 0; i < n; i++) out[i] = this.normal(mean, std);
    return out;
  }

  /** Float64Array of n truncated normals (|z| ≤ 2). */
  truncatedNormalArray(n: number, mean = 0, std = 1): Float64Array {
    const out = new Float64Array(n);
    for (let i = 0; i < n; i++) out[i] = this.truncatedNormal(mean, std);
    return out;
  }

  /** Index drawn with probability proportional to weights[i] (weights ≥ 0). */
  categorical(weights: ArrayLike<number>): number {
    let total = 0;
    for (let i = 0; i < weights.length; i++) {
      if (!(weights[i] >= 0)) throw new Error(`categorical weight ${i} is ${weights[i]}`);
      total += weights[i];
    }
    if (!(total > 0)) throw new Error('categorical needs a positive total weight');
    let u = this.random() * total;
    for (let i = 0; i < weights.length; i++) {
      u -= weights[i];
      if (u < 0) return i;
    }
    // Rounding can leave u ≥ 0 after the loop: return the last non-zero weight.
    for (let i = weights.length - 1; i >= 0; i--) if (weights[i] > 0) return i;
    return weights.length - 1;
  }
}

/** Convenience: a fresh Rng; a missing seed means a time-based one (non-reproducible). */
export function makeRng(seed?: Seed | null): Rng {
  if (seed === undefined || seed === null) {
    return new Rng((Date.now() ^ Math.floor(Math.random() * 0x100000000)) >>> 0);
  }
  return new Rng(seed);
}
