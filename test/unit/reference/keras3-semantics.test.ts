/**
 * Keras 3 semantics that TensorFlow.js cannot check (it follows Keras 2), verified
 * against math derived by hand from the Keras 3 sources instead.
 */
import * as assert from 'assert';
import { Rng } from '../../../src/engine/util/rng';
import * as ref from '../../oracles';
import { tf, useTfjsCpu } from '../../oracles/tfjs';
import { assertClose, lengthMask, randn, randomWeights } from './helpers';

const sigmoid = (v: number) => 1 / (1 + Math.exp(-v));

/**
 * GRU reset_after=True written straight from keras/src/layers/rnn/gru.py (GRUCell.call):
 *   input_bias, recurrent_bias = unstack(bias)
 *   x_z = x·W[:, :H] + b_in[:H]; x_r = x·W[:, H:2H] + b_in[H:2H]; x_h = x·W[:, 2H:] + b_in[2H:]
 *   matrix_inner = h·U + b_rec;  recurrent_z, recurrent_r, recurrent_h = split(matrix_inner, 3)
 *   z = σ(x_z + recurrent_z);  r = σ(x_r + recurrent_r);  hh = tanh(x_h + r ⊙ recurrent_h)
 *   h = z ⊙ h_prev + (1 − z) ⊙ hh
 * One sample, one step at a time, with scalar dot products: independent of the oracle's matmuls.
 */
function gruResetAfterByHand(w: ref.Tensor[], x: number[][], h0: number[], H: number): number[][] {
  const [W, U, bias] = w;
  const I = x[0].length;
  const Wc = (i: number, col: number) => W.data[i * 3 * H + col];
  const Uc = (k: number, col: number) => U.data[k * 3 * H + col];
  const bIn = (col: number) => bias.data[col];
  const bRec = (col: number) => bias.data[3 * H + col];
  let h = [...h0];
  const out: number[][] = [];
  for (const xt of x) {
    const next: number[] = [];
    for (let j = 0; j < H; j++) {
      let xz = bIn(j), xr = bIn(H + j), xh = bIn(2 * H + j);
      for (let i = 0; i < I; i++) {
        xz += xt[i] * Wc(i, j);
        xr += xt[i] * Wc(i, H + j);
        xh += xt[i] * Wc(i, 2 * H + j);
      }
      let rz = bRec(j), rr = bRec(H + j), rh = bRec(2 * H + j);
      for (let k = 0; k < H; k++) {
        rz += h[k] * Uc(k, j);
        rr += h[k] * Uc(k, H + j);
        rh += h[k] * Uc(k, 2 * H + j);
      }
      const z = sigmoid(xz + rz), r = sigmoid(xr + rr);
      const hh = Math.tanh(xh + r * rh);
      next.push(z * h[j] + (1 - z) * hh);
    }
    h = next;
    out.push(h);
  }
  return out;
}

describe('Keras 3 semantics beyond TensorFlow.js', () => {
  describe('GRU reset_after=True (the Keras 3 default; TF.js lacks it)', () => {
    it('TF.js 4.22 rejects reset_after=True, so it cannot serve as the reference here', async () => {
      await useTfjsCpu();
      assert.throws(() => tf.layers.gru({ units: 2, resetAfter: true } as never).apply(tf.input({ shape: [3, 2] })), /reset_after/);
    });

    it('matches the hand-derived recurrence from the Keras source', () => {
      const rng = new Rng('gru-ra');
      const B = 2, T = 5, I = 3, H = 4;
      const cfg: ref.RecurrentConfig = { units: H, returnSequences: true };
      const shapes = ref.weightShapes('GRU', cfg, I);
      assert.deepStrictEqual(shapes, [[I, 3 * H], [H, 3 * H], [2, 3 * H]]);
      const w = randomWeights(rng, shapes);
      const x = randn(rng, [B, T, I], 1);
      const h0 = randn(rng, [B, H], 1);
      const got = ref.gru(cfg, w, x, { initialState: [h0] }).output;
      for (let b = 0; b < B; b++) {
        const xs = Array.from({ length: T }, (_, t) => Array.from(x.data.subarray((b * T + t) * I, (b * T + t + 1) * I)));
        const want = gruResetAfterByHand(w, xs, Array.from(h0.data.subarray(b * H, (b + 1) * H)), H);
        for (let t = 0; t < T; t++)
          for (let j = 0; j < H; j++) assert.ok(Math.abs(got.data[(b * T + t) * H + j] - want[t][j]) < 1e-14);
      }
    });

    it('one unit, one step, numbers worked out by hand', () => {
      // W = [wz, wr, wh], U = [uz, ur, uh], bias = [[bz, br, bh], [cz, cr, ch]]
      const w = [ref.tensor([1, 3], [0.5, -1, 2]), ref.tensor([1, 3], [1, 0.5, -0.5]), ref.tensor([2, 3], [0.1, 0.2, 0.3, -0.1, 0.4, 0.6])];
      const x = 0.8, h = -0.3;
      const z = sigmoid(0.5 * x + 0.1 + (1 * h - 0.1));
      const r = sigmoid(-1 * x + 0.2 + (0.5 * h + 0.4));
      const hh = Math.tanh(2 * x + 0.3 + r * (-0.5 * h + 0.6)); // reset applied after U·h + b_rec
      const want = z * h + (1 - z) * hh;
      const got = ref.gru({ units: 1 }, w, ref.tensor([1, 1, 1], [x]), { initialState: [ref.tensor([1, 1], [h])] }).output;
      assert.ok(Math.abs(got.data[0] - want) < 1e-15);
      // reset_after=False differs: the reset multiplies h before U_h, and bias is [3H].
      const wf = [w[0], w[1], ref.tensor([3], [0.1, 0.2, 0.3])];
      const z2 = sigmoid(0.5 * x + 0.1 + 1 * h), r2 = sigmoid(-1 * x + 0.2 + 0.5 * h);
      const hh2 = Math.tanh(2 * x + 0.3 + (r2 * h) * -0.5);
      const got2 = ref.gru({ units: 1, resetAfter: false }, wf, ref.tensor([1, 1, 1], [x]), { initialState: [ref.tensor([1, 1], [h])] }).output;
      assert.ok(Math.abs(got2.data[0] - (z2 * h + (1 - z2) * hh2)) < 1e-15);
    });

    it('reset_after=True with a zero recurrent bias and r ≡ 1 equals reset_after=False', () => {
      // With U_r = 0 and a huge r-bias, r = 1 in both, so r⊙(U_h·h) = U_h·(r⊙h).
      const rng = new Rng('gru-eq');
      const I = 2, H = 3;
      const W = randn(rng, [I, 3 * H]), U = randn(rng, [H, 3 * H]);
      for (let k = 0; k < H; k++) for (let j = H; j < 2 * H; j++) U.data[k * 3 * H + j] = 0;
      const bIn = randn(rng, [3 * H]);
      for (let j = H; j < 2 * H; j++) bIn.data[j] = 40;
      const biasAfter = ref.tensor([2, 3 * H], [...bIn.data, ...new Array<number>(3 * H).fill(0)]);
      const x = randn(rng, [2, 4, I], 1);
      const a = ref.gru({ units: H, returnSequences: true }, [W, U, biasAfter], x).output;
      const b = ref.gru({ units: H, returnSequences: true, resetAfter: false }, [W, U, bIn], x).output;
      assertClose(a, b, 1e-12, 'reset_after equivalence');
    });
  });

  it('hard_sigmoid is Keras 3 relu6(x+3)/6, not Keras 2 clip(0.2x+0.5)', () => {
    const hs = ref.getActivation('hard_sigmoid');
    assert.deepStrictEqual([-4, -3, 0, 1.5, 3, 4].map(hs), [0, 0, 0.5, 0.75, 1, 1]);
    assert.strictEqual(ref.getActivation('hard_sigmoid_keras2')(1.5), 0.8);
    assert.throws(() => ref.getActivation('hard_sigmoyd'), /Unknown activation/);
    assert.throws(() => ref.getActivation('softmax'), /whole vector/);
  });

  it('go_backwards: output sequence is in processing order; the last output belongs to t = 0', () => {
    const rng = new Rng('gb');
    const cfg: ref.RecurrentConfig = { units: 3, returnSequences: true };
    const w = randomWeights(rng, ref.weightShapes('SimpleRNN', cfg, 2));
    const x = randn(rng, [1, 4, 2], 1);
    const back = ref.simpleRNN({ ...cfg, goBackwards: true }, w, x).output;
    const fwdOnReversed = ref.simpleRNN(cfg, w, ref.reverseTime(x)).output;
    assertClose(back, fwdOnReversed, 0, 'go_backwards = forward over reversed input, not flipped back');
    const last = ref.simpleRNN({ units: 3, goBackwards: true }, w, x).output;
    assertClose(last, ref.tensor([1, 3], back.data.subarray(9, 12)), 0, 'last output');
  });

  it('masked steps keep every state; leading masked steps output zeros (TF backend) even with initial_state', () => {
    const rng = new Rng('lead');
    const H = 2, T = 4;
    const cfg: ref.RecurrentConfig = { units: H, returnSequences: true, returnState: true };
    const w = randomWeights(rng, ref.weightShapes('LSTM', cfg, 3));
    const x = randn(rng, [1, T, 3], 1);
    const init = [randn(rng, [1, H], 1), randn(rng, [1, H], 1)];
    const mask = lengthMask([2], T, 'pre'); // [0, 0, 1, 1]
    const tfBackend = ref.lstm(cfg, w, x, { mask, initialState: init });
    assert.deepStrictEqual(Array.from(tfBackend.output.data.subarray(0, 2 * H)), [0, 0, 0, 0]);
    const scan = ref.lstm({ ...cfg, maskedOutput: 'previous_state' }, w, x, { mask, initialState: init });
    assert.deepStrictEqual(Array.from(scan.output.data.subarray(0, H)), Array.from(init[0].data));
    // Steps 2..3 and the final states are the same either way, and equal running the
    // unmasked suffix from the initial state.
    const suffix = ref.lstm(cfg, w, ref.tensor([1, 2, 3], x.data.subarray(2 * 3)), { initialState: init });
    assertClose(ref.tensor([1, 2, H], tfBackend.output.data.subarray(2 * H)), suffix.output, 1e-15, 'suffix');
    suffix.states.forEach((s, k) => assertClose(tfBackend.states[k], s, 1e-15, `state ${k}`));
  });

  it('zero_output_for_mask on a plain layer zeroes masked outputs and leaves states alone', () => {
    const rng = new Rng('zo');
    const cfg: ref.RecurrentConfig = { units: 2, returnSequences: true };
    const w = randomWeights(rng, ref.weightShapes('GRU', cfg, 2));
    const x = randn(rng, [1, 5, 2], 1);
    const mask = ref.tensor([1, 5], [1, 0, 1, 0, 0]);
    const a = ref.gru({ ...cfg, zeroOutputForMask: true }, w, x, { mask });
    const b = ref.gru(cfg, w, x, { mask });
    for (let t = 0; t < 5; t++)
      for (let j = 0; j < 2; j++) {
        const n = t * 2 + j;
        assert.strictEqual(a.output.data[n], mask.data[t] ? b.output.data[n] : 0);
      }
    assert.deepStrictEqual(a.states, b.states);
    // carried output without zero_output_for_mask: steps 3, 4 repeat step 2
    assert.deepStrictEqual(Array.from(b.output.data.subarray(8, 10)), Array.from(b.output.data.subarray(4, 6)));
  });

  it('Bidirectional rejects a go_backwards layer and unknown merge modes', () => {
    const w = randomWeights(new Rng(1), [...ref.weightShapes('SimpleRNN', { units: 2 }, 2), ...ref.weightShapes('SimpleRNN', { units: 2 }, 2)]);
    const x = randn(new Rng(2), [1, 3, 2]);
    assert.throws(() => ref.bidirectional('SimpleRNN', { units: 2, goBackwards: true }, w, x), /go_backwards/);
    assert.throws(() => ref.bidirectional('SimpleRNN', { units: 2 }, w, x, {}, { mergeMode: 'max' as never }), /Invalid merge mode/);
  });

  it('default weights: Keras initializers and LSTM unit_forget_bias layout', () => {
    const rng = new Rng('init');
    const w = ref.initRecurrentWeights('LSTM', { units: 3 }, 5, rng);
    assert.deepStrictEqual(w.map((t) => t.shape), [[5, 12], [3, 12], [12]]);
    assert.deepStrictEqual(Array.from(w[2].data), [0, 0, 0, 1, 1, 1, 0, 0, 0, 0, 0, 0]);
    // recurrent kernel [3, 12] is wide: orthonormal rows
    for (let i = 0; i < 3; i++)
      for (let k = 0; k < 3; k++) {
        let s = 0;
        for (let j = 0; j < 12; j++) s += w[1].data[i * 12 + j] * w[1].data[k * 12 + j];
        assert.ok(Math.abs(s - (i === k ? 1 : 0)) < 1e-12);
      }
    const limit = Math.sqrt(6 / (5 + 12));
    for (const v of w[0].data) assert.ok(Math.abs(v) < limit);
    const g = ref.initRecurrentWeights('GRU', { units: 2 }, 4, rng);
    assert.deepStrictEqual(g.map((t) => t.shape), [[4, 6], [2, 6], [2, 6]]);
    const nb = ref.initRecurrentWeights('SimpleRNN', { units: 2, useBias: false }, 4, rng);
    assert.strictEqual(nb.length, 2);
    const noUfb = ref.initRecurrentWeights('LSTM', { units: 2 }, 1, rng, { unitForgetBias: false, biasInitializer: 'ones' });
    assert.deepStrictEqual(Array.from(noUfb[2].data), new Array(8).fill(1));
  });

  it('weight shape errors name the layer and the weight', () => {
    const x = randn(new Rng(3), [1, 2, 3]);
    assert.throws(() => ref.lstm({ units: 2 }, [ref.zeros([3, 8]), ref.zeros([2, 8]), ref.zeros([6])], x), /LSTM bias: expected shape \[8\], got \[6\]/);
    assert.throws(() => ref.gru({ units: 2 }, [ref.zeros([3, 6]), ref.zeros([2, 6]), ref.zeros([6])], x), /reset_after=True/);
    assert.throws(() => ref.simpleRNN({ units: 2 }, [ref.zeros([3, 2])], x), /expected 3 weight arrays/);
  });
});
