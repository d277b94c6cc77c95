// show_states(model, x) and fit's state snapshots on the gradient channel: the states a cell
// sees through predict are the ones the inspector shows, the tokens label the time axis, and a
// fit sends snapshots of the inspected example within the budget, from its first step to its last.
import * as assert from 'node:assert/strict';
import { panelRequests } from '../../../src/protocol/gradients/outputs';
import { GradientStream, MAX_STATE_SNAPSHOTS, type StatesMessage } from '../../../src/protocol/gradients';
import type { NdArray } from '../../../src/language/host/array';
import { TestKernel } from './harness';

describe('kernel: show_states and state snapshots during fit', function () {
  this.timeout(120_000);
  let kernel: TestKernel;
  beforeEach(() => {
    kernel = new TestKernel();
    kernel.run('import numpy as np');
  });
  afterEach(async () => kernel.dispose());

  const states = (): StatesMessage[] => kernel.telemetry.flatMap(m => (m.kind === 'states' ? [m.states] : []));

  it("shows every step's h of an LSTM(return_sequences) exactly as predict gives it, labelled by the characters given", () => {
    kernel.run(`text = 'hello world'
vocab = sorted(set(text))
ids = np.array([[vocab.index(c) + 1 for c in text]])
model = Sequential([Embedding(len(vocab) + 1, 4), LSTM(5, return_sequences=True)], name='chars')
h = model.predict(ids)
show_states(model, ids[0], tokens=text)`);
    const [m] = states();
    assert.equal(m.reset, true);
    assert.deepEqual(m.tokens, [...'hello world']);
    assert.equal(m.snapshot.step, 0);
    const [c] = m.snapshot.chains;
    assert.equal(c.key, 'lstm.forward');
    assert.deepEqual(c.series.map(s => s.name), ['h', 'c', 'i', 'f', 'candidate', 'o']);
    assert.equal(c.T, 11);
    const h = kernel.session.get('h') as NdArray; // [1, 11, 5]
    const got = Array.from(c.series[0].values);
    assert.equal(got.length, h.data.length);
    got.forEach((v, i) => assert.ok(Math.abs(v - h.data[i]) <= 1e-6, `h[${i}]: ${v} vs ${h.data[i]}`));
    // Gates of a sigmoid are in (0, 1); the candidate of a tanh in (−1, 1).
    for (const s of c.series.slice(2)) assert.ok(Array.from(s.values).every(v => (s.name === 'candidate' ? Math.abs(v) < 1 : v > 0 && v < 1)), s.name);
    const shown = kernel.shown.flatMap(s => s.items);
    assert.deepEqual(panelRequests(shown), [{ command: 'unroll.showStateInspector', modelId: m.modelId }]);
    assert.match(shown.find(i => i.mime === 'text/plain')!.data, /States of chars over 11 steps at training step 0:\n {2}lstm: LSTM\(5\) h, c, i, f, candidate, o/);
  });

  it('words of a padded sentence go to the non-padding steps; a wrong count says how many it takes', () => {
    kernel.run(`model = Sequential([Embedding(10, 3, mask_zero=True), GRU(4), Dense(1)])
show_states(model, np.array([0, 0, 3, 4, 5]), tokens=['the', 'cat', 'sat'])`);
    const [m] = states();
    assert.deepEqual(m.tokens, ['', '', 'the', 'cat', 'sat']);
    assert.deepEqual(m.snapshot.chains[0].mask, [0, 0, 1, 1, 1]);
    const error = kernel.fails(`show_states(model, np.array([0, 0, 3, 4, 5]), tokens=['the', 'cat'])`);
    assert.match(error.message, /got 2 tokens for a sequence of 5 steps; give one per step, or one per non-padding id \(3\)/);
    const notRecurrent = kernel.fails(`flat = Sequential([Input(shape=(2,)), Dense(1)])
show_states(flat, np.zeros((1, 2)))`);
    assert.match(notRecurrent.message, /no recurrent layer/);
  });

  it('a fit after show_states snapshots that example: step 0 to the last step, within the budget, on the planned stride', () => {
    kernel.run(`(x, y), _ = datasets.adding(n_train=200, n_test=1, T=12)
model = Sequential([SimpleRNN(6, input_shape=(12, 2)), Dense(1)])
model.compile(loss='mse', optimizer='adam')
show_states(model, x[5])
model.fit(x, y, epochs=2, batch_size=2, verbose=0)`);
    const all = states();
    const fit = all.slice(1);
    assert.equal(fit[0].snapshot.step, 0, 'the first snapshot has the initial weights');
    assert.equal(fit[fit.length - 1].snapshot.step, 200, 'the last has the trained ones');
    // 200 planned steps over a budget of 64: every 4th step at most (fewer when the probe's time share is used up).
    assert.ok(fit.length >= 3 && fit.length <= 200 / 4 + 2, `the probe ran ${fit.length} times in 200 steps`);
    assert.ok(fit.slice(0, -1).every(m => m.snapshot.step % 4 === 0), `on the stride: ${fit.map(m => m.snapshot.step)}`);
    assert.ok(fit.every(m => m.tokens.join() === all[0].tokens.join()), 'the same labels');
    // The example is x[5], not the first training sample: its states at step 0 equal show_states' own.
    assert.deepEqual(Array.from(fit[0].snapshot.chains[0].series[0].values), Array.from(all[0].snapshot.chains[0].series[0].values));
    assert.ok(fit[1].snapshot.epoch === 0 && fit[fit.length - 1].snapshot.epoch === 1, 'snapshots name their epoch');
    // What the host keeps of them.
    const stream = new GradientStream();
    for (const m of kernel.telemetry) stream.receive(m);
    const kept = stream.states.get(all[0].modelId)!.snapshots.kept.map(k => k.step);
    assert.deepEqual(kept, fit.map(m => m.snapshot.step), 'the host keeps every one the fit sent');
    assert.ok(kept.length <= MAX_STATE_SNAPSHOTS + 1);
    assert.ok(Array.from(stream.states.get(all[0].modelId)!.snapshots.kept[1].item.chains[0].series[0].values).some((v, i) => v !== fit[0].snapshot.chains[0].series[0].values[i]), 'training changed the states');
  });

  it('a fit without show_states snapshots its first training sample, labelled by its ids', () => {
    kernel.run(`x = np.array([[1, 2, 3, 0], [4, 5, 0, 0]] * 4)
y = np.array([1.0, 0.0] * 4)
model = Sequential([Embedding(6, 3, mask_zero=True), Bidirectional(LSTM(2)), Dense(1)])
model.compile(loss='mse', optimizer='sgd')
model.fit(x, y, epochs=1, batch_size=4, verbose=0)`);
    const all = states();
    assert.deepEqual(all.map(m => m.snapshot.step), [0, 1, 2]);
    assert.deepEqual(all[0].tokens, ['1', '2', '3', '0']);
    assert.deepEqual(all[0].snapshot.chains.map(c => c.key), ['bidirectional.forward', 'bidirectional.backward']);
    assert.deepEqual(all[0].snapshot.chains[1].mask, [1, 1, 1, 0]);
  });
});
