// Models the cell language no longer reaches give their trainers back: rebuilding a model in a
// cell again and again must not keep every old trainer (its sessions and optimizer state) alive
// in the training thread.
import * as assert from 'node:assert/strict';
import type { TrainingStats } from '../../../src/protocol/training';
import { releaseAfterCell } from '../../../src/kernel/keras/engineCalls';
import { TestKernel } from './harness';

describe('kernel: memory of rebuilt models', function () {
  this.timeout(120_000);
  let k: TestKernel;
  beforeEach(() => { k = new TestKernel(); });
  afterEach(async () => k.dispose());

  const stats = () => k.engine.request<TrainingStats>({ op: 'stats' });

  it('8 rebuild + fit cycles leave the trainers and layer weights of the models still reachable, not all 8', async () => {
    k.run('(x, y), _ = datasets.adding(n_train=128, n_test=1, T=10)');
    for (let i = 0; i < 8; i++) {
      k.run(`m = Sequential([SimpleRNN(8, input_shape=(10, 2)), Dense(1)])
m.compile(loss='mse', optimizer='adam')
m.fit(x, y, epochs=1, batch_size=64, verbose=0)`);
      // As the kernel worker does: between cells, in a task of their own.
      await new Promise(resolve => setImmediate(resolve));
      releaseAfterCell(k.context);
    }
    const held = stats();
    assert.ok(held.trainers <= 2, `the training thread still holds ${held.trainers} trainers`);
    assert.ok(held.layers <= 4, `the training thread still stores the weights of ${held.layers} layers (2 per model)`);
    assert.equal(k.run('m.predict(x[:2]).shape'), '(2, 1)', 'the live model still works');
  });
});
