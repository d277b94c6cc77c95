// The run record as people read it (the fit output's line, the side panel's summary) and as the
// side panel's stream keeps it: the last finished fit's, dropped when a new fit of the model starts.
import * as assert from 'assert';
import type { RunRecord } from '../../../src/keras/runRecord';
import { GradientStream } from '../../../src/protocol/gradients';
import { modelSummaries } from '../../../src/protocol/gradients/panelFeeds';
import { isHostToSidePanel } from '../../../src/protocol/guards';
import { runRecordLine, runSettingsLine } from '../../../src/protocol/runRecord';

const RECORD: RunRecord = {
  version: 1,
  seeds: { init: 7, shuffle: 11, dropout: [1, 2, 3, 4] },
  start: { fromSeed: true, iterations: 0, state: 'a'.repeat(64) },
  dataOrder: '3be0c1d2e3f4'.padEnd(64, '0'),
  steps: 6,
  provider: 'cpu',
  runtime: 'onnxruntime-node',
  ortVersion: '1.30.0',
  graph: '16faa508d569'.padEnd(64, '1'),
  settings: {
    epochs: 2, initialEpoch: 0, batchSize: 6, shuffle: true, samples: 20, validationSplit: 0.2, validationData: false, validationSteps: null, validationBatchSize: null,
    optimizer: { name: 'adam', learning_rate: 0.02, clipnorm: 1 }, loss: { name: 'categorical_crossentropy', from_logits: true }, lossWeights: null,
    lowering: 'scan', intraOpThreads: 1, dtype: 'float32', callbacks: [],
  },
};

const DIAGRAM = { modelId: '3', name: 'rr', blocks: [], edges: [] } as unknown as Parameters<GradientStream['setModel']>[0];

describe('protocol: the run record as shown', () => {
  it('one line of seeds, provider and short hashes; one of settings with clipping and validation', () => {
    assert.strictEqual(runRecordLine(RECORD), 'seed 7 · shuffle 11 · cpu · onnxruntime-node 1.30.0 · graph 16faa508d569 · data 3be0c1d2e3f4');
    assert.strictEqual(runSettingsLine(RECORD.settings), 'epochs 2 · batch 6 · shuffled · validation_split 0.2 · adam(lr 0.02, clipnorm 1) · categorical_crossentropy · scan · float32 · 1 thread');
  });

  it("the side panel's model summary carries the last finished fit's record, which a new fit's diagram drops", () => {
    const stream = new GradientStream();
    stream.receive({ kind: 'diagram', diagram: DIAGRAM });
    let told = 0;
    stream.subscribe({ update: () => told++ });
    stream.receive({ kind: 'runRecord', modelId: '3', record: RECORD });
    assert.strictEqual(told, 1, 'the side panel is told');
    const [summary] = modelSummaries(stream);
    assert.deepStrictEqual(summary.run, { seed: 7, shuffle: 11, provider: 'cpu', runtime: 'onnxruntime-node 1.30.0', graph: '16faa508d569', dataOrder: '3be0c1d2e3f4', steps: 6, settings: runSettingsLine(RECORD.settings) });
    assert.ok(isHostToSidePanel({ type: 'state', executionProvider: 'cpu', kernels: [], models: [summary] }));
    assert.ok(!isHostToSidePanel({ type: 'state', executionProvider: 'cpu', kernels: [], models: [{ ...summary, run: { ...summary.run, graph: 42 } }] }));
    stream.receive({ kind: 'diagram', diagram: DIAGRAM });
    assert.strictEqual(modelSummaries(stream)[0].run, undefined);
  });
});
