// The run record of a fit: its fields against independent computations (node:crypto's SHA-256 of
// the batch orders a Batcher gives and of the encoded training graph, the onnxruntime-node package
// version), its stability, and replay: the recorded run repeated on CPU gives the same losses and
// weights bit for bit (float32 and float64, 2 epochs, shuffled, with dropout), and a replay that
// cannot repeat the run refuses, naming what differs.
import * as assert from 'assert';
import { createHash } from 'node:crypto';
import type { FloatDType, TensorData } from '../../../src/engine/graph';
import { Dense, Dropout, LSTM, Sequential, resetNames } from '../../../src/engine/layers';
import { NodeRuntime, toNumbers } from '../../../src/engine/runtime';
import { Batcher } from '../../../src/engine/data/batcher';
import { buildTrainStep, CompileOptions, EarlyStopping, Trainer } from '../../../src/engine/train';
import type { RunRecord } from '../../../src/engine/train/runRecord';
import { runRecordFromJson } from '../../../src/keras/runRecord';
import { Rng } from '../../../src/engine/util/rng';
import { shortMemory } from './helpers/tasks';

const rt = new NodeRuntime();
const INPUT = { shape: ['T', 1] as ['T', number], dtype: 'float' as const };
const TARGET = { shape: [1], dtype: 'float' as const };
const COMPILE: CompileOptions = { loss: 'binary_crossentropy', optimizer: { name: 'adam', learning_rate: 0.02, clipnorm: 1 } };

function model() {
  resetNames();
  return new Sequential().add(new LSTM(5, { dropout: 0.3, recurrent_dropout: 0.2 })).add(new Dropout(0.25)).add(new Dense(1, { activation: 'sigmoid' }));
}
function learner(seed: number, dtype: FloatDType = 'float32', compile = COMPILE) {
  return new Trainer(rt, model(), INPUT, TARGET, compile, { seed, dtype, session: { provider: 'cpu', intraOpThreads: 1 } });
}
function data(dtype: FloatDType = 'float32', N = 20) {
  const d = shortMemory(N, 5, 3);
  const as = (t: TensorData): TensorData => ({ ...t, dtype, data: dtype === 'float64' ? Float64Array.from(t.data as Float32Array) : t.data });
  return { x: as(d.x), y: as(d.y) };
}
const sha256 = (...parts: ArrayBufferView[]) => {
  const h = createHash('sha256');
  for (const p of parts) h.update(new Uint8Array(p.buffer, p.byteOffset, p.byteLength));
  return h.digest('hex');
};

/** Per-step losses, the record, and the weights after the fit. */
async function run(tr: Trainer, d: ReturnType<typeof data>, o: Parameters<Trainer['fit']>[1]) {
  const losses: number[] = [];
  const h = await tr.fit(d, { ...o, onStep: r => { losses.push(r.loss); o?.onStep?.(r); } });
  return { losses, record: h.runRecord!, weights: Object.fromEntries([...tr.params].map(([k, v]) => [k, toNumbers(v)])), warnings: h.replayWarnings };
}

describe('train: the run record', function () {
  this.timeout(120000);

  it('fills every field: seeds, SHA-256 of the batch order used and of the graph bytes, provider, ORT version, settings', async () => {
    const d = data();
    const { record } = await run(learner(7), d, { epochs: 2, batchSize: 6, seed: 11, validationSplit: 0.2 });
    assert.deepStrictEqual(record.seeds.init, 7);
    assert.deepStrictEqual(record.seeds.shuffle, 11);
    assert.deepStrictEqual(record.seeds.dropout, new Rng(7).fork('dropout').getState(), "a fresh model's dropout stream");
    assert.strictEqual(record.provider, 'cpu');
    assert.strictEqual(record.runtime, 'onnxruntime-node');
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- the installed package's own version, read independently of ort.env
    assert.strictEqual(record.ortVersion, (require('onnxruntime-node/package.json') as { version: string }).version);
    assert.deepStrictEqual(record.start.fromSeed, true);
    assert.strictEqual(record.start.iterations, 0);
    assert.strictEqual(record.steps, 2 * 3, '16 training rows in batches of 6: 3 steps an epoch');
    // The order: the training rows 0..15 (validation_split takes the last 4), shuffled per epoch by a Batcher seeded 11.
    const batcher = new Batcher(Int32Array.from({ length: 16 }, (_, i) => i), { batchSize: 6, shuffle: true, seed: 11 });
    const parts = [0, 1].flatMap(e => [Int32Array.of(e, 3), batcher.epochOrder(e)]);
    assert.strictEqual(record.dataOrder, sha256(...parts));
    const graph = buildTrainStep(model(), INPUT, TARGET, COMPILE, { dtype: 'float32', lowering: 'scan' }).encode();
    assert.strictEqual(record.graph, sha256(graph));
    assert.deepStrictEqual(record.settings, {
      epochs: 2, initialEpoch: 0, batchSize: 6, shuffle: true, samples: 20, validationSplit: 0.2, validationData: false,
      validationSteps: null, validationBatchSize: null,
      optimizer: { name: 'adam', learning_rate: 0.02, beta_1: 0.9, beta_2: 0.999, epsilon: 1e-7, clipnorm: 1 },
      loss: 'binary_crossentropy', lossWeights: null, lowering: 'scan', intraOpThreads: 1, dtype: 'float32', callbacks: [],
    });
    // Saved in a notebook and read back, it is the same record.
    assert.deepStrictEqual(runRecordFromJson(JSON.parse(JSON.stringify(record)), 'run_record'), record);
  });

  it('hashes the order of the steps that ran: a fit stopped after 2 steps records those 2 batches', async () => {
    let steps = 0;
    const { record } = await run(learner(7), data(), { epochs: 3, batchSize: 6, seed: 11, shouldStop: () => steps === 2, onStep: () => steps++ });
    const order = new Batcher(20, { batchSize: 6, shuffle: true, seed: 11 }).epochOrder(0);
    assert.strictEqual(record.steps, 2);
    assert.strictEqual(record.dataOrder, sha256(Int32Array.of(0, 2), order.subarray(0, 12)));
  });

  it('is stable: the same run twice gives the same record; another shuffle seed another data order only', async () => {
    const d = data();
    const a = (await run(learner(7), d, { epochs: 2, batchSize: 6, seed: 11 })).record;
    const b = (await run(learner(7), d, { epochs: 2, batchSize: 6, seed: 11 })).record;
    assert.deepStrictEqual(b, a);
    const c = (await run(learner(7), d, { epochs: 2, batchSize: 6, seed: 12 })).record;
    assert.notStrictEqual(c.dataOrder, a.dataOrder);
    assert.deepStrictEqual({ ...c, dataOrder: a.dataOrder, seeds: a.seeds }, a);
    const unshuffled = (await run(learner(7), d, { epochs: 2, batchSize: 6, seed: 12, shuffle: false })).record;
    const unshuffled2 = (await run(learner(7), d, { epochs: 2, batchSize: 6, seed: 13, shuffle: false })).record;
    assert.strictEqual(unshuffled.dataOrder, unshuffled2.dataOrder, 'without shuffling the seed does not change the order');
    assert.notStrictEqual(unshuffled.dataOrder, a.dataOrder);
  });

  for (const dtype of ['float32', 'float64'] as const) {
    it(`replay on CPU repeats the losses and weights bit for bit (${dtype}, 2 epochs, shuffled, dropout)`, async () => {
      const d = data(dtype);
      const first = await run(learner(7, dtype), d, { epochs: 2, batchSize: 6, seed: 11 });
      assert.strictEqual(first.losses.length, 8);
      // Another trainer, seeded otherwise: on its own it trains differently…
      const other = await run(learner(99, dtype), d, { epochs: 2, batchSize: 6, seed: 11 });
      assert.notDeepStrictEqual(other.losses, first.losses);
      // …with the record it repeats the run, and so does the first trainer after it has trained.
      for (const tr of [learner(99, dtype), learner(7, dtype)]) {
        const again = await run(tr, d, { epochs: 5, batchSize: 3, seed: 1, replay: first.record });
        assert.deepStrictEqual(again.losses, first.losses);
        assert.deepStrictEqual(again.weights, first.weights);
        assert.deepStrictEqual(again.record, first.record);
        assert.deepStrictEqual(again.warnings, []);
      }
    });
  }

  it('replays a fit that continued a trained model only from that same state; refuses elsewhere, naming why', async () => {
    const d = data();
    const tr = learner(7);
    await run(tr, d, { epochs: 1, batchSize: 6, seed: 11 });
    const second = await run(tr, d, { epochs: 2, batchSize: 6, seed: 12 });
    assert.strictEqual(second.record.start.fromSeed, false);
    assert.strictEqual(second.record.start.iterations, 4);
    await assert.rejects(run(learner(7), d, { replay: second.record }), /started after 4 training steps from weights this model does not have/);
    const same = learner(7);
    await run(same, d, { epochs: 1, batchSize: 6, seed: 11 });
    const again = await run(same, d, { replay: second.record });
    assert.deepStrictEqual(again.losses, second.losses);
  });

  it('refuses to replay on another graph, provider, optimizer or data size, naming each difference', async () => {
    const d = data();
    const { record } = await run(learner(7), d, { epochs: 1, batchSize: 6, seed: 11 });
    const sgd = learner(7, 'float32', { ...COMPILE, optimizer: { name: 'sgd', learning_rate: 0.02 } });
    await assert.rejects(run(sgd, d, { replay: record }), (e: Error) => /optimizer: the record has \{"beta_1":0.9,"beta_2":0.999,"clipnorm":1,"epsilon":1e-7,"learning_rate":0.02,"name":"adam"\}, this run has \{"learning_rate":0.02,"momentum":0,"name":"sgd","nesterov":false\}/.test(e.message) && /training graph: the record's is [0-9a-f]{12}…/.test(e.message));
    const cuda: RunRecord = { ...record, provider: 'cuda' };
    await assert.rejects(run(learner(7), d, { replay: cuda }), /execution provider: the record has "cuda", this run has "cpu"/);
    await assert.rejects(run(learner(7), data('float32', 14), { replay: record }), /samples \(rows of x\): the record has 20, this run has 14/);
    await assert.rejects(run(learner(7), d, { replay: record, callbacks: [new EarlyStopping({ monitor: 'loss' })] }), /callbacks: the record has \[\], this run has \["EarlyStopping"\]/);
    // A start state the seed does not rebuild: refused, and the trained model keeps its weights and step count.
    const trained = learner(7);
    const before = await run(trained, d, { epochs: 1, batchSize: 6, seed: 11 });
    const otherStart: RunRecord = { ...record, start: { ...record.start, state: 'f'.repeat(64) } };
    await assert.rejects(run(trained, d, { replay: otherStart }), /the initial weights from seed 7 differ from the recorded ones/);
    assert.deepStrictEqual(Object.fromEntries([...trained.params].map(([k, v]) => [k, toNumbers(v)])), before.weights);
    assert.strictEqual(trained.iterations, 4);
    const newer: RunRecord = { ...record, ortVersion: '9.9.9' };
    const warned = await run(learner(7), d, { replay: newer });
    assert.deepStrictEqual(warned.warnings, [`ONNX Runtime: the record has "onnxruntime-node 9.9.9", this run has "onnxruntime-node ${record.ortVersion}"`]);
  });

  it('reading a record back names the first bad field', () => {
    assert.throws(() => runRecordFromJson({ version: 2 }, 'run_record'), /run_record\['version'\] is 2; this Unroll reads run records of version 1/);
    assert.throws(() => runRecordFromJson({ version: 1, seeds: { init: 1, shuffle: 'x', dropout: [1, 2, 3, 4] }, start: {} }, 'run_record'), /run_record\['seeds'\]\['shuffle'\] must be an int, got "x"/);
  });
});
