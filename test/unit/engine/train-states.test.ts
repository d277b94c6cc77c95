// The state inspector's probe: h_t, c_t and every gate per step and unit, from the ONNX probe
// graph, against a direct float64 forward pass of the Keras cells (test/oracles), for both
// lowerings, with padding masks, go_backwards and Bidirectional.
import * as assert from 'assert';
import type { TensorData } from '../../../src/engine/graph';
import { Bidirectional, Dense, Embedding, GRU, LSTM, Masking, Sequential, SimpleRNN, resetNames } from '../../../src/engine/layers';
import type { InputSpec } from '../../../src/engine/layers/sequential';
import { NodeRuntime, tensor } from '../../../src/engine/runtime';
import { ChainStates, Trainer } from '../../../src/engine/train';
import { Rng } from '../../../src/engine/util/rng';
import * as ref from '../../oracles';

const rt = new NodeRuntime();
const TOL = 1e-5;

/** A trainer whose every parameter is drawn from U(−0.8, 0.8), biases included (zeros would hide bias bugs). */
async function trainerWith(model: Sequential, input: InputSpec, dtype: 'float32' | 'float64', lowering: 'scan' | 'unrolled', seed: number): Promise<Trainer> {
  const tr = new Trainer(rt, model, input, { shape: [], dtype: 'float' }, { loss: 'mse', optimizer: 'sgd' }, { dtype, seed, lowering });
  const rng = new Rng(seed + 100);
  const w = new Map<string, TensorData>();
  for (const [k, v] of tr.params) w.set(k, tensor(dtype, v.dims, rng.uniformArray(v.data.length, -0.8, 0.8)));
  tr.setWeights(w);
  return tr;
}

/** The trainer's parameter `key` as an oracle tensor (float64). */
function weight(tr: Trainer, key: string): ref.Tensor {
  const p = tr.params.get(key);
  if (!p) throw new Error(`no parameter ${key}; have ${[...tr.params.keys()].join(', ')}`);
  return ref.tensor(p.dims, Float64Array.from(p.data as Float32Array));
}

/** Sample `b` of an oracle [B, H] tensor. */
const rowOf = (t: ref.Tensor, b: number) => t.data.subarray(b * t.shape[1], (b + 1) * t.shape[1]);

/** Every series of `chain` against the oracle's trace for sample `b`; gates are compared on unmasked steps only. */
function assertChainMatches(chain: ChainStates, trace: ref.RnnResult['trace'], b: number, mask?: number[]): void {
  const H = chain.units;
  assert.strictEqual(chain.T, trace.length);
  const stateNames = chain.kind === 'LSTM' ? ['h', 'c'] : ['h'];
  const gateNames = chain.kind === 'LSTM' ? ['i', 'f', 'candidate', 'o'] : chain.kind === 'GRU' ? ['z', 'r', 'candidate'] : [];
  assert.deepStrictEqual(chain.series.map((s) => s.name), [...stateNames, ...gateNames]);
  for (const s of chain.series) {
    for (let t = 0; t < chain.T; t++) {
      const si = stateNames.indexOf(s.name);
      if (si < 0 && mask && mask[t] === 0) continue; // a masked step's gates are computed and discarded
      const want = si >= 0 ? rowOf(trace[t].states[si], b) : rowOf(trace[t].gates[s.name], b);
      for (let j = 0; j < H; j++) {
        const d = Math.abs(s.values[t * H + j] - want[j]);
        assert.ok(d <= TOL, `${chain.layer}.${chain.direction} ${s.name}[t=${t}, unit ${j}]: ${s.values[t * H + j]} vs ${want[j]}`);
      }
    }
  }
}

/** Token ids [1, T] with trailing padding (0) after `len` tokens. */
function paddedIds(T: number, len: number, V: number, seed: number): number[] {
  const rng = new Rng(seed);
  return Array.from({ length: T }, (_, t) => (t < len ? 1 + Math.floor(rng.uniform(0, V - 1)) : 0));
}

describe('train: state inspector probe (h_t, c_t, gates) against a float64 forward pass', function () {
  this.timeout(60000);

  for (const lowering of ['scan', 'unrolled'] as const) {
    it(`SimpleRNN on float inputs: h_t per step and unit (${lowering}, float32 graph)`, async () => {
      resetNames();
      const model = new Sequential().add(new SimpleRNN(5)).add(new Dense(1));
      const tr = await trainerWith(model, { shape: ['T', 3], dtype: 'float' }, 'float32', lowering, 1);
      const [T, F] = [7, 3];
      const x = new Rng(2).uniformArray(2 * T * F, -1, 1);
      const got = await tr.states(tensor('float32', [2, T, F], x), 1); // the second sample
      assert.strictEqual(got.length, 1);
      const want = ref.simpleRNN({ units: 5 }, [weight(tr, 'simple_rnn.kernel'), weight(tr, 'simple_rnn.recurrent_kernel'), weight(tr, 'simple_rnn.bias')], ref.tensor([2, T, F], Float64Array.from(new Float32Array(x))));
      assert.strictEqual(got[0].mask, undefined);
      assertChainMatches(got[0], want.trace, 1);
      await tr.dispose();
    });
  }

  for (const lowering of ['scan', 'unrolled'] as const) {
    it(`Embedding(mask_zero) → LSTM over a padded sentence: h, c, i, f, candidate, o; padding carries the states (${lowering})`, async () => {
      resetNames();
      const [V, E, H, T] = [11, 3, 4, 8];
      const model = new Sequential().add(new Embedding(V, E, { mask_zero: true })).add(new LSTM(H)).add(new Dense(1));
      const tr = await trainerWith(model, { shape: ['T'], dtype: 'int64' }, 'float64', lowering, 3);
      const ids = paddedIds(T, 5, V, 4);
      const got = await tr.states({ dtype: 'int64', dims: [1, T], data: BigInt64Array.from(ids.map(BigInt)) });
      const emb = ref.embedding({ inputDim: V, outputDim: E, maskZero: true }, [weight(tr, 'embedding.embeddings')], ref.tensor([1, T], ids));
      const want = ref.lstm({ units: H }, [weight(tr, 'lstm.kernel'), weight(tr, 'lstm.recurrent_kernel'), weight(tr, 'lstm.bias')], emb.output, { mask: emb.mask });
      assert.deepStrictEqual(got[0].mask, ids.map((id) => (id ? 1 : 0)));
      assertChainMatches(got[0], want.trace, 0, got[0].mask);
      // Padded steps keep h and c of the last token exactly.
      const h = got[0].series[0].values;
      assert.deepStrictEqual(Array.from(h.subarray(7 * H, 8 * H)), Array.from(h.subarray(4 * H, 5 * H)));
      await tr.dispose();
    });
  }

  for (const resetAfter of [true, false]) {
    it(`GRU (reset_after=${resetAfter ? 'True' : 'False'}) stacked on SimpleRNN(return_sequences) under Masking: both chains`, async () => {
      resetNames();
      const [F, T] = [2, 6];
      const model = new Sequential().add(new Masking(0)).add(new SimpleRNN(3, { return_sequences: true })).add(new GRU(4, { reset_after: resetAfter })).add(new Dense(1));
      const tr = await trainerWith(model, { shape: ['T', F], dtype: 'float' }, 'float64', 'scan', 5);
      const x = new Rng(6).uniformArray(T * F, -1, 1);
      x.fill(0, 4 * F); // steps 4, 5 are padding
      const got = await tr.states(tensor('float64', [1, T, F], x));
      assert.deepStrictEqual(got.map((c) => `${c.layer}.${c.direction}:${c.kind}`), ['simple_rnn.forward:SimpleRNN', 'gru.forward:GRU']);
      const m = ref.masking(ref.tensor([1, T, F], x));
      const first = ref.simpleRNN({ units: 3, returnSequences: true }, [weight(tr, 'simple_rnn.kernel'), weight(tr, 'simple_rnn.recurrent_kernel'), weight(tr, 'simple_rnn.bias')], m.output, { mask: m.mask });
      const second = ref.gru({ units: 4, resetAfter }, [weight(tr, 'gru.kernel'), weight(tr, 'gru.recurrent_kernel'), weight(tr, 'gru.bias')], first.output, { mask: m.mask });
      assert.deepStrictEqual(got[1].mask, [1, 1, 1, 1, 0, 0]);
      assertChainMatches(got[0], first.trace, 0, got[0].mask);
      assertChainMatches(got[1], second.trace, 0, got[1].mask);
      await tr.dispose();
    });
  }

  for (const lowering of ['scan', 'unrolled'] as const) {
    it(`Bidirectional(LSTM) over padded tokens: both directions, the backward one indexed by input time (${lowering})`, async () => {
      resetNames();
      const [V, E, H, T] = [9, 3, 3, 7];
      const model = new Sequential().add(new Embedding(V, E, { mask_zero: true })).add(new Bidirectional(new LSTM(H))).add(new Dense(1));
      const tr = await trainerWith(model, { shape: ['T'], dtype: 'int64' }, 'float64', lowering, 7);
      const ids = paddedIds(T, 5, V, 8);
      const got = await tr.states({ dtype: 'int64', dims: [1, T], data: BigInt64Array.from(ids.map(BigInt)) });
      assert.deepStrictEqual(got.map((c) => `${c.layer}.${c.direction}`), ['bidirectional.forward', 'bidirectional.backward']);
      const emb = ref.embedding({ inputDim: V, outputDim: E, maskZero: true }, [weight(tr, 'embedding.embeddings')], ref.tensor([1, T], ids));
      for (const [k, dir] of (['forward', 'backward'] as const).entries()) {
        const w = ['kernel', 'recurrent_kernel', 'bias'].map((n) => weight(tr, `bidirectional.${dir}/${n}`));
        const want = ref.lstm({ units: H, goBackwards: dir === 'backward' }, w, emb.output, { mask: emb.mask });
        assertChainMatches(got[k], want.trace, 0, got[k].mask);
      }
      // The backward chain has read only padding at the last input steps: its states there are still 0.
      assert.ok(got[1].series[0].values.subarray(5 * H).every((v) => v === 0));
      await tr.dispose();
    });
  }

  it('a model without a recurrent layer says so', async () => {
    resetNames();
    const model = new Sequential().add(new Dense(2));
    const tr = new Trainer(rt, model, { shape: [3], dtype: 'float' }, { shape: [], dtype: 'float' }, { loss: 'mse', optimizer: 'sgd' });
    await assert.rejects(tr.states(tensor('float32', [1, 3], [1, 2, 3])), /no recurrent layer/);
    await tr.dispose();
  });
});
