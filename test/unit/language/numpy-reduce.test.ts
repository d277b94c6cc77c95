// Reductions (functions and methods, axis/keepdims, numpy's result dtypes), sorting, where,
// unique, cumsum and the matrix products, against NumPy 2's output (whose numpy scalars are
// Python numbers here: np.int64(66) is 66).
import * as assert from 'node:assert/strict';
import { npError, npValue } from './numpyRun';

const X = 'x = np.arange(12).reshape(3, 4)\n';

describe('language: numpy reductions', () => {
  it('sum, mean, std, var, min, max, prod, any, all with axis and keepdims', () => {
    assert.equal(npValue(X + '(x.sum(), x.sum(axis=0), x.sum(axis=1, keepdims=True))'), '(66, array([12, 15, 18, 21]), array([[ 6],\n       [22],\n       [38]]))');
    assert.equal(npValue(X + 'x.sum(axis=(0, 1)), x.sum(axis=0, keepdims=True), np.sum(x, axis=-1)'), '(66, array([[12, 15, 18, 21]]), array([ 6, 22, 38]))');
    assert.equal(npValue(X + '(x.mean(), x.mean(axis=0), np.mean(x, axis=1))'), '(5.5, array([4., 5., 6., 7.]), array([1.5, 5.5, 9.5]))');
    assert.equal(npValue(X + '(x.std(), x.var(axis=0), x.min(), x.max(axis=1))'), '(3.452052529534663, array([10.66666667, 10.66666667, 10.66666667, 10.66666667]), 0, array([ 3,  7, 11]))');
    assert.equal(npValue(X + 'x.var(ddof=1), np.std(x, axis=0, ddof=1)'), '(13.0, array([4., 4., 4., 4.]))');
    assert.equal(npValue('np.array([[1, 0], [1, 1]]).any(axis=0), np.all(np.array([[1, 0], [1, 1]]), axis=1), np.any(np.zeros(3))'), '(array([ True,  True]), array([False,  True]), False)');
    assert.equal(npValue('np.mean(np.arange(4, dtype=np.float32)), np.mean(np.ones((2, 2), dtype=np.float32), axis=0)'), '(1.5, array([1., 1.], dtype=float32))');
    assert.equal(npValue('np.prod(np.arange(1, 5)), np.max(np.array([[1.5, 2.5], [0.5, 3.5]]), axis=0), np.min(np.array([3, 1, 2]))'), '(24, array([1.5, 3.5]), 1)');
    assert.equal(npValue('np.sum(np.array([True, True, False])), np.mean(np.array([1, 2]))'), '(2, 1.5)');
    assert.equal(npError('np.max(np.zeros((0,)))').message, 'zero-size array to reduction operation maximum which has no identity');
    assert.equal(npError('np.array([1, 2, 3]).mean(axis=2)').message, 'axis 2 is out of bounds for array of dimension 1');
  });

  it('argmax and argmin (first on ties, int64), argsort (stable) and sort', () => {
    assert.equal(npValue('x = np.array([[1, 5, 3], [7, 2, 7]])\n(x.argmax(), x.argmax(axis=1), np.argmin(x, axis=0))'), '(3, array([1, 0]), array([0, 1, 0]))');
    assert.equal(npValue('np.argmax(np.array([[1, 9], [8, 2]]), axis=0), np.argmax(np.array([1, 3, 3])), np.argmin(np.array([[4, 1], [0, 5]]))'), '(array([1, 0]), 1, 2)');
    assert.equal(npValue('np.argsort(np.array([3, 1, 2, 1]))'), 'array([1, 3, 2, 0])');
    assert.equal(npValue('np.argsort(np.array([[3, 1, 2], [0, 5, 4]])), np.argsort(np.array([[3, 1], [0, 5]]), axis=0)'), '(array([[1, 2, 0],\n       [0, 2, 1]]), array([[1, 0],\n       [0, 1]]))');
    assert.equal(npValue('np.sort(np.array([[3, 1, 2], [0, 5, 4]]))'), 'array([[1, 2, 3],\n       [0, 4, 5]])');
  });

  it('where (1 and 3 arguments), nonzero, count_nonzero, unique and cumsum', () => {
    assert.equal(npValue('np.where(np.array([1, 0, 2]) > 0)'), '(array([0, 2]),)');
    assert.equal(npValue('np.where(np.array([[1, 0], [0, 2]]))'), '(array([0, 1]), array([0, 1]))');
    assert.equal(npValue('np.where(np.arange(4) > 1, np.arange(4), -1), np.where(np.arange(4) > 1, 1.5, 0)'), '(array([-1, -1,  2,  3]), array([0. , 0. , 1.5, 1.5]))');
    assert.equal(npValue('np.count_nonzero(np.array([0, 1, 2, 0])), np.nonzero(np.array([0, 3, 0, 4]))'), '(2, (array([1, 3]),))');
    assert.equal(npValue('np.unique(np.array([[3, 1], [2, 3]])), np.unique(np.array([3, 1, 2, 3, 1]), return_counts=True)'), '(array([1, 2, 3]), (array([1, 2, 3]), array([2, 1, 2])))');
    assert.equal(npValue('np.cumsum(np.arange(6).reshape(2, 3)), np.cumsum(np.arange(6).reshape(2, 3), axis=1), np.arange(4.0).cumsum()'), '(array([ 0,  1,  3,  6, 10, 15]), array([[ 0,  1,  3],\n       [ 3,  7, 12]]), array([0., 1., 3., 6.]))');
    assert.equal(npValue('np.cumsum(np.arange(6).reshape(2, 3), axis=0)'), 'array([[0, 1, 2],\n       [3, 5, 7]])');
  });

  it('dot, matmul and @', () => {
    assert.equal(npValue('np.dot(np.arange(3), np.arange(3)), np.dot(2, np.arange(3))'), '(5, array([0, 2, 4]))');
    assert.equal(npValue('np.dot(np.arange(6).reshape(2, 3), np.arange(3)), np.dot(np.array([[1, 2], [3, 4]]), np.array([[5], [6]]))'), '(array([ 5, 14]), array([[17],\n       [39]]))');
    assert.equal(npValue('np.matmul(np.ones((2, 2, 3)), np.ones((3, 1))).shape, np.matmul(np.ones((2, 3)), np.ones(3))'), '((2, 2, 1), array([3., 3.]))');
    assert.equal(npValue('np.arange(6).reshape(2, 3) @ np.arange(6).reshape(3, 2)'), 'array([[10, 13],\n       [28, 40]])');
    assert.match(npError('np.ones((2, 3)) @ np.ones((2, 3))').message, /matmul: Input operand 1 has a mismatch in its core dimension 0/);
  });
});
