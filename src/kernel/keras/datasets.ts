// datasets.*: the loaders declared in src/keras/datasets (DATASET_ENTRIES; the engine loads them),
// exposed as methods of one `datasets` object with signatures from their declarations. What
// a loader returns unpacks like Keras's ((x_train, y_train), (x_test, y_test)) and also has
// .vocabulary, .word_index, .tokenizer, .info.
import { DataArray, Dataset, DataFiles, loadDataset } from '../../engine/data/datasets';
import { DATASET_ENTRIES } from '../../keras/datasets';
import { DATASETS } from '../../keras/unroll';
import { HostClass, HostObject, MethodImpl, NdArray, PyDict, PyException, PyList, PyTuple, Value, implementClass } from '../../language';
import { asKerasCall, toPy } from './convert';
import { KerasTokenizer } from './text';

export interface LoadedDataset {
  readonly name: string;
  readonly args: Readonly<Record<string, unknown>>;
  readonly dataset: Dataset;
}

function toNd(a: DataArray): NdArray {
  return new NdArray(a.data, [...a.shape]);
}

const datasetResultClass: HostClass<DatasetResult> = new HostClass<DatasetResult>({
  name: 'Dataset',
  module: 'unroll.datasets',
  doc: 'A loaded data set: unpacks as ((x_train, y_train), (x_test, y_test)).',
  attributes: {
    train: { doc: '(x_train, y_train)', type: 'tuple' },
    test: { doc: '(x_test, y_test)', type: 'tuple' },
    word_index: { doc: 'word → id of the tokenizer (text data sets).', type: 'dict' },
    vocab_size: { doc: 'The Embedding input_dim that fits the ids (text data sets).', type: 'int' },
    tokens: { doc: 'The token of each input id, in id order (text data sets).', type: 'list' },
    target_word_index: { doc: 'token → id on the output side (tags, phonemes, ISO date characters).', type: 'dict' },
    target_vocab_size: { doc: 'How many output ids there are: the units of the final Dense.', type: 'int' },
    target_tokens: { doc: 'The token of each output id, in id order: decodes predictions (tag names, phonemes).', type: 'list' },
    chars: { doc: "The characters in id order (character data sets): model.generate(start, vocab=data.chars).", type: 'str' },
    tokenizer: { doc: 'The fitted Tokenizer (text data sets).', type: 'Tokenizer' },
    info: { doc: 'Name, description, source, licence and the parameters used.', type: 'dict' },
    series: { doc: 'The whole raw series (time-series data sets).', type: 'ndarray' },
    notes: { doc: 'Melody sets: notes[id] is the (midi, beats) a note token stands for (midi None for a rest, None for 0), to draw generated ids as a piano roll.', type: 'list' },
  },
});

class DatasetResult extends HostObject {
  readonly hostClass = datasetResultClass;
  constructor(readonly dataset: Dataset) {
    super();
  }
  private pair(which: 'train' | 'test'): PyTuple {
    const [x, y] = this.dataset[which];
    const inputs = this.dataset.multiInputs?.[which];
    return new PyTuple([inputs ? new PyList(inputs.map(toNd)) : toNd(x), toNd(y)]);
  }
  override length(): number {
    return 2;
  }
  override *iterate(): Iterator<Value> {
    yield this.pair('train');
    yield this.pair('test');
  }
  override getItem(key: Value): Value {
    const i = typeof key === 'bigint' ? Number(key) : NaN;
    if (i === 0 || i === -2) return this.pair('train');
    if (i === 1 || i === -1) return this.pair('test');
    throw new PyException('IndexError', 'a data set has two entries: (x_train, y_train) and (x_test, y_test)');
  }
  override getAttribute(name: string): Value | undefined {
    const d = this.dataset;
    switch (name) {
      case 'train': return this.pair('train');
      case 'test': return this.pair('test');
      case 'word_index': return d.vocabulary ? toPyInts(d.vocabulary.wordIndex) : null;
      case 'vocab_size': return d.vocabulary ? BigInt(d.vocabulary.size) : null;
      case 'tokens': return d.vocabulary?.tokens ? new PyList([...d.vocabulary.tokens]) : null;
      case 'target_word_index': return d.targetVocabulary ? toPyInts(d.targetVocabulary.wordIndex) : null;
      case 'target_vocab_size': return d.targetVocabulary ? BigInt(d.targetVocabulary.size) : null;
      case 'target_tokens': return d.targetVocabulary?.tokens ? new PyList([...d.targetVocabulary.tokens]) : null;
      case 'chars': return d.characters ?? null;
      case 'tokenizer': return d.tokenizer ? new KerasTokenizer(d.tokenizer) : null;
      case 'info': return toPy(d.info);
      case 'series': return d.series ? toNd(d.series) : null;
      case 'notes': return d.notes ? new PyList(d.notes.map(n => (n ? new PyTuple([n[0] === null ? null : BigInt(n[0]), n[1]]) : null))) : null;
      default: return undefined;
    }
  }
  override repr(): string {
    const [x, y] = this.dataset.train;
    const [tx] = this.dataset.test;
    const multi = this.dataset.multiInputs;
    const shapes = (arrays: readonly DataArray[]) => `[${arrays.map(a => `(${a.shape.join(', ')})`).join(', ')}]`;
    const trainX = multi ? shapes(multi.train) : `(${x.shape.join(', ')}) ${x.dtype}`;
    const testX = multi ? shapes(multi.test) : `(${tx.shape.join(', ')})`;
    return `<Dataset ${this.dataset.info.name}: train x ${trainX}, y (${y.shape.join(', ')}) ${y.dtype}; test x ${testX}>`;
  }
}

function toPyInts(m: Readonly<Record<string, number>>): PyDict {
  const d = new PyDict();
  for (const [k, v] of Object.entries(m)) d.set(k, BigInt(v));
  return d;
}

function argOf(v: Value): unknown {
  if (v instanceof PyList || v instanceof PyTuple) return v.items.map(argOf);
  return v;
}

const methods: Record<string, MethodImpl<DatasetsModule>> = Object.fromEntries(DATASET_ENTRIES.map(entry => [entry.name,
  (self: DatasetsModule, a: Record<string, Value>) => {
    const args = Object.fromEntries(Object.entries(a).map(([k, v]) => [k, argOf(v)]));
    const dataset = asKerasCall(() => loadDataset(entry.name, args, { files: self.files }));
    self.loaded.push({ name: entry.name, args, dataset });
    return new DatasetResult(dataset);
  },
]));

const datasetsClass: HostClass<DatasetsModule> = implementClass<DatasetsModule>(DATASETS, { methods });

export class DatasetsModule extends HostObject {
  readonly hostClass = datasetsClass;
  /** Every data set loaded, with its arguments: the Keras 3 export writes them for its loader. */
  readonly loaded: LoadedDataset[] = [];
  /** `files`: the reader for the shipped files in media/data (KernelContext.dataFiles). */
  constructor(readonly files: DataFiles | undefined) {
    super();
  }
  override repr(): string {
    return `<module 'datasets' (${DATASET_ENTRIES.map(e => e.name).join(', ')})>`;
  }
}
