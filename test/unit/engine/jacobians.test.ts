// The chain of partials (issue 15, part 4): analytic step Jacobians against float64 central
// finite differences of the oracle cells (test/oracles/cells.ts, written from the Keras sources
// separately from the engine), singular values and spectral radii against matrices built with
// known spectra, and the learner's point: a SimpleRNN's product of Jacobians vanishes with
// distance while an LSTM with forget bias 1 keeps it.
import * as assert from 'assert';
import { CellKind, makeCell } from '../../oracles/cells';
import { tensor } from '../../oracles/tensor';
import { Matrix, eigenvalues, frobeniusNorm, largestSingularValue, matmul, matrix, singularValues, spectralNorm, spectralNormChecked, spectralRadius } from '../../../src/engine/jacobians/linalg';
import { RecurrentWeights, chainOfPartials, gatesOf, stepJacobians } from '../../../src/engine/jacobians/stepJacobians';
import { generator } from '../fuzzing';

/** A seeded uniform [0, 1) stream (mulberry32, the fuzzers' generator), so every run sees the same values. */
const rng = (seed: number): (() => number) => generator(seed).next;
const uniform = (rand: () => number, n: number, scale: number) => Array.from({ length: n }, () => (rand() * 2 - 1) * scale);

/** A random orthogonal n × n matrix: modified Gram–Schmidt on a random one. */
function orthogonal(n: number, rand: () => number): Matrix {
  const q = matrix(n, n, uniform(rand, n * n, 1));
  for (let j = 0; j < n; j++) {
    for (let p = 0; p < j; p++) {
      let d = 0;
      for (let i = 0; i < n; i++) d += q.data[i * n + j] * q.data[i * n + p];
      for (let i = 0; i < n; i++) q.data[i * n + j] -= d * q.data[i * n + p];
    }
    let norm = 0;
    for (let i = 0; i < n; i++) norm += q.data[i * n + j] ** 2;
    for (let i = 0; i < n; i++) q.data[i * n + j] /= Math.sqrt(norm);
  }
  return q;
}
const transpose = (a: Matrix) => {
  const t = matrix(a.cols, a.rows);
  for (let i = 0; i < a.rows; i++) for (let j = 0; j < a.cols; j++) t.data[j * a.rows + i] = a.data[i * a.cols + j];
  return t;
};

interface Case { kind: CellKind; recurrentActivation?: string; resetAfter?: boolean; activation?: string }

function randomWeights(c: Case, H: number, I: number, rand: () => number, recurrentScale = 0.6): RecurrentWeights {
  const G = gatesOf(c.kind);
  const biasLength = c.kind === 'GRU' && (c.resetAfter ?? true) ? 2 * G * H : G * H;
  return {
    kind: c.kind, units: H, activation: c.activation ?? 'tanh', recurrentActivation: c.recurrentActivation ?? 'sigmoid', resetAfter: c.resetAfter,
    kernel: uniform(rand, I * G * H, 0.7), recurrentKernel: uniform(rand, H * G * H, recurrentScale), bias: uniform(rand, biasLength, 0.3),
  };
}

/** ∂s_k/∂s_{k−1} by central differences of the oracle cell, at the state the oracle reaches. */
function finiteDifferenceJacobians(w: RecurrentWeights, x: number[], T: number, I: number): number[][][] {
  const H = w.units;
  const oracleWeights = [tensor([I, gatesOf(w.kind) * H], w.kernel), tensor([H, gatesOf(w.kind) * H], w.recurrentKernel)];
  if (w.bias) oracleWeights.push(w.kind === 'GRU' && (w.resetAfter ?? true) ? tensor([2, 3 * H], w.bias) : tensor([w.bias.length], w.bias));
  const cell = makeCell(w.kind, { units: H, activation: w.activation, recurrentActivation: w.recurrentActivation, resetAfter: w.resetAfter }, oracleWeights, I);
  const split = (s: number[]) => (w.kind === 'LSTM' ? [tensor([1, H], s.slice(0, H)), tensor([1, H], s.slice(H))] : [tensor([1, H], s)]);
  const join = (states: { data: Float64Array }[]) => states.flatMap(t => Array.from(t.data));
  const n = w.kind === 'LSTM' ? 2 * H : H;
  let state = new Array<number>(n).fill(0);
  const out: number[][][] = [];
  for (let t = 0; t < T; t++) {
    const xt = tensor([1, I], x.slice(t * I, (t + 1) * I));
    const J = Array.from({ length: n }, () => new Array<number>(n).fill(0));
    for (let k = 0; k < n; k++) {
      const eps = 1e-6;
      const plus = [...state], minus = [...state];
      plus[k] += eps;
      minus[k] -= eps;
      const sp = join(cell.step(xt, split(plus)).states), sm = join(cell.step(xt, split(minus)).states);
      for (let j = 0; j < n; j++) J[j][k] = (sp[j] - sm[j]) / (2 * eps);
    }
    out.push(J);
    state = join(cell.step(xt, split(state)).states);
  }
  return out;
}

describe('chain of partials: step Jacobians against float64 finite differences', () => {
  const cases: Case[] = [
    { kind: 'SimpleRNN' },
    { kind: 'SimpleRNN', activation: 'relu' },
    { kind: 'LSTM' },
    { kind: 'LSTM', recurrentActivation: 'hard_sigmoid' },
    { kind: 'GRU' },
    { kind: 'GRU', resetAfter: false },
  ];
  for (const c of cases) {
    it(`${c.kind}${c.resetAfter === false ? ' reset_after=False' : ''}${c.activation ? ` ${c.activation}` : ''}${c.recurrentActivation ? ` ${c.recurrentActivation}` : ''}`, () => {
      const rand = rng(17 + c.kind.length);
      const H = 5, I = 3, T = 6;
      const w = randomWeights(c, H, I, rand);
      const x = uniform(rand, T * I, 1);
      const analytic = stepJacobians(w, x, T, I);
      const fd = finiteDifferenceJacobians(w, x, T, I);
      for (let t = 0; t < T; t++) {
        const n = fd[t].length;
        const scale = Math.max(...fd[t].flat().map(Math.abs));
        assert.ok(scale > 1e-3, `step ${t}: the Jacobian should not be trivially zero`);
        for (let j = 0; j < n; j++)
          for (let k = 0; k < n; k++) {
            const err = Math.abs(analytic[t].jacobian.data[j * n + k] - fd[t][j][k]) / scale;
            assert.ok(err < 1e-6, `${c.kind} step ${t} J[${j}][${k}]: analytic ${analytic[t].jacobian.data[j * n + k]} vs finite difference ${fd[t][j][k]} (relative ${err})`);
          }
      }
    });
  }
});

describe('chain of partials: singular values and spectral radius on known spectra', () => {
  it('singular values of Q1·diag(s)·Q2ᵀ are s, tiny ones included, square and rectangular', () => {
    const rand = rng(5);
    const s = [3.5, 1.25, 0.5, 1e-3, 1e-11];
    const q1 = orthogonal(7, rand), q2 = orthogonal(5, rand);
    const d = matrix(7, 5);
    s.forEach((v, i) => { d.data[i * 5 + i] = v; });
    const a = matmul(matmul(q1, d), transpose(q2));
    const got = singularValues(a);
    s.forEach((v, i) => assert.ok(Math.abs(got[i] - v) <= 1e-12 * s[0] + 1e-9 * v, `σ_${i}: ${got[i]} vs ${v}`));
    const gotWide = singularValues(transpose(a));
    s.forEach((v, i) => assert.ok(Math.abs(gotWide[i] - v) <= 1e-12 * s[0] + 1e-9 * v, `wide σ_${i}: ${gotWide[i]} vs ${v}`));
    assert.ok(Math.abs(spectralNorm(a) - 3.5) < 1e-12);
    assert.ok(Math.abs(largestSingularValue(a) - 3.5) < 1e-9, `power iteration: ${largestSingularValue(a)}`);
    assert.ok(Math.abs(frobeniusNorm(a) - Math.hypot(...s)) < 1e-12);
  });

  it('the checked σ_max (power iteration, the Jacobi SVD on a near-tie) is σ₁ to 1e-12: clear gap, near-tie, exact tie, rank one', () => {
    const rand = rng(12);
    for (const s of [[4, 0.5, 0.1], [2, 2 - 1e-7, 1], [1.5, 1.5, 1.5], [0.3, 0, 0]]) {
      const q1 = orthogonal(3, rand), q2 = orthogonal(3, rand);
      const d = matrix(3, 3);
      s.forEach((v, i) => { d.data[i * 3 + i] = v; });
      const a = matmul(matmul(q1, d), transpose(q2));
      assert.ok(Math.abs(spectralNormChecked(a) - s[0]) <= 1e-12 * s[0], `σ = ${s}: ${spectralNormChecked(a)}`);
    }
    assert.equal(spectralNormChecked(matrix(0, 0)), 0);
  });

  it('an orthogonal matrix (Keras recurrent initialiser) has ρ = σ_max = 1', () => {
    const q = orthogonal(16, rng(9));
    assert.ok(Math.abs(spectralRadius(q) - 1) < 1e-12, `ρ = ${spectralRadius(q)}`);
    assert.ok(Math.abs(spectralNorm(q) - 1) < 1e-12);
    eigenvalues(q).forEach(e => assert.ok(Math.abs(Math.hypot(e.re, e.im) - 1) < 1e-10, `|λ| = ${Math.hypot(e.re, e.im)}`));
  });

  it('Q·T·Qᵀ with T upper triangular with rotation blocks: eigenvalues as built, σ_max > ρ', () => {
    const rand = rng(11);
    // Blocks [[a, −b], [b, a]] have eigenvalues a ± ib; the rest of the upper triangle is non-normal noise.
    const n = 7;
    const t = matrix(n, n);
    const blocks: [number, number][] = [[0.3, 0.8], [-0.5, 0.2]];
    const expected: { re: number; im: number }[] = [];
    blocks.forEach(([a, b], i) => {
      const p = 2 * i;
      t.data[p * n + p] = a; t.data[p * n + p + 1] = -b; t.data[(p + 1) * n + p] = b; t.data[(p + 1) * n + p + 1] = a;
      expected.push({ re: a, im: b }, { re: a, im: -b });
    });
    [0.6, -0.85, 0.1].forEach((v, i) => { const p = 4 + i; t.data[p * n + p] = v; expected.push({ re: v, im: 0 }); });
    for (let i = 0; i < n; i++) for (let j = i + 2; j < n; j++) if (!(i % 2 === 0 && j === i + 1)) t.data[i * n + j] = uniform(rand, 1, 1.5)[0];
    const q = orthogonal(n, rand);
    const w = matmul(matmul(q, t), transpose(q));
    const key = (e: { re: number; im: number }) => e.re * 1000 + e.im;
    const got = eigenvalues(w).sort((a, b) => key(a) - key(b)), want = expected.sort((a, b) => key(a) - key(b));
    want.forEach((e, i) => assert.ok(Math.hypot(got[i].re - e.re, got[i].im - e.im) < 1e-9, `λ_${i}: ${got[i].re}+${got[i].im}i vs ${e.re}+${e.im}i`));
    assert.ok(Math.abs(spectralRadius(w) - Math.hypot(0.3, 0.8)) < 1e-9);
    assert.ok(spectralNorm(w) > spectralRadius(w) + 0.1, 'a non-normal matrix has σ_max above ρ');
  });

  it('a companion matrix has its polynomial\'s roots: x³ − 0.5x² + 0.81x − 0.405 = (x − 0.5)(x² + 0.81)', () => {
    const c = matrix(3, 3, [0.5, -0.81, 0.405, 1, 0, 0, 0, 1, 0]);
    assert.ok(Math.abs(spectralRadius(c) - 0.9) < 1e-12, `ρ = ${spectralRadius(c)}`);
    const real = eigenvalues(c).filter(e => e.im === 0);
    assert.strictEqual(real.length, 1);
    assert.ok(Math.abs(real[0].re - 0.5) < 1e-12);
  });
});

describe('chain of partials: what a learner should see', () => {
  const H = 16, I = 4, T = 50;
  const sequence = uniform(rng(3), T * I, 1);

  it('the product of a SimpleRNN\'s Jacobians shrinks geometrically with distance when W_hh is small', () => {
    const rand = rng(21);
    const q = orthogonal(H, rand);
    const w: RecurrentWeights = { kind: 'SimpleRNN', units: H, activation: 'tanh', kernel: uniform(rand, I * H, 0.5), recurrentKernel: Array.from(q.data, v => 0.5 * v), bias: new Array(H).fill(0) };
    const chain = chainOfPartials(w, sequence, T, I);
    assert.ok(Math.abs(chain.spectralRadius - 0.5) < 1e-9 && Math.abs(chain.sigmaMax - 0.5) < 1e-9);
    // ‖∏‖ ≤ ∏‖J_k‖ ≤ 0.5^(T−t): the product at distance d is at most 0.5^d.
    for (let t = 0; t < T; t++) assert.ok(chain.productNorm[t] <= 0.5 ** (T - t) * (1 + 1e-9), `distance ${T - t}: ${chain.productNorm[t]}`);
    for (let t = 0; t < T - 1; t++) assert.ok(chain.productNorm[t] < chain.productNorm[t + 1], 'shrinks with every step back');
    assert.ok(chain.productNorm[0] < 1e-14);
  });

  it('an LSTM with forget bias 1 (Keras initialisers) keeps its product orders of magnitude above that SimpleRNN', () => {
    const rand = rng(22);
    // Keras defaults: glorot_uniform kernel; orthogonal recurrent kernel [H, 4H] (orthonormal rows,
    // so each gate block is a quarter of an orthogonal matrix); zero bias with unit_forget_bias → 1 on f.
    const glorot = (fanIn: number, fanOut: number) => uniform(rand, fanIn * fanOut, Math.sqrt(6 / (fanIn + fanOut)));
    const tall = orthogonal(4 * H, rand); // its first H columns are orthonormal: transposed, the rows of [H, 4H]
    const recurrentKernel = Array.from({ length: H * 4 * H }, (_, i) => tall.data[(i % (4 * H)) * 4 * H + Math.floor(i / (4 * H))]);
    const kernel = glorot(I, 4 * H);
    const lstm = (forgetBias: number): RecurrentWeights => ({
      kind: 'LSTM', units: H, activation: 'tanh', recurrentActivation: 'sigmoid', kernel, recurrentKernel,
      bias: new Array(4 * H).fill(0).map((_, i) => (i >= H && i < 2 * H ? forgetBias : 0)),
    });
    const q = orthogonal(H, rand);
    const simple: RecurrentWeights = { kind: 'SimpleRNN', units: H, activation: 'tanh', kernel: glorot(I, H), recurrentKernel: Array.from(q.data, v => 0.5 * v), bias: new Array(H).fill(0) };
    const a = chainOfPartials(simple, sequence, T, I), b = chainOfPartials(lstm(1), sequence, T, I), c = chainOfPartials(lstm(0), sequence, T, I);
    const at = (x: { productNorm: number[] }) => [T - 1, T - 10, T - 25, 0].map(t => x.productNorm[t].toExponential(2)).join(', ');
    console.log(`      T=${T} H=${H}: ‖∏J‖ at distance 1, 10, 25, 50 — SimpleRNN (0.5·orthogonal W_hh) ${at(a)}; LSTM forget bias 1 ${at(b)}; forget bias 0 ${at(c)}`);
    assert.ok(b.productNorm[0] > 1e6 * a.productNorm[0], `at distance ${T}: LSTM ${b.productNorm[0]} vs SimpleRNN ${a.productNorm[0]}`);
    // The forget bias is what keeps it: with bias 0 the cell path f ≈ σ(0) = 0.5 halves the product each step.
    assert.ok(b.productNorm[0] > 100 * c.productNorm[0], `forget bias 1: ${b.productNorm[0]} vs 0: ${c.productNorm[0]}`);
  });
});
