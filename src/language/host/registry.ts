// The module resolver for keras/tensorflow import paths. The engine side fills it with
// register(path, value); the interpreter and the static checker only read it. It is built
// with the values of numpy, math and random: the kernel's implementations
// (src/language/interp/modules.ts) or the editor's declared stand-ins.
import { PyException } from '../errors';
import { NUMPY_MODULES } from '../declarations/numpy';
import { STANDARD_MODULES } from '../declarations/stdlib';
import { closest, didYouMean } from '../suggest';
import { PyObject, Value } from '../values/types';
import { KERAS_ALIASES, KERAS_MODULES, PRELUDE_MODULES, UNROLL_NAMES } from './kerasCatalog';
import { HostClass, PyUnavailable, noAttribute } from './objects';

/** `import keras.layers` gives one of these; attributes resolve through the registry. */
export class PyModule extends PyObject {
  constructor(readonly path: string, private readonly registry: KerasRegistry) {
    super();
  }
  get typeName(): string {
    return 'module';
  }
  getAttribute(name: string): Value {
    const value = this.registry.resolve(this.path + '.' + name);
    if (value === undefined && this.path.startsWith('numpy')) throw notSupported(`${this.path}.${name}`, name, this.registry.memberNames(this.path));
    if (value === undefined) {
      throw noAttribute(`module '${this.registry.canonical(this.path)}'`, name, this.registry.memberNames(this.path));
    }
    return value;
  }
  override repr(): string {
    return `<module '${this.registry.canonical(this.path)}'>`;
  }
}

/** A numpy name rnn cells do not have: named as unsupported (with a guess for a typo), not a bare AttributeError. */
function notSupported(path: string, name: string, names: string[]): PyException {
  return new PyException('NotImplementedError', `${path} is not supported in rnn cells${didYouMean(name, names)}`);
}

export class KerasRegistry {
  private readonly values = new Map<string, Value>();
  private readonly modules = new Map<string, PyModule>();

  /**
   * Every registry holds numpy, math and random, by path ('numpy.zeros', 'math.pi'): the
   * same declared names and signatures in the kernel (implemented) and the editor (stand-ins).
   */
  constructor(languageModules: Iterable<[string, Value]>) {
    for (const [path, value] of languageModules) this.register(path, value);
  }

  /**
   * Makes `value` what `path` resolves to: 'keras.layers.LSTM', 'keras.optimizers.Adam',
   * or 'unroll.datasets' for Unroll's own globals. tensorflow.keras.* and aliases follow.
   */
  register(path: string, value: Value): void {
    this.values.set(this.canonical(path), value);
  }

  /** tensorflow.keras.layers.LSTM, tf.keras.layers.LSTM, keras.Input → one canonical path. */
  canonical(path: string): string {
    let p = path.replace(/^tf(?=\.|$)/, 'tensorflow');
    if (p.startsWith('tensorflow.keras')) p = p.slice('tensorflow.'.length);
    return KERAS_ALIASES[p] ?? p;
  }

  isModule(path: string): boolean {
    const p = this.canonical(path);
    if (p === 'tensorflow' || p in KERAS_MODULES || NUMPY_MODULES.includes(p)) return true;
    return STANDARD_MODULES.includes(p);
  }

  private isKnownName(canonicalPath: string): boolean {
    const dot = canonicalPath.lastIndexOf('.');
    const names = KERAS_MODULES[canonicalPath.slice(0, dot)];
    return !!names && names.includes(canonicalPath.slice(dot + 1));
  }

  /** The value at a path: a module, a registered value, a PyUnavailable, or undefined. */
  resolve(path: string): Value | undefined {
    const p = this.canonical(path);
    if (this.isModule(p)) return this.module(p);
    const registered = this.values.get(p);
    if (registered !== undefined) return registered;
    if (this.isKnownName(p)) return new PyUnavailable(p);
    if (p.startsWith('unroll.') && UNROLL_NAMES.includes(p.slice('unroll.'.length))) return new PyUnavailable(p);
    return undefined;
  }

  module(path: string): PyModule {
    const p = this.canonical(path);
    let m = this.modules.get(p);
    if (!m) this.modules.set(p, (m = new PyModule(p, this)));
    return m;
  }

  /** Names directly inside a module path: known, registered, and submodules. */
  memberNames(path: string): string[] {
    const p = this.canonical(path);
    if (p === 'tensorflow') return ['keras'];
    const names = new Set(KERAS_MODULES[p] ?? []);
    for (const m of [...Object.keys(KERAS_MODULES), ...NUMPY_MODULES]) if (m.startsWith(p + '.') && !m.slice(p.length + 1).includes('.')) names.add(m.slice(p.length + 1));
    for (const key of this.values.keys()) if (key.startsWith(p + '.') && !key.slice(p.length + 1).includes('.')) names.add(key.slice(p.length + 1));
    return [...names];
  }

  /** `import a.b.c`: checks the module exists (ModuleNotFoundError otherwise). */
  importModule(path: string): PyModule {
    if (!this.isModule(path)) {
      if (path.startsWith('numpy.')) throw notSupported(path, path.slice(path.lastIndexOf('.') + 1), this.memberNames(path.slice(0, path.lastIndexOf('.'))));
      const parent = path.slice(0, path.lastIndexOf('.'));
      const guess = parent && this.isModule(parent) ? closest(path.slice(parent.length + 1), this.memberNames(parent)) : undefined;
      throw new PyException('ModuleNotFoundError', `No module named '${path}'` + (guess ? `. Did you mean: '${parent}.${guess}'?` : ''));
    }
    return this.module(path);
  }

  /** `from module import name` */
  importName(module: string, name: string): Value {
    if (!this.isModule(module)) this.importModule(module);
    const value = this.resolve(module + '.' + name);
    if (value === undefined && this.canonical(module).startsWith('numpy')) throw notSupported(`${module}.${name}`, name, this.memberNames(module));
    if (value === undefined) {
      const guess = closest(name, this.memberNames(module));
      throw new PyException('ImportError', `cannot import name '${name}' from '${this.canonical(module)}'` + (guess ? `. Did you mean: '${guess}'?` : ''));
    }
    return value;
  }

  /** A registered host class by its Python-visible name (for static checks of instances). */
  findHostClass(name: string): HostClass | undefined {
    for (const value of this.values.values()) {
      if (value instanceof HostClass && value.name === name) return value;
    }
    return undefined;
  }

  /** The names a fresh session starts with (see PRELUDE_MODULES). */
  prelude(): Map<string, Value> {
    const names = new Map<string, Value>();
    names.set('keras', this.module('keras'));
    names.set('layers', this.module('keras.layers'));
    for (const m of PRELUDE_MODULES) for (const n of this.memberNames(m)) {
      const v = this.resolve(m + '.' + n);
      if (v !== undefined && !(v instanceof PyModule)) names.set(n, v);
    }
    for (const n of UNROLL_NAMES) names.set(n, this.resolve('unroll.' + n)!);
    for (const key of this.values.keys()) if (key.startsWith('unroll.')) names.set(key.slice('unroll.'.length), this.values.get(key)!);
    return names;
  }
}
