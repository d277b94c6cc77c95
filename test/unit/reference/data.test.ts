import * as assert from 'assert';
import { Batcher, gatherSamples, padSequences, textToWordSequence, Tokenizer, toRows, trainValidationSplit } from '../../../src/engine/data';

describe('data/pad_sequences (Keras documented examples)', () => {
  const sequence = [[1], [2, 3], [4, 5, 6]];

  it('default: pre-padding with 0, int32', () => {
    const p = padSequences(sequence);
    assert.deepStrictEqual(p.shape, [3, 3]);
    assert.ok(p.data instanceof Int32Array);
    assert.deepStrictEqual(toRows(p), [[0, 0, 1], [0, 2, 3], [4, 5, 6]]);
  });

  it('value=-1', () => {
    assert.deepStrictEqual(toRows(padSequences(sequence, { value: -1 })), [[-1, -1, 1], [-1, 2, 3], [4, 5, 6]]);
  });

  it("padding='post'", () => {
    assert.deepStrictEqual(toRows(padSequences(sequence, { padding: 'post' })), [[1, 0, 0], [2, 3, 0], [4, 5, 6]]);
  });

  it('maxlen=2 truncates at the front by default', () => {
    assert.deepStrictEqual(toRows(padSequences(sequence, { maxlen: 2 })), [[0, 1], [2, 3], [5, 6]]);
  });

  it("truncating='post', padding='post', longer maxlen, float dtype", () => {
    assert.deepStrictEqual(toRows(padSequences(sequence, { maxlen: 2, truncating: 'post' })), [[0, 1], [2, 3], [4, 5]]);
    const f = padSequences([[1.5], []], { maxlen: 3, padding: 'post', dtype: 'float32', value: 0.25 });
    assert.ok(f.data instanceof Float32Array);
    assert.deepStrictEqual(toRows(f), [[1.5, 0.25, 0.25], [0.25, 0.25, 0.25]]);
    // int32 truncates like a NumPy cast
    assert.deepStrictEqual(toRows(padSequences([[2.7]], { maxlen: 2, value: 0.5 })), [[0, 2]]);
  });

  it('sequences of feature vectors give [N, maxlen, F]', () => {
    const p = padSequences([[[1, 2]], [[3, 4], [5, 6]]], { dtype: 'float64' });
    assert.deepStrictEqual(p.shape, [2, 2, 2]);
    assert.deepStrictEqual(Array.from(p.data), [0, 0, 1, 2, 3, 4, 5, 6]);
  });

  it('rejects unknown padding/truncating modes', () => {
    assert.throws(() => padSequences(sequence, { padding: 'mid' as never }), /Padding type "mid" not understood/);
    assert.throws(() => padSequences(sequence, { truncating: 'x' as never }), /Truncating type "x" not understood/);
  });
});

describe('data/Tokenizer (keras.preprocessing.text)', () => {
  it('text_to_word_sequence filters punctuation, lowercases, drops empties', () => {
    assert.deepStrictEqual(textToWordSequence('Hello,  World!\tIt\'s me.'), ['hello', 'world', "it's", 'me']);
  });

  // The TensorFlow "NLP Zero to Hero" example, whose printed outputs are well known.
  const sentences = ['I love my dog', 'I love my cat', 'You love my dog!'];

  it('word_index ranks by count with ties in first-seen order; oov takes index 1', () => {
    const tok = new Tokenizer({ numWords: 100, oovToken: '<OOV>' });
    tok.fitOnTexts(sentences);
    assert.deepStrictEqual(tok.wordIndexObject(), { '<OOV>': 1, love: 2, my: 3, i: 4, dog: 5, cat: 6, you: 7 });
    assert.deepStrictEqual(tok.textsToSequences(['i really love my dog', 'my dog loves my manatee']), [[4, 1, 2, 3, 5], [3, 5, 1, 3, 1]]);
    assert.strictEqual(tok.indexWord.get(5), 'dog');
    assert.strictEqual(tok.documentCount, 3);
    assert.strictEqual(tok.wordDocs.get('love'), 3);
    assert.strictEqual(tok.indexDocs.get(2), 3);
  });

  it('without oov_token unknown words are dropped', () => {
    const tok = new Tokenizer();
    tok.fitOnTexts(sentences);
    assert.deepStrictEqual(tok.wordIndexObject(), { love: 1, my: 2, i: 3, dog: 4, cat: 5, you: 6 });
    assert.deepStrictEqual(tok.textsToSequences(['i really love my dog']), [[3, 1, 2, 4]]);
  });

  it('num_words keeps only indices below num_words (word_index stays full)', () => {
    const tok = new Tokenizer({ numWords: 3 });
    tok.fitOnTexts(sentences);
    assert.strictEqual(tok.wordIndex.size, 6);
    assert.deepStrictEqual(tok.textsToSequences(['I love my dog']), [[1, 2]]);
    const withOov = new Tokenizer({ numWords: 3, oovToken: '<OOV>' });
    withOov.fitOnTexts(sentences);
    assert.deepStrictEqual(withOov.textsToSequences(['I love my dog']), [[1, 2, 1, 1]]);
    assert.deepStrictEqual(withOov.sequencesToTexts([[1, 2, 3, 4]]), ['<OOV> love <OOV> <OOV>']);
  });

  it('sequences_to_texts inverts texts_to_sequences for known words', () => {
    const tok = new Tokenizer({ oovToken: '<OOV>' });
    tok.fitOnTexts(sentences);
    assert.deepStrictEqual(tok.sequencesToTexts(tok.textsToSequences(['You love my cat, zebra'])), ['you love my cat <OOV>']);
    assert.deepStrictEqual(tok.sequencesToTexts([[0, 99, 2]]), ['<OOV> <OOV> love']);
  });

  it('char_level ignores filters; lower still applies; texts join with spaces', () => {
    const tok = new Tokenizer({ charLevel: true });
    tok.fitOnTexts(['Hello!']);
    assert.deepStrictEqual(tok.wordIndexObject(), { l: 1, h: 2, e: 3, o: 4, '!': 5 });
    assert.deepStrictEqual(tok.textsToSequences(['hole']), [[2, 4, 1, 3]]);
    assert.deepStrictEqual(tok.sequencesToTexts([[2, 3]]), ['h e']);
  });

  it('custom split and lower=false; lists of tokens are taken as is', () => {
    const tok = new Tokenizer({ split: ',', lower: false, filters: '' });
    tok.fitOnTexts(['A,b,,A', ['c', 'A']]);
    assert.deepStrictEqual(tok.wordIndexObject(), { A: 1, b: 2, c: 3 });
    assert.strictEqual(tok.vocabularySize(), 4);
  });
});

describe('data/batching and validation_split', () => {
  it('validation_split takes the last fraction, floor(N·(1−split)) training samples', () => {
    const s = trainValidationSplit(10, 0.25);
    assert.deepStrictEqual(Array.from(s.train), [0, 1, 2, 3, 4, 5, 6]);
    assert.deepStrictEqual(Array.from(s.validation), [7, 8, 9]);
    assert.strictEqual(trainValidationSplit(10, 0.2).train.length, 8);
    assert.strictEqual(trainValidationSplit(10, 0).validation.length, 0);
    assert.throws(() => trainValidationSplit(1, 0.5), /not sufficient/);
    assert.throws(() => trainValidationSplit(10, 1), /\[0, 1\)/);
  });

  it('batches cover every sample once, the last one partial; ceil(N/B) batches', () => {
    const b = new Batcher(10, { batchSize: 4, seed: 1 });
    assert.strictEqual(b.numBatches, 3);
    const batches = b.epochBatches(0);
    assert.deepStrictEqual(batches.map((x) => x.length), [4, 4, 2]);
    assert.deepStrictEqual(batches.flatMap((x) => Array.from(x)).sort((p, q) => p - q), [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    const drop = new Batcher(10, { batchSize: 4, dropRemainder: true });
    assert.deepStrictEqual(drop.epochBatches(0).map((x) => x.length), [4, 4]);
  });

  it('shuffles per epoch, reproducibly from (seed, epoch); shuffle=false keeps order', () => {
    const a = new Batcher(50, { seed: 'run-1' }), b = new Batcher(50, { seed: 'run-1' });
    assert.deepStrictEqual(a.epochOrder(3), b.epochOrder(3));
    assert.notDeepStrictEqual(a.epochOrder(0), a.epochOrder(1));
    assert.notDeepStrictEqual(a.epochOrder(0), new Batcher(50, { seed: 'run-2' }).epochOrder(0));
    assert.deepStrictEqual(Array.from(new Batcher(5, { shuffle: false }).epochOrder(7)), [0, 1, 2, 3, 4]);
    // restricted to the training split
    const split = trainValidationSplit(20, 0.25);
    const t = new Batcher(split.train, { batchSize: 6, seed: 4 });
    for (const batch of t.epochBatches(0)) for (const i of batch) assert.ok(i < 15);
    assert.throws(() => new Batcher(5, { batchSize: 0 }), /positive integer/);
  });

  it('gatherSamples picks rows of any rank and keeps the array type', () => {
    const x = { shape: [3, 2, 2], data: Float32Array.from([0, 1, 2, 3, 10, 11, 12, 13, 20, 21, 22, 23]) };
    const g = gatherSamples(x, [2, 0]);
    assert.deepStrictEqual(g.shape, [2, 2, 2]);
    assert.ok(g.data instanceof Float32Array);
    assert.deepStrictEqual(Array.from(g.data), [20, 21, 22, 23, 0, 1, 2, 3]);
    assert.throws(() => gatherSamples(x, [3]), /outside/);
  });
});
