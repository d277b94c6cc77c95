// The numpy module as the editor sees it (the same names and signatures as the kernel's, "did
// you mean" for typos) and as a long-running cell sees it (interruptible element loops).
import * as assert from 'node:assert/strict';
import { declaredRegistry } from '../../../src/language/analysis/declaredRegistry';
import { KernelContext } from '../../../src/kernel/kernelContext';
import { registerKeras } from '../../../src/kernel/keras/register';
import { CellError, runningRegistry, PyFunction } from '../../../src/language';
import { Analyser } from '../../../src/language/analysis/analyser';
import { newSession } from './fixtures';

describe('language: numpy in the editor and under interrupt', () => {
  const editor = declaredRegistry();
  const kernel = registerKeras(runningRegistry(), new KernelContext());

  it('the editor and the kernel know the same numpy names and signatures', () => {
    for (const module of ['numpy', 'numpy.random']) {
      const names = editor.memberNames(module).sort();
      assert.deepEqual(names, kernel.memberNames(module).sort(), module);
      for (const name of names) {
        const [e, k] = [editor.resolve(`${module}.${name}`), kernel.resolve(`${module}.${name}`)];
        if (e instanceof PyFunction) assert.deepEqual(e.signature, (k as PyFunction).signature, `${module}.${name}`);
      }
    }
    for (const name of ['array', 'zeros', 'argmax', 'where', 'concatenate', 'random', 'float32']) assert.ok(editor.memberNames('numpy').includes(name), name);
    for (const name of ['seed', 'default_rng', 'randint', 'shuffle']) assert.ok(editor.memberNames('numpy.random').includes(name), name);
  });

  it('np.zeros is not squiggled; np.zerso gets "did you mean", and a bad argument is checked', () => {
    const analyser = new Analyser(editor);
    const ok = analyser.cell('import numpy as np\nx = np.zeros((2, 3), dtype=np.float32)\ny = np.random.default_rng(0)\nz = np.mean(x, axis=0)');
    assert.deepEqual(ok.diagnostics, []);
    const typo = analyser.cell('w = np.zerso(3)');
    assert.deepEqual(typo.diagnostics.map(d => [d.code, d.message]), [['AttributeError', "module 'numpy' has no attribute 'zerso'. Did you mean: 'zeros'?"]]);
    const bad = analyser.cell('v = np.linspace(0, 1, nm=5)');
    assert.equal(bad.diagnostics.length, 1);
    assert.match(bad.diagnostics[0].message, /unexpected keyword argument 'nm'/);
  });

  it('element loops over big arrays answer an interrupt', () => {
    const s = newSession({ interruptAfter: 200 });
    s.session.run('import numpy as np');
    s.setBudget(s.steps() + 50);
    assert.throws(() => s.session.run('x = np.ones(10**7) + 1'), (e: unknown) => e instanceof CellError && e.errorName === 'KeyboardInterrupt');
    s.setBudget(Infinity);
    assert.equal(s.session.run('np.arange(3).sum()').value, '3');
  });
});
