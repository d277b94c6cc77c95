// Layers: Keras semantics against the float64 reference oracle (src/engine/reference), and
// gradient checks of every layer's parameters by central differences.
import * as assert from 'assert';
import { Graph, encodeModel, Value } from '../../../src/engine/graph';
import { Bidirectional, BuildContext, Dense, Embedding, GRU, Layer, LSTM, Masking, RepeatVector, RNNOptions, SimpleRNN, TimeDistributed, resetNames } from '../../../src/engine/layers';
import * as ref from '../../oracles';
import { tensor, toNumbers } from '../../../src/engine/runtime';
import { expectGrad, runtime, uniform } from './helpers/gradcheck';

function ctxFor(g: Graph, layer: Layer, values: Value[], lowering: 'scan' | 'unrolled' = 'scan', T?: number): BuildContext {
  return {
    g,
    param: (l, name) => {
      const i = layer.params(['T', 0]).findIndex((p) => p.name === name);
      void l;
      return values[i];
    },
    lowering,
    T,
    training: true,
    recurrences: [],
  };
}

type Kind = 'SimpleRNN' | 'LSTM' | 'GRU';
function makeRnn(kind: Kind, H: number, o: RNNOptions): SimpleRNN | LSTM | GRU {
  return kind === 'SimpleRNN' ? new SimpleRNN(H, o) : kind === 'LSTM' ? new LSTM(H, o) : new GRU(H, o);
}

describe('layers: Keras semantics vs the reference oracle (float64)', function () {
  this.timeout(120000);
  const B = 3;
  const T = 5;
  const F = 4;
  const H = 3;
  const variants: { label: string; kind: Kind; o: RNNOptions; mask?: boolean }[] = [];
  for (const kind of ['SimpleRNN', 'LSTM', 'GRU'] as Kind[]) {
    variants.push({ label: `${kind} last state`, kind, o: {} });
    variants.push({ label: `${kind} return_sequences`, kind, o: { return_sequences: true } });
    variants.push({ label: `${kind} go_backwards + return_sequences`, kind, o: { return_sequences: true, go_backwards: true } });
    variants.push({ label: `${kind} masked (post-padding) + return_sequences`, kind, o: { return_sequences: true }, mask: true });
    variants.push({ label: `${kind} masked, go_backwards`, kind, o: { go_backwards: true }, mask: true });
  }
  variants.push({ label: 'GRU reset_after=False', kind: 'GRU', o: { reset_after: false, return_sequences: true } });
  variants.push({ label: 'LSTM relu activation, hard_sigmoid recurrent', kind: 'LSTM', o: { activation: 'relu', recurrent_activation: 'hard_sigmoid' } });
  variants.push({ label: 'SimpleRNN without bias', kind: 'SimpleRNN', o: { use_bias: false } });

  for (const v of variants) {
    for (const lowering of ['scan', 'unrolled'] as const) {
      it(`${v.label} (${lowering})`, async () => {
        const layer = makeRnn(v.kind, H, v.o);
        const specs = layer.params(['T', F]);
        const weights = specs.map((s, i) => uniform(s.shape.reduce((a, b) => a * b, 1), 50 + i, -0.6, 0.6));
        const x = uniform(B * T * F, 9, -1, 1);
        const lens = [5, 3, 1];
        const maskData = Array.from({ length: B * T }, (_, k) => (Math.floor(k / T) < B && k % T < lens[Math.floor(k / T)] ? 1 : 0));

        const g = new Graph('ref', 'float64');
        const ws = specs.map((s) => g.input(`w_${s.name}`, 'float64', s.shape));
        const xv = g.input('x', 'float64', ['B', lowering === 'scan' ? 'T' : T, F]);
        const mv = v.mask ? g.input('m', 'float64', ['B', lowering === 'scan' ? 'T' : T]) : undefined;
        const out = layer.apply(ctxFor(g, layer, ws, lowering, T), { value: xv, mask: mv });
        g.output(out.value, 'y');
        const { session } = await runtime().createSession(encodeModel(g));
        const feeds: Record<string, ReturnType<typeof tensor>> = { x: tensor('float64', [B, T, F], x) };
        specs.forEach((s, i) => (feeds[`w_${s.name}`] = tensor('float64', s.shape, weights[i])));
        if (v.mask) feeds.m = tensor('float64', [B, T], maskData);
        const got = toNumbers((await session.run(feeds)).y);
        await session.dispose();

        const cfg: ref.RecurrentConfig = {
          units: H,
          activation: v.o.activation,
          recurrentActivation: v.o.recurrent_activation,
          useBias: v.o.use_bias,
          resetAfter: v.o.reset_after,
          returnSequences: v.o.return_sequences,
          goBackwards: v.o.go_backwards,
        };
        const want = ref.recurrent(
          v.kind,
          cfg,
          specs.map((s, i) => ref.tensor(s.shape, weights[i])),
          ref.tensor([B, T, F], x),
          { mask: v.mask ? ref.tensor([B, T], maskData) : null },
        ).output;
        assert.strictEqual(got.length, want.data.length);
        got.forEach((a, i) => assert.ok(Math.abs(a - want.data[i]) < 1e-10, `[${i}] ours ${a} vs reference ${want.data[i]}`));
      });
    }
  }
});

describe('layers: gradient checks of parameters (float64, Scan lowering)', function () {
  this.timeout(120000);
  const B = 2;
  const T = 3;
  const F = 2;
  const H = 2;
  for (const kind of ['SimpleRNN', 'LSTM', 'GRU'] as Kind[]) {
    for (const masked of [false, true]) {
      it(`${kind}${masked ? ' with mask' : ''}: kernel, recurrent kernel, bias, and x`, async () => {
        const layer = makeRnn(kind, H, { return_sequences: true });
        const specs = layer.params(['T', F]);
        const mask = [1, 1, 1, 1, 0, 0];
        await expectGrad({
          name: `${kind} params`,
          inputs: [
            ...specs.map((s, i) => ({ dims: s.shape, data: uniform(s.shape.reduce((a, b) => a * b, 1), 70 + i, -0.8, 0.8) })),
            { dims: [B, T, F], decl: ['B', 'T', F] },
            ...(masked ? [{ dims: [B, T], decl: ['B', 'T'], data: mask, wrt: false }] : []),
          ],
          build: (g, xs) => {
            const ws = xs.slice(0, specs.length);
            const x = xs[specs.length];
            const m = masked ? xs[specs.length + 1] : undefined;
            return layer.apply(ctxFor(g, layer, ws), { value: x, mask: m }).value;
          },
        });
      });
    }
  }
  it('Dense with softmax on [B, T, F] (TimeDistributed semantics)', async () => {
    const layer = new Dense(3, { activation: 'softmax' });
    await expectGrad({
      name: 'dense',
      inputs: [{ dims: [2, 3] }, { dims: [3] }, { dims: [2, 2, 2] }],
      build: (g, [W, b, x]) => layer.apply(ctxFor(g, layer, [W, b]), { value: x }).value,
    });
  });
  it('Embedding(mask_zero) → LSTM: gradient reaches only the rows used', async () => {
    const emb = new Embedding(5, 2, { mask_zero: true });
    const lstm = new LSTM(2);
    const lspecs = lstm.params(['T', 2]);
    await expectGrad({
      name: 'embedding lstm',
      inputs: [
        { dims: [5, 2] },
        ...lspecs.map((s, i) => ({ dims: s.shape, data: uniform(s.shape.reduce((a, b) => a * b, 1), 90 + i, -0.8, 0.8) })),
        { dims: [2, 4], decl: ['B', 'T'], int: true, data: [3, 1, 0, 0, 2, 2, 4, 0] },
      ],
      build: (g, xs) => {
        const f = emb.apply(ctxFor(g, emb, [xs[0]]), { value: xs[xs.length - 1] });
        return lstm.apply(ctxFor(g, lstm, xs.slice(1, 1 + lspecs.length)), f).value;
      },
    });
  });
  it('Masking layer zeroes masked steps and passes the mask on', async () => {
    const masking = new Masking(0);
    const rnn = new SimpleRNN(2);
    const specs = rnn.params(['T', 2]);
    await expectGrad({
      name: 'masking',
      inputs: [...specs.map((s, i) => ({ dims: s.shape, data: uniform(s.shape.reduce((a, b) => a * b, 1), 30 + i) })), { dims: [1, 3, 2], data: [0.5, -0.2, 0, 0, 0.3, 0.9], wrt: false }],
      build: (g, xs) => {
        const f = masking.apply(ctxFor(g, masking, []), { value: xs[xs.length - 1] });
        return rnn.apply(ctxFor(g, rnn, xs.slice(0, specs.length)), f).value;
      },
    });
  });
});

describe('layers: wrappers', function () {
  this.timeout(120000);
  const B = 3;
  const T = 5;
  const F = 2;
  const H = 2;
  const lens = [5, 3, 2];
  const maskData = Array.from({ length: B * T }, (_, k) => (k % T < lens[Math.floor(k / T)] ? 1 : 0));
  for (const kind of ['SimpleRNN', 'LSTM', 'GRU'] as Kind[]) {
    for (const merge of ['concat', 'sum', 'mul', 'ave'] as const) {
      for (const seq of [true, false]) {
        it(`Bidirectional(${kind}, ${merge}${seq ? ', return_sequences' : ''}, masked) equals the reference`, async () => {
          resetNames();
          const layer = new Bidirectional(makeRnn(kind, H, { return_sequences: seq }), merge);
          const specs = layer.params(['T', F]);
          const weights = specs.map((s, i) => uniform(s.shape.reduce((a, b) => a * b, 1), 20 + i, -0.7, 0.7));
          const x = uniform(B * T * F, 4);
          const g = new Graph('bi', 'float64');
          const ws = specs.map((s) => g.input(`w_${s.name.replace('/', '_')}`, 'float64', s.shape));
          const xv = g.input('x', 'float64', ['B', 'T', F]);
          const mv = g.input('m', 'float64', ['B', 'T']);
          const ctx = ctxFor(g, layer, ws);
          ctx.param = (_l, n) => ws[specs.findIndex((s) => s.name === n)];
          g.output(layer.apply(ctx, { value: xv, mask: mv }).value, 'y');
          const { session } = await runtime().createSession(encodeModel(g));
          const feeds: Record<string, ReturnType<typeof tensor>> = { x: tensor('float64', [B, T, F], x), m: tensor('float64', [B, T], maskData) };
          specs.forEach((s, i) => (feeds[`w_${s.name.replace('/', '_')}`] = tensor('float64', s.shape, weights[i])));
          const got = toNumbers((await session.run(feeds)).y);
          await session.dispose();
          const want = ref.bidirectional(kind, { units: H, returnSequences: seq }, specs.map((s, i) => ref.tensor(s.shape, weights[i])), ref.tensor([B, T, F], x), { mask: ref.tensor([B, T], maskData) }, { mergeMode: merge }).output as ref.Tensor;
          assert.strictEqual(got.length, want.data.length);
          got.forEach((a, i) => assert.ok(Math.abs(a - want.data[i]) < 1e-10, `[${i}] ${a} vs ${want.data[i]}`));
        });
      }
    }
  }
  it('Bidirectional(LSTM) gradients match finite differences, masked, with both directions\' telemetry', async () => {
    resetNames();
    const layer = new Bidirectional(new LSTM(2, { return_sequences: true }));
    const specs = layer.params(['T', 2]);
    await expectGrad({
      name: 'bilstm',
      inputs: [...specs.map((s, i) => ({ dims: s.shape, data: uniform(s.shape.reduce((a, b) => a * b, 1), 40 + i, -0.8, 0.8) })), { dims: [2, 3, 2], decl: ['B', 'T', 2] }, { dims: [2, 3], decl: ['B', 'T'], data: [1, 1, 1, 1, 1, 0], wrt: false }],
      build: (g, xs) => {
        const ctx = ctxFor(g, layer, xs);
        ctx.param = (_l, n) => xs[specs.findIndex((s) => s.name === n)];
        const y = layer.apply(ctx, { value: xs[specs.length], mask: xs[specs.length + 1] }).value;
        assert.deepStrictEqual(ctx.recurrences.map((r) => `${r.layer}.${r.direction}`), [`${layer.name}.forward`, `${layer.name}.backward`]);
        return y;
      },
    });
  });
  it('RepeatVector and TimeDistributed(Dense) gradients', async () => {
    resetNames();
    const rep = new RepeatVector(3);
    const td = new TimeDistributed(new Dense(2, { activation: 'tanh' }));
    await expectGrad({
      name: 'repeat td',
      inputs: [{ dims: [2, 2] }, { dims: [2] }, { dims: [2, 2], decl: ['B', 2] }],
      build: (g, [W, b, x]) => {
        const r = rep.apply(ctxFor(g, rep, []), { value: x });
        const ctx = ctxFor(g, td, [W, b]);
        ctx.param = (_l, n) => (n === 'kernel' ? W : b);
        return td.apply(ctx, r).value;
      },
    });
  });
});
