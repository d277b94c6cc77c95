// The one-graph training step: its gradient equals finite differences of its own loss, its
// diagnostics have the promised shapes and meanings, and Scan/unrolled steps agree.
import * as assert from 'assert';
import { Dense, Embedding, GRU, LSTM, Sequential, SimpleRNN, resetNames } from '../../../src/engine/layers';
import { buildTrainStep } from '../../../src/engine/train';
import { NodeRuntime, tensor, toNumbers } from '../../../src/engine/runtime';
import type { TensorData } from '../../../src/engine/graph';
import { Rng } from '../../../src/engine/util/rng';
import { uniform } from './helpers/gradcheck';

const rt = new NodeRuntime();

function feedsFor(model: Sequential, sg: ReturnType<typeof buildTrainStep>, dtype: 'float32' | 'float64', x: TensorData, y: TensorData, lr: number) {
  const input = { shape: x.dtype === 'int64' ? ['T'] : ['T', x.dims[2]], dtype: x.dtype === 'int64' ? 'int64' : 'float' } as const;
  const init = model.initParams(input, new Rng(3));
  const feeds: Record<string, TensorData> = { x, y, step: tensor(dtype, [], [1]), lr: tensor(dtype, [], [lr]) };
  for (const p of sg.params) feeds[p.key] = tensor(dtype, p.shape, init.get(p.key)!);
  for (const s of sg.slots) feeds[s.input] = tensor(dtype, s.shape, new Array(s.shape.reduce((a, b) => a * b, 1)).fill(s.init));
  return feeds;
}

describe('training-step graph', function () {
  this.timeout(120000);

  it('SGD step = p − lr·∂L/∂p, with ∂L/∂p matching finite differences of the step\'s own loss (float64, Embedding+LSTM+Dense, masked)', async () => {
    resetNames();
    const model = new Sequential().add(new Embedding(6, 3, { mask_zero: true })).add(new LSTM(4)).add(new Dense(1, { activation: 'sigmoid' }));
    const input = { shape: ['T'], dtype: 'int64' } as const;
    const sg = buildTrainStep(model, input, { shape: [1], dtype: 'float' }, { loss: 'binary_crossentropy', optimizer: { name: 'sgd', learning_rate: 1 }, metrics: ['accuracy'] }, { dtype: 'float64' });
    const { session } = await rt.createSession(sg.encode());
    const x = tensor('int64', [3, 5], [1, 2, 3, 0, 0, 4, 5, 1, 2, 3, 5, 0, 0, 0, 0]);
    const y = tensor('float64', [3, 1], [1, 0, 1]);
    const feeds = feedsFor(model, sg, 'float64', x, y, 1);
    const out = await session.run(feeds);
    const loss = (await session.run(feeds, [sg.loss]))[sg.loss];
    void loss;
    const eps = 1e-6;
    let checked = 0;
    for (const p of sg.params) {
      const before = feeds[p.key].data as Float64Array;
      const after = toNumbers(out[p.output]);
      for (let k = 0; k < before.length; k += Math.max(1, Math.floor(before.length / 7))) {
        const analytic = before[k] - after[k]; // lr = 1
        const orig = before[k];
        before[k] = orig + eps;
        const up = toNumbers((await session.run(feeds, [sg.loss]))[sg.loss])[0];
        before[k] = orig - eps;
        const down = toNumbers((await session.run(feeds, [sg.loss]))[sg.loss])[0];
        before[k] = orig;
        const numeric = (up - down) / (2 * eps);
        assert.ok(Math.abs(analytic - numeric) <= 1e-7 + 1e-5 * Math.abs(numeric), `${p.key}[${k}]: ${analytic} vs ${numeric}`);
        checked++;
      }
    }
    assert.ok(checked > 20);
    // Padding rows of the embedding table are never used by unmasked steps... id 0 still feeds the
    // masked steps' inputs, whose gradient must be exactly zero (masked steps add no gradient).
    const emb = sg.params.find((p) => p.key.endsWith('embeddings'))!;
    const dRow0 = [0, 1, 2].map((j) => (feeds[emb.key].data as Float64Array)[j] - toNumbers(out[emb.output])[j]);
    assert.deepStrictEqual(dRow0, [0, 0, 0]);
    await session.dispose();
  });

  it('telemetry: ‖dL/dh_t‖ [T, B] and [T], grad norms, update ratios, global norm, NaN flag', async () => {
    resetNames();
    const model = new Sequential().add(new SimpleRNN(8, { return_sequences: true })).add(new GRU(5)).add(new Dense(3));
    const input = { shape: ['T', 2], dtype: 'float' } as const;
    const sg = buildTrainStep(model, input, { shape: [], dtype: 'int64' }, { loss: { name: 'sparse_categorical_crossentropy', from_logits: true }, optimizer: 'adam', metrics: ['accuracy'] });
    const { session } = await rt.createSession(sg.encode());
    const B = 4;
    for (const T of [3, 7]) {
      const feeds = feedsFor(model, sg, 'float32', tensor('float32', [B, T, 2], uniform(B * T * 2, T)), tensor('int64', [B], [0, 1, 2, 1]), 0.001);
      const out = await session.run(feeds);
      assert.strictEqual(sg.telemetry.dh.length, 2);
      for (const d of sg.telemetry.dh) {
        assert.deepStrictEqual(out[d.perSample].dims, [T, B]);
        assert.deepStrictEqual(out[d.mean].dims, [T]);
        const per = toNumbers(out[d.perSample]);
        const mean = toNumbers(out[d.mean]);
        mean.forEach((m, t) => assert.ok(Math.abs(m - per.slice(t * B, t * B + B).reduce((a, b) => a + b, 0) / B) < 1e-5));
        assert.ok(per.every((v) => v >= 0 && Number.isFinite(v)));
      }
      const gn = toNumbers(out[sg.telemetry.globalNorm])[0];
      const parts = Object.values(sg.telemetry.gradNorm).map((n) => toNumbers(out[n])[0]);
      assert.ok(Math.abs(gn - Math.hypot(...parts)) < 1e-4 * gn);
      for (const n of Object.values(sg.telemetry.updateRatio)) assert.ok(toNumbers(out[n])[0] > 0);
      assert.strictEqual(toNumbers(out[sg.telemetry.nonFinite])[0], 0);
      // A NaN in the inputs raises the flag.
      (feeds.x.data as Float32Array)[0] = NaN;
      assert.strictEqual(toNumbers((await session.run(feeds, [sg.telemetry.nonFinite]))[sg.telemetry.nonFinite])[0], 1);
    }
    await session.dispose();
  });

  it('Scan and unrolled training steps give the same loss, new parameters and telemetry', async () => {
    const T = 6;
    const results: Record<string, number[]>[] = [];
    for (const lowering of ['scan', 'unrolled'] as const) {
      resetNames();
      const model = new Sequential().add(new LSTM(4, { return_sequences: true })).add(new SimpleRNN(3)).add(new Dense(1));
      const sg = buildTrainStep(model, { shape: ['T', 2], dtype: 'float' }, { shape: [1], dtype: 'float' }, { loss: 'mse', optimizer: 'rmsprop' }, { lowering, T });
      const { session } = await rt.createSession(sg.encode());
      const out = await session.run(feedsFor(model, sg, 'float32', tensor('float32', [2, T, 2], uniform(2 * T * 2, 4)), tensor('float32', [2, 1], [0.5, -0.5]), 0.01));
      results.push(Object.fromEntries(Object.entries(out).map(([k, v]) => [k, toNumbers(v)])));
      await session.dispose();
    }
    for (const k of Object.keys(results[0])) {
      results[0][k].forEach((v, i) => assert.ok(Math.abs(v - results[1][k][i]) <= 1e-5 + 1e-4 * Math.abs(v), `${k}[${i}] ${v} vs ${results[1][k][i]}`));
    }
  });
});
