// Learning tests small enough for CI, and the training loop's contracts: the same seed gives
// the same run, and a stop between steps keeps the last finished step's weights.
import * as assert from 'assert';
import { Dense, LSTM, Sequential, SimpleRNN, resetNames } from '../../../src/engine/layers';
import { Trainer } from '../../../src/engine/train';
import { NodeRuntime, toNumbers } from '../../../src/engine/runtime';
import { addingProblem, shortMemory } from './helpers/tasks';

const rt = new NodeRuntime();

function rnnTrainer(seed: number) {
  resetNames();
  const model = new Sequential().add(new SimpleRNN(16)).add(new Dense(1, { activation: 'sigmoid' }));
  return new Trainer(rt, model, { shape: ['T', 1], dtype: 'float' }, { shape: [1], dtype: 'float' }, { loss: 'binary_crossentropy', optimizer: { name: 'adam', learning_rate: 0.01 }, metrics: ['accuracy'] }, { seed });
}

describe('learning', function () {
  this.timeout(300000);

  it('a SimpleRNN learns a 3-steps-back memory task (accuracy > 0.95 on held-out data)', async () => {
    const tr = rnnTrainer(1);
    const train = shortMemory(1024, 8, 1);
    const hist = await tr.fit(train, { epochs: 12, batchSize: 32, seed: 5 });
    const test = shortMemory(256, 8, 2);
    const pred = await tr.predict(test.x, 256);
    const p = toNumbers(pred);
    const yt = toNumbers(test.y);
    const acc = p.filter((v, i) => (v > 0.5 ? 1 : 0) === yt[i]).length / yt.length;
    assert.ok(acc > 0.95, `held-out accuracy ${acc}, training logs ${JSON.stringify(hist.epochs.at(-1))}`);
    assert.ok(hist.epochs[0].loss > hist.epochs.at(-1)!.loss);
    await tr.dispose();
  });

  it('an LSTM solves the adding problem at T = 50 (MSE well under the 0.167 baseline)', async () => {
    resetNames();
    const model = new Sequential().add(new LSTM(32)).add(new Dense(1));
    const tr = new Trainer(rt, model, { shape: ['T', 2], dtype: 'float' }, { shape: [1], dtype: 'float' }, { loss: 'mse', optimizer: { name: 'adam', learning_rate: 0.01, clipnorm: 1 } }, { seed: 3 });
    const train = addingProblem(4096, 50, 11);
    await tr.fit(train, { epochs: 12, batchSize: 64, seed: 1 });
    const test = addingProblem(512, 50, 12);
    const p = toNumbers(await tr.predict(test.x, 512));
    const yt = toNumbers(test.y);
    const mse = p.reduce((s, v, i) => s + (v - yt[i]) ** 2, 0) / p.length;
    assert.ok(mse < 0.02, `held-out MSE ${mse} (baseline 0.167)`);
    await tr.dispose();
  });

  it('a tanh SimpleRNN with the same budget stays near the 0.167 baseline on the adding problem at T = 50', async () => {
    resetNames();
    const model = new Sequential().add(new SimpleRNN(32)).add(new Dense(1));
    const tr = new Trainer(rt, model, { shape: ['T', 2], dtype: 'float' }, { shape: [1], dtype: 'float' }, { loss: 'mse', optimizer: { name: 'adam', learning_rate: 0.01, clipnorm: 1 } }, { seed: 3 });
    await tr.fit(addingProblem(4096, 50, 11), { epochs: 12, batchSize: 64, seed: 1 });
    const test = addingProblem(512, 50, 12);
    const p = toNumbers(await tr.predict(test.x, 512));
    const yt = toNumbers(test.y);
    const mse = p.reduce((s, v, i) => s + (v - yt[i]) ** 2, 0) / p.length;
    assert.ok(mse > 0.1, `SimpleRNN held-out MSE ${mse}: expected it to fail near 0.167`);
    await tr.dispose();
  });
});

describe('training loop', function () {
  this.timeout(120000);

  it('the same seed gives the same run, step for step', async () => {
    const data = shortMemory(128, 6, 3);
    const losses: number[][] = [];
    for (let k = 0; k < 2; k++) {
      const tr = rnnTrainer(7);
      const seen: number[] = [];
      await tr.fit(data, { epochs: 2, batchSize: 16, seed: 9, onStep: (r) => seen.push(r.loss) });
      losses.push(seen);
      await tr.dispose();
    }
    assert.deepStrictEqual(losses[0], losses[1]);
    assert.strictEqual(losses[0].length, 16);
  });

  it('stopping between steps keeps the weights of the last finished step', async () => {
    const data = shortMemory(128, 6, 3);
    const tr = rnnTrainer(7);
    let steps = 0;
    let snapshot: Record<string, number[]> = {};
    const hist = await tr.fit(data, {
      epochs: 5,
      batchSize: 16,
      shouldStop: () => steps >= 3,
      onStep: () => {
        steps++;
        snapshot = Object.fromEntries([...tr.params].map(([k, v]) => [k, toNumbers(v)]));
      },
    });
    assert.strictEqual(hist.stopped, true);
    assert.strictEqual(tr.iterations, 3);
    for (const [k, v] of tr.params) assert.deepStrictEqual(toNumbers(v), snapshot[k]);
    await tr.dispose();
  });

  it('progress reports carry loss, metrics and per-step ‖dL/dh_t‖', async () => {
    const tr = rnnTrainer(2);
    const reports: { dh: number[]; acc: number }[] = [];
    await tr.fit(shortMemory(64, 5, 1), { epochs: 1, batchSize: 32, onStep: (r) => reports.push({ dh: r.dhMean['simple_rnn.forward'], acc: r.metrics.accuracy }) });
    assert.strictEqual(reports.length, 2);
    assert.strictEqual(reports[0].dh.length, 5);
    assert.ok(reports[0].acc >= 0 && reports[0].acc <= 1);
    await tr.dispose();
  });
});
