// BPTT step-through: the per-step terms of ∂L/∂W from the probe graph (train/bptt.ts). Their sum
// is checked against the gradient the ordinary training step applies (SGD with learning rate 1 on
// the one example: Δw = −∂L/∂w, float64), for SimpleRNN, LSTM and GRU, both lowerings; each term
// of a tiny SimpleRNN against a hand-written float64 BPTT in this file.
import * as assert from 'assert';
import type { TensorData } from '../../../src/engine/graph';
import { Dense, GRU, LSTM, Sequential, SimpleRNN, resetNames } from '../../../src/engine/layers';
import type { RNNLayer } from '../../../src/engine/layers/rnn';
import { NodeRuntime, tensor, toNumbers } from '../../../src/engine/runtime';
import { Trainer } from '../../../src/engine/train';
import { summarizeTerms } from '../../../src/engine/train/bptt';
import { Rng } from '../../../src/engine/util/rng';

const rt = new NodeRuntime();
const [B, T, F] = [3, 5, 2];
const SAMPLE = 1;

const relativeError = (got: ArrayLike<number>, want: ArrayLike<number>) => {
  let d = 0, w = 0;
  for (let i = 0; i < want.length; i++) { d += (got[i] - want[i]) ** 2; w += want[i] ** 2; }
  return Math.sqrt(d / w);
};

function data(seed: number): { x: TensorData; y: TensorData } {
  const rng = new Rng(seed);
  return { x: tensor('float64', [B, T, F], rng.uniformArray(B * T * F, -1, 1)), y: tensor('float64', [B, 2], rng.uniformArray(B * 2, -1, 1)) };
}

/** ∂L/∂w of every weight on one sample, from one ordinary training step: SGD(lr=1) moves w by −∂L/∂w. */
async function trainingGradient(weights: Map<string, TensorData>, make: () => Sequential, x: TensorData, y: TensorData, lowering: 'scan' | 'unrolled'): Promise<Map<string, number[]>> {
  resetNames();
  const tr = new Trainer(rt, make(), { shape: ['T', F], dtype: 'float' }, { shape: [2], dtype: 'float' }, { loss: 'mse', optimizer: { name: 'sgd', learning_rate: 1 } }, { dtype: 'float64', seed: 1, lowering });
  tr.setWeights(weights);
  const row = (t: TensorData) => tensor('float64', [1, ...t.dims.slice(1)], (t.data as Float64Array).slice(SAMPLE * (t.data.length / t.dims[0]), (SAMPLE + 1) * (t.data.length / t.dims[0])));
  await tr.fit({ x: row(x), y: row(y) }, { epochs: 1, batchSize: 1, shuffle: false });
  const after = tr.getWeights();
  await tr.dispose();
  return new Map([...weights].map(([k, before]) => [k, toNumbers(before).map((v, i) => v - toNumbers(after.get(k)!)[i])]));
}

const CASES: [string, () => RNNLayer][] = [
  ['SimpleRNN', () => new SimpleRNN(3, { bias_initializer: 'glorot_uniform' })],
  ['LSTM', () => new LSTM(3)],
  ['GRU (reset_after)', () => new GRU(3, { bias_initializer: 'glorot_uniform' })],
  ['GRU (reset_after=False)', () => new GRU(3, { reset_after: false, bias_initializer: 'glorot_uniform' })],
];

describe('train: BPTT step-through terms of ∂L/∂W', function () {
  this.timeout(60000);

  for (const [name, layer] of CASES) {
    for (const lowering of ['scan', 'unrolled'] as const) {
      it(`${name}, ${lowering}: Σ_t term_t equals the training step's gradient (kernel, recurrent_kernel, bias)`, async () => {
        const make = () => new Sequential().add(layer()).add(new Dense(2));
        resetNames();
        const model = make();
        const rnn = model.layers[0].name;
        const tr = new Trainer(rt, model, { shape: ['T', F], dtype: 'float' }, { shape: [2], dtype: 'float' }, { loss: 'mse', optimizer: 'adam' }, { dtype: 'float64', seed: 7, lowering });
        const { x, y } = data(11);
        const { terms } = await tr.bpttTerms(x, y, rnn, SAMPLE);
        assert.deepStrictEqual(terms.map(t => t.weight), ['kernel', 'recurrent_kernel', 'bias']);
        const reference = await trainingGradient(tr.getWeights(), make, x, y, lowering);
        for (const w of terms) {
          assert.strictEqual(w.T, T);
          const s = summarizeTerms(w);
          const want = reference.get(`${rnn}.${w.weight}`)!;
          assert.ok(Math.sqrt(want.reduce((a, v) => a + v * v, 0)) > 1e-6, `${w.weight}: a gradient to compare`);
          const err = relativeError(s.full, want);
          assert.ok(err <= 1e-5, `${w.weight}: relative error ${err}`);
          assert.ok(Math.abs(s.shares.reduce((a, b) => a + b, 0) - 1) < 1e-12);
          assert.ok(Math.abs(s.projections.reduce((a, b) => a + b, 0) - 1) < 1e-9);
          assert.ok(Math.abs(s.partialNorms[0] - s.fullNorm) < 1e-15);
          // Every step's use contributes (no masked steps here), except U at step 0: it reads h_{−1} = 0.
          s.norms.forEach((n, t) => {
            if (w.weight === 'recurrent_kernel' && t === 0) assert.strictEqual(n, 0, 'U at step 0 multiplies the zero initial state');
            else assert.ok(n > 0, `${w.weight} term ${t} is zero`);
          });
        }
        await tr.dispose();
      });
    }
  }

  it('tiny SimpleRNN: each term equals a hand-written float64 BPTT (and the loss its forward)', async () => {
    resetNames();
    const H = 2;
    const model = new Sequential().add(new SimpleRNN(H, { bias_initializer: 'glorot_uniform' })).add(new Dense(2));
    const tr = new Trainer(rt, model, { shape: ['T', F], dtype: 'float' }, { shape: [2], dtype: 'float' }, { loss: 'mse', optimizer: 'adam' }, { dtype: 'float64', seed: 4 });
    const { x, y } = data(21);
    const { terms, loss } = await tr.bpttTerms(x, y, 'simple_rnn', SAMPLE);
    const w = tr.getWeights();
    const [Wx, U, b, V, c] = ['simple_rnn.kernel', 'simple_rnn.recurrent_kernel', 'simple_rnn.bias', 'dense.kernel', 'dense.bias'].map(k => toNumbers(w.get(k)!));
    const xs = toNumbers(x).slice(SAMPLE * T * F, (SAMPLE + 1) * T * F), ys = toNumbers(y).slice(SAMPLE * 2, SAMPLE * 2 + 2);
    // Forward: h_t = tanh(x_t·W + h_{t−1}·U + b); pred = h_T·V + c; L = mean((pred − y)²).
    const hs: number[][] = [new Array<number>(H).fill(0)];
    for (let t = 0; t < T; t++) {
      const prev = hs[t];
      hs.push(Array.from({ length: H }, (_, j) => {
        let a = b[j];
        for (let f = 0; f < F; f++) a += xs[t * F + f] * Wx[f * H + j];
        for (let k = 0; k < H; k++) a += prev[k] * U[k * H + j];
        return Math.tanh(a);
      }));
    }
    const pred = [0, 1].map(o => c[o] + hs[T].reduce((a, h, j) => a + h * V[j * 2 + o], 0));
    const wantLoss = pred.reduce((a, p, o) => a + (p - ys[o]) ** 2, 0) / 2;
    assert.ok(Math.abs(loss - wantLoss) < 1e-12, `loss ${loss} vs ${wantLoss}`);
    // Backward through time, one term per step.
    let dh = Array.from({ length: H }, (_, j) => [0, 1].reduce((a, o) => a + (pred[o] - ys[o]) * V[j * 2 + o], 0)); // 2(p − y)/2
    const want = { kernel: [] as number[][], recurrent_kernel: [] as number[][], bias: [] as number[][] };
    for (let t = T - 1; t >= 0; t--) {
      const da = dh.map((d, j) => d * (1 - hs[t + 1][j] ** 2));
      want.kernel[t] = Array.from({ length: F * H }, (_, i) => xs[t * F + Math.floor(i / H)] * da[i % H]);
      want.recurrent_kernel[t] = Array.from({ length: H * H }, (_, i) => hs[t][Math.floor(i / H)] * da[i % H]);
      want.bias[t] = da;
      dh = Array.from({ length: H }, (_, k) => da.reduce((a, d, j) => a + d * U[k * H + j], 0));
    }
    for (const term of terms) {
      const size = term.shape.reduce((a, d) => a * d, 1);
      for (let t = 0; t < T; t++) {
        const got = Array.from(term.values.subarray(t * size, (t + 1) * size));
        const ref = want[term.weight][t];
        got.forEach((v, i) => assert.ok(Math.abs(v - ref[i]) <= 1e-12 + 1e-9 * Math.abs(ref[i]), `${term.weight} term ${t}[${i}]: ${v} vs ${ref[i]}`));
      }
    }
    await tr.dispose();
  });
});
