// np creation functions, dtypes, attributes and numpy's repr/str, against NumPy 2's own output.
import * as assert from 'node:assert/strict';
import { npError, npPrinted, npValue } from './numpyRun';

describe('language: numpy creation, dtypes and repr', () => {
  it('zeros, ones, full, eye and the *_like functions, float64 unless a dtype says', () => {
    assert.equal(npValue('np.zeros((2, 3))'), 'array([[0., 0., 0.],\n       [0., 0., 0.]])');
    assert.equal(npValue('np.ones(3, dtype=np.int32)'), 'array([1, 1, 1], dtype=int32)');
    assert.equal(npValue('np.full((2, 2), 7)'), 'array([[7, 7],\n       [7, 7]])');
    assert.equal(npValue("np.full((2,), 0.5, dtype='float32')"), 'array([0.5, 0.5], dtype=float32)');
    assert.equal(npValue('np.eye(3)'), 'array([[1., 0., 0.],\n       [0., 1., 0.],\n       [0., 0., 1.]])');
    assert.equal(npValue('np.zeros_like(np.array([[1, 2]]))'), 'array([[0, 0]])');
    assert.equal(npValue('np.ones_like(np.zeros(2), dtype=int)'), 'array([1, 1])');
    assert.equal(npValue('np.full_like(np.zeros(2, dtype=np.float32), 3)'), 'array([3., 3.], dtype=float32)');
    assert.equal(npValue('np.ones((2, 3), dtype=bool)'), 'array([[ True,  True,  True],\n       [ True,  True,  True]])');
  });

  it('array infers bool/int64/float64 from nested lists; dtype= and astype convert', () => {
    assert.equal(npValue('np.array([[1, 2], [3, 4]])'), 'array([[1, 2],\n       [3, 4]])');
    assert.equal(npValue('np.array([1.5, 2.25, 3])'), 'array([1.5 , 2.25, 3.  ])');
    assert.equal(npValue('np.array([True, False])'), 'array([ True, False])');
    assert.equal(npValue('np.array([[1, 2], [3, 4]], dtype=np.float32)'), 'array([[1., 2.],\n       [3., 4.]], dtype=float32)');
    assert.equal(npValue('np.array([1.7, -1.7]).astype(np.int32)'), 'array([ 1, -1], dtype=int32)');
    assert.equal(npValue("np.array([0, 2]).astype('bool')"), 'array([False,  True])');
    assert.equal(npValue('np.array([np.arange(2), np.arange(2)])'), 'array([[0, 1],\n       [0, 1]])');
    assert.equal(npValue('np.array([])'), 'array([], dtype=float64)');
    assert.equal(npError('np.array([[1, 2], [3]])').message, 'setting an array element with a sequence. The requested array has an inhomogeneous shape after 1 dimensions.');
    assert.match(npError("np.zeros(2, dtype='complex64')").message, /data type 'complex64' is not supported in rnn cells/);
  });

  it('arange and linspace', () => {
    assert.equal(npValue('np.arange(0, 1, 0.25)'), 'array([0.  , 0.25, 0.5 , 0.75])');
    assert.equal(npValue('np.arange(5, 0, -2)'), 'array([5, 3, 1])');
    assert.equal(npValue('np.linspace(0, 1, 5)'), 'array([0.  , 0.25, 0.5 , 0.75, 1.  ])');
    assert.equal(npValue('np.linspace(0, 10, 4, endpoint=False)'), 'array([0. , 2.5, 5. , 7.5])');
  });

  it('shape, ndim, size, dtype, T, len, iteration and tolist', () => {
    assert.equal(npValue('x = np.arange(6).reshape(2, 3)\n(x.ndim, x.size, x.shape, x.dtype, len(x))'), "(2, 6, (2, 3), 'int64', 2)");
    assert.equal(npValue('np.arange(6).reshape(2, 3).T'), 'array([[0, 3],\n       [1, 4],\n       [2, 5]])');
    assert.equal(npValue('np.arange(6).reshape(2, 3).tolist()'), '[[0, 1, 2], [3, 4, 5]]');
    assert.equal(npValue('np.array([0.5, 1.0], dtype=np.float32).tolist()'), '[0.5, 1.0]');
    assert.equal(npPrinted('for row in np.arange(4).reshape(2, 2):\n    print(row, row.shape)'), '[0 1] (2,)\n[2 3] (2,)\n');
    assert.equal(npPrinted('for v in np.array([1.5, 2.0]):\n    print(v)'), '1.5\n2.0\n');
    assert.equal(npError('len(np.float64(3) + np.zeros(()))').message, 'len() of unsized object');
  });

  it('repr aligns columns, wraps at 75 characters and summarises arrays over 1000 elements', () => {
    assert.equal(npValue('np.arange(30)'),
      'array([ 0,  1,  2,  3,  4,  5,  6,  7,  8,  9, 10, 11, 12, 13, 14, 15, 16,\n' +
      '       17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29])');
    assert.equal(npValue('np.arange(2000)'), 'array([   0,    1,    2, ..., 1997, 1998, 1999], shape=(2000,))');
    assert.equal(npValue('np.arange(24).reshape(2, 3, 4)'),
      'array([[[ 0,  1,  2,  3],\n        [ 4,  5,  6,  7],\n        [ 8,  9, 10, 11]],\n\n' +
      '       [[12, 13, 14, 15],\n        [16, 17, 18, 19],\n        [20, 21, 22, 23]]])');
    assert.equal(npValue('np.array([1e-5, 1.0])'), 'array([1.e-05, 1.e+00])');
    assert.equal(npValue('np.array([-1.5, 2.0, np.nan, np.inf])'), 'array([-1.5,  2. ,  nan,  inf])');
    assert.equal(npValue('np.array([0.1, 0.2], dtype=np.float32) + 0.1'), 'array([0.2, 0.3], dtype=float32)');
    assert.equal(npPrinted('print(np.arange(6).reshape(2, 3) / 3)'), '[[0.         0.33333333 0.66666667]\n [1.         1.33333333 1.66666667]]\n');
    assert.equal(npPrinted('print(np.array([True, False]))'), '[ True False]\n');
  });

  it('numpy names it does not have are located errors naming them, with a guess for typos', () => {
    assert.deepEqual(npError('y = np.fft.fft(x)'), { name: 'NotImplementedError', message: 'numpy.fft is not supported in rnn cells', text: 'np.fft' });
    assert.equal(npError('np.zerso(3)').message, "numpy.zerso is not supported in rnn cells. Did you mean: 'zeros'?");
    assert.equal(npError('import numpy.linalg').message, 'numpy.linalg is not supported in rnn cells');
    assert.equal(npError('from numpy import polyfit').message, 'numpy.polyfit is not supported in rnn cells');
    assert.equal(npValue('from numpy import zeros, float32\nzeros(2, dtype=float32)'), 'array([0., 0.], dtype=float32)');
  });

  it('a huge allocation is a MemoryError naming the call, before any memory is taken', () => {
    const e = npError('x = np.zeros((100000, 100000))');
    assert.equal(e.name, 'MemoryError');
    assert.match(e.message, /^np\.zeros would need/);
  });
});
