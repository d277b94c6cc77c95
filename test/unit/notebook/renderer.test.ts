// The renderer's contribution and channel, without VS Code: the manifest names the bundle
// webpack writes and exactly the kernel's mimes; .rnnb files keep those outputs as readable
// JSON text beside their text/plain; the host accepts only well-formed renderer messages.
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { RENDERER_MIMES, TRAINING_MIME, fitRunOf } from '../../../src/protocol/renderer';
import { TrainingRecorder, trainingItems } from '../../../src/kernel/keras/fitOutput';
import { RENDERER_ID, isRendererToHost } from '../../../src/protocol/renderer';
import { deserializeRnnb, serializeRnnb } from '../../../src/host/notebook/rnnbFormat';

const ROOT = path.join(__dirname, '..', '..', '..', '..');

interface RendererContribution { id: string; entrypoint: string; mimeTypes: string[]; requiresMessaging: string }

describe('notebook renderer contribution', () => {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- the manifest at the repo root, outside the TS project's rootDir
  const manifest = require(path.join(ROOT, 'package.json')) as { contributes: { notebookRenderer: RendererContribution[] } };
  const contribution = manifest.contributes.notebookRenderer.find(r => r.id === RENDERER_ID);

  it('package.json contributes unroll.renderer for exactly the kernel mimes, with optional messaging', () => {
    assert.ok(contribution, 'contributes.notebookRenderer has unroll.renderer');
    assert.deepEqual([...contribution.mimeTypes].sort(), [...RENDERER_MIMES].sort());
    // Optional: the outputs still draw where no extension host listens; Stop and the heatmap link need it.
    assert.equal(contribution.requiresMessaging, 'optional');
  });

  it('the entrypoint is the ES module bundle webpack writes', () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- the plain CommonJS webpack config (no types), loaded by path
    const configs = require(path.join(ROOT, 'webpack.config.js')) as { name?: string; entry: Record<string, string>; output: { path: string; filename: string; library?: { type: string } } }[];
    const renderer = configs.find(c => c.name === 'renderer');
    assert.ok(renderer, 'a renderer build');
    assert.equal(renderer.output.library?.type, 'module');
    const [name] = Object.keys(renderer.entry);
    const bundle = path.join(renderer.output.path, renderer.output.filename.replace('[name]', name));
    assert.equal(path.relative(ROOT, bundle), path.normalize(contribution!.entrypoint));
  });

  it('.rnnb keeps a training output as JSON text lines beside its text/plain, and reads it back byte for byte', () => {
    const r = new TrainingRecorder('m-1', 'm', 2);
    r.progress({ epoch: 0, epochs: 2, batch: 3, batches: 4, loss: NaN, metrics: { accuracy: 0.5 }, stepsPerSec: 3, etaSec: 1, etaTotalSec: 2, epochEnd: true });
    const items = trainingItems(r.data(), 'Epoch 1/2\n4/4 ━━━━ - loss: nan').map(i => ({ mime: i.mime, data: new TextEncoder().encode(i.data) }));
    const notebook = { metadata: {}, cells: [{ kind: 'code' as const, language: 'rnn', source: 'model.fit(x, y)', metadata: {}, outputs: [{ items, metadata: { outputType: 'display_data' } }] }] };
    const bytes = serializeRnnb(notebook);
    const file = JSON.parse(new TextDecoder().decode(bytes)) as { cells: { outputs: { items: { mime: string; text?: unknown; base64?: unknown }[] }[] }[] };
    const saved = file.cells[0].outputs[0].items;
    assert.deepEqual(saved.map(i => i.mime), [TRAINING_MIME, 'text/plain']);
    assert.ok(saved.every(i => i.text !== undefined && i.base64 === undefined), 'text, not base64');
    const back = deserializeRnnb(bytes).cells[0].outputs[0].items;
    assert.deepEqual(back.map(i => Buffer.from(i.data).toString()), items.map(i => Buffer.from(i.data).toString()));
  });

  it('accepts only well-formed renderer messages', () => {
    assert.equal(isRendererToHost({ type: 'stop', run: 'm-1' }), true);
    assert.equal(isRendererToHost({ type: 'openHeatmap', modelId: 'm1' }), true);
    for (const bad of [null, 'stop', {}, { type: 'stop' }, { type: 'stop', run: 3 }, { type: 'openHeatmap' }, { type: 'restart' }]) {
      assert.equal(isRendererToHost(bad), false, JSON.stringify(bad));
    }
  });

  it("the host learns which fit run is training from its outputs (a renderer's Stop must name it)", () => {
    const r = new TrainingRecorder('m-7', 'm', 2);
    assert.deepEqual(fitRunOf(trainingItems(r.data(), 'Epoch 1/2')), { run: 'm-7', running: true });
    r.finish('cancelled');
    assert.deepEqual(fitRunOf(trainingItems(r.data(), 'Epoch 1/2')), { run: 'm-7', running: false });
    assert.equal(fitRunOf([{ mime: 'text/plain', data: 'hello' }]), undefined);
  });
});
