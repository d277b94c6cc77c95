import * as assert from 'assert';
import { cellDiagnostics } from '../../../src/language/analysis/cellDiagnostics';
import { Analyser } from '../../../src/language/analysis/analyser';
import { registry } from './helpers';

const check = (source: string, ...above: string[]) => cellDiagnostics(registry, above, source).map(d => ({ code: d.code, message: d.message, at: source.slice(d.range.from, d.range.to) }));

describe('editor: cell diagnostics', () => {
  it('flags an unknown keyword argument with a did-you-mean, on the keyword', () => {
    assert.deepEqual(check('model = Sequential()\nmodel.add(LSTM(unit=32))'), [
      { code: 'TypeError', message: "LSTM() got an unexpected keyword argument 'unit'. Did you mean 'units'?", at: 'unit' },
    ]);
  });

  it('does not flag names defined in the cells above, and flags names that no cell defines', () => {
    const above = ['MAX_VOCAB = 1000\n(X_train, y_train), (X_test, y_test) = datasets.sentiment(max_vocab=MAX_VOCAB, max_len=50)', 'model = Sequential()'];
    assert.deepEqual(check('model.add(Embedding(MAX_VOCAB, 8))\nmodel.fit(X_train, y_train, epochs=EPOCHS)', ...above), [
      { code: 'NameError', message: "name 'EPOCHS' is not defined", at: 'EPOCHS' },
    ]);
    assert.equal(check('model.add(Embedding(MAX_VOCAB, 8))').filter(d => d.code === 'NameError').length, 2, 'without the cells above');
  });

  it('names bound in a loop or an import above count too', () => {
    assert.deepEqual(check('print(i, tf, Bi)', 'for i in range(3):\n    pass', 'import tensorflow as tf\nfrom keras.layers import Bidirectional as Bi'), []);
  });

  it('knows the class of an object made above: a misspelt method is flagged', () => {
    assert.deepEqual(check('model.fitt(X, y)', 'model = Sequential()\nX = y = 0'), [
      { code: 'AttributeError', message: "'Sequential' object has no attribute 'fitt'. Did you mean: 'fit'?", at: 'fitt' },
    ]);
  });

  it('checks string choices and literal types against the Keras signatures', () => {
    assert.deepEqual(check("Dense(1, activation='sigmod')"), [
      { code: 'ValueError', message: "Dense() got an unknown activation 'sigmod'. Did you mean 'sigmoid'?", at: "'sigmod'" },
    ]);
    assert.deepEqual(check("LSTM('32')"), [{ code: 'TypeError', message: "LSTM() argument 'units' must be int, not str", at: "'32'" }]);
    assert.deepEqual(check('LSTM(return_sequences=True)'), [{ code: 'TypeError', message: "LSTM() missing required argument 'units'", at: 'LSTM(return_sequences=True)' }]);
  });

  it('the seed snippet after its data line has no diagnostics', () => {
    const seed = [
      'MAX_VOCAB, MAX_LEN, EMBED_DIM = 10000, 100, 32',
      '(X_train, y_train), (X_test, y_test) = datasets.sentiment(max_vocab=MAX_VOCAB, max_len=MAX_LEN)',
      "model = Sequential(name='SimpleRNN')",
      'model.add(Embedding(MAX_VOCAB, EMBED_DIM, input_length=MAX_LEN, mask_zero=True))',
      'model.add(SimpleRNN(100))',
      "model.add(Dense(1, activation='sigmoid'))",
      "model.compile(loss='binary_crossentropy', optimizer='adam', metrics=['accuracy'])",
      'model.fit(X_train, y_train, epochs=3, batch_size=128)',
    ].join('\n');
    assert.deepEqual(check(seed), []);
  });

  it('syntax errors come through with their code', () => {
    const found = check('model.add(LSTM(32)');
    assert.ok(found.length >= 1 && found[0].code === 'SyntaxError', JSON.stringify(found));
  });

  it('the names a cell binds are known to the next with what they are: an instance, a literal, a module', () => {
    const analyser = new Analyser(registry);
    analyser.cell('model = Sequential()\nn = 3\nimport tensorflow as tf');
    const scope = analyser.scope();
    assert.deepEqual(['model', 'n', 'tf'].map(name => scope.resolveChain([name]).kind), ['instance', 'unknown', 'module']);
    assert.deepEqual(analyser.cell('tf.keras.layers.LSTMM(3)\nmodel.fitt()').diagnostics.map(d => d.code), ['AttributeError', 'AttributeError']);
  });
});
