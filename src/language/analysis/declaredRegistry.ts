// The registry the editor reads: the Keras surface built from its declarations (src/keras),
// and numpy, math and random from theirs (../declarations), alone, so completion, hover,
// signature help and the static checks know every name, signature and doc without loading
// the kernel, the engine, the interpreter or the arrays. Calling anything in it raises: it
// only describes; running is the kernel's job.
import type { ClassDecl, SurfaceEntry } from '../../keras/declarations';
import { KERAS_SURFACE } from '../../keras/surface';
import { PyException } from '../errors';
import { NUMPY_DECLARATIONS } from '../declarations/numpy';
import { STANDARD_DECLARATIONS } from '../declarations/stdlib';
import { ClassImpl, MemberDecl, MethodImpl, declaredFunctionPaths, implementClass, implementFunction, implementMembers } from '../host/declared';
import { HostClass, HostObject } from '../host/objects';
import { KerasRegistry } from '../host/registry';
import type { Value } from '../values/types';

function kernelOnly(what: string): never {
  throw new PyException('RuntimeError', `${what}() runs only in an Unroll kernel`);
}

/** A declared class with stand-in implementations, its bases built once each. */
class DeclaredClasses {
  private readonly built = new Map<ClassDecl, HostClass>();

  get(decl: ClassDecl): HostClass {
    let cls = this.built.get(decl);
    if (!cls) {
      const methods: Record<string, MethodImpl<HostObject>> = {};
      for (const [name, signature] of Object.entries(decl.methods ?? {})) methods[name] = () => kernelOnly(signature.name);
      const impl: ClassImpl<HostObject> = {
        base: decl.base && this.get(decl.base),
        construct: decl.constructorSignature && (() => kernelOnly(decl.name)),
        methods,
      };
      cls = implementClass(decl, impl);
      this.built.set(decl, cls);
    }
    return cls;
  }
}

/** The one object a declared instance path names (`datasets`): its methods describe, never run. */
class DeclaredInstance extends HostObject {
  constructor(readonly hostClass: HostClass) {
    super();
  }
  override repr(): string {
    return `<${this.hostClass.name}>`;
  }
}

function standIn(entry: SurfaceEntry, classes: DeclaredClasses): Value {
  const { declared } = entry;
  switch (declared.kind) {
    case 'class': return classes.get(declared.decl);
    case 'instance': return new DeclaredInstance(classes.get(declared.decl));
    case 'function': return implementFunction(declared.signature, () => kernelOnly(declared.signature.name));
  }
}

/** Declared functions as stand-ins that describe and never run; constants and aliases as declared. */
export function declaredMembers(decls: readonly MemberDecl[]): [string, Value][] {
  return implementMembers('declarations', decls, new Map(declaredFunctionPaths(decls).map(path => [path, () => kernelOnly(path)])));
}

/** A fresh registry holding the declared Keras surface, numpy, math and random (never a kernel's). */
export function declaredRegistry(): KerasRegistry {
  const registry = new KerasRegistry(declaredMembers([...NUMPY_DECLARATIONS, ...STANDARD_DECLARATIONS]));
  const classes = new DeclaredClasses();
  for (const entry of KERAS_SURFACE) registry.register(entry.path, standIn(entry, classes));
  return registry;
}
