// Keras pieces learners' cells use, each with Keras 3's defaults and errors: the label range of
// sparse_categorical_crossentropy, float ids into Embedding, validation_steps, to_categorical of
// sequences, the global seed, the Activation layer and initializer objects.
import * as assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { runTfjs } from '../../oracles/tfjs';
import { tensor } from '../../oracles/tensor';
import { TestKernel } from './harness';

/** A cell's list value (repr of nested lists of numbers) as numbers, flattened. */
const numbers = (text: string): number[] => (JSON.parse(text) as unknown[]).flat(Infinity) as number[];

/** Deterministic pseudo-random numbers in [-1, 1), so every run feeds the same data. */
function values(count: number, seed: number): number[] {
  let s = seed;
  return Array.from({ length: count }, () => ((s = (s * 1103515245 + 12345) % 2147483648), (s / 2147483648) * 2 - 1));
}

const closeTo = (got: number[], want: number[], tol: number, what: string) => {
  assert.equal(got.length, want.length, `${what}: length`);
  got.forEach((g, i) => assert.ok(Math.abs(g - want[i]) <= tol, `${what}[${i}]: ${g} vs ${want[i]}`));
};

describe('Keras pieces learners use (kernel/keras)', function () {
  this.timeout(120_000);
  let k: TestKernel;
  beforeEach(() => {
    k = new TestKernel();
  });
  afterEach(async () => k.dispose());

  describe('sparse_categorical_crossentropy labels', () => {
    // Sample 05, reduced: the same layers (smaller) on the first sentences of the same data.
    const tagger = (units: string) => `data = datasets.pos_tags(max_len=40)
(X_train, y_train), (X_test, y_test) = data
X, y = X_train[:64], y_train[:64]
model = Sequential(name='tagger')
model.add(Embedding(data.vocab_size, 8, mask_zero=True))
model.add(Bidirectional(LSTM(8, return_sequences=True)))
model.add(TimeDistributed(Dense(${units}, activation='softmax')))
model.compile(loss='sparse_categorical_crossentropy', optimizer='adam', metrics=['accuracy'])`;

    it("trains sample 05's tagger: 12 tags + padding into 13 units", () => {
      k.run(tagger('data.target_vocab_size'));
      assert.equal(k.run('data.target_vocab_size'), '13');
      k.run('h = model.fit(X, y, epochs=1, batch_size=32, verbose=0)');
      assert.ok(Number.isFinite(Number(k.run("h.history['loss'][0]"))));
    });

    it("refuses a label outside [0, units) as Keras does, naming the label and the class count", () => {
      k.run(tagger('data.target_vocab_size - 1'));
      // Checked before any training: the whole training set, where the 12th tag occurs.
      const fit = k.fails('model.fit(X_train, y_train, epochs=1, verbose=0)');
      assert.equal(fit.errorName, 'ValueError');
      assert.match(fit.message, /Received a label value of 12 which is outside the valid range of \[0, 12\)/);
      const evaluate = k.fails('model.evaluate(X_test, y_test, verbose=0)');
      assert.match(evaluate.message, /Received a label value of 12 which is outside the valid range of \[0, 12\)/);
    });

    it('checks validation labels and negative labels too', () => {
      k.run(`m = Sequential([Input(shape=(2,)), Dense(3, activation='softmax')])
m.compile(loss='sparse_categorical_crossentropy', optimizer='sgd')
x = [[0.0, 1.0], [1.0, 0.0]]`);
      assert.match(k.fails('m.fit(x, [0, -1], verbose=0)').message, /Received a label value of -1 which is outside the valid range of \[0, 3\)/);
      assert.match(k.fails('m.fit(x, [0, 2], validation_data=(x, [3, 0]), verbose=0)').message, /validation y: Received a label value of 3 /);
      k.run('m.fit(x, [0, 2], verbose=0)');
    });
  });

  it('casts float ids into Embedding as Keras does (Input(shape=(None,)) is float32)', () => {
    k.run(`ids = Input(shape=(None,))
h = LSTM(3)(Embedding(10, 4, mask_zero=True)(ids))
model = Model(ids, Dense(1)(h))
model.compile(loss='mse', optimizer='adam')
x = [[1, 2, 3, 0], [4, 5, 0, 0], [9, 8, 7, 6]]
model.fit(x, [0.5, -0.5, 1.0], epochs=2, verbose=0)
int_ids = Input(shape=(None,), dtype='int32')
twin = Model(int_ids, Dense(1)(LSTM(3)(Embedding(10, 4, mask_zero=True)(int_ids))))
twin.set_weights(model.get_weights())`);
    assert.equal(k.run('model.inputs[0].dtype'), "'float32'");
    const floats = numbers(k.run('model.predict(x).tolist()'));
    const ints = numbers(k.run('twin.predict(x).tolist()'));
    closeTo(floats, ints, 1e-6, 'float ids vs int ids');
    // The mask came from the cast ids: trailing padding does not change the output.
    closeTo(numbers(k.run('model.predict([[4, 5]]).tolist()')), [floats[1]], 1e-6, 'padding masked');
  });

  it('fit(validation_steps=n) validates on the first n batches, as Keras', () => {
    const xs = values(40, 7).map(v => [[v], [v / 2]]);
    const ys = values(20, 11);
    k.run(`x = ${JSON.stringify(xs.slice(0, 20))}
y = ${JSON.stringify(ys)}
xv = ${JSON.stringify(xs.slice(20))}
yv = ${JSON.stringify(values(20, 13))}
m = Sequential([Input(shape=(None, 1)), SimpleRNN(4), Dense(1)])
m.compile(loss='mse', optimizer='sgd')
h = m.fit(x, y, epochs=1, batch_size=4, validation_data=(xv, yv), validation_steps=2, verbose=0)
val = h.history['val_loss'][0]`);
    const val = Number(k.run('val'));
    closeTo([val], [Number(k.run('m.evaluate(xv[:8], yv[:8], verbose=0)'))], 1e-6, 'val_loss = loss of the first 2 batches of 4');
    assert.ok(Math.abs(val - Number(k.run('m.evaluate(xv, yv, verbose=0)'))) > 1e-6, 'not the loss of all the validation data');
    k.run("h = m.fit(x, y, epochs=1, batch_size=4, validation_split=0.5, validation_steps=1, validation_batch_size=3, shuffle=False, verbose=0)");
    closeTo([Number(k.run("h.history['val_loss'][0]"))], [Number(k.run('m.evaluate(x[10:13], y[10:13], verbose=0)'))], 1e-6, 'validation_split: the first batch of 3 held-out samples');
    assert.match(k.fails('m.fit(x, y, validation_steps=0, verbose=0)').message, /validation_steps must be a positive integer/);
  });

  it('to_categorical one-hot encodes label sequences [N, T] → [N, T, C] (and [N, 1] → [N, C])', () => {
    k.run('from keras.utils import to_categorical');
    assert.equal(k.run('to_categorical([[1, 2], [0, 1]], num_classes=3).shape'), '(2, 2, 3)');
    assert.deepEqual(numbers(k.run('to_categorical([[1, 2], [0, 1]]).tolist()')), [0, 1, 0, 0, 0, 1, 1, 0, 0, 0, 1, 0]);
    assert.equal(k.run('to_categorical([[1], [0], [2]]).shape'), '(3, 3)');
    assert.equal(k.run('to_categorical([3, 0]).shape'), '(2, 4)');
  });

  describe('the global seed', () => {
    const cell = (seed: string) => `${seed}
m = Sequential([Input(shape=(None, 2)), LSTM(4, dropout=0.2), Dense(1)])
m.compile(loss='mse', optimizer='adam')
h = m.fit([[[0.1, 0.2], [0.3, -0.1]]] * 12, [0.5] * 12, epochs=2, batch_size=4, verbose=0)
loss = h.history['loss']
w = []
for a in m.get_weights():
    w.append(a.tolist())`;

    it('keras.utils.set_random_seed: the same cells give the same weights and losses', () => {
      k.run(cell('keras.utils.set_random_seed(42)'));
      k.run('w1, loss1 = w, loss');
      k.run(cell('keras.utils.set_random_seed(42)'));
      assert.equal(k.run('w == w1'), 'True');
      assert.equal(k.run('loss == loss1'), 'True');
      k.run(cell('keras.utils.set_random_seed(7)'));
      assert.equal(k.run('w == w1'), 'False');
    });

    it('keras.utils.set_random_seed also seeds numpy and Python random, as Keras does', () => {
      const draw = 'keras.utils.set_random_seed(5)\na = np.random.rand(3).tolist()\nb = random.random()';
      k.run('import numpy as np\nimport random\nimport keras');
      k.run(draw);
      k.run('a1, b1 = a, b');
      k.run('np.random.rand(7)\nrandom.random()'); // move both streams on
      k.run(draw);
      assert.equal(k.run('a == a1 and b == b1'), 'True');
      k.run(draw.replace('(5)', '(6)'));
      assert.equal(k.run('a == a1 or b == b1'), 'False');
    });

    it('tf.random.set_seed does the same', () => {
      k.run('import tensorflow as tf');
      k.run(cell('tf.random.set_seed(3)'));
      k.run('w1, loss1 = w, loss');
      k.run(cell('tf.random.set_seed(3)'));
      assert.equal(k.run('w == w1 and loss == loss1'), 'True');
      assert.match(k.fails("tf.random.set_seed('x')").message, /seed/);
    });
  });

  it('takes initializer objects wherever an initializer name goes (keras.initializers, tf.keras.initializers)', () => {
    k.run(`from keras import initializers
import tensorflow as tf
rnn = SimpleRNN(3, kernel_initializer=initializers.Constant(value=0.5), recurrent_initializer=tf.keras.initializers.Identity(gain=2.0), bias_initializer=initializers.Ones())
m = Sequential([Input(shape=(None, 2)), rnn])
kernel, recurrent, bias = m.get_weights()`);
    assert.deepEqual(numbers(k.run('kernel.tolist()')), Array(6).fill(0.5));
    assert.deepEqual(numbers(k.run('recurrent.tolist()')), [2, 0, 0, 0, 2, 0, 0, 0, 2]);
    assert.deepEqual(numbers(k.run('bias.tolist()')), [1, 1, 1]);
    k.run(`g = LSTM(4, kernel_initializer=initializers.RandomNormal(mean=1.0, stddev=0.01, seed=3), recurrent_initializer=initializers.Orthogonal(gain=2.0), bias_initializer=initializers.Zeros())
m2 = Sequential([Input(shape=(None, 5)), g, Dense(2, kernel_initializer=initializers.RandomUniform(minval=0.2, maxval=0.3), bias_initializer=tf.keras.initializers.Constant(0.25))])
lk, lr, lb, dk, db = m2.get_weights()`);
    const lk = numbers(k.run('lk.tolist()'));
    const mean = lk.reduce((a, b) => a + b, 0) / lk.length;
    assert.ok(Math.abs(mean - 1) < 0.01 && lk.every(v => Math.abs(v - 1) < 0.06), `RandomNormal(1, 0.01): mean ${mean}`);
    // Orthogonal(gain=2) on [4, 16]: the rows are orthogonal with norm 2.
    const lr = numbers(k.run('lr.tolist()'));
    for (let i = 0; i < 4; i++) {
      for (let j = 0; j < 4; j++) {
        let dot = 0;
        for (let c = 0; c < 16; c++) dot += lr[i * 16 + c] * lr[j * 16 + c];
        assert.ok(Math.abs(dot - (i === j ? 4 : 0)) < 1e-4, `Orthogonal rows ${i}·${j} = ${dot}`);
      }
    }
    // LSTM's unit_forget_bias adds 1 to the forget gate's block of the Zeros bias, as Keras.
    assert.deepEqual(numbers(k.run('lb.tolist()')), [0, 0, 0, 0, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0]);
    assert.ok(numbers(k.run('dk.tolist()')).every(v => v >= 0.2 && v < 0.3));
    assert.deepEqual(numbers(k.run('db.tolist()')), [0.25, 0.25]);
    // A seeded initializer gives the same values every time it is used (Keras 3).
    k.run(`m3 = Sequential([Input(shape=(None, 5)), LSTM(4, kernel_initializer=initializers.RandomNormal(mean=1.0, stddev=0.01, seed=3))])`);
    assert.equal(k.run('m3.get_weights()[0].tolist() == lk.tolist()'), 'True');
    assert.equal(k.run('initializers.GlorotUniform(seed=1)'), '<GlorotUniform>');
  });

  it('layer(x, mask=m) on recurrent layers: eager and symbolic, saved and loaded; the masked steps are skipped as with mask_zero', () => {
    k.run(`import numpy as np
x = np.array([[[0.5, -1.0], [1.0, 0.25], [-0.5, 2.0], [0.75, 0.5]]] * 2, dtype='float32')
lstm = LSTM(3)
short = lstm(x[:, :2])
masked = lstm(x, mask=np.array([[True, True, False, False], [True, True, False, False]]))
seq = Input(shape=(None, 2))
mask = Input(shape=(None,))
out = GRU(2, return_sequences=True)(seq, mask=mask)
m = Model([seq, mask], out)
ids = Input(shape=(None,), dtype='int32')
by_mask_zero = Model(ids, GRU(2)(Embedding(5, 2, mask_zero=True)(ids)))
plain_embedding = Embedding(5, 2)
by_mask = Model(ids, GRU(2)(plain_embedding(ids), mask=ids))`);
    assert.equal(k.run('np.abs(short - masked).max() < 1e-6'), 'True', 'the two masked trailing steps change nothing');
    assert.equal(k.run('np.abs(short - lstm(x)).max() > 1e-4'), 'True', 'without the mask the trailing steps count');
    k.run('y = m.predict([x, [[1, 1, 1, 0], [1, 0, 0, 0]]], verbose=0)');
    // A masked step carries the last output forward (Keras).
    assert.equal(k.run('[np.allclose(y[0, 3], y[0, 2]), np.allclose(y[1, 3], y[1, 0]), np.allclose(y[1, 1], y[1, 0])]'), '[True, True, True]');
    // mask=ids (nonzero = use) is mask_zero's mask: the same outputs with the same weights.
    k.run('by_mask.set_weights(by_mask_zero.get_weights())\nids_x = [[1, 2, 0, 0], [3, 4, 2, 0]]');
    assert.equal(k.run('np.allclose(by_mask.predict(ids_x, verbose=0), by_mask_zero.predict(ids_x, verbose=0), atol=1e-6)'), 'True');
    assert.equal(k.run('np.allclose(Model(ids, by_mask.layers[-1](plain_embedding(ids))).predict(ids_x, verbose=0), by_mask.predict(ids_x, verbose=0), atol=1e-4)'), 'False', 'without mask= the padding counts');
    k.run("m.save('masked.unroll.json')\nback = load_model('masked.unroll.json')");
    assert.equal(k.run('np.allclose(back.predict([x, [[1, 1, 1, 0], [1, 0, 0, 0]]], verbose=0), y, atol=1e-6)'), 'True', 'the loaded model keeps the mask input');
    assert.match(k.fails('Dense(2)(seq, mask=mask)').message, /mask= is only for recurrent layers/);
    assert.match(k.fails('LSTM(2)(seq, mask=np.ones((2, 4)))').message, /mask must be a symbolic tensor/);
    assert.match(k.fails('lstm(x, mask=np.ones((2, 3)))').message, /mask must have shape \(batch, timesteps\) = \(2, 4\), got \(2, 3\)/);
  });

  describe('layers of a model: output, get_weights, set_weights', () => {
    it("gives a built Sequential's layers symbolic outputs (a feature extractor), Keras's error before it is built", () => {
      k.run(`m = Sequential([Input(shape=(3,)), Dense(2, activation='relu', name='hidden'), Dense(1, name='out')])
hidden = m.layers[0]
hidden.set_weights([[[1.0, -1.0], [2.0, 0.5], [-1.0, 1.0]], [0.5, -0.25]])
features = Model(inputs=m.inputs, outputs=m.layers[0].output)`);
      assert.equal(k.run('m.layers[0].output.shape'), '(None, 2)');
      assert.equal(k.run('m.output.shape'), '(None, 1)');
      // relu(x · kernel + bias) by hand.
      assert.deepEqual(numbers(k.run('features.predict([[1.0, 1.0, 1.0], [0.0, 0.0, 1.0]]).tolist()')), [2.5, 0.25, 0, 0.75]);
      k.run('lazy = Sequential([Dense(2), Dense(1)])');
      const error = k.fails('lazy.layers[0].output');
      assert.equal(error.errorName, 'AttributeError');
      assert.match(error.message, /The layer dense(_\d+)? has never been called and thus has no defined output\./);
      assert.equal(k.run('lazy.layers[0].get_weights()'), '[]');
    });

    it('gives the output of the first call in a functional model (a list with return_state)', () => {
      k.run(`x = Input(shape=(None, 2))
lstm = LSTM(3, return_state=True)
seq, h, c = lstm(x)
model = Model(x, Dense(1)(h))`);
      assert.equal(k.run('len(model.layers[0].output)'), '3');
      assert.equal(k.run('model.layers[0].output[1].shape'), '(None, 3)');
      assert.equal(k.run('model.layers[1].input.shape'), '(None, 3)');
    });

    it('reads and writes one layer\'s weights in Keras order and shapes; model weights follow', () => {
      k.run(`m = Sequential([Input(shape=(None, 2)), GRU(3), Dense(1)])
gru, dense = m.layers
shapes = []
for a in gru.get_weights():
    shapes.append(a.shape)`);
      // Keras 3 GRU (reset_after=True): kernel [F, 3H], recurrent_kernel [H, 3H], bias [2, 3H].
      assert.equal(k.run('shapes'), '[(2, 9), (3, 9), (2, 9)]');
      assert.equal(k.run('len(m.get_weights())'), '5');
      k.run('dense.set_weights([[[1.0], [2.0], [3.0]], [0.5]])');
      assert.deepEqual(numbers(k.run('m.get_weights()[3].tolist()')), [1, 2, 3]);
      assert.deepEqual(numbers(k.run('m.get_weights()[4].tolist()')), [0.5]);
      assert.deepEqual(numbers(k.run('dense.get_weights()[0].tolist()')), [1, 2, 3]);
      // The prediction uses them: zero GRU weights give h = 0, so the output is the bias.
      k.run('gru.set_weights([[[0.0] * 9] * 2, [[0.0] * 9] * 3, [[0.0] * 9] * 2])');
      assert.deepEqual(numbers(k.run('m.predict([[[1.0, 2.0], [3.0, 4.0]]]).tolist()')), [0.5]);
      assert.match(k.fails('dense.set_weights([[[1.0], [2.0], [3.0]]])').message, /with a weight list of length 1, but the layer was expecting 2 weights/);
      assert.match(k.fails('dense.set_weights([[[1.0, 2.0, 3.0]], [0.5]])').message, /weight shape \(3, 1\) is not compatible with provided weight shape \(1, 3\)/);
    });
  });

  it('calls a layer on an array at once, as Keras: LSTM(4)(x) of shape (2, 5, 3) equals TF.js on its weights', async () => {
    const x = values(2 * 5 * 3, 23);
    const nested = [0, 1].map(b => [0, 1, 2, 3, 4].map(t => x.slice((b * 5 + t) * 3, (b * 5 + t) * 3 + 3)));
    k.run(`x = ${JSON.stringify(nested)}
lstm = LSTM(4)
y = lstm(x)
kernel, recurrent, bias = lstm.get_weights()`);
    assert.equal(k.run('y.shape'), '(2, 4)');
    assert.equal(k.run('lstm(x).tolist() == y.tolist()'), 'True', 'the second call uses the same weights');
    const ours = numbers(k.run('y.tolist()'));
    const theirs = tf.layers.lstm({ units: 4, recurrentActivation: 'sigmoid' });
    const [want] = await runTfjs({
      inputs: [{ value: tensor([2, 5, 3], x) }],
      build: ([i]) => theirs.apply(i) as tf.SymbolicTensor,
      weights: [[theirs, [tensor([3, 16], numbers(k.run('kernel.tolist()'))), tensor([4, 16], numbers(k.run('recurrent.tolist()'))), tensor([16], numbers(k.run('bias.tolist()')))]]],
    });
    closeTo(ours, [...want.data], 1e-5, 'LSTM(4)(x)');
    assert.equal(k.run('Embedding(10, 3)([[1, 2, 0], [4, 5, 6]]).shape'), '(2, 3, 3)');
    assert.equal(k.run('len(LSTM(2, return_state=True)(x))'), '3');
    assert.match(k.fails('Dense(2)([1.0, 2.0])').message, /batch axis/);
  });

  it('Activation layers equal TF.js activation layers on the same Dense weights', async () => {
    const x = values(2 * 3 * 2, 5); // [2, 3, 2]
    const kernel = values(2 * 4, 9); // [2, 4]
    const bias = values(4, 17).map(v => v * 3);
    // hard_sigmoid differs between Keras 2 (TF.js) and Keras 3; exponential and log_softmax are no TF.js layer activations.
    const names = ['relu', 'tanh', 'sigmoid', 'softmax', 'elu', 'selu', 'softplus', 'softsign', 'linear', 'swish'];
    k.run(`x = ${JSON.stringify([0, 1].map(b => [0, 1, 2].map(t => x.slice((b * 3 + t) * 2, (b * 3 + t) * 2 + 2))))}
inp = Input(shape=(3, 2))
z = Dense(4)(inp)
Model(inp, z).set_weights([${JSON.stringify([0, 1].map(i => kernel.slice(i * 4, i * 4 + 4)))}, ${JSON.stringify(bias)}])`);
    for (const name of names) {
      const ours = numbers(k.run(`Model(inp, Activation('${name}')(z)).predict(x).tolist()`));
      const dense = tf.layers.dense({ units: 4 });
      const [want] = await runTfjs({
        inputs: [{ value: tensor([2, 3, 2], x) }],
        build: ([i]) => tf.layers.activation({ activation: name as 'relu' }).apply(dense.apply(i)) as tf.SymbolicTensor,
        weights: [[dense, [tensor([2, 4], kernel), tensor([4], bias)]]],
      });
      closeTo(ours, [...want.data], 1e-5, name);
    }
    assert.match(k.run("Activation('relu').name"), /^'activation(_\d+)?'$/);
    // In a Sequential model: trains (its gradient flows), saves and loads.
    k.run(`s = Sequential([Input(shape=(None, 2)), LSTM(4, return_sequences=True), Activation('tanh'), LSTM(3), Activation('relu', name='act'), Dense(1)])
s.compile(loss='mse', optimizer='adam')
h = s.fit([[[0.1, 0.2], [0.3, -0.1]]] * 8, [0.5] * 8, epochs=2, verbose=0)
s.save('act.unroll.json')
s.save('act.onnx')
r = load_model('act.unroll.json')`);
    assert.ok(Number.isFinite(Number(k.run("h.history['loss'][1]"))));
    assert.equal(k.run("r.get_layer('act').activation"), "'relu'");
    assert.equal(k.run('r.predict([[[0.1, 0.2]]]).tolist() == s.predict([[[0.1, 0.2]]]).tolist()'), 'True');
    assert.match(k.fails("Activation('rleu')").message, /relu/);
  });
});
