// The shape of the AST as the analyser walks it: an expression's direct sub-expressions,
// and the names a block of statements assigns.
import type * as ast from '../ast';
import { blockNames } from '../bindings';
import type { StaticValue } from './staticValue';

/** The direct sub-expressions of an expression, in source order. */
export function childExpressions(e: ast.Expr): ast.Expr[] {
  switch (e.kind) {
    case 'starred': return [e.value];
    case 'list': case 'tuple': return e.elements;
    case 'dict': return e.entries.flatMap(en => ('spread' in en ? [en.spread] : [en.key, en.value]));
    case 'slice': return [e.lower, e.upper, e.step].filter((x): x is ast.Expr => !!x);
    case 'subscript': return [e.object, e.index];
    case 'attribute': return [e.object];
    case 'unary': return [e.operand];
    case 'binary': case 'boolop': return [e.left, e.right];
    case 'compare': return [e.first, ...e.rest.map(r => r.right)];
    case 'conditional': return [e.test, e.body, e.orElse];
    case 'call': return [e.func, ...e.args.map(a => a.value)];
    case 'fstring': return e.parts.flatMap(p => (typeof p === 'string' ? [] : [p.expr]));
    case 'set': return e.elements;
    case 'lambda': return [...e.params.flatMap(p => (p.default ? [p.default] : [])), e.body];
    case 'comprehension': return [e.element, ...(e.value ? [e.value] : []), ...e.clauses.map(c => (c.kind === 'for' ? c.iter : c.test))];
    default: return [];
  }
}

/** The name an import binds: `import a.b` binds a, `import a.b as c` binds c. */
export function importedName(name: ast.ImportName): string {
  return name.asName ?? name.module.split('.')[0];
}

/** Names a block assigns anywhere inside it (targets, imports, defs, nested loops and ifs). */
export function assignedNames(body: readonly ast.Stmt[]): string[] {
  return [...blockNames(body).assigned];
}

/**
 * Binds `names` to `values` in `scope` while `read` runs, then puts back what they were:
 * a function's parameters and locals, a comprehension's or a lambda's variables.
 */
export function withBound<T>(scope: Map<string, StaticValue>, values: ReadonlyMap<string, StaticValue>, read: () => T, keep = false): T {
  const saved = new Map<string, StaticValue | undefined>();
  for (const [name, value] of values) {
    saved.set(name, scope.get(name));
    scope.set(name, value);
  }
  try {
    return read();
  } finally {
    if (!keep) {
      for (const [name, value] of saved) {
        if (value === undefined) scope.delete(name);
        else scope.set(name, value);
      }
    }
  }
}
