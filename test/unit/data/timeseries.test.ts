// The shipped series and their windowing: values, chronological split, scaler round trip.
import * as assert from 'assert';
import { Dataset, invertScaler, loadDataset } from '../../../src/engine/data/datasets';
import { ctx, maxOf, row } from './helpers';

describe('datasets: time series', () => {
  describe('airline_passengers', () => {
    let d: Dataset;
    before(() => (d = loadDataset('airline_passengers', {}, ctx)));
    const raw = () => Array.from(d.series!.data);

    it('ships the 144 monthly values, Jan 1949 = 112 … Dec 1960 = 432, total 40,363', () => {
      const v = raw();
      assert.strictEqual(v.length, 144);
      assert.deepStrictEqual([v[0], v[11], v[143], Math.max(...v), Math.min(...v)], [112, 118, 432, 622, 104]);
      assert.strictEqual(v.reduce((a, b) => a + b, 0), 40363);
    });

    it('windows 12 months → the next month, split in time at 80%', () => {
      const [x, y] = d.train;
      assert.deepStrictEqual(x.shape, [144 - 28 - 12, 12, 1]);
      assert.deepStrictEqual(y.shape, [104]);
      assert.deepStrictEqual(d.test[0].shape, [28, 12, 1]);
      assert.strictEqual(d.info.extra!.test_start, 116);
      const v = raw();
      const back = (a: number[]) => a.map((s) => Math.round(invertScaler(d.scaler!, s)));
      // Train target k is month 12 + k; test target k is month 116 + k.
      for (let k = 0; k < 104; k++) {
        assert.deepStrictEqual(back(row(x, k)), v.slice(k, k + 12));
        assert.strictEqual(back([y.data[k]])[0], v[12 + k]);
      }
      for (let k = 0; k < 28; k++) {
        assert.deepStrictEqual(back(row(d.test[0], k)), v.slice(104 + k, 116 + k));
        assert.strictEqual(back([d.test[1].data[k]])[0], v[116 + k]);
      }
    });

    it('fits the min-max scaler on the training months only', () => {
      const train = raw().slice(0, 116);
      assert.deepStrictEqual(d.scaler, { kind: 'minmax', offset: Math.min(...train), scale: Math.max(...train) - Math.min(...train) });
      assert.ok(maxOf(d.test[1].data) > 1, 'the growing series leaves the training range');
      assert.ok(-maxOf(d.train[0].data.map((v) => -v)) === 0);
    });

    it('supports horizon, standard and unscaled variants', () => {
      const h3 = loadDataset('airline_passengers', { horizon: 3, scale: 'none' }, ctx);
      assert.deepStrictEqual(row(h3.train[0], 0), raw().slice(0, 12));
      assert.strictEqual(h3.train[1].data[0], raw()[14]);
      const std = loadDataset('airline_passengers', { scale: 'standard' }, ctx);
      assert.strictEqual(std.scaler!.kind, 'standard');
      assert.ok(Math.abs(invertScaler(std.scaler!, std.train[1].data[0]) - raw()[12]) < 1e-3);
      assert.throws(() => loadDataset('airline_passengers', { window: 120 }, ctx), /no training windows/);
    });
  });

  describe('sunspots', () => {
    it('ships 309 yearly values 1700–2008 and windows them like airline', () => {
      const d = loadDataset('sunspots', { scale: 'none' }, ctx);
      const v = Array.from(d.series!.data);
      assert.strictEqual(v.length, 309);
      assert.deepStrictEqual([v[0], v[49], v[257], v[308]].map((x) => Math.fround(x)), [5, 80.9, 190.2, 2.9].map(Math.fround));
      assert.strictEqual(d.info.extra!.start, '1700');
      assert.strictEqual(d.test[0].shape[0], Math.floor(309 * 0.2));
      assert.strictEqual(d.train[1].data[0], v[11]);
    });
  });
});
