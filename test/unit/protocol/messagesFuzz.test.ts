// Fuzz: malformed messages at every webview boundary, checked in Node through the same guards
// the receiving sides use: host ← panels and renderer (isGraphToHost, isHeatmapToHost,
// sidePanelCommand, isRendererToHost), panels ← host (receiveMessage with the panel's guard),
// and the renderer ← a notebook file's outputs (readRichOutput). Nothing may throw; every drop
// names the message type (or mime) and why; what passes has the shape its handler reads.
import * as assert from 'node:assert/strict';
import { encodeJson, toWire } from '../../../src/protocol/gradients/codec';
import { isGraphToHost, isHeatmapToHost, isHostToGraph, isHostToHeatmap, isChainToHost, isHostToChain, isHostToSidePanel, isHostToSaliency, isHostToStates, isSaliencyToHost, isSidePanelToHost, isStatesToHost, receiveMessage, sidePanelCommand } from '../../../src/protocol/guards';
import { GRADIENT_MAP_MIME, MELODY_MIME, SUMMARY_MIME, TEXT_MIME, TRAINING_MIME, fitRunOf, isRendererToHost } from '../../../src/protocol/renderer';
import { readRichOutput } from '../../../src/protocol/rendererData';
import { generator, Gen, mutateSome, preview, wrongValue } from '../fuzzing';

const SEED = 99_2026;
const CASES = 2500;
const enc = new TextEncoder();
const dec = new TextDecoder();

const DIAGRAM = { modelId: 'model', name: 'SimpleRNN', blocks: [], joins: [], weights: {}, dhKeys: ['simple_rnn.forward'], notes: [] };
const FRAME = { modelId: 'model', step: 3, loss: NaN, dh: { 'simple_rnn.forward': [1e-3, Infinity, 0.5] }, gradNorm: { 'dense.kernel': 0.25 } };

const TO_HOST = {
  graph: [{ type: 'ready' }, { type: 'export', format: 'svg', data: '<svg xmlns="http://www.w3.org/2000/svg"/>', fileName: 'graph-model.svg' }, { type: 'openHeatmap', modelId: 'model' }, { type: 'openChain', modelId: 'model' }],
  heatmap: [{ type: 'ready' }, { type: 'export', format: 'png', data: 'iVBORw0KGgo=', fileName: 'heatmap.png' }, { type: 'openGraph', modelId: 'model' }],
  sidePanel: [{ type: 'ready' }, { type: 'command', command: 'unroll.showGradientHeatmap', modelId: 'model' }, { type: 'command', command: 'unroll.interrupt' }],
  renderer: [{ type: 'stop', run: 'run-1' }, { type: 'openHeatmap', modelId: 'model' }],
  states: [{ type: 'ready' }, { type: 'openGraph', modelId: 'model' }, { type: 'export', format: 'csv', data: 'a,b\r\n1,2\r\n', fileName: 'states-m.csv' }],
  saliency: [{ type: 'ready' }, { type: 'openGraph', modelId: 'model' }],
  chain: [{ type: 'ready' }, { type: 'openGraph', modelId: 'model' }],
};
const SNAPSHOT = { step: 4, epoch: 0, chains: [{ key: 'lstm.forward', layer: 'lstm', direction: 'forward', kind: 'LSTM', units: 2, T: 2, series: [{ name: 'h', values: [0.1, NaN, -Infinity, 0.5] }, { name: 'c', values: [1, 2, 3, 4] }], mask: [1, 0] }] };

const SALIENCY = { step: 3, outputs: 2, T: 2, norm: [0.1, NaN, 0, 2], gradInput: [-0.1, Infinity, 0, 1], classes: [1, 0], target: 'logit' };

const CHAIN_LAYER = { layer: 'rnn', kind: 'SimpleRNN', units: 2, state: 'h', stepFrobenius: [0.5, NaN], stepSpectral: [0.4, Infinity], stepSingularValues: [[0.4, 0.1], [Infinity, NaN]], productNorm: [0.2, 0.4], spectralRadius: 0.9, sigmaMax: 1.1 };
const CHAIN = { modelId: 'model', modelName: 'm', epochs: 2, selected: 'rnn', layers: [CHAIN_LAYER, { ...CHAIN_LAYER, layer: 'gru', kind: 'GRU', stepFrobenius: [], stepSpectral: [], stepSingularValues: [], productNorm: [], unavailable: 'cannot recompute' }] };

const FROM_HOST = {
  graph: [{ type: 'model', diagram: DIAGRAM }, { type: 'gradients', frame: FRAME }, { type: 'clear', reason: 'restarted' }, { type: 'exported', path: null }],
  heatmap: [{ type: 'model', diagram: DIAGRAM }, { type: 'frames', frames: [FRAME, FRAME] }, { type: 'connectivity', series: { modelId: 'model', step: 2, values: [0.1, NaN] } }, { type: 'exported', path: 'a.png' }],
  states: [{ type: 'model', diagram: DIAGRAM }, { type: 'states', tokens: ['a', 'NaN'], snapshots: [SNAPSHOT, SNAPSHOT] }, { type: 'snapshot', tokens: ['a', 'b'], snapshot: SNAPSHOT, reset: false }, { type: 'clear', reason: 'restarted' }],
  saliency: [{ type: 'model', diagram: DIAGRAM }, { type: 'saliency', tokens: ['a', 'b'], snapshots: [SALIENCY, SALIENCY], output: 1 }, { type: 'snapshot', tokens: ['a', 'b'], snapshot: SALIENCY, reset: true }, { type: 'connectivity', series: { modelId: 'model', step: 2, values: [0.1, NaN] } }, { type: 'clear', reason: 'restarted' }],
  chain: [{ type: 'model', diagram: DIAGRAM }, { type: 'chain', chain: CHAIN }, { type: 'spectrum', spectrum: { modelId: 'model', modelName: 'm', layers: { rnn: { spectralRadius: [0.9, NaN], sigmaMax: [1.1, Infinity] } } } }, { type: 'clear', reason: 'restarted' }],
  sidePanel: [{ type: 'state', executionProvider: 'cpu', kernels: [{ notebookUri: 'file:///a.rnnb', notebookName: 'a.rnnb', state: 'idle', executionCount: 2 }, { notebookUri: 'file:///b.rnnb', notebookName: 'b.rnnb', state: 'idle', executionCount: 1, provider: 'WebGPU (unrolled graph); 15 of 379 nodes (4.0%) ran on the CPU' }], models: [{ modelId: 'model', name: 'm', arity: 'many-to-one', steps: 3, losses: [1, 0.5, NaN], nonFinite: true }] },
    { type: 'state', executionProvider: 'auto', kernels: [], models: [{ modelId: 'model', name: 'm', arity: 'many-to-one', steps: 3, losses: [1], nonFinite: false, run: { seed: 7, shuffle: 11, provider: 'cpu', runtime: 'onnxruntime-node 1.30.0', graph: '16faa508d569', dataOrder: '3be0c1d2e3f4', steps: 3, settings: 'epochs 1 · batch 8 · adam(lr 0.001) · mse · scan · float32 · 2 threads' } }] }],
};

const OUTPUTS: [string, unknown][] = [
  [SUMMARY_MIME, { title: 'seq', rows: [{ layer: 'lstm (LSTM)', type: 'LSTM', outputShape: '(None, 4)', params: 128 }, { layer: 'dense', type: 'Dense', outputShape: '(None, 1)', params: null }], totalParams: 133, trainableParams: 133, nonTrainableParams: 0 }],
  [TRAINING_MIME, { run: 'run-1', model: 'seq', epochs: 3, batchesPerEpoch: 10, epoch: 1, batch: 4, names: ['loss', 'accuracy'], steps: [{ x: 0.1, values: [0.7, 0.5] }, { x: 0.2, values: [NaN, 0.6] }], epochLogs: [{ epoch: 0, logs: { loss: 0.6, val_loss: Infinity } }], stepsPerSec: 120, etaSec: 3, status: 'running' }],
  [GRADIENT_MAP_MIME, { modelId: 'model', steps: [1, 5, 9], series: [{ key: 'lstm.forward', columns: [[1e-3, 2e-3], [NaN, Infinity]] }] }],
  [TEXT_MIME, { seed: 'Call me', generated: ' Ishmael.', temperature: 0.8 }],
  [MELODY_MIME, { notes: [{ midi: 60, start: 0, beats: 1, seed: true }, { midi: 64, start: 1, beats: 0.5 }], tempo: 120, temperature: 1 }],
];

/** A mutated form of `message` as a webview or a file might deliver it (JSON, or a raw string, or another value), and its text. */
function mutated(g: Gen, message: unknown, others: unknown[]): { value: unknown; text: string } {
  if (g.next() < 0.05) {
    const value = wrongValue(g);
    return { value, text: JSON.stringify(value) };
  }
  // Samples are in wire form already (NaN and ±Inf as the codec's strings).
  const pool = [message, ...others].map(m => enc.encode(JSON.stringify(m)));
  const bytes = mutateSome(g, pool[0], pool);
  const text = dec.decode(bytes);
  try {
    return { value: JSON.parse(text) as unknown, text };
  } catch {
    return { value: text, text };
  }
}

function show(message: unknown): string {
  try {
    return typeof message === 'string' ? message : JSON.stringify(message) ?? String(message);
  } catch {
    return `(a ${typeof message} too deep to print)`;
  }
}

function fuzz(name: string, seed: number, samples: unknown[], check: (m: unknown, what: string, text: string) => boolean): void {
  it(`${name}: ${CASES} malformed messages, nothing thrown (seed ${seed})`, () => {
    const g = generator(seed);
    for (const s of samples) assert.ok(check(s, 'a valid sample', JSON.stringify(s)), `a valid ${name} message was refused: ${JSON.stringify(s)}`);
    const counts = { accepted: 0, dropped: 0 };
    for (let n = 0; n < CASES; n++) {
      const { value: message, text } = mutated(g, g.pick(samples), samples);
      const what = `seed ${seed}, case ${n}`;
      let accepted: boolean;
      try {
        accepted = check(message, what, text);
      } catch (e) {
        assert.fail(`${what}: threw ${e instanceof Error ? e.stack : String(e)}\n--- message ---\n${preview(show(message))}`);
      }
      counts[accepted ? 'accepted' : 'dropped']++;
    }
    assert.ok(counts.accepted > 5 && counts.dropped > 500, JSON.stringify(counts));
  });
}

describe('webview and renderer messages: fuzz', function () {
  this.timeout(120_000);

  describe('host ← webviews', () => {
    const exported = (m: unknown) => (isGraphToHost(m) && m.type === 'export') || (isHeatmapToHost(m) && m.type === 'export');
    fuzz('graph panel', SEED, TO_HOST.graph, m => {
      if (!isGraphToHost(m)) return false;
      if (m.type === 'export') assert.ok(!/[/\\]/.test(m.fileName) && m.fileName.endsWith(`.${m.format}`), 'a save name with a folder in it, or another extension');
      return true;
    });
    fuzz('heatmap panel', SEED + 1, TO_HOST.heatmap, m => {
      if (!isHeatmapToHost(m)) return false;
      if (m.type === 'export' && m.format === 'png') assert.match(m.data, /^[A-Za-z0-9+/]*={0,2}$/);
      return true;
    });
    fuzz('side panel', SEED + 2, TO_HOST.sidePanel, m => {
      const command = sidePanelCommand(m);
      if (command) assert.ok(command.command.startsWith('unroll.') && command.args.every(a => typeof a === 'string'));
      return isSidePanelToHost(m);
    });
    fuzz('renderer', SEED + 3, TO_HOST.renderer, m => isRendererToHost(m));
    fuzz('state inspector', SEED + 4, TO_HOST.states, m => isStatesToHost(m));
    fuzz('saliency', SEED + 5, TO_HOST.saliency, m => isSaliencyToHost(m));
    fuzz('chain of partials', SEED + 6, TO_HOST.chain, m => isChainToHost(m));

    it('what the guards refuse (each a message a handler used to act on or throw at)', () => {
      assert.equal(isGraphToHost({ type: 'export', format: 'svg', data: '<svg/>', fileName: '../../.bashrc' }), false);
      assert.equal(isGraphToHost({ type: 'export', format: 'svg', data: '<svg/>', fileName: 'a.sh' }), false, 'the name must carry the format\'s extension');
      assert.equal(isHeatmapToHost({ type: 'export', format: 'png', data: 'javascript:alert(1)', fileName: 'a.png' }), false);
      assert.equal(isHeatmapToHost({ type: 'export', format: 'png', fileName: 'a.png' }), false, 'no data');
      assert.equal(isHeatmapToHost({ type: 'export', format: 'exe', data: '', fileName: 'a.exe' }), false);
      assert.equal(sidePanelCommand({ type: 'command', command: 'workbench.action.terminal.new' }), undefined);
      assert.equal(sidePanelCommand({ type: 'command', command: 'unroll.interrupt', modelId: { toString: null } }), undefined);
      assert.equal(exported(null), false);
    });
  });

  describe('webviews ← host (receiveMessage with the panel\'s guard)', () => {
    for (const [name, guard, seed] of [['graph', isHostToGraph, SEED + 10], ['heatmap', isHostToHeatmap, SEED + 11], ['sidePanel', isHostToSidePanel, SEED + 12], ['states', isHostToStates, SEED + 13], ['saliency', isHostToSaliency, SEED + 14], ['chain', isHostToChain, SEED + 15]] as const) {
      fuzz(`${name} page`, seed, FROM_HOST[name].map(m => toWire(m)), (m, what) => {
        const received = receiveMessage(m, guard as (x: unknown) => boolean as never);
        if ('dropped' in received) {
          assert.match(received.dropped, /^(undecodable message \(.+\)|malformed message of type .+)$/s, what);
          return false;
        }
        return true;
      });
    }

    it('a message nested deeper than the codec allows is dropped, not thrown (fromWire threw a RangeError in the page)', () => {
      let deep: unknown = 1;
      for (let d = 0; d < 100; d++) deep = [deep];
      assert.deepEqual(receiveMessage({ type: 'clear', reason: deep }, isHostToGraph), { dropped: 'undecodable message (gradient codec: value nested deeper than 64 levels)' });
      assert.deepEqual(receiveMessage({ type: 'frames', frames: [{ modelId: 'm' }] }, isHostToHeatmap), { dropped: 'malformed message of type "frames"' });
      assert.ok('message' in receiveMessage(toWire(FROM_HOST.graph[1]), isHostToGraph));
    });
  });

  describe('renderer ← notebook outputs (readRichOutput)', () => {
    for (const [k, [mime, data]] of OUTPUTS.entries()) {
      fuzz(mime.replace('application/vnd.unroll.', ''), SEED + 20 + k, [toWire(data)], (_m, what, text) => {
        const read = readRichOutput(mime, text);
        if ('error' in read) {
          assert.ok(read.error.startsWith(`${mime}: `) && read.error.length > mime.length + 2, `${what}: ${read.error}`);
          return false;
        }
        assert.equal(read.mime, mime);
        return true;
      });
    }

    it('valid outputs read back, NaN and Inf kept; damaged ones say what is wrong', () => {
      const training = readRichOutput(TRAINING_MIME, encodeJson(OUTPUTS[1][1]));
      assert.ok('data' in training && training.mime === TRAINING_MIME && Number.isNaN(training.data.steps[1].values[0]));
      assert.deepEqual(readRichOutput(MELODY_MIME, '{"notes": [], "tempo": 0}'), { error: `${MELODY_MIME}: "tempo" is not a tempo in beats per minute (above 0, at most 1000)` });
      assert.deepEqual(readRichOutput(SUMMARY_MIME, '{"title": "m", "rows": [{"layer": 1}]}'), { error: `${SUMMARY_MIME}: "rows" are not layer rows` });
      assert.match((readRichOutput(TEXT_MIME, '{"seed": "a"') as { error: string }).error, /^application\/vnd\.unroll\.text\+json: not JSON/);
      assert.deepEqual(readRichOutput('application/vnd.unroll.other+json', '{}'), { error: 'application/vnd.unroll.other+json: no view for application/vnd.unroll.other+json' });
    });

    it('fitRunOf reads a damaged training display as none (it threw on bad JSON)', () => {
      assert.equal(fitRunOf([{ mime: TRAINING_MIME, data: '{"run": ' }]), undefined);
      assert.equal(fitRunOf([{ mime: TRAINING_MIME, data: 'null' }]), undefined);
      assert.deepEqual(fitRunOf([{ mime: TRAINING_MIME, data: '{"run": "r", "status": "running"}' }]), { run: 'r', running: true });
    });
  });
});
