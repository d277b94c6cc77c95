// show_saliency(model, x) and fit's saliency snapshots on the gradient channel: what the cell
// returns is what the panel is sent, a fit after it sends snapshots of that example within the
// budget from its first step to its last, the host keeps them within the memory cap, and bad
// arguments say what is wrong. (The values themselves are checked against float64 finite
// differences in test/unit/engine/train-saliency.test.ts.)
import * as assert from 'node:assert/strict';
import { panelRequests } from '../../../src/protocol/gradients/outputs';
import { GradientStream, MAX_STATE_BYTES, MAX_STATE_SNAPSHOTS, saliencyBytes, type SaliencyMessage } from '../../../src/protocol/gradients';
import type { NdArray } from '../../../src/language/host/array';
import type { PyDict, PyList } from '../../../src/language';
import { TestKernel } from './harness';

describe('kernel: show_saliency and saliency snapshots during fit', function () {
  this.timeout(120_000);
  let kernel: TestKernel;
  beforeEach(() => {
    kernel = new TestKernel();
    kernel.run('import numpy as np');
  });
  afterEach(async () => kernel.dispose());

  const saliency = (): SaliencyMessage[] => kernel.telemetry.flatMap(m => (m.kind === 'saliency' ? [m.saliency] : []));

  it('a tagger (sequence outputs): a [T_out, T_in] matrix per measure, returned and sent to the panel, labelled by the words', () => {
    kernel.run(`model = Sequential([Embedding(8, 3, mask_zero=True), Bidirectional(LSTM(3, return_sequences=True)), Dense(4, activation='softmax')], name='tagger')
s = show_saliency(model, np.array([0, 2, 5, 7]), tokens=['the', 'dog', 'ran'], output=-2)`);
    const [m] = saliency();
    assert.equal(m.reset, true);
    assert.deepEqual(m.tokens, ['', 'the', 'dog', 'ran']);
    assert.equal(m.output, 2, 'output=-2 counts from the end');
    assert.equal(m.snapshot.step, 0);
    assert.equal(m.snapshot.outputs, 4);
    assert.equal(m.snapshot.T, 4);
    assert.equal(m.snapshot.target, 'logit');
    const s = kernel.session.get('s') as PyDict;
    // a dict, but its repr is one line: the cell already printed the reading, the panel shows the numbers
    assert.equal(kernel.run('s'), "<saliency of 'tagger': a dict of 'norm', 'grad_input', 'classes'>");
    assert.equal(kernel.run("isinstance(s, dict) and len(s) == 3 and s['norm'].shape == (4, 4)"), 'True');
    const norm = s.get('norm') as NdArray;
    const gradInput = s.get('grad_input') as NdArray;
    assert.deepEqual(norm.shape, [4, 4]);
    assert.deepEqual(Array.from(norm.data as Float32Array), Array.from(m.snapshot.norm));
    assert.deepEqual(Array.from(gradInput.data as Float32Array), Array.from(m.snapshot.gradInput));
    assert.deepEqual((s.get('classes') as PyList).items.map(Number), m.snapshot.classes);
    // The padding step (id 0, masked) moves no output, and its own output (zeros there) depends on
    // nothing; every word moves every word's output (bidirectional: later words too).
    for (let t = 0; t < 4; t++) assert.equal(m.snapshot.norm[t], 0, `the padding position's output, step ${t}`);
    for (let o = 1; o < 4; o++) {
      assert.equal(m.snapshot.norm[o * 4], 0, `output ${o} at the padding step`);
      for (let t = 1; t < 4; t++) assert.ok(m.snapshot.norm[o * 4 + t] > 0, `output ${o}, step ${t}`);
    }
    const shown = kernel.shown.flatMap(x => x.items);
    assert.deepEqual(panelRequests(shown), [{ command: 'unroll.showSaliency', modelId: m.modelId }]);
    assert.match(shown.find(i => i.mime === 'text/plain')!.data, /Saliency of tagger over 4 steps at training step 0: y = the logit of class \d at output position 2 \(dog\)\.\n {2}most salient steps/);
  });

  it('a fit after show_saliency snapshots that example: step 0 to the last step, within the budget, on the planned stride; the host keeps them', () => {
    kernel.run(`(x, y), _ = datasets.adding(n_train=200, n_test=1, T=12)
model = Sequential([SimpleRNN(6, input_shape=(12, 2)), Dense(1)])
model.compile(loss='mse', optimizer='adam')
show_saliency(model, x[5])
model.fit(x, y, epochs=2, batch_size=2, verbose=0)`);
    const all = saliency();
    const fit = all.slice(1);
    assert.equal(fit[0].snapshot.step, 0, 'the first snapshot has the initial weights');
    assert.equal(fit[fit.length - 1].snapshot.step, 200, 'the last has the trained ones');
    assert.ok(fit.length >= 3 && fit.length <= 200 / 4 + 2, `the probe ran ${fit.length} times in 200 steps`);
    assert.ok(fit.slice(0, -1).every(m => m.snapshot.step % 4 === 0), `on the stride: ${fit.map(m => m.snapshot.step)}`);
    assert.deepEqual(Array.from(fit[0].snapshot.norm), Array.from(all[0].snapshot.norm), 'the example is x[5], as show_saliency showed it');
    assert.equal(all[0].snapshot.target, 'output', 'a linear output is its own score');
    const stream = new GradientStream();
    for (const m of kernel.telemetry) stream.receive(m);
    const kept = stream.saliency.get(all[0].modelId)!.snapshots.kept;
    assert.deepEqual(kept.map(k => k.step), fit.map(m => m.snapshot.step), 'the host keeps every one the fit sent');
    assert.ok(kept.length <= MAX_STATE_SNAPSHOTS + 1);
    assert.ok(kept.some(k => Array.from(k.item.norm).some((v, i) => v !== fit[0].snapshot.norm[i])), 'training changed the saliency');
  });

  it('a fit without show_saliency takes no saliency snapshots', () => {
    kernel.run(`model = Sequential([Embedding(6, 3), SimpleRNN(2), Dense(1)])
model.compile(loss='mse', optimizer='sgd')
model.fit(np.array([[1, 2, 3]] * 4), np.array([1.0] * 4), epochs=1, batch_size=2, verbose=0)`);
    assert.equal(saliency().length, 0);
  });

  it('bad arguments say what is wrong', () => {
    kernel.run(`model = Sequential([Embedding(10, 3, mask_zero=True), GRU(4), Dense(2, activation='softmax')])`);
    assert.match(kernel.fails('show_saliency(model, np.array([[1, 2, 3]]), sample=1)').message, /show_saliency\(\): sample 1 is out of range for 1 sequence\(s\)/);
    assert.match(kernel.fails('show_saliency(model, np.array([1, 2, 3]), output=1)').message, /show_saliency\(\): output 1 is out of range: .* has 1 output position\(s\) for this sequence \(one output per sequence: leave output=None\)/);
    assert.match(kernel.fails("show_saliency(model, np.array([0, 3, 4]), tokens=['a'])").message, /show_saliency\(\): got 1 tokens for a sequence of 3 steps; give one per step, or one per non-padding id \(2\)/);
    assert.match(kernel.fails('show_saliency(model, np.array([1, 2, 3]), tokens=5)').message, /show_saliency\(\) argument 'tokens' must be str, list or None, not int/);
    assert.match(kernel.fails('show_saliency(model, np.array([1, 2, 3]), tokens=[1, 2, 3])').message, /tokens\[0\]/);
    assert.match(kernel.fails('show_saliency(3, np.array([1, 2, 3]))').message, /show_saliency\(\) argument 'model' must be Sequential or Model, not int/);
    const flat = kernel.fails(`flat = Sequential([Input(shape=(2,)), Dense(1)])
show_saliency(flat, np.zeros((1, 2)))`);
    assert.match(flat.message, /show_saliency\(\): x must be sequences/);
    assert.equal(saliency().length, 0, 'nothing was sent for a failed call');
  });

  it("the host's budget: at most 64 snapshots, fewer when they are large (16 MiB of values per model)", () => {
    const stream = new GradientStream();
    const message = (step: number, T: number): SaliencyMessage => ({
      modelId: 'm', modelName: 'm', tokens: Array.from({ length: T }, String),
      snapshot: { step, outputs: T, T, norm: new Float32Array(T * T), gradInput: new Float32Array(T * T), classes: new Array<number>(T).fill(0), target: 'output' },
    });
    for (let step = 0; step < 1000; step++) stream.pushSaliency(message(step, 10));
    assert.equal(stream.saliency.get('m')!.snapshots.kept.length <= MAX_STATE_SNAPSHOTS, true);
    // A 600-word sequence tagged word by word: 2 × 600² float32 = 2.9 MB a snapshot.
    const big = saliencyBytes({ outputs: 600, T: 600 });
    stream.pushSaliency({ ...message(0, 600), reset: true });
    for (let step = 1; step < 40; step++) stream.pushSaliency(message(step, 600));
    const kept = stream.saliency.get('m')!.snapshots.kept;
    assert.ok(kept.length * big <= MAX_STATE_BYTES, `${kept.length} snapshots of ${big} bytes`);
    assert.ok(kept.length >= 2 && kept[0].step === 0 && kept[kept.length - 1].step === 39, 'first and latest kept');
  });
});
