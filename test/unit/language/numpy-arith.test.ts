// Elementwise operators and ufuncs with broadcasting and numpy's result dtypes (NEP 50: a
// Python scalar takes the array's dtype), against NumPy 2's own output.
import * as assert from 'node:assert/strict';
import { npError, npValue } from './numpyRun';

describe('language: numpy arithmetic and comparisons', () => {
  it('+ - * / // % ** and unary minus, with numpy result dtypes', () => {
    assert.equal(npValue('np.arange(1, 7) / 2'), 'array([0.5, 1. , 1.5, 2. , 2.5, 3. ])');
    assert.equal(npValue('np.arange(6) // 4'), 'array([0, 0, 0, 0, 1, 1])');
    assert.equal(npValue('np.array([-7, 7]) // 2, np.array([-7, 7]) % 3'), '(array([-4,  3]), array([2, 1]))');
    assert.equal(npValue('np.arange(6, dtype=np.int32) + 1'), 'array([1, 2, 3, 4, 5, 6], dtype=int32)');
    assert.equal(npValue('np.arange(6, dtype=np.float32) * 2.5'), 'array([ 0. ,  2.5,  5. ,  7.5, 10. , 12.5], dtype=float32)');
    assert.equal(npValue('np.arange(3) + np.arange(3, dtype=np.float32)'), 'array([0., 2., 4.])');
    assert.equal(npValue('np.arange(3, dtype=np.int32) + np.arange(3)'), 'array([0, 2, 4])');
    assert.equal(npValue('-np.arange(3)'), 'array([ 0, -1, -2])');
    assert.equal(npValue('np.arange(3) ** 2, 2 ** np.arange(3), 1 - np.arange(3)'), '(array([0, 1, 4]), array([1, 2, 4]), array([ 1,  0, -1]))');
    assert.equal(npValue('np.arange(3) / 0'), 'array([nan, inf, inf])');
    assert.equal(npValue('np.array([True, False]) + 1'), 'array([2, 1])');
    assert.equal(npValue('np.array([True, False]) + np.array([True, True]), np.array([True, False]) * True'), '(array([ True,  True]), array([ True, False]))');
    assert.match(npError('np.array([True]) - np.array([True])').message, /numpy boolean subtract, the `-` operator, is not supported/);
    assert.equal(npError('np.arange(3) ** -1').message, 'Integers to negative integer powers are not allowed.');
  });

  it('broadcasting, and numpy\'s error when shapes do not broadcast', () => {
    assert.equal(npValue('np.arange(6).reshape(2, 3) + np.array([10, 20, 30])'), 'array([[10, 21, 32],\n       [13, 24, 35]])');
    assert.equal(npValue('np.arange(3).reshape(3, 1) * np.arange(4)'), 'array([[0, 0, 0, 0],\n       [0, 1, 2, 3],\n       [0, 2, 4, 6]])');
    assert.equal(npValue('(np.zeros((2, 1, 3)) + np.ones((4, 1))).shape'), '(2, 4, 3)');
    assert.equal(npValue('[1, 2] + np.array([10, 20])'), 'array([11, 22])');
    const e = npError('y = np.array([1, 2]) + np.array([1, 2, 3])');
    assert.equal(e.name, 'ValueError');
    assert.equal(e.message, 'operands could not be broadcast together with shapes (2,) (3,) ');
    assert.equal(e.text, 'np.array([1, 2]) + np.array([1, 2, 3])');
  });

  it('comparisons give bool arrays; & | ^ ~ combine them; an array in `if` is ambiguous', () => {
    assert.equal(npValue('np.arange(5) == 3'), 'array([False, False, False,  True, False])');
    assert.equal(npValue('3 < np.arange(5)'), 'array([False, False, False, False,  True])');
    assert.equal(npValue('x = np.arange(5)\n(x > 2) & (x < 4)'), 'array([False, False, False,  True, False])');
    assert.equal(npValue('x = np.arange(5)\n(x < 1) | (x > 3)'), 'array([ True, False, False, False,  True])');
    assert.equal(npValue('~(np.arange(5) > 2)'), 'array([ True,  True,  True, False, False])');
    assert.equal(npValue('(np.arange(4) > 1) ^ (np.arange(4) > 2)'), 'array([False, False,  True, False])');
    assert.equal(npValue('np.arange(4) & 1, 6 & 3, True | False, ~5'), '(array([0, 1, 0, 1]), 2, True, -6)');
    assert.match(npError('if np.arange(3) > 0:\n    pass').message, /The truth value of an array with more than one element is ambiguous/);
    assert.equal(npValue('1 < 2 < 3, np.array([5]) > 3'), '(True, array([ True]))');
    assert.match(npError('np.ones(2) & 1').message, /ufunc 'bitwise_and' not supported for the input types/);
  });

  it('ufuncs: exp log sqrt abs tanh sin cos maximum minimum clip round', () => {
    assert.equal(npValue('np.exp(np.array([0.0, 1.0]))'), 'array([1.        , 2.71828183])');
    assert.equal(npValue('np.sqrt(np.arange(4))'), 'array([0.        , 1.        , 1.41421356, 1.73205081])');
    assert.equal(npValue('np.abs(np.array([-1, 2]))'), 'array([1, 2])');
    assert.equal(npValue('np.log(np.e), np.exp(0), np.sin(0.0), np.cos(0)'), '(1.0, 1.0, 0.0, 1.0)');
    assert.equal(npValue('np.tanh(np.zeros(2, dtype=np.float32))'), 'array([0., 0.], dtype=float32)');
    assert.equal(npValue('np.maximum(np.arange(5), 2), np.minimum(np.arange(3), 1.5)'), '(array([2, 2, 2, 3, 4]), array([0. , 1. , 1.5]))');
    assert.equal(npValue('np.clip(np.arange(6), 1, 4), np.arange(4).clip(None, 2)'), '(array([1, 1, 2, 3, 4, 4]), array([0, 1, 2, 2]))');
    assert.equal(npValue('np.round(np.array([0.5, 1.5, 2.567]), 1), np.round(np.array([0.5, 1.5, 2.5]))'), '(array([0.5, 1.5, 2.6]), array([0., 2., 2.]))');
    assert.equal(npValue('np.arange(3) @ np.arange(3), np.arange(6).reshape(2, 3) @ np.arange(6).reshape(3, 2)'), '(5, array([[10, 13],\n       [28, 40]]))');
  });
});
