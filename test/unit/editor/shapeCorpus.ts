// Cells with the exact shape diagnostics the editor shows for them (with the real Keras
// registry), after the cells above them. `at` is the text under the squiggle; ranges are
// [line, column, endLine, endColumn], 1-based, end exclusive. Valid cells build models
// Keras accepts, or ones whose shapes cannot be known statically: they must stay silent.
import type { CorpusDiagnostic } from '../language/corpus';

export interface ShapeCase {
  name: string;
  cellsAbove: string[];
  source: string;
  diagnostics: (CorpusDiagnostic & { at: string })[];
}

export const SHAPE_CASES: ShapeCase[] = [
  {
    name: "valid: seed snippet after its data cell",
    cellsAbove: ["MAX_VOCAB, MAX_LEN, EMBED_DIM = 10000, 100, 32\n(X_train, y_train), (X_test, y_test) = datasets.sentiment(max_vocab=MAX_VOCAB, max_len=MAX_LEN)"],
    source: "model = Sequential(name='SimpleRNN')\nmodel.add(Embedding(MAX_VOCAB, EMBED_DIM, input_length=MAX_LEN, mask_zero=True))\nmodel.add(SimpleRNN(100))\nmodel.add(Dense(1, activation='sigmoid'))\nmodel.compile(loss='binary_crossentropy', optimizer='adam', metrics=['accuracy'])\nmodel.fit(X_train, y_train, epochs=3, batch_size=128)",
    diagnostics: [],
  },
  {
    name: "valid: stacked LSTMs with return_sequences",
    cellsAbove: [],
    source: "model = Sequential([\n    LSTM(32, return_sequences=True, input_shape=(None, 4)),\n    LSTM(16),\n    Dense(1),\n])",
    diagnostics: [],
  },
  {
    name: "valid: stacked Bidirectional then TimeDistributed",
    cellsAbove: [],
    source: "model = Sequential()\nmodel.add(Embedding(1000, 16, mask_zero=True))\nmodel.add(Bidirectional(LSTM(32, return_sequences=True)))\nmodel.add(GRU(8, return_sequences=True))\nmodel.add(TimeDistributed(Dense(5, activation='softmax')))\nmodel.compile(loss='sparse_categorical_crossentropy', optimizer='adam')",
    diagnostics: [],
  },
  {
    name: "valid: encoder-decoder with RepeatVector",
    cellsAbove: [],
    source: "model = Sequential([Input(shape=(10, 1)), LSTM(32), RepeatVector(5), LSTM(32, return_sequences=True), TimeDistributed(Dense(1))])",
    diagnostics: [],
  },
  {
    name: "valid: functional encoder-decoder with matching states",
    cellsAbove: [],
    source: "enc_in = Input(shape=(None, 8))\n_, h, c = LSTM(64, return_state=True)(enc_in)\ndec_in = Input(shape=(None, 8))\nseq = LSTM(64, return_sequences=True)(dec_in, initial_state=[h, c])\nout = TimeDistributed(Dense(8, activation='softmax'))(seq)\nmodel = Model(inputs=[enc_in, dec_in], outputs=out)\nmodel.compile(loss='categorical_crossentropy', optimizer='adam')",
    diagnostics: [],
  },
  {
    name: "valid: units from a variable, return_sequences from data",
    cellsAbove: ["UNITS = 32\nflag = UNITS > 16"],
    source: "deep = Sequential([LSTM(UNITS * 2, return_sequences=True), LSTM(UNITS)])\nunknown = Sequential([LSTM(32, return_sequences=flag), LSTM(16)])",
    diagnostics: [],
  },
  {
    name: "valid: layers added in a loop are not judged",
    cellsAbove: [],
    source: "model = Sequential()\nfor i in range(3):\n    model.add(LSTM(32))\nmodel.add(LSTM(16))",
    diagnostics: [],
  },
  {
    name: "valid: a layer from a call makes the rest unknown",
    cellsAbove: ["i = 0\nextra = LSTM(8) if i else Dense(3)"],
    source: "model = Sequential([[LSTM(8), Dense(3)][i], LSTM(16)])\nother = Sequential([LSTM(8)])\nother.add(extra)\nother.add(LSTM(4))",
    diagnostics: [],
  },
  {
    name: "invalid: LSTM after LSTM without return_sequences",
    cellsAbove: [],
    source: "model = Sequential()\nmodel.add(LSTM(32))\nmodel.add(LSTM(16))",
    diagnostics: [
      { severity: "error", code: "ValueError", message: "LSTM expects a sequence input (batch, time, features) but the previous layer LSTM(32) returns (None, 32); give it return_sequences=True", range: [3, 11, 3, 19], at: "LSTM(16)" },
    ],
  },
  {
    name: "invalid: the model is built across cells",
    cellsAbove: ["model = Sequential()\nmodel.add(Embedding(5000, 32))", "model.add(GRU(64))"],
    source: "model.add(SimpleRNN(8))\nmodel.add(Dense(1, activation='sigmoid'))",
    diagnostics: [
      { severity: "error", code: "ValueError", message: "SimpleRNN expects a sequence input (batch, time, features) but the previous layer GRU(64) returns (None, 64); give it return_sequences=True", range: [1, 11, 1, 23], at: "SimpleRNN(8)" },
    ],
  },
  {
    name: "invalid: Bidirectional after a Bidirectional without return_sequences",
    cellsAbove: [],
    source: "model = Sequential([Embedding(100, 8), Bidirectional(LSTM(16)), Bidirectional(LSTM(8))])",
    diagnostics: [
      { severity: "error", code: "ValueError", message: "Bidirectional expects a sequence input (batch, time, features) but the previous layer Bidirectional(LSTM(16)) returns (None, 32); give the layer inside Bidirectional(LSTM(16)) return_sequences=True", range: [1, 65, 1, 87], at: "Bidirectional(LSTM(8))" },
    ],
  },
  {
    name: "invalid: Bidirectional concat doubles the units, sum does not",
    cellsAbove: [],
    source: "a = Sequential([Input((None, 3)), Bidirectional(LSTM(16)), LSTM(4)])\nb = Sequential([Input((None, 3)), Bidirectional(LSTM(16), merge_mode='sum'), LSTM(4)])\nc = Sequential([Input((None, 3)), Bidirectional(GRU(8, return_sequences=True)), RepeatVector(2)])",
    diagnostics: [
      { severity: "error", code: "ValueError", message: "LSTM expects a sequence input (batch, time, features) but the previous layer Bidirectional(LSTM(16)) returns (None, 32); give the layer inside Bidirectional(LSTM(16)) return_sequences=True", range: [1, 60, 1, 67], at: "LSTM(4)" },
      { severity: "error", code: "ValueError", message: "LSTM expects a sequence input (batch, time, features) but the previous layer Bidirectional(LSTM(16), merge_mode='sum') returns (None, 16); give the layer inside Bidirectional(LSTM(16), merge_mode='sum') return_sequences=True", range: [2, 78, 2, 85], at: "LSTM(4)" },
      { severity: "error", code: "ValueError", message: "RepeatVector expects a 2D input (batch, features) but the previous layer Bidirectional(GRU(8, return_sequences=True)) returns (None, None, 16); drop return_sequences=True there", range: [3, 81, 3, 96], at: "RepeatVector(2)" },
    ],
  },
  {
    name: "invalid: a Dropout between says which layer to fix",
    cellsAbove: [],
    source: "model = Sequential([Embedding(100, 8), GRU(16), Dropout(0.2), GRU(8)])",
    diagnostics: [
      { severity: "error", code: "ValueError", message: "GRU expects a sequence input (batch, time, features) but the previous layer Dropout(0.2) returns (None, 16); give GRU(16) return_sequences=True", range: [1, 63, 1, 69], at: "GRU(8)" },
    ],
  },
  {
    name: "invalid: TimeDistributed after a layer without sequences",
    cellsAbove: [],
    source: "model = Sequential([LSTM(32, input_shape=(20, 3)), TimeDistributed(Dense(3))])",
    diagnostics: [
      { severity: "error", code: "ValueError", message: "TimeDistributed expects a sequence input (batch, time, ...) but the previous layer LSTM(32, input_shape=(20, 3)) returns (None, 32); give it return_sequences=True", range: [1, 52, 1, 77], at: "TimeDistributed(Dense(3))" },
    ],
  },
  {
    name: "invalid: input_shape without a time axis",
    cellsAbove: [],
    source: "model = Sequential([SimpleRNN(16, input_shape=(10,))])",
    diagnostics: [
      { severity: "error", code: "ValueError", message: "SimpleRNN expects a sequence input (batch, time, features) but input_shape gives (None, 10); give the input a time axis: (timesteps, features)", range: [1, 21, 1, 53], at: "SimpleRNN(16, input_shape=(10,))" },
    ],
  },
  {
    name: "invalid: Embedding after a float layer",
    cellsAbove: [],
    source: "model = Sequential([Dense(8, input_dim=4), Embedding(10, 4)])",
    diagnostics: [
      { severity: "error", code: "ValueError", message: "Embedding expects integer ids (batch, time) but the previous layer Dense(8, input_dim=4) returns floats (None, 8); Embedding goes first, on the token ids", range: [1, 44, 1, 60], at: "Embedding(10, 4)" },
    ],
  },
  {
    name: "invalid: RepeatVector after a sequence",
    cellsAbove: [],
    source: "model = Sequential([LSTM(32, return_sequences=True), RepeatVector(5)])",
    diagnostics: [
      { severity: "error", code: "ValueError", message: "RepeatVector expects a 2D input (batch, features) but the previous layer LSTM(32, return_sequences=True) returns (None, None, 32); drop return_sequences=True there", range: [1, 54, 1, 69], at: "RepeatVector(5)" },
    ],
  },
  {
    name: "invalid: sparse categorical loss on one sigmoid unit",
    cellsAbove: [],
    source: "model = Sequential([Embedding(100, 8), LSTM(4), Dense(1, activation='sigmoid')])\nmodel.compile(loss='sparse_categorical_crossentropy', optimizer='adam')",
    diagnostics: [
      { severity: "warning", code: "UserWarning", message: "sparse_categorical_crossentropy needs one output per class, but the model ends in Dense(1, activation='sigmoid') with 1 unit; for two classes use loss='binary_crossentropy', otherwise Dense(n_classes, activation='softmax')", range: [2, 20, 2, 53], at: "'sparse_categorical_crossentropy'" },
    ],
  },
  {
    name: "invalid: binary loss on a softmax over classes",
    cellsAbove: ["model = Sequential([Embedding(100, 8), LSTM(4), Dense(3, activation='softmax')])"],
    source: "model.compile('adam', 'binary_crossentropy')",
    diagnostics: [
      { severity: "warning", code: "UserWarning", message: "binary_crossentropy scores each of the 3 outputs as its own yes/no, but Dense(3, activation='softmax') makes them compete; use loss='categorical_crossentropy' (one-hot y) or 'sparse_categorical_crossentropy' (class ids)", range: [1, 23, 1, 44], at: "'binary_crossentropy'" },
    ],
  },
  {
    name: "invalid: functional LSTM on the last output of an LSTM",
    cellsAbove: [],
    source: "x = Input(shape=(None, 8))\nh = Bidirectional(LSTM(16, return_sequences=True))(x)\ny = LSTM(4)(h)\nz = LSTM(2)(y)",
    diagnostics: [
      { severity: "error", code: "ValueError", message: "LSTM expects a sequence input (batch, time, features) but its input, from LSTM(4), is (None, 4); give LSTM(4) return_sequences=True", range: [4, 5, 4, 15], at: "LSTM(2)(y)" },
    ],
  },
  {
    name: "invalid: functional recurrent layer on integer ids",
    cellsAbove: [],
    source: "ids = Input(shape=(None,), dtype='int32')\nh = LSTM(8)(ids)",
    diagnostics: [
      { severity: "error", code: "ValueError", message: "LSTM gets integer ids: its input Input(shape=(None,), dtype='int32') is (None, None); put an Embedding(vocab_size, dim) before it to turn ids into vectors", range: [2, 5, 2, 17], at: "LSTM(8)(ids)" },
    ],
  },
  {
    name: "invalid: initial_state with the wrong number of states",
    cellsAbove: [],
    source: "enc_in = Input(shape=(None, 8))\n_, h, c = LSTM(64, return_state=True)(enc_in)\ndec_in = Input(shape=(None, 8))\na = LSTM(64)(dec_in, initial_state=[h])\nb = GRU(64)(dec_in, initial_state=[h, c])",
    diagnostics: [
      { severity: "error", code: "ValueError", message: "LSTM needs initial_state=[h, c] (2 state tensors) but gets 1", range: [4, 36, 4, 39], at: "[h]" },
      { severity: "error", code: "ValueError", message: "GRU needs initial_state=[h] (1 state tensor) but gets 2", range: [5, 35, 5, 41], at: "[h, c]" },
    ],
  },
  {
    name: "invalid: encoder and decoder units differ",
    cellsAbove: [],
    source: "enc_in = Input(shape=(None, 8))\n_, state_h, state_c = LSTM(64, return_state=True)(enc_in)\nencoder_states = [state_h, state_c]\ndecoder = LSTM(32, return_sequences=True)\nout = decoder(Input(shape=(None, 8)), initial_state=encoder_states)",
    diagnostics: [
      { severity: "error", code: "ValueError", message: "initial state from LSTM(64, return_state=True) has 64 units but LSTM(32, return_sequences=True) has 32; an encoder's states can start a decoder only when both have the same units", range: [5, 53, 5, 67], at: "encoder_states" },
    ],
  },
  {
    name: "invalid: a layer list from the cell above",
    cellsAbove: ["stack = [LSTM(32, input_shape=(None, 2)), LSTM(16)]"],
    source: "model = Sequential(stack)",
    diagnostics: [
      { severity: "error", code: "ValueError", message: "LSTM expects a sequence input (batch, time, features) but the previous layer LSTM(32, input_shape=(None, 2)) returns (None, 32); give it return_sequences=True", range: [1, 20, 1, 25], at: "stack" },
    ],
  },
  {
    name: "invalid: a model built and compiled in one expression reports once",
    cellsAbove: [],
    source: "Sequential([LSTM(32), LSTM(16), Dense(1)]).compile(loss='mse', optimizer='adam')",
    diagnostics: [
      { severity: "error", code: "ValueError", message: "LSTM expects a sequence input (batch, time, features) but the previous layer LSTM(32) returns (None, 32); give it return_sequences=True", range: [1, 23, 1, 31], at: "LSTM(16)" },
    ],
  },
  {
    name: "valid: Bidirectional merge_mode=None gives two sequences in the functional API",
    cellsAbove: [],
    source: "x = Input(shape=(None, 4))\nforward, backward = Bidirectional(GRU(8, return_sequences=True), merge_mode=None)(x)\ny = LSTM(4)(backward)",
    diagnostics: [],
  },
  {
    name: "valid: one-hot targets matching the softmax",
    cellsAbove: ["from keras.utils import to_categorical\n(X, ids), _ = datasets.sentiment(max_vocab=1000, max_len=20)\ny = to_categorical(ids, num_classes=2)"],
    source: "model = Sequential([Embedding(1000, 8), LSTM(8), Dense(2, activation='softmax')])\nmodel.compile(loss='categorical_crossentropy', optimizer='adam')\nmodel.fit(X, y, epochs=1)\nmodel.fit(X, to_categorical(ids), epochs=1)",
    diagnostics: [],
  },
  {
    name: "invalid: one-hot targets with more classes than output units",
    cellsAbove: ["from keras.utils import to_categorical\n(X, ids), _ = datasets.sentiment(max_vocab=1000, max_len=20)"],
    source: "y = to_categorical(ids, num_classes=5)\nmodel = Sequential([Embedding(1000, 8), LSTM(8), Dense(3, activation='softmax')])\nmodel.compile(optimizer='adam', loss='categorical_crossentropy')\nmodel.fit(X, y, epochs=2)",
    diagnostics: [
      { severity: "error", code: "ValueError", message: "y has 5 classes (one-hot, num_classes=5) but the model ends in Dense(3, activation='softmax') with 3 units; make it Dense(5, …)", range: [4, 14, 4, 15], at: "y" },
    ],
  },
  {
    name: "invalid: one-hot targets with the sparse loss",
    cellsAbove: ["from keras.utils import to_categorical\n(X, ids), _ = datasets.sentiment(max_vocab=1000, max_len=20)"],
    source: "model = Sequential([Embedding(1000, 8), LSTM(8), Dense(2, activation='softmax')])\nmodel.compile('adam', 'sparse_categorical_crossentropy')\nmodel.fit(X, y=to_categorical(ids, 2))",
    diagnostics: [
      { severity: "warning", code: "UserWarning", message: "sparse_categorical_crossentropy takes class ids as y, but this y is one-hot (to_categorical); use loss='categorical_crossentropy', or pass the ids", range: [3, 16, 3, 38], at: "to_categorical(ids, 2)" },
    ],
  },
];
