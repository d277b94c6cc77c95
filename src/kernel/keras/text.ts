// Keras text preprocessing in cells: Tokenizer (fit_on_texts, texts_to_sequences,
// sequences_to_texts, word_index) and pad_sequences, over the engine's implementations.
import { padSequences } from '../../engine/data/pad';
import { checkAllocation } from '../../keras/allocation';
import { Tokenizer } from '../../engine/data/tokenizer';
import { BoundArgs, HostClass, HostObject, NdArray, PyDict, PyException, PyList, Value, implementClass, implementFunction } from '../../language';
import { asKerasCall, isNone, items, toArray, toInt, toNumber, toStr } from './convert';
import { PAD_SEQUENCES, TOKENIZER, TO_CATEGORICAL } from '../../keras/text';

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

export const tokenizerClass: HostClass<KerasTokenizer> = implementClass<KerasTokenizer>(TOKENIZER, {
  construct: a => asKerasCall(() => new KerasTokenizer(new Tokenizer({
    numWords: isNone(a.num_words) ? null : toInt(a.num_words, 'num_words'),
    filters: toStr(a.filters, 'filters'), lower: a.lower === true, split: toStr(a.split, 'split'), charLevel: a.char_level === true,
    oovToken: isNone(a.oov_token) ? null : toStr(a.oov_token, 'oov_token'),
  }))),
  methods: {
    fit_on_texts: (self, a) => { self.tokenizer.fitOnTexts(texts(a.texts)); return null; },
    texts_to_sequences: (self, a) => new PyList(self.tokenizer.textsToSequences(texts(a.texts)).map(s => new PyList(s.map(i => BigInt(i))))),
    sequences_to_texts: (self, a) => new PyList(self.tokenizer.sequencesToTexts(sequences(a.sequences))),
  },
});

function padImpl(a: BoundArgs): Value {
  const dtype = toStr(a.dtype, 'dtype');
  if (dtype !== 'int32' && dtype !== 'float32') throw new PyException('ValueError', `pad_sequences: dtype must be 'int32' or 'float32', got '${dtype}'`);
  return asKerasCall(() => {
    const p = padSequences(sequences(a.sequences), {
      maxlen: isNone(a.maxlen) ? null : toInt(a.maxlen, 'maxlen'),
      dtype, padding: toStr(a.padding, 'padding') as 'pre' | 'post', truncating: toStr(a.truncating, 'truncating') as 'pre' | 'post', value: toNumber(a.value, 'value'),
    });
    return new NdArray(p.data, p.shape);
  });
}

export const padSequencesFunction = implementFunction(PAD_SEQUENCES, padImpl);

export const toCategoricalFunction = implementFunction(TO_CATEGORICAL, a => {
  const ids = toArray(a.y, 'y');
  // A loop, not Math.max(...ids): spreading millions of ids overflows the stack.
  let largest = 0;
  for (const v of ids.data) largest = Math.max(largest, Math.trunc(v));
  const C = isNone(a.num_classes) ? largest + 1 : toInt(a.num_classes, 'num_classes');
  checkAllocation(`to_categorical of ${ids.data.length.toLocaleString('en-US')} labels into ${C.toLocaleString('en-US')} classes`, ids.data.length * C, 4);
  const out = new Float32Array(ids.data.length * C);
  ids.data.forEach((raw, i) => {
    const v = Math.trunc(raw);
    if (v < 0 || v >= C) throw new PyException('IndexError', `class id ${v} is out of range for num_classes=${C}`);
    out[i * C + v] = 1;
  });
  // Keras drops a trailing axis of 1 first: labels [N, 1] give [N, C]; [N, T] gives [N, T, C].
  const shape = ids.shape.length > 1 && ids.shape[ids.shape.length - 1] === 1 ? ids.shape.slice(0, -1) : ids.shape;
  return new NdArray(out, [...shape, C]);
});
