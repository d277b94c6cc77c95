// Models the cell language no longer reaches give their trainers back: rebuilding a model in a
// cell again and again must not keep every old trainer (its sessions and optimizer state) alive
// in the training thread.
import * as assert from 'node:assert/strict';
import * as v8 from 'node:v8';
import * as vm from 'node:vm';
import type { TrainingStats } from '../../../src/protocol/training';
import { TestKernel } from './harness';

v8.setFlagsFromString('--expose-gc');
const collectGarbage = vm.runInNewContext('gc') as () => void;

describe('kernel: memory of rebuilt models', function () {
  this.timeout(120_000);
  let k: TestKernel;
  beforeEach(() => { k = new TestKernel(); });
  afterEach(async () => k.dispose());

  const trainers = () => k.engine.request<TrainingStats>({ op: 'stats' }).trainers;

  it('8 rebuild + fit cycles leave the trainers of the models still reachable, not all 8', async () => {
    k.run('(x, y), _ = datasets.adding(n_train=128, n_test=1, T=10)');
    for (let i = 0; i < 8; i++) {
      k.run(`m = Sequential([SimpleRNN(8, input_shape=(10, 2)), Dense(1)])
m.compile(loss='mse', optimizer='adam')
m.fit(x, y, epochs=1, batch_size=64, verbose=0)`);
      collectGarbage();
      await new Promise(resolve => setTimeout(resolve, 20)); // finalizers run on the event loop, between cells
    }
    k.run('m.predict(x[:1])'); // the next request releases what the collector found
    const held = trainers();
    assert.ok(held <= 2, `the training thread still holds ${held} trainers`);
    assert.equal(k.run('m.predict(x[:2]).shape'), '(2, 1)', 'the live model still works');
  });
});
