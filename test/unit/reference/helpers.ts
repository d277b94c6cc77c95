import * as assert from 'assert';
import { Rng } from '../../../src/engine/util/rng';
import { Tensor, maxAbsDiff, tensor } from '../../oracles/tensor';

/** A tensor of Normal(0, std) values, reproducible from the seed. */
export function randn(rng: Rng, shape: number[], std = 0.5): Tensor {
  return tensor(shape, rng.normalArray(shape.reduce((a, b) => a * b, 1), 0, std));
}

/** Random weights for the given shapes. */
export function randomWeights(rng: Rng, shapes: number[][], std = 0.5): Tensor[] {
  return shapes.map((s) => randn(rng, s, std));
}

/** [B, T] 0/1 mask from per-sample lengths (post padding: the first len steps kept). */
export function lengthMask(lengths: number[], T: number, padding: 'post' | 'pre' = 'post'): Tensor {
  const m = tensor([lengths.length, T]);
  lengths.forEach((len, b) => {
    for (let t = 0; t < T; t++) {
      const keep = padding === 'post' ? t < len : t >= T - len;
      m.data[b * T + t] = keep ? 1 : 0;
    }
  });
  return m;
}

/** Token ids [B, T] with zeros where the mask is 0 and ids in [1, V) elsewhere. */
export function maskedIds(rng: Rng, mask: Tensor, V: number): Tensor {
  const ids = tensor(mask.shape);
  for (let i = 0; i < ids.data.length; i++) ids.data[i] = mask.data[i] ? rng.int(1, V) : 0;
  return ids;
}

export function assertClose(actual: Tensor, expected: Tensor, tol: number, what: string): void {
  assert.deepStrictEqual(actual.shape, expected.shape, `${what}: shape`);
  const d = maxAbsDiff(actual.data, expected.data);
  assert.ok(d <= tol, `${what}: max |diff| ${d} > ${tol}`);
}
