// model.export_pytorch from cells: the files land in the workspace beside the script, the last
// fit's data and settings are the defaults, errors name what is missing or not exportable, and
// (where /usr/bin/python3 has torch) the written script trains. The loss equivalence itself is
// checked in test/unit/engine/export-pytorch.test.ts.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { TestKernel } from './harness';

const PYTHON = '/usr/bin/python3';
const hasTorch = fs.existsSync(PYTHON) && spawnSync(PYTHON, ['-c', 'import torch'], { encoding: 'utf8' }).status === 0;

const DATA = `X = [[1, 2, 3, 0], [4, 5, 0, 0], [0, 0, 6, 2], [3, 3, 3, 3]] * 3
Y = [1, 0, 1, 0] * 3`;

describe('model.export_pytorch in cells', function () {
  this.timeout(120000);
  let k: TestKernel;
  beforeEach(() => {
    k = new TestKernel();
  });
  afterEach(async () => {
    await k.dispose();
  });

  it('writes the script, weights, data and order beside it, with the last fit\'s settings', () => {
    k.run(`${DATA}
model = Sequential([Embedding(8, 3, mask_zero=True), LSTM(4), Dense(1, activation='sigmoid')], name='masked')
model.compile(loss='binary_crossentropy', optimizer=Adam(learning_rate=0.01, clipnorm=1.0), metrics=['accuracy'])
h = model.fit(X, Y, epochs=2, batch_size=4, verbose=0, validation_data=(X[:5], Y[:5]))`);
    assert.equal(k.run("model.export_pytorch('torch/train.py')"), "['torch/train.py', 'torch/train.weights.npz', 'torch/train.x.npy', 'torch/train.y.npy', 'torch/train.val_x.npy', 'torch/train.val_y.npy', 'torch/train.order.npy']");
    assert.match(k.stdout, /torchrun --nproc_per_node=N torch\/train\.py/);
    const script = fs.readFileSync(path.join(k.workspace, 'torch', 'train.py'), 'utf8');
    assert.match(script, /FIT = \{'epochs': 2, 'batch_size': 4, 'shuffle': True, 'seed': \d+, 'validation_split': 0\}/);
    assert.match(script, /OPTIMIZER = \{'name': 'adam', 'lr': 0\.01, .*'clipnorm': 1\}/);
    assert.match(script, /self\.lstm = KerasRecurrent\('LSTM', 3, 4\)/);
    assert.match(script, /ids != 0/);
    if (!hasTorch) {
      console.log(`      (not running the written script: ${PYTHON} cannot import torch; install python3-torch)`);
      return;
    }
    const r = spawnSync(PYTHON, ['torch/train.py', '--cpu', '--epochs', '1'], { cwd: k.workspace, encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /epoch 1\/1 batch 3\/3 loss \d\.\d+ accuracy \d/);
    // validation_data: Keras's evaluate of the trained model on those 5 rows
    const val = /epoch 1: val_loss (\d\.\d+) val_accuracy (\d\.\d+)/.exec(r.stdout);
    assert.ok(val, r.stdout);
    const hits = Number(val[2]) * 5;
    assert.ok(Math.abs(hits - Math.round(hits)) < 1e-5, `accuracy over 5 rows is a count over 5: ${val[2]}`);
  });

  it('takes x and y and epochs from the call; refuses what it cannot export, saying why', () => {
    k.run(`${DATA}
m = Sequential([Embedding(8, 3), GRU(4, reset_after=False), Dense(1)], name='old_gru')`);
    assert.match(k.fails("m.export_pytorch('t.py', x=X, y=Y)").message, /You must compile old_gru before export_pytorch/);
    k.run("m.compile(loss='mse', optimizer='sgd')");
    assert.match(k.fails("m.export_pytorch('t.py')").message, /export_pytorch: old_gru has no training data yet: call fit first, or pass x= and y=/);
    assert.match(k.fails("m.export_pytorch('t.py', x=X, y=Y)").message, /cannot export old_gru to PyTorch: GRU 'gru': reset_after=False has no torch\.nn\.GRU equivalent/);
    assert.match(k.fails("m.export_pytorch('t.txt', x=X, y=Y)").message, /give a name ending in \.py/);
    k.run(`g = Sequential([Embedding(8, 3), GRU(4), Dense(1)], name='new_gru')
g.compile(loss='mse', optimizer='rmsprop')
files = g.export_pytorch('g.py', x=X, y=Y, epochs=3, batch_size=5)`);
    const script = fs.readFileSync(path.join(k.workspace, 'g.py'), 'utf8');
    assert.match(script, /FIT = \{'epochs': 3, 'batch_size': 5, 'shuffle': True, 'seed': 0, 'validation_split': 0\}/);
    assert.equal(fs.statSync(path.join(k.workspace, 'g.order.npy')).size, 128 + 3 * 12 * 8);
  });
});
