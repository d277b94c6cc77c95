/**
 * The float64 reference against TensorFlow.js layers with identical weights.
 * TF.js computes in float32, so outputs agree to ~1e-6; we allow 2e-5.
 * Every tfjs recurrent layer is given recurrentActivation: 'sigmoid' explicitly,
 * because TF.js defaults to Keras 2's hardSigmoid.
 */
import * as assert from 'assert';
import { Rng } from '../../../src/engine/util/rng';
import * as ref from '../../oracles';
import { runTfjs, tf, useTfjsCpu } from '../../oracles/tfjs';
import { assertClose, lengthMask, maskedIds, randn, randomWeights } from './helpers';

const TOL = 2e-5;
type Kind = ref.CellKind;

function tfjsLayer(kind: Kind, args: Record<string, unknown>): tf.layers.Layer {
  const common = { recurrentActivation: 'sigmoid', ...args } as never;
  if (kind === 'SimpleRNN') {
    const { recurrentActivation: _r, ...rest } = common as Record<string, unknown>;
    return tf.layers.simpleRNN(rest as never);
  }
  return kind === 'LSTM' ? tf.layers.lstm(common) : tf.layers.gru(common);
}

const KINDS: Kind[] = ['SimpleRNN', 'LSTM', 'GRU'];

describe('reference recurrent layers vs TensorFlow.js', function () {
  before(async () => useTfjsCpu());

  for (const kind of KINDS) {
    // GRU here is reset_after=False: the only GRU TF.js implements.
    const gruCfg = kind === 'GRU' ? { resetAfter: false } : {};
    describe(kind, () => {
      const B = 3, T = 6, I = 4, H = 5;

      for (const returnSequences of [false, true])
        for (const goBackwards of [false, true]) {
          it(`return_sequences=${returnSequences} go_backwards=${goBackwards}`, async () => {
            const rng = new Rng(`${kind}/${returnSequences}/${goBackwards}`);
            const cfg: ref.RecurrentConfig = { units: H, returnSequences, goBackwards, ...gruCfg };
            const w = randomWeights(rng, ref.weightShapes(kind, cfg, I));
            const x = randn(rng, [B, T, I], 1);
            const layer = tfjsLayer(kind, { units: H, returnSequences, goBackwards });
            const [expected] = await runTfjs({ inputs: [{ value: x }], build: ([i]) => layer.apply(i) as tf.SymbolicTensor, weights: [[layer, w]] });
            assertClose(ref.recurrent(kind, cfg, w, x).output, expected, TOL, kind);
          });
        }

      it('return_state gives the final states (h, and c for LSTM)', async () => {
        const rng = new Rng(`${kind}/state`);
        const cfg: ref.RecurrentConfig = { units: H, returnSequences: true, returnState: true, ...gruCfg };
        const w = randomWeights(rng, ref.weightShapes(kind, cfg, I));
        const x = randn(rng, [B, T, I], 1);
        const layer = tfjsLayer(kind, { units: H, returnSequences: true, returnState: true });
        const outs = await runTfjs({ inputs: [{ value: x }], build: ([i]) => layer.apply(i) as tf.SymbolicTensor[], weights: [[layer, w]] });
        const got = ref.recurrent(kind, cfg, w, x);
        assertClose(got.output, outs[0], TOL, 'sequence');
        assert.strictEqual(outs.length - 1, got.states.length);
        got.states.forEach((s, k) => assertClose(s, outs[k + 1], TOL, `state ${k}`));
      });

      it('initial_state is used', async () => {
        const rng = new Rng(`${kind}/init`);
        const cfg: ref.RecurrentConfig = { units: H, returnSequences: true, ...gruCfg };
        const w = randomWeights(rng, ref.weightShapes(kind, cfg, I));
        const x = randn(rng, [B, T, I], 1);
        const states = Array.from({ length: kind === 'LSTM' ? 2 : 1 }, () => randn(rng, [B, H], 1));
        const layer = tfjsLayer(kind, { units: H, returnSequences: true });
        const [expected] = await runTfjs({
          inputs: [{ value: x }, ...states.map((s) => ({ value: s }))],
          build: ([i, ...s]) => layer.apply(i, { initialState: s }) as tf.SymbolicTensor,
          weights: [[layer, w]],
        });
        assertClose(ref.recurrent(kind, cfg, w, x, { initialState: states }).output, expected, TOL, kind);
      });

      it('activation relu, no bias, hard_sigmoid (Keras 2 definition) recurrent activation', async () => {
        const rng = new Rng(`${kind}/acts`);
        const cfg: ref.RecurrentConfig = {
          units: H, returnSequences: true, activation: 'relu', useBias: false,
          recurrentActivation: 'hard_sigmoid_keras2', ...gruCfg,
        };
        const w = randomWeights(rng, ref.weightShapes(kind, cfg, I), 0.3);
        const x = randn(rng, [B, T, I], 1);
        const layer = tfjsLayer(kind, { units: H, returnSequences: true, activation: 'relu', useBias: false, recurrentActivation: 'hardSigmoid' });
        const [expected] = await runTfjs({ inputs: [{ value: x }], build: ([i]) => layer.apply(i) as tf.SymbolicTensor, weights: [[layer, w]] });
        assertClose(ref.recurrent(kind, cfg, w, x).output, expected, TOL, kind);
      });

      for (const padding of ['post', 'pre'] as const)
        for (const goBackwards of [false, true]) {
          it(`masking via Embedding(mask_zero): ${padding}-padding, go_backwards=${goBackwards}`, async () => {
            const rng = new Rng(`${kind}/mask/${padding}/${goBackwards}`);
            const V = 11, D = I, T2 = 7;
            const mask = lengthMask([7, 3, 1, 5], T2, padding);
            const ids = maskedIds(rng, mask, V);
            const emb = randn(rng, [V, D], 1);
            const cfg: ref.RecurrentConfig = { units: H, returnSequences: true, goBackwards, maskedOutput: 'previous_state', ...gruCfg };
            const w = randomWeights(rng, ref.weightShapes(kind, cfg, D));
            const eLayer = tf.layers.embedding({ inputDim: V, outputDim: D, maskZero: true });
            const rLayer = tfjsLayer(kind, { units: H, returnSequences: true, goBackwards });
            const [expected] = await runTfjs({
              inputs: [{ value: ids }],
              build: ([i]) => rLayer.apply(eLayer.apply(i)) as tf.SymbolicTensor,
              weights: [[eLayer, [emb]], [rLayer, w]],
            });
            const e = ref.embedding({ inputDim: V, outputDim: D, maskZero: true }, [emb], ids);
            const got = ref.recurrent(kind, cfg, w, e.output, { mask: e.mask });
            assertClose(got.output, expected, TOL, kind);
            // Without an initial state, Keras 3 (TF backend) agrees: previous output == previous h.
            const keras3 = ref.recurrent(kind, { ...cfg, maskedOutput: 'previous_output' }, w, e.output, { mask: e.mask });
            assertClose(keras3.output, got.output, 0, 'TF backend vs scan semantics without initial_state');
          });
        }

      it('masking via a Masking layer (post-padded float inputs), last output', async () => {
        const rng = new Rng(`${kind}/masking`);
        const mask = lengthMask([6, 2, 4], T);
        const x = randn(rng, [B, T, I], 1);
        for (let n = 0; n < B * T; n++) if (!mask.data[n]) x.data.fill(0, n * I, (n + 1) * I);
        const cfg: ref.RecurrentConfig = { units: H, ...gruCfg };
        const w = randomWeights(rng, ref.weightShapes(kind, cfg, I));
        const rLayer = tfjsLayer(kind, { units: H });
        const [expected] = await runTfjs({
          inputs: [{ value: x }],
          build: ([i]) => rLayer.apply(tf.layers.masking({ maskValue: 0 }).apply(i)) as tf.SymbolicTensor,
          weights: [[rLayer, w]],
        });
        const m = ref.masking(x, 0);
        assertClose(m.mask, mask, 0, 'mask');
        const got = ref.recurrent(kind, cfg, w, m.output, { mask: m.mask });
        assertClose(got.output, expected, TOL, kind);
        // The last output of a sample equals running it alone on its unpadded prefix.
        const short = ref.recurrent(kind, cfg, w, ref.tensor([1, 2, I], x.data.subarray(1 * T * I, 1 * T * I + 2 * I)));
        assertClose(ref.tensor([1, H], got.output.data.subarray(H, 2 * H)), short.output, 1e-12, 'prefix');
      });
    });
  }

  describe('Bidirectional', () => {
    const B = 2, T = 5, I = 3, H = 4;
    const modes: ref.MergeMode[] = ['concat', 'sum', 'mul', 'ave', null];
    for (const kind of KINDS)
      for (const mergeMode of modes)
        for (const returnSequences of [true, false]) {
          it(`${kind} merge_mode=${mergeMode} return_sequences=${returnSequences}`, async () => {
            const rng = new Rng(`bi/${kind}/${mergeMode}/${returnSequences}`);
            const cfg: ref.RecurrentConfig = { units: H, returnSequences, ...(kind === 'GRU' ? { resetAfter: false } : {}) };
            const one = ref.weightShapes(kind, cfg, I);
            const w = randomWeights(rng, [...one, ...one]);
            const x = randn(rng, [B, T, I], 1);
            const bi = tf.layers.bidirectional({ layer: tfjsLayer(kind, { units: H, returnSequences }) as never, mergeMode: mergeMode ?? undefined });
            if (mergeMode === null) (bi as unknown as { mergeMode: null }).mergeMode = null;
            const outs = await runTfjs({ inputs: [{ value: x }], build: ([i]) => bi.apply(i) as tf.SymbolicTensor, weights: [[bi, w]] });
            const got = ref.bidirectional(kind, cfg, w, x, {}, { mergeMode });
            const gotList = Array.isArray(got.output) ? got.output : [got.output];
            assert.strictEqual(outs.length, gotList.length);
            gotList.forEach((g, k) => assertClose(g, outs[k], TOL, `output ${k}`));
          });
        }

    for (const kind of KINDS) {
      it(`${kind} with a mask (mask_zero), return_sequences and return_state; TF.js has no zero_output_for_mask`, async () => {
        const rng = new Rng(`bi-mask/${kind}`);
        const V = 9, D = I, T2 = 6;
        const mask = lengthMask([6, 2, 4], T2);
        const ids = maskedIds(rng, mask, V);
        const emb = randn(rng, [V, D], 1);
        const cfg: ref.RecurrentConfig = { units: H, returnSequences: true, returnState: true, maskedOutput: 'previous_state', ...(kind === 'GRU' ? { resetAfter: false } : {}) };
        const one = ref.weightShapes(kind, cfg, D);
        const w = randomWeights(rng, [...one, ...one]);
        const eLayer = tf.layers.embedding({ inputDim: V, outputDim: D, maskZero: true });
        const bi = tf.layers.bidirectional({ layer: tfjsLayer(kind, { units: H, returnSequences: true, returnState: true }) as never, mergeMode: 'concat' });
        const outs = await runTfjs({
          inputs: [{ value: ids }],
          build: ([i]) => bi.apply(eLayer.apply(i)) as tf.SymbolicTensor[],
          weights: [[eLayer, [emb]], [bi, w]],
        });
        const e = ref.embedding({ inputDim: V, outputDim: D, maskZero: true }, [emb], ids);
        const tfjsLike = ref.bidirectional(kind, cfg, w, e.output, { mask: e.mask }, { forceZeroOutputForMask: false });
        assertClose(tfjsLike.output as ref.Tensor, outs[0], TOL, 'sequence (TF.js semantics)');
        tfjsLike.states.forEach((s, k) => assertClose(s, outs[k + 1], TOL, `state ${k}`));
        // Keras 3: identical states, but zeros at masked steps of the sequence output.
        const keras = ref.bidirectional(kind, cfg, w, e.output, { mask: e.mask });
        keras.states.forEach((s, k) => assertClose(s, tfjsLike.states[k], 0, `keras state ${k}`));
        const seq = keras.output as ref.Tensor, tfSeq = tfjsLike.output as ref.Tensor;
        for (let b = 0; b < 3; b++)
          for (let t = 0; t < T2; t++)
            for (let j = 0; j < 2 * H; j++) {
              const n = (b * T2 + t) * 2 * H + j;
              if (mask.data[b * T2 + t]) assert.strictEqual(seq.data[n], tfSeq.data[n]);
              else assert.strictEqual(seq.data[n], 0);
            }
      });
    }

    it('initial_state: first half forward, second half backward', async () => {
      const rng = new Rng('bi/init');
      const cfg: ref.RecurrentConfig = { units: H, returnSequences: true };
      const one = ref.weightShapes('LSTM', cfg, I);
      const w = randomWeights(rng, [...one, ...one]);
      const x = randn(rng, [B, T, I], 1);
      const states = Array.from({ length: 4 }, () => randn(rng, [B, H], 1));
      const bi = tf.layers.bidirectional({ layer: tfjsLayer('LSTM', { units: H, returnSequences: true }) as never, mergeMode: 'concat' });
      const [expected] = await runTfjs({
        inputs: [{ value: x }, ...states.map((s) => ({ value: s }))],
        build: ([i, ...s]) => bi.apply(i, { initialState: s }) as tf.SymbolicTensor,
        weights: [[bi, w]],
      });
      assertClose(ref.bidirectional('LSTM', cfg, w, x, { initialState: states }).output as ref.Tensor, expected, TOL, 'bi init');
    });
  });

  describe('Dense, TimeDistributed(Dense), RepeatVector, Embedding', () => {
    it('Dense on 2-D and 3-D inputs with activations (incl. softmax)', async () => {
      const rng = new Rng('dense');
      for (const activation of ['linear', 'sigmoid', 'tanh', 'relu', 'softmax', 'elu', 'softplus', 'softsign', 'selu']) {
        const x = randn(rng, [3, 4, 6], 1);
        const w = [randn(rng, [6, 5]), randn(rng, [5])];
        const layer = tf.layers.dense({ units: 5, activation: activation as never });
        const [expected] = await runTfjs({ inputs: [{ value: x }], build: ([i]) => layer.apply(i) as tf.SymbolicTensor, weights: [[layer, w]] });
        assertClose(ref.dense({ units: 5, activation }, w, x), expected, TOL, activation);
      }
    });

    it('TimeDistributed(Dense) and RepeatVector', async () => {
      const rng = new Rng('td');
      const x = randn(rng, [2, 3], 1);
      const w = [randn(rng, [3, 4]), randn(rng, [4])];
      const td = tf.layers.timeDistributed({ layer: tf.layers.dense({ units: 4, activation: 'tanh' }) });
      const [expected] = await runTfjs({
        inputs: [{ value: x }],
        build: ([i]) => td.apply(tf.layers.repeatVector({ n: 5 }).apply(i)) as tf.SymbolicTensor,
        weights: [[td, w]],
      });
      const got = ref.timeDistributedDense({ units: 4, activation: 'tanh' }, w, ref.repeatVector(x, 5));
      assertClose(got, expected, TOL, 'td');
      assertClose(got, ref.dense({ units: 4, activation: 'tanh' }, w, ref.repeatVector(x, 5)), 1e-15, 'td == dense on 3-D');
    });

    it('Embedding lookup and out-of-range ids', async () => {
      const rng = new Rng('emb');
      const ids = ref.tensor([2, 3], [1, 0, 4, 2, 2, 3]);
      const table = randn(rng, [5, 3]);
      const layer = tf.layers.embedding({ inputDim: 5, outputDim: 3 });
      const [expected] = await runTfjs({ inputs: [{ value: ids, dtype: 'int32' }], build: ([i]) => layer.apply(i) as tf.SymbolicTensor, weights: [[layer, [table]]] });
      const got = ref.embedding({ inputDim: 5, outputDim: 3 }, [table], ids);
      assertClose(got.output, expected, 1e-7, 'embedding');
      assert.strictEqual(got.mask, null);
      assert.throws(() => ref.embedding({ inputDim: 5, outputDim: 3 }, [table], ref.tensor([1, 1], [5])), /outside \[0, 5\)/);
    });
  });
});
