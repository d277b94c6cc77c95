// The ndarray operations a greedy decoding loop needs: argmax (numpy semantics) and element
// assignment `a[i, j, k] = v` (through the same setItem path the evaluator uses).
import * as assert from 'node:assert/strict';
import { NdArray, PyException, PyTuple, Value } from '../../../src/language';
import { setItem } from '../../../src/language/values/subscript';

const key = (...ints: number[]): Value => new PyTuple(ints.map(i => BigInt(i)));

describe('language: ndarray argmax and element assignment', () => {
  // [2, 2, 3]: sample 0 step 1 has a tie (first wins, as numpy)
  const probs = new NdArray(Float32Array.from([0.1, 0.7, 0.2, 0.4, 0.4, 0.2, 0.3, 0.3, 0.4, 0.9, 0.05, 0.05]), [2, 2, 3]);

  it('argmax over the last axis gives int64 indices of the remaining shape (numpy\'s intp)', () => {
    const ids = probs.argmax(-1) as NdArray;
    assert.deepEqual(ids.shape, [2, 2]);
    assert.equal(ids.dtype, 'int64');
    assert.deepEqual(Array.from(ids.data), [1, 0, 2, 0]);
  });

  it('argmax over other axes, and over the flattened array without an axis', () => {
    assert.deepEqual(Array.from((probs.argmax(0) as NdArray).data), [1, 0, 1, 1, 0, 0]);
    assert.deepEqual(Array.from((probs.argmax(1) as NdArray).data), [1, 0, 0, 1, 0, 0]);
    assert.equal(probs.argmax(), 9n);
    assert.equal(new NdArray(Float32Array.from([3, 5]), [2]).argmax(0), 1n);
    assert.throws(() => probs.argmax(3), (e: unknown) => e instanceof PyException && /axis 3 is out of bounds for array of dimension 3/.test(e.message));
  });

  it('a[i, j, k] = v writes one element (negative indices too), in the array dtype', () => {
    const a = new NdArray(new Float32Array(12), [2, 2, 3]);
    setItem(a, key(0, 1, 2), 1n, () => []);
    setItem(a, key(-1, 0, -3), 0.5, () => []);
    assert.deepEqual(Array.from(a.data), [0, 0, 0, 0, 0, 1, 0.5, 0, 0, 0, 0, 0]);
    const ids = new NdArray(new Int32Array(2), [2]);
    setItem(ids, 1n, 7.9, () => []);
    assert.deepEqual(Array.from(ids.data), [0, 7]);
  });

  it('a[i] = v fills a row; out-of-range indices and non-numbers are Python errors', () => {
    const a = new NdArray(new Float32Array(4), [2, 2]);
    setItem(a, 0n, 1n, () => []);
    assert.deepEqual(Array.from(a.data), [1, 1, 0, 0]);
    assert.throws(() => setItem(a, key(2, 0), 1n, () => []), /index 2 is out of bounds for axis 0 with size 2/);
    assert.throws(() => setItem(a, key(0, 0), 'x', () => []), /an array element must be a number, not str/);
  });
});
