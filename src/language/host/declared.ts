// Turns Keras declarations (src/keras) into the language's callables: a declared class plus
// an implementation per method becomes a HostClass. The kernel passes its real
// implementations; the editor passes stand-ins. A declared method without an implementation,
// or an implementation of an undeclared one, throws here, when the registry is built.
import type { ClassDecl, DeclaredDefault, DeclaredSignature } from '../../keras/declarations';
import { PyList, Value } from '../values/types';
import { BoundArgs, Signature } from './signature';
import { CallContext, HostClass, HostObject, MethodSpec, PyFunction } from './objects';

/** A declared default as a value: a list of strings becomes a list (fresh per signature). */
function defaultValue(d: DeclaredDefault): Value {
  return Array.isArray(d) ? new PyList([...(d as readonly string[])]) : (d as Exclude<DeclaredDefault, readonly string[]>);
}

function signatureOf(declared: DeclaredSignature): Signature {
  return {
    ...declared,
    params: declared.params.map(p => ('default' in p ? { ...p, default: defaultValue(p.default!) } : p) as Signature['params'][number]),
  };
}

export type MethodImpl<T> = (self: T, args: BoundArgs, ctx: CallContext) => Value;

export interface ClassImpl<T extends HostObject> {
  /** The class built from the declaration's base (inherited methods and type checks). */
  readonly base?: HostClass;
  /** Present exactly when the declaration has a constructor. */
  readonly construct?: (args: BoundArgs, ctx: CallContext) => T;
  /** One per declared method, by name. */
  readonly methods?: Readonly<Record<string, MethodImpl<T>>>;
}

function sameNames(what: string, declared: readonly string[], implemented: readonly string[]): void {
  const missing = declared.filter(n => !implemented.includes(n));
  const extra = implemented.filter(n => !declared.includes(n));
  if (missing.length) throw new Error(`${what}: no implementation for the declared ${missing.join(', ')}`);
  if (extra.length) throw new Error(`${what}: implements undeclared ${extra.join(', ')}`);
}

/** The HostClass of a declaration with its implementations attached by name. */
export function implementClass<T extends HostObject>(decl: ClassDecl, impl: ClassImpl<T>): HostClass<T> {
  sameNames(`${decl.module}.${decl.name}`, Object.keys(decl.methods ?? {}), Object.keys(impl.methods ?? {}));
  sameNames(`${decl.module}.${decl.name}`, decl.constructorSignature ? ['constructor'] : [], impl.construct ? ['constructor'] : []);
  if (decl.base?.name !== impl.base?.name) throw new Error(`${decl.module}.${decl.name}: declared base ${decl.base?.name ?? 'none'}, implemented on ${impl.base?.name ?? 'none'}`);
  const methods: Record<string, MethodSpec<T>> = {};
  for (const [name, signature] of Object.entries(decl.methods ?? {})) methods[name] = { signature: signatureOf(signature), call: impl.methods![name] };
  return new HostClass<T>({
    name: decl.name,
    module: decl.module,
    doc: decl.doc,
    base: impl.base,
    constructorSignature: decl.constructorSignature && signatureOf(decl.constructorSignature),
    construct: impl.construct,
    methods: decl.methods ? methods : undefined,
    attributes: decl.attributes,
  });
}

/** The function a declaration describes, with its implementation. */
export function implementFunction(declared: DeclaredSignature, impl: (args: BoundArgs, ctx: CallContext) => Value): PyFunction {
  return new PyFunction(signatureOf(declared), impl);
}
