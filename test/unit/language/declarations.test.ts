// numpy, math, random and the builtins are declared once, as data (src/language/declarations):
// the editor reads the declarations alone, and a kernel attaches one implementation per
// declared function by path. These tests hold the two sides to one list.
import * as assert from 'node:assert/strict';
import { declaredRegistry } from '../../../src/language/analysis/declaredRegistry';
import { KernelSession, PyFunction, runningRegistry } from '../../../src/language';
import type { Value } from '../../../src/language';
import { BUILTINS } from '../../../src/language/analysis/staticValue';
import { BUILTIN_DECLARATIONS } from '../../../src/language/declarations/builtins';
import { NUMPY_DECLARATIONS, NUMPY_MODULES } from '../../../src/language/declarations/numpy';
import { STANDARD_DECLARATIONS, STANDARD_MODULES } from '../../../src/language/declarations/stdlib';
import { FunctionImpl, MemberDecl, declaredFunctionPaths, implementMembers } from '../../../src/language/host/declared';
import { PyModule } from '../../../src/language/host/registry';
import { builtinImplementations, createBuiltins } from '../../../src/language/interp/builtins';
import { standardImplementations } from '../../../src/language/interp/stdlib';
import { numpyImplementations } from '../../../src/language/numpy/module';

const DECLARED: { what: string; decls: readonly MemberDecl[]; implementations: () => Map<string, FunctionImpl> }[] = [
  { what: 'numpy', decls: NUMPY_DECLARATIONS, implementations: numpyImplementations },
  { what: 'math and random', decls: STANDARD_DECLARATIONS, implementations: standardImplementations },
  { what: 'the builtins', decls: BUILTIN_DECLARATIONS, implementations: builtinImplementations },
];

const quiet = { write: () => undefined, interrupted: () => false };

/** What the editor and a kernel must agree on for one value: a function's signature and kind, a submodule's path, or a constant. */
function described(value: Value | undefined): unknown {
  if (value instanceof PyFunction) return { signature: value.signature, typeName: value.typeName };
  if (value instanceof PyModule) return { module: value.path };
  return { constant: typeof value === 'number' && Number.isNaN(value) ? 'NaN' : value };
}

describe('language: numpy, math, random and the builtins declared once', () => {
  it('every declared function has exactly one implementation, and every implementation a declaration', () => {
    for (const { what, decls, implementations } of DECLARED) {
      const paths = decls.map(d => d.path);
      assert.equal(new Set(paths).size, paths.length, `${what}: a path declared twice`);
      assert.deepEqual([...implementations().keys()].sort(), declaredFunctionPaths(decls).sort(), what);
      for (const d of decls) if ('aliasOf' in d) assert.ok(declaredFunctionPaths(decls).includes(d.aliasOf), `${d.path} names the declared function ${d.aliasOf}`);
    }
    assert.ok(declaredFunctionPaths(NUMPY_DECLARATIONS).length > 90, 'numpy declares its functions');
  });

  it('a missing or an extra implementation is refused when the values are built, naming it', () => {
    const implementations = numpyImplementations();
    const missing = new Map(implementations);
    missing.delete('numpy.zeros');
    assert.throws(() => implementMembers('numpy', NUMPY_DECLARATIONS, missing), /numpy: no implementation for the declared numpy\.zeros/);
    const extra = new Map(implementations).set('numpy.einsum', implementations.get('numpy.zeros')!);
    assert.throws(() => implementMembers('numpy', NUMPY_DECLARATIONS, extra), /numpy: implements undeclared numpy\.einsum/);
  });

  it('the editor and a kernel hold the same names, signatures and constants', () => {
    const editor = declaredRegistry();
    const kernel = runningRegistry();
    for (const module of [...NUMPY_MODULES, ...STANDARD_MODULES]) {
      const names = editor.memberNames(module).sort();
      assert.deepEqual(names, kernel.memberNames(module).sort(), module);
      for (const name of names) {
        const path = `${module}.${name}`;
        assert.deepEqual(described(editor.resolve(path)), described(kernel.resolve(path)), path);
      }
    }
    for (const [alias, path] of [['numpy.bool', 'numpy.bool_'], ['random.normalvariate', 'random.gauss']]) {
      assert.equal(kernel.resolve(alias), kernel.resolve(path), alias);
      assert.equal(editor.resolve(alias), editor.resolve(path), alias);
    }
    const running = createBuiltins();
    assert.deepEqual([...BUILTINS.keys()].sort(), [...running.keys()].sort());
    for (const [name, value] of BUILTINS) assert.deepEqual(described(value), described(running.get(name)), name);
  });

  it("the editor's functions describe and never run; a kernel's run", () => {
    const editor = new KernelSession(quiet, declaredRegistry());
    assert.throws(() => editor.run('import numpy as np\nnp.zeros(3)'), /numpy\.zeros\(\) runs only in an Unroll kernel/);
    assert.throws(() => editor.run('import math\nmath.sqrt(2.0)'), /math\.sqrt\(\) runs only in an Unroll kernel/);
    assert.throws(() => editor.run('import random\nrandom.seed(1)'), /random\.seed\(\) runs only in an Unroll kernel/);
    const kernel = new KernelSession(quiet, runningRegistry());
    assert.equal(kernel.run('import numpy as np\nnp.zeros((2, 3)).shape').value, '(2, 3)');
    assert.equal(kernel.run('import math\nmath.sqrt(2.25)').value, '1.5');
    assert.equal(kernel.run('len([1, 2, 3])').value, '3');
  });
});
