// The registry the editor reads: the Keras surface built from its declarations (src/keras)
// alone, so completion, hover, signature help and the static checks know every name, signature
// and doc without loading the kernel or the engine. Calling anything in it raises: it only
// describes; running is the kernel's job.
import type { ClassDecl, SurfaceEntry } from '../../keras/declarations';
import { KERAS_SURFACE } from '../../keras/surface';
import { PyException } from '../errors';
import { ClassImpl, MethodImpl, implementClass, implementFunction } from '../host/declared';
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

/** A fresh registry holding the declared Keras surface (never the shared defaultRegistry). */
export function declaredRegistry(): KerasRegistry {
  const registry = new KerasRegistry();
  const classes = new DeclaredClasses();
  for (const entry of KERAS_SURFACE) registry.register(entry.path, standIn(entry, classes));
  return registry;
}
