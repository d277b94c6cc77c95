// The seed's snippet (DESIGN.md §1) in the real extension host: a notebook with the sizes, one
// data-loading line and the snippet exactly as the seed note writes it; the fit output is read
// back for loss and accuracy.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { activateUnroll, closeActiveEditor, notebookWith, outputText, runCells } from './helpers';

const SIZES = 'MAX_VOCAB = 10000\nMAX_LEN = 100\nEMBED_DIM = 64';
const DATA = '(X_train, y_train), (X_test, y_test) = datasets.sentiment(max_vocab=MAX_VOCAB, max_len=MAX_LEN)';
const SEED_SNIPPET = `model = Sequential(name='SimpleRNN')
model.add(Embedding(MAX_VOCAB, EMBED_DIM, input_length=MAX_LEN, mask_zero=True))
model.add(SimpleRNN(100))
model.add(Dense(1, activation='sigmoid'))
model.compile(loss='binary_crossentropy', optimizer='adam', metrics=['accuracy'])
model.fit(X_train, y_train, epochs=3, batch_size=128)`;

describe("Keras cells in the extension host: the seed's snippet", function () {
  this.timeout(120_000);
  before(activateUnroll);
  afterEach(closeActiveEditor);

  it('trains and shows loss and accuracy per epoch, one progress output, and the History', async () => {
    const { notebook } = await notebookWith('seed.rnnb', SIZES, DATA, SEED_SNIPPET, 'model.summary()');
    const started = Date.now();
    await runCells(notebook);
    const seconds = (Date.now() - started) / 1000;
    const fitCell = notebook.cellAt(2);
    assert.equal(fitCell.executionSummary?.success, true, outputText(fitCell));
    const text = outputText(fitCell);
    const epochs = [...text.matchAll(/Epoch (\d)\/3\n19\/19 - \d+s - \d+ms\/step - accuracy: (0\.\d{4}) - loss: (\d\.\d{4})\n/g)];
    assert.deepEqual(epochs.map(m => m[1]), ['1', '2', '3'], text);
    const [accuracy, loss] = [epochs.map(m => Number(m[2])), epochs.map(m => Number(m[3]))];
    assert.ok(loss[2] < loss[0], `loss falls: ${loss}`);
    assert.ok(accuracy[2] > 0.6, `accuracy rises: ${accuracy}`);
    // One progress output, replaced in place: its final state, then the History as the value.
    const progress = fitCell.outputs.filter(o => o.items.some(i => i.mime === 'text/plain' && new TextDecoder().decode(i.data).includes('━')));
    assert.equal(progress.length, 1, 'one progress output');
    assert.match(new TextDecoder().decode(progress[0].items.find(i => i.mime === 'text/plain')!.data), /^Epoch 3\/3\n19\/19 ━{20} \d+ms\/step - accuracy: [\d.]+ - loss: [\d.]+\ndone; history: \{'loss': \[/);
    assert.ok(fitCell.outputs.some(o => o.items.some(i => i.mime === 'application/vnd.unroll.gradient-map+json')), 'the gradient summary (the renderer’s map of the run)');
    assert.match(text, /<History: 3 epochs; loss [\d.]+ → [\d.]+; accuracy [\d.]+ → [\d.]+>/);
    assert.match(outputText(notebook.cellAt(3)), /Model: "SimpleRNN"/);
    assert.ok(seconds < 90, `the whole notebook ran in ${seconds.toFixed(1)} s`);
    void vscode;
  });
});
