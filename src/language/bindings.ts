// Python's scoping of functions and comprehensions, decided from the code before it runs:
// a name assigned anywhere in a function body is local to it (unless declared `global` or
// `nonlocal`), every other name is looked up in the enclosing functions, then the globals.
// Read by the interpreter (its LocalScope) and the static analyser alike.
import type * as ast from './ast';

/** The names a block binds, and those it declares global or nonlocal. */
export interface BlockNames {
  readonly assigned: Set<string>;
  readonly globals: Set<string>;
  readonly nonlocals: Set<string>;
}

export function targetNames(target: ast.Target, out: Set<string> = new Set()): Set<string> {
  switch (target.kind) {
    case 'name': out.add(target.id); break;
    case 'unpack': for (const t of target.elements) targetNames(t, out); break;
    case 'starred-target': targetNames(target.target, out); break;
    default: break;
  }
  return out;
}

/** Walks statements (not into nested defs or comprehensions, which have scopes of their own). */
export function blockNames(body: readonly ast.Stmt[], out: BlockNames = { assigned: new Set(), globals: new Set(), nonlocals: new Set() }): BlockNames {
  for (const s of body) {
    switch (s.kind) {
      case 'assign': for (const t of s.targets) targetNames(t, out.assigned); break;
      case 'augassign': if (s.target.kind === 'name') out.assigned.add(s.target.id); break;
      case 'for':
        targetNames(s.target, out.assigned);
        blockNames(s.body, out);
        if (s.orElse) blockNames(s.orElse, out);
        break;
      case 'while':
        blockNames(s.body, out);
        if (s.orElse) blockNames(s.orElse, out);
        break;
      case 'if':
        for (const b of s.branches) blockNames(b.body, out);
        if (s.orElse) blockNames(s.orElse, out);
        break;
      case 'def': out.assigned.add(s.name); break;
      case 'import': for (const n of s.names) out.assigned.add(n.asName ?? n.module.split('.')[0]); break;
      case 'from-import': for (const n of s.names) out.assigned.add(n.asName ?? n.name); break;
      case 'del': for (const t of s.targets) out.assigned.add(t.id); break;
      case 'global': for (const n of s.names) out.globals.add(n); break;
      case 'nonlocal': for (const n of s.names) out.nonlocals.add(n); break;
      default: break;
    }
  }
  return out;
}

/** Locals of a function whose body is `body` with parameters `params`. */
export function functionLocals(params: readonly string[], body: readonly ast.Stmt[]): BlockNames & { locals: Set<string> } {
  const names = blockNames(body);
  const locals = new Set([...params, ...names.assigned].filter(n => !names.globals.has(n) && !names.nonlocals.has(n)));
  return { ...names, locals };
}
