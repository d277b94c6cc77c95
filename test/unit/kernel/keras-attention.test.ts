// Merge and attention layers in cells (issue "Keras cells as learners write them"): called on a
// list of tensors, their shapes, summary, save/load, Attention's (output, scores), Lambda's
// error, and a tiny encoder-decoder with Luong attention that learns to reverse sequences.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { TestKernel, plain } from './harness';

const LENGTH = 5;
const DIGITS = 6; // ids 1..6; 7 is <start>
const START = 7;
const VOCAB = 8;

/** A seeded LCG, so the data is the same on every run. */
function digits(count: number, seed: number): number[][] {
  let s = seed;
  const next = () => ((s = (s * 1103515245 + 12345) % 2147483648), 1 + Math.floor((s / 2147483648) * DIGITS));
  return Array.from({ length: count }, () => Array.from({ length: LENGTH }, next));
}

const numbers = (text: string): number[] => (JSON.parse(text) as unknown[]).flat(Infinity) as number[];

describe('merge and attention layers in cells (kernel/keras)', function () {
  this.timeout(300_000);
  let k: TestKernel;
  beforeEach(() => {
    k = new TestKernel();
  });
  afterEach(async () => k.dispose());

  it('merge layers take a list of tensors, with Keras shapes and configs', () => {
    k.run(`
a = Input(shape=(5, 3), name='a')
b = Input(shape=(5, 2), name='b')
c = Input(shape=(5, 3), name='c')
cat = Concatenate()([a, b])
added = Add()([a, c])
prod = Multiply()([a, c])
avg = Average()([a, c, added])
dot = Dot(axes=(2, 2))([a, c])
cos = Dot(axes=-1, normalize=True)([a, c])`);
    assert.equal(k.run('cat.shape'), '(None, 5, 5)');
    assert.equal(k.run('avg.shape'), '(None, 5, 3)');
    assert.equal(k.run('dot.shape'), '(None, 5, 5)');
    assert.equal(k.run('Concatenate(axis=1)([a, c]).shape'), '(None, 10, 3)');
    assert.match(k.run("Dot(axes=(2, 2), name='d').get_config()"), /'axes': \[2(\.0)?, 2(\.0)?\], 'normalize': False/);
    assert.match(k.fails('Add()([a, b])').message, /Add: shapes \(None, 5, 3\), \(None, 5, 2\) cannot be broadcast/);
    assert.match(k.fails('Add()(a)').message, /Add takes a list of tensors/);
    assert.match(k.fails('Dense(3)([a, b])').message, /Dense takes one tensor, not a list/);
    assert.match(k.fails('Add()([a, 3])').message, /symbolic tensors/);
    k.run(`
m = Model([a, b, c], [cat, avg, dot, cos, prod])
m.summary()`);
    const summary = plain(k.shown.at(-1)!);
    assert.match(summary, /concatenate \(Concatenate\)\s+│ \(None, 5, 5\)/);
    assert.match(summary, /dot \(Dot\)\s+│ \(None, 5, 5\)/);
    const full = (f: number, n: number) => JSON.stringify(Array.from({ length: 2 }, () => Array.from({ length: 5 }, () => Array.from({ length: n }, () => f))));
    k.run(`outs = m.predict([${full(1, 3)}, ${full(0, 2)}, ${full(2, 3)}])`);
    assert.equal(k.run('[outs[0].shape, outs[1].shape, outs[2].shape, outs[3].shape, outs[4].shape]'), '[(2, 5, 5), (2, 5, 3), (2, 5, 5), (2, 5, 5), (2, 5, 3)]');
    // avg = (1 + 2 + 3) / 3; dot = 3·(1·2); cosine of parallel vectors = 1; product 1·2.
    assert.ok(numbers(k.run('outs[1].tolist()')).every(v => v === 2));
    assert.ok(numbers(k.run('outs[2].tolist()')).every(v => v === 6));
    assert.ok(numbers(k.run('outs[3].tolist()')).every(v => Math.abs(v - 1) < 1e-6));
    assert.ok(numbers(k.run('outs[4].tolist()')).every(v => v === 2));
  });

  it("Attention()([query, value]) and AdditiveAttention: return_attention_scores gives (output, scores); saved and loaded", () => {
    k.run(`
q = Input(shape=(4, 6), name='q')
v = Input(shape=(7, 6), name='v')
out, scores = Attention(use_scale=True)([q, v], return_attention_scores=True)
add_out = AdditiveAttention()([q, v, v])
self_att, self_scores = Attention()([q, q], return_attention_scores=True, use_causal_mask=True)
m = Model([q, v], [out, scores, add_out, self_scores])`);
    assert.equal(k.run('out.shape'), '(None, 4, 6)');
    assert.equal(k.run('scores.shape'), '(None, 4, 7)');
    assert.equal(k.run('Attention()([q, v], return_attention_scores=True)'), '(<KerasTensor shape=(None, 4, 6), dtype=float32>, <KerasTensor shape=(None, 4, 7), dtype=float32>)');
    assert.match(k.fails("Attention(score_mode='general')").message, /score_mode/);
    assert.match(k.fails('Attention(dropout=1.5)').message, /dropout must be in \[0, 1\)/);
    assert.match(k.fails('Attention()([q, Input(shape=(7, 5))])').message, /query and key must have the same feature size/);
    assert.match(k.fails('Dense(2)(q, return_attention_scores=True)').message, /only for Attention and AdditiveAttention/);
    assert.equal(k.run('Attention()([q, q], use_causal_mask=True).shape'), '(None, 4, 6)');
    assert.match(k.fails("Sequential([Input(shape=(4, 6)), Add()])").message, /Add takes a list of tensors.*cannot be a layer of a Sequential model/);
    const random = (shape: number[], seed: number) => {
      let r = seed;
      const next = () => ((r = (r * 1103515245 + 12345) % 2147483648), r / 1073741824 - 1);
      const build = (d: number): unknown => (d === shape.length ? next() : Array.from({ length: shape[d] }, () => build(d + 1)));
      return JSON.stringify(build(0));
    };
    k.run(`xq = ${random([3, 4, 6], 1)}\nxv = ${random([3, 7, 6], 2)}\no, s, a, causal = m.predict([xq, xv])`);
    const weights = JSON.parse(k.run('s.tolist()')) as number[][][];
    const sums = weights.flat().map(row => row.reduce((x, y) => x + y, 0));
    assert.equal(sums.length, 12);
    assert.ok(sums.every(r => Math.abs(r - 1) < 1e-5), `attention scores sum to 1 over the value steps: ${sums}`);
    // Attention's scalar scale, AdditiveAttention's per-feature scale.
    assert.equal(k.run('ws = m.get_weights()\n[len(ws), ws[0].shape, ws[1].shape]'), '[2, (), (6,)]');
    k.run("m.save('att.unroll.json')\nback = load_model('att.unroll.json')");
    const before = numbers(k.run('o.tolist()'));
    const after = numbers(k.run('back.predict([xq, xv])[0].tolist()'));
    assert.ok(Math.max(...after.map((v, i) => Math.abs(v - before[i]))) < 1e-6, 'the loaded model predicts the same');
    assert.ok(numbers(k.run('a.tolist()')).length === 3 * 4 * 6);
    // Causal self-attention: step i gives no weight to later steps; saved and loaded with the call option.
    const causal = JSON.parse(k.run('causal.tolist()')) as number[][][];
    causal.forEach(m => m.forEach((row, i) => row.forEach((w, j) => assert.ok(j <= i || w === 0, `step ${i} attends to later step ${j}: ${w}`))));
    const reloaded = numbers(k.run('back.predict([xq, xv])[3].tolist()'));
    assert.ok(causal.flat(2).every((w, i) => Math.abs(w - reloaded[i]) < 1e-6), 'the loaded model keeps use_causal_mask');
  });

  it('Attention(dropout=...) and AdditiveAttention(dropout=...) drop scores while training only', () => {
    k.run(`
q = Input(shape=(None, 4), name='q')
v = Input(shape=(None, 4), name='v')
joined = Concatenate()([Attention(dropout=0.5)([q, v]), AdditiveAttention(dropout=0.3)([q, v])])
m = Model([q, v], Dense(1)(joined))
m.compile(loss='mse', optimizer='adam')`);
    const xq = JSON.stringify(digits(8, 5).map(r => r.slice(0, 3).map(d => [d / 6, 1 - d / 6, d / 12, 0.5])));
    const xv = JSON.stringify(digits(8, 6).map(r => r.map(d => [d / 6, 0.2, 1 - d / 6, d / 12])));
    const y = JSON.stringify(digits(8, 7).map(r => r.slice(0, 3).map(d => [d / 6])));
    const loss = numbers(k.run(`m.fit([${xq}, ${xv}], ${y}, epochs=2, batch_size=4, verbose=0).history['loss']`));
    assert.equal(loss.length, 2);
    assert.ok(loss.every(Number.isFinite), `${loss}`);
    assert.equal(k.run(`m.predict([${xq}, ${xv}]).tolist() == m.predict([${xq}, ${xv}]).tolist()`), 'True');
  });

  it('masks from Embedding(mask_zero=True) reach attention through the LSTMs: padded encoder steps get no weight', () => {
    const X = JSON.stringify([[1, 2, 3, 0, 0], [4, 5, 0, 0, 0], [1, 1, 1, 1, 1], [2, 3, 4, 5, 0]]);
    const D = JSON.stringify([[6, 3, 2, 1, 0], [6, 5, 4, 0, 0], [6, 1, 1, 1, 1], [6, 5, 4, 3, 2]]);
    const Y = JSON.stringify([[3, 2, 1, 0, 0], [5, 4, 0, 0, 0], [1, 1, 1, 1, 1], [5, 4, 3, 2, 0]]);
    k.run(`
enc_in = Input(shape=(None,), dtype='int32')
dec_in = Input(shape=(None,), dtype='int32')
enc_seq, h, c = LSTM(8, return_sequences=True, return_state=True)(Embedding(7, 4, mask_zero=True)(enc_in))
dec_seq = LSTM(8, return_sequences=True)(Embedding(7, 4, mask_zero=True)(dec_in), initial_state=[h, c])
context, weights = AdditiveAttention()([dec_seq, enc_seq], return_attention_scores=True)
probs = TimeDistributed(Dense(7, activation='softmax'))(Concatenate()([dec_seq, context]))
model = Model([enc_in, dec_in], probs)
model.compile(loss='sparse_categorical_crossentropy', optimizer='adam')
looking = Model([enc_in, dec_in], [context, weights])`);
    const loss = numbers(k.run(`model.fit([${X}, ${D}], ${Y}, epochs=2, batch_size=2, verbose=0).history['loss']`));
    assert.ok(loss.every(Number.isFinite), `${loss}`);
    k.run(`context_out, weights_out = looking.predict([${X}, ${D}])`);
    const weights = JSON.parse(k.run('weights_out.tolist()')) as number[][][];
    // Sample 1 has 2 source tokens: every decoder step puts all its weight on them.
    weights[1].forEach(row => assert.deepEqual(row.slice(2), [0, 0, 0]));
    // Its decoder steps 3 and 4 are padding: their context is zero.
    const context = JSON.parse(k.run('context_out.tolist()')) as number[][][];
    assert.ok(context[1].slice(3).flat().every(v => v === 0));
  });

  it('Lambda says where and why it is not supported', () => {
    const e = k.fails('x = Input(shape=(3,))\n\ny = Lambda(abs)(x)');
    assert.equal(e.errorName, 'NotImplementedError');
    assert.equal(e.line, 3);
    assert.match(e.message, /Lambda layers are not supported in rnn cells/);
    assert.match(e.message, /arbitrary Python function cannot become ONNX graph nodes/);
    // With a lambda inside (the usual way), the same reason, at the Lambda call, before anything runs.
    const inline = k.fails('x = Input(shape=(3,))\ny = Lambda(lambda t: t * 2, name="double")(x)');
    assert.equal(inline.line, 2);
    assert.equal(inline.range.column, 5);
    assert.match(inline.message, /^Lambda layers are not supported in rnn cells: .*cannot become ONNX graph nodes/);
  });

  it('an encoder-decoder with Luong attention (Attention()([decoder_out, encoder_out]) + Concatenate) learns to reverse sequences', async () => {
    const rows = digits(600, 11);
    const reversed = rows.map(r => [...r].reverse());
    k.run([
      `X = ${JSON.stringify(rows)}`,
      `D = ${JSON.stringify(reversed.map(r => [START, ...r.slice(0, -1)]))}`,
      `Y = ${JSON.stringify(reversed)}`,
    ].join('\n'));
    k.run(`
enc_in = Input(shape=(None,), dtype='int32', name='enc_in')
dec_in = Input(shape=(None,), dtype='int32', name='dec_in')
enc_seq, h, c = LSTM(32, return_sequences=True, return_state=True, name='encoder')(Embedding(${VOCAB}, 16)(enc_in))
dec_seq = LSTM(32, return_sequences=True, name='decoder')(Embedding(${VOCAB}, 16)(dec_in), initial_state=[h, c])
context = Attention()([dec_seq, enc_seq])
joined = Concatenate()([dec_seq, context])
probs = TimeDistributed(Dense(${VOCAB}, activation='softmax'))(joined)
model = Model([enc_in, dec_in], probs, name='attentive_reverser')
model.compile(loss='sparse_categorical_crossentropy', optimizer=Adam(learning_rate=0.01), metrics=['accuracy'])`);
    assert.equal(k.run('joined.shape'), '(None, None, 64)');
    const history = k.run('hist = model.fit([X, D], Y, epochs=8, batch_size=32, verbose=0)\n[hist.history["loss"], hist.history["accuracy"]]');
    const [loss, accuracy] = JSON.parse(history) as [number[], number[]];
    assert.ok(loss[7] < 0.2 * loss[0], `loss goes down clearly: ${loss}`);
    assert.ok(accuracy[7] > 0.9, `teacher-forced accuracy ${accuracy} (chance ${1 / DIGITS})`);
    // The unrolled-graph panel still sees the encoder and the decoder around the attention.
    assert.deepEqual(k.diagrams()[0].blocks.map(b => b.role), ['encoder', 'decoder']);
    // The ONNX export carries the attention as standard ops: a plain onnxruntime session gives predict's outputs.
    k.run("model.save('attentive.onnx')");
    const predicted = numbers(k.run('model.predict([X[:4], D[:4]]).tolist()'));
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- the exported model runs in a plain onnxruntime-node session, loaded only by this test
    const ort = require('onnxruntime-node') as typeof import('onnxruntime-node');
    const session = await ort.InferenceSession.create(fs.readFileSync(path.join(k.workspace, 'attentive.onnx')));
    try {
      const ids = (m: number[][]) => new ort.Tensor('int64', BigInt64Array.from(m.flat(), v => BigInt(v)), [m.length, LENGTH]);
      const feeds = { [session.inputNames[0]]: ids(rows.slice(0, 4)), [session.inputNames[1]]: ids(reversed.slice(0, 4).map(r => [START, ...r.slice(0, -1)])) };
      const got = Array.from((await session.run(feeds))[session.outputNames[0]].data as Float32Array);
      assert.equal(got.length, predicted.length);
      got.forEach((v, i) => assert.ok(Math.abs(v - predicted[i]) < 1e-5, `output ${i}: ${v} vs ${predicted[i]}`));
    } finally {
      await session.release();
    }
  });
});
