// fit's run record in a real kernel: history.run_record, the output that carries it in its
// metadata (through the .rnnb serializer and back), the gradient channel's copy for the side
// panel, and fit(run_record=...) repeating the recorded losses and weights exactly, or refusing.
import * as assert from 'assert';
import { deserializeRnnb, serializeRnnb } from '../../../src/host/notebook/rnnbFormat';
import type { Metadata } from '../../../src/host/notebook/rnnbFormat';
import { displayOutputMetadata } from '../../../src/host/notebook/outputMetadata';
import { RUN_RECORD_METADATA_KEY, RunRecord, runRecordFromJson } from '../../../src/keras/runRecord';
import { GradientStream } from '../../../src/protocol/gradients';
import { modelSummaries } from '../../../src/protocol/gradients/panelFeeds';
import { TestKernel } from './harness';

const DATA = `import numpy as np
from keras.models import Sequential
from keras.layers import Input, LSTM, Dense, Dropout
import keras
rng = np.random.default_rng(0)
x = rng.uniform(-1, 1, (14, 4, 2)).astype('float32')
y = (x[:, -1, :1] > 0).astype('float32')`;

/** A fresh model (names given, so the same cell builds the same graph) trained 2 shuffled epochs with dropout. */
const fitCell = (seed: number | null, name = 'm') => `${seed === null ? '' : `keras.utils.set_random_seed(${seed})`}
${name} = Sequential([Input(shape=(4, 2)), LSTM(3, dropout=0.3, name='lstm'), Dropout(0.2, name='drop'), Dense(1, activation='sigmoid', name='out')], name='rr')
${name}.compile(loss='binary_crossentropy', optimizer='adam')
h = ${name}.fit(x, y, epochs=2, batch_size=4)`;

/** A JSON value as a Python literal (the record holds no string with true/false/null in it). */
const pyLiteral = (v: unknown) => JSON.stringify(v).replace(/\btrue\b/g, 'True').replace(/\bfalse\b/g, 'False').replace(/\bnull\b/g, 'None');

describe('kernel: the run record of fit', function () {
  this.timeout(120000);
  let k: TestKernel;
  beforeEach(() => {
    k = new TestKernel();
    k.run(DATA);
  });
  afterEach(async () => k.dispose());

  /** The record the last fit output carried in its metadata. */
  const savedRecord = (): RunRecord => {
    const shown = [...k.shown].reverse().find(s => s.metadata?.[RUN_RECORD_METADATA_KEY]);
    assert.ok(shown, 'a fit output with the run record in its metadata');
    assert.match(shown.items[0].data, /^Run record: seed \d+ · shuffle \d+ · cpu · onnxruntime-node [\d.]+ · graph [0-9a-f]{12} · data [0-9a-f]{12}\n {2}epochs 2 · batch 4 · shuffled · adam\(lr 0\.001\) · binary_crossentropy · scan · float32 · 2 threads/);
    return shown.metadata![RUN_RECORD_METADATA_KEY] as RunRecord;
  };

  it('history.run_record, the output metadata and the side panel hold the same record, filled in', () => {
    k.run(fitCell(5));
    const record = savedRecord();
    assert.strictEqual(k.run("h.run_record['graph']"), `'${record.graph}'`);
    assert.strictEqual(k.run("h.run_record['seeds']['shuffle']"), String(record.seeds.shuffle));
    assert.strictEqual(k.run("h.run_record['settings']['epochs']"), '2');
    assert.strictEqual(record.steps, 2 * 4);
    assert.strictEqual(record.settings.samples, 14);
    assert.strictEqual(record.settings.intraOpThreads, 2);
    assert.strictEqual(record.start.fromSeed, true);
    const stream = new GradientStream();
    for (const m of k.telemetry) stream.receive(m);
    const [summary] = modelSummaries(stream);
    assert.deepStrictEqual(summary.run && { graph: summary.run.graph, data: summary.run.dataOrder, seed: summary.run.seed, provider: summary.run.provider },
      { graph: record.graph.slice(0, 12), data: record.dataOrder.slice(0, 12), seed: record.seeds.init, provider: 'cpu' });
  });

  it('is stable: the same cell again gives the same hashes; another seed another data order', () => {
    k.run(fitCell(5));
    const a = savedRecord();
    k.run(fitCell(5));
    const b = savedRecord();
    assert.deepStrictEqual(b, a);
    k.run(fitCell(6));
    const c = savedRecord();
    assert.notStrictEqual(c.seeds.shuffle, a.seeds.shuffle);
    assert.notStrictEqual(c.dataOrder, a.dataOrder);
    assert.strictEqual(c.graph, a.graph);
  });

  it('survives the notebook: saved in the output metadata, read back, it replays the fit exactly', () => {
    k.run(fitCell(5));
    k.run('loss1 = h.history["loss"]\nw1 = [a.tolist() for a in m.get_weights()]');
    const record = savedRecord();
    const output = k.shown.find(s => s.metadata?.[RUN_RECORD_METADATA_KEY])!;
    const notebook = {
      metadata: {},
      cells: [{ kind: 'code' as const, language: 'rnn', source: fitCell(5), metadata: {}, outputs: [{ items: output.items.map(i => ({ mime: i.mime, data: new TextEncoder().encode(i.data) })), metadata: displayOutputMetadata(output.metadata) as Metadata }] }],
    };
    const reopened = deserializeRnnb(serializeRnnb(notebook, { includeOutputs: true }));
    const saved = reopened.cells[0].outputs[0].metadata.metadata as Metadata;
    const back = runRecordFromJson(saved[RUN_RECORD_METADATA_KEY], 'saved');
    assert.deepStrictEqual(back, record);
    // A model made without the seed starts elsewhere; with the saved record it repeats the run.
    k.run(fitCell(null, 'm2').replace('h = m2.fit(x, y, epochs=2, batch_size=4)', `h2 = m2.fit(x, y, run_record=${pyLiteral(back)})`));
    assert.strictEqual(k.run('h2.history["loss"] == loss1'), 'True');
    assert.strictEqual(k.run('[a.tolist() for a in m2.get_weights()] == w1'), 'True');
    assert.deepStrictEqual(savedRecord(), record);
    // The control: the same model and fit without the record trains differently.
    k.run(fitCell(null, 'm3'));
    assert.strictEqual(k.run('h.history["loss"] == loss1'), 'False');
  });

  it('fit(run_record=...) refuses a conflicting argument, another model, or a malformed record, naming what', () => {
    k.run(fitCell(5));
    k.run('r = h.run_record');
    assert.match(k.fails('m.fit(x, y, epochs=3, run_record=r)').message, /fit\(run_record=\.\.\.\): epochs=3 differs from the record's epochs=2; leave it out to use the record's/);
    assert.strictEqual(k.run('m.fit(x, y, epochs=2, run_record=r).history["loss"] == h.history["loss"]'), 'True');
    k.run("other = Sequential([Input(shape=(4, 2)), LSTM(4, name='lstm'), Dense(1, activation='sigmoid', name='out')], name='rr')\nother.compile(loss='binary_crossentropy', optimizer='adam')");
    assert.match(k.fails('other.fit(x, y, run_record=r)').message, /run_record: this fit cannot repeat the recorded one:\n {2}- training graph: the record's is [0-9a-f]{12}…, this model's is [0-9a-f]{12}…/);
    assert.match(k.fails("r['seeds']['dropout'] = [1, 2]\nm.fit(x, y, run_record=r)").message, /run_record\['seeds'\]\['dropout'\] must be a list of 4 ints/);
  });
});
