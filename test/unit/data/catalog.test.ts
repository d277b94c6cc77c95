// The loader interface: declarations, argument checking, shapes and dtypes, seeds, file access.
import * as assert from 'assert';
import { DATASET_CATALOG, Dataset, loadDataset, nodeDataFiles, product, resolveParams } from '../../../src/engine/data/datasets';
import { DATA_DIR, bytesEqual, ctx } from './helpers';

/** Small arguments per loader so the whole catalog loads quickly. */
const SMALL: Record<string, Record<string, unknown>> = {
  sentiment: { max_vocab: 1000, max_len: 20 },
  airline_passengers: {},
  sunspots: {},
  adding: { n_train: 50, n_test: 20, T: 12 },
  copy_task: { n_train: 50, n_test: 20, T: 4, delay: 3 },
  parity: { n_train: 50, n_test: 20, T: 6 },
  noisy_sines: { n_train: 50, n_test: 20, T: 16 },
  melodies: { seq_len: 8, step: 4, transpose: false },
  babi_qa: { samples: 60, story_len: 4 },
  pos_tags: { max_len: 20, max_vocab: 2000 },
  moby_dick: { seq_len: 20, max_chars: 5000 },
  dates: { max_samples: 400 },
  cmudict: { max_words: 300 },
};

function seeded(name: string): boolean {
  return DATASET_CATALOG.find((e) => e.name === name)!.params.some((p) => p.name === 'seed');
}

describe('datasets: catalog and interface', () => {
  it('declares every loader once, with documented parameters and return shapes', () => {
    const names = DATASET_CATALOG.map((e) => e.name);
    assert.deepStrictEqual([...new Set(names)], names);
    assert.deepStrictEqual([...names].sort(), Object.keys(SMALL).sort());
    for (const e of DATASET_CATALOG) {
      assert.ok(/^[a-z_]+$/.test(e.name), e.name);
      assert.ok(e.doc.length > 40 && e.returns.length > 20, `${e.name} needs doc and returns`);
      for (const p of e.params) {
        assert.ok(p.doc.length > 10, `${e.name}.${p.name} needs a doc`);
        assert.doesNotThrow(() => resolveParams(e, { [p.name]: p.default }), `${e.name}.${p.name} default must pass its own checks`);
      }
    }
  });

  it('states the signatures the brief asks for', () => {
    const sig = (name: string) => Object.fromEntries(DATASET_CATALOG.find((e) => e.name === name)!.params.map((p) => [p.name, p.default]));
    assert.deepStrictEqual(sig('sentiment'), { max_vocab: 10000, max_len: 100, test_split: 0.2, seed: 0, sources: ['imdb', 'amazon', 'yelp'] });
    assert.deepStrictEqual(sig('adding'), { n_train: 2000, n_test: 500, T: 50, seed: 0 });
    assert.deepStrictEqual(sig('airline_passengers'), { window: 12, horizon: 1, test_split: 0.2, scale: 'minmax' });
  });

  it('rejects unknown arguments, wrong types, out-of-range values and unknown choices', () => {
    assert.throws(() => loadDataset('adding', { n_trian: 5 }), /unexpected argument 'n_trian'/);
    assert.throws(() => loadDataset('adding', { T: 2.5 }), /'T' must be an integer/);
    assert.throws(() => loadDataset('adding', { n_train: 0 }), /'n_train' must be ≥ 1/);
    assert.throws(() => loadDataset('airline_passengers', { scale: 'log' }, ctx), /'scale' must be one of 'minmax'/);
    assert.throws(() => loadDataset('sentiment', { sources: ['imdb', 'twitter'] }, ctx), /'sources' must be one of/);
    assert.throws(() => loadDataset('mnist'), /no loader 'mnist'/);
  });

  it('accepts Python ints as the kernel passes them (bigint)', () => {
    const d = loadDataset('adding', { n_train: 3n, n_test: 2n, T: 8n, seed: 1n });
    assert.deepStrictEqual(d.train[0].shape, [3, 8, 2]);
    assert.strictEqual(resolveParams(DATASET_CATALOG.find((e) => e.name === 'noisy_sines')!, { noise: 0n }).noise, 0);
  });

  it('says so when a file-backed loader gets no data directory', () => {
    assert.throws(() => loadDataset('sentiment', {}), /reads shipped data files, but no data directory was given/);
  });

  it('reads files only inside the data directory', () => {
    const files = nodeDataFiles(DATA_DIR);
    assert.ok(files('timeseries/airline.json').includes('airline_passengers'));
    assert.throws(() => files('../../package.json'), /outside/);
  });

  for (const [name, args] of Object.entries(SMALL)) {
    describe(name, () => {
      let d: Dataset;
      before(() => (d = loadDataset(name, args, ctx)));

      it('returns (x, y) pairs whose data fit their shapes, with the documented dtypes', () => {
        for (const [x, y] of [d.train, d.test]) {
          for (const a of [x, y]) {
            assert.strictEqual(a.data.length, product(a.shape));
            assert.strictEqual(a.dtype, a.data instanceof Float32Array ? 'float32' : 'int32');
          }
          assert.strictEqual(x.shape[0], y.shape[0], 'x and y have the same number of rows');
        }
        assert.strictEqual(d.train[0].shape.slice(1).join(), d.test[0].shape.slice(1).join(), 'train and test rows have one shape');
        assert.strictEqual(d.info.name, name);
        assert.ok(d.train[0].shape[0] > 0 && d.test[0].shape[0] > 0);
      });

      it('is deterministic: the same arguments give byte-identical arrays', () => {
        const again = loadDataset(name, args, ctx);
        for (const k of ['train', 'test'] as const) for (const i of [0, 1]) assert.ok(bytesEqual(d[k][i], again[k][i]), `${k}[${i}]`);
      });

      if (seeded(name)) {
        it('gives different data for a different seed', () => {
          const other = loadDataset(name, { ...args, seed: 1 }, ctx);
          assert.ok(!bytesEqual(d.train[0], other.train[0]));
        });
      }
    });
  }
});
