import * as assert from 'assert';
import { hoverAt } from '../../../src/language/analysis/hover';
import { at, env } from './helpers';

function hover(marked: string, ...above: string[]) {
  const { source, offset } = at(marked);
  const found = hoverAt(env(...above), source, offset);
  return found && { markdown: found.markdown, word: source.slice(found.range[0], found.range[1]) };
}

describe('editor: hover', () => {
  it('a layer: its signature, module and doc, over the whole word from any position in it', () => {
    for (const marked of ['model.add(|LSTM(32))', 'model.add(LS|TM(32))', 'model.add(LSTM|(32))']) {
      const h = hover(marked)!;
      assert.equal(h.word, 'LSTM');
      assert.match(h.markdown, /^```python\nLSTM\(units, activation='tanh', recurrent_activation='sigmoid'/);
      assert.match(h.markdown, /\*class\* `keras\.layers\.LSTM`/);
      assert.match(h.markdown, /Long Short-Term Memory/);
    }
  });

  it('dotted Keras paths: layers.GRU, keras.layers.Dense, tf.keras.optimizers.Adam', () => {
    assert.match(hover('x = layers.G|RU(8)')!.markdown, /Gated Recurrent Unit/);
    assert.match(hover('keras.layers.De|nse')!.markdown, /Densely connected layer/);
    assert.match(hover('o = tf.keras.optimizers.Ad|am()', 'import tensorflow as tf')!.markdown, /Kingma & Ba/);
    assert.match(hover('keras.lay|ers')!.markdown, /module keras\.layers/);
  });

  it('a keyword argument: the parameter\'s doc, type and default', () => {
    const h = hover('LSTM(64, return_seq|uences=True)')!;
    assert.equal(h.word, 'return_sequences');
    assert.match(h.markdown, /\(parameter\) return_sequences=False/);
    assert.match(h.markdown, /whole output sequence/);
    assert.match(h.markdown, /Type: `bool`/);
    assert.match(h.markdown, /argument of\* `LSTM`/);
    assert.match(hover("Dense(1, activ|ation='relu')")!.markdown, /One of: .*`'tanh'`/);
  });

  it('a keyword of a method of a known object', () => {
    assert.match(hover('model.fit(X, y, epo|chs=3)', 'model = Sequential()')!.markdown, /Number of passes/);
  });

  it('methods and instances of known objects', () => {
    const above = ['model = Sequential()'];
    assert.match(hover('model.com|pile()', ...above)!.markdown, /^```python\nSequential\.compile\(optimizer='rmsprop'/);
    assert.match(hover('mod|el.summary()', ...above)!.markdown, /model: Sequential/);
  });

  it('dataset loaders with their return shapes', () => {
    const h = hover('(a, b), (c, d) = datasets.senti|ment(max_len=10)')!;
    assert.match(h.markdown, /datasets\.sentiment\(max_vocab=10000, max_len=100, /);
    assert.match(h.markdown, /Returns \(x_train \[N_train, max_len\] int32/);
  });

  it('builtins', () => {
    assert.match(hover('pri|nt(1)')!.markdown, /built-in function/);
  });

  it('nothing on unknown names, numbers, strings, operators or an unknown keyword', () => {
    assert.equal(hover('fo|o = 1'), undefined);
    assert.equal(hover('x = 1|23'), undefined);
    assert.equal(hover("x = 'LS|TM'"), undefined);
    assert.equal(hover('x = 1 +| 2'), undefined);
    assert.equal(hover('LSTM(uni|t=3)'), undefined);
  });
});
