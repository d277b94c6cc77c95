import * as assert from 'assert';
import { Rng } from '../../../src/engine/util/rng';
import {
  computeFans, getInitializer, householderQR, Orthogonal, VarianceScaling, GlorotUniform, Identity,
} from '../../../src/engine/init';

function stats(a: Float64Array): { mean: number; variance: number; min: number; max: number } {
  let s = 0, min = Infinity, max = -Infinity;
  for (const x of a) {
    s += x;
    min = Math.min(min, x);
    max = Math.max(max, x);
  }
  const mean = s / a.length;
  let v = 0;
  for (const x of a) v += (x - mean) ** 2;
  return { mean, variance: v / a.length, min, max };
}

/** Relative closeness for statistics of ~1e5 samples. */
function near(actual: number, expected: number, rel: number, what: string): void {
  assert.ok(Math.abs(actual - expected) <= rel * Math.abs(expected), `${what}: ${actual} vs ${expected}`);
}

/** Gram matrix of columns (colsᵀ·cols) for a row-major [m, n]. */
function gramOfColumns(a: Float64Array, m: number, n: number): Float64Array {
  const g = new Float64Array(n * n);
  for (let i = 0; i < n; i++)
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let k = 0; k < m; k++) s += a[k * n + i] * a[k * n + j];
      g[i * n + j] = s;
    }
  return g;
}
function maxDiffFromScaledEye(g: Float64Array, n: number, s: number): number {
  let d = 0;
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) d = Math.max(d, Math.abs(g[i * n + j] - (i === j ? s : 0)));
  return d;
}

describe('init/compute_fans (Keras 3 rules)', () => {
  it('handles ranks 0, 1, 2 and convolution-like ranks', () => {
    assert.deepStrictEqual(computeFans([]), { fanIn: 1, fanOut: 1 });
    assert.deepStrictEqual(computeFans([7]), { fanIn: 7, fanOut: 7 });
    assert.deepStrictEqual(computeFans([3, 5]), { fanIn: 3, fanOut: 5 });
    // Conv2D kernel (kh, kw, in, out) = (3, 3, 16, 32): receptive 9.
    assert.deepStrictEqual(computeFans([3, 3, 16, 32]), { fanIn: 144, fanOut: 288 });
    assert.deepStrictEqual(computeFans([4, 2, 5]), { fanIn: 8, fanOut: 20 });
  });
});

describe('init/random initializers: distributions', () => {
  const rng = () => new Rng(123);

  it('glorot_uniform: bounds ±sqrt(6/(in+out)), variance 2/(in+out)', () => {
    const w = getInitializer('glorot_uniform').init([300, 500], rng());
    const s = stats(w), limit = Math.sqrt(6 / 800);
    assert.ok(s.max < limit && s.min >= -limit);
    assert.ok(s.max > 0.99 * limit && s.min < -0.99 * limit);
    near(s.variance, 2 / 800, 0.02, 'variance');
    assert.ok(Math.abs(s.mean) < 3e-4);
  });

  it('glorot_normal: truncated at 2σ, variance 2/(in+out)', () => {
    const w = getInitializer('GlorotNormal').init([300, 500], rng());
    const s = stats(w), sigma = Math.sqrt(2 / 800) / 0.87962566103423978;
    assert.ok(s.max <= 2 * sigma && s.min >= -2 * sigma);
    near(s.variance, 2 / 800, 0.02, 'variance');
  });

  it('he_uniform / he_normal: variance 2/fan_in', () => {
    near(stats(getInitializer('he_uniform').init([400, 300], rng())).variance, 2 / 400, 0.02, 'he_uniform');
    near(stats(getInitializer('he_normal').init([400, 300], rng())).variance, 2 / 400, 0.02, 'he_normal');
  });

  it('lecun_uniform / lecun_normal: variance 1/fan_in', () => {
    near(stats(getInitializer('lecun_uniform').init([250, 400], rng())).variance, 1 / 250, 0.02, 'lecun_uniform');
    near(stats(getInitializer('lecun_normal').init([250, 400], rng())).variance, 1 / 250, 0.02, 'lecun_normal');
  });

  it('variance_scaling: fan_out untruncated normal; conv fans', () => {
    const vs = getInitializer({ class_name: 'VarianceScaling', config: { scale: 3, mode: 'fan_out', distribution: 'untruncated_normal' } });
    const s = stats(vs.init([200, 500], rng()));
    near(s.variance, 3 / 500, 0.02, 'variance');
    assert.ok(s.max > 2 * Math.sqrt(3 / 500) * 1.5, 'untruncated normal reaches beyond 2σ');
    const conv = new VarianceScaling(1, 'fan_avg', 'uniform');
    near(conv.scaledVariance([3, 3, 16, 32]), 1 / 216, 1e-12, 'fan_avg conv');
    near(new VarianceScaling(1, 'fan_in').scaledVariance([0, 5]), 1, 1e-12, 'max(1, fan)');
  });

  it('random_uniform / random_normal / truncated_normal defaults (±0.05, σ=0.05)', () => {
    const u = stats(getInitializer('random_uniform').init([100000], rng()));
    assert.ok(u.min >= -0.05 && u.max < 0.05);
    near(u.variance, 0.1 ** 2 / 12, 0.02, 'uniform var');
    near(Math.sqrt(stats(getInitializer('random_normal').init([100000], rng())).variance), 0.05, 0.01, 'normal std');
    const t = stats(getInitializer({ name: 'truncated_normal', mean: 1, stddev: 0.5 }).init([100000], rng()));
    assert.ok(t.min >= 0 && t.max <= 2);
    near(t.mean, 1, 0.005, 'mean');
    near(Math.sqrt(t.variance), 0.5 * 0.87962566103423978, 0.01, 'truncated std');
  });

  it('constants: zeros, ones, constant', () => {
    assert.deepStrictEqual(Array.from(getInitializer('zeros').init([2, 2])), [0, 0, 0, 0]);
    assert.deepStrictEqual(Array.from(getInitializer('Ones').init([3])), [1, 1, 1]);
    assert.deepStrictEqual(Array.from(getInitializer({ class_name: 'Constant', config: { value: 2.5 } }).init([2])), [2.5, 2.5]);
    assert.deepStrictEqual(Array.from(getInitializer('one').init([1])), [1]);
  });
});

describe('init/orthogonal and identity', () => {
  it('householderQR reconstructs A = Q·R and Q has orthonormal columns', () => {
    const m = 7, n = 4, a = new Rng(1).normalArray(m * n);
    const { q } = householderQR(a, m, n);
    assert.ok(maxDiffFromScaledEye(gramOfColumns(q, m, n), n, 1) < 1e-12);
    // R = Qᵀ A must be upper-triangular, and Q R = A.
    const r = new Float64Array(n * n);
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) {
      let s = 0;
      for (let k = 0; k < m; k++) s += q[k * n + i] * a[k * n + j];
      r[i * n + j] = s;
    }
    for (let i = 0; i < n; i++) for (let j = 0; j < i; j++) assert.ok(Math.abs(r[i * n + j]) < 1e-12);
    for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) {
      let s = 0;
      for (let k = 0; k < n; k++) s += q[i * n + k] * r[k * n + j];
      assert.ok(Math.abs(s - a[i * n + j]) < 1e-12);
    }
  });

  it('square: QᵀQ = I; with gain: QᵀQ = gain²·I', () => {
    const q = new Orthogonal(1, 5).init([64, 64]);
    assert.ok(maxDiffFromScaledEye(gramOfColumns(q, 64, 64), 64, 1) < 1e-10);
    const g = getInitializer({ class_name: 'Orthogonal', config: { gain: 2, seed: 5 } }).init([64, 64]);
    assert.ok(maxDiffFromScaledEye(gramOfColumns(g, 64, 64), 64, 4) < 1e-9);
    for (let i = 0; i < q.length; i++) assert.ok(Math.abs(g[i] - 2 * q[i]) < 1e-12);
  });

  it('tall [100, 30] has orthonormal columns; wide [30, 100] has orthonormal rows', () => {
    const tall = new Orthogonal(1, 1).init([100, 30]);
    assert.ok(maxDiffFromScaledEye(gramOfColumns(tall, 100, 30), 30, 1) < 1e-10);
    const wide = new Orthogonal(1, 1).init([30, 100]);
    // rows orthonormal ⇔ columns of the transpose orthonormal
    const t = new Float64Array(100 * 30);
    for (let i = 0; i < 30; i++) for (let j = 0; j < 100; j++) t[j * 30 + i] = wide[i * 100 + j];
    assert.ok(maxDiffFromScaledEye(gramOfColumns(t, 100, 30), 30, 1) < 1e-10);
  });

  it('rank 3 flattens leading dims: [2, 5, 4] → [10, 4] orthonormal columns; rank 1 is an error', () => {
    const w = new Orthogonal(1, 3).init([2, 5, 4]);
    assert.ok(maxDiffFromScaledEye(gramOfColumns(w, 10, 4), 4, 1) < 1e-10);
    assert.throws(() => new Orthogonal().init([5]), /rank >= 2/);
  });

  it('sign correction: entries are not biased (mean of Q[0,0] over draws ≈ 0)', () => {
    // With sign(diag R) applied, Q is Haar-distributed; diag entries have mean ≈ 0.
    const rng = new Rng(77);
    let s = 0;
    const trials = 400;
    for (let t = 0; t < trials; t++) s += new Orthogonal().init([8, 8], rng)[0];
    assert.ok(Math.abs(s / trials) < 0.06, `mean Q00 ${s / trials}`);
  });

  it('identity: gain·eye, non-square allowed, rank ≠ 2 rejected', () => {
    assert.deepStrictEqual(Array.from(new Identity(3).init([2, 3])), [3, 0, 0, 0, 3, 0]);
    assert.deepStrictEqual(Array.from(getInitializer('identity').init([3, 2])), [1, 0, 0, 1, 0, 0]);
    assert.throws(() => getInitializer('Identity').init([2, 2, 2]), /2-D/);
  });
});

describe('init/determinism and resolution', () => {
  it('a seeded initializer repeats itself; an unseeded one follows the Rng', () => {
    const a = getInitializer({ class_name: 'GlorotUniform', config: { seed: 42 } });
    assert.deepStrictEqual(a.init([4, 5]), a.init([4, 5]));
    assert.deepStrictEqual(new GlorotUniform(42).init([4, 5]), a.init([4, 5]));
    assert.notDeepStrictEqual(new GlorotUniform(43).init([4, 5]), a.init([4, 5]));
    const u = new GlorotUniform();
    assert.deepStrictEqual(u.init([3, 3], new Rng(1)), u.init([3, 3], new Rng(1)));
    assert.deepStrictEqual(new Orthogonal(1, 9).init([6, 6]), new Orthogonal(1, 9).init([6, 6]));
  });

  it('accepts snake_case, class names, aliases, config dicts, inline options, instances', () => {
    assert.strictEqual(getInitializer('glorot_uniform').className, 'GlorotUniform');
    assert.strictEqual(getInitializer('HeNormal').className, 'HeNormal');
    assert.strictEqual(getInitializer('uniform').className, 'RandomUniform');
    assert.strictEqual(getInitializer('normal').className, 'RandomNormal');
    assert.strictEqual(getInitializer('OrthogonalInitializer').className, 'Orthogonal');
    const inst = new Identity(2);
    assert.strictEqual(getInitializer(inst), inst);
    const rn = getInitializer({ name: 'RandomNormal', stddev: 1, seed: 3 });
    assert.deepStrictEqual(rn.toJSON(), { class_name: 'RandomNormal', config: { mean: 0, stddev: 1, seed: 3 } });
    const vs = getInitializer({ module: 'keras.initializers', class_name: 'VarianceScaling', config: { scale: 2, mode: 'fan_avg', distribution: 'uniform', seed: null }, registered_name: null });
    assert.deepStrictEqual(vs.getConfig(), { scale: 2, mode: 'fan_avg', distribution: 'uniform', seed: null });
  });

  it('unknown names and options give a "did you mean"', () => {
    assert.throws(() => getInitializer('glorot_unifrom'), /Unknown initializer 'glorot_unifrom'\. Did you mean 'glorot_uniform'\?/);
    assert.throws(() => getInitializer('orthogonl'), /Did you mean 'orthogonal'/);
    assert.throws(() => getInitializer({ name: 'random_normal', std: 1 }), /unexpected option 'std'.*Did you mean 'stddev'/);
    assert.throws(() => getInitializer('xyzzy'), /Unknown initializer 'xyzzy'\. Known initializers: zeros/);
    assert.throws(() => getInitializer({ class_name: 'VarianceScaling', config: { mode: 'fan_mid' } }), /mode must be one of/);
    assert.throws(() => getInitializer(42 as never), /Could not interpret initializer/);
  });
});
