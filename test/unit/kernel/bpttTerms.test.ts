// unroll.bptt_terms / show_bptt through the kernel: the dict's full_norm is the gradient the
// ordinary fit applies (one SGD step with learning rate 1 on the one example moves W_hh by
// exactly −∂L/∂W_hh), the per-step numbers are consistent, show_bptt's view reaches the host's
// decoder, and bad arguments are named.
import * as assert from 'node:assert/strict';
import { bpttViews } from '../../../src/protocol/bptt';
import { TestKernel, plain } from './harness';

describe('kernel: bptt_terms and show_bptt', function () {
  this.timeout(120_000);
  let kernel: TestKernel;
  beforeEach(() => { kernel = new TestKernel(); });
  afterEach(async () => kernel.dispose());

  const json = <T>(source: string) => JSON.parse(kernel.run(source)) as T;
  const setup = `import numpy as np
keras.utils.set_random_seed(5)
model = Sequential([Embedding(12, 4, input_shape=(7,)), SimpleRNN(6, name='rnn'), Dense(1)])
model.compile(optimizer=keras.optimizers.SGD(learning_rate=1.0), loss='mse')
ids = np.array([[3, 1, 4, 1, 5, 9, 2], [2, 7, 1, 8, 2, 8, 1]])
y = np.array([[0.5], [-0.25]])`;

  it("full_norm is the size of the step fit takes on that example; shares and partial sums add up", () => {
    kernel.run(setup);
    kernel.shown = [];
    kernel.run("terms = bptt_terms(model, ids, y, layer='rnn', sample=1)");
    assert.match(plain(kernel.shown[0]), /∂L\/∂W_hh of 'rnn' \(SimpleRNN\) on one example: Σ over 7 steps/);
    const norms = json<number[]>("terms['norms'].tolist()");
    const shares = json<number[]>("terms['shares'].tolist()");
    const partial = json<number[]>("terms['partial_norms'].tolist()");
    const full = Number(kernel.run("terms['full_norm']"));
    assert.equal(norms.length, 7);
    assert.equal(norms[0], 0, 'W_hh at step 1 multiplies the zero initial state');
    assert.ok(Math.abs(shares.reduce((a, b) => a + b, 0) - 1) < 1e-9);
    assert.ok(Math.abs(partial[0] - full) <= 1e-12 * full);
    assert.ok(full <= norms.reduce((a, b) => a + b, 0) * (1 + 1e-9), 'the triangle inequality');
    kernel.run(`before = model.layers[1].get_weights()[1]
model.fit(ids[1:2], y[1:2], epochs=1, batch_size=1, shuffle=False, verbose=0)
step = np.sqrt(np.sum((before - model.layers[1].get_weights()[1]) ** 2))`);
    const step = Number(kernel.run('float(step)'));
    assert.ok(Math.abs(step - full) <= 1e-3 * full, `‖ΔW_hh‖ ${step} vs full_norm ${full}`);
  });

  it('a Bidirectional GRU: each direction\'s full_norm is the step fit takes on its W_hh; the backward copy\'s BPTT starts at step 1', () => {
    kernel.run(`import numpy as np
keras.utils.set_random_seed(4)
model = Sequential([Bidirectional(GRU(3), input_shape=(6, 2), name='bi'), Dense(1)])
model.compile(optimizer=keras.optimizers.SGD(learning_rate=1.0), loss='mse')
x = np.array([[[0.3, -0.5], [0.9, 0.1], [-0.2, 0.4], [0.6, -0.8], [0.1, 0.7], [-0.9, 0.2]]])
y = np.array([[0.4]])
before = model.layers[0].get_weights()`);
    const full: Record<string, number> = {};
    for (const direction of ['forward', 'backward']) {
      kernel.shown = [];
      kernel.run(`terms = bptt_terms(model, x, y, layer='bi', direction='${direction}')`);
      assert.match(plain(kernel.shown[0]), new RegExp(`∂L/∂W_hh of 'bi' \\(${direction}\\) \\(GRU\\) on one example`));
      const norms = json<number[]>("terms['norms'].tolist()");
      const partial = json<number[]>("terms['partial_norms'].tolist()");
      full[direction] = Number(kernel.run("terms['full_norm']"));
      // W_hh at the step a direction reads first multiplies its zero initial state; BPTT has the whole sum at the step it reaches last.
      const [first, last] = direction === 'forward' ? [0, 5] : [5, 0];
      assert.equal(norms[first], 0, `${direction}: W_hh's term at the step read first is 0`);
      assert.ok(Math.abs(partial[first] - full[direction]) <= 1e-12 * full[direction], `${direction}: the whole sum at step ${first + 1}`);
      assert.ok(Math.abs(partial[last] - norms[last]) <= 1e-12 * Math.max(norms[last], 1e-30), `${direction}: BPTT starts at step ${last + 1}`);
    }
    kernel.run(`model.fit(x, y, epochs=1, batch_size=1, shuffle=False, verbose=0)
after = model.layers[0].get_weights()
steps = [float(np.sqrt(np.sum((before[i] - after[i]) ** 2))) for i in (1, 4)]`);
    const [forwardStep, backwardStep] = json<number[]>('steps');
    assert.ok(Math.abs(forwardStep - full.forward) <= 1e-3 * full.forward, `forward ‖ΔW_hh‖ ${forwardStep} vs full_norm ${full.forward}`);
    assert.ok(Math.abs(backwardStep - full.backward) <= 1e-3 * full.backward, `backward ‖ΔW_hh‖ ${backwardStep} vs full_norm ${full.backward}`);
    kernel.shown = [];
    kernel.run("show_bptt(model, x, y, layer='bi', direction='backward')");
    const [v] = bpttViews(kernel.shown.flatMap(s => s.items));
    assert.deepEqual([v.layer, v.direction, v.kind, v.backwards], ['bi', 'backward', 'GRU', true]);
  });

  it('show_bptt sends a view the host decodes, with the kernel weight as well', () => {
    kernel.run(setup);
    kernel.shown = [];
    kernel.run("r = show_bptt(model, ids[0], y[0], weight='kernel', tokens='abcdefg')");
    const views = bpttViews(kernel.shown.flatMap(s => s.items));
    assert.equal(views.length, 1);
    const v = views[0];
    assert.deepEqual([v.layer, v.kind, v.weight, v.tokens.join('')], ['rnn', 'SimpleRNN', 'kernel', 'abcdefg']);
    assert.deepEqual(v.series.map(s => s.weight), ['kernel', 'recurrent_kernel', 'bias']);
    assert.deepEqual(v.series[0].shape, [4, 6]);
    assert.equal(Number(kernel.run("r['full_norm']")), v.series[0].fullNorm);
  });

  it('names a wrong layer, weight or sample', () => {
    kernel.run(setup);
    assert.match(kernel.fails("bptt_terms(model, ids, y, layer='dense')").message, /layer 'dense' is a Dense; pick a SimpleRNN, LSTM, GRU or Bidirectional layer \('rnn'\)/);
    assert.match(kernel.fails("bptt_terms(model, ids, y, weight='gates')").message, /unknown weight 'gates' \(one of 'kernel', 'recurrent_kernel', 'bias'\)/);
    assert.match(kernel.fails('bptt_terms(model, ids, y, sample=2)').message, /sample 2 is out of range for 2 sequence/);
  });
});
