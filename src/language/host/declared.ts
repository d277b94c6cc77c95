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

/**
 * One name a language module (numpy, math, random) or the builtins declare, as data the
 * editor reads without the implementations: a function's signature, a constant, or a
 * second path for a function declared under another ('numpy.bool' is 'numpy.bool_').
 */
export type MemberDecl =
  | { readonly path: string; readonly signature: Signature; readonly builtin?: boolean }
  | { readonly path: string; readonly value: Value }
  | { readonly path: string; readonly aliasOf: string };

export type FunctionImpl = (args: BoundArgs, ctx: CallContext) => Value;

/** The declared functions' paths, the names an implementation must give. */
export function declaredFunctionPaths(decls: readonly MemberDecl[]): string[] {
  return decls.filter(d => 'signature' in d).map(d => d.path);
}

/**
 * The values of declared members with one implementation per declared function, by path:
 * a declared function without one, or one for an undeclared path, throws here.
 */
export function implementMembers(what: string, decls: readonly MemberDecl[], impls: ReadonlyMap<string, FunctionImpl>): [string, Value][] {
  sameNames(what, declaredFunctionPaths(decls), [...impls.keys()]);
  const values = new Map<string, Value>();
  for (const d of decls) {
    if ('signature' in d) values.set(d.path, new PyFunction(d.signature, impls.get(d.path)!, d.builtin ? 'builtin' : 'function'));
    else if ('value' in d) values.set(d.path, d.value);
    else values.set(d.path, values.get(d.aliasOf)!);
  }
  return [...values];
}
