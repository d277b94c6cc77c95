// Functional API: Input / calling layers / Model with several inputs and outputs, return_state
// and initial_state, checked against the float64 reference oracle composed by hand, by finite
// differences, and by a tiny seq2seq that learns to reverse digit sequences.
import * as assert from 'assert';
import { Graph, TensorData, Value } from '../../../src/engine/graph';
import { Bidirectional, BuildContext, Dense, Embedding, LSTM, GRU, Sequential, TimeDistributed, resetNames } from '../../../src/engine/layers';
import { call, callAll, Input, Model, SymbolicTensor } from '../../../src/engine/model';
import * as ref from '../../oracles';
import { tensor, toNumbers } from '../../../src/engine/runtime';
import { buildPredict, buildTrainStep } from '../../../src/engine/train/step';
import { Rng } from '../../../src/engine/util/rng';
import { expectGrad, runtime, uniform } from './helpers/gradcheck';

const numel = (s: number[]) => s.reduce((a, b) => a * b, 1);
const one = (s: SymbolicTensor | SymbolicTensor[]) => s as SymbolicTensor;
const many = (s: SymbolicTensor | SymbolicTensor[]) => s as SymbolicTensor[];

async function runPredict(model: Model, feeds: Record<string, TensorData>, weights: Map<string, number[]>): Promise<number[][]> {
  const pg = buildPredict(model, model.inputSpecs[0], { dtype: 'float64' });
  for (const e of model.paramEntries()) feeds[e.key] = tensor('float64', e.spec.shape, weights.get(e.key)!);
  const { session } = await runtime().createSession(pg.encode());
  try {
    const out = await session.run(feeds, pg.outputs);
    return pg.outputs.map((n) => toNumbers(out[n]));
  } finally {
    await session.dispose();
  }
}

function randomWeights(model: Model, seed: number): Map<string, number[]> {
  const w = new Map<string, number[]>();
  model.paramEntries().forEach((e, i) => w.set(e.key, uniform(numel(e.spec.shape), seed + i, -0.6, 0.6)));
  return w;
}
const refW = (model: Model, w: Map<string, number[]>, layer: string) =>
  model
    .paramEntries()
    .filter((e) => e.layer.name === layer)
    .map((e) => ref.tensor(e.spec.shape, w.get(e.key)));

function close(got: number[], want: ArrayLike<number>, what: string, tol = 1e-10) {
  assert.strictEqual(got.length, want.length, `${what}: size`);
  got.forEach((v, i) => assert.ok(Math.abs(v - want[i]) < tol, `${what}[${i}]: ${v} vs ${want[i]}`));
}

/** Encoder LSTM (return_state) → decoder LSTM (initial_state, teacher forcing) → TimeDistributed(Dense softmax). */
function encoderDecoder(F: number, H: number, C: number) {
  const enc = Input([null, F], { name: 'enc' });
  const dec = Input([null, F], { name: 'dec' });
  const [, h, c] = many(call(new LSTM(H, { return_state: true, name: 'encoder' }), enc));
  const seq = one(call(new LSTM(H, { return_sequences: true, name: 'decoder' }), dec, { initial_state: [h, c] }));
  const probs = one(call(new TimeDistributed(new Dense(C, { activation: 'softmax', name: 'proj' }), 'td'), seq));
  return new Model([enc, dec], probs, 'seq2seq');
}

describe('functional API', function () {
  this.timeout(120000);
  beforeEach(() => {
    resetNames();
  });
  const B = 3;
  const F = 3;
  const H = 4;
  const C = 5;

  it('symbolic shapes: return_state gives [output, h, c]; Model orders calls and names parameters like Sequential', () => {
    const m = encoderDecoder(F, H, C);
    assert.deepStrictEqual(m.outputs[0].shape, ['T_dec', C]);
    assert.deepStrictEqual(m.layers.map((l) => l.name), ['encoder', 'decoder', 'td']);
    assert.deepStrictEqual(m.paramEntries().map((e) => `${e.key} [${e.spec.shape}]`), ['encoder.kernel [3,16]', 'encoder.recurrent_kernel [4,16]', 'encoder.bias [16]', 'decoder.kernel [3,16]', 'decoder.recurrent_kernel [4,16]', 'decoder.bias [16]', 'td.kernel [4,5]', 'td.bias [5]']);
    const x = Input([null, F]);
    assert.throws(() => call(new LSTM(H), x, { initial_state: [x] }), /initial_state needs 2/);
    assert.throws(() => new Model(x, m.outputs[0]), /not among the model's inputs/);
  });

  it('encoder-decoder forward equals the reference oracle composed by hand (float64)', async () => {
    const m = encoderDecoder(F, H, C);
    const w = randomWeights(m, 10);
    const [T1, T2] = [5, 4];
    const xe = uniform(B * T1 * F, 1);
    const xd = uniform(B * T2 * F, 2);
    const [got] = await runPredict(m, { 'x.enc': tensor('float64', [B, T1, F], xe), 'x.dec': tensor('float64', [B, T2, F], xd) }, w);
    const e = ref.lstm({ units: H, returnState: true }, refW(m, w, 'encoder'), ref.tensor([B, T1, F], xe));
    const d = ref.lstm({ units: H, returnSequences: true }, refW(m, w, 'decoder'), ref.tensor([B, T2, F], xd), { initialState: e.states });
    const want = ref.timeDistributedDense({ units: C, activation: 'softmax' }, refW(m, w, 'td'), d.output);
    close(got, want.data, 'probs');
  });

  it('several outputs, Bidirectional return_state (four states) and a GRU fed the backward h state', async () => {
    const x = Input([null, F], { name: 'x' });
    const [y, hf, cf, hb, cb] = many(call(new Bidirectional(new LSTM(H, { return_state: true, return_sequences: true }), 'sum', 'bi'), x));
    const g = one(call(new GRU(H, { name: 'g' }), y, { initial_state: [hb] }));
    const m = new Model(x, [y, hf, cf, hb, cb, g]);
    const w = randomWeights(m, 30);
    const T = 4;
    const xs = uniform(B * T * F, 3);
    const got = await runPredict(m, { x: tensor('float64', [B, T, F], xs) }, w);
    const bi = ref.bidirectional('LSTM', { units: H, returnSequences: true }, refW(m, w, 'bi'), ref.tensor([B, T, F], xs), {}, { mergeMode: 'sum' });
    close(got[0], (bi.output as ref.Tensor).data, 'merged sequence');
    bi.states.forEach((s, k) => close(got[1 + k], s.data, `state ${k}`));
    const gr = ref.gru({ units: H }, refW(m, w, 'g'), bi.output as ref.Tensor, { initialState: [bi.states[2]] });
    close(got[5], gr.output.data, 'GRU from h_backward');
  });

  it('Bidirectional merge_mode None returns the two directions apart (vs the float64 reference)', async () => {
    const x = Input([null, F], { name: 'x' });
    const [fwd, bwd, hf, hb] = many(call(new Bidirectional(new GRU(H, { return_sequences: true, return_state: true }), 'none', 'bi'), x));
    assert.deepEqual(bwd.shape, fwd.shape);
    assert.equal(fwd.shape[fwd.shape.length - 1], H, 'each direction keeps its own H (no concat)');
    assert.deepEqual([hf.shape, hb.shape], [[H], [H]]);
    const m = new Model(x, [fwd, bwd, hf, hb]);
    const w = randomWeights(m, 40);
    const T = 5;
    const xs = uniform(B * T * F, 4);
    const got = await runPredict(m, { x: tensor('float64', [B, T, F], xs) }, w);
    const bi = ref.bidirectional('GRU', { units: H, returnSequences: true }, refW(m, w, 'bi'), ref.tensor([B, T, F], xs), {}, { mergeMode: null });
    const [wantF, wantB] = bi.output as ref.Tensor[];
    close(got[0], wantF.data, 'forward sequence');
    close(got[1], wantB.data, 'backward sequence');
    bi.states.forEach((st, k) => close(got[2 + k], st.data, `state ${k}`));
    resetNames();
    const sequential = new Sequential().add(new Bidirectional(new GRU(H), 'none'));
    assert.throws(() => buildPredict(sequential, { shape: ['T', F], dtype: 'float' }), /merge_mode=None gives two tensors/);
  });

  it('a layer called twice shares its parameters and records its recurrences apart', () => {
    const a = Input([null, F], { name: 'a' });
    const b = Input([null, F], { name: 'b' });
    const shared = new LSTM(H, { name: 'shared' });
    const m = new Model([a, b], [one(call(shared, a)), one(call(shared, b))]);
    assert.strictEqual(m.paramEntries().length, 3);
    const sg = buildTrainStep(m, m.inputSpecs[0], [{ shape: [H], dtype: 'float' }, { shape: [H], dtype: 'float' }], { loss: 'mse', optimizer: 'sgd' });
    assert.deepStrictEqual(sg.inputs.xs, ['x.a', 'x.b']);
    const g = new Graph('shared', 'float32');
    const ps = new Map(m.paramEntries().map((e) => [e.key, g.input(e.key, 'float32', e.spec.shape)]));
    const ctx: BuildContext = { g, param: (l, p) => ps.get(`${l}.${p}`)!, lowering: 'scan', training: false, recurrences: [] };
    m.forwardAll(ctx, [{ value: g.input('a', 'float32', ['B', 'T', F]) }, { value: g.input('b', 'float32', ['B', 'T', F]) }]);
    assert.deepStrictEqual(ctx.recurrences.map((r) => r.layer), ['shared', 'shared_call1']);
  });

  it('encoder-decoder gradients (encoder, decoder, projection, both inputs) match finite differences (float64)', async () => {
    const m = encoderDecoder(2, 2, 3);
    const entries = m.paramEntries();
    await expectGrad({
      name: 'seq2seq',
      inputs: [...entries.map((e, i) => ({ dims: e.spec.shape, data: uniform(numel(e.spec.shape), 60 + i, -0.8, 0.8) })), { dims: [2, 3, 2], decl: ['B', 'T1', 2] }, { dims: [2, 2, 2], decl: ['B', 'T2', 2] }],
      build: (g: Graph, xs: Value[]) => {
        const n = entries.length;
        const ctx: BuildContext = { g, param: (l, p) => xs[entries.findIndex((e) => e.key === `${l}.${p}`)], lowering: 'scan', training: true, recurrences: [] };
        return m.forwardAll(ctx, [{ value: xs[n] }, { value: xs[n + 1] }])[0].value;
      },
    });
  });

  it('seq2seq (Embedding → LSTM encoder → LSTM decoder with teacher forcing) learns to reverse 4-digit sequences', async function () {
    // Digits 1..6, GO = 7; target = the reversed source. Chance per token is 1/6.
    const L = 4;
    const V = 8;
    const GO = 7;
    const N = 64;
    const encIn = Input([L], { name: 'src', dtype: 'int64' });
    const decIn = Input([L], { name: 'tgt_in', dtype: 'int64' });
    const [, h, c] = many(call(new LSTM(32, { return_state: true, name: 'encoder' }), one(call(new Embedding(V, 8, { name: 'emb_src' }), encIn))));
    const seq = one(call(new LSTM(32, { return_sequences: true, name: 'decoder' }), one(call(new Embedding(V, 8, { name: 'emb_tgt' }), decIn)), { initial_state: [h, c] }));
    const probs = one(call(new TimeDistributed(new Dense(V, { activation: 'softmax' }), 'proj'), seq));
    const m = new Model([encIn, decIn], probs, 'reverser');
    const sg = buildTrainStep(m, m.inputSpecs[0], { shape: [L], dtype: 'int64' }, { loss: 'sparse_categorical_crossentropy', optimizer: { name: 'adam', learning_rate: 0.02 }, metrics: ['accuracy'] });
    const { session } = await runtime().createSession(sg.encode());
    const init = m.initParams(undefined, new Rng(1));
    const params = new Map<string, TensorData>();
    for (const p of sg.params) params.set(p.key, tensor('float32', p.shape, init.get(p.key)!));
    const slots = new Map<string, TensorData>();
    for (const s of sg.slots) slots.set(s.input, tensor('float32', s.shape, new Float32Array(numel(s.shape)).fill(s.init)));
    const rng = new Rng(2);
    const batch = () => {
      const src: number[] = [];
      const tin: number[] = [];
      const tout: number[] = [];
      for (let n = 0; n < N; n++) {
        const s = Array.from({ length: L }, () => rng.int(1, GO));
        const r = s.slice().reverse();
        src.push(...s);
        tout.push(...r);
        tin.push(GO, ...r.slice(0, L - 1)); // teacher forcing: the previous target token
      }
      return { src: tensor('int64', [N, L], src), tin: tensor('int64', [N, L], tin), tout: tensor('int64', [N, L], tout) };
    };
    const started = Date.now();
    let acc = 0;
    const accs: number[] = [];
    for (let step = 1; step <= 400 && Date.now() - started < 20000; step++) {
      const b = batch();
      const feeds: Record<string, TensorData> = { 'x.src': b.src, 'x.tgt_in': b.tin, y: b.tout, step: tensor('float32', [], [step]), lr: tensor('float32', [], [0.02]) };
      for (const [k, v] of params) feeds[k] = v;
      for (const [k, v] of slots) feeds[k] = v;
      const out = await session.run(feeds);
      for (const p of sg.params) params.set(p.key, out[p.output]);
      for (const s of sg.slots) slots.set(s.input, out[s.output]);
      accs.push(toNumbers(out[sg.metrics.accuracy])[0]);
      acc = accs.slice(-10).reduce((a, v) => a + v, 0) / Math.min(10, accs.length);
      if (accs.length >= 10 && acc > 0.9) break;
    }
    await session.dispose();
    if (process.env.UNROLL_VERBOSE) console.log(`seq2seq: accuracy ${acc.toFixed(3)} after ${accs.length} steps, ${Date.now() - started} ms`);
    assert.ok(acc > 0.6, `token accuracy ${acc.toFixed(3)} after ${accs.length} steps (chance 0.167)`);
  });

  it('callAll always gives a list; an integer input reaches only Embedding', () => {
    const ids = Input([null], { dtype: 'int64' });
    assert.throws(() => call(new LSTM(2), ids), /only Embedding/);
    assert.strictEqual(callAll(new Embedding(5, 2), ids).length, 1);
  });
});
