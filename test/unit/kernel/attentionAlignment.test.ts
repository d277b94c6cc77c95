// show_attention(model, x) and fit's attention snapshots on the gradient channel: the weights the
// panel shows equal a float64 forward pass of the scores and softmax written here from the layer's
// weights and the encoder/decoder states (read through predict of sub-models), rows sum to 1,
// padding gets 0, a fit keeps snapshots within the budget, and bad arguments say what is wrong.
import * as assert from 'node:assert/strict';
import { panelRequests } from '../../../src/protocol/gradients/outputs';
import { attentionBytes, GradientStream, MAX_STATE_SNAPSHOTS, snapshotCapacity, type AttentionMap, type AttentionMessage } from '../../../src/protocol/gradients';
import { NdArray } from '../../../src/language/host/array';
import { TestKernel } from './harness';

/** Rows of query i: softmax_j(score(q_i, k_j)) with masked value steps out, in float64. */
function referenceWeights(q: NdArray, k: NdArray, score: (qi: number[], kj: number[]) => number, keep?: number[]): number[] {
  const [, Tq, d] = q.shape;
  const Tv = k.shape[1];
  const vec = (a: NdArray, t: number) => Array.from({ length: d }, (_, c) => Number(a.data[t * d + c]));
  const out: number[] = [];
  for (let i = 0; i < Tq; i++) {
    const s = Array.from({ length: Tv }, (_, j) => (keep && keep[j] === 0 ? -Infinity : score(vec(q, i), vec(k, j))));
    const max = Math.max(...s);
    const e = s.map(v => Math.exp(v - max));
    const sum = e.reduce((a, b) => a + b, 0);
    out.push(...e.map(v => v / sum));
  }
  return out;
}

function assertClose(got: ArrayLike<number>, want: number[], tol: number, what: string) {
  assert.equal(got.length, want.length, `${what}: length`);
  for (let i = 0; i < want.length; i++) assert.ok(Math.abs(got[i] - want[i]) <= tol, `${what}[${i}]: ${got[i]} vs ${want[i]}`);
}

function rowSums(m: AttentionMap): number[] {
  return Array.from({ length: m.Tq }, (_, i) => Array.from(m.weights).slice(i * m.Tv, (i + 1) * m.Tv).reduce((a, b) => a + b, 0));
}

const ENCODER_DECODER = `enc_in = Input(shape=(None,), dtype='int32', name='source')
dec_in = Input(shape=(None,), dtype='int32', name='target_so_far')
enc_seq, h, c = LSTM(6, return_sequences=True, return_state=True)(Embedding(9, 4, mask_zero=True)(enc_in))
dec_seq = LSTM(6, return_sequences=True)(Embedding(7, 3)(dec_in), initial_state=[h, c])
context = Attention(use_scale=True, name='luong')([dec_seq, enc_seq])
out = Dense(7, activation='softmax')(Concatenate()([dec_seq, context]))
model = Model([enc_in, dec_in], out, name='translator')
model.compile(loss='sparse_categorical_crossentropy', optimizer=Adam(learning_rate=0.05))
source = np.array([[3, 5, 2, 8, 0, 0], [4, 4, 1, 0, 0, 0]])
decoder = np.array([[1, 2, 3, 4], [1, 5, 6, 2]])
encoder_states = Model([enc_in, dec_in], enc_seq).predict([source, decoder], verbose=0)
decoder_states = Model([enc_in, dec_in], dec_seq).predict([source, decoder], verbose=0)`;

describe('kernel: show_attention and attention snapshots during fit', function () {
  this.timeout(120_000);
  let kernel: TestKernel;
  beforeEach(() => {
    kernel = new TestKernel();
    kernel.run('import numpy as np');
  });
  afterEach(async () => kernel.dispose());

  const alignments = (): AttentionMessage[] => kernel.telemetry.flatMap(m => (m.kind === 'attention' ? [m.attention] : []));
  const array = (name: string) => kernel.session.get(name) as NdArray;
  /** Sample `b` of a [N, T, d] array, as [1, T, d]. */
  const rowOf = (a: NdArray, b: number) => {
    const size = a.shape[1] * a.shape[2];
    return new NdArray(a.data.slice(b * size, (b + 1) * size), [1, a.shape[1], a.shape[2]], a.dtype);
  };

  it('Luong (scaled dot) weights of an encoder-decoder equal a float64 softmax of scale·q·k, padding 0, rows sum to 1', () => {
    kernel.run(`${ENCODER_DECODER}
model.fit([source, decoder], np.array([[2, 3, 4, 5], [5, 6, 2, 1]]), epochs=3, batch_size=2, verbose=0)
encoder_states = Model([enc_in, dec_in], enc_seq).predict([source, decoder], verbose=0)
decoder_states = Model([enc_in, dec_in], dec_seq).predict([source, decoder], verbose=0)
scale = model.get_layer('luong').get_weights()[0]
show_attention(model, [source, decoder], input_tokens=['x', 'y', 'z'], output_tokens='wxyz', sample=1)`);
    const [m] = alignments();
    assert.equal(m.reset, true);
    assert.deepEqual(m.inputTokens, ['x', 'y', 'z', '', '', ''], 'one label per non-padding id of the source');
    assert.deepEqual(m.outputTokens, [...'wxyz']);
    const [map] = m.snapshot.maps;
    assert.deepEqual([map.layer, map.kind, map.Tq, map.Tv], ['luong', 'Attention', 4, 6]);
    assert.deepEqual(map.valueMask, [1, 1, 1, 0, 0, 0]);
    const scale = Number(array('scale').data[0]);
    assert.ok(Math.abs(scale - 1) > 1e-4, `training moved the scale off its initial 1: ${scale}`);
    const want = referenceWeights(rowOf(array('decoder_states'), 1), rowOf(array('encoder_states'), 1), (q, k) => scale * q.reduce((s, v, c) => s + v * k[c], 0), [1, 1, 1, 0, 0, 0]);
    assertClose(map.weights, want, 1e-5, 'weights');
    assertClose(rowSums(map), [1, 1, 1, 1], 1e-5, 'row sums');
    for (let i = 0; i < 4; i++) for (let j = 3; j < 6; j++) assert.ok(map.weights[i * 6 + j] < 1e-6, 'padding gets no weight');
    const shown = kernel.shown.flatMap(s => s.items);
    assert.deepEqual(panelRequests(shown), [{ command: 'unroll.showAttentionAlignment', modelId: m.modelId }]);
    assert.match(shown.find(i => i.mime === 'text/plain' && i.data.startsWith('Attention of'))!.data, /Attention of translator at training step \d+:\n {2}luong: Attention, 4 query steps × 6 value steps \(3 padding\)/);
  });

  it('AdditiveAttention (Bahdanau) over one input: Σ scale·tanh(q + k) from its weights; layer= picks one of two by name or index', () => {
    kernel.run(`inp = Input(shape=(5, 3))
seq = GRU(4, return_sequences=True)(inp)
ctx1 = AdditiveAttention(name='bahdanau')([seq, seq])
ctx2 = Attention(name='self_dot')([ctx1, seq])
model = Model(inp, Dense(1)(ctx2), name='selfie')
x = np.linspace(-1, 1, 30).reshape(2, 5, 3)
states = Model(inp, seq).predict(x, verbose=0)
queries2 = Model(inp, ctx1).predict(x, verbose=0)
w = model.get_layer('bahdanau').get_weights()[0]
show_attention(model, x, sample=1)`);
    const [m] = alignments();
    assert.deepEqual(m.snapshot.maps.map(a => [a.layer, a.kind, a.Tq, a.Tv, a.valueMask]), [['bahdanau', 'AdditiveAttention', 5, 5, undefined], ['self_dot', 'Attention', 5, 5, undefined]]);
    assert.deepEqual(m.inputTokens, ['1', '2', '3', '4', '5'], 'vectors: the step numbers');
    const w = Array.from(array('w').data, Number);
    const states = rowOf(array('states'), 1);
    const additive = referenceWeights(states, states, (q, k) => q.reduce((s, v, c) => s + w[c] * Math.tanh(v + k[c]), 0));
    assertClose(m.snapshot.maps[0].weights, additive, 1e-5, 'additive weights');
    const dot = referenceWeights(rowOf(array('queries2'), 1), states, (q, k) => q.reduce((s, v, c) => s + v * k[c], 0));
    assertClose(m.snapshot.maps[1].weights, dot, 1e-5, 'dot weights');
    for (const map of m.snapshot.maps) assertClose(rowSums(map), [1, 1, 1, 1, 1], 1e-5, `${map.layer} row sums`);
    kernel.run(`show_attention(model, x, layer='self_dot')
show_attention(model, x, layer=0)`);
    assert.deepEqual(alignments().slice(1).map(a => a.snapshot.maps.map(map => map.layer)), [['self_dot'], ['bahdanau']]);
  });

  it('a fit after show_attention snapshots that example from step 0 to its last step, on the planned stride, within the budget', () => {
    kernel.run(`${ENCODER_DECODER}
sources = np.array([[3, 5, 2, 8, 0, 0], [4, 4, 1, 0, 0, 0]] * 50)
decoders = np.array([[1, 2, 3, 4], [1, 5, 6, 2]] * 50)
targets = np.array([[2, 3, 4, 5], [5, 6, 2, 1]] * 50)
show_attention(model, [sources[:1], decoders[:1]])
model.fit([sources, decoders], targets, epochs=2, batch_size=1, verbose=0)`);
    const all = alignments();
    const fit = all.slice(1);
    assert.equal(fit[0].snapshot.step, 0, 'the first snapshot has the initial weights');
    assert.equal(fit[fit.length - 1].snapshot.step, 200, 'the last has the trained ones');
    // 200 planned steps over a budget of 64 snapshots: every 4th step at most (fewer when the probe's 3% time share is used up).
    assert.ok(fit.length >= 3 && fit.length <= 200 / 4 + 2, `the probe ran ${fit.length} times in 200 steps`);
    assert.ok(fit.slice(0, -1).every(m => m.snapshot.step % 4 === 0), `on the stride: ${fit.map(m => m.snapshot.step)}`);
    assert.deepEqual(Array.from(fit[0].snapshot.maps[0].weights), Array.from(all[0].snapshot.maps[0].weights), 'step 0 is what show_attention showed');
    assert.ok(fit.every(m => m.inputTokens.join() === '3,5,2,8,0,0' && m.outputTokens.join() === '1,2,3,4'), 'labelled by the ids');
    // What the host keeps: every one sent, at most 64 snapshots of Tq × Tv float32 each.
    const stream = new GradientStream();
    for (const t of kernel.telemetry) stream.receive(t);
    const kept = stream.attention.get(all[0].modelId)!.snapshots.kept;
    assert.deepEqual(kept.map(k => k.step), fit.map(m => m.snapshot.step));
    assert.ok(kept.length <= MAX_STATE_SNAPSHOTS + 1);
    assert.equal(attentionBytes(kept[0].item.maps), 4 * 6 * 4);
    assert.equal(snapshotCapacity(attentionBytes(kept[0].item.maps)), MAX_STATE_SNAPSHOTS, 'a small map: the 64-snapshot cap binds, not the 16 MiB one');
    const first = kept[0].item.maps[0].weights;
    assert.ok(Array.from(kept[kept.length - 1].item.maps[0].weights).some((v, i) => Math.abs(v - first[i]) > 1e-4), 'training changed the alignment');
  });

  it('a fit without show_attention sends no attention snapshots', () => {
    kernel.run(`${ENCODER_DECODER}
model.fit([source, decoder], np.array([[2, 3, 4, 5], [5, 6, 2, 1]]), epochs=1, batch_size=1, verbose=0)`);
    assert.equal(alignments().length, 0);
  });

  it('bad arguments say what is wrong: no attention layer, unknown layer, sample out of range, wrong token counts', () => {
    const noAttention = kernel.fails(`plain = Sequential([Embedding(10, 3), LSTM(4), Dense(1)], name='plain')
show_attention(plain, np.array([1, 2, 3]))`);
    assert.match(noAttention.message, /plain has no Attention or AdditiveAttention layer whose weights could be shown/);
    kernel.run(ENCODER_DECODER);
    assert.match(kernel.fails(`show_attention(model, [source, decoder], layer='nope')`).message, /no attention layer named 'nope'; the model's attention layers: luong/);
    assert.match(kernel.fails(`show_attention(model, [source, decoder], layer=3)`).message, /layer 3 is out of range: the model has 1 attention layer\(s\): luong/);
    assert.match(kernel.fails(`show_attention(model, [source, decoder], sample=2)`).message, /sample 2 is out of range for 2 example\(s\)/);
    assert.match(kernel.fails(`show_attention(model, [source, decoder], input_tokens=['a', 'b'])`).message, /got 2 input_tokens for a sequence of 6 steps; give one per step, or one per non-padding id \(4\)/);
    assert.match(kernel.fails(`show_attention(model, [source, decoder], output_tokens=7)`).message, /'output_tokens' must be str, list or None, not int/);
    assert.match(kernel.fails(`show_attention(model, source)`).message, /input|2/);
    assert.equal(alignments().length, 0, 'nothing sent');
  });
});
