// The optimizer goes on across cells: a predict, evaluate or show_states between two fits (whose
// requests carry the model's own outputs as the target, not the fit's y) must not restart Adam from
// step 0 with empty moments. Checked against the same fits with nothing between them, bit for bit.
import * as assert from 'node:assert/strict';
import type { TelemetryMessage } from '../../../src/protocol/gradients';
import { TestKernel } from './harness';

const SETUP = `(X, y), _ = datasets.adding(n_train=128, n_test=1, T=12)
m = Sequential([Input(shape=(12, 2)), LSTM(6), Dense(1)], name='m')
m.compile(loss='mse', optimizer='adam')
h1 = m.fit(X, y, epochs=1, batch_size=32, shuffle=False, verbose=0)`;
const SECOND_FIT = `h2 = m.fit(X, y, epochs=2, batch_size=32, shuffle=False, verbose=0)
print(repr(h2.history['loss']))`;

/** The second fit's losses (as printed) and the training steps its gradient frames name. */
function secondFit(between: string): { losses: string; steps: number[] } {
  const kernel = new TestKernel();
  try {
    kernel.run(SETUP);
    if (between) kernel.run(between);
    const before = kernel.telemetry.length;
    kernel.run(SECOND_FIT);
    const frames = kernel.telemetry.slice(before).flatMap((m: TelemetryMessage) => (m.kind === 'gradients' ? [m.frame.step] : []));
    return { losses: kernel.stdout.trim().split('\n').pop()!, steps: frames };
  } finally {
    void kernel.dispose();
  }
}

describe('kernel: the optimizer goes on across cells', function () {
  this.timeout(120_000);
  const plain = secondFit('');

  it('a fit after the first goes on from its step count', () => {
    assert.equal(plain.steps[0], 5, 'the first fit took 4 steps');
  });

  for (const between of ['p = m.predict(X[:3], verbose=0)', 'show_states(m, X[0])', 'loss = m.evaluate(X, y, verbose=0)']) {
    it(`\`${between}\` between two fits changes nothing of the second`, () => {
      const got = secondFit(between);
      assert.equal(got.steps[0], 5, 'the step count goes on');
      assert.equal(got.losses, plain.losses, 'the same losses as with nothing between, bit for bit');
    });
  }
});
