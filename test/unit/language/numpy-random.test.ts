// np.random: reproducible under a seed (our own xoshiro128** streams, not NumPy's), the right
// shapes, dtypes and ranges, and distributions whose moments are what they should be.
import * as assert from 'node:assert/strict';
import { npError, npValue } from './numpyRun';

describe('language: numpy random', () => {
  it('the same seed gives the same numbers, another seed others (legacy functions and Generators)', () => {
    const legacy = 'np.random.seed(42)\n(np.random.rand(3).tolist(), np.random.randint(0, 100, size=4).tolist(), np.random.randn())';
    assert.equal(npValue(legacy), npValue(legacy));
    assert.notEqual(npValue(legacy), npValue(legacy.replace('42', '43')));
    const rng = 'rng = np.random.default_rng(7)\n(rng.random(3).tolist(), rng.integers(10, size=5).tolist(), rng.normal())';
    assert.equal(npValue(rng), npValue(rng));
    assert.notEqual(npValue(rng), npValue(rng.replace('(7)', '(8)')));
    // Re-seeding restarts the stream, as numpy's does.
    assert.equal(npValue('np.random.seed(1)\na = np.random.rand(2)\nnp.random.seed(1)\nb = np.random.rand(2)\nnp.array_equal(a, b)'), 'True');
  });

  it('shapes, dtypes and ranges', () => {
    assert.equal(npValue('np.random.seed(0)\nx = np.random.rand(2, 3)\nx.shape, x.dtype, bool(((x >= 0) & (x < 1)).all())'), "((2, 3), 'float64', True)");
    assert.equal(npValue('np.random.seed(0)\nx = np.random.randint(5, 8, size=(100,))\nx.dtype, x.min() >= 5, x.max() <= 7, len(np.unique(x))'), "('int64', True, True, 3)");
    assert.equal(npValue('rng = np.random.default_rng(0)\nx = rng.integers(1, 3, size=50, endpoint=True)\nnp.unique(x)'), 'array([1, 2, 3])');
    assert.equal(npValue('np.random.seed(0)\nx = np.random.uniform(-2, 2, size=(4, 5))\nx.shape, bool((x >= -2).all() and (x < 2).all())'), '((4, 5), True)');
    assert.equal(npValue('np.random.seed(0)\nx = np.random.randint(3)\nx in [0, 1, 2], np.random.rand() < 1'), '(True, True)');
  });

  it('normal and uniform samples have the right moments', () => {
    const stats = npValue('rng = np.random.default_rng(123)\nx = rng.normal(2.0, 3.0, size=20000)\nu = rng.uniform(size=20000)\n(abs(x.mean() - 2) < 0.1, abs(x.std() - 3) < 0.1, abs(u.mean() - 0.5) < 0.01, abs(u.var() - 1 / 12) < 0.005)');
    assert.equal(stats, '(True, True, True, True)');
    assert.equal(npValue('np.random.seed(5)\nx = np.random.randn(20000)\nabs(x.mean()) < 0.05, abs(x.std() - 1) < 0.05'), '(True, True)');
  });

  it('multinomial: counts per outcome that add up to n, with the frequencies of pvals (the text-generation idiom)', () => {
    assert.equal(npValue('np.random.seed(0)\nx = np.random.multinomial(1, [0.2, 0.3, 0.5], 1)\nx.shape, x.dtype, int(x.sum())'), "((1, 3), 'int64', 1)");
    assert.equal(npValue('np.random.seed(0)\nx = np.random.multinomial(10, [0.5, 0.5])\nx.shape, int(x.sum())'), '((2,), 10)');
    assert.equal(npValue('np.random.seed(1)\nx = np.random.multinomial(1, [0.1, 0.0, 0.6, 0.3], size=4000)\nf = x.mean(axis=0)\nint(x[:, 1].sum()), bool(abs(f[2] - 0.6) < 0.03), bool(abs(f[3] - 0.3) < 0.03)'), '(0, True, True)');
    assert.equal(npValue('np.random.seed(2)\nint(np.argmax(np.random.multinomial(1, [0.0, 0.0, 1.0], 1)))'), '2');
    assert.equal(npError('np.random.multinomial(1, [0.8, 0.7, 0.1])').message, 'sum(pvals[:-1]) > 1.0');
  });

  it('choice, shuffle and permutation', () => {
    assert.equal(npValue('np.random.seed(0)\nx = np.random.choice(10, size=10, replace=False)\nnp.sort(x)'), 'array([0, 1, 2, 3, 4, 5, 6, 7, 8, 9])');
    assert.equal(npValue('rng = np.random.default_rng(0)\nx = rng.choice(np.array([5, 6]), size=(2, 3))\nx.shape, bool(((x == 5) | (x == 6)).all())'), '((2, 3), True)');
    assert.equal(npValue('np.random.seed(0)\nx = np.random.choice(3, size=2000, p=[0.0, 0.25, 0.75])\n(x == 0).sum(), abs((x == 2).mean() - 0.75) < 0.03'), '(0, True)');
    assert.equal(npValue('np.random.seed(3)\nx = np.arange(12).reshape(6, 2)\nnp.random.shuffle(x)\nnp.sort(x[:, 0]), (x[:, 1] - x[:, 0]).tolist()'), '(array([ 0,  2,  4,  6,  8, 10]), [1, 1, 1, 1, 1, 1])');
    assert.equal(npValue('np.random.seed(3)\nitems = [1, 2, 3, 4]\nnp.random.shuffle(items)\nsorted(items)'), '[1, 2, 3, 4]');
    assert.equal(npValue('rng = np.random.default_rng(1)\np = rng.permutation(5)\nnp.sort(p), p.dtype'), "(array([0, 1, 2, 3, 4]), 'int64')");
    assert.equal(npError('np.random.choice(3, size=5, replace=False)').message, "Cannot take a larger sample than population when 'replace=False'");
    assert.equal(npError('np.random.randint(5, 5)').message, 'randint: low >= high');
  });
});
