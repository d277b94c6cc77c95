// Saliency of one example (saliency.ts): ‖∂y_o/∂v_t‖ and Σ_i v_t,i·∂y_o/∂v_t,i from the autodiff
// probe, checked against central finite differences in float64 of the model's own predictions.
// Where y is a logit under a final softmax/sigmoid, the reference is a second model of the same
// layers with a linear last layer and the same weights, whose output IS that logit.
import * as assert from 'assert';
import type { TensorData } from '../../../src/engine/graph';
import { Bidirectional, Dense, Embedding, GRU, LSTM, Sequential, SimpleRNN, TimeDistributed, resetNames } from '../../../src/engine/layers';
import type { Layer } from '../../../src/engine/layers/layer';
import type { InputSpec } from '../../../src/engine/layers/sequential';
import { NodeRuntime, tensor, toNumbers } from '../../../src/engine/runtime';
import { argmax, Trainer } from '../../../src/engine/train';
import { Rng } from '../../../src/engine/util/rng';

const rt = new NodeRuntime();
const EPS = 1e-6;
const compile = { loss: 'mse', optimizer: 'adam' } as const;

/** The same layers twice (fresh names each time, so the weights' names agree), the second ending linear. */
function pair(layers: (last: 'softmax' | 'sigmoid' | 'linear') => Layer[], last: 'softmax' | 'sigmoid' | 'linear'): [Sequential, Sequential] {
  const build = (act: typeof last) => {
    resetNames();
    const m = new Sequential();
    layers(act).forEach((l) => m.add(l));
    return m;
  };
  return [build(last), build('linear')];
}

interface Case {
  tr: Trainer;
  /** The reference whose first output is y (the scores): linear last layer, same weights. */
  scores: Trainer;
}

async function trainers(layers: (last: 'softmax' | 'sigmoid' | 'linear') => Layer[], last: 'softmax' | 'sigmoid' | 'linear', input: InputSpec, seed: number): Promise<Case> {
  const [m, lin] = pair(layers, last);
  const tr = new Trainer(rt, m, input, { shape: [], dtype: 'float' }, compile, { dtype: 'float64', seed });
  const scores = new Trainer(rt, lin, input, { shape: [], dtype: 'float' }, compile, { dtype: 'float64', seed: seed + 100 });
  scores.setWeights(tr.getWeights());
  return { tr, scores };
}

/**
 * Finite-difference saliency of one example ([1, T, ...]): for each output position o, the score
 * of the class the model predicts there (sign −1 for a one-unit sigmoid predicting 0), perturbed
 * at each step vector component. `vector(t)` reads and `perturb(t, f, δ)` shifts v_t[f].
 */
async function fdSaliency(c: Case, x: TensorData, T: number, F: number, sigmoid: boolean, vector: (t: number) => number[], perturb: (t: number, f: number, d: number) => void) {
  const pred = (await c.tr.predictAll(x, 1))[0];
  const outputs = pred.dims.length === 3 ? pred.dims[1] : 1;
  const C = pred.dims[pred.dims.length - 1];
  const p = toNumbers(pred);
  const pick = Array.from({ length: outputs }, (_, o) => {
    const row = p.slice(o * C, (o + 1) * C);
    if (sigmoid && C === 1) return { k: 0, sign: row[0] >= 0.5 ? 1 : -1 };
    return { k: argmax(row), sign: 1 };
  });
  const y = async () => {
    const s = toNumbers((await c.scores.predictAll(x, 1))[0]);
    return pick.map(({ k, sign }, o) => sign * s[o * C + k]);
  };
  const norm = new Array<number>(outputs * T).fill(0);
  const gradInput = new Array<number>(outputs * T).fill(0);
  for (let t = 0; t < T; t++) {
    const v = vector(t);
    for (let f = 0; f < F; f++) {
      perturb(t, f, EPS);
      const up = await y();
      perturb(t, f, -2 * EPS);
      const down = await y();
      perturb(t, f, EPS);
      for (let o = 0; o < outputs; o++) {
        const d = (up[o] - down[o]) / (2 * EPS);
        norm[o * T + t] += d * d;
        gradInput[o * T + t] += v[f] * d;
      }
    }
  }
  return { outputs, norm: norm.map(Math.sqrt), gradInput, classes: pick.map((q, o) => (sigmoid && C === 1 ? (q.sign > 0 ? 1 : 0) : pick[o].k)) };
}

function assertClose(got: ArrayLike<number>, want: number[], what: string) {
  assert.strictEqual(got.length, want.length, `${what}: length`);
  want.forEach((w, i) => assert.ok(Math.abs(got[i] - w) <= 1e-7 + 1e-5 * Math.abs(w), `${what}[${i}] ${got[i]} vs ${w}`));
}

/** Float input [1, T, F], perturbed in place (the scores trainer sees the same array). */
async function checkFloat(c: Case, T: number, F: number, sigmoid: boolean, seed: number) {
  const xs = new Rng(seed).uniformArray(2 * T * F, -1, 1);
  const x = tensor('float64', [2, T, F], xs);
  // Sample 1 of a batch of two: the probe takes the row it is asked for.
  const got = await c.tr.saliency(x, 1);
  const row = tensor('float64', [1, T, F], (x.data as Float64Array).slice(T * F));
  const r = row.data as Float64Array;
  const fd = await fdSaliency(c, row, T, F, sigmoid, (t) => Array.from(r.subarray(t * F, (t + 1) * F)), (t, f, d) => (r[t * F + f] += d));
  assert.strictEqual(got.outputs, fd.outputs);
  assert.strictEqual(got.T, T);
  assert.deepStrictEqual(got.classes, fd.classes);
  assertClose(got.norm, fd.norm, 'norm');
  assertClose(got.gradInput, fd.gradInput, 'gradInput');
  assert.ok(fd.norm.some((v) => v > 1e-4), 'the reference is not all zero');
  return got;
}

describe('train: saliency ‖∂y/∂x_t‖ and gradient × input', function () {
  this.timeout(60000);

  it('SimpleRNN → Dense(3, softmax), many-to-one: the predicted class\'s logit, against finite differences (float64)', async () => {
    const c = await trainers((act) => [new SimpleRNN(4), new Dense(3, { activation: act })], 'softmax', { shape: ['T', 2], dtype: 'float' }, 3);
    const got = await checkFloat(c, 6, 2, false, 11);
    assert.strictEqual(got.target, 'logit');
    assert.strictEqual(got.activation, 'Softmax');
    await Promise.all([c.tr.dispose(), c.scores.dispose()]);
  });

  it('LSTM(return_sequences) → Dense(3), per output position: a [T_out, T_in] matrix, causal (zero above the diagonal)', async () => {
    const T = 5;
    const c = await trainers((act) => [new LSTM(4, { return_sequences: true }), new Dense(3, { activation: act })], 'linear', { shape: ['T', 2], dtype: 'float' }, 5);
    const got = await checkFloat(c, T, 2, false, 12);
    assert.strictEqual(got.outputs, T);
    assert.strictEqual(got.target, 'output');
    // A forward LSTM's output at o reads no later input.
    for (let o = 0; o < T; o++) for (let t = o + 1; t < T; t++) assert.strictEqual(got.norm[o * T + t], 0);
    await Promise.all([c.tr.dispose(), c.scores.dispose()]);
  });

  it('SimpleRNN(return_sequences) → TimeDistributed(Dense(3, softmax)): the logit under the reshape, per output position', async () => {
    const c = await trainers((act) => [new SimpleRNN(3, { return_sequences: true }), new TimeDistributed(new Dense(3, { activation: act }))], 'softmax', { shape: ['T', 2], dtype: 'float' }, 6);
    const got = await checkFloat(c, 4, 2, false, 14);
    assert.strictEqual(got.target, 'logit');
    assert.strictEqual(got.outputs, 4);
    await Promise.all([c.tr.dispose(), c.scores.dispose()]);
  });

  it('Bidirectional(GRU) → Dense(1, sigmoid): the logit of the predicted class (−z where class 0), against finite differences', async () => {
    const c = await trainers((act) => [new Bidirectional(new GRU(3)), new Dense(1, { activation: act })], 'sigmoid', { shape: ['T', 3], dtype: 'float' }, 8);
    const got = await checkFloat(c, 6, 3, true, 13);
    assert.strictEqual(got.activation, 'Sigmoid');
    await Promise.all([c.tr.dispose(), c.scores.dispose()]);
  });

  it('Embedding → Bidirectional(LSTM, return_sequences) → Dense(4, softmax): the gradient at the embedding vectors; padding steps are 0', async () => {
    const [V, E, T] = [9, 3, 6];
    const c = await trainers((act) => [new Embedding(V, E, { mask_zero: true }), new Bidirectional(new LSTM(3, { return_sequences: true })), new Dense(4, { activation: act })], 'softmax', { shape: ['T'], dtype: 'int64' }, 21);
    // Ids distinct, so shifting table row id_t shifts exactly step t's vector; two padding steps.
    const ids = [3, 1, 7, 5, 0, 0];
    const x = tensor('int64', [1, T], ids);
    const got = await c.tr.saliency(x);
    // Both trainers read their own table: perturb both alike.
    const tables = [c.tr, c.scores].map((t) => t.params.get('embedding.embeddings')!.data as Float64Array);
    const fd = await fdSaliency(c, x, T, E, false, (t) => Array.from(tables[0].subarray(ids[t] * E, (ids[t] + 1) * E)), (t, f, d) => {
      if (ids[t] !== 0) for (const table of tables) table[ids[t] * E + f] += d;
    });
    assert.strictEqual(got.outputs, T);
    assertClose(got.norm, fd.norm, 'norm');
    assertClose(got.gradInput, fd.gradInput, 'gradInput');
    for (let o = 0; o < T; o++) assert.deepStrictEqual([got.norm[o * T + 4], got.norm[o * T + 5]], [0, 0], `masked steps, output ${o}`);
    assert.ok(fd.norm.some((v) => v > 1e-4));
    await Promise.all([c.tr.dispose(), c.scores.dispose()]);
  });

  it('a sample out of range is a clear error', async () => {
    const c = await trainers((act) => [new SimpleRNN(2), new Dense(1, { activation: act })], 'linear', { shape: ['T', 1], dtype: 'float' }, 1);
    await assert.rejects(c.tr.saliency(tensor('float64', [2, 3, 1], [1, 2, 3, 4, 5, 6]), 2), /sample 2 is out of range for 2 sequence\(s\)/);
    await Promise.all([c.tr.dispose(), c.scores.dispose()]);
  });
});
