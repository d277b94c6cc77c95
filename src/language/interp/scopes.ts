// The variables of running function calls and comprehensions, scoped as ../bindings.ts
// decides from the code.
import type { Value } from '../values/types';

/** The variables of one running function call or comprehension. */
export class LocalScope {
  readonly vars = new Map<string, Value>();

  constructor(
    /** Names local to this scope (assigned in it and not declared global/nonlocal). */
    readonly locals: ReadonlySet<string>,
    readonly globalNames: ReadonlySet<string>,
    readonly nonlocalNames: ReadonlySet<string>,
    /** The enclosing function's (or comprehension's) scope; undefined at module level. */
    readonly parent: LocalScope | undefined,
  ) {}

  /** The scope that owns `name` among this one and its parents, if any function does. */
  owner(name: string): LocalScope | undefined {
    if (this.globalNames.has(name)) return undefined;
    if (this.locals.has(name)) return this;
    return this.parent?.owner(name);
  }
}
