// ONNX export for inference: the exported model (native RNN/LSTM/GRU ops, gates permuted) gives
// the same outputs in onnxruntime-node as the training graph's forward (float32, 1e-5).
import * as assert from 'assert';
import type { TensorData } from '../../../src/engine/graph';
import { exportInferenceModel } from '../../../src/engine/export';
import { Bidirectional, Dense, Dropout, Embedding, GRU, InputSpec, LSTM, RNNOptions, Sequential, SimpleRNN, TimeDistributed, resetNames } from '../../../src/engine/layers';
import { call, Input, Model, SymbolicTensor } from '../../../src/engine/model';
import { tensor, toNumbers } from '../../../src/engine/runtime';
import { buildPredict } from '../../../src/engine/train/step';
import { runtime, uniform } from './helpers/gradcheck';

const B = 3;
const T = 6;
const F = 4;
const H = 5;
const V = 9;
const numel = (s: number[]) => s.reduce((a, b) => a * b, 1);

async function run(bytes: Uint8Array, feeds: Record<string, TensorData>, outputs: string[]): Promise<number[][]> {
  const { session } = await runtime().createSession(bytes);
  try {
    const out = await session.run(feeds, outputs);
    return outputs.map((n) => toNumbers(out[n]));
  } finally {
    await session.dispose();
  }
}

/** Exported vs training-graph forward; returns the exported graph's op types. */
async function compare(model: Sequential | Model, input: InputSpec, inputs: Record<string, TensorData>, opts: { masks?: 'sequence_lens' | 'scan' } = {}): Promise<string[]> {
  const entries = model instanceof Model ? model.paramEntries() : model.paramEntries(input);
  const weights = new Map(entries.map((e, i) => [e.key, uniform(numel(e.spec.shape), 100 + i, -0.7, 0.7)]));
  const pg = buildPredict(model, input);
  const feeds: Record<string, TensorData> = { ...inputs };
  for (const e of entries) feeds[e.key] = tensor('float32', e.spec.shape, weights.get(e.key)!);
  const want = await run(pg.encode(), feeds, pg.outputs);
  const ex = exportInferenceModel(model, weights, { input, ...opts });
  const got = await run(ex.bytes, inputs, ex.outputs);
  assert.strictEqual(got.length, want.length);
  got.forEach((o, k) => {
    assert.strictEqual(o.length, want[k].length, `output ${k} size`);
    o.forEach((v, i) => assert.ok(Math.abs(v - want[k][i]) < 1e-5, `output ${k}[${i}]: exported ${v} vs training graph ${want[k][i]}`));
  });
  return ex.graph.nodes.map((n) => n.op);
}

const floatSpec: InputSpec = { shape: ['T', F], dtype: 'float' };
const idSpec: InputSpec = { shape: ['T'], dtype: 'int64' };
const floatX = () => ({ x: tensor('float32', [B, T, F], uniform(B * T * F, 5)) });
/** Post-padded ids: lengths 6, 3, 1. */
const postIds = () => ({ x: tensor('int64', [B, T], [3, 1, 4, 1, 5, 2, 6, 5, 3, 0, 0, 0, 8, 0, 0, 0, 0, 0]) });
const preIds = () => ({ x: tensor('int64', [B, T], [3, 1, 4, 1, 5, 2, 0, 0, 0, 6, 5, 3, 0, 0, 0, 0, 0, 8]) });

type Kind = 'SimpleRNN' | 'LSTM' | 'GRU';
const make = (k: Kind, o: RNNOptions) => (k === 'SimpleRNN' ? new SimpleRNN(H, o) : k === 'LSTM' ? new LSTM(H, o) : new GRU(H, o));
const ONNX_OP: Record<Kind, string> = { SimpleRNN: 'RNN', LSTM: 'LSTM', GRU: 'GRU' };

describe('ONNX export for inference: native RNN/LSTM/GRU = the training graph forward', function () {
  this.timeout(120000);
  beforeEach(() => {
    resetNames();
  });

  for (const kind of ['SimpleRNN', 'LSTM', 'GRU'] as Kind[]) {
    for (const o of [{}, { return_sequences: true }, { return_sequences: true, go_backwards: true }] as RNNOptions[]) {
      it(`${kind} ${JSON.stringify(o)} → Dense`, async () => {
        const model = new Sequential().add(make(kind, o)).add(new Dense(2));
        const ops = await compare(model, floatSpec, floatX());
        assert.ok(ops.includes(ONNX_OP[kind]), `uses ${ONNX_OP[kind]}: ${ops}`);
        assert.ok(!ops.includes('Scan'));
      });
    }
  }

  it('GRU reset_after=False (linear_before_reset=0, one bias)', async () => {
    const ops = await compare(new Sequential().add(new GRU(H, { reset_after: false, return_sequences: true })), floatSpec, floatX());
    assert.ok(ops.includes('GRU'));
  });

  for (const kind of ['SimpleRNN', 'LSTM', 'GRU'] as Kind[]) {
    for (const seq of [false, true]) {
      it(`masked (post-padding → sequence_lens): Embedding(mask_zero) → ${kind} return_sequences=${seq}${seq ? " → TimeDistributed(Dense)" : ""}`, async () => {
        const model = new Sequential().add(new Embedding(V, F, { mask_zero: true })).add(make(kind, { return_sequences: seq }));
        if (seq) model.add(new TimeDistributed(new Dense(3, { activation: 'softmax' })));
        const ops = await compare(model, idSpec, postIds());
        assert.ok(ops.includes(ONNX_OP[kind]) && ops.includes('Gather'));
      });
    }
  }

  for (const merge of ['concat', 'ave'] as const) {
    for (const seq of [false, true]) {
      it(`Bidirectional(LSTM, ${merge}) return_sequences=${seq}, masked, with Dropout (gone at inference)`, async () => {
        const model = new Sequential().add(new Embedding(V, F, { mask_zero: true })).add(new Bidirectional(new LSTM(H, { return_sequences: seq, dropout: 0.5, recurrent_dropout: 0.5 }), merge)).add(new Dropout(0.3)).add(new Dense(2));
        const ops = await compare(model, idSpec, postIds());
        assert.strictEqual(ops.filter((o) => o === 'LSTM').length, 2, 'forward and reverse LSTM nodes');
      });
    }
  }

  it('functional encoder-decoder: encoder LSTM states → decoder LSTM initial_h/initial_c', async () => {
    const enc = Input([null, F], { name: 'enc' });
    const dec = Input([null, F], { name: 'dec' });
    const [, h, c] = call(new LSTM(H, { return_state: true }), enc) as SymbolicTensor[];
    const y = call(new LSTM(H, { return_sequences: true }), dec, { initial_state: [h, c] }) as SymbolicTensor;
    const p = call(new TimeDistributed(new Dense(3, { activation: 'softmax' })), y) as SymbolicTensor;
    const model = new Model([enc, dec], [p, h]);
    const ops = await compare(model, model.inputSpecs[0], { 'x.enc': tensor('float32', [B, 5, F], uniform(B * 5 * F, 1)), 'x.dec': tensor('float32', [B, 4, F], uniform(B * 4 * F, 2)) });
    assert.strictEqual(ops.filter((o) => o === 'LSTM').length, 2);
  });

  it("pre-padding: sequence_lens cannot express it; masks: 'scan' keeps masked layers as Scan loops and matches", async () => {
    const model = new Sequential().add(new Embedding(V, F, { mask_zero: true })).add(new GRU(H, { return_sequences: true }));
    const ops = await compare(model, idSpec, preIds(), { masks: 'scan' });
    assert.ok(ops.includes('Scan') && !ops.includes('GRU'));
  });

  it('non-default activations (relu) fall back to a Scan loop and still match', async () => {
    const ops = await compare(new Sequential().add(new LSTM(H, { activation: 'relu' })), floatSpec, floatX());
    assert.ok(ops.includes('Scan'));
  });
});
