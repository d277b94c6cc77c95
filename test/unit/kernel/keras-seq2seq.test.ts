// Functional models with several inputs and outputs trained from cells, and Keras's seq2seq
// inference recipe: encoder and decoder models built from the trained layers share their
// weights, and a greedy decoding loop written in the cell reverses unseen digit sequences.
import * as assert from 'node:assert/strict';
import { TestKernel, plain } from './harness';

const LENGTH = 4;
const DIGITS = 8; // ids 1..8; 9 is <start>
const START = 9;
const VOCAB = 10;

/** A seeded LCG, so the data is the same on every run. */
function digits(count: number, seed: number): number[][] {
  let s = seed;
  const next = () => ((s = (s * 1103515245 + 12345) % 2147483648), 1 + Math.floor((s / 2147483648) * DIGITS));
  return Array.from({ length: count }, () => Array.from({ length: LENGTH }, next));
}

/** Cell source binding X (sources), D (teacher-forced decoder inputs), Y (reversed targets) for `rows`. */
function reverseData(rows: number[][], suffix: string): string {
  const reversed = rows.map(r => [...r].reverse());
  const lists = (m: number[][]) => JSON.stringify(m);
  return [
    `X${suffix} = ${lists(rows)}`,
    `D${suffix} = ${lists(reversed.map(r => [START, ...r.slice(0, -1)]))}`,
    `Y${suffix} = ${lists(reversed)}`,
  ].join('\n');
}

const numbers = (text: string): number[] => (JSON.parse(text) as unknown[]).flat(Infinity) as number[];

/** The Keras lstm_seq2seq recipe (ids in, an Embedding in front of each recurrent layer). */
function seq2seqCells(cell: 'LSTM' | 'GRU'): { train: string; inference: string } {
  const states = cell === 'LSTM' ? ['h', 'c'] : ['h'];
  const inputs = states.map(s => `s_${s}`);
  return {
    train: `
enc_in = Input(shape=(None,), dtype='int32', name='enc_in')
dec_in = Input(shape=(None,), dtype='int32', name='dec_in')
enc_out, ${states.join(', ')} = ${cell}(64, return_state=True, name='encoder')(Embedding(${VOCAB}, 16, name='enc_emb')(enc_in))
dec_emb = Embedding(${VOCAB}, 16, name='dec_emb')
dec_rnn = ${cell}(64, return_sequences=True, return_state=True, name='decoder')
dec_dense = Dense(${VOCAB}, activation='softmax', name='next_digit')
dec_seq${states.map(() => ', _').join('')} = dec_rnn(dec_emb(dec_in), initial_state=[${states.join(', ')}])
model = Model([enc_in, dec_in], dec_dense(dec_seq), name='reverser')
model.compile(loss='sparse_categorical_crossentropy', optimizer=Adam(learning_rate=0.01), metrics=['accuracy'])`,
    inference: `
encoder_model = Model(enc_in, [${states.join(', ')}])
${inputs.map(s => `${s} = Input(shape=(64,))`).join('\n')}
d_seq, ${states.map(s => `d_${s}`).join(', ')} = dec_rnn(dec_emb(dec_in), initial_state=[${inputs.join(', ')}])
decoder_model = Model([dec_in, ${inputs.join(', ')}], [dec_dense(d_seq), ${states.map(s => `d_${s}`).join(', ')}])`,
  };
}

/** The greedy decoding loop of the Keras tutorial, one token per decoder call. A single state comes back as one array, not a list. */
const greedy = (oneState: boolean) => `
states = ${oneState ? '[encoder_model.predict(Xt)]' : 'encoder_model.predict(Xt)'}
tok = [[${START}]] * len(Xt)
decoded = []
for t in range(${LENGTH}):
    outs = decoder_model.predict([tok] + states)
    tok = outs[0].argmax(axis=-1)
    decoded.append(tok.tolist())
    states = outs[1:]
`;

describe('Keras functional models with several inputs and outputs (kernel/keras)', function () {
  this.timeout(300_000);
  let k: TestKernel;
  beforeEach(() => {
    k = new TestKernel();
  });
  afterEach(async () => k.dispose());

  for (const cell of ['LSTM', 'GRU'] as const) {
    it(`trains a two-input ${cell} encoder-decoder with fit, and greedy decoding with inference models that share its layers reverses unseen sequences`, () => {
      const train = digits(1200, 7);
      const test = digits(200, 99);
      k.run(reverseData(train, ''));
      k.run(reverseData(test, 't'));
      const cells = seq2seqCells(cell);
      k.run(cells.train);
      k.run('model.summary()');
      const summary = plain(k.shown.at(-1)!);
      assert.match(summary, /enc_in \(InputLayer\)/);
      assert.match(summary, /dec_in \(InputLayer\)/);
      assert.match(summary, /decoder \(\w+\)\s+│ \[\(None, None, 64\), \(N/);

      const history = k.run(`hist = model.fit([X, D], Y, epochs=12, batch_size=32, validation_split=0.1, verbose=1)\nhist.history['val_accuracy']`);
      const valAccuracy = numbers(history);
      assert.equal(valAccuracy.length, 12);
      assert.ok(valAccuracy[11] > 0.9, `teacher-forced validation accuracy ${valAccuracy}`);
      assert.match(k.stdout, /Epoch 12\/12\n34\/34 - .* - accuracy: [\d.]+ - loss: [\d.]+ - val_accuracy: [\d.]+ - val_loss: [\d.]+/);
      // The heatmap gets every recurrence: encoder and decoder.
      const frame = k.frames().at(-1)!;
      assert.deepEqual(Object.keys(frame.dh).sort(), ['decoder.forward', 'encoder.forward']);
      assert.equal(frame.dh['encoder.forward'].length, LENGTH);
      assert.ok(frame.dh['decoder.forward'].every(v => v > 0));
      const diagram = k.diagrams()[0];
      assert.deepEqual(diagram.blocks.map(b => b.role), ['encoder', 'decoder']);
      assert.deepEqual([...diagram.dhKeys].sort(), Object.keys(frame.dh).sort());

      const [loss, accuracy] = numbers(k.run('model.evaluate([Xt, Dt], Yt)'));
      assert.ok(loss > 0 && accuracy > 0.9, `evaluate: ${loss}, ${accuracy}`);
      // A dict keyed by input name is the same as the list.
      assert.equal(k.run("model.evaluate({'dec_in': Dt, 'enc_in': Xt}, Yt)"), k.run('model.evaluate([Xt, Dt], Yt)'));

      k.run(cells.inference);
      // Teacher-forced through the inference models = the training model: the weights are shared.
      const trained = numbers(k.run('model.predict([Xt[:20], Dt[:20]]).tolist()'));
      k.run('enc_states = encoder_model.predict(Xt[:20])');
      const start = cell === 'LSTM' ? 'enc_states' : '[enc_states]';
      const shared = numbers(k.run(`decoder_model.predict([Dt[:20]] + ${start})[0].tolist()`));
      assert.equal(shared.length, trained.length);
      const gap = Math.max(...shared.map((v, i) => Math.abs(v - trained[i])));
      assert.ok(gap < 1e-5, `inference models differ from the trained model by ${gap}`);

      k.run(greedy(cell === 'GRU'));
      const decoded = (JSON.parse(k.run('decoded')) as number[][][]); // [t][sample][1]
      let hits = 0;
      test.forEach((row, i) => row.slice().reverse().forEach((d, t) => (hits += decoded[t][i][0] === d ? 1 : 0)));
      const tokenAccuracy = hits / (test.length * LENGTH);
      assert.ok(tokenAccuracy > 0.9, `greedy decoding token accuracy ${tokenAccuracy} (chance ${1 / DIGITS})`);
    });
  }

  it('set_weights and load_model reach every model built from the same layers', () => {
    k.run(reverseData(digits(64, 3), ''));
    const cells = seq2seqCells('GRU');
    k.run(cells.train);
    k.run(cells.inference);
    const before = k.run('encoder_model.predict(X[:2]).tolist()');
    k.run('ws = model.get_weights()');
    // Element assignment on a copy leaves the original alone.
    assert.equal(k.run('w0 = ws[0].copy()\nw0[0, 0] = 2.5\n[w0[0, 0], ws[0][0, 0] == 2.5]'), '[2.5, False]');
    k.run('model.save("s2s.unroll.json")');
    assert.match(k.run('model.fit([X, D], Y, epochs=2, validation_data=([X, D], Y), verbose=0).history'), /'val_loss': \[[\d.]+, [\d.]+\]/);
    const trained = k.run('encoder_model.predict(X[:2]).tolist()');
    assert.notEqual(trained, before, 'fit on the training model changed the shared encoder');
    k.run('model.set_weights(ws)');
    assert.equal(k.run('encoder_model.predict(X[:2]).tolist()'), before, 'set_weights on the training model reached the encoder model');
    k.run('restored = load_model("s2s.unroll.json")');
    assert.equal(k.run('restored.predict([X[:2], D[:2]]).tolist()'), k.run('model.predict([X[:2], D[:2]]).tolist()'));
    // The restored model's own layers carry the loaded weights into models built from them.
    k.run(`r_in = Input(shape=(None,), dtype='int32')
_, r_h = restored.get_layer('encoder')(restored.get_layer('enc_emb')(r_in))
r_encoder = Model(r_in, r_h)`);
    assert.equal(k.run('r_encoder.predict(X[:2]).tolist()'), k.run('encoder_model.predict(X[:2]).tolist()'));
    // The restored model's layers are new objects: training the original leaves them alone.
    const restored = k.run('restored.predict([X[:2], D[:2]]).tolist()');
    k.run('model.fit([X, D], Y, epochs=1, verbose=0)');
    assert.equal(k.run('restored.predict([X[:2], D[:2]]).tolist()'), restored);
  });

  it('several outputs: one loss for all or per output (list, dict), loss_weights, metrics named <output>_<metric>', () => {
    const rows = digits(256, 5);
    k.run(reverseData(rows, ''));
    k.run(`
inp = Input(shape=(None,), dtype='int32', name='digits')
seq = LSTM(32, return_sequences=True)(Embedding(${VOCAB}, 8)(inp))
first = Dense(${VOCAB}, activation='softmax', name='copy')(seq)
last = Dense(${VOCAB}, activation='softmax', name='reverse')(seq)
model = Model(inp, [first, last])
model.compile(loss={'copy': 'sparse_categorical_crossentropy', 'reverse': 'sparse_categorical_crossentropy'}, loss_weights=[1.0, 0.5], optimizer='adam', metrics=['accuracy'])`);
    k.run("h = model.fit(X, {'copy': X, 'reverse': Y}, epochs=3, batch_size=32, validation_split=0.25, verbose=0, callbacks=[EarlyStopping(monitor='val_reverse_loss', patience=5)])");
    assert.equal(k.run('sorted(h.history.keys())'), "['copy_accuracy', 'copy_loss', 'loss', 'reverse_accuracy', 'reverse_loss', 'val_copy_accuracy', 'val_copy_loss', 'val_loss', 'val_reverse_accuracy', 'val_reverse_loss']");
    const logs = JSON.parse(k.run('model.evaluate(X, [X, Y], return_dict=True)').replace(/'/g, '"')) as Record<string, number>;
    assert.deepEqual(Object.keys(logs), ['loss', 'copy_loss', 'reverse_loss', 'copy_accuracy', 'reverse_accuracy']);
    assert.ok(Math.abs(logs.loss - (logs.copy_loss + 0.5 * logs.reverse_loss)) < 1e-4, JSON.stringify(logs));
    assert.ok(logs.copy_accuracy > logs.reverse_accuracy, `copying is easier than reversing: ${JSON.stringify(logs)}`);
    assert.equal(k.run('p = model.predict(X[:3])\n[p[0].shape, p[1].shape]'), '[(3, 4, 10), (3, 4, 10)]');
    // One loss name for every output, and per-output metric lists.
    k.run("model.compile(loss='sparse_categorical_crossentropy', optimizer='adam', metrics=[['accuracy'], []])");
    assert.deepEqual(Object.keys(JSON.parse(k.run('model.evaluate(X, [X, Y], return_dict=True)').replace(/'/g, '"')) as Record<string, number>), ['loss', 'copy_loss', 'reverse_loss', 'copy_accuracy']);
    assert.equal(k.run('model.output_names'), "['copy', 'reverse']");
    assert.equal(k.run('model.input_names'), "['digits']");
    // model.outputs are the tensors the model was built from: a new model on them shares the layers.
    assert.equal(k.run('Model(model.input, model.outputs[1]).predict(X[:3]).tolist()'), k.run('model.predict(X[:3])[1].tolist()'));
    assert.match(k.fails("model.compile(loss=['mse'], optimizer='adam')").message, /the model has 2 output\(s\) \('copy', 'reverse'\), got 1 entries/);
    assert.match(k.fails('model.fit(X, Y, verbose=0)').message, /the model has 2 outputs \('copy', 'reverse'\); pass a list of 2 arrays/);
  });
});
