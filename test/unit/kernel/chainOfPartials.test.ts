// unroll.chain_of_partials: through the kernel, the product norms it returns for a layer deep in
// a Sequential model (Embedding → LSTM → GRU) equal ‖∂h_T/∂h_t‖ measured by float64 central
// differences of the oracle cells (test/oracles) run on the model's own weights — which checks
// the recomputed layer input, the weight order and the product together.
import * as assert from 'node:assert/strict';
import { gruCell, lstmCell, type Cell } from '../../oracles/cells';
import { tensor, type Tensor } from '../../oracles/tensor';
import { matrix, spectralNorm } from '../../../src/engine/jacobians/linalg';
import { TestKernel, plain } from './harness';

/**
 * ‖∂h_T/∂h_t‖ for t = 0..T−2 by float64 central differences of a one-state (h) oracle cell run
 * over `inputs`: the kernel's product_norm[t + 1] (its index counts the product after input step t).
 */
function productNormsByDifferences(cell: Cell, inputs: Tensor[]): number[] {
  const T = inputs.length, H = cell.units;
  const runFrom = (t: number, h: number[]) => {
    let s = [tensor([1, H], h)];
    for (let k = t + 1; k < T; k++) s = cell.step(inputs[k], s).states;
    return Array.from(s[0].data);
  };
  const hs: number[][] = [];
  let h = tensor([1, H]);
  for (let t = 0; t < T; t++) { h = cell.step(inputs[t], [h]).states[0]; hs.push(Array.from(h.data)); }
  return Array.from({ length: T - 1 }, (_, t) => {
    const J = matrix(H, H);
    for (let c = 0; c < H; c++) {
      const eps = 1e-6, plus = [...hs[t]], minus = [...hs[t]];
      plus[c] += eps; minus[c] -= eps;
      const a = runFrom(t, plus), b = runFrom(t, minus);
      for (let r = 0; r < H; r++) J.data[r * H + c] = (a[r] - b[r]) / (2 * eps);
    }
    return spectralNorm(J);
  });
}

/** product_norm[t + 1] equals the finite differences' ‖∂h_T/∂h_t‖ within 1e-6 (relative). */
function assertProductNorms(productNorm: number[], want: number[], what: string): void {
  want.forEach((w, t) => assert.ok(Math.abs(productNorm[t + 1] - w) < 1e-6 * Math.max(w, 1e-3), `${what} t=${t}: ${productNorm[t + 1]} vs finite difference ${w}`));
}

describe('kernel: chain_of_partials', function () {
  this.timeout(120_000);
  let kernel: TestKernel;
  beforeEach(() => { kernel = new TestKernel(); });
  afterEach(async () => kernel.dispose());

  const json = <T>(source: string) => JSON.parse(kernel.run(source)) as T;

  it('matches finite differences of ∂h_T/∂h_t for a GRU after an Embedding and an LSTM', () => {
    kernel.run(`keras.utils.set_random_seed(3)
model = Sequential([Embedding(12, 4, input_shape=(9,)), LSTM(5, return_sequences=True, name='lstm'), GRU(3, name='gru'), Dense(1)])
ids = [3, 1, 4, 1, 5, 9, 2, 6, 5]`);
    kernel.shown = [];
    kernel.run("chain = chain_of_partials(model, ids, layer='gru')");
    const table = plain(kernel.shown[0]);
    assert.match(table, /Chain of partials of 'gru' \(GRU, state h\), 9 steps/);
    assert.match(table, /ρ\(W_hh .*\) = .*1\.0 line/);
    const productNorm = json<number[]>("chain['product_norm'].tolist()");
    const T = 9;
    assert.equal(productNorm.length, T);
    const emb = json<number[][]>('model.layers[0].get_weights()[0].tolist()');
    const lw = json<number[][][]>('[w.tolist() for w in model.layers[1].get_weights()]');
    const gw = json<number[][][]>('[w.tolist() for w in model.layers[2].get_weights()]');
    const lstm = lstmCell({ units: 5 }, [tensor([4, 20], lw[0].flat()), tensor([5, 20], lw[1].flat()), tensor([20], lw[2].flat())], 4);
    const gru = gruCell({ units: 3 }, [tensor([5, 9], gw[0].flat()), tensor([3, 9], gw[1].flat()), tensor([2, 9], gw[2].flat())], 5);
    const ids = [3, 1, 4, 1, 5, 9, 2, 6, 5];
    // The GRU's inputs: the LSTM's outputs over the embedded ids.
    let states = [tensor([1, 5]), tensor([1, 5])];
    const gruInputs = ids.map(id => {
      states = lstm.step(tensor([1, 4], emb[id]), states).states;
      return states[0];
    });
    // productNorm[t] = ‖∏_{k=t+1..T} J_k‖ = ‖∂h_T/∂h_t‖ (0-based: the product after input step t); the last entry is J_T alone.
    assertProductNorms(productNorm, productNormsByDifferences(gru, gruInputs), 'gru');
  });

  it('a Bidirectional GRU: each direction\'s product equals finite differences, the backward one in the order it reads the sequence', () => {
    kernel.run(`keras.utils.set_random_seed(5)
import numpy as np
model = Sequential([Bidirectional(GRU(3), input_shape=(7, 2), name='bi'), Dense(1)])
x = np.array([[0.3, -0.5], [0.9, 0.1], [-0.2, 0.4], [0.6, -0.8], [0.1, 0.7], [-0.9, 0.2], [0.4, 0.5]])`);
    const w = json<number[][][]>("[w.tolist() for w in model.layers[0].get_weights()]");
    const x = json<number[][]>('x.tolist()');
    for (const direction of ['forward', 'backward'] as const) {
      kernel.shown = [];
      kernel.run(`chain = chain_of_partials(model, x, direction='${direction}')`);
      const table = plain(kernel.shown[0]);
      assert.match(table, new RegExp(`Chain of partials of 'bi \\(${direction}\\)' \\(GRU, state h\\), 7 steps`));
      assert.equal(/reads the sequence backwards/.test(table), direction === 'backward');
      const productNorm = json<number[]>("chain['product_norm'].tolist()");
      assert.equal(productNorm.length, x.length);
      const [kernelW, recurrentW, biasW] = direction === 'forward' ? w.slice(0, 3) : w.slice(3, 6);
      const gru = gruCell({ units: 3 }, [tensor([2, 9], kernelW.flat()), tensor([3, 9], recurrentW.flat()), tensor([2, 9], biasW.flat())], 2);
      // The backward copy reads x from its last step to its first.
      const inputs = (direction === 'forward' ? x : [...x].reverse()).map(row => tensor([1, 2], row));
      assertProductNorms(productNorm, productNormsByDifferences(gru, inputs), direction);
    }
    assert.match(kernel.fails("chain_of_partials(model, x, direction='sideways')").message, /direction is 'forward' or 'backward', got 'sideways'/);
    kernel.run("flat = Sequential([GRU(3, input_shape=(7, 2)), Dense(1)])");
    assert.match(kernel.fails("chain_of_partials(flat, x, direction='backward')").message, /direction is for a Bidirectional layer/);
  });

  it('reads the input of a GRU through a Bidirectional below it (concat and sum), as finite differences of oracle cells say', () => {
    const x = [[0.3, -0.5], [0.9, 0.1], [-0.2, 0.4], [0.6, -0.8], [0.1, 0.7], [-0.9, 0.2]];
    for (const mode of ['concat', 'sum'] as const) {
      kernel.run(`keras.utils.set_random_seed(7)
import numpy as np
model = Sequential([Bidirectional(GRU(2, return_sequences=True), merge_mode='${mode}', input_shape=(6, 2), name='bi'), GRU(3, name='top'), Dense(1)])
x = np.array(${JSON.stringify(x)})`);
      const productNorm = json<number[]>("chain_of_partials(model, x, layer='top')['product_norm'].tolist()");
      const bw = json<number[][][]>('[w.tolist() for w in model.layers[0].get_weights()]');
      const tw = json<number[][][]>('[w.tolist() for w in model.layers[1].get_weights()]');
      const cell = (w: number[][][], inputs: number, units: number) => gruCell({ units }, [tensor([inputs, 3 * units], w[0].flat()), tensor([units, 3 * units], w[1].flat()), tensor([2, 3 * units], w[2].flat())], inputs);
      const run = (c: Cell, rows: number[][]) => {
        let h = tensor([1, c.units]);
        return rows.map(r => (h = c.step(tensor([1, r.length], r), [h]).states[0], Array.from(h.data)));
      };
      const forward = run(cell(bw.slice(0, 3), 2, 2), x);
      const backward = run(cell(bw.slice(3, 6), 2, 2), [...x].reverse()).reverse();
      const merged = forward.map((f, t) => (mode === 'concat' ? [...f, ...backward[t]] : f.map((v, i) => v + backward[t][i])));
      const top = cell(tw, merged[0].length, 3);
      assertProductNorms(productNorm, productNormsByDifferences(top, merged.map(r => tensor([1, r.length], r))), `top over ${mode}`);
    }
  });

  it('a fresh SimpleRNN has ρ = σ_max = 1 (orthogonal W_hh) and names the layer it reads', () => {
    kernel.run(`model = Sequential([SimpleRNN(6, input_shape=(20, 2)), Dense(1)])
import numpy as np
x = np.ones((1, 20, 2)) * 0.5
r = chain_of_partials(model, x)`);
    assert.ok(Math.abs(Number(kernel.run("r['spectral_radius']")) - 1) < 1e-5);
    assert.ok(Math.abs(Number(kernel.run("r['sigma_max']")) - 1) < 1e-5);
    assert.deepEqual(json<number[]>("list(r['singular_values'].shape)"), [20, 3]);
    assert.match(kernel.fails("chain_of_partials(model, x, layer=1)").message, /layer 'dense.*' is a Dense; pick a SimpleRNN, LSTM, GRU or Bidirectional layer/);
    assert.match(kernel.fails("chain_of_partials(model, np.ones((2, 20, 2)))").message, /x is one sequence/);
  });

  it('keeps ρ and σ_max of W_hh after every epoch of every fit, the last one being the weights it reads now', () => {
    kernel.run(`(x, y), _ = datasets.parity(n_train=64, n_test=8, T=6)
model = Sequential([SimpleRNN(5, input_shape=(6, 1), name='rnn'), Dense(1, activation='sigmoid')])
model.compile(loss='binary_crossentropy', optimizer='adam')
model.fit(x, y, epochs=2, batch_size=16, verbose=0)
model.fit(x, y, epochs=1, batch_size=16, verbose=0)`);
    kernel.shown = [];
    kernel.run('r = chain_of_partials(model, x[0])');
    const rho = json<number[]>("r['spectral_radius_per_epoch'].tolist()"), sigma = json<number[]>("r['sigma_max_per_epoch'].tolist()");
    assert.equal(rho.length, 3);
    assert.equal(sigma.length, 3);
    assert.ok(Math.abs(rho[2] - Number(kernel.run("r['spectral_radius']"))) < 1e-9, 'the last epoch is the current weights');
    // The record's σ_max is power iteration, the table's a Jacobi SVD: two methods, one value.
    const sigmaNow = Number(kernel.run("r['sigma_max']"));
    assert.ok(Math.abs(sigma[2] - sigmaNow) < 1e-6 * sigmaNow, `per-epoch σ_max ${sigma[2]} vs ${sigmaNow}`);
    rho.forEach((v, i) => assert.ok(sigma[i] >= v - 1e-9, `σ_max ≥ ρ at epoch ${i + 1}`));
    assert.match(plain(kernel.shown[0]), /Over training \(3 epochs\): ρ /);
  });

  it('a fit that explodes keeps training to its end (the per-epoch record is NaN there), and chain_of_partials says why it cannot read it', () => {
    kernel.run(`from keras.initializers import Orthogonal
(x, y), _ = datasets.noisy_sines(n_train=256, n_test=8, T=30)
model = Sequential([SimpleRNN(32, recurrent_initializer=Orthogonal(gain=1.5), input_shape=(30, 1), name='rnn'), Dense(1)])
model.compile(loss='mse', optimizer=SGD(learning_rate=0.1))
model.fit(x, y, epochs=6, batch_size=32, verbose=0)`);
    assert.match(kernel.fails('chain_of_partials(model, x[0])').message, /layer 'rnn' has NaN or Inf weights \(the run exploded\)/);
  });
});
