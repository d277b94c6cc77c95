// Callbacks against Keras 3's rules. Every expected stopping epoch and learning-rate schedule
// below is derived by hand from the rules quoted in src/engine/train/callbacks.ts (the
// derivation is written beside each case), first on scripted monitor values, then on real runs.
import * as assert from 'assert';
import type { TensorData } from '../../../src/engine/graph';
import { Dense, Sequential, SimpleRNN, resetNames } from '../../../src/engine/layers';
import { NodeRuntime, tensor, toNumbers } from '../../../src/engine/runtime';
import { Callback, EarlyStopping, ReduceLROnPlateau, TerminateOnNaN, Trainer } from '../../../src/engine/train';
import type { Logs } from '../../../src/engine/train';
import { shortMemory } from './helpers/tasks';

const rt = new NodeRuntime();

/** A stand-in model whose "weights" are the epoch they were taken at. */
function fakeModel(lr = 0.1) {
  const m = {
    stopTraining: false,
    learningRate: lr,
    weightsEpoch: -1,
    restoredFrom: undefined as number | undefined,
    getWeights: () => new Map<string, TensorData>([['w', tensor('float32', [1], [m.weightsEpoch])]]),
    setWeights: (w: Map<string, TensorData>) => (m.restoredFrom = toNumbers(w.get('w')!)[0]),
  };
  return m;
}

/** Drive a callback through epochs with scripted values for `key`; the index of the stopping epoch, or −1. */
function drive(cb: Callback, key: string, values: number[], m: ReturnType<typeof fakeModel> = fakeModel()): { stoppedAt: number; model: ReturnType<typeof fakeModel>; logs: Logs[] } {
  cb.setModel!(m);
  cb.onTrainBegin?.({});
  const logs: Logs[] = [];
  let stoppedAt = -1;
  for (let e = 0; e < values.length; e++) {
    m.weightsEpoch = e;
    const l: Logs = { [key]: values[e] };
    cb.onEpochEnd!(e, l);
    logs.push(l);
    if (m.stopTraining) {
      stoppedAt = e;
      break;
    }
  }
  cb.onTrainEnd?.({}, stoppedAt >= 0 ? 'callback' : 'completed');
  return { stoppedAt, model: m, logs };
}

describe('train: EarlyStopping (Keras 3 rules, scripted values)', () => {
  it('patience counts epochs without improvement; equal is not better (min_delta 0)', () => {
    // e0 best=1 wait=0 · e1 wait=1 (1 < 1 false), 1≥2 no · e2 wait=2 ≥ 2 → stop at 2
    assert.strictEqual(drive(new EarlyStopping({ monitor: 'loss', patience: 2 }), 'loss', [1, 1, 1, 1, 1]).stoppedAt, 2);
    // patience 0: e1 is the first epoch allowed to stop (epoch > 0)
    assert.strictEqual(drive(new EarlyStopping({ monitor: 'loss' }), 'loss', [1, 2, 3]).stoppedAt, 1);
    // steady improvement never stops
    assert.strictEqual(drive(new EarlyStopping({ monitor: 'val_loss', patience: 0 }), 'val_loss', [5, 4, 3, 2]).stoppedAt, -1);
  });

  it('min_delta: an improvement smaller than min_delta does not count', () => {
    // e0 best=1.0 · e1: 0.95 + 0.1 < 1.0? no → wait=1 ≥ 1 → stop at 1
    assert.strictEqual(drive(new EarlyStopping({ monitor: 'loss', patience: 1, min_delta: 0.1 }), 'loss', [1.0, 0.95, 0.85]).stoppedAt, 1);
    // e1: 0.85 + 0.1 < 1.0 → improvement; e2: 0.8 + 0.1 < 0.85? no → wait 1 → stop at 2
    assert.strictEqual(drive(new EarlyStopping({ monitor: 'loss', patience: 1, min_delta: -0.1 }), 'loss', [1.0, 0.85, 0.8]).stoppedAt, 2);
  });

  it("mode 'auto' maximizes accuracy, minimizes loss, and refuses names it cannot tell", () => {
    // max: e0 .5 · e1 .6 best · e2 wait 1 · e3 wait 2 → stop at 3
    assert.strictEqual(drive(new EarlyStopping({ monitor: 'val_accuracy', patience: 2 }), 'val_accuracy', [0.5, 0.6, 0.55, 0.58, 0.7]).stoppedAt, 3);
    assert.strictEqual(drive(new EarlyStopping({ monitor: 'score', mode: 'max', patience: 1 }), 'score', [1, 2, 3, 2]).stoppedAt, 3);
    assert.throws(() => drive(new EarlyStopping({ monitor: 'score' }), 'score', [1]), /maximized or minimized/);
  });

  it('baseline: an improvement that does not beat the baseline does not reset wait', () => {
    // baseline 0.5: e0 wait=1, improves over inf but not baseline → wait stays 1 · e1 wait=2, 0.95 not better → 2 ≥ 2 → stop at 1
    assert.strictEqual(drive(new EarlyStopping({ monitor: 'loss', patience: 2, baseline: 0.5 }), 'loss', [0.9, 0.95, 0.97]).stoppedAt, 1);
    // without the baseline: e0 wait 0 · e1 wait 1 · e2 wait 2 → stop at 2
    assert.strictEqual(drive(new EarlyStopping({ monitor: 'loss', patience: 2 }), 'loss', [0.9, 0.95, 0.97]).stoppedAt, 2);
  });

  it('start_from_epoch: epochs before it are ignored', () => {
    // e0, e1 skipped · e2 wait 1 → improves (3 < inf) → wait 0 · e3 wait 1 ≥ 0, 4 not better → stop at 3
    assert.strictEqual(drive(new EarlyStopping({ monitor: 'loss', start_from_epoch: 2 }), 'loss', [1, 2, 3, 4, 5]).stoppedAt, 3);
  });

  it('restore_best_weights restores the best epoch at train end, also when all epochs ran', () => {
    // best at e1 (1.0); e2, e3 worse; patience 2 → stop at e3; weights from e1
    const r = drive(new EarlyStopping({ monitor: 'loss', patience: 2, restore_best_weights: true }), 'loss', [3, 1, 2, 2.5, 0.5]);
    assert.strictEqual(r.stoppedAt, 3);
    assert.strictEqual(r.model.restoredFrom, 1);
    // no stop (patience 10), best at e2 → still restored (Keras 3 restores in on_train_end)
    const r2 = drive(new EarlyStopping({ monitor: 'loss', patience: 10, restore_best_weights: true }), 'loss', [3, 2, 1, 4]);
    assert.strictEqual(r2.stoppedAt, -1);
    assert.strictEqual(r2.model.restoredFrom, 2);
    // monitor never present → no weights kept, nothing restored
    const r3 = drive(new EarlyStopping({ monitor: 'val_loss', restore_best_weights: true }), 'loss', [1, 2]);
    assert.strictEqual(r3.model.restoredFrom, undefined);
  });
});

describe('train: ReduceLROnPlateau (Keras 3 rules, scripted values)', () => {
  it('factor, patience, cooldown and min_lr give the hand-derived schedule', () => {
    // lr 0.1, factor 0.5, patience 2, cooldown 1, min_lr 0.02, min_delta 1e-4, constant value:
    // e0 best · e1 w1 · e2 w2 → 0.05 (cd 1) · e3 cd→0, w1 · e4 w2 → 0.025 · e5 w1 · e6 w2 → max(0.0125, 0.02) = 0.02
    // e7 w1 · e8 w2: f32(0.02) > f32(0.02) is false → stays. learning_rate is logged before the epoch's change.
    const cb = new ReduceLROnPlateau({ monitor: 'loss', factor: 0.5, patience: 2, cooldown: 1, min_lr: 0.02 });
    const { logs, model } = drive(cb, 'loss', new Array<number>(10).fill(0.3));
    const f = Math.fround;
    assert.deepStrictEqual(
      logs.map((l) => l.learning_rate),
      [f(0.1), f(0.1), f(0.1), f(0.05), f(0.05), f(0.025), f(0.025), f(0.02), f(0.02), f(0.02)],
    );
    assert.strictEqual(model.learningRate, 0.02);
  });

  it('min_delta and improvements reset wait; mode auto maximizes names with "acc"', () => {
    // min: e0 best 1 · e1 0.99995 not < 1 − 1e-4 → w1 ≥ 1 → lr 0.01 · e2 0.5 better → w0 · e3 0.5 → w1 → 0.001
    const a = drive(new ReduceLROnPlateau({ monitor: 'loss', patience: 1 }), 'loss', [1, 0.99995, 0.5, 0.5]);
    assert.ok(Math.abs(a.model.learningRate - 0.001) < 1e-9, `${a.model.learningRate}`);
    // 'val_acc' → max: e0 0.5 · e1 0.6 better · e2 0.6 → w1 · e3 0.55 → w2 ≥ 2 → 0.01
    const b = drive(new ReduceLROnPlateau({ monitor: 'val_acc', patience: 2 }), 'val_acc', [0.5, 0.6, 0.6, 0.55]);
    assert.ok(Math.abs(b.model.learningRate - 0.01) < 1e-9);
    assert.throws(() => new ReduceLROnPlateau({ factor: 1 }), /factor >= 1.0/);
  });
});

// ---------------------------------------------------------------- real runs

/** SimpleRNN → Dense with a zero kernel, target 0: prediction 0, loss 0 and zero gradients, so the
 *  loss is exactly constant whatever the learning rate — the plateau the callbacks must see. */
function plateauTrainer(lr: number) {
  resetNames();
  const model = new Sequential().add(new SimpleRNN(4)).add(new Dense(1, { kernel_initializer: 'zeros' }));
  return new Trainer(rt, model, { shape: ['T', 1], dtype: 'float' }, { shape: [1], dtype: 'float' }, { loss: 'mse', optimizer: { name: 'sgd', learning_rate: lr } }, { seed: 1 });
}
function zeroTargets(N: number, T: number) {
  const d = shortMemory(N, T, 4);
  return { x: d.x, y: tensor('float32', [N, 1], new Float32Array(N)) };
}

function learner(seed: number) {
  resetNames();
  const model = new Sequential().add(new SimpleRNN(6)).add(new Dense(1, { activation: 'sigmoid' }));
  return new Trainer(rt, model, { shape: ['T', 1], dtype: 'float' }, { shape: [1], dtype: 'float' }, { loss: 'binary_crossentropy', optimizer: { name: 'adam', learning_rate: 0.02 }, metrics: ['accuracy'] }, { seed });
}

const snapshot = (tr: Trainer) => Object.fromEntries([...tr.params].map(([k, v]) => [k, toNumbers(v)]));

describe('train: callbacks in real fit runs', function () {
  this.timeout(60000);

  it('EarlyStopping(monitor=loss, patience=2) on a constant loss stops after epoch 2 (3 epochs run)', async () => {
    const tr = plateauTrainer(0.1);
    const es = new EarlyStopping({ monitor: 'loss', patience: 2 });
    const h = await tr.fit(zeroTargets(32, 5), { epochs: 10, batchSize: 8, callbacks: [es] });
    assert.deepStrictEqual(h.epoch, [0, 1, 2]);
    assert.deepStrictEqual(h.history.loss, [0, 0, 0]);
    assert.strictEqual(h.stopReason, 'callback');
    assert.strictEqual(h.stoppedBy, 'EarlyStopping');
    assert.strictEqual(es.stoppedEpoch, 2);
    await tr.dispose();
  });

  it('ReduceLROnPlateau on a constant loss: the hand-derived schedule reaches the graph and History', async () => {
    const tr = plateauTrainer(0.1);
    const fed: number[] = [];
    const probe: Callback = { onEpochBegin: () => fed.push(tr.learningRate) };
    const cb = new ReduceLROnPlateau({ monitor: 'loss', factor: 0.5, patience: 2, cooldown: 1, min_lr: 0.02 });
    const h = await tr.fit(zeroTargets(16, 4), { epochs: 10, batchSize: 8, callbacks: [probe, cb] });
    const f = Math.fround;
    assert.deepStrictEqual(h.history.learning_rate, [f(0.1), f(0.1), f(0.1), f(0.05), f(0.05), f(0.025), f(0.025), f(0.02), f(0.02), f(0.02)]);
    // The rate each epoch trained with: the previous epoch's decision.
    assert.deepStrictEqual(fed.map(f), [0.1, 0.1, 0.1, 0.05, 0.05, 0.025, 0.025, 0.02, 0.02, 0.02].map(f));
    await tr.dispose();
  });

  it('EarlyStopping(restore_best_weights) puts back the weights of the best epoch of a real run', async () => {
    const tr = learner(3);
    const script = [3, 1, 2, 2.5, 0.5]; // best at e1; patience 2 → stop at e3
    const atEpochEnd: Record<string, number[]>[] = [];
    const scorer: Callback = {
      onEpochEnd: (e, logs) => {
        logs.score = script[e];
        atEpochEnd.push(snapshot(tr));
      },
    };
    const h = await tr.fit(shortMemory(64, 5, 1), { epochs: 5, batchSize: 16, seed: 2, callbacks: [scorer, new EarlyStopping({ monitor: 'score', mode: 'min', patience: 2, restore_best_weights: true })] });
    assert.deepStrictEqual(h.epoch, [0, 1, 2, 3]);
    assert.deepStrictEqual(snapshot(tr), atEpochEnd[1]);
    assert.notDeepStrictEqual(atEpochEnd[1], atEpochEnd[3]);
    await tr.dispose();
  });

  it('TerminateOnNaN stops after the batch whose loss is NaN; the epoch still ends and is recorded', async () => {
    const tr = learner(1);
    const data = shortMemory(64, 5, 1);
    (data.x.data as Float32Array)[5 * 20] = NaN; // sample 20 → batch 2 of 8 without shuffling
    const batchEnds: number[] = [];
    const seen: Callback = { onTrainBatchEnd: (b) => batchEnds.push(b) };
    const stop = new TerminateOnNaN();
    const h = await tr.fit(data, { epochs: 3, batchSize: 8, shuffle: false, callbacks: [seen, stop] });
    assert.deepStrictEqual(batchEnds, [0, 1, 2]);
    assert.strictEqual(stop.terminatedAtBatch, 2);
    assert.strictEqual(tr.iterations, 3);
    assert.deepStrictEqual(h.epoch, [0]);
    assert.ok(Number.isNaN(h.history.loss[0]));
    assert.strictEqual(h.stoppedBy, 'TerminateOnNaN');
    await tr.dispose();
  });

  it('callback hooks run in Keras order with the promised logs', async () => {
    const tr = learner(1);
    const calls: string[] = [];
    const spy: Callback = {
      onTrainBegin: () => calls.push('train_begin'),
      onEpochBegin: (e) => calls.push(`epoch_begin ${e}`),
      onTrainBatchBegin: (b) => calls.push(`batch_begin ${b}`),
      onTrainBatchEnd: (b, l) => calls.push(`batch_end ${b} ${Object.keys(l).sort().join(',')}`),
      onEpochEnd: (e, l) => calls.push(`epoch_end ${e} ${Object.keys(l).sort().join(',')}`),
      onTrainEnd: (_l, r) => calls.push(`train_end ${r}`),
    };
    await tr.fit(shortMemory(20, 4, 1), { epochs: 2, batchSize: 16, validationSplit: 0.2, callbacks: [spy] });
    assert.deepStrictEqual(calls, [
      'train_begin',
      'epoch_begin 0',
      'batch_begin 0',
      'batch_end 0 accuracy,loss,non_finite',
      'epoch_end 0 accuracy,loss,val_accuracy,val_loss',
      'epoch_begin 1',
      'batch_begin 0',
      'batch_end 0 accuracy,loss,non_finite',
      'epoch_end 1 accuracy,loss,val_accuracy,val_loss',
      'train_end completed',
    ]);
    await tr.dispose();
  });
});
