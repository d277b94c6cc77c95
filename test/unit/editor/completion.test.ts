import * as assert from 'assert';
import { CompletionEntry, completionsAt } from '../../../src/language/analysis/completion';
import { at, env } from './helpers';

function complete(marked: string, ...cellsAbove: string[]): CompletionEntry[] {
  const { source, offset } = at(marked);
  return completionsAt(env(...cellsAbove), source, offset);
}
const labels = (entries: CompletionEntry[]) => entries.map(e => e.label);
const find = (entries: CompletionEntry[], label: string) => entries.find(e => e.label === label);

describe('editor: completion', () => {
  describe('Keras names', () => {
    it('after layers. lists the layer classes with their signatures', () => {
      const items = complete('model.add(layers.|');
      for (const name of ['LSTM', 'GRU', 'SimpleRNN', 'Dense', 'Embedding', 'Bidirectional', 'TimeDistributed', 'Dropout', 'RepeatVector', 'Masking']) {
        assert.ok(labels(items).includes(name), `${name} in ${labels(items)}`);
      }
      const lstm = find(items, 'LSTM')!;
      assert.equal(lstm.kind, 'class');
      assert.match(lstm.detail!, /^LSTM\(units, activation='tanh'/);
      assert.match(lstm.documentation!, /Long Short-Term Memory/);
    });

    it('after keras.layers. and tf.keras.layers. (with the import in an earlier cell)', () => {
      assert.ok(labels(complete('keras.layers.L|')).includes('LSTM'));
      assert.ok(labels(complete('x = tf.keras.layers.|', 'import tensorflow as tf')).includes('GRU'));
      assert.deepEqual(labels(complete('x = tf.keras.layers.|')), [], 'tf is not bound without the import');
    });

    it('replaces only the word typed after the dot', () => {
      const { source, offset } = at('layers.LS|');
      const item = completionsAt(env(), source, offset).find(e => e.label === 'LSTM')!;
      assert.deepEqual(item.replace, [source.indexOf('LS'), offset]);
    });

    it('after keras. lists modules and the model classes', () => {
      const items = complete('keras.|');
      assert.ok(labels(items).includes('layers'));
      assert.equal(find(items, 'layers')!.kind, 'module');
      assert.ok(labels(items).includes('Sequential'));
    });

    it('at top level offers the prelude (layers, Sequential, datasets), builtins and keywords', () => {
      const items = complete('L|');
      for (const name of ['LSTM', 'Sequential', 'Dense', 'datasets', 'print', 'len', 'range', 'Adam', 'EarlyStopping', 'pad_sequences', 'import']) {
        assert.ok(labels(items).includes(name), name);
      }
    });

    it('at top level offers names bound by earlier cells and this cell above the cursor, first', () => {
      const items = complete('MAX_LEN = 100\nmodel.add(Embedding(MAX_VOCAB, |', 'MAX_VOCAB = 10000\nmodel = Sequential()');
      const mv = find(items, 'MAX_VOCAB')!;
      const ml = find(items, 'MAX_LEN')!;
      assert.ok(mv && ml);
      assert.ok(mv.sortText! < find(items, 'LSTM')!.sortText!, 'cell names sort before prelude names');
      assert.equal(find(items, 'model')!.detail, 'Sequential');
    });

    it('inside a def body offers its parameters and locals; after the def they are gone; while and def are statement keywords', () => {
      const inside = labels(complete('def decode(model, seed_text, steps=10):\n    tokens = []\n    |'));
      for (const name of ['model', 'seed_text', 'steps', 'tokens', 'decode', 'while', 'def']) assert.ok(inside.includes(name), name);
      const after = labels(complete('|', 'def decode(model, seed_text, steps=10):\n    tokens = []'));
      assert.ok(after.includes('decode') && !after.includes('seed_text') && !after.includes('tokens'));
      assert.ok(!labels(complete('squares = [i * i for i in range(3)]\n|')).includes('i'), 'a comprehension variable does not leak');
    });

    it('names imported with from … import … in an earlier cell', () => {
      const items = complete('x = Bi|', 'from keras.layers import Bidirectional as Bi');
      assert.equal(find(items, 'Bi')!.kind, 'class');
    });

    it('inside import statements: module paths, then the names of a module', () => {
      assert.deepEqual(labels(complete('import |')).sort(), ['keras', 'tensorflow']);
      assert.ok(labels(complete('from keras.|')).includes('layers'));
      assert.ok(!labels(complete('from keras.|')).includes('Sequential'), 'only modules before `import`');
      const names = labels(complete('from keras.layers import L|'));
      assert.ok(names.includes('LSTM') && names.includes('Dense'));
      assert.ok(labels(complete('from tensorflow.keras.optimizers import |')).includes('Adam'));
      assert.deepEqual(labels(complete('import tensorflow as |')), []);
    });
  });

  describe('keyword arguments', () => {
    it('LSTM( offers units=, return_sequences=, … with docs and defaults', () => {
      const items = complete('model.add(LSTM(|');
      const kw = items.filter(e => e.kind === 'keyword-argument');
      assert.deepEqual(kw.slice(0, 3).map(e => e.label), ['units=', 'activation=', 'recurrent_activation=']);
      for (const name of ['return_sequences=', 'return_state=', 'go_backwards=', 'dropout=', 'recurrent_dropout=', 'name=']) assert.ok(labels(kw).includes(name), name);
      const rs = find(items, 'return_sequences=')!;
      assert.equal(rs.detail, 'bool, default False');
      assert.match(rs.documentation!, /whole output sequence/);
      assert.match(rs.documentation!, /Default: `False`/);
      assert.equal(find(items, 'units=')!.detail, 'int, required');
      assert.ok(kw.every(e => e.sortText! < find(items, 'LSTM')!.sortText!), 'keywords first');
    });

    it('after a positional argument, skips the parameters it filled and keywords given', () => {
      const items = complete('LSTM(32, return_sequences=True, |');
      const kw = labels(items.filter(e => e.kind === 'keyword-argument'));
      assert.ok(!kw.includes('units='), 'units filled positionally');
      assert.ok(!kw.includes('return_sequences='), 'already given');
      assert.ok(kw.includes('return_state='));
    });

    it('offers keywords while the keyword is being typed, and not in a value position', () => {
      assert.ok(labels(complete('LSTM(32, return_s|')).includes('return_sequences='));
      assert.ok(!labels(complete('LSTM(units=|')).some(l => l.endsWith('=')), 'units=| is a value');
      assert.ok(!labels(complete('LSTM(32 + |')).some(l => l.endsWith('=')), 'inside an expression');
    });

    it('methods on known objects: model.compile( and model.fit( across cells', () => {
      const above = ['model = Sequential(name="m")'];
      const fit = labels(complete('model.fit(X_train, y_train, |', ...above));
      for (const name of ['epochs=', 'batch_size=', 'validation_split=', 'validation_data=', 'callbacks=', 'shuffle=']) assert.ok(fit.includes(name), name);
      assert.ok(!fit.includes('x=') && !fit.includes('y='));
      assert.ok(labels(complete('model.compile(|', ...above)).includes('optimizer='));
    });

    it('works over several lines, and in nested calls names the innermost call', () => {
      const items = labels(complete('model = Sequential([\n    Embedding(1000, 32),\n    Bidirectional(LSTM(64,\n        |'));
      assert.ok(items.includes('return_sequences='));
      assert.ok(!items.includes('merge_mode='));
      assert.ok(labels(complete('Bidirectional(LSTM(64), |')).includes('merge_mode='));
    });

    it('functions: pad_sequences( and dataset loaders', () => {
      assert.ok(labels(complete('pad_sequences(seqs, |')).includes('padding='));
      assert.ok(labels(complete('datasets.sentiment(|')).includes('max_vocab='));
    });

    it('nothing for calls of unknown things', () => {
      assert.deepEqual(complete('foo(|').filter(e => e.kind === 'keyword-argument'), []);
    });
  });

  describe('members of known objects', () => {
    it('model. lists compile, fit, evaluate, predict, summary, save, add with signatures', () => {
      const items = complete('model.|', 'model = Sequential()');
      for (const name of ['add', 'compile', 'fit', 'evaluate', 'predict', 'summary', 'save', 'generate']) assert.ok(labels(items).includes(name), name);
      const fit = find(items, 'fit')!;
      assert.equal(fit.kind, 'method');
      assert.match(fit.detail!, /^fit\(x=None, y=None, batch_size=None, epochs=1/);
      assert.match(fit.documentation!, /Trains the model/);
    });

    it('knows an object assigned in the same cell above the cursor', () => {
      assert.ok(labels(complete('m = Sequential()\nm.a|')).includes('add'));
      assert.ok(labels(complete('m = keras.models.Model(inp, out)\nm.|')).includes('fit'));
      assert.ok(!labels(complete('m = keras.models.Model(inp, out)\nm.|')).includes('add'), 'Model has no add');
    });

    it('datasets. lists loaders with their docs and return shapes', () => {
      const items = complete('(X_train, y_train), (X_test, y_test) = datasets.|');
      const sentiment = find(items, 'sentiment')!;
      assert.ok(sentiment);
      assert.match(sentiment.detail!, /^sentiment\(max_vocab=10000, max_len=100, /);
      assert.match(sentiment.documentation!, /Returns \(x_train \[N_train, max_len\] int32/);
      for (const name of ['airline_passengers', 'adding', 'copy_task']) assert.ok(labels(items).includes(name), name);
    });

    it('nothing after a call result or unknown name', () => {
      assert.deepEqual(complete('foo.|'), []);
      assert.deepEqual(complete('Sequential().|'), []);
      assert.deepEqual(complete('x[0].|'), []);
    });
  });

  describe('string choices', () => {
    it("activation=' offers the activations", () => {
      const items = complete("Dense(1, activation='|");
      for (const name of ['tanh', 'relu', 'sigmoid', 'softmax', 'linear']) assert.ok(labels(items).includes(name), name);
      assert.ok(items.every(e => e.kind === 'value'));
    });

    it('replaces the string content typed so far, leaving the quotes', () => {
      const { source, offset } = at('LSTM(32, activation="re|")');
      const relu = completionsAt(env(), source, offset).find(e => e.label === 'relu')!;
      assert.deepEqual(relu.replace, [source.indexOf('re'), offset]);
    });

    it("optimizer=', loss=' and metrics=[' in compile", () => {
      const above = ['model = Sequential()'];
      assert.ok(labels(complete("model.compile(optimizer='|", ...above)).includes('adam'));
      const losses = labels(complete("model.compile(optimizer='adam', loss='|", ...above));
      assert.ok(losses.includes('binary_crossentropy') && losses.includes('mse'));
      assert.ok(labels(complete("model.compile(loss='mse', metrics=['|", ...above)).includes('accuracy'));
      assert.ok(labels(complete("model.compile('|", ...above)).includes('sgd'), 'positional optimizer');
    });

    it('merge_mode, padding, monitor', () => {
      assert.ok(labels(complete("Bidirectional(LSTM(8), merge_mode='|")).includes('ave'));
      assert.ok(labels(complete("pad_sequences(s, padding='|")).includes('post'));
      assert.ok(labels(complete("EarlyStopping(monitor='|")).includes('val_loss'));
    });

    it('at `activation=` offers quoted choices first', () => {
      const items = complete('Dense(1, activation=|');
      assert.equal(items[0].kind, 'value');
      assert.ok(labels(items).includes("'tanh'"));
      assert.ok(labels(items).includes('LSTM'), 'any name can be a value');
    });

    it('nothing in strings without choices, closed strings, comments and numbers', () => {
      assert.deepEqual(complete("print('|"), []);
      assert.deepEqual(complete("Dense(1, activation='relu'|"), []);
      assert.deepEqual(complete('x = 1  # LSTM(|'), []);
      assert.deepEqual(complete('x = 1.|'), []);
      assert.deepEqual(complete("model.save('m.onnx')  # layers.|"), []);
    });

    it("a # inside a string is not a comment", () => {
      assert.ok(labels(complete("print('#'); layers.|")).includes('LSTM'));
    });
  });
});

describe('editor: completion, keyword arguments after positional ones', () => {
  it('Embedding(1000, 64, | skips input_dim and output_dim but offers mask_zero', () => {
    const kw = labels(complete('Embedding(1000, 64, |').filter(e => e.kind === 'keyword-argument'));
    assert.deepEqual(kw.slice(0, 2), ['embeddings_initializer=', 'mask_zero=']);
  });
  it('a keyword given before does not count as positional', () => {
    const kw = labels(complete('Embedding(output_dim=64, |').filter(e => e.kind === 'keyword-argument'));
    assert.ok(kw.includes('input_dim=') && !kw.includes('output_dim='));
  });
});
