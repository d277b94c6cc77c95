// fit / evaluate / predict with Keras semantics, checked against independent references:
// validation rows are the last fraction before shuffling; val_* equals evaluate on those rows;
// evaluate equals losses computed by hand from predict's output; progress is throttled on a
// fake clock; the same seed gives the same run; a cancelled run keeps its last step's weights.
import * as assert from 'assert';
import type { TensorData } from '../../../src/engine/graph';
import { Dense, Sequential, SimpleRNN, resetNames } from '../../../src/engine/layers';
import { NodeRuntime, tensor, toNumbers } from '../../../src/engine/runtime';
import { EarlyStopping, ProgressEvent, ReduceLROnPlateau, Trainer, takeRows } from '../../../src/engine/train';
import { shortMemory } from './helpers/tasks';

const rt = new NodeRuntime();

function learner(seed: number) {
  resetNames();
  const model = new Sequential().add(new SimpleRNN(6)).add(new Dense(1, { activation: 'sigmoid' }));
  return new Trainer(rt, model, { shape: ['T', 1], dtype: 'float' }, { shape: [1], dtype: 'float' }, { loss: 'binary_crossentropy', optimizer: { name: 'adam', learning_rate: 0.02 }, metrics: ['accuracy'] }, { seed });
}
const rows = (t: TensorData, a: number, b: number) => takeRows(t, Int32Array.from({ length: b - a }, (_, i) => a + i));
const close = (a: number, b: number, tol = 1e-5) => Math.abs(a - b) <= tol * Math.max(1, Math.abs(b));
const snapshot = (tr: Trainer) => Object.fromEntries([...tr.params].map(([k, v]) => [k, toNumbers(v)]));

/** Keras binary crossentropy on probabilities (clipped to [1e−7, 1 − 1e−7]) and binary accuracy, by hand. */
function bceByHand(p: number[], y: number[]) {
  const eps = 1e-7;
  let loss = 0;
  let hits = 0;
  p.forEach((v, i) => {
    const q = Math.min(Math.max(v, eps), 1 - eps);
    loss -= y[i] * Math.log(q) + (1 - y[i]) * Math.log(1 - q);
    hits += (v > 0.5 ? 1 : 0) === y[i] ? 1 : 0;
  });
  return { loss: loss / p.length, accuracy: hits / p.length };
}

describe('train: evaluate and predict', function () {
  this.timeout(60000);

  it('evaluate = sample-weighted means over batches = the loss and accuracy computed by hand from predict', async () => {
    const tr = learner(4);
    const d = shortMemory(23, 6, 8);
    await tr.fit(d, { epochs: 2, batchSize: 8 });
    const p = await tr.predict(d.x, 5); // 5 batches: 5,5,5,5,3
    assert.deepStrictEqual(p.dims, [23, 1]);
    const ref = bceByHand(toNumbers(p), toNumbers(d.y));
    for (const bs of [4, 7, 23]) {
      const r = await tr.evaluate(d.x, d.y, bs);
      assert.deepStrictEqual(Object.keys(r).sort(), ['accuracy', 'loss']);
      assert.ok(close(r.loss, ref.loss), `batch ${bs}: ${r.loss} vs ${ref.loss}`);
      assert.ok(close(r.accuracy, ref.accuracy), `batch ${bs}: ${r.accuracy} vs ${ref.accuracy}`);
    }
    await tr.dispose();
  });
});

describe('train: fit', function () {
  this.timeout(60000);

  it('validation_split takes the last fraction before shuffling; val_* = evaluate on those rows', async () => {
    const d = shortMemory(40, 5, 2);
    const tr = learner(1);
    const h = await tr.fit(d, { epochs: 3, batchSize: 8, validationSplit: 0.25, seed: 3 });
    assert.deepStrictEqual(Object.keys(h.history).sort(), ['accuracy', 'loss', 'val_accuracy', 'val_loss']);
    assert.strictEqual(h.history.loss.length, 3);
    assert.strictEqual(h.params.steps, 4); // 30 training rows / 8 → 4 batches
    const v = await tr.evaluate(rows(d.x, 30, 40), rows(d.y, 30, 40), 8);
    assert.ok(close(h.history.val_loss[2], v.loss) && close(h.history.val_accuracy[2], v.accuracy));

    // The same rows given as validation_data give the same run.
    const tr2 = learner(1);
    const h2 = await tr2.fit({ x: rows(d.x, 0, 30), y: rows(d.y, 0, 30) }, { epochs: 3, batchSize: 8, seed: 3, validationData: { x: rows(d.x, 30, 40), y: rows(d.y, 30, 40) } });
    assert.deepStrictEqual(h2.history, h.history);
    await Promise.all([tr.dispose(), tr2.dispose()]);
  });

  it('training never sees the validation rows (NaN there leaves every training loss finite)', async () => {
    const d = shortMemory(40, 5, 2);
    (d.x.data as Float32Array).fill(NaN, 32 * 5); // rows 32..39 = the last 20 %
    const tr = learner(1);
    const losses: number[] = [];
    const h = await tr.fit(d, { epochs: 2, batchSize: 8, validationSplit: 0.2, onStep: (r) => losses.push(r.loss) });
    assert.strictEqual(losses.length, 8);
    assert.ok(losses.every(Number.isFinite));
    assert.ok(h.history.val_loss.every(Number.isNaN));
    await tr.dispose();
    // Too few samples to split: Keras's error, before any step runs.
    await assert.rejects(learner(1).fit({ x: rows(d.x, 0, 1), y: rows(d.y, 0, 1) }, { validationSplit: 0.5 }), /not sufficient/);
  });

  it('initial_epoch resumes: fit(1 epoch) then fit(epochs=3, initial_epoch=1) = fit(3 epochs)', async () => {
    const d = shortMemory(48, 5, 5);
    const a = learner(2);
    const ha = await a.fit(d, { epochs: 3, batchSize: 16, seed: 7 });
    const b = learner(2);
    await b.fit(d, { epochs: 1, batchSize: 16, seed: 7 });
    const hb = await b.fit(d, { epochs: 3, batchSize: 16, seed: 7, initialEpoch: 1 });
    assert.deepStrictEqual(hb.epoch, [1, 2]);
    assert.deepStrictEqual(hb.history.loss, ha.history.loss.slice(1));
    assert.deepStrictEqual(snapshot(b), snapshot(a));
    await Promise.all([a.dispose(), b.dispose()]);
  });

  it('progress comes after every batch, with rate, ETA and the epoch end marked (the training thread throttles it)', async () => {
    const tr = learner(1);
    let now = 0; // each training step takes 40 ms on this clock
    const events: ProgressEvent[] = [];
    await tr.fit(shortMemory(80, 4, 1), { epochs: 2, batchSize: 8, shuffle: false, clock: () => now, onStep: () => (now += 40), onProgress: (p) => events.push(p) });
    assert.deepStrictEqual(events.map((e) => `${e.epoch}:${e.batch}`), [0, 1].flatMap(epoch => Array.from({ length: 10 }, (_, b) => `${epoch}:${b}`)));
    const e = events[4]; // epoch 0, batch 4: 5 steps of 40 ms
    assert.strictEqual(e.batches, 10);
    assert.strictEqual(e.epochs, 2);
    assert.ok(close(e.stepsPerSec, 25)); // 5 steps in 200 ms
    assert.ok(close(e.etaSec, 5 / 25) && close(e.etaTotalSec, 15 / 25));
    assert.ok(Number.isFinite(e.loss) && e.metrics.accuracy >= 0 && e.metrics.accuracy <= 1);
    assert.deepStrictEqual(events.map((x) => x.epochEnd), events.map((x) => x.batch === 9));
    await tr.dispose();
  });

  it('the same seed gives the same run with validation and callbacks, step for step', async () => {
    const d = shortMemory(60, 5, 9);
    const runs = [];
    for (let k = 0; k < 2; k++) {
      const tr = learner(5);
      const steps: number[] = [];
      const h = await tr.fit(d, {
        epochs: 6,
        batchSize: 8,
        seed: 11,
        validationSplit: 0.2,
        onStep: (r) => steps.push(r.loss),
        callbacks: [new ReduceLROnPlateau({ patience: 1, factor: 0.5 }), new EarlyStopping({ patience: 2, restore_best_weights: true })],
      });
      runs.push({ steps, history: h.history, epoch: h.epoch, params: snapshot(tr), lr: tr.learningRate });
      await tr.dispose();
    }
    assert.deepStrictEqual(runs[0], runs[1]);
    assert.ok(runs[0].steps.length >= 12);
  });

  it('cancelling keeps the weights of the last finished step, with callbacks that would restore others', async () => {
    const tr = learner(7);
    let steps = 0;
    let last: Record<string, number[]> = {};
    const h = await tr.fit(shortMemory(64, 5, 3), {
      epochs: 5,
      batchSize: 8,
      validationSplit: 0.25,
      callbacks: [new EarlyStopping({ monitor: 'loss', patience: 10, restore_best_weights: true })],
      shouldStop: () => steps >= 9, // inside epoch 1 (6 batches per epoch)
      onStep: () => {
        steps++;
        last = snapshot(tr);
      },
    });
    assert.strictEqual(h.stopReason, 'cancelled');
    assert.ok(h.stopped);
    assert.deepStrictEqual(h.epoch, [0]);
    assert.strictEqual(tr.iterations, 9);
    assert.deepStrictEqual(snapshot(tr), last);
    await tr.dispose();
  });

  it('x and y with different sample counts are refused', async () => {
    const tr = learner(1);
    await assert.rejects(tr.fit({ x: tensor('float32', [4, 2, 1], new Float32Array(8)), y: tensor('float32', [3, 1], [0, 1, 0]) }), /4 samples but y has 3/);
    await tr.dispose();
  });
});

describe('train: dropout in fit and evaluation', function () {
  this.timeout(60000);

  it('training steps drop (fed masks, seeded); val_* and evaluate run the inference graph without dropout', async () => {
    const { Dropout } = await import('../../../src/engine/layers');
    const make = () => {
      resetNames();
      const model = new Sequential().add(new SimpleRNN(8, { dropout: 0.3, recurrent_dropout: 0.3, return_sequences: true })).add(new Dropout(0.5)).add(new SimpleRNN(4)).add(new Dense(1, { activation: 'sigmoid' }));
      return new Trainer(rt, model, { shape: ['T', 1], dtype: 'float' }, { shape: [1], dtype: 'float' }, { loss: 'binary_crossentropy', optimizer: 'adam', metrics: ['accuracy'] }, { seed: 2 });
    };
    const d = shortMemory(40, 5, 6);
    const runs = [];
    for (let k = 0; k < 2; k++) {
      const tr = make();
      const steps: number[] = [];
      const h = await tr.fit(d, { epochs: 2, batchSize: 10, validationSplit: 0.25, seed: 1, onStep: (r) => steps.push(r.loss) });
      const v = await tr.evaluate(rows(d.x, 30, 40), rows(d.y, 30, 40), 10);
      // Deterministic validation: evaluate after fit = the last val_loss, and again the same.
      assert.strictEqual(v.loss, h.history.val_loss[1]);
      assert.deepStrictEqual(await tr.evaluate(rows(d.x, 30, 40), rows(d.y, 30, 40), 10), v);
      // And it is the hand-computed loss of predict's (inference) outputs.
      assert.ok(close(v.loss, bceByHand(toNumbers(await tr.predict(rows(d.x, 30, 40))), toNumbers(rows(d.y, 30, 40))).loss));
      runs.push({ steps, params: snapshot(tr) });
      await tr.dispose();
    }
    assert.deepStrictEqual(runs[0], runs[1]); // same seed → same masks → same run

    // The first step's loss (pre-update weights, masks applied) differs from the inference loss.
    const tr = make();
    const clean = await tr.evaluate(rows(d.x, 0, 10), rows(d.y, 0, 10), 10);
    const first: number[] = [];
    await tr.fit({ x: rows(d.x, 0, 10), y: rows(d.y, 0, 10) }, { epochs: 1, batchSize: 10, onStep: (r) => first.push(r.loss) });
    assert.ok(Math.abs(first[0] - clean.loss) > 1e-4, `${first[0]} vs ${clean.loss}`);
    await tr.dispose();
  });
});
