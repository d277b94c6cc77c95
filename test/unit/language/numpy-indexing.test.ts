// Indexing: basic slices, integer (fancy) arrays, boolean masks, None/newaxis, and assignment
// through each, against NumPy 2's own output. Indexing copies (no views): documented.
import * as assert from 'node:assert/strict';
import { npError, npValue } from './numpyRun';

const X = 'x = np.arange(12).reshape(3, 4)\n';

describe('language: numpy indexing', () => {
  it('basic slicing and integers, with negative indices and ...', () => {
    assert.equal(npValue(X + 'x[1:, ::2]'), 'array([[ 4,  6],\n       [ 8, 10]])');
    assert.equal(npValue(X + 'x[..., -1]'), 'array([ 3,  7, 11])');
    assert.equal(npValue(X + 'x[-1, 2], x[0][1], x[::-1, 0]'), '(10, 1, array([8, 4, 0]))');
    assert.equal(npError(X + 'x[3]').message, 'index 3 is out of bounds for axis 0 with size 3');
    assert.equal(npError(X + 'x[0, 0, 0]').message, 'too many indices for array: array is 2-dimensional, but 3 were indexed');
  });

  it('integer arrays and lists (fancy indexing), with numpy\'s placement of the indexed axes', () => {
    assert.equal(npValue(X + 'x[[0, 2]]'), 'array([[ 0,  1,  2,  3],\n       [ 8,  9, 10, 11]])');
    assert.equal(npValue(X + 'x[:, [1, 3]]'), 'array([[ 1,  3],\n       [ 5,  7],\n       [ 9, 11]])');
    assert.equal(npValue(X + 'x[[0, 1], [2, 3]]'), 'array([2, 7])');
    assert.equal(npValue(X + 'x[np.array([[0], [2]]), np.array([1, 3])]'), 'array([[ 1,  3],\n       [ 9, 11]])');
    assert.equal(npValue(X + 'x[[-1]]'), 'array([[ 8,  9, 10, 11]])');
    assert.equal(npValue('np.arange(24).reshape(2, 3, 4)[:, [0, 2], 1]'), 'array([[ 1,  9],\n       [13, 21]])');
    assert.equal(npValue('np.arange(24).reshape(2, 3, 4)[[0, 1], :, [1, 2]]'), 'array([[ 1,  5,  9],\n       [14, 18, 22]])');
    assert.equal(npError(X + 'x[[0, 5]]').message, 'index 5 is out of bounds for axis 0 with size 3');
    assert.equal(npError(X + 'x[np.array([0.5])]').message, 'arrays used as indices must be of integer (or boolean) type');
  });

  it('boolean masks select the true elements', () => {
    assert.equal(npValue('x = np.arange(10)\nx[x > 5]'), 'array([6, 7, 8, 9])');
    assert.equal(npValue(X + 'x[x % 2 == 0]'), 'array([ 0,  2,  4,  6,  8, 10])');
    assert.equal(npValue(X + 'x[np.array([True, False, True])]'), 'array([[ 0,  1,  2,  3],\n       [ 8,  9, 10, 11]])');
    assert.equal(npValue(X + 'x[:, x[0] > 1]'), 'array([[ 2,  3],\n       [ 6,  7],\n       [10, 11]])');
    assert.match(npError(X + 'x[np.array([True, False])]').message, /boolean index did not match indexed array along axis 0; size of axis is 3 but size of corresponding boolean axis is 2/);
  });

  it('None and np.newaxis add axes', () => {
    assert.equal(npValue(X + 'x[:, None, 1].shape, x[np.newaxis].shape, x[..., None].shape'), '((3, 1), (1, 3, 4), (3, 4, 1))');
  });

  it('assignment through slices, integers, fancy indices and masks, broadcasting the value', () => {
    assert.equal(npValue('x = np.arange(10)\nx[x > 5] = 0\nx'), 'array([0, 1, 2, 3, 4, 5, 0, 0, 0, 0])');
    assert.equal(npValue('x = np.zeros((3, 4))\nx[:, 1] = 5\nx'), 'array([[0., 5., 0., 0.],\n       [0., 5., 0., 0.],\n       [0., 5., 0., 0.]])');
    assert.equal(npValue('x = np.zeros((2, 3))\nx[1] = np.arange(3)\nx'), 'array([[0., 0., 0.],\n       [0., 1., 2.]])');
    assert.equal(npValue('x = np.zeros(5)\nx[[0, 2]] = [1, 2]\nx'), 'array([1., 0., 2., 0., 0.])');
    assert.equal(npValue(X + 'x[0, 1] += 100\nx[2] *= 2\nx'), 'array([[  0, 101,   2,   3],\n       [  4,   5,   6,   7],\n       [ 16,  18,  20,  22]])');
    assert.equal(npValue('x = np.zeros(3, dtype=np.int32)\nx[:] = 2.7\nx'), 'array([2, 2, 2], dtype=int32)');
    assert.equal(npError('x = np.zeros((2, 3))\nx[:, 0] = [1, 2, 3]').message, 'could not broadcast input array from shape (3,) into shape (2,)');
    assert.equal(npError('x = np.zeros((2, 3))\nx[[0, 1]] = np.ones(4)').message, 'shape mismatch: value array of shape (4,) could not be broadcast to indexing result of shape (2,3)');
  });
});
