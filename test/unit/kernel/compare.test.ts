// unroll.compare: models trained in lockstep have, step for step, the losses each has trained
// alone (the independent reference: a plain fit of a copy with the same initial weights and the
// same data-order seed, one model at a time); the steps interleave; Interrupt stops between
// steps; bad arguments are refused naming the argument.
import * as assert from 'node:assert/strict';
import { INTERRUPT_SLOT } from '../../../src/protocol/kernel';
import { comparisonMembers } from '../../../src/protocol/compareView';
import { PANEL_REQUEST_MIME, type PanelRequest } from '../../../src/protocol/gradients/outputs';
import { TestKernel } from './harness';

const MODELS = `(x, y), _ = datasets.adding(n_train=48, n_test=8, T=8)
def build(kind, name):
    m = Sequential([kind(4, input_shape=(8, 2)), Dense(1)], name=name)
    m.compile(loss='mse', optimizer=Adam(learning_rate=0.01))
    return m
a = build(SimpleRNN, 'SimpleRNN')
b = build(LSTM, 'LSTM')
c = build(GRU, 'GRU')
def copy(m, name):
    r = build({'SimpleRNN': SimpleRNN, 'LSTM': LSTM, 'GRU': GRU}[m.name], name)
    r.set_weights(m.get_weights())
    return r
ra, rb, rc = copy(a, 'ra'), copy(b, 'rb'), copy(c, 'rc')`;

describe('kernel: compare (lockstep training)', function () {
  this.timeout(120_000);
  let kernel: TestKernel;
  beforeEach(() => { kernel = new TestKernel(); });
  afterEach(async () => kernel.dispose());

  const json = <T>(source: string) => JSON.parse(kernel.run(source)) as T;

  it('gives each model the losses it has when trained alone with the same seed and batches, bit for bit', () => {
    kernel.run(MODELS);
    // One batch per epoch: every epoch's loss is one step's loss, so this compares step by step.
    kernel.run(`keras.utils.set_random_seed(11)
h = compare([a, b, c], x, y, epochs=4, batch_size=48, verbose=0)
keras.utils.set_random_seed(11)
ha = ra.fit(x, y, epochs=4, batch_size=48, verbose=0)
keras.utils.set_random_seed(11)
hb = rb.fit(x, y, epochs=4, batch_size=48, verbose=0)
keras.utils.set_random_seed(11)
hc = rc.fit(x, y, epochs=4, batch_size=48, verbose=0)`);
    assert.equal(kernel.run('list(h.keys())'), "['SimpleRNN', 'LSTM', 'GRU']");
    for (const [name, alone] of [['SimpleRNN', 'ha'], ['LSTM', 'hb'], ['GRU', 'hc']]) {
      const lockstep = json<number[]>(`h['${name}'].history['loss']`);
      const reference = json<number[]>(`${alone}.history['loss']`);
      assert.equal(lockstep.length, 4);
      assert.deepEqual(lockstep, reference, name);
    }
    // Several shuffled batches per epoch (the models and their copies are equal after the above).
    kernel.run(`keras.utils.set_random_seed(12)
h = compare([a, b, c], x, y, epochs=2, batch_size=16, verbose=0)
keras.utils.set_random_seed(12)
ha = ra.fit(x, y, epochs=2, batch_size=16, verbose=0)
keras.utils.set_random_seed(12)
hc = rc.fit(x, y, epochs=2, batch_size=16, verbose=0)`);
    assert.deepEqual(json<number[]>(`h['SimpleRNN'].history['loss']`), json<number[]>('ha.history[\'loss\']'));
    assert.deepEqual(json<number[]>(`h['GRU'].history['loss']`), json<number[]>('hc.history[\'loss\']'));
    // An explicit seed is the data-order seed of every model: one batch order for all.
    const before = kernel.telemetry.length;
    kernel.run('h = compare([a, b, c], x, y, epochs=2, batch_size=16, seed=5, verbose=0)');
    const records = kernel.telemetry.slice(before).flatMap(m => (m.kind === 'runRecord' ? [m.record] : []));
    assert.equal(records.length, 3);
    assert.deepEqual(records.map(r => r.seeds.shuffle), [5, 5, 5]);
    assert.equal(new Set(records.map(r => r.dataOrder)).size, 1, 'one batch order');
    assert.deepEqual(records.map(r => r.steps), [6, 6, 6]);
  });

  it('interleaves the models one step each, and opens the panel on a comparison of their ids', () => {
    kernel.run(MODELS);
    kernel.shown = [];
    kernel.run('h = compare([a, b], x, y, epochs=1, batch_size=8, seed=3)');
    const frames = kernel.frames();
    const ids = [...new Set(frames.map(f => f.modelId))];
    assert.equal(ids.length, 2);
    // Both ran 6 steps (48 / 8); each model's frames are its own, ending at its last step.
    for (const id of ids) assert.equal(frames.filter(f => f.modelId === id).at(-1)!.step, 6);
    const request = kernel.shown.flatMap(s => s.items).find(i => i.mime === PANEL_REQUEST_MIME);
    assert.ok(request, 'a panel request');
    const panel = JSON.parse(request.data) as PanelRequest;
    assert.equal(panel.command, 'unroll.showLockstepComparison');
    assert.deepEqual(comparisonMembers(panel.modelId), ids);
    // The panel request comes after both diagrams, so the host can name the rows when it opens.
    const diagrams = kernel.telemetry.filter(m => m.kind === 'diagram').map(m => m.kind === 'diagram' && m.diagram.modelId);
    assert.deepEqual(diagrams, ids);
    assert.match(kernel.stdout, /SimpleRNN · Epoch 1\/1/);
    assert.match(kernel.stdout, /LSTM · Epoch 1\/1/);
  });

  it('Interrupt stops between steps: no model runs more than one step past another', () => {
    kernel.run(MODELS);
    kernel.onDisplay = s => { if (s.id?.startsWith('compare-')) Atomics.store(kernel.interrupt, INTERRUPT_SLOT, 1); };
    const error = kernel.fails('compare([a, b, c], x, y, epochs=200, batch_size=8, seed=1)');
    Atomics.store(kernel.interrupt, INTERRUPT_SLOT, 0);
    kernel.onDisplay = () => {};
    assert.equal(error.errorName, 'KeyboardInterrupt');
    const frames = kernel.frames();
    const last = [...new Set(frames.map(f => f.modelId))].map(id => frames.filter(f => f.modelId === id).at(-1)!.step);
    assert.equal(last.length, 3);
    assert.ok(Math.max(...last) < 200 * 6, `stopped early: ${last}`);
    assert.ok(Math.max(...last) - Math.min(...last) <= 1, `steps of the models at the interrupt: ${last}`);
    // In turn order: an earlier model is never behind a later one.
    assert.ok(last[0] >= last[1] && last[1] >= last[2], `turn order: ${last}`);
  });

  it('refuses bad arguments, naming the argument', () => {
    kernel.run(MODELS);
    const message = (source: string) => kernel.fails(source).message;
    assert.match(message('compare([a], x, y)'), /compare\(\): models takes 2 to 4 models to train side by side, got 1/);
    assert.match(message('compare([a, b, c, ra, rb], x, y)'), /models takes 2 to 4 models.*got 5/);
    assert.match(message('compare([a, 3], x, y)'), /compare\(\): models\[1\] is a int, not a Keras model/);
    kernel.run("u = Sequential([LSTM(4, input_shape=(8, 2)), Dense(1)], name='raw')");
    const uncompiled = kernel.fails('compare([a, u], x, y)');
    assert.equal(uncompiled.errorName, 'RuntimeError');
    assert.match(uncompiled.message, /compare\(\): models\[1\] 'raw' is not compiled/);
    kernel.run(`w = Sequential([GRU(4, input_shape=(8, 3)), Dense(1)], name='wide')
w.compile(loss='mse', optimizer='adam')`);
    assert.match(message('compare([a, w], x, y)'), /compare\(\): models\[1\] 'wide' takes inputs \(steps, 3\) floats but models\[0\] 'SimpleRNN' takes \(steps, 2\) floats/);
    assert.match(message('compare([a, a], x, y)'), /models\[1\] is the same model as models\[0\]/);
    kernel.run(`d = build(LSTM, 'SimpleRNN')`);
    assert.match(message('compare([a, d], x, y)'), /models\[1\] has the same name as models\[0\] \('SimpleRNN'\)/);
    assert.match(message('compare([a, b], x[:, :, :1], y)'), /compare\(\): models\[0\] 'SimpleRNN': .*expected size 2 on axis 2/);
  });
});
