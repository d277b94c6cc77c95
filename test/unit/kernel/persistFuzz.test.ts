// Fuzz: damaged model files through the real load_model in a kernel session (with its engine
// thread). Every file either loads, or fails with a ValueError (UnicodeDecodeError for bytes
// that are not UTF-8) that names the file and where: the line and column, or the weight.
// Never an internal error, never a hang. Seeds are files that model.save wrote: a Sequential
// LSTM model and a functional encoder-decoder.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { CellError, PyException } from '../../../src/language';
import { parseSavedModel } from '../../../src/kernel/keras/savedModel';
import { generator, mutateSome, preview } from '../fuzzing';
import { TestKernel } from './harness';

const SEED = 424242;
const CASES = 2000;
const FILE = 'fuzzed.unroll.json';
/** Where an error may say the problem is. */
const LOCATED = /line \d+, column \d+|weight "[^"]+"|layer "[^"]+"|its "model" config|its weights do not fit|newer Unroll/;

describe('load_model: fuzz', function () {
  this.timeout(300_000);
  let k: TestKernel;
  let seeds: Uint8Array[];

  before(() => {
    k = new TestKernel();
    // Every layer named, and the weights replaced by fixed values below: the seed files are the
    // same bytes whatever ran before in this process (layer name counters, the initializers' draws).
    k.run([
      'model = Sequential(name="seq")',
      'model.add(LSTM(4, input_shape=(5, 3), return_sequences=True, name="lstm"))',
      'model.add(TimeDistributed(Dense(2, activation="softmax", name="dense"), name="td"))',
      'model.compile(loss="categorical_crossentropy", optimizer=Adam(learning_rate=0.01), metrics=["accuracy"])',
      'model.save("seq.unroll.json")',
      'enc_in = Input(shape=(None,), dtype="int64", name="enc")',
      'x = Embedding(10, 4, mask_zero=True, name="emb")(enc_in)',
      '_, h, c = LSTM(3, return_state=True, name="enc_lstm")(x)',
      'dec_in = Input(shape=(None, 2), name="dec")',
      'y = LSTM(3, return_sequences=True, name="dec_lstm")(dec_in, initial_state=[h, c])',
      'out = Dense(2, name="out")(y)',
      'f = Model([enc_in, dec_in], out, name="s2s")',
      'f.compile(loss="mse", optimizer="sgd")',
      'f.save("s2s.unroll.json")',
    ].join('\n'));
    seeds = ['seq.unroll.json', 's2s.unroll.json'].map(f => {
      const doc = JSON.parse(fs.readFileSync(path.join(k.workspace, f), 'utf8')) as { weights: Record<string, { shape: number[]; data: string }> };
      for (const w of Object.values(doc.weights)) {
        const values = Float32Array.from({ length: w.shape.reduce((a, b) => a * b, 1) }, (_, i) => Math.sin(i + 1) / 4);
        w.data = Buffer.from(values.buffer).toString('base64');
      }
      const text = JSON.stringify(doc);
      fs.writeFileSync(path.join(k.workspace, f), text);
      return new TextEncoder().encode(text);
    });
    for (const f of ['seq.unroll.json', 's2s.unroll.json']) k.run(`load_model("${f}")`);
  });

  after(() => k.dispose());

  /** Loads `bytes` as FILE: 'loaded', or the located ValueError's message. */
  function load(bytes: Uint8Array, what: string): string {
    fs.writeFileSync(path.join(k.workspace, FILE), bytes);
    try {
      k.session.run(`m = load_model("${FILE}")\nm.summary()`);
      return 'loaded';
    } catch (e) {
      if (!(e instanceof CellError)) assert.fail(`${what}: threw ${e instanceof Error ? e.stack : String(e)}\n--- file ---\n${preview(bytes)}`);
      // UnicodeDecodeError: bytes that are not UTF-8, found by the workspace reader (with the line and column).
      assert.ok(e.errorName === 'ValueError' || e.errorName === 'UnicodeDecodeError', `${what}: ${e.errorName}: ${e.message}\n--- file ---\n${preview(bytes)}`);
      assert.ok(e.message.includes(`'${FILE}'`), `${what}: the message does not name the file: ${e.message}`);
      assert.match(e.message, LOCATED, `${what}: the message does not say where: ${e.message}`);
      return e.message;
    }
  }

  it(`loads or refuses, located, ${CASES} mutated files (seed ${SEED})`, () => {
    const g = generator(SEED);
    const counts = { loaded: 0, refused: 0 };
    const started = Date.now();
    for (let n = 0; n < CASES; n++) {
      const result = load(mutateSome(g, g.pick(seeds), seeds), `seed ${SEED}, case ${n}`);
      counts[result === 'loaded' ? 'loaded' : 'refused']++;
    }
    console.log(`      ${JSON.stringify(counts)} in ${Date.now() - started} ms`);
    assert.ok(counts.loaded > 50 && counts.refused > 1000, JSON.stringify(counts));
  });

  // Before the checks in savedModel.ts, this seed's cases threw past load_model as internal errors.
  const REGRESSIONS: [number, string][] = [
    [5, "TypeError: Cannot read properties of undefined (reading 'name')"],
    [9, 'RangeError: byte length of Float32Array should be a multiple of 4'],
    [10, 'TypeError: weight data not a string (Buffer.from)'],
    [38, "TypeError: Cannot read properties of undefined (reading 'layers')"],
    [71, "TypeError: Cannot read properties of undefined (reading 'input_shape')"],
    [166, "Error: layer config undefined: 'units' must be a number"],
    [169, 's.replace is not a function'],
  ];
  for (const [n, was] of REGRESSIONS) {
    it(`seed ${SEED}, case ${n}: a located ValueError (was ${was})`, () => {
      const g = generator(SEED);
      for (let m = 0; m < n; m++) mutateSome(g, g.pick(seeds), seeds);
      assert.notEqual(load(mutateSome(g, g.pick(seeds), seeds), `case ${n}`), 'loaded');
    });
  }

  describe('names the file and what is wrong', () => {
    const saved = () => JSON.parse(new TextDecoder().decode(seeds[0])) as { weights: Record<string, { shape: number[]; data: string }>; model: { layers: { config: Record<string, unknown> }[] } };
    const encode = (value: unknown) => new TextEncoder().encode(JSON.stringify(value, null, 1));

    it('a truncated file: where it ends', () => {
      const text = new TextDecoder().decode(seeds[0]);
      assert.match(load(seeds[0].slice(0, 100), 'truncated'), new RegExp(`^'${FILE}' is not a saved Unroll model: line 1, column 101: the file ends too early \\(truncated\\?\\)`));
      assert.ok(text.length > 100);
    });

    it('NaN or Inf weights: the weight and the value', () => {
      const doc = saved();
      const [name, w] = Object.entries(doc.weights)[1];
      const data = new Float32Array(Uint8Array.from(Buffer.from(w.data, 'base64')).buffer);
      data[2] = NaN;
      w.data = Buffer.from(data.buffer).toString('base64');
      assert.equal(load(encode(doc), 'nan'), `'${FILE}': weight "${name}" holds NaN (value 3 of ${data.length}); load_model refuses weights that are not finite numbers`);
      data[2] = -Infinity;
      w.data = Buffer.from(data.buffer).toString('base64');
      assert.match(load(encode(doc), '-inf'), /holds -Infinity \(value 3 of/);
    });

    it('a weight of the wrong shape: the weight, and the model it does not fit', () => {
      const doc = saved();
      const [name, w] = Object.entries(doc.weights)[0];
      w.shape = [w.shape[0] + 1, ...w.shape.slice(1)];
      assert.match(load(encode(doc), 'shape'), new RegExp(`'${FILE}': weight "${name}" has shape \\(.*\\), which needs \\d+ bytes of float32 data, but its data holds \\d+ bytes`));
      const doc2 = saved();
      const [name2, w2] = Object.entries(doc2.weights)[0];
      w2.shape = [...w2.shape].reverse(); // as many values, another shape: the bytes alone cannot tell
      assert.match(load(encode(doc2), 'transposed'), new RegExp(`^'${FILE}': weight "${name2}" has shape \\(${w2.shape.join(', ')}\\); the model's layer needs \\(${[...w2.shape].reverse().join(', ')}\\)$`));
      const doc3 = saved();
      delete doc3.weights[name2];
      assert.match(load(encode(doc3), 'missing'), new RegExp(`^'${FILE}': weight "${name2}" is missing`));
      const doc4 = saved();
      doc4.weights['dense_9.kernel'] = doc4.weights[name2];
      assert.match(load(encode(doc4), 'unknown'), new RegExp(`^'${FILE}': weight "dense_9.kernel" is not a weight of the model`));
    });

    it('a dtype other than float32, and data that is not base64: the weight and the line', () => {
      const doc = saved();
      const [name, w] = Object.entries(doc.weights)[0];
      (w as Record<string, unknown>).dtype = 'float64';
      assert.match(load(encode(doc), 'dtype'), new RegExp(`line \\d+, column \\d+: weight "${name}": "dtype" is "float64"; load_model reads float32 weights`));
      (w as Record<string, unknown>).dtype = 'float32';
      w.data = 'not base64!';
      assert.match(load(encode(doc), 'base64'), /line \d+, column \d+: weight ".*": "data" is not base64 text/);
    });

    it('a layer config the builders refuse: the file, not an internal error', () => {
      const doc = saved();
      doc.model.layers[0].config.units = 'four';
      assert.match(load(encode(doc), 'units'), new RegExp(`^'${FILE}' is not a model Unroll can load: its "model" config cannot be built: `));
    });

    it('a config that declares a huge model is refused before the engine allocates it', () => {
      const doc = saved();
      doc.model.layers[0].config.units = 200_000;
      const started = Date.now();
      assert.match(load(encode(doc), 'huge'), new RegExp(`^'${FILE}' describes a model of 1\\.60e\\+11 parameters \\(layer "lstm" alone 1\\.60e\\+11\\); load_model loads up to 5e\\+7$`));
      assert.ok(Date.now() - started < 5000);
    });

    it('an .onnx file is named as inference-only, whatever its bytes', () => {
      fs.writeFileSync(path.join(k.workspace, 'garbled.onnx'), Uint8Array.from([0x08, 0xff, 0x00, 0x12]));
      assert.match(k.fails('load_model("garbled.onnx")').message, /'garbled.onnx' is an inference-only ONNX export/);
    });

    it('parseSavedModel names the field of the wrong type by line and column', () => {
      const line2 = ' "model": {"class_name": "Sequential", "name": "m", "layers": [{"class_name": "Dense", "config": 5}]}}';
      assert.throws(() => parseSavedModel(`{"format": "unroll.model", "version": 1,\n${line2}`, 'x.json'),
        (e: unknown) => e instanceof PyException && e.errorName === 'ValueError' &&
          e.message === `'x.json' is not a saved Unroll model: line 2, column ${line2.indexOf('5') + 1}: a layer's "config" must be a JSON object`);
    });
  });
});
