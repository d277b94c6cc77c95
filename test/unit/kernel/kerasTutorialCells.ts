// Keras cells written the way public Keras RNN guides and course notebooks write them (our own
// cells in their idioms): numpy data preparation, helper functions, comprehensions, the layers
// and options those notebooks use (Activation, initializer objects, validation_steps, eager
// layer calls, set_random_seed, 2-D to_categorical, Input(shape=(None,)) into Embedding,
// layers[i].output, get/set_weights, merges, attention). Each is small (tiny data, 1-2 epochs)
// and prints what its outcome is: shapes Keras gives, and checks the cell makes against numpy
// (an Activation against np.maximum, Add against a + b, attention rows summing to 1...).
// Over 500 lines because it is a table of cell texts; a topic's cells move to their own file
// (data preparation, merges and attention) when it grows again.

export interface KerasTutorialCell {
  name: string;
  /** The cell's text (a leading newline is dropped). */
  source: string;
  /** What it prints: exactly, or a pattern where numbers depend on training. */
  output: string | RegExp;
}

export const KERAS_TUTORIAL_CELLS: KerasTutorialCell[] = [
  {
    name: "adding problem with numpy",
    source: `
import numpy as np
from tensorflow.keras.models import Sequential
from tensorflow.keras.layers import LSTM, Dense, Input

np.random.seed(0)

def make_adding(n, timesteps):
    values = np.random.rand(n, timesteps)
    markers = np.zeros((n, timesteps))
    for i in range(n):
        first, second = np.random.choice(timesteps, 2, replace=False)
        markers[i, first] = 1
        markers[i, second] = 1
    x = np.stack([values, markers], axis=-1).astype('float32')
    y = (values * markers).sum(axis=1)
    return x, y

x_train, y_train = make_adding(96, 8)
print(x_train.shape, y_train.shape, x_train.dtype)
model = Sequential([Input(shape=(8, 2)), LSTM(8), Dense(1)])
model.compile(optimizer='adam', loss='mse')
history = model.fit(x_train, y_train, epochs=2, batch_size=16, verbose=0)
print('epochs run:', len(history.history['loss']))`,
    output: "(96, 8, 2) (96,) float32\nepochs run: 2\n",
  },
  {
    name: "sine windows SimpleRNN",
    source: `
import numpy as np
from tensorflow import keras
from tensorflow.keras import layers

series = np.sin(np.linspace(0, 8 * np.pi, 200)).astype(np.float32)
window = 12
X = np.array([series[i:i + window] for i in range(len(series) - window)])
y = series[window:]
X = X.reshape((X.shape[0], window, 1))
split = int(len(X) * 0.8)
X_train, X_test, y_train, y_test = X[:split], X[split:], y[:split], y[split:]
model = keras.Sequential([layers.SimpleRNN(16, input_shape=(window, 1)), layers.Dense(1)])
model.compile(optimizer=keras.optimizers.Adam(learning_rate=0.01), loss='mse')
model.fit(X_train, y_train, epochs=2, batch_size=32, verbose=0)
preds = model.predict(X_test, verbose=0)
print(X_train.shape, X_test.shape, preds.shape)
rmse = np.sqrt(np.mean((preds[:, 0] - y_test) ** 2))
print('test RMSE below the series scale:', rmse < 1.0)`,
    output: "(150, 12, 1) (38, 12, 1) (38, 1)\ntest RMSE below the series scale: True\n",
  },
  {
    name: "chars one-hot and sampling",
    source: `
import numpy as np
from tensorflow.keras.utils import to_categorical

text = "to be or not to be that is the question "
chars = sorted(set(text))
char_indices = dict((c, i) for i, c in enumerate(chars))
indices_char = dict((i, c) for i, c in enumerate(chars))
maxlen = 5
sentences = [text[i:i + maxlen] for i in range(0, len(text) - maxlen)]
next_chars = [text[i + maxlen] for i in range(0, len(text) - maxlen)]
x = to_categorical([[char_indices[c] for c in s] for s in sentences], num_classes=len(chars))
y = to_categorical([char_indices[c] for c in next_chars], num_classes=len(chars))
print('x', x.shape, 'y', y.shape)
model = Sequential()
model.add(LSTM(32, input_shape=(maxlen, len(chars))))
model.add(Dense(len(chars), activation='softmax'))
model.compile(loss='categorical_crossentropy', optimizer='adam')
model.fit(x, y, batch_size=8, epochs=1, verbose=0)

def sample(preds, temperature=1.0):
    preds = np.asarray(preds).astype('float64')
    preds = np.log(preds) / temperature
    exp_preds = np.exp(preds)
    preds = exp_preds / np.sum(exp_preds)
    probas = np.random.multinomial(1, preds, 1)
    return np.argmax(probas)

generated = 'to be'
for i in range(10):
    x_pred = to_categorical([[char_indices[c] for c in generated[-maxlen:]]], num_classes=len(chars))
    preds = model.predict(x_pred, verbose=0)[0]
    generated += indices_char[int(sample(preds, 0.5))]
print(len(generated), all(c in chars for c in generated))`,
    output: "x (35, 5, 13) y (35, 13)\n15 True\n",
  },
  {
    name: "float Input into Embedding GRU binary",
    source: `
import numpy as np
from tensorflow.keras import layers, Model

rng = np.random.default_rng(3)
x = rng.integers(1, 20, size=(64, 6))
y = (x[:, 0] > 10).astype('float32')
inputs = layers.Input(shape=(None,))
h = layers.Embedding(input_dim=20, output_dim=8)(inputs)
h = layers.GRU(8)(h)
outputs = layers.Dense(1, activation='sigmoid')(h)
model = Model(inputs, outputs)
model.compile(optimizer='adam', loss='binary_crossentropy', metrics=['accuracy'])
history = model.fit(x, y, epochs=2, batch_size=16, validation_split=0.25, verbose=0)
print(sorted(history.history.keys()))
print(model.inputs[0].dtype, model.predict(x[:3], verbose=0).shape)`,
    output: "['accuracy', 'loss', 'val_accuracy', 'val_loss']\nfloat32 (3, 1)\n",
  },
  {
    name: "Activation layer vs numpy",
    source: `
import numpy as np
from keras import layers, models

model = models.Sequential([
    layers.Input(shape=(3,)),
    layers.Dense(4),
    layers.Activation('relu'),
    layers.Dense(2),
    layers.Activation('softmax'),
])
x = np.array([[0.5, -1.0, 2.0], [1.5, 0.25, -0.75]], dtype='float32')
w1, b1, w2, b2 = model.get_weights()
hidden = np.maximum(x @ w1 + b1, 0)
logits = hidden @ w2 + b2
expected = np.exp(logits) / np.exp(logits).sum(axis=1, keepdims=True)
print(len(model.layers), model.layers[1].get_config()['activation'], model.layers[3].get_config()['activation'])
print('matches numpy:', np.allclose(model.predict(x, verbose=0), expected, atol=1e-5))`,
    output: "4 relu softmax\nmatches numpy: True\n",
  },
  {
    name: "IRNN initializer objects",
    source: `
import numpy as np
from tensorflow.keras import initializers
from tensorflow.keras.layers import SimpleRNN, Dense, Input
from tensorflow.keras.models import Sequential

hidden_units = 6
model = Sequential()
model.add(Input(shape=(None, 2)))
model.add(SimpleRNN(hidden_units,
                    kernel_initializer=initializers.RandomNormal(stddev=0.001),
                    recurrent_initializer=initializers.Identity(gain=1.0),
                    activation='relu'))
model.add(Dense(1))
kernel, recurrent, bias = model.layers[0].get_weights()
print('recurrent is the identity:', np.array_equal(recurrent, np.eye(hidden_units)))
print('small kernel:', float(np.abs(kernel).max()) < 0.01, kernel.shape, bias.shape)`,
    output: "recurrent is the identity: True\nsmall kernel: True (2, 6) (6,)\n",
  },
  {
    name: "validation_steps",
    source: `
import numpy as np
from tensorflow import keras

np.random.seed(7)
x = np.random.randn(40, 5, 3).astype('float32')
y = x.sum(axis=(1, 2))
x_val, y_val = x[30:], y[30:]
model = keras.Sequential([keras.Input(shape=(5, 3)), keras.layers.GRU(4), keras.layers.Dense(1)])
model.compile(loss='mse', optimizer='rmsprop')
history = model.fit(x[:30], y[:30], epochs=2, batch_size=5, validation_data=(x_val, y_val), validation_steps=1, verbose=0)
first_batch = model.evaluate(x_val[:5], y_val[:5], verbose=0)
print('val_loss of the last epoch is the first validation batch:', abs(history.history['val_loss'][-1] - first_batch) < 1e-5)`,
    output: "val_loss of the last epoch is the first validation batch: True\n",
  },
  {
    name: "eager layer call with states",
    source: `
import numpy as np
from tensorflow.keras.layers import LSTM

lstm = LSTM(4, return_sequences=True, return_state=True)
inputs = np.random.random((2, 3, 5)).astype(np.float32)
whole_seq_output, final_memory_state, final_carry_state = lstm(inputs)
print(whole_seq_output.shape, final_memory_state.shape, final_carry_state.shape)
print('last output is the memory state:', np.allclose(whole_seq_output[:, -1, :], final_memory_state))`,
    output: "(2, 3, 4) (2, 4) (2, 4)\nlast output is the memory state: True\n",
  },
  {
    name: "set_random_seed reproducible",
    source: `
import numpy as np
import keras

def build_and_train(seed):
    keras.utils.set_random_seed(seed)
    x = np.random.rand(32, 4, 1).astype('float32')
    y = x.mean(axis=1)
    model = keras.Sequential([keras.Input(shape=(4, 1)), keras.layers.LSTM(3, dropout=0.1), keras.layers.Dense(1)])
    model.compile(optimizer='adam', loss='mse')
    model.fit(x, y, epochs=1, batch_size=8, verbose=0)
    return model.predict(x[:4], verbose=0)

a = build_and_train(42)
b = build_and_train(42)
c = build_and_train(43)
print('same seed, same model:', np.array_equal(a, b))
print('other seed differs:', not np.allclose(a, c))`,
    output: "same seed, same model: True\nother seed differs: True\n",
  },
  {
    name: "to_categorical 2-D labels, TimeDistributed tagging",
    source: `
import numpy as np
from keras.utils import to_categorical
from keras.models import Sequential
from keras.layers import Input, Embedding, LSTM, TimeDistributed, Dense

sentences = [[1, 2, 3, 0], [4, 2, 0, 0], [1, 5, 3, 2]]
tags = [[1, 2, 1, 0], [2, 2, 0, 0], [1, 1, 1, 2]]
X = np.array(sentences)
Y = to_categorical(tags, num_classes=3)
print(X.shape, Y.shape, Y[0, 0].tolist())
model = Sequential([Input(shape=(4,)), Embedding(6, 8, mask_zero=True), LSTM(8, return_sequences=True), TimeDistributed(Dense(3, activation='softmax'))])
model.compile(loss='categorical_crossentropy', optimizer='adam', metrics=['accuracy'])
model.fit(X, Y, epochs=2, verbose=0)
pred_tags = np.argmax(model.predict(X, verbose=0), axis=-1)
print(pred_tags.shape, pred_tags.dtype)`,
    output: "(3, 4) (3, 4, 3) [0.0, 1.0, 0.0]\n(3, 4) int64\n",
  },
  {
    name: "pad_sequences Input None into Embedding",
    source: `
import numpy as np
from tensorflow.keras.preprocessing.sequence import pad_sequences
from tensorflow.keras import layers, Model

reviews = ['good movie', 'bad plot and bad acting', 'great', 'not good at all', 'loved it']
labels = np.array([1, 0, 1, 0, 1])
vocab = {w: i + 1 for i, w in enumerate(sorted({w for r in reviews for w in r.split()}))}
sequences = [[vocab[w] for w in r.split()] for r in reviews]
padded = pad_sequences(sequences, maxlen=5, padding='post')
print(padded.shape, padded[2].tolist())
ids = layers.Input(shape=(None,))
x = layers.Embedding(len(vocab) + 1, 8, mask_zero=True)(ids)
x = layers.LSTM(8)(x)
out = layers.Dense(1, activation='sigmoid')(x)
model = Model(ids, out)
model.compile(optimizer='adam', loss='binary_crossentropy', metrics=['accuracy'])
model.fit(padded, labels, epochs=2, verbose=0)
print('padding is ignored:', np.allclose(model.predict(padded[2:3], verbose=0), model.predict(padded[2:3, :1], verbose=0), atol=1e-6))`,
    output: "(5, 5) [7, 0, 0, 0, 0]\npadding is ignored: True\n",
  },
  {
    name: "layers[i].output feature extractor",
    source: `
import numpy as np
from tensorflow.keras.models import Sequential, Model
from tensorflow.keras.layers import Input, LSTM, Dense

model = Sequential([Input(shape=(6, 2)), LSTM(5, return_sequences=True, name='encoder'), LSTM(3, name='summary'), Dense(1)])
extractor = Model(inputs=model.inputs, outputs=[layer.output for layer in model.layers[:2]])
x = np.random.rand(4, 6, 2)
sequence, summary = extractor.predict(x, verbose=0)
print(model.layers[1].name, model.layers[1].output.shape)
print(sequence.shape, summary.shape)`,
    output: "summary (None, 3)\n(4, 6, 5) (4, 3)\n",
  },
  {
    name: "get/set_weights transfer",
    source: `
import numpy as np
from tensorflow import keras
from tensorflow.keras import layers

def make_model(units):
    return keras.Sequential([keras.Input(shape=(None, 3)), layers.GRU(units), layers.Dense(2, activation='softmax')])

trained = make_model(4)
trained.compile(optimizer='adam', loss='sparse_categorical_crossentropy')
x = np.random.rand(20, 7, 3)
y = (x[:, :, 0].mean(axis=1) > 0.5).astype('int32')
trained.fit(x, y, epochs=1, verbose=0)
copy = make_model(4)
copy.set_weights(trained.get_weights())
print([w.shape for w in copy.get_weights()])
print('same predictions:', np.allclose(copy.predict(x, verbose=0), trained.predict(x, verbose=0)))`,
    output: "[(3, 12), (4, 12), (2, 12), (4, 2), (2,)]\nsame predictions: True\n",
  },
  {
    name: "Concatenate sequence + metadata",
    source: `
import numpy as np
from tensorflow.keras import layers, Model

sequence_in = layers.Input(shape=(None, 2), name='readings')
meta_in = layers.Input(shape=(3,), name='metadata')
encoded = layers.LSTM(8)(sequence_in)
merged = layers.Concatenate()([encoded, meta_in])
hidden = layers.Dense(8, activation='relu')(merged)
output = layers.Dense(1)(hidden)
model = Model(inputs=[sequence_in, meta_in], outputs=output)
model.compile(optimizer='adam', loss='mae')
readings = np.random.rand(24, 10, 2)
metadata = np.random.rand(24, 3)
target = readings[:, :, 0].sum(axis=1) + metadata[:, 0]
model.fit([readings, metadata], target, epochs=2, batch_size=8, verbose=0)
print(merged.shape, model.predict([readings[:2], metadata[:2]], verbose=0).shape)`,
    output: "(None, 11) (2, 1)\n",
  },
  {
    name: "Add and Average branches",
    source: `
import numpy as np
from tensorflow.keras.layers import Input, LSTM, GRU, Dense, Add, Average
from tensorflow.keras.models import Model

inputs = Input(shape=(8, 1))
lstm_branch = LSTM(6)(inputs)
gru_branch = GRU(6)(inputs)
summed = Add()([lstm_branch, gru_branch])
averaged = Average()([lstm_branch, gru_branch])
model = Model(inputs, [Dense(1, name='from_sum')(summed), Dense(1, name='from_average')(averaged)])
branches = Model(inputs, [lstm_branch, gru_branch, summed, averaged])
x = np.random.rand(3, 8, 1)
a, b, s, m = branches.predict(x, verbose=0)
print('Add is a + b:', np.allclose(s, a + b, atol=1e-6), ' Average is (a + b) / 2:', np.allclose(m, (a + b) / 2, atol=1e-6))
print(len(model.outputs), [o.shape for o in model.outputs])`,
    output: "Add is a + b: True  Average is (a + b) / 2: True\n2 [(None, 1), (None, 1)]\n",
  },
  {
    name: "Dot cosine similarity siamese",
    source: `
import numpy as np
from tensorflow.keras import layers, Model

left = layers.Input(shape=(None,), dtype='int32')
right = layers.Input(shape=(None,), dtype='int32')
embed = layers.Embedding(30, 8)
encoder = layers.GRU(8)
similarity = layers.Dot(axes=1, normalize=True)([encoder(embed(left)), encoder(embed(right))])
model = Model([left, right], similarity)
a = np.array([[1, 2, 3], [4, 5, 6]])
b = np.array([[1, 2, 3], [7, 8, 9]])
scores = model.predict([a, b], verbose=0)
print(scores.shape, 'identical sequences score 1:', abs(float(scores[0, 0]) - 1.0) < 1e-5, 'within [-1, 1]:', bool(np.all(np.abs(scores) <= 1 + 1e-6)))`,
    output: "(2, 1) identical sequences score 1: True within [-1, 1]: True\n",
  },
  {
    name: "Self-attention over LSTM outputs",
    source: `
import numpy as np
from keras import layers, Model

tokens = layers.Input(shape=(None,), dtype='int32')
x = layers.Embedding(input_dim=50, output_dim=16, mask_zero=True)(tokens)
x = layers.LSTM(16, return_sequences=True)(x)
context = layers.Attention(use_scale=True)([x, x])
x = layers.Concatenate()([x, context])
x = layers.LSTM(8)(x)
outputs = layers.Dense(3, activation='softmax')(x)
model = Model(tokens, outputs)
model.compile(optimizer='adam', loss='sparse_categorical_crossentropy', metrics=['accuracy'])
data = np.random.randint(1, 50, size=(30, 7))
labels = data[:, 0] % 3
history = model.fit(data, labels, epochs=2, batch_size=10, verbose=0)
print('loss per epoch:', len(history.history['loss']), 'params:', model.count_params())`,
    output: "loss per epoch: 2 params: 4252\n",
  },
  {
    name: "AdditiveAttention scores",
    source: `
import numpy as np
from tensorflow.keras.layers import Input, LSTM, AdditiveAttention, Dense, Concatenate
from tensorflow.keras.models import Model

encoder_in = Input(shape=(6, 4))
decoder_in = Input(shape=(3, 4))
encoder_out, h, c = LSTM(10, return_sequences=True, return_state=True)(encoder_in)
decoder_out = LSTM(10, return_sequences=True)(decoder_in, initial_state=[h, c])
context, weights = AdditiveAttention()([decoder_out, encoder_out], return_attention_scores=True)
logits = Dense(5, activation='softmax')(Concatenate(axis=-1)([decoder_out, context]))
model = Model([encoder_in, decoder_in], [logits, weights])
probs, alignment = model.predict([np.random.rand(2, 6, 4), np.random.rand(2, 3, 4)], verbose=0)
print(probs.shape, alignment.shape)
print('each row of the alignment sums to 1:', np.allclose(alignment.sum(axis=-1), 1.0, atol=1e-5))`,
    output: "(2, 3, 5) (2, 3, 6)\neach row of the alignment sums to 1: True\n",
  },
  {
    name: "Bidirectional summary and params",
    source: `
from tensorflow.keras.models import Sequential
from tensorflow.keras.layers import Input, Bidirectional, LSTM, Dense

units, features = 5, 3
model = Sequential([Input(shape=(None, features)), Bidirectional(LSTM(units)), Dense(1, activation='sigmoid')])
lstm_params = 4 * (units * (units + features) + units)
expected = 2 * lstm_params + (2 * units + 1)
print('params %d, by hand %d' % (model.count_params(), expected))
model.summary()`,
    output: "params 371, by hand 371\n",
  },
  {
    name: "stacked LSTMs, evaluate, %-formatting, math.exp",
    source: `
import math
import numpy as np
from tensorflow.keras.models import Sequential
from tensorflow.keras.layers import Input, Embedding, LSTM, Dense, Dropout

vocab_size, seq_len = 12, 5
data = np.random.randint(1, vocab_size, size=(48, seq_len + 1))
x, y = data[:, :-1], data[:, -1]
model = Sequential([
    Input(shape=(seq_len,)),
    Embedding(vocab_size, 8),
    LSTM(16, return_sequences=True),
    Dropout(0.2),
    LSTM(16),
    Dense(vocab_size, activation='softmax'),
])
model.compile(loss='sparse_categorical_crossentropy', optimizer='adam', metrics=['accuracy'])
model.fit(x, y, epochs=1, batch_size=16, verbose=0)
loss, accuracy = model.evaluate(x, y, verbose=0)
print('loss: %.2f, perplexity: %.1f, accuracy: %.2f' % (loss, math.exp(loss), accuracy))
print('perplexity near the vocabulary size:', 2 < math.exp(loss) < 2 * vocab_size)`,
    output: /^loss: \d\.\d\d, perplexity: \d+\.\d, accuracy: 0\.\d\d\nperplexity near the vocabulary size: True\n$/,
  },
  {
    name: "ranking predictions with sorted/zip",
    source: `
import numpy as np
from tensorflow import keras

names = ['flat', 'rising', 'falling', 'noisy']
series = np.array([[0.5] * 6, [0.1, 0.2, 0.3, 0.4, 0.5, 0.6], [0.6, 0.5, 0.4, 0.3, 0.2, 0.1], [0.2, 0.7, 0.1, 0.9, 0.3, 0.5]])
model = keras.Sequential([keras.Input(shape=(6, 1)), keras.layers.SimpleRNN(4, activation='tanh'), keras.layers.Dense(1)])
scores = model.predict(series[..., np.newaxis], verbose=0).ravel()
ranking = sorted(zip(names, scores), key=lambda pair: pair[1], reverse=True)
for rank, (name, score) in enumerate(ranking, start=1):
    print('%d. %-8s %s' % (rank, name, 'score' if isinstance(float(score), float) else '?'))
print(max(names, key=len), min(zip(scores, names))[1] in names)`,
    output: /^(\d\. (flat|rising|falling|noisy) +score\n){4}falling True\n$/,
  },
  {
    name: "EarlyStopping",
    source: `
import numpy as np
from tensorflow.keras.callbacks import EarlyStopping
from tensorflow.keras.models import Sequential
from tensorflow.keras.layers import Input, GRU, Dense

x = np.random.rand(40, 5, 2)
y = x.sum(axis=(1, 2))
model = Sequential([Input(shape=(5, 2)), GRU(4), Dense(1)])
model.compile(optimizer='sgd', loss='mse')
stopper = EarlyStopping(monitor='val_loss', patience=0, restore_best_weights=True)
history = model.fit(x, y, epochs=6, validation_split=0.25, callbacks=[stopper], verbose=0)
ran = len(history.history['loss'])
print('ran', 'at most 6' if ran <= 6 else 'too many', 'epochs;', 'val_loss recorded each epoch:', len(history.history['val_loss']) == ran)`,
    output: "ran at most 6 epochs; val_loss recorded each epoch: True\n",
  },
  {
    name: "Masking padded floats",
    source: `
import numpy as np
from tensorflow.keras.models import Sequential
from tensorflow.keras.layers import Input, Masking, LSTM, Dense

raw = [[0.3, 0.6], [0.2, 0.4, 0.6, 0.8], [0.9]]
maxlen = max(len(s) for s in raw)
padded = np.zeros((len(raw), maxlen, 1), dtype='float32')
for i, seq in enumerate(raw):
    padded[i, :len(seq), 0] = seq
model = Sequential([Input(shape=(maxlen, 1)), Masking(mask_value=0.0), LSTM(4), Dense(1)])
full = model.predict(padded, verbose=0)
alone = model.predict(padded[:1, :2], verbose=0)
print(padded.shape, 'masked steps are skipped:', np.allclose(full[0], alone[0], atol=1e-6))`,
    output: "(3, 4, 1) masked steps are skipped: True\n",
  },
  {
    name: "greedy decode loop with def/while",
    source: `
import numpy as np
from tensorflow.keras.models import Sequential
from tensorflow.keras.layers import Input, Embedding, GRU, Dense

text = 'abcabcabcabcabcabc'
vocab = sorted(set(text)) + ['.']
to_id = {ch: i for i, ch in enumerate(vocab)}
window = 3
x = np.array([[to_id[ch] for ch in text[i:i + window]] for i in range(len(text) - window)])
y = np.array([to_id[text[i + window]] for i in range(len(text) - window)])
model = Sequential([Input(shape=(window,)), Embedding(len(vocab), 8), GRU(16), Dense(len(vocab), activation='softmax')])
model.compile(loss='sparse_categorical_crossentropy', optimizer='adam')
model.fit(x, y, epochs=2, batch_size=4, verbose=0)

def generate(seed, max_chars=8):
    out = seed
    while True:
        ids = np.array([[to_id[ch] for ch in out[-window:]]])
        next_ch = vocab[int(np.argmax(model.predict(ids, verbose=0)[0]))]
        if next_ch == '.' or len(out) - len(seed) >= max_chars:
            break
        out += next_ch
    return out

result = generate('abc')
print(len(result) <= 11, result.startswith('abc'), set(result) <= set(vocab))`,
    output: "True True True\n",
  },
  {
    name: "boolean masks and np.where on predictions",
    source: `
import numpy as np
from tensorflow import keras

np.random.seed(1)
x = np.random.rand(50, 6, 1)
y = (x.mean(axis=(1, 2)) > 0.5).astype('float32')
model = keras.Sequential([keras.Input(shape=(6, 1)), keras.layers.LSTM(4), keras.layers.Dense(1, activation='sigmoid')])
model.compile(optimizer='adam', loss='binary_crossentropy', metrics=['accuracy'])
model.fit(x, y, epochs=2, batch_size=10, verbose=0)
probs = model.predict(x, verbose=0)[:, 0]
predicted = np.where(probs > 0.5, 1, 0)
positives = x[y == 1]
counts = {label: int((predicted == label).sum()) for label in (0, 1)}
print(positives.shape[1:], sum(counts.values()) == len(x), predicted.dtype)
print('accuracy by hand equals evaluate:', abs(np.mean(predicted == y) - model.evaluate(x, y, verbose=0)[1]) < 1e-6)`,
    output: "(6, 1) True int64\naccuracy by hand equals evaluate: True\n",
  },
  {
    name: "Multiply gate",
    source: `
import numpy as np
from tensorflow.keras.layers import Input, LSTM, Dense, Multiply
from tensorflow.keras.models import Model

seq = Input(shape=(5, 3))
features = LSTM(4)(seq)
gate = Dense(4, activation='sigmoid')(features)
gated = Multiply()([features, gate])
model = Model(seq, [features, gate, gated])
f, g, fg = model.predict(np.random.rand(2, 5, 3), verbose=0)
print('Multiply is elementwise:', np.allclose(fg, f * g, atol=1e-6), 'gate in (0, 1):', bool(((g > 0) & (g < 1)).all()))`,
    output: "Multiply is elementwise: True gate in (0, 1): True\n",
  },
  {
    name: "attention by hand with Dot and Activation",
    source: `
import numpy as np
from keras.layers import Input, LSTM, Dense, Dot, Activation, Concatenate
from keras.models import Model

encoder_inputs = Input(shape=(7, 3))
decoder_inputs = Input(shape=(4, 3))
encoder = LSTM(8, return_sequences=True, return_state=True)
encoder_outputs, state_h, state_c = encoder(encoder_inputs)
decoder_outputs = LSTM(8, return_sequences=True)(decoder_inputs, initial_state=[state_h, state_c])
attention = Dot(axes=[2, 2])([decoder_outputs, encoder_outputs])
attention = Activation('softmax')(attention)
context = Dot(axes=[2, 1])([attention, encoder_outputs])
decoder_combined = Concatenate(axis=-1)([context, decoder_outputs])
output = Dense(6, activation='softmax')(decoder_combined)
model = Model([encoder_inputs, decoder_inputs], [output, attention])
probs, weights = model.predict([np.random.rand(2, 7, 3), np.random.rand(2, 4, 3)], verbose=0)
print(attention.shape, context.shape, probs.shape)
print('softmax over the encoder steps:', np.allclose(weights.sum(axis=2), 1.0, atol=1e-5))`,
    output: "(None, 4, 7) (None, 4, 8) (2, 4, 6)\nsoftmax over the encoder steps: True\n",
  },
  {
    name: "save and load_model",
    source: `
import numpy as np
from tensorflow.keras.models import Sequential, load_model
from tensorflow.keras.layers import Input, SimpleRNN, Dense

model = Sequential([Input(shape=(None, 2)), SimpleRNN(3, return_sequences=True), SimpleRNN(3), Dense(1)])
model.compile(optimizer='adam', loss='mse')
x = np.random.rand(8, 4, 2)
model.fit(x, x.sum(axis=(1, 2)), epochs=1, verbose=0)
model.save('rnn_model.unroll.json')
restored = load_model('rnn_model.unroll.json')
print('restored predicts the same:', np.allclose(restored.predict(x, verbose=0), model.predict(x, verbose=0), atol=1e-6))
print([layer.name for layer in restored.layers] == [layer.name for layer in model.layers])`,
    output: "restored predicts the same: True\nTrue\n",
  },
  {
    name: "seeded initializer objects and get_config",
    source: `
from tensorflow.keras import initializers
from tensorflow.keras.layers import Input, Dense, LSTM
from tensorflow.keras.models import Sequential

def build():
    return Sequential([
        Input(shape=(None, 4)),
        LSTM(5, kernel_initializer=initializers.GlorotUniform(seed=1), recurrent_initializer=initializers.Orthogonal(gain=1.0, seed=2)),
        Dense(2, kernel_initializer=initializers.RandomUniform(minval=-0.05, maxval=0.05, seed=3), bias_initializer=initializers.Constant(0.1)),
    ])

first, second = build(), build()
same = all((a == b).all() for a, b in zip(first.get_weights(), second.get_weights()))
config = first.layers[-1].get_config()
print('seeded initializers repeat:', same, config['units'], first.layers[-1].get_weights()[1].tolist())`,
    output: "seeded initializers repeat: True 2 [0.10000000149011612, 0.10000000149011612]\n",
  },
  {
    name: "bucketing by length with argsort",
    source: `
import numpy as np
from tensorflow.keras.preprocessing.sequence import pad_sequences

sequences = [[5, 2], [7, 1, 9, 4, 3], [8], [2, 2, 2], [6, 1, 1, 1]]
lengths = np.array([len(s) for s in sequences])
order = np.argsort(lengths)
buckets = {}
for idx in order:
    size = 2 if lengths[idx] <= 2 else 5
    buckets.setdefault(size, []).append(sequences[idx])
for size, bucket in sorted(buckets.items()):
    batch = pad_sequences(bucket, maxlen=size, padding='pre', truncating='pre')
    print(size, batch.shape, batch.tolist())`,
    output: "2 (2, 2) [[0, 8], [5, 2]]\n5 (3, 5) [[0, 0, 2, 2, 2], [0, 6, 1, 1, 1], [7, 1, 9, 4, 3]]\n",
  },
  {
    name: "permutation split and one-hot labels",
    source: `
import numpy as np
from tensorflow.keras.utils import to_categorical
from tensorflow.keras.models import Sequential
from tensorflow.keras.layers import Input, GRU, Dense

np.random.seed(2)
n = 60
x = np.random.rand(n, 4, 2).astype('float32')
labels = np.argmax(x[:, -1, :], axis=-1).reshape(-1, 1)
y = to_categorical(labels, num_classes=2)
perm = np.random.permutation(n)
train_idx, val_idx = perm[:45], perm[45:]
model = Sequential([Input(shape=(4, 2)), GRU(8), Dense(2, activation='softmax')])
model.compile(optimizer='adam', loss='categorical_crossentropy', metrics=['accuracy'])
history = model.fit(x[train_idx], y[train_idx], validation_data=(x[val_idx], y[val_idx]), epochs=2, batch_size=15, verbose=0)
print(y.shape, len(set(train_idx.tolist()) & set(val_idx.tolist())), len(['%.2f' % v for v in history.history['val_accuracy']]))`,
    output: "(60, 2) 0 2\n",
  },
  {
    name: "an explicit mask= on a recurrent layer (eager and functional)",
    source: `
import numpy as np
from tensorflow.keras.layers import Input, LSTM, Dense
from tensorflow.keras.models import Model

batch = np.random.rand(3, 5, 2).astype('float32')
lengths = [5, 3, 1]
step_mask = np.array([[t < n for t in range(5)] for n in lengths])
lstm = LSTM(4)
masked = lstm(batch, mask=step_mask)
one_by_one = [lstm(batch[i:i + 1, :n]) for i, n in enumerate(lengths)]
print(step_mask.astype(int).tolist())
print('mask= is the same as cutting the sequences:', all(np.allclose(masked[i], one_by_one[i][0], atol=1e-6) for i in range(3)))
sequence = Input(shape=(None, 2))
keep = Input(shape=(None,))
model = Model([sequence, keep], Dense(1)(LSTM(4)(sequence, mask=keep)))
model.compile(optimizer='adam', loss='mse')
model.fit([batch, step_mask.astype('float32')], np.array([1.0, 0.5, 0.0]), epochs=1, verbose=0)
print(model.predict([batch, step_mask.astype('float32')], verbose=0).shape)`,
    output: "[[1, 1, 1, 1, 1], [1, 1, 1, 0, 0], [1, 0, 0, 0, 0]]\nmask= is the same as cutting the sequences: True\n(3, 1)\n",
  },
];
