import * as assert from 'assert';
import { declaredRegistry } from '../../../src/language/analysis/declaredRegistry';
import { KERAS_SURFACE } from '../../../src/keras/surface';
import { KernelContext } from '../../../src/kernel/kernelContext';
import { checkImplementations, kernelImplementations, registerKeras } from '../../../src/kernel/keras/register';
import { HostClass, HostObject, runningRegistry, KernelSession, PyFunction, Value, implementClass } from '../../../src/language';

/** Everything the editor reads from a registered value: kind, names, signatures, docs, members, bases. */
function describeValue(value: Value | undefined): unknown {
  const describeClass = <T extends HostObject>(cls: HostClass<T>): unknown => ({
    name: cls.name,
    repr: cls.repr(),
    doc: cls.spec.doc,
    signature: cls.signature,
    lineage: cls.lineage(),
    members: [...cls.memberNames()].sort().map(name => ({ name, method: cls.method(name)?.signature, attribute: cls.attribute(name) })),
  });
  if (value instanceof HostClass) return { kind: 'class', ...(describeClass(value) as object) };
  if (value instanceof PyFunction) return { kind: 'function', typeName: value.typeName, signature: value.signature };
  if (value instanceof HostObject) return { kind: 'instance', cls: describeClass(value.hostClass) };
  return { kind: 'other', value };
}

describe('keras: the editor and the kernel read one surface', () => {
  const editor = declaredRegistry();
  const kernel = registerKeras(runningRegistry(), new KernelContext());

  it('expose the same names, signatures and docs', () => {
    for (const { path } of KERAS_SURFACE) assert.deepStrictEqual(describeValue(editor.resolve(path)), describeValue(kernel.resolve(path)), path);
    for (const module of ['keras', 'keras.layers', 'keras.models', 'keras.optimizers', 'keras.losses', 'keras.metrics', 'keras.callbacks', 'keras.initializers', 'keras.utils', 'keras.preprocessing.text', 'keras.preprocessing.sequence', 'unroll']) {
      assert.deepStrictEqual(editor.memberNames(module).sort(), kernel.memberNames(module).sort(), module);
    }
    assert.deepStrictEqual([...editor.prelude().keys()].sort(), [...kernel.prelude().keys()].sort());
  });

  it('says the editor registry only describes: calling it needs a kernel', () => {
    const session = new KernelSession({ write: () => undefined, interrupted: () => false }, editor);
    assert.throws(() => session.run('LSTM(4)'), /LSTM\(\) runs only in an Unroll kernel/);
    assert.throws(() => session.run('datasets.adding()'), /datasets\.adding\(\) runs only in an Unroll kernel/);
  });

  it('says a context without a training thread cannot train', () => {
    const session = new KernelSession({ write: () => undefined, interrupted: () => false }, kernel);
    session.run('m = Sequential([Dense(1, input_shape=(2,))])');
    assert.throws(() => session.run('m.get_weights()'), /this needs a running Unroll kernel/);
  });

  it('refuses a kernel that misses or adds an implementation', () => {
    const all = kernelImplementations(new KernelContext());
    assert.doesNotThrow(() => checkImplementations(all));
    const missing = new Map(all);
    missing.delete('keras.layers.LSTM');
    assert.throws(() => checkImplementations(missing), /implements no keras\.layers\.LSTM/);
    const extra = new Map(all).set('keras.layers.ConvLSTM2D', all.get('keras.layers.LSTM')!);
    assert.throws(() => checkImplementations(extra), /undeclared keras\.layers\.ConvLSTM2D/);
  });

  it('refuses a class whose methods differ from its declaration', () => {
    const decl = { name: 'Thing', module: 'test', methods: { run: { name: 'Thing.run', params: [] } } };
    assert.throws(() => implementClass(decl, {}), /no implementation for the declared run/);
    assert.throws(() => implementClass(decl, { methods: { run: () => null, walk: () => null } }), /implements undeclared walk/);
  });
});
