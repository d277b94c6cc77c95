// Synthetic sequence tasks for learning tests and benchmarks.
import { tensor } from '../../../../src/engine/runtime';
import { Rng } from '../../../../src/engine/util/rng';

/** x_t ∈ {−1, +1}; target = 1 when x at step T−3 was +1: the net must remember 3 steps back. */
export function shortMemory(N: number, T: number, seed: number) {
  const r = new Rng(seed);
  const x = new Float32Array(N * T);
  const y = new Float32Array(N);
  for (let n = 0; n < N; n++) {
    for (let t = 0; t < T; t++) x[n * T + t] = r.random() < 0.5 ? -1 : 1;
    y[n] = x[n * T + T - 3] > 0 ? 1 : 0;
  }
  return { x: tensor('float32', [N, T, 1], x), y: tensor('float32', [N, 1], y) };
}

/** The adding problem: values u_t ~ U(0,1), two marked steps (one in each half); target = sum of marked values. */
export function addingProblem(N: number, T: number, seed: number) {
  const r = new Rng(seed);
  const x = new Float32Array(N * T * 2);
  const y = new Float32Array(N);
  for (let n = 0; n < N; n++) {
    const a = r.int(0, Math.floor(T / 2));
    const b = r.int(Math.floor(T / 2), T);
    for (let t = 0; t < T; t++) {
      x[(n * T + t) * 2] = r.random();
      x[(n * T + t) * 2 + 1] = t === a || t === b ? 1 : 0;
    }
    y[n] = x[(n * T + a) * 2] + x[(n * T + b) * 2];
  }
  return { x: tensor('float32', [N, T, 2], x), y: tensor('float32', [N, 1], y) };
}

