// Shape functions: reshape (-1), transpose, expand_dims, squeeze, concatenate, stack,
// vstack/hstack, flip, pad, flatten/ravel, against NumPy 2's output.
import * as assert from 'node:assert/strict';
import { npError, npValue } from './numpyRun';

describe('language: numpy shape functions', () => {
  it('reshape with -1, as a method (tuple or arguments) and a function', () => {
    assert.equal(npValue('np.arange(6).reshape(-1, 2)'), 'array([[0, 1],\n       [2, 3],\n       [4, 5]])');
    assert.equal(npValue('np.arange(6).reshape((3, -1)).shape, np.reshape(np.arange(6), (2, 3)).shape'), '((3, 2), (2, 3))');
    assert.equal(npValue('np.arange(6).reshape(2, 3).flatten(), np.ravel(np.ones((2, 1)))'), '(array([0, 1, 2, 3, 4, 5]), array([1., 1.]))');
    assert.equal(npError('np.arange(6).reshape(4, 2)').message, 'cannot reshape array of size 6 into shape (4,2)');
    assert.equal(npError('np.arange(6).reshape(-1, -1)').message, 'can only specify one unknown dimension');
  });

  it('transpose, expand_dims and squeeze', () => {
    assert.equal(npValue('np.transpose(np.arange(24).reshape(2, 3, 4)).shape, np.arange(24).reshape(2, 3, 4).transpose(1, 0, 2).shape'), '((4, 3, 2), (3, 2, 4))');
    assert.equal(npValue('np.transpose(np.arange(6).reshape(2, 3), (1, 0))'), 'array([[0, 3],\n       [1, 4],\n       [2, 5]])');
    assert.equal(npValue('np.expand_dims(np.arange(3), 0).shape, np.expand_dims(np.arange(3), -1).shape'), '((1, 3), (3, 1))');
    assert.equal(npValue('np.squeeze(np.zeros((1, 3, 1))).shape, np.zeros((1, 3, 1)).squeeze(axis=0).shape'), '((3,), (3, 1))');
    assert.match(npError('np.zeros((2, 3)).squeeze(axis=0)').message, /cannot select an axis to squeeze out which has size not equal to one/);
  });

  it('concatenate, stack, vstack and hstack', () => {
    assert.equal(npValue('np.concatenate([np.zeros((2, 2)), np.ones((1, 2))])'), 'array([[0., 0.],\n       [0., 0.],\n       [1., 1.]])');
    assert.equal(npValue('np.concatenate([np.zeros((2, 2), dtype=np.int32), np.ones((2, 1), dtype=np.int32)], axis=1)'), 'array([[0, 0, 1],\n       [0, 0, 1]], dtype=int32)');
    assert.equal(npValue('np.stack([np.arange(3), np.arange(3)], axis=1)'), 'array([[0, 0],\n       [1, 1],\n       [2, 2]])');
    assert.equal(npValue('np.vstack([np.arange(3), np.arange(3)]), np.hstack([np.arange(3), np.arange(2)])'), '(array([[0, 1, 2],\n       [0, 1, 2]]), array([0, 1, 2, 0, 1]))');
    assert.equal(npValue('np.hstack([np.zeros((2, 1)), np.ones((2, 2))])'), 'array([[0., 1., 1.],\n       [0., 1., 1.]])');
    assert.match(npError('np.concatenate([np.zeros((2, 2)), np.ones((2, 3))])').message, /along dimension 1, the array at index 0 has size 2 and the array at index 1 has size 3/);
    assert.equal(npError('np.stack([np.arange(2), np.arange(3)])').message, 'all input arrays must have the same shape');
  });

  it('flip and constant pad', () => {
    assert.equal(npValue('np.flip(np.arange(6).reshape(2, 3), axis=1), np.flip(np.arange(4))'), '(array([[2, 1, 0],\n       [5, 4, 3]]), array([3, 2, 1, 0]))');
    assert.equal(npValue('np.flip(np.arange(6).reshape(2, 3))'), 'array([[5, 4, 3],\n       [2, 1, 0]])');
    assert.equal(npValue('np.pad(np.arange(3), (1, 2))'), 'array([0, 0, 1, 2, 0, 0])');
    assert.equal(npValue('np.pad(np.ones((2, 2)), 1, constant_values=5)'), 'array([[5., 5., 5., 5.],\n       [5., 1., 1., 5.],\n       [5., 1., 1., 5.],\n       [5., 5., 5., 5.]])');
    assert.equal(npValue('np.pad(np.ones((1, 2), dtype=np.int32), ((0, 1), (2, 0)))'), 'array([[0, 0, 1, 1],\n       [0, 0, 0, 0]], dtype=int32)');
    assert.match(npError("np.pad(np.ones(2), 1, mode='reflect')").message, /np.pad mode 'reflect' is not supported in rnn cells/);
  });
});
