// The generated tasks, each checked against its definition, plus split independence.
import * as assert from 'assert';
import { ADDING_BASELINE_MSE, loadDataset } from '../../../src/engine/data/datasets';
import { bytesEqual, maxOf, mean, row, rowKeys } from './helpers';

describe('datasets: synthetic tasks', () => {
  describe('adding', () => {
    const d = loadDataset('adding', { n_train: 20000, n_test: 500, T: 30, seed: 3 });
    const [x, y] = d.train;

    it('has x [N, T, 2] float32 and y [N] float32', () => {
      assert.deepStrictEqual(x.shape, [20000, 30, 2]);
      assert.deepStrictEqual(y.shape, [20000]);
      assert.deepStrictEqual(d.test[0].shape, [500, 30, 2]);
    });

    it('marks exactly two steps, one in each half, and y is the sum of their values', () => {
      for (let n = 0; n < 2000; n++) {
        const r = row(x, n);
        const marked = [...Array(30).keys()].filter((t) => r[2 * t + 1] === 1);
        assert.ok(r.every((v, k) => (k % 2 ? v === 0 || v === 1 : v >= 0 && v < 1)));
        assert.strictEqual(marked.length, 2);
        assert.ok(marked[0] < 15 && marked[1] >= 15, `markers ${marked}`);
        assert.strictEqual(y.data[n], Math.fround(r[2 * marked[0]] + r[2 * marked[1]]));
      }
    });

    it('has the baseline MSE of always predicting 1 at ≈ 0.167', () => {
      let sq = 0;
      for (const v of y.data) sq += (v - 1) ** 2;
      const mse = sq / y.data.length;
      assert.ok(Math.abs(mse - 0.1667) < 0.006, `baseline MSE ${mse}`);
      assert.ok(Math.abs(mse - ADDING_BASELINE_MSE) < 0.006);
      assert.strictEqual(d.info.extra!.baseline_mse, ADDING_BASELINE_MSE);
    });

    it('keeps the test set fixed when n_train changes, and shares no sequence with it', () => {
      const other = loadDataset('adding', { n_train: 10, n_test: 500, T: 30, seed: 3 });
      assert.ok(bytesEqual(other.test[0], d.test[0]));
      const train = rowKeys(d.train[0]);
      assert.ok([...rowKeys(d.test[0])].every((k) => !train.has(k)));
    });
  });

  describe('copy_task', () => {
    const T = 5, delay = 7, S = 6;
    const d = loadDataset('copy_task', { n_train: 300, n_test: 100, T, n_symbols: S, delay, seed: 2 });
    const L = 2 * T + delay;

    it('has x and y int32 [N, 2T + delay]', () => {
      for (const a of [...d.train, ...d.test]) {
        assert.strictEqual(a.dtype, 'int32');
        assert.strictEqual(a.shape[1], L);
      }
      assert.strictEqual(d.train[0].shape[0], 300);
      assert.strictEqual(d.info.extra!.input_vocabulary, S + 2);
      assert.strictEqual(d.info.extra!.output_classes, S + 1);
    });

    it('targets equal the inputs delayed by T + delay, blank before; the go marker ends the delay', () => {
      for (const [x, y] of [d.train, d.test]) {
        for (let n = 0; n < x.shape[0]; n++) {
          const xr = row(x, n), yr = row(y, n);
          for (let t = 0; t < L; t++) assert.strictEqual(yr[t], t >= T + delay ? xr[t - T - delay] : 0, `row ${n} step ${t}`);
          assert.ok(xr.slice(0, T).every((s) => s >= 1 && s <= S));
          assert.deepStrictEqual(xr.slice(T), [...new Array<number>(delay - 1).fill(0), S + 1, ...new Array<number>(T).fill(0)]);
        }
      }
    });

    it('uses every symbol', () => {
      const seen = new Set(Array.from(d.train[0].data).filter((v) => v >= 1 && v <= S));
      assert.strictEqual(seen.size, S);
    });
  });

  describe('parity', () => {
    const d = loadDataset('parity', { n_train: 3000, n_test: 200, T: 9, seed: 5 });

    it('labels each bit string with its parity', () => {
      for (const [x, y] of [d.train, d.test]) {
        assert.deepStrictEqual(x.shape.slice(1), [9, 1]);
        for (let n = 0; n < x.shape[0]; n++) {
          const bits = row(x, n);
          assert.ok(bits.every((b) => b === 0 || b === 1));
          assert.strictEqual(y.data[n], bits.reduce<number>((a, b) => a + b, 0) % 2);
        }
      }
    });

    it('has balanced classes and fair bits', () => {
      assert.ok(Math.abs(mean(d.train[1].data) - 0.5) < 0.04);
      assert.ok(Math.abs(mean(d.train[0].data) - 0.5) < 0.02);
    });
  });

  describe('noisy_sines', () => {
    it('many-to-many: y is x shifted one step, [N, T, 1]', () => {
      const d = loadDataset('noisy_sines', { n_train: 50, n_test: 10, T: 20, return_sequences: true });
      const [x, y] = d.train;
      assert.deepStrictEqual(y.shape, [50, 20, 1]);
      for (let n = 0; n < 50; n++) assert.deepStrictEqual(row(y, n).slice(0, 19), row(x, n).slice(1));
    });

    it('many-to-one: y is the value after the window, [N], continuing the many-to-many targets', () => {
      const one = loadDataset('noisy_sines', { n_train: 50, n_test: 10, T: 20 });
      const many = loadDataset('noisy_sines', { n_train: 50, n_test: 10, T: 20, return_sequences: true });
      assert.deepStrictEqual(one.train[1].shape, [50]);
      assert.ok(bytesEqual(one.train[0], many.train[0]));
      for (let n = 0; n < 50; n++) assert.strictEqual(one.train[1].data[n], row(many.train[1], n)[19]);
    });

    it('noise=0 gives clean sines within the amplitude range; noise adds variance of noise²', () => {
      const clean = loadDataset('noisy_sines', { n_train: 200, n_test: 1, T: 40, noise: 0, seed: 4 });
      const noisy = loadDataset('noisy_sines', { n_train: 200, n_test: 1, T: 40, noise: 0.2, seed: 4 });
      assert.ok(maxOf(clean.train[0].data.map(Math.abs)) <= 1.5);
      const diff = noisy.train[0].data.map((v, i) => v - clean.train[0].data[i]);
      const variance = mean(diff.map((v) => v * v));
      assert.ok(Math.abs(variance - 0.04) < 0.004, `noise variance ${variance}`);
      assert.ok(Math.abs(noisy.info.extra!.noise_floor_mse as number - 0.04) < 1e-12);
    });
  });
});
