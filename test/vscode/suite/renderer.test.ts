// The notebook renderer's side of the extension host: its bundle is where the manifest points,
// and real cells give their outputs the renderer's mimes (through the host's cell outputs, the
// way VS Code stores them) with text/plain beside each.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { GRADIENT_MAP_MIME, SUMMARY_MIME, TRAINING_MIME, TrainingData } from '../../../src/protocol/renderer';
import { EXTENSION_ID, activateUnroll, closeActiveEditor, notebookWith, outputText, runCells } from './helpers';

describe('notebook renderer (extension host)', function () {
  this.timeout(120_000);
  before(activateUnroll);
  afterEach(closeActiveEditor);

  it('contributes unroll.renderer with a bundle that exists', async () => {
    const extension = vscode.extensions.getExtension(EXTENSION_ID)!;
    const renderers = (extension.packageJSON as { contributes: { notebookRenderer: { id: string; entrypoint: string }[] } }).contributes.notebookRenderer;
    const renderer = renderers.find(r => r.id === 'unroll.renderer');
    assert.ok(renderer);
    const stat = await vscode.workspace.fs.stat(vscode.Uri.joinPath(extension.extensionUri, renderer.entrypoint));
    assert.ok(stat.size > 1000, `${renderer.entrypoint}: ${stat.size} bytes`);
  });

  it('summary and fit outputs carry the renderer mimes beside text/plain', async () => {
    const { notebook } = await notebookWith('renderer.rnnb', `(X_train, y_train), _ = datasets.sentiment(max_vocab=500, max_len=20)
model = Sequential(name='tiny')
model.add(Embedding(500, 8, mask_zero=True))
model.add(SimpleRNN(8))
model.add(Dense(1, activation='sigmoid'))
model.compile(loss='binary_crossentropy', optimizer='adam', metrics=['accuracy'])
model.summary()
history = model.fit(X_train[:512], y_train[:512], epochs=2, batch_size=64)`);
    await runCells(notebook);
    const cell = notebook.cellAt(0);
    assert.equal(cell.executionSummary?.success, true, outputText(cell));
    const withMime = (mime: string) => cell.outputs.filter(o => o.items.some(i => i.mime === mime));
    for (const mime of [SUMMARY_MIME, TRAINING_MIME, GRADIENT_MAP_MIME]) {
      assert.equal(withMime(mime).length, 1, `one output with ${mime}`);
      assert.ok(withMime(mime)[0].items.some(i => i.mime === 'text/plain'), `text/plain beside ${mime}`);
    }
    const training = JSON.parse(new TextDecoder().decode(withMime(TRAINING_MIME)[0].items.find(i => i.mime === TRAINING_MIME)!.data)) as TrainingData;
    assert.equal(training.status, 'done');
    assert.equal(training.epochLogs.length, 2);
  });
});
