// Merge layers (Concatenate, Add, Multiply, Average, Dot) against TensorFlow.js with identical
// inputs, attention layers (Attention, AdditiveAttention) against the float64 reference written
// from Keras's formulas (TF.js has neither), and every one's gradient against finite differences.
import * as assert from 'assert';
import { encodeModel, Graph, type TensorData, type Value } from '../../../src/engine/graph';
import * as op from '../../../src/engine/ops';
import { Add, AdditiveAttention, Attention, Average, BuildContext, Concatenate, Dot, Layer, Masking, Multiply, resetNames } from '../../../src/engine/layers';
import { call, callAll, Input, Model, SymbolicTensor } from '../../../src/engine/model';
import { tensor, toNumbers } from '../../../src/engine/runtime';
import { buildPredict, buildTrainStep } from '../../../src/engine/train/step';
import * as ref from '../../oracles';
import { runTfjs, tf, useTfjsCpu } from '../../oracles/tfjs';
import { expectGrad, runtime, uniform } from './helpers/gradcheck';

const B = 2;
const numel = (s: number[]) => s.reduce((a, b) => a * b, 1);

interface Fed {
  shape: number[];
  data: number[];
}
const fed = (shape: number[], seed: number): Fed => ({ shape, data: uniform(numel(shape), seed) });

/** Runs a functional model's inference graph (float64) with the given weights; every output. */
async function runOurs(model: Model, xs: Fed[], weights: Map<string, number[]> = new Map()): Promise<number[][]> {
  const pg = buildPredict(model, model.inputSpecs[0], { dtype: 'float64' });
  const names = model.inputNodes.length === 1 ? ['x'] : model.inputNodes.map((n) => `x.${n.name}`);
  const feeds: Record<string, TensorData> = {};
  xs.forEach((x, i) => (feeds[names[i]] = tensor('float64', x.shape, x.data)));
  for (const e of model.paramEntries()) feeds[e.key] = tensor('float64', e.spec.shape, weights.get(e.key)!);
  const { session } = await runtime().createSession(pg.encode());
  try {
    const out = await session.run(feeds, pg.outputs);
    return pg.outputs.map((n) => toNumbers(out[n]));
  } finally {
    await session.dispose();
  }
}

function close(got: number[], want: ArrayLike<number>, what: string, tol: number): void {
  assert.strictEqual(got.length, want.length, `${what}: size`);
  let worst = 0;
  got.forEach((v, i) => (worst = Math.max(worst, Math.abs(v - want[i]))));
  assert.ok(worst <= tol, `${what}: max |ours − reference| = ${worst} > ${tol}`);
}

/** Our layer on the inputs vs the TF.js layer on the same inputs (float32 there: 1e-5). */
async function versusTfjs(ours: Layer, theirs: tf.layers.Layer, xs: Fed[]): Promise<void> {
  resetNames();
  const ins = xs.map((x, i) => Input(x.shape.slice(1), { name: `in${i}` }));
  const out = call(ours, ins) as SymbolicTensor;
  const model = new Model(ins, out);
  const [got] = await runOurs(model, xs);
  const [want] = await runTfjs({ inputs: xs.map((x) => ({ value: ref.tensor(x.shape, x.data) })), build: (sym) => theirs.apply(sym) as tf.SymbolicTensor });
  assert.deepStrictEqual(['B', ...out.shape].slice(1), want.shape.slice(1), `${ours.kind}: symbolic shape`);
  close(got, want.data, ours.kind, 1e-5);
}

describe('merge layers vs TensorFlow.js', function () {
  this.timeout(120000);
  before(async () => useTfjsCpu());

  it('Concatenate(axis=-1) of [B,T,3] and [B,T,2]', () => versusTfjs(new Concatenate(), tf.layers.concatenate({ axis: -1 }), [fed([B, 4, 3], 1), fed([B, 4, 2], 2)]));
  it('Concatenate(axis=1) joins along time', () => versusTfjs(new Concatenate(1), tf.layers.concatenate({ axis: 1 }), [fed([B, 2, 3], 3), fed([B, 4, 3], 4)]));
  it('Add of three tensors', () => versusTfjs(new Add(), tf.layers.add({}), [fed([B, 3, 4], 5), fed([B, 3, 4], 6), fed([B, 3, 4], 7)]));
  it('Multiply', () => versusTfjs(new Multiply(), tf.layers.multiply({}), [fed([B, 3, 4], 8), fed([B, 3, 4], 9)]));
  it('Average', () => versusTfjs(new Average(), tf.layers.average({}), [fed([B, 5], 10), fed([B, 5], 11)]));
  it('Dot(axes=1) of two vectors gives [B, 1]', () => versusTfjs(new Dot(1), tf.layers.dot({ axes: 1 }), [fed([B, 5], 12), fed([B, 5], 13)]));
  it('Dot(axes=2) of sequences gives [B, Tq, Tv]', () => versusTfjs(new Dot(2), tf.layers.dot({ axes: 2 }), [fed([B, 3, 4], 14), fed([B, 5, 4], 15)]));
  it('Dot(axes=(1, 1)) sums over time', () => versusTfjs(new Dot([1, 1]), tf.layers.dot({ axes: [1, 1] }), [fed([B, 3, 4], 16), fed([B, 3, 2], 17)]));
  it('Dot(axes=(2, 1)) is a batched matrix product', () => versusTfjs(new Dot([2, 1]), tf.layers.dot({ axes: [2, 1] }), [fed([B, 3, 4], 18), fed([B, 4, 2], 19)]));
  it('Dot(axes=-1, normalize=True) is the cosine similarity', () => versusTfjs(new Dot(-1, true), tf.layers.dot({ axes: -1, normalize: true }), [fed([B, 3, 4], 20), fed([B, 5, 4], 21)]));

  it('Dot of a vector and a sequence (axes=(1, 2)) gives [B, T]', async () => {
    resetNames();
    const [a, b] = [fed([B, 4], 22), fed([B, 3, 4], 23)];
    const ins = [Input([4], { name: 'a' }), Input([3, 4], { name: 'b' })];
    const out = call(new Dot([1, 2]), ins) as SymbolicTensor;
    assert.deepStrictEqual(out.shape, [3]);
    const [got] = await runOurs(new Model(ins, out), [a, b]);
    const want: number[] = [];
    for (let n = 0; n < B; n++) for (let t = 0; t < 3; t++) want.push([0, 1, 2, 3].reduce((s, f) => s + a.data[n * 4 + f] * b.data[(n * 3 + t) * 4 + f], 0));
    close(got, want, 'Dot vector·sequence', 1e-12);
  });

  // TF.js's Dot stops at rank 3: Keras's batch_dot by its definition, in float64 loops.
  for (const [axes, sa, sb] of [[[3, 2], [B, 2, 3, 4], [B, 5, 4]], [[1, 3], [B, 2, 3, 4], [B, 3, 5, 2]], [[1, 2], [B, 4], [B, 3, 4, 2]]] as [[number, number], number[], number[]][]) {
    it(`Dot(axes=(${axes.join(', ')})) of [${sa.join(', ')}] and [${sb.join(', ')}]: Keras's batch_dot (rank > 3)`, async () => {
      resetNames();
      const a = fed(sa, 30), b = fed(sb, 31);
      const ins = [Input(sa.slice(1), { name: 'a' }), Input(sb.slice(1), { name: 'b' })];
      const out = call(new Dot(axes), ins) as SymbolicTensor;
      const [got] = await runOurs(new Model(ins, out), [a, b]);
      // Index arithmetic over row-major arrays: out[n, a-axes but i…, b-axes but j…] = Σ_k a[…k…]·b[…k…].
      const [i, j] = axes;
      const restA = sa.map((_, d) => d).filter(d => d !== 0 && d !== i);
      const restB = sb.map((_, d) => d).filter(d => d !== 0 && d !== j);
      const outShape = [B, ...restA.map(d => sa[d]), ...restB.map(d => sb[d])];
      assert.deepStrictEqual(['B', ...out.shape], ['B', ...outShape.slice(1)], 'symbolic shape');
      const strides = (s: number[]) => s.map((_, d) => numel(s.slice(d + 1)));
      const [stA, stB, stO] = [strides(sa), strides(sb), strides(outShape)];
      const want = new Array<number>(numel(outShape)).fill(0);
      for (let o = 0; o < want.length; o++) {
        const idx = stO.map((st, d) => Math.floor(o / st) % outShape[d]);
        let offA = idx[0] * stA[0], offB = idx[0] * stB[0];
        restA.forEach((d, m) => (offA += idx[1 + m] * stA[d]));
        restB.forEach((d, m) => (offB += idx[1 + restA.length + m] * stB[d]));
        for (let k = 0; k < sa[i]; k++) want[o] += a.data[offA + k * stA[i]] * b.data[offB + k * stB[j]];
      }
      close(got, want, 'batch_dot', 1e-12);
    });
  }

  it('masks: Add keeps a step kept by every input; Concatenate(axis=1) joins the masks along time', async () => {
    const g = new Graph('masks', 'float64');
    const [a, b] = [g.input('a', 'float64', ['B', 3, 2]), g.input('b', 'float64', ['B', 2, 2])];
    const [ma, mc] = [g.input('ma', 'float64', ['B', 3]), g.input('mc', 'float64', ['B', 3])];
    const ctx: BuildContext = { g, param: () => { throw new Error('no parameters'); }, lowering: 'scan', training: false, recurrences: [] };
    g.output(new Add().applyAll(ctx, [{ value: a, mask: ma }, { value: a, mask: mc }])[0].mask!, 'and');
    g.output(new Concatenate(1).applyAll(ctx, [{ value: a, mask: ma }, { value: b }])[0].mask!, 'joined');
    const { session } = await runtime().createSession(encodeModel(g));
    try {
      const out = await session.run({ a: tensor('float64', [1, 3, 2], [1, 2, 3, 4, 5, 6]), b: tensor('float64', [1, 2, 2], [1, 2, 3, 4]), ma: tensor('float64', [1, 3], [1, 1, 0]), mc: tensor('float64', [1, 3], [0, 1, 1]) }, ['and', 'joined']);
      assert.deepStrictEqual(toNumbers(out.and), [0, 1, 0]);
      assert.deepStrictEqual(toNumbers(out.joined), [1, 1, 0, 1, 1]);
    } finally {
      await session.dispose();
    }
  });

  it('shape errors and list rules', () => {
    resetNames();
    const a = Input([4, 3]);
    const b = Input([4, 2]);
    assert.throws(() => call(new Add(), [a, b]), /Add: shapes \(None, 4, 3\), \(None, 4, 2\) cannot be broadcast/);
    assert.throws(() => call(new Concatenate(1), [a, b]), /differ on axis 2/);
    assert.throws(() => call(new Concatenate(0), [a, b]), /batch axis 0 cannot be merged/);
    assert.throws(() => call(new Add(), a), /takes a list of tensors/);
    assert.throws(() => call(new Add(), [a]), /at least 2 tensors/);
    assert.throws(() => call(new Dot(2), [a, b]), /summed axes have different sizes/);
    assert.throws(() => call(new Attention(), [a, b]), /query and key must have the same feature size/);
    assert.throws(() => call(new Attention(), [Input([3]), Input([3])]), /must be sequences/);
    assert.throws(() => call(new Add(), [a, a], { return_attention_scores: true }), /only for Attention/);
    assert.throws(() => call(new Add(), [a, a], { use_causal_mask: true }), /use_causal_mask is only for Attention/);
  });
});

type Kind = 'dot' | 'dot-scaled' | 'concat' | 'additive' | 'additive-unscaled';

function attentionLayer(kind: Kind): Attention | AdditiveAttention {
  switch (kind) {
    case 'dot': return new Attention(false, 'dot', 0, 'att');
    case 'dot-scaled': return new Attention(true, 'dot', 0, 'att');
    case 'concat': return new Attention(true, 'concat', 0, 'att');
    case 'additive': return new AdditiveAttention(true, 0, 'att');
    case 'additive-unscaled': return new AdditiveAttention(false, 0, 'att');
  }
}

function refOptions(kind: Kind, w: Map<string, number[]>): ref.AttentionRef {
  const scale = w.get('att.scale');
  if (kind === 'additive' || kind === 'additive-unscaled') return { mode: 'additive', scale };
  return { mode: kind === 'concat' ? 'concat' : 'dot', scale: scale?.[0], concatWeight: w.get('att.concat_score_weight')?.[0] };
}

/** Zeroes whole steps so Masking(0) masks them: `masked[b]` lists the steps of sample b. */
function withMaskedSteps(x: Fed, masked: number[][]): { x: Fed; mask: number[][] } {
  const [, T, F] = x.shape;
  const data = [...x.data];
  const mask = masked.map((steps) => Array.from({ length: T }, (_, t) => (steps.includes(t) ? 0 : 1)));
  masked.forEach((steps, b) => steps.forEach((t) => data.fill(0, (b * T + t) * F, (b * T + t + 1) * F)));
  return { x: { shape: x.shape, data }, mask };
}

describe('attention layers vs the float64 reference from the Keras formulas', function () {
  this.timeout(120000);
  const [Tq, Tv, D, Dv] = [3, 4, 5, 2];

  for (const kind of ['dot', 'dot-scaled', 'concat', 'additive', 'additive-unscaled'] as Kind[]) {
    for (const withKey of [false, true]) {
      it(`${kind}${withKey ? ' [query, value, key]' : ' [query, value]'} with return_attention_scores`, async () => {
        resetNames();
        const layer = attentionLayer(kind);
        const q = fed([B, Tq, D], 30);
        const v = withKey ? fed([B, Tv, Dv], 31) : fed([B, Tv, D], 31);
        const k = fed([B, Tv, D], 32);
        const ins = [Input([Tq, D], { name: 'q' }), Input([Tv, v.shape[2]], { name: 'v' }), ...(withKey ? [Input([Tv, D], { name: 'k' })] : [])];
        const outs = callAll(layer, ins, { return_attention_scores: true });
        assert.deepStrictEqual(outs.map((o) => o.shape), [[Tq, v.shape[2]], [Tq, Tv]]);
        const model = new Model(ins, outs);
        const w = new Map(model.paramEntries().map((e, i) => [e.key, uniform(numel(e.spec.shape), 40 + i, 0.3, 1.2)]));
        const [out, scores] = await runOurs(model, withKey ? [q, v, k] : [q, v], w);
        const want = attentionRef(ref.tensor(q.shape, q.data), ref.tensor(v.shape, v.data), withKey ? ref.tensor(k.shape, k.data) : undefined, refOptions(kind, w));
        close(out, want.output.data, 'output', 1e-12);
        close(scores, want.weights.data, 'scores', 1e-12);
      });
    }
  }

  for (const kind of ['dot-scaled', 'additive'] as Kind[]) {
    it(`${kind}: use_causal_mask lets query step i see value steps j <= i only, together with a value mask`, async () => {
      resetNames();
      const q = fed([B, 5, D], 70);
      const v = withMaskedSteps(fed([B, 4, D], 71), [[0], [2]]);
      const qIn = Input([null, D], { name: 'q' });
      const vIn = Input([null, D], { name: 'v' });
      const model = new Model([qIn, vIn], callAll(attentionLayer(kind), [qIn, call(new Masking(0), vIn) as SymbolicTensor], { return_attention_scores: true, use_causal_mask: true }));
      const w = new Map(model.paramEntries().map((e, i) => [e.key, uniform(numel(e.spec.shape), 72 + i, 0.3, 1.2)]));
      const [out, scores] = await runOurs(model, [q, v.x], w);
      const want = attentionRef(ref.tensor(q.shape, q.data), ref.tensor(v.x.shape, v.x.data), undefined, { ...refOptions(kind, w), valueMask: v.mask, causal: true });
      close(out, want.output.data, 'output', 1e-12);
      close(scores, want.weights.data, 'scores', 1e-12);
      assert.strictEqual(scores[(1 * 5 + 1) * 4 + 3], 0, 'query step 1 gives value step 3 no weight');
    });
  }

  it('dropout: a training step reads one [B, Tq, Tv] mask per attention layer, inference none', () => {
    resetNames();
    const q = Input([null, 4], { name: 'q' });
    const v = Input([null, 4], { name: 'v' });
    const out = call(new Concatenate(), [call(new Attention(false, 'dot', 0.5, 'luong'), [q, v]) as SymbolicTensor, call(new AdditiveAttention(true, 0.2, 'bahdanau'), [q, v]) as SymbolicTensor]) as SymbolicTensor;
    const model = new Model([q, v], out);
    const step = buildTrainStep(model, model.inputSpecs[0], { shape: ['T_q', 8], dtype: 'float' }, { loss: 'mse', optimizer: { name: 'sgd' } });
    assert.deepStrictEqual(step.dropout.map((d) => `${d.name} [${d.shape.join(', ')}] ${d.rate}`), ['dropout.luong [B, T_q, T_v] 0.5', 'dropout.bahdanau [B, T_q, T_v] 0.2']);
    assert.ok(!buildPredict(model, model.inputSpecs[0]).inputs.some((name) => name.startsWith('dropout.')));
  });

  it('parameters as Keras 3 builds them', () => {
    resetNames();
    const q = Input([3, 4]);
    const params = (l: Layer) => new Model(q, call(l, [q, q]) as SymbolicTensor).paramEntries().map((e) => `${e.spec.name} [${e.spec.shape}] ${e.spec.init as string}`);
    assert.deepStrictEqual(params(new Attention()), []);
    assert.deepStrictEqual(params(new Attention(true, 'concat')), ['scale [] ones', 'concat_score_weight [] ones']);
    assert.deepStrictEqual(params(new AdditiveAttention()), ['scale [4] glorot_uniform']);
    assert.deepStrictEqual(params(new AdditiveAttention(false)), []);
  });

  for (const kind of ['dot', 'additive'] as Kind[]) {
    it(`${kind}: a masked value step gets no weight, a masked query step outputs zeros`, async () => {
      resetNames();
      const q = withMaskedSteps(fed([B, Tq, D], 50), [[2], []]);
      const v = withMaskedSteps(fed([B, Tv, D], 51), [[3], [1, 2]]);
      const qIn = Input([Tq, D], { name: 'q' });
      const vIn = Input([Tv, D], { name: 'v' });
      const qm = call(new Masking(0), qIn) as SymbolicTensor;
      const vm = call(new Masking(0), vIn) as SymbolicTensor;
      const model = new Model([qIn, vIn], callAll(attentionLayer(kind), [qm, vm], { return_attention_scores: true }));
      const w = new Map(model.paramEntries().map((e, i) => [e.key, uniform(numel(e.spec.shape), 60 + i, 0.3, 1.2)]));
      const [out, scores] = await runOurs(model, [q.x, v.x], w);
      const want = attentionRef(ref.tensor(q.x.shape, q.x.data), ref.tensor(v.x.shape, v.x.data), undefined, { ...refOptions(kind, w), queryMask: q.mask, valueMask: v.mask });
      close(out, want.output.data, 'output', 1e-12);
      close(scores, want.weights.data, 'scores', 1e-12);
      assert.strictEqual(scores[(0 * Tq + 0) * Tv + 3], 0, 'masked value step has weight 0');
    });
  }
});

const attentionRef = ref.attentionRef;

describe('merge and attention gradients vs finite differences (float64)', function () {
  this.timeout(120000);

  /** Builds one call of `layer` in the check graph: inputs first, then its parameters; masks are fixed inputs. */
  function gradCase(name: string, layer: Layer, shapes: number[][], params: number[][], masks: { of: number; dims: number[]; data: number[] }[] = [], scoresToo = false, causal = false) {
    return expectGrad({
      name,
      inputs: [
        ...shapes.map((dims) => ({ dims })),
        ...params.map((dims, i) => ({ dims, data: uniform(numel(dims), 80 + i, 0.3, 1.2) })),
        ...masks.map((m) => ({ dims: m.dims, data: m.data, wrt: false })),
      ],
      build: (g: Graph, xs: Value[]) => {
        const n = shapes.length;
        const specs = layer.params(shapes[0].slice(1));
        const ctx: BuildContext = { g, param: (_l, p) => xs[n + specs.findIndex((s) => s.name === p)], lowering: 'scan', training: false, recurrences: [] };
        const flows = xs.slice(0, n).map((value, i) => {
          const m = masks.findIndex((k) => k.of === i);
          return { value, mask: m >= 0 ? xs[n + params.length + m] : undefined };
        });
        const outs = (layer as Attention).applyAll(ctx, flows, { return_attention_scores: scoresToo, use_causal_mask: causal });
        // Both outputs of Attention in one loss: the scores' gradient flows back too.
        return scoresToo ? op.add(g, op.reduceSum(g, outs[0].value), op.mulC(g, op.reduceSum(g, op.mul(g, outs[1].value, outs[1].value)), 3)) : outs[0].value;
      },
    });
  }
  const vmask = { of: 1, dims: [2, 4], data: [1, 1, 1, 0, 1, 0, 0, 1] };
  const qmask = { of: 0, dims: [2, 3], data: [1, 0, 1, 1, 1, 1] };

  it('Concatenate(axis=-1)', () => gradCase('concatenate', new Concatenate(), [[2, 3, 2], [2, 3, 4]], []));
  it('Add, Multiply, Average', async () => {
    await gradCase('add', new Add(), [[2, 3], [2, 3], [2, 3]], []);
    await gradCase('multiply', new Multiply(), [[2, 3], [2, 3]], []);
    await gradCase('average', new Average(), [[2, 3], [2, 3]], []);
  });
  it('Dot(axes=2), Dot(axes=(1, 2)) and Dot(normalize=True)', async () => {
    await gradCase('dot', new Dot(2), [[2, 3, 4], [2, 5, 4]], []);
    await gradCase('dot_vec_seq', new Dot([1, 2]), [[2, 4], [2, 3, 4]], []);
    await gradCase('dot_norm', new Dot(-1, true), [[2, 3, 4], [2, 5, 4]], []);
  });
  it('Dot of rank-4 inputs (axes=(3, 2), axes=(1, 3))', async () => {
    await gradCase('dot_rank4', new Dot([3, 2]), [[2, 2, 3, 4], [2, 5, 4]], []);
    await gradCase('dot_rank4_both', new Dot([1, 3], true), [[2, 2, 3, 2], [2, 3, 2, 2]], []);
  });
  it('Attention(use_scale=True) with key and masks', () => gradCase('luong', new Attention(true), [[2, 3, 5], [2, 4, 2], [2, 4, 5]], [[]], [qmask, vmask]));
  it("Attention(score_mode='concat') with scores", () => gradCase('luong_concat', new Attention(true, 'concat'), [[2, 3, 5], [2, 4, 5]], [[], []], [vmask], true));
  it('AdditiveAttention with masks and scores', () => gradCase('bahdanau', new AdditiveAttention(), [[2, 3, 5], [2, 4, 5]], [[5]], [qmask, vmask], true));
  it('Attention with use_causal_mask and a value mask', () => gradCase('luong_causal', new Attention(true), [[2, 3, 5], [2, 4, 5]], [[]], [vmask], true, true));
});
