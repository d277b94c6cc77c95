// Connectivity ‖∂y_T[k]/∂x_t‖ (Distill's memorization view) from the autodiff graph, checked
// against central finite differences of the model's own predictions in float64; functional
// models against the Sequential they equal, and a two-input one against finite differences.
import * as assert from 'assert';
import type { TensorData } from '../../../src/engine/graph';
import { Dense, Embedding, GRU, LSTM, Sequential, SimpleRNN, resetNames } from '../../../src/engine/layers';
import { call, Input, Model, SymbolicTensor } from '../../../src/engine/model';
import { NodeRuntime, tensor, toNumbers } from '../../../src/engine/runtime';
import { argmax, Trainer } from '../../../src/engine/train';
import type { InputSpec } from '../../../src/engine/layers/sequential';
import type { TargetSpec } from '../../../src/engine/train/step';
import { Rng } from '../../../src/engine/util/rng';

const rt = new NodeRuntime();
const EPS = 1e-6;

/** y_T[k] of sample b: the last C values of its prediction row. */
function lastStep(pred: TensorData, b: number): number[] {
  const v = toNumbers(pred);
  const row = v.length / pred.dims[0];
  const C = pred.dims[pred.dims.length - 1];
  return v.slice(b * row + row - C, (b + 1) * row);
}

/** ‖∂y_T[k_b]/∂v_t‖ by central differences, where `perturb(b, t, f, δ)` shifts the step-t input vector. */
async function fdConnectivity(tr: Trainer, x: TensorData | TensorData[], B: number, T: number, F: number, perturb: (b: number, t: number, f: number, d: number) => void): Promise<number[]> {
  const predict = async () => (await tr.predictAll(x, B))[0]; // the first output: the one connectivity reads
  const base = await predict();
  const ks = Array.from({ length: B }, (_, b) => argmax(lastStep(base, b)));
  const out: number[] = [];
  for (let b = 0; b < B; b++) {
    for (let t = 0; t < T; t++) {
      let sq = 0;
      for (let f = 0; f < F; f++) {
        perturb(b, t, f, EPS);
        const up = lastStep(await predict(), b)[ks[b]];
        perturb(b, t, f, -2 * EPS);
        const down = lastStep(await predict(), b)[ks[b]];
        perturb(b, t, f, EPS);
        sq += ((up - down) / (2 * EPS)) ** 2;
      }
      out.push(Math.sqrt(sq));
    }
  }
  return out;
}

const one = (s: SymbolicTensor | SymbolicTensor[]) => s as SymbolicTensor;

function assertClose(got: number[], want: number[]) {
  got.forEach((g, i) => assert.ok(Math.abs(g - want[i]) <= 1e-7 + 1e-5 * Math.abs(want[i]), `[${i}] ${g} vs ${want[i]}`));
}

describe('train: connectivity ‖∂y_T/∂x_t‖', function () {
  this.timeout(60000);

  for (const lowering of ['scan', 'unrolled'] as const) {
    it(`float inputs, LSTM → Dense(3), many-to-one: matches finite differences (float64, ${lowering})`, async () => {
      resetNames();
      const model = new Sequential().add(new LSTM(4)).add(new Dense(3, { activation: 'softmax' }));
      const tr = new Trainer(rt, model, { shape: ['T', 2], dtype: 'float' }, { shape: [], dtype: 'int64' }, { loss: 'sparse_categorical_crossentropy', optimizer: 'adam' }, { dtype: 'float64', seed: 2, lowering });
      const [B, T, F] = [2, 6, 2];
      const x = tensor('float64', [B, T, F], new Rng(5).uniformArray(B * T * F, -1, 1));
      const conn = await tr.connectivity(x);
      assert.deepStrictEqual(conn.dims, [B, T]);
      const xs = x.data as Float64Array;
      const fd = await fdConnectivity(tr, x, B, T, F, (b, t, f, d) => (xs[(b * T + t) * F + f] += d));
      assertClose(toNumbers(conn), fd);
      await tr.dispose();
    });
  }

  it('token inputs: gradient w.r.t. the embedding vectors, GRU(return_sequences) → Dense; masked steps are exactly 0', async () => {
    resetNames();
    const V = 9;
    const E = 3;
    const model = new Sequential().add(new Embedding(V, E, { mask_zero: true })).add(new GRU(4, { return_sequences: true })).add(new SimpleRNN(3, { return_sequences: true })).add(new Dense(4));
    const tr = new Trainer(rt, model, { shape: ['T'], dtype: 'int64' }, { shape: ['T'], dtype: 'int64' }, { loss: { name: 'sparse_categorical_crossentropy', from_logits: true }, optimizer: 'adam' }, { dtype: 'float64', seed: 3 });
    const [B, T] = [2, 5];
    // Ids distinct within a sample, so shifting table row id_t shifts exactly step t's vector.
    const ids = [1, 2, 3, 4, 5, 6, 7, 8, 0, 0];
    const x = tensor('int64', [B, T], ids);
    const conn = toNumbers(await tr.connectivity(x));
    const table = tr.params.get('embedding.embeddings')!.data as Float64Array;
    const fd = await fdConnectivity(tr, x, B, T, E, (b, t, f, d) => {
      const id = ids[b * T + t];
      if (id !== 0) table[id * E + f] += d;
    });
    assertClose(conn, fd);
    // Sample 2 is padded at t = 3, 4. Keras carries the state (and output) through masked steps,
    // so y_T there is y at t = 2 and the padding steps contribute nothing.
    assert.deepStrictEqual(conn.slice(8), [0, 0]);
    assert.ok(conn.slice(0, 8).every((c) => c > 0));
    await tr.dispose();
  });

  /** The functional model's connectivity with the Sequential's weights equals the Sequential's. */
  async function sameAsSequential(seq: Sequential, fn: Model, input: InputSpec, target: TargetSpec, x: TensorData) {
    const compile = { loss: 'sparse_categorical_crossentropy', optimizer: 'adam' } as const;
    const a = new Trainer(rt, seq, input, target, compile, { dtype: 'float64', seed: 4 });
    const b = new Trainer(rt, fn, input, target, compile, { dtype: 'float64', seed: 9 });
    b.setWeights(a.getWeights());
    const want = toNumbers(await a.connectivity(x));
    assert.ok(want.some((v) => v > 0));
    assertClose(toNumbers(await b.connectivity(x)), want);
    await Promise.all([a.dispose(), b.dispose()]);
  }

  it('functional, float inputs: equals the same model built as a Sequential', async () => {
    resetNames();
    const seq = new Sequential().add(new LSTM(4, { name: 'rec' })).add(new Dense(3, { activation: 'softmax', name: 'out' }));
    const inp = Input([null, 2]);
    const fn = new Model(inp, one(call(new Dense(3, { activation: 'softmax', name: 'out' }), one(call(new LSTM(4, { name: 'rec' }), inp)))));
    const [B, T, F] = [3, 7, 2];
    await sameAsSequential(seq, fn, { shape: ['T', F], dtype: 'float' }, { shape: [], dtype: 'int64' }, tensor('float64', [B, T, F], new Rng(6).uniformArray(B * T * F, -1, 1)));
  });

  it('functional, token inputs: the gradient is taken at the embedding vectors, as for the Sequential', async () => {
    resetNames();
    const layers = () => [new Embedding(9, 3, { mask_zero: true, name: 'emb' }), new GRU(4, { name: 'rec' }), new Dense(4, { activation: 'softmax', name: 'out' })] as const;
    const seq = new Sequential();
    layers().forEach((l) => seq.add(l));
    const inp = Input([null], { dtype: 'int64' });
    const fn = new Model(inp, layers().reduce((t: SymbolicTensor, l) => one(call(l, t)), inp));
    await sameAsSequential(seq, fn, { shape: ['T'], dtype: 'int64' }, { shape: [], dtype: 'int64' }, tensor('int64', [2, 5], [1, 2, 3, 4, 5, 6, 7, 8, 0, 0]));
  });

  it('functional, two inputs (encoder → decoder): over the first input, for the first output; matches finite differences', async () => {
    resetNames();
    const [B, Te, Td, F] = [2, 5, 3, 2];
    const enc = Input([null, F], { name: 'enc' });
    const dec = Input([null, F], { name: 'dec' });
    const [, h, c] = call(new LSTM(4, { return_state: true, name: 'encoder' }), enc) as SymbolicTensor[];
    const seq = one(call(new LSTM(4, { return_sequences: true, name: 'decoder' }), dec, { initial_state: [h, c] }));
    const probs = one(call(new Dense(3, { activation: 'softmax', name: 'proj' }), seq));
    const model = new Model([enc, dec], probs, 'seq2seq');
    const tr = new Trainer(rt, model, model.inputSpecs[0], { shape: ['T_dec'], dtype: 'int64' }, { loss: 'sparse_categorical_crossentropy', optimizer: 'adam' }, { dtype: 'float64', seed: 7 });
    const xe = tensor('float64', [B, Te, F], new Rng(8).uniformArray(B * Te * F, -1, 1));
    const xd = tensor('float64', [B, Td, F], new Rng(9).uniformArray(B * Td * F, -1, 1));
    const conn = await tr.connectivity([xe, xd]);
    assert.deepStrictEqual(conn.dims, [B, Te]);
    const data = xe.data as Float64Array;
    assertClose(toNumbers(conn), await fdConnectivity(tr, [xe, xd], B, Te, F, (b, t, f, d) => (data[(b * Te + t) * F + f] += d)));
    await tr.dispose();
  });

  it('an LSTM trained on a 3-steps-back task connects y_T most strongly to x_{T−3}', async () => {
    resetNames();
    const { shortMemory } = await import('./helpers/tasks');
    const model = new Sequential().add(new SimpleRNN(16)).add(new Dense(1, { activation: 'sigmoid' }));
    const tr = new Trainer(rt, model, { shape: ['T', 1], dtype: 'float' }, { shape: [1], dtype: 'float' }, { loss: 'binary_crossentropy', optimizer: { name: 'adam', learning_rate: 0.01 } }, { seed: 1 });
    await tr.fit(shortMemory(1024, 8, 1), { epochs: 8, batchSize: 32, seed: 5 });
    const probe = shortMemory(64, 8, 9);
    const c = toNumbers(await tr.connectivity(probe.x)); // [64, 8]
    const mean = Array.from({ length: 8 }, (_, t) => c.filter((_, i) => i % 8 === t).reduce((s, v) => s + v, 0) / 64);
    assert.strictEqual(argmax(mean), 5, `mean connectivity over t: ${mean.map((m) => m.toFixed(3))}`);
    await tr.dispose();
  });
});
