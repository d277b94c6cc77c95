// The shape of the AST as the analyser walks it: an expression's direct sub-expressions,
// and the names a block of statements assigns.
import type * as ast from '../ast';

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
    default: return [];
  }
}

/** The names an assignment target binds. */
function targetNames(target: ast.Target): string[] {
  switch (target.kind) {
    case 'name': return [target.id];
    case 'unpack': return target.elements.flatMap(targetNames);
    case 'starred-target': return targetNames(target.target);
    default: return [];
  }
}

/** The name an import binds: `import a.b` binds a, `import a.b as c` binds c. */
export function importedName(name: ast.ImportName): string {
  return name.asName ?? name.module.split('.')[0];
}

/** Names a block assigns anywhere inside it (targets, imports, nested loops and ifs). */
export function assignedNames(body: readonly ast.Stmt[]): string[] {
  const out: string[] = [];
  for (const s of body) {
    if (s.kind === 'assign') out.push(...s.targets.flatMap(targetNames));
    else if (s.kind === 'augassign' && s.target.kind === 'name') out.push(s.target.id);
    else if (s.kind === 'for') out.push(...targetNames(s.target), ...assignedNames(s.body));
    else if (s.kind === 'if') {
      for (const b of s.branches) out.push(...assignedNames(b.body));
      if (s.orElse) out.push(...assignedNames(s.orElse));
    } else if (s.kind === 'import') out.push(...s.names.map(importedName));
    else if (s.kind === 'from-import') out.push(...s.names.map(n => n.asName ?? n.name));
  }
  return out;
}
