// dropout / recurrent_dropout on SimpleRNN, LSTM, GRU and the Dropout layer: masks are graph
// inputs fed from the seeded Rng (see src/engine/layers/dropout.ts for why).
import * as assert from 'assert';
import { Graph, encodeModel, Value, TensorData } from '../../../src/engine/graph';
import { BuildContext, Dense, Dropout, DropoutInput, GRU, Layer, LSTM, makeDropoutFeeds, RNNOptions, Sequential, SimpleRNN, resetNames } from '../../../src/engine/layers';
import * as ref from '../../oracles';
import { tensor, toNumbers } from '../../../src/engine/runtime';
import { buildPredict, buildTrainStep } from '../../../src/engine/train/step';
import { Rng } from '../../../src/engine/util/rng';
import { expectGrad, runtime, uniform } from './helpers/gradcheck';

type Kind = 'SimpleRNN' | 'LSTM' | 'GRU';
const make = (k: Kind, H: number, o: RNNOptions) => (k === 'SimpleRNN' ? new SimpleRNN(H, o) : k === 'LSTM' ? new LSTM(H, o) : new GRU(H, o));
const numel = (s: number[]) => s.reduce((a, b) => a * b, 1);

/** A float64 context for one layer whose params are given values, collecting dropout masks. */
function ctxFor(g: Graph, layer: Layer, F: number, values: Value[], training: boolean, preset: DropoutInput[] = []): BuildContext {
  const specs = layer.params(['T', F]);
  return {
    g,
    param: (_l, name) => values[specs.findIndex((p) => p.name === name)],
    lowering: 'scan',
    training,
    recurrences: [],
    dropout: preset,
  };
}

async function run(g: Graph, feeds: Record<string, TensorData>): Promise<number[]> {
  const { session } = await runtime().createSession(encodeModel(g));
  try {
    return toNumbers((await session.run(feeds, ['y'])).y);
  } finally {
    await session.dispose();
  }
}

describe('dropout and recurrent_dropout', function () {
  this.timeout(120000);
  const B = 3;
  const T = 4;
  const F = 3;
  const H = 2;

  it('makeDropoutFeeds: inverted masks (0 or 1/(1−rate)) with the expected keep rate; same seed → same masks; the next step differs', () => {
    const inputs: DropoutInput[] = [{ name: 'dropout.a', shape: ['B', 'T', 50], rate: 0.3 }];
    const a = makeDropoutFeeds(inputs, { B: 20, T: 30 }, new Rng(5), 'float64');
    const m = Array.from(a['dropout.a'].data as Float64Array);
    assert.deepStrictEqual(a['dropout.a'].dims, [20, 30, 50]);
    assert.ok(m.every((v) => v === 0 || Math.abs(v - 1 / 0.7) < 1e-12));
    const keep = m.filter((v) => v !== 0).length / m.length;
    assert.ok(Math.abs(keep - 0.7) < 0.01, `keep rate ${keep}`);
    assert.ok(Math.abs(m.reduce((s, v) => s + v, 0) / m.length - 1) < 0.015, 'E[mask] = 1 (inverted dropout)');
    const rng = new Rng(5);
    const again = makeDropoutFeeds(inputs, { B: 20, T: 30 }, rng, 'float64');
    assert.deepStrictEqual(Array.from(again['dropout.a'].data as Float64Array), m);
    const next = makeDropoutFeeds(inputs, { B: 20, T: 30 }, rng, 'float64');
    assert.notDeepStrictEqual(Array.from(next['dropout.a'].data as Float64Array), m);
  });

  it('inference graphs ignore dropout: no mask inputs, and the output equals the model without dropout', async () => {
    resetNames();
    const input = { shape: ['T', F], dtype: 'float' } as const;
    const withDrop = new Sequential().add(new LSTM(H, { dropout: 0.5, recurrent_dropout: 0.5, return_sequences: true, name: 'l' })).add(new Dropout(0.5)).add(new GRU(H, { dropout: 0.4, recurrent_dropout: 0.3, name: 'g' })).add(new Dense(1, { name: 'd' }));
    const without = new Sequential().add(new LSTM(H, { return_sequences: true, name: 'l' })).add(new GRU(H, { name: 'g' })).add(new Dense(1, { name: 'd' }));
    const outs: number[][] = [];
    for (const model of [withDrop, without]) {
      const pg = buildPredict(model, input, { dtype: 'float64' });
      assert.ok(!pg.graph.inputs.some((v) => v.name.startsWith('dropout.')), 'no dropout inputs at inference');
      const feeds: Record<string, TensorData> = { x: tensor('float64', [B, T, F], uniform(B * T * F, 3)) };
      model.paramEntries(input).forEach((e, i) => (feeds[e.key] = tensor('float64', e.spec.shape, uniform(numel(e.spec.shape), 10 + i))));
      const { session } = await runtime().createSession(pg.encode());
      outs.push(toNumbers((await session.run(feeds))[pg.output]));
      await session.dispose();
    }
    assert.deepStrictEqual(outs[0], outs[1]);
  });

  it('training step graph lists one mask per layer and kind: input [B, F], recurrent [B, H], Dropout like its input', () => {
    resetNames();
    const model = new Sequential().add(new LSTM(H, { dropout: 0.5, recurrent_dropout: 0.25, return_sequences: true, name: 'l' })).add(new Dropout(0.2, 'drop')).add(new SimpleRNN(H, { recurrent_dropout: 0.1, name: 's' })).add(new Dense(1, { name: 'd' }));
    const sg = buildTrainStep(model, { shape: ['T', F], dtype: 'float' }, { shape: [1], dtype: 'float' }, { loss: 'mse', optimizer: 'sgd' });
    assert.deepStrictEqual(
      sg.dropout.map((d) => [d.name, d.shape, d.rate]),
      [
        ['dropout.l.input', ['B', F], 0.5],
        ['dropout.l.recurrent', ['B', H], 0.25],
        ['dropout.drop', ['B', 'T', H], 0.2],
        ['dropout.s.recurrent', ['B', H], 0.1],
      ],
    );
  });

  it('SimpleRNN: masks fixed across time steps, equal to a hand-written float64 loop', async () => {
    resetNames();
    const layer = new SimpleRNN(H, { dropout: 0.5, recurrent_dropout: 0.5, return_sequences: true });
    const specs = layer.params(['T', F]);
    const w = specs.map((s, i) => uniform(numel(s.shape), 20 + i));
    const x = uniform(B * T * F, 21);
    const g = new Graph('drop', 'float64');
    const ws = specs.map((s) => g.input(`w_${s.name}`, 'float64', s.shape));
    const xv = g.input('x', 'float64', ['B', 'T', F]);
    const ctx = ctxFor(g, layer, F, ws, true);
    g.output(layer.apply(ctx, { value: xv }).value, 'y');
    const masks = makeDropoutFeeds(ctx.dropout!, { B }, new Rng(1), 'float64');
    const feeds: Record<string, TensorData> = { x: tensor('float64', [B, T, F], x), ...masks };
    specs.forEach((s, i) => (feeds[`w_${s.name}`] = tensor('float64', s.shape, w[i])));
    const got = await run(g, feeds);

    const mIn = masks[`dropout.${layer.name}.input`].data as Float64Array; // [B, F]
    const mRec = masks[`dropout.${layer.name}.recurrent`].data as Float64Array; // [B, H]
    const [W, U, b] = w;
    const want: number[] = [];
    for (let n = 0; n < B; n++) {
      let h = new Array<number>(H).fill(0);
      for (let t = 0; t < T; t++) {
        const next = new Array<number>(H).fill(0);
        for (let j = 0; j < H; j++) {
          let z = b[j];
          for (let f = 0; f < F; f++) z += x[(n * T + t) * F + f] * mIn[n * F + f] * W[f * H + j];
          for (let k = 0; k < H; k++) z += h[k] * mRec[n * H + k] * U[k * H + j];
          next[j] = Math.tanh(z);
        }
        h = next;
        want.push(...h);
      }
    }
    got.forEach((v, i) => assert.ok(Math.abs(v - want[i]) < 1e-12, `[${i}] ${v} vs ${want[i]}`));
  });

  for (const kind of ['LSTM', 'GRU'] as Kind[]) {
    it(`${kind}: input dropout equals the reference oracle run on x⊙mask (one mask for every step)`, async () => {
      resetNames();
      const layer = make(kind, H, { dropout: 0.4, return_sequences: true });
      const specs = layer.params(['T', F]);
      const w = specs.map((s, i) => uniform(numel(s.shape), 30 + i));
      const x = uniform(B * T * F, 31);
      const g = new Graph('drop', 'float64');
      const ws = specs.map((s) => g.input(`w_${s.name}`, 'float64', s.shape));
      const xv = g.input('x', 'float64', ['B', 'T', F]);
      const ctx = ctxFor(g, layer, F, ws, true);
      g.output(layer.apply(ctx, { value: xv }).value, 'y');
      const masks = makeDropoutFeeds(ctx.dropout!, { B }, new Rng(2), 'float64');
      const feeds: Record<string, TensorData> = { x: tensor('float64', [B, T, F], x), ...masks };
      specs.forEach((s, i) => (feeds[`w_${s.name}`] = tensor('float64', s.shape, w[i])));
      const got = await run(g, feeds);
      const m = masks[`dropout.${layer.name}.input`].data as Float64Array;
      const xm = x.map((v, k) => v * m[Math.floor(k / (T * F)) * F + (k % F)]);
      const want = ref.recurrent(kind, { units: H, returnSequences: true }, specs.map((s, i) => ref.tensor(s.shape, w[i])), ref.tensor([B, T, F], xm)).output;
      got.forEach((v, i) => assert.ok(Math.abs(v - want.data[i]) < 1e-12, `[${i}] ${v} vs ${want.data[i]}`));
    });
  }

  for (const kind of ['SimpleRNN', 'LSTM', 'GRU'] as Kind[]) {
    it(`${kind} with dropout + recurrent_dropout: gradients with fixed masks match finite differences (float64)`, async () => {
      resetNames();
      const layer = make(kind, H, { dropout: 0.3, recurrent_dropout: 0.4, return_sequences: true, reset_after: kind === 'GRU' ? true : undefined });
      const specs = layer.params(['T', F]);
      const masks = makeDropoutFeeds(
        [
          { name: 'in', shape: [2, F], rate: 0.3 },
          { name: 'rec', shape: [2, H], rate: 0.4 },
        ],
        {},
        new Rng(4),
        'float64',
      );
      await expectGrad({
        name: `${kind} dropout`,
        inputs: [
          ...specs.map((s, i) => ({ dims: s.shape, data: uniform(numel(s.shape), 40 + i, -0.8, 0.8) })),
          { dims: [2, 3, F], decl: ['B', 'T', F] },
          { dims: [2, F], data: Array.from(masks.in.data as Float64Array), wrt: false },
          { dims: [2, H], data: Array.from(masks.rec.data as Float64Array), wrt: false },
        ],
        build: (g, xs) => {
          const n = specs.length;
          const preset: DropoutInput[] = [
            { name: `dropout.${layer.name}.input`, shape: [2, F], rate: 0.3, value: xs[n + 1] },
            { name: `dropout.${layer.name}.recurrent`, shape: [2, H], rate: 0.4, value: xs[n + 2] },
          ];
          return layer.apply(ctxFor(g, layer, F, xs.slice(0, n), true, preset), { value: xs[n] }).value;
        },
      });
    });
  }

  it('Dropout layer: x⊙mask in training (a fresh value at every step), identity at inference', async () => {
    resetNames();
    const layer = new Dropout(0.5);
    for (const training of [true, false]) {
      const g = new Graph('d', 'float64');
      const xv = g.input('x', 'float64', ['B', 'T', F]);
      const ctx = ctxFor(g, layer, F, [], training);
      g.output(layer.apply(ctx, { value: xv }).value, 'y');
      const x = uniform(B * T * F, 50);
      const masks = makeDropoutFeeds(ctx.dropout!, { B, T }, new Rng(9), 'float64');
      const got = await run(g, { x: tensor('float64', [B, T, F], x), ...masks });
      if (!training) {
        assert.strictEqual(ctx.dropout!.length, 0);
        assert.deepStrictEqual(got, x);
        continue;
      }
      const m = masks[`dropout.${layer.name}`].data as Float64Array;
      got.forEach((v, i) => assert.strictEqual(v, x[i] * m[i]));
    }
  });
});
