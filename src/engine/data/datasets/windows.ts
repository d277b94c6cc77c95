// Sliding windows over one series for many-to-one forecasting, split in time: the test set is
// the windows whose target falls in the last test_split of the series (never shuffled, since
// the future must not train the past). Test windows may read inputs from the training period,
// as a forecaster would at the split point.
import { DataArray, XY, float32Array } from './types';

export interface WindowSplit {
  readonly train: XY;
  readonly test: XY;
  /** Index in the series of the first test target (= the first value the scaler did not see). */
  readonly testStart: number;
}

/** Targets t from window + horizon − 1 on; x = series[t − horizon − window + 1 … t − horizon], y = series[t]. */
function windowsFor(series: ArrayLike<number>, window: number, horizon: number, from: number, to: number): XY {
  const first = Math.max(from, window + horizon - 1);
  const n = Math.max(0, to - first);
  const x = new Float32Array(n * window), y = new Float32Array(n);
  for (let k = 0; k < n; k++) {
    const t = first + k;
    const start = t - horizon - window + 1;
    for (let j = 0; j < window; j++) x[k * window + j] = series[start + j];
    y[k] = series[t];
  }
  return [float32Array([n, window, 1], x), float32Array([n], y)];
}

export function splitWindows(series: ArrayLike<number>, window: number, horizon: number, testSplit: number): WindowSplit {
  const n = series.length;
  const testStart = n - Math.floor(n * testSplit);
  if (testStart - (window + horizon - 1) < 1) {
    throw new Error(`window ${window} + horizon ${horizon} leave no training windows in ${testStart} training values`);
  }
  return { train: windowsFor(series, window, horizon, 0, testStart), test: windowsFor(series, window, horizon, testStart, n), testStart };
}

export function seriesArray(values: readonly number[]): DataArray {
  return float32Array([values.length], Float32Array.from(values));
}
