// What a name or dotted chain means to the editor, statically: a module, a Keras class, a
// function, an instance of a host class (model = Sequential() makes `model` a Sequential),
// a method or attribute of one. Nothing runs; unknown is a fine answer.
import { HostClass, HostObject, isHostClass, PyCallable, PyUnavailable } from '../host/objects';
import { KerasRegistry, PyModule } from '../host/registry';
import { parseCell } from '../parse';
import type { Ast, Signature, Value } from '..';
import { createBuiltins } from '../interp/builtins';

export type EditorSymbol =
  | { kind: 'module'; path: string }
  | { kind: 'class'; hostClass: HostClass }
  | { kind: 'function'; name: string; signature?: Signature; builtin: boolean }
  | { kind: 'instance'; hostClass: HostClass }
  | { kind: 'method'; owner: HostClass; name: string; signature: Signature }
  | { kind: 'attribute'; owner: HostClass; name: string; doc?: string; type?: string }
  | { kind: 'unavailable'; path: string }
  | { kind: 'unknown' };

const UNKNOWN: EditorSymbol = { kind: 'unknown' };
// Builtins are pure declarations (print, len, range…); created once.
const BUILTINS = createBuiltins();

function symbolOfValue(value: Value): EditorSymbol {
  if (value instanceof PyModule) return { kind: 'module', path: value.path };
  if (isHostClass(value)) return { kind: 'class', hostClass: value };
  if (value instanceof HostObject) return { kind: 'instance', hostClass: value.hostClass };
  if (value instanceof PyUnavailable) return { kind: 'unavailable', path: value.path };
  if (value instanceof PyCallable) return { kind: 'function', name: value.name, signature: value.signature, builtin: BUILTINS.has(value.name) && BUILTINS.get(value.name) === value };
  return UNKNOWN;
}

/** The callable signature of a symbol: a class's constructor, a function's, a method's. */
export function signatureOf(symbol: EditorSymbol): Signature | undefined {
  switch (symbol.kind) {
    case 'class': return symbol.hostClass.signature ?? { name: symbol.hostClass.name, params: [], doc: symbol.hostClass.spec.doc };
    case 'function': case 'method': return symbol.signature;
    default: return undefined;
  }
}

/** Names visible in a cell, each with what it statically is. */
export class Scope {
  private readonly names = new Map<string, EditorSymbol>();
  private readonly prelude: ReadonlySet<string>;

  constructor(readonly registry: KerasRegistry) {
    const prelude = registry.prelude();
    this.prelude = new Set(prelude.keys());
    for (const [name, value] of BUILTINS) this.names.set(name, symbolOfValue(value));
    for (const [name, value] of prelude) this.names.set(name, symbolOfValue(value));
  }

  get(name: string): EditorSymbol | undefined {
    return this.names.get(name);
  }

  set(name: string, symbol: EditorSymbol): void {
    this.names.set(name, symbol);
  }

  entries(): IterableIterator<[string, EditorSymbol]> {
    return this.names.entries();
  }

  /** Whether `name` is a builtin or prelude name rather than one a cell defined. */
  isPredefined(name: string): boolean {
    return BUILTINS.has(name) || this.prelude.has(name);
  }

  /** `tf.keras.layers.LSTM`, `model.fit`, `datasets.sentiment` → what it is. */
  resolveChain(chain: readonly string[]): EditorSymbol {
    if (chain.length === 0) return UNKNOWN;
    let symbol = this.names.get(chain[0]) ?? UNKNOWN;
    for (const name of chain.slice(1)) symbol = this.member(symbol, name);
    return symbol;
  }

  member(owner: EditorSymbol, name: string): EditorSymbol {
    if (owner.kind === 'module') {
      const value = this.registry.resolve(`${owner.path}.${name}`);
      return value === undefined ? UNKNOWN : symbolOfValue(value);
    }
    if (owner.kind === 'instance') {
      const method = owner.hostClass.method(name);
      if (method) return { kind: 'method', owner: owner.hostClass, name, signature: method.signature };
      const attribute = owner.hostClass.attribute(name);
      if (attribute) return { kind: 'attribute', owner: owner.hostClass, name, doc: attribute.doc, type: attribute.type };
      return UNKNOWN;
    }
    return UNKNOWN;
  }

  /** Member names of a symbol, for completion after a dot. */
  memberNames(owner: EditorSymbol): string[] {
    if (owner.kind === 'module') return this.registry.memberNames(owner.path);
    if (owner.kind === 'instance') return [...new Set(owner.hostClass.memberNames())];
    return [];
  }

  /** What an expression evaluates to, as far as static reading can tell. */
  inferExpr(e: Ast.Expr): EditorSymbol {
    switch (e.kind) {
      case 'name': return this.names.get(e.id) ?? UNKNOWN;
      case 'attribute': return this.member(this.inferExpr(e.object), e.name);
      case 'call': {
        const callee = this.inferExpr(e.func);
        if (callee.kind === 'class') return { kind: 'instance', hostClass: callee.hostClass };
        if (callee.kind === 'attribute' && callee.type) return this.instanceOf(callee.type);
        return UNKNOWN;
      }
      default: return UNKNOWN;
    }
  }

  private instanceOf(typeName: string): EditorSymbol {
    const hostClass = this.registry.findHostClass(typeName);
    return hostClass ? { kind: 'instance', hostClass } : UNKNOWN;
  }

  /** Adds what a cell's statements bind (assignments, imports, loop targets), in order. */
  bindStatements(body: readonly Ast.Stmt[], before = Infinity): void {
    for (const stmt of body) {
      if (stmt.span.from >= before) return;
      this.bindStatement(stmt, before);
    }
  }

  private bindStatement(stmt: Ast.Stmt, before: number): void {
    switch (stmt.kind) {
      case 'assign': {
        const value = this.inferExpr(stmt.value);
        for (const target of stmt.targets) this.bindTarget(target, value);
        return;
      }
      case 'augassign':
        if (stmt.target.kind === 'name' && !this.names.has(stmt.target.id)) this.names.set(stmt.target.id, UNKNOWN);
        return;
      case 'for':
        this.bindTarget(stmt.target, UNKNOWN);
        this.bindStatements(stmt.body, before);
        return;
      case 'if':
        for (const branch of stmt.branches) this.bindStatements(branch.body, before);
        if (stmt.orElse) this.bindStatements(stmt.orElse, before);
        return;
      case 'import':
        for (const name of stmt.names) {
          // `import a.b` binds `a`; `import a.b as c` binds c to a.b (Python's rule).
          const path = name.asName ? name.module : name.module.split('.')[0];
          const bound = name.asName ?? path;
          this.names.set(bound, this.registry.isModule(path) ? { kind: 'module', path: this.registry.canonical(path) } : UNKNOWN);
        }
        return;
      case 'from-import':
        for (const name of stmt.names) {
          const value = this.registry.isModule(stmt.module) ? this.registry.resolve(`${stmt.module}.${name.name}`) : undefined;
          this.names.set(name.asName ?? name.name, value === undefined ? UNKNOWN : symbolOfValue(value));
        }
        return;
      default:
        return;
    }
  }

  private bindTarget(target: Ast.Target, value: EditorSymbol): void {
    if (target.kind === 'name') this.names.set(target.id, value);
    else if (target.kind === 'unpack') for (const element of target.elements) this.bindTarget(element, UNKNOWN);
    else if (target.kind === 'starred-target') this.bindTarget(target.target, UNKNOWN);
  }
}

/** The scope a cell sees: builtins, the prelude, the cells above it, then itself up to `offset`. */
export function scopeFor(registry: KerasRegistry, cellsAbove: readonly string[], source?: string, offset = Infinity): Scope {
  const scope = new Scope(registry);
  for (const cell of cellsAbove) scope.bindStatements(parseCell(cell).module.body);
  if (source !== undefined) scope.bindStatements(parseCell(source).module.body, offset);
  return scope;
}

/**
 * checkCell's knownGlobals for a cell: every name the cells above bind, with the host
 * class name where one is known (so `model.fitt` is flagged in a later cell) and 'object'
 * otherwise (defined, type unknown).
 */
export function knownGlobalsFrom(registry: KerasRegistry, cellsAbove: readonly string[]): Map<string, string> {
  const globals = new NotebookGlobals(registry);
  for (const cell of cellsAbove) globals.add(cell);
  return globals.known();
}

/** knownGlobalsFrom, one cell at a time: a whole notebook is read once, not once per cell. */
export class NotebookGlobals {
  private readonly scope: Scope;
  private readonly globals = new Map<string, string>();

  constructor(registry: KerasRegistry) {
    this.scope = new Scope(registry);
  }

  add(cell: string): void {
    const before = new Map(this.scope.entries());
    this.scope.bindStatements(parseCell(cell).module.body);
    for (const [name, symbol] of this.scope.entries()) {
      if (before.get(name) === symbol) continue;
      this.globals.set(name, symbol.kind === 'instance' ? symbol.hostClass.name : 'object');
    }
  }

  /** A copy: the names the cells added so far bind. */
  known(): Map<string, string> {
    return new Map(this.globals);
  }
}
