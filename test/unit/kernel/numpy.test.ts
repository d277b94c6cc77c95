// numpy arrays flow through the kernel: a cell builds data with numpy, fits a real model on the
// engine thread, and predict's output is an ndarray that numpy operations take.
import * as assert from 'node:assert/strict';
import { TestKernel } from './harness';

describe('numpy in the kernel (kernel + engine thread)', function () {
  this.timeout(120_000);
  let k: TestKernel;
  beforeEach(() => { k = new TestKernel(); });
  afterEach(async () => k.dispose());

  it('fits on numpy-built data (float64, int64, bool casts), and predict gives an ndarray numpy ops accept', () => {
    k.run(`import numpy as np
np.random.seed(0)
X = np.random.rand(256, 6, 1)
y = (X.mean(axis=1) > 0.5).astype(np.float32)
model = Sequential([Input(shape=(6, 1)), SimpleRNN(8), Dense(1, activation='sigmoid')])
model.compile(loss='binary_crossentropy', optimizer=Adam(learning_rate=0.03), metrics=['accuracy'])
history = model.fit(X, y, epochs=30, batch_size=32, verbose=0)`);
    assert.equal(k.run('X.dtype, y.dtype, y.shape'), "('float64', 'float32', (256, 1))");
    const loss = k.run("history.history['loss']").slice(1, -1).split(', ').map(Number);
    assert.ok(loss.at(-1)! < loss[0], `loss falls: ${loss}`);
    assert.equal(k.run('p = model.predict(X[:10], verbose=0)\nrepr(p)[:8], p.shape, p.dtype'), "('array([[', (10, 1), 'float32')");
    assert.equal(k.run('labels = (p > 0.5).astype(int)\nlabels.dtype, labels.shape, bool(((labels == 0) | (labels == 1)).all())'), "('int64', (10, 1), True)");
    const accuracy = Number(k.run('np.mean((model.predict(X, verbose=0) > 0.5) == (y > 0.5))'));
    assert.ok(accuracy > 0.8, `the model learned the numpy-built rule: accuracy ${accuracy}`);
    assert.equal(k.run('np.argmax(np.concatenate([p, 1 - p], axis=1), axis=1).shape'), '(10,)');
    assert.equal(k.run('float(np.clip(p, 0, 1).max()) <= 1.0'), 'True');
  });

  it('int64 token ids from numpy feed an Embedding, and a bool mask selects predictions', () => {
    k.run(`import numpy as np
rng = np.random.default_rng(1)
ids = rng.integers(1, 20, size=(64, 5))
target = (ids[:, 0] > 10).astype(np.float32).reshape(-1, 1)
m = Sequential([Input(shape=(5,), dtype='int64'), Embedding(20, 4), LSTM(4), Dense(1, activation='sigmoid')])
m.compile(loss='binary_crossentropy', optimizer='adam')
m.fit(ids, target, epochs=2, batch_size=16, verbose=0)
out = m.predict(ids, verbose=0)`);
    assert.equal(k.run('ids.dtype, out.shape'), "('int64', (64, 1))");
    assert.equal(k.run('out[target > 0.5].shape[0] == int(target.sum())'), 'True');
  });
});
