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
    assert.match(kernel.fails("bptt_terms(model, ids, y, layer='dense')").message, /layer 'dense' is a Dense; pick a SimpleRNN, LSTM or GRU layer \('rnn'\)/);
    assert.match(kernel.fails("bptt_terms(model, ids, y, weight='gates')").message, /unknown weight 'gates' \(one of 'kernel', 'recurrent_kernel', 'bias'\)/);
    assert.match(kernel.fails('bptt_terms(model, ids, y, sample=2)').message, /sample 2 is out of range for 2 sequence/);
  });
});
