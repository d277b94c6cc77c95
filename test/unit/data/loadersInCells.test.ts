// The melody and question-answering loaders as cells use them: unpacking, vocabularies, a short
// training run, and a melody generated from one starting note decoded back to notes.
import * as assert from 'node:assert/strict';
import { TestKernel } from '../kernel/harness';

describe('datasets.melodies and datasets.babi_qa in cells', function () {
  this.timeout(300_000);
  let k: TestKernel;
  beforeEach(() => (k = new TestKernel()));
  afterEach(async () => k.dispose());

  it('trains a note model and generates a melody from a starting note that decodes to (midi, beats)', () => {
    k.run(`data = datasets.melodies(seq_len=8, step=2, transpose=False)
(X_train, y_train), (X_test, y_test) = data
V = data.vocab_size
model = Sequential()
model.add(Embedding(V, 16, mask_zero=True))
model.add(LSTM(32, return_sequences=True))
model.add(Dense(V, activation='softmax'))
model.compile(loss='sparse_categorical_crossentropy', optimizer='adam')
history = model.fit(X_train, y_train, epochs=4, batch_size=32, verbose=0)`);
    assert.equal(k.run('X_train.shape[1:] == y_train.shape[1:] == (8,)'), 'True');
    assert.equal(k.run('data.notes[data.word_index["C4:1"]]'), '(60, 1.0)');
    assert.equal(k.run('data.notes[0]'), '');
    const losses = JSON.parse(k.run('history.history["loss"]')) as number[];
    assert.ok(losses[3] < losses[0] - 0.3, `loss ${losses}`);
    k.run(`start = data.word_index["C4:1"]
ids = model.generate(start, length=24, temperature=0.7, seed=3)
melody = []
for i in ids:
    note = data.notes[i]
    if note is not None:
        melody.append([-1 if note[0] is None else note[0], note[1]])`);
    const melody = JSON.parse(k.run('melody')) as [number, number][];
    assert.equal(melody.length, 24, 'no padding token sampled');
    for (const [midi, beats] of melody) {
      assert.ok(midi === -1 || (midi >= 48 && midi <= 84), `midi ${midi}`);
      assert.ok([0.25, 0.5, 0.75, 1, 1.5, 2, 2.5, 3, 4].includes(beats), `beats ${beats}`);
    }
  });

  it('unpacks babi_qa as ([story, question], answer) and trains a Sequential on single_input=True', () => {
    k.run('(X_train, y_train), (X_test, y_test) = datasets.babi_qa(task=1, samples=200)');
    assert.equal(k.run('len(X_train)'), '2');
    assert.equal(k.run('(X_train[0].shape, X_train[1].shape, y_train.shape)'), '((160, 36), (160, 3), (160,))');
    k.run(`data = datasets.babi_qa(task=1, samples=600, single_input=True)
(X_train, y_train), (X_test, y_test) = data
V = data.vocab_size
model = Sequential()
model.add(Embedding(V, 16, mask_zero=True))
model.add(LSTM(32))
model.add(Dense(V, activation='softmax'))
model.compile(loss='sparse_categorical_crossentropy', optimizer='adam', metrics=['accuracy'])
history = model.fit(X_train, y_train, epochs=3, batch_size=32, verbose=0)`);
    assert.equal(k.run('X_train.shape'), '(480, 40)');
    assert.equal(k.run("data.tokenizer.texts_to_sequences(['Where is Mary?'])[0] == [data.word_index['where'], data.word_index['is'], data.word_index['mary']]"), 'True');
    const losses = JSON.parse(k.run('history.history["loss"]')) as number[];
    assert.ok(losses[2] < losses[0], `loss ${losses}`);
  });
});
