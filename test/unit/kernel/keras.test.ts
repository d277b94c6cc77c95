// The Keras surface of the rnn language end to end in plain Node: cells → KernelSession →
// the engine thread → ONNX Runtime, and back as values, prints and displays.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { INTERRUPT_SLOT } from '../../../src/protocol/kernel';
import { TestKernel, plain } from './harness';
import { LIVE_OUTPUT_UPDATES_PER_SECOND } from '../../../src/kernel/keras/fitOutput';

const SEED_MODEL = `model = Sequential(name='SimpleRNN')
model.add(Embedding(MAX_VOCAB, EMBED_DIM, input_length=MAX_LEN, mask_zero=True))
model.add(SimpleRNN(100))
model.add(Dense(1, activation='sigmoid'))
model.compile(loss='binary_crossentropy', optimizer='adam', metrics=['accuracy'])`;

describe('Keras surface (kernel/keras)', function () {
  this.timeout(120_000);
  let k: TestKernel;
  beforeEach(() => {
    k = new TestKernel();
    k.run('MAX_VOCAB = 2000\nMAX_LEN = 40\nEMBED_DIM = 32');
  });
  afterEach(async () => k.dispose());

  it('prints a Keras summary table with output shapes and parameter counts', () => {
    k.run(SEED_MODEL);
    assert.equal(k.run('model.summary()'), '');
    const text = plain(k.shown.at(-1)!);
    assert.match(text, /^Model: "SimpleRNN"\n/);
    assert.match(text, /┃ Layer \(type\)\s+┃ Output Shape\s+┃\s+Param # ┃/);
    assert.match(text, /│ embedding\S* \(Embedding\)\s+│ \(None, 40, 32\)\s+│\s+64,000 │/);
    assert.match(text, /│ simple_rnn\S* \(SimpleRNN\)\s+│ \(None, 100\)\s+│\s+13,300 │/);
    assert.match(text, /│ dense\S* \(Dense\)\s+│ \(None, 1\)\s+│\s+101 │/);
    assert.match(text, / Total params: 77,401 \(302\.35 KB\)\n Trainable params: 77,401 \(302\.35 KB\)\n Non-trainable params: 0 \(0\.00 B\)/);
    assert.ok(k.shown.at(-1)!.items.some(i => i.mime === 'text/html'), 'an html table too');
    assert.equal(k.run('model.count_params()'), '77401');
  });

  it("trains the seed's snippet: loss falls, accuracy rises, one progress output updated in place", () => {
    k.run('(X_train, y_train), (X_test, y_test) = datasets.sentiment(max_vocab=MAX_VOCAB, max_len=MAX_LEN)');
    assert.equal(k.run('X_train.shape'), '(2400, 40)');
    k.run(SEED_MODEL);
    const started = performance.now();
    const value = k.run('history = model.fit(X_train, y_train, epochs=3, batch_size=128)\nhistory');
    const seconds = (performance.now() - started) / 1000;
    assert.match(value, /^<History: 3 epochs; loss [\d.]+ → [\d.]+; accuracy [\d.]+ → [\d.]+>$/);
    const loss = k.run("history.history['loss']").slice(1, -1).split(', ').map(Number);
    const accuracy = k.run("history.history['accuracy']").slice(1, -1).split(', ').map(Number);
    assert.ok(loss[2] < loss[0] - 0.1, `loss falls: ${loss}`);
    assert.ok(accuracy[2] > 0.7, `accuracy rises: ${accuracy}`);
    // The provider used, said once after the first step; then Keras verbose=2 lines at each epoch end.
    assert.match(k.stdout, /^Unroll: running on the CPU \(Scan graph\)\.\nEpoch 1\/3\n19\/19 - \d+s - \d+ms\/step - accuracy: 0\.\d{4} - loss: 0\.\d{4}\nEpoch 2\/3\n/);
    assert.deepStrictEqual(k.telemetry.filter(m => m.kind === 'provider'), [{ kind: 'provider', summary: 'the CPU (Scan graph)', fallbackReason: undefined }], 'the side panel hears the provider once');
    const progress = k.shown.filter(s => s.id?.startsWith('fit-'));
    assert.equal(new Set(progress.map(s => s.id)).size, 1, 'one progress output');
    assert.ok(progress.length >= 2 && progress.length <= Math.ceil(seconds * LIVE_OUTPUT_UPDATES_PER_SECOND) + 2, `the first update, at most ${LIVE_OUTPUT_UPDATES_PER_SECOND} a second after it, and the final one: ${progress.length} in ${seconds.toFixed(2)} s`);
    assert.match(plain(progress.at(-1)!), /Epoch 3\/3\n19\/19 ━+ \d+ms\/step - accuracy: [\d.]+ - loss: [\d.]+\ndone; history: \{'loss': \[/);
    const summaries = k.shown.filter(s => s.id?.startsWith('gradients-'));
    // Every frame goes out on the gradient channel; the cell's map is replaced less often, and once more at the end with its static picture.
    assert.ok(summaries.length >= 2 && summaries.length <= Math.min(k.frames().length, Math.ceil(seconds * LIVE_OUTPUT_UPDATES_PER_SECOND) + 1) + 1, `map updates: ${summaries.length} for ${k.frames().length} frames in ${seconds.toFixed(2)} s`);
    const frames = k.frames();
    assert.ok(frames.length >= 1 && frames.length <= Math.ceil(seconds * 8) + 3, `at most ~8 frames a second: ${frames.length} in ${seconds.toFixed(2)} s`);
    const frame = frames.at(-1)!;
    assert.equal(frame.step, 57);
    assert.equal(Object.values(frame.dh)[0].length, 40);
    // The model's diagram comes first, for the graph panel, with the same id as the frames.
    const [parsed] = k.diagrams();
    assert.ok(parsed, 'a diagram on the gradient channel');
    assert.ok(k.telemetry[0].kind === 'diagram', 'the diagram before the frames');
    assert.equal(parsed.modelId, frame.modelId);
    assert.equal(parsed.blocks[0].arity, 'many-to-one');
    assert.deepEqual(Object.keys(frame.dh), parsed.dhKeys);
    assert.ok(frame.globalNorm > 0 && frame.nonFinite === false);
    assert.ok(Object.entries(frame.gradNorm).some(([key, norm]) => /^dense(_\d+)?\.kernel$/.test(key) && norm > 0), JSON.stringify(frame.gradNorm));
    const [testLoss, testAccuracy] = k.run('model.evaluate(X_test, y_test)').slice(1, -1).split(', ').map(Number);
    assert.ok(testLoss < 1 && testAccuracy > 0.6, `evaluate: ${testLoss}, ${testAccuracy}`);
    assert.equal(k.run('model.predict(X_test[:5]).shape'), '(5, 1)');
  });

  it('Interrupt stops fit within one batch and keeps the weights of the last finished step', () => {
    k.run('(X_train, y_train), (X_test, y_test) = datasets.sentiment(max_vocab=MAX_VOCAB, max_len=MAX_LEN)');
    k.run(SEED_MODEL);
    const before = k.run('model.predict(X_test[:2])');
    k.onDisplay = s => { if (s.id?.startsWith('fit-')) Atomics.store(k.interrupt, INTERRUPT_SLOT, 1); };
    const error = k.fails('model.fit(X_train, y_train, epochs=50, batch_size=32)');
    assert.equal(error.errorName, 'KeyboardInterrupt');
    Atomics.store(k.interrupt, INTERRUPT_SLOT, 0);
    k.onDisplay = () => {};
    assert.doesNotMatch(k.stdout, /Epoch 1\/50\n/, 'stopped inside the first epoch');
    assert.notEqual(k.run('model.predict(X_test[:2])'), before, 'the finished steps changed the weights');
    assert.match(plain(k.shown.filter(s => s.id?.startsWith('fit-')).at(-1)!), /interrupted — the weights are those of the last finished step/);
  });

  it('binds Keras arguments with Python errors and "did you mean"', () => {
    assert.equal(k.fails('LSTM(unit=3)').message, "LSTM() got an unexpected keyword argument 'unit'. Did you mean 'units'?");
    assert.equal(k.fails("Dense(4, activation='relu6')").message, "Dense() got an unknown activation 'relu6'. Did you mean 'relu'?");
    assert.equal(k.fails("SimpleRNN('8')").message, "SimpleRNN() argument 'units' must be int, not str");
    assert.equal(k.fails('GRU()').message, "GRU() missing required argument 'units'");
    assert.match(k.fails("m = Sequential()\nm.add(Dense(1))\nm.compile(loss='binary_crossentropy', optimizer='adam', metrics=['acuracy'])").message, /Unknown metric 'acuracy'. Did you mean 'accuracy'\?/);
    assert.match(k.fails("Sequential().compile(loss='mse', optimizer='adamw')").message, /Could not interpret optimizer identifier: 'adamw'/);
    const e = k.fails("x = 1\nLSTM(8, dropout=1.5)");
    assert.deepEqual([e.errorName, e.message, e.line], ['ValueError', 'LSTM: dropout must be in [0, 1), got 1.5', 2]);
    assert.equal(k.run('Adam(learning_rate=1e-3, clipnorm=1.0).learning_rate'), '0.001');
    assert.match(k.fails('Adam(learning_rat=0.1)').message, /Did you mean 'learning_rate'\?/);
  });

  it('applies layers to symbolic tensors with the Keras call syntax (functional API)', () => {
    k.run(`inputs = Input(shape=(None, 3))
encoded, h, c = LSTM(8, return_state=True)(inputs)
outputs = Dense(1)(encoded)
m = Model(inputs, outputs)`);
    assert.equal(k.run('m.count_params()'), String(4 * (3 + 8 + 1) * 8 + 9));
    assert.equal(k.fails('Dense(1)(3)').errorName, 'TypeError');
    // merge_mode=None: the two directions come back apart, each with its own 4 units.
    assert.equal(k.run('f, b = Bidirectional(GRU(4, return_sequences=True), merge_mode=None)(inputs)\n(f.shape, b.shape)'), '((None, None, 4), (None, None, 4))');
  });

  it('imports keras names through tensorflow.keras paths', () => {
    k.run('from tensorflow.keras.layers import LSTM as L\nimport tensorflow as tf\nfrom keras.callbacks import EarlyStopping');
    assert.equal(k.run('L(4).name != tf.keras.layers.GRU(2).name'), 'True');
    assert.match(k.run("EarlyStopping(monitor='loss', patience=2)"), /EarlyStopping/);
  });

  it('saves an ONNX model that onnxruntime-node runs with the same outputs as predict', async () => {
    k.run('(X_train, y_train), (X_test, y_test) = datasets.sentiment(max_vocab=MAX_VOCAB, max_len=MAX_LEN)');
    k.run(SEED_MODEL);
    k.run('model.fit(X_train[:256], y_train[:256], epochs=1, batch_size=64, verbose=0)');
    k.run("model.save('export/m.onnx')");
    const predicted = k.run('model.predict(X_test[:4]).tolist()');
    const ids = JSON.parse(k.run('X_test[:4].tolist()')) as number[][];
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- the exported model runs in a plain onnxruntime-node session, loaded only by this test
    const ort = require('onnxruntime-node') as typeof import('onnxruntime-node');
    const session = await ort.InferenceSession.create(fs.readFileSync(path.join(k.workspace, 'export', 'm.onnx')));
    const x = new ort.Tensor('int64', BigInt64Array.from(ids.flat(), v => BigInt(v)), [4, 40]);
    const out = await session.run({ [session.inputNames[0]]: x });
    const got = Array.from(out[session.outputNames[0]].data as Float32Array);
    const want = (JSON.parse(predicted) as number[][]).flat();
    got.forEach((v, i) => assert.ok(Math.abs(v - want[i]) < 1e-5, `output ${i}: ${v} vs ${want[i]}`));
  });

  it('load_model restores config, compile settings and weights of a .unroll.json save', () => {
    k.run('(X_train, y_train), (X_test, y_test) = datasets.sentiment(max_vocab=MAX_VOCAB, max_len=MAX_LEN)');
    k.run(SEED_MODEL);
    k.run('model.fit(X_train[:256], y_train[:256], epochs=1, batch_size=64, verbose=0)');
    k.run("model.save('m.unroll.json')");
    const saved = JSON.parse(fs.readFileSync(path.join(k.workspace, 'm.unroll.json'), 'utf8')) as { format: string; weights: Record<string, unknown>; model: { layers: { config: { name: string } }[] } };
    assert.equal(saved.format, 'unroll.model');
    assert.deepEqual(Object.keys(saved.weights).sort(), ['dense.bias', 'dense.kernel', 'embedding.embeddings', 'simple_rnn.bias', 'simple_rnn.kernel', 'simple_rnn.recurrent_kernel'].sort().map(n => n.replace(/^(\w+)/, m => saved.model.layers.find(l => l.config.name.startsWith(m))!.config.name)));
    k.run("restored = load_model('m.unroll.json')");
    assert.equal(k.run('restored.predict(X_test[:3]).tolist() == model.predict(X_test[:3]).tolist()'), 'True');
    assert.equal(k.run('restored.name'), "'SimpleRNN'");
    // Compiled as saved, so it trains on.
    k.run('restored.fit(X_train[:128], y_train[:128], epochs=1, verbose=0)');
    assert.match(k.fails("load_model('m.onnx')").message, /inference-only ONNX export/);
  });

  it('reads data files inside the workspace only', () => {
    fs.writeFileSync(path.join(k.workspace, 'notes.txt'), 'one\ntwo\n');
    fs.writeFileSync(path.join(k.workspace, 'data.csv'), 'a,b\n1,x\n2,"y, z"\n');
    fs.writeFileSync(path.join(k.workspace, 'rows.jsonl'), '{"t": "hi", "n": 2}\n[1, 2.5]\n');
    assert.equal(k.run("load_text('notes.txt', lines=True)"), "['one', 'two']");
    assert.equal(k.run("load_csv('data.csv')"), "[{'a': 1, 'b': 'x'}, {'a': 2, 'b': 'y, z'}]");
    assert.equal(k.run("load_jsonl('rows.jsonl')"), "[{'t': 'hi', 'n': 2}, [1, 2.5]]");
    const outside = path.join(path.dirname(k.workspace), `outside-${path.basename(k.workspace)}.txt`);
    fs.writeFileSync(outside, 'secret');
    fs.symlinkSync(outside, path.join(k.workspace, 'link.txt'));
    try {
      for (const [cell, why] of [
        [`load_text('../${path.basename(outside)}')`, /is outside the workspace folder/],
        [`load_text('${outside}')`, /is outside the workspace folder/],
        ["load_text('link.txt')", /leads outside the workspace folder through a symbolic link/],
        ["Sequential([Input(shape=(3,)), Dense(1)]).save('../m.onnx')", /is outside the workspace folder/],
      ] as const) {
        const e = k.fails(cell);
        assert.equal(e.errorName, 'PermissionError', cell);
        assert.match(e.message, why);
      }
      assert.equal(k.fails("load_text('missing.txt')").errorName, 'FileNotFoundError');
    } finally {
      fs.rmSync(outside, { force: true });
    }
  });

  it('trains a float-sequence LSTM from lists, with validation and a callback', () => {
    k.run(`xs = [[[0.0], [1.0], [0.0]], [[1.0], [1.0], [1.0]], [[0.0], [0.0], [0.0]], [[1.0], [0.0], [1.0]]] * 8
ys = [1.0, 3.0, 0.0, 2.0] * 8
m = Sequential([Input(shape=(None, 1)), LSTM(8), Dense(1)])
m.compile(optimizer=Adam(learning_rate=0.05), loss='mse')
h = m.fit(xs, ys, epochs=30, batch_size=8, validation_split=0.25, callbacks=[TerminateOnNaN()], verbose=0)`);
    const loss = k.run("h.history['loss']").slice(1, -1).split(', ').map(Number);
    assert.ok(loss.at(-1)! < loss[0] / 4, `mse falls: ${loss[0]} → ${loss.at(-1)}`);
    assert.equal(k.run("len(h.history['val_loss'])"), '30');
    assert.equal(k.run('m.predict(xs[:2]).shape'), '(2, 1)');
  });
});
