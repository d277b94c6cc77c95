// The text data sets as cells see them: seq2seq x as a list of two arrays, the vocabularies and
// tag names as attributes, and Moby-Dick's characters driving model.generate.
import * as assert from 'node:assert/strict';
import { TestKernel } from '../kernel/harness';

describe('datasets in cells: pos_tags, moby_dick, dates, cmudict', function () {
  this.timeout(120_000);
  let k: TestKernel;
  before(() => (k = new TestKernel()));
  after(async () => k.dispose());

  it('unpacks dates as ([encoder_input, decoder_input], decoder_target) pairs', () => {
    k.run('data = datasets.dates()\n(X_train, y_train), (X_test, y_test) = data');
    assert.equal(k.run('len(X_train)'), '2');
    assert.equal(k.run('X_train[0].shape'), '(9600, 35)');
    assert.equal(k.run('X_train[1].shape'), '(9600, 11)');
    assert.equal(k.run('y_train.shape'), '(9600, 11)');
    assert.equal(k.run('X_test[1].shape'), '(2400, 11)');
    assert.equal(k.run('data.target_tokens[:3]'), "['<pad>', '<start>', '<end>']");
    assert.equal(k.run('data.target_vocab_size'), '14');
    assert.equal(k.run("data.target_word_index['-']"), '3');
    assert.equal(k.run("data.tokens[data.word_index['M']]"), "'M'");
    assert.match(k.run('data'), /^<Dataset dates: train x \[\(9600, 35\), \(9600, 11\)\], y \(9600, 11\) int32; test x \[\(2400, 35\), \(2400, 11\)\]>$/);
  });

  it('gives cmudict the same layout, with phonemes as target tokens', () => {
    k.run('(X_train, y_train), (X_test, y_test) = datasets.cmudict(max_words=1000)');
    assert.equal(k.run('X_train[0].shape'), '(800, 14)');
    assert.equal(k.run('X_train[1].shape'), '(800, 15)');
    assert.equal(k.run("datasets.cmudict().target_tokens[3:6]"), "['AA', 'AE', 'AH']");
  });

  it('exposes the tag names and the baseline of pos_tags', () => {
    k.run('tags = datasets.pos_tags(max_len=40)\n(X_train, y_train), (X_test, y_test) = tags');
    assert.equal(k.run('X_train.shape'), '(3699, 40)');
    assert.equal(k.run('y_train.shape'), '(3699, 40)');
    assert.equal(k.run('tags.target_tokens'), "['<pad>', 'NOUN', 'VERB', 'ADJ', 'ADV', 'PRON', 'DET', 'ADP', 'NUM', 'CONJ', 'PRT', '.', 'X']");
    assert.equal(k.run('tags.vocab_size'), '10000');
    assert.equal(k.run("tags.word_index['<oov>']"), '1');
    const baseline = Number(k.run("tags.info['extra']['most_frequent_tag_accuracy']"));
    assert.ok(baseline > 0.9 && baseline < 0.95, String(baseline));
  });

  it('trains a character model on moby_dick and samples text with vocab=data.chars', () => {
    k.run(`data = datasets.moby_dick(seq_len=20, max_chars=20000)
(X_train, y_train), (X_test, y_test) = data
model = Sequential()
model.add(Embedding(data.vocab_size, 8))
model.add(SimpleRNN(16, return_sequences=True))
model.add(Dense(data.vocab_size, activation='softmax'))
model.compile(loss='sparse_categorical_crossentropy', optimizer='adam')
history = model.fit(X_train[:256], y_train[:256], epochs=1, batch_size=64, verbose=0)
text = model.generate('call me ', length=40, temperature=0.8, seed=1, vocab=data.chars)`);
    assert.equal(k.run('len(data.chars)'), '49');
    assert.equal(k.run('len(text)'), '40');
    k.run(`missing = 0
for ch in text:
    if data.chars.find(ch) < 0:
        missing = missing + 1`);
    assert.equal(k.run('missing'), '0', 'every sampled character decodes through data.chars');
    assert.ok(Number(k.run("history.history['loss'][0]")) < Math.log(49) + 0.5, 'one epoch starts near or below a uniform guess');
  });

  it('trains an encoder-decoder on dates straight from the loader: fit([encoder_input, decoder_input], decoder_target)', () => {
    k.run(`data = datasets.dates(max_samples=512)
(X_train, y_train), (X_test, y_test) = data
enc_in = Input(shape=(None,), dtype='int32')
dec_in = Input(shape=(None,), dtype='int32')
enc_out, h, c = LSTM(32, return_state=True)(Embedding(data.vocab_size, 16, mask_zero=True)(enc_in))
dec_seq = LSTM(32, return_sequences=True)(Embedding(data.target_vocab_size, 8)(dec_in), initial_state=[h, c])
model = Model([enc_in, dec_in], Dense(data.target_vocab_size, activation='softmax')(dec_seq))
model.compile(loss='sparse_categorical_crossentropy', optimizer=Adam(learning_rate=0.01), metrics=['accuracy'])
history = model.fit(X_train, y_train, epochs=3, batch_size=64, validation_data=(X_test, y_test), verbose=0)`);
    const accuracy = numbersOf(k.run("history.history['val_accuracy']"));
    assert.equal(accuracy.length, 3);
    // Digits and dashes sit at fixed places: even three short epochs beat a uniform guess over 14 ids.
    assert.ok(accuracy[2] > 0.3, `validation accuracy ${accuracy}`);
    console.log(`      dates, 512 pairs, 3 epochs: per-character validation accuracy ${accuracy.map((a) => a.toFixed(3)).join(' → ')}`);
  });
});

function numbersOf(text: string): number[] {
  return (JSON.parse(text) as number[]).map(Number);
}

