// Connectivity ‖∂y_T[k]/∂x_t‖ (Distill's memorization view) from the autodiff graph, checked
// against central finite differences of the model's own predictions in float64.
import * as assert from 'assert';
import type { TensorData } from '../../../src/engine/graph';
import { Dense, Embedding, GRU, LSTM, Sequential, SimpleRNN, resetNames } from '../../../src/engine/layers';
import { NodeRuntime, tensor, toNumbers } from '../../../src/engine/runtime';
import { argmax, Trainer } from '../../../src/engine/train';
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
async function fdConnectivity(tr: Trainer, x: TensorData, B: number, T: number, F: number, perturb: (b: number, t: number, f: number, d: number) => void): Promise<number[]> {
  const base = await tr.predict(x, B);
  const ks = Array.from({ length: B }, (_, b) => argmax(lastStep(base, b)));
  const out: number[] = [];
  for (let b = 0; b < B; b++) {
    for (let t = 0; t < T; t++) {
      let sq = 0;
      for (let f = 0; f < F; f++) {
        perturb(b, t, f, EPS);
        const up = lastStep(await tr.predict(x, B), b)[ks[b]];
        perturb(b, t, f, -2 * EPS);
        const down = lastStep(await tr.predict(x, B), b)[ks[b]];
        perturb(b, t, f, EPS);
        sq += ((up - down) / (2 * EPS)) ** 2;
      }
      out.push(Math.sqrt(sq));
    }
  }
  return out;
}

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
