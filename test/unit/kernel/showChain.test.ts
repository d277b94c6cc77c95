// show_chain(model, x): what the Chain of Partials panel is sent. The step Jacobians of each layer
// are the engine's (checked against finite differences in engine/jacobians.test.ts and
// kernel/chainOfPartials.test.ts); here the message is rebuilt in the test from those Jacobians,
// with the product norms as this file's own cumulative products, for the picked sample of a batch
// and a layer whose input is another layer's output. A fit after it sends the spectrum per epoch
// (whole series, so the throttle loses none) and the chain with the new weights; NaN weights
// arrive as NaN (through the codec and the panel's guard), never 0.
import * as assert from 'node:assert/strict';
import { stepJacobians, type RecurrentWeights } from '../../../src/engine/jacobians/stepJacobians';
import { frobeniusNorm, matrix, singularValues, spectralNorm, type Matrix } from '../../../src/engine/jacobians/linalg';
import { GradientStream, type ChainMessage, type SpectrumMessage } from '../../../src/protocol/gradients';
import { chainOnModel, chainStandIn } from '../../../src/protocol/gradients/panelFeeds';
import { fromWire, toWire } from '../../../src/protocol/gradients/codec';
import { isHostToChain } from '../../../src/protocol/guards';
import { panelRequests } from '../../../src/protocol/gradients/outputs';
import { TestKernel, plain } from './harness';

/** a · b, the test's own product (not the engine's matmul). */
function times(a: Matrix, b: Matrix): Matrix {
  const out = matrix(a.rows, b.cols);
  for (let i = 0; i < a.rows; i++)
    for (let k = 0; k < a.cols; k++)
      for (let j = 0; j < b.cols; j++) out.data[i * b.cols + j] += a.data[i * a.cols + k] * b.data[k * b.cols + j];
  return out;
}

const close = (got: number, want: number, what: string) =>
  assert.ok(Math.abs(got - want) <= 1e-9 * Math.max(1, Math.abs(want)), `${what}: ${got} vs ${want}`);

describe('kernel: show_chain (the Chain of Partials panel)', function () {
  this.timeout(120_000);
  let kernel: TestKernel;
  beforeEach(() => {
    kernel = new TestKernel();
    kernel.run('import numpy as np');
  });
  afterEach(async () => kernel.dispose());

  const chains = (): ChainMessage[] => kernel.telemetry.flatMap(m => (m.kind === 'chain' ? [m.chain] : []));
  const spectra = (): SpectrumMessage[] => kernel.telemetry.flatMap(m => (m.kind === 'spectrum' ? [m.spectrum] : []));
  const json = <T>(source: string) => JSON.parse(kernel.run(source)) as T;

  it('a Bidirectional layer sends two chains, the backward one marked, each equal to chain_of_partials of that direction', () => {
    kernel.run(`keras.utils.set_random_seed(2)
model = Sequential([Bidirectional(LSTM(3), input_shape=(5, 2), name='bi'), Dense(1)], name='both_ways')
x = np.random.default_rng(0).normal(size=(5, 2))
show_chain(model, x)`);
    const [c] = chains();
    assert.deepEqual(c.layers.map(l => [l.layer, l.kind, l.units, l.state, !!l.backwards]), [['bi (forward)', 'LSTM', 3, 'h,c', false], ['bi (backward)', 'LSTM', 3, 'h,c', true]]);
    assert.equal(c.selected, 'bi (forward)');
    for (const [i, direction] of [[0, 'forward'], [1, 'backward']] as const) {
      const want = json<number[]>(`chain_of_partials(model, x, direction='${direction}')['product_norm'].tolist()`);
      c.layers[i].productNorm.forEach((v, t) => close(v, want[t], `${direction} ‖∏‖ from ${t + 1}`));
    }
    assert.notDeepEqual(c.layers[0].productNorm, c.layers[1].productNorm, 'two directions, two chains');
    assert.match(kernel.shown.map(plain).join('\n'), /bi \(backward\) \(LSTM\(3\), read backwards\): the product/);
    // ρ and σ_max over training, per direction, under the picker's names; chain_of_partials reads the same series.
    kernel.telemetry = [];
    kernel.run(`model.compile(loss='mse', optimizer='adam')
model.fit(np.random.default_rng(1).normal(size=(32, 5, 2)), np.zeros((32, 1)), epochs=2, batch_size=16, verbose=0)`);
    const spectrum = spectra().at(-1)!;
    assert.deepEqual(Object.keys(spectrum.layers).sort(), ['bi (backward)', 'bi (forward)']);
    for (const direction of ['forward', 'backward']) {
      const series = spectrum.layers[`bi (${direction})`];
      assert.equal(series.spectralRadius.length, 2);
      const now = Number(kernel.run(`chain_of_partials(model, x, direction='${direction}')['spectral_radius']`));
      close(series.spectralRadius[1], now, `${direction} ρ after the last epoch`);
      assert.deepEqual(json<number[]>(`chain_of_partials(model, x, direction='${direction}')['spectral_radius_per_epoch'].tolist()`), series.spectralRadius);
    }
    assert.notDeepEqual(spectrum.layers['bi (forward)'].spectralRadius, spectrum.layers['bi (backward)'].spectralRadius, 'two directions, two series');
  });

  it("sends every recurrent layer's step norms, singular values and product norms of the picked sample, as the engine computes them", () => {
    kernel.run(`keras.utils.set_random_seed(5)
model = Sequential([SimpleRNN(4, return_sequences=True, input_shape=(7, 2), name='rnn'), LSTM(3, name='lstm'), Dense(1)], name='stack')
rng = np.random.default_rng(1)
xs = rng.normal(size=(3, 7, 2))
show_chain(model, xs, layer='lstm', sample=2)`);
    const [c] = chains();
    assert.equal(c.modelName, 'stack');
    assert.equal(c.selected, 'lstm');
    assert.equal(c.epochs, 0);
    assert.deepEqual(c.layers.map(l => [l.layer, l.kind, l.units, l.state]), [['rnn', 'SimpleRNN', 4, 'h'], ['lstm', 'LSTM', 3, 'h,c']]);
    // The test's own reference: the engine's step Jacobians of sample 2, the LSTM's input being the SimpleRNN's h.
    const x = json<number[][][]>('xs.tolist()')[2].flat();
    const rw = json<number[][][]>('[w.tolist() for w in model.layers[0].get_weights()]');
    const lw = json<number[][][]>('[w.tolist() for w in model.layers[1].get_weights()]');
    const rnn: RecurrentWeights = { kind: 'SimpleRNN', units: 4, activation: 'tanh', kernel: rw[0].flat(), recurrentKernel: rw[1].flat(), bias: rw[2].flat() };
    const lstm: RecurrentWeights = { kind: 'LSTM', units: 3, activation: 'tanh', recurrentActivation: 'sigmoid', kernel: lw[0].flat(), recurrentKernel: lw[1].flat(), bias: lw[2].flat() };
    const rnnSteps = stepJacobians(rnn, x, 7, 2);
    const lstmSteps = stepJacobians(lstm, rnnSteps.flatMap(s => Array.from(s.state)), 7, 4);
    for (const [sent, steps, n] of [[c.layers[0], rnnSteps, 4], [c.layers[1], lstmSteps, 6]] as const) {
      assert.equal(sent.productNorm.length, 7);
      steps.forEach((s, k) => {
        close(sent.stepFrobenius[k], frobeniusNorm(s.jacobian), `${sent.layer} ‖J_${k + 1}‖_F`);
        const sv = singularValues(s.jacobian);
        assert.equal(sent.stepSingularValues[k].length, 3);
        sent.stepSingularValues[k].forEach((v, i) => close(v, sv[i], `${sent.layer} σ_${i + 1}(J_${k + 1})`));
        close(sent.stepSpectral[k], sv[0], `${sent.layer} ‖J_${k + 1}‖_2`);
      });
      // ‖J_T ⋯ J_{t+1}‖ for t = T−1 down to 0, multiplied here.
      let product: Matrix = matrix(n, n);
      for (let i = 0; i < n; i++) product.data[i * n + i] = 1;
      for (let t = 6; t >= 0; t--) {
        product = times(product, steps[t].jacobian);
        close(sent.productNorm[t], spectralNorm(product), `${sent.layer} ‖∏_{k=${t + 1}..7} J_k‖`);
      }
    }
    // The same numbers chain_of_partials returns, and the panel opens on this model.
    const dict = json<number[]>("chain_of_partials(model, xs[2], layer='lstm')['product_norm'].tolist()");
    dict.forEach((v, t) => close(c.layers[1].productNorm[t], v, `product_norm[${t}]`));
    const shown = kernel.shown.flatMap(s => s.items);
    assert.deepEqual(panelRequests(shown), [{ command: 'unroll.showChainOfPartials', modelId: c.modelId }]);
    assert.match(plain(kernel.shown.find(s => s.items.some(i => i.data.includes('Chain of partials of stack')))!), /over 7 steps:\n {2}rnn \(SimpleRNN\(4\)\): the product .* over 7 steps/);
    // The host's stream keeps it for a panel opened later (a stand-in: the model has not been fit).
    const stream = new GradientStream();
    for (const m of kernel.telemetry) stream.receive(m);
    const standIn = chainStandIn(stream, c.modelId)!;
    assert.equal(standIn.name, 'stack');
    const fed = chainOnModel(stream, standIn);
    assert.deepEqual(fed.map(m => m.type), ['model', 'chain', 'spectrum']);
    assert.deepEqual((fed[1] as { chain: ChainMessage }).chain, c);
  });

  it('a fit after it sends ρ and σ_max after every epoch (no epoch lost to the throttle) and the chain with the weights it reached', () => {
    kernel.run(`(x, y), _ = datasets.adding(n_train=64, n_test=8, T=12)
model = Sequential([SimpleRNN(6, input_shape=(12, 2), name='rnn'), Dense(1)])
model.compile(loss='mse', optimizer='adam')
show_chain(model, x[:1])`);
    const before = chains()[0].layers[0].productNorm;
    kernel.telemetry = [];
    kernel.run('model.fit(x, y, epochs=4, batch_size=16, verbose=0)');
    const live = spectra();
    assert.ok(live.length >= 1 && live.length <= 4, `${live.length} spectrum messages`);
    const lengths = live.map(s => s.layers.rnn.spectralRadius.length);
    assert.deepEqual(lengths, [...lengths].sort((a, b) => a - b), 'each message the whole series so far');
    const kept = { rho: json<number[]>("chain_of_partials(model, x[0])['spectral_radius_per_epoch'].tolist()"), sigma: json<number[]>("chain_of_partials(model, x[0])['sigma_max_per_epoch'].tolist()") };
    assert.equal(kept.rho.length, 4);
    assert.deepEqual(live[live.length - 1].layers.rnn, { spectralRadius: kept.rho, sigmaMax: kept.sigma });
    for (const s of live) assert.deepEqual(s.layers.rnn.spectralRadius, kept.rho.slice(0, s.layers.rnn.spectralRadius.length));
    const after = chains();
    assert.equal(after.length, 1, 'the chain again when fit ends');
    assert.equal(after[0].epochs, 4);
    const now = json<number[]>("chain_of_partials(model, x[0])['product_norm'].tolist()");
    now.forEach((v, t) => close(after[0].layers[0].productNorm[t], v, `after fit, product_norm[${t}]`));
    assert.notDeepEqual(after[0].layers[0].productNorm, before, 'training changed the chain');
    // A second fit continues the series: epochs 5 and 6 follow the first fit's four.
    kernel.telemetry = [];
    kernel.run('model.fit(x, y, epochs=2, batch_size=16, verbose=0)');
    assert.equal(spectra().at(-1)!.layers.rnn.spectralRadius.length, 6);
    assert.deepEqual(spectra().at(-1)!.layers.rnn.spectralRadius.slice(0, 4), kept.rho);
  });

  it('NaN weights arrive as NaN through the codec and the guard (never 0); a layer it cannot compute says why; bad input is named', () => {
    kernel.run(`model = Sequential([SimpleRNN(3, input_shape=(5, 2), name='rnn'), RepeatVector(4), GRU(2, name='gru')])
w = model.layers[0].get_weights()
w[1] = w[1] * np.nan
model.layers[0].set_weights(w)
show_chain(model, np.ones((5, 2)))`);
    const [c] = chains();
    const [rnn, gru] = c.layers;
    assert.equal(rnn.unavailable, undefined);
    assert.equal(rnn.productNorm.length, 5);
    for (const a of [rnn.productNorm, rnn.stepFrobenius, rnn.stepSpectral, rnn.stepSingularValues.flat(), [rnn.spectralRadius]]) assert.ok(a.every(Number.isNaN), 'NaN, not 0');
    assert.match(gru.unavailable ?? '', /cannot recompute the input of 'gru' through the SimpleRNN layer 'rnn'/);
    assert.deepEqual(gru.productNorm, []);
    // The panel's path: JSON through the gradient codec, then the panel's guard.
    const received = fromWire<unknown>(JSON.parse(JSON.stringify(toWire({ type: 'chain', chain: c }))));
    assert.ok(isHostToChain(received));
    assert.ok((received as { chain: ChainMessage }).chain.layers[0].productNorm.every(Number.isNaN));
    assert.match(plain(kernel.shown.at(-1)!), /rnn \(SimpleRNN\(3\)\): the product is NaN from step 5 back to step 1/);
    assert.match(kernel.fails('show_chain(model, np.ones((2, 5, 2)), sample=2)').message, /sample 2 is out of range for 2 sequence\(s\)/);
    assert.match(kernel.fails("show_chain(model, np.ones((5, 2)), layer='nope')").message, /no such recurrent layer 'nope'/);
    assert.match(kernel.fails('show_chain(model, np.ones((5, 2)), sample=1)').message, /sample 1 asked of one sequence/);
  });
});
