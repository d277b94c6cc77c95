// Keras text preprocessing in cells: Tokenizer (fit_on_texts, texts_to_sequences,
// sequences_to_texts, word_index) and pad_sequences, over the engine's implementations.
import { padSequences } from '../../engine/data/pad';
import { Tokenizer } from '../../engine/data/tokenizer';
import { BoundArgs, HostClass, HostObject, NdArray, PyDict, PyException, PyFunction, PyList, Value } from '../../language';
import { isNone, items, toInt, toNumber, toStr } from './convert';
import { opt, req } from './params';

export class KerasTokenizer extends HostObject {
  readonly hostClass = tokenizerClass;
  constructor(readonly tokenizer: Tokenizer) {
    super();
  }
  override getAttribute(name: string): Value | undefined {
    if (name === 'word_index') return mapToDict(this.tokenizer.wordIndex, k => k, v => BigInt(v));
    if (name === 'index_word') return mapToDict(this.tokenizer.indexWord, k => BigInt(k), v => v);
    if (name === 'word_counts') return mapToDict(this.tokenizer.wordCounts, k => k, v => BigInt(v));
    if (name === 'document_count') return BigInt(this.tokenizer.documentCount);
    if (name === 'num_words') return this.tokenizer.numWords === null ? null : BigInt(this.tokenizer.numWords);
    return undefined;
  }
}

function mapToDict<K, V>(m: Map<K, V>, key: (k: K) => Value, value: (v: V) => Value): PyDict {
  const d = new PyDict();
  for (const [k, v] of m) d.set(key(k), value(v));
  return d;
}

function texts(v: Value): (string | string[])[] {
  return items(v, 'texts').map(t => (typeof t === 'string' ? t : items(t, 'a text').map(w => toStr(w, 'a token'))));
}

function sequences(v: Value): number[][] {
  if (v instanceof NdArray) return (v.toList() as PyList).items.map(row => (row as PyList).items.map(x => Number(x)));
  return items(v, 'sequences').map(s => (s instanceof NdArray ? [...s.data] : items(s, 'a sequence').map(x => toInt(x, 'a token id'))));
}

function wrap(f: () => Value): Value {
  try {
    return f();
  } catch (e) {
    if (e instanceof PyException) throw e;
    throw new PyException('ValueError', (e as Error).message);
  }
}

export const tokenizerClass: HostClass<KerasTokenizer> = new HostClass<KerasTokenizer>({
  name: 'Tokenizer',
  module: 'keras.preprocessing.text',
  doc: 'Turns texts into sequences of word (or character) ids, ranked by frequency from 1.',
  constructorSignature: {
    name: 'Tokenizer',
    params: [
      opt('num_words', null, ['int', 'None'], 'Keep only the num_words − 1 most frequent words in texts_to_sequences.'),
      opt('filters', '!"#$%&()*+,-./:;<=>?@[\\]^_`{|}~\t\n', ['str'], 'Characters removed from the texts.'),
      opt('lower', true, ['bool'], 'Lower-case the texts.'),
      opt('split', ' ', ['str'], 'Word separator.'),
      opt('char_level', false, ['bool'], 'Every character is a token.'),
      opt('oov_token', null, ['str', 'None'], 'Token for out-of-vocabulary words (gets id 1).'),
    ],
    doc: 'A Keras text tokenizer.',
  },
  construct: a => wrap(() => new KerasTokenizer(new Tokenizer({
    numWords: isNone(a.num_words) ? null : toInt(a.num_words, 'num_words'),
    filters: toStr(a.filters, 'filters'), lower: a.lower === true, split: toStr(a.split, 'split'), charLevel: a.char_level === true,
    oovToken: isNone(a.oov_token) ? null : toStr(a.oov_token, 'oov_token'),
  }))) as KerasTokenizer,
  attributes: {
    word_index: { doc: 'word → id, most frequent first (from 1).', type: 'dict' },
    index_word: { doc: 'id → word.', type: 'dict' },
    word_counts: { doc: 'word → count.', type: 'dict' },
    document_count: { doc: 'Number of texts seen.', type: 'int' },
  },
  methods: {
    fit_on_texts: {
      signature: { name: 'Tokenizer.fit_on_texts', params: [req('texts', ['list', 'tuple', 'ndarray'], 'The texts (strings, or lists of tokens).')], doc: 'Builds the vocabulary from the texts.' },
      call: (self, a) => { self.tokenizer.fitOnTexts(texts(a.texts)); return null; },
    },
    texts_to_sequences: {
      signature: { name: 'Tokenizer.texts_to_sequences', params: [req('texts', ['list', 'tuple'], 'The texts.')], doc: 'Each text as a list of word ids.' },
      call: (self, a) => new PyList(self.tokenizer.textsToSequences(texts(a.texts)).map(s => new PyList(s.map(i => BigInt(i))))),
    },
    sequences_to_texts: {
      signature: { name: 'Tokenizer.sequences_to_texts', params: [req('sequences', ['list', 'ndarray'], 'Lists of word ids.')], doc: 'Each sequence of ids as text.' },
      call: (self, a) => new PyList(self.tokenizer.sequencesToTexts(sequences(a.sequences))),
    },
  },
});

function padImpl(a: BoundArgs): Value {
  const dtype = toStr(a.dtype, 'dtype');
  if (dtype !== 'int32' && dtype !== 'float32') throw new PyException('ValueError', `pad_sequences: dtype must be 'int32' or 'float32', got '${dtype}'`);
  return wrap(() => {
    const p = padSequences(sequences(a.sequences), {
      maxlen: isNone(a.maxlen) ? null : toInt(a.maxlen, 'maxlen'),
      dtype, padding: toStr(a.padding, 'padding') as 'pre' | 'post', truncating: toStr(a.truncating, 'truncating') as 'pre' | 'post', value: toNumber(a.value, 'value'),
    });
    return new NdArray(p.data as Int32Array | Float32Array, p.shape);
  });
}

export const padSequencesFunction = new PyFunction({
  name: 'pad_sequences',
  params: [
    req('sequences', ['list', 'ndarray'], 'Lists of token ids.'),
    opt('maxlen', null, ['int', 'None'], 'Length of every row (default: the longest sequence).'),
    opt('dtype', 'int32', ['str'], "'int32' or 'float32'.", ['int32', 'float32']),
    opt('padding', 'pre', ['str'], "Pad at the start ('pre') or the end ('post').", ['pre', 'post']),
    opt('truncating', 'pre', ['str'], "Cut long sequences at the start ('pre') or the end ('post').", ['pre', 'post']),
    opt('value', 0.0, ['float'], 'Padding value.'),
  ],
  doc: 'Pads (or truncates) sequences to one length: a [samples, maxlen] array.',
}, padImpl);

export const toCategoricalFunction = new PyFunction({
  name: 'to_categorical',
  params: [req('y', ['list', 'ndarray'], 'Class ids.'), opt('num_classes', null, ['int', 'None'], 'Number of classes (default: max id + 1).')],
  doc: 'One-hot encodes class ids: [..., num_classes] float32.',
}, a => {
  const ids = a.y instanceof NdArray ? a.y : NdArray.fromNested(sequences(new PyList([a.y]))[0], 'int32');
  const values = [...ids.data].map(v => Math.trunc(v));
  const C = isNone(a.num_classes) ? Math.max(0, ...values) + 1 : toInt(a.num_classes, 'num_classes');
  const out = new Float32Array(values.length * C);
  values.forEach((v, i) => {
    if (v < 0 || v >= C) throw new PyException('IndexError', `class id ${v} is out of range for num_classes=${C}`);
    out[i * C + v] = 1;
  });
  return new NdArray(out, [...ids.shape, C]);
});
