// The one static analyser of rnn cells: pure and fast, nothing runs. It walks the cells of a
// notebook in order, as the kernel sees them, once each, and resolves every name to one
// static value (staticValue.ts). From that one walk come the diagnostics (syntax errors,
// unsupported constructs, undefined names, unknown modules and members, calls that do not
// fit their declared signature, shape mismatches), the names each cell sees with what they
// are (hover, completion, signature help) and the shapes of the models the cells build.
// Split by concern: this file walks statements and holds the scope; expressions.ts resolves
// names and values; calls.ts checks calls; shapes/models.ts holds the Keras shape rules.
import type * as ast from '../ast';
import { CellError, PyException } from '../errors';
import type { KerasRegistry } from '../host/registry';
import { ParsedCell, parseCell } from '../parse';
import { Span } from '../source';
import type { WalkContext } from './context';
import { Diagnostic, Severity } from './diagnostic';
import { functionLocals } from '../bindings';
import { Expressions, staticFunction } from './expressions';
import { assignedNames, importedName, withBound } from './expressionTree';
import { Scope } from './scope';
import { BUILTINS, StaticValue, UNKNOWN, symbolOf, vague } from './staticValue';

/** Earlier cells' names when only the kernel knows them: a set, or a map from name to Python type name (session.globalTypes()). */
export type KnownGlobals = Iterable<string> | ReadonlyMap<string, string>;

/** What the analyser found in one cell. */
export interface CellAnalysis {
  /** Every diagnostic of the cell, in source order. */
  readonly diagnostics: Diagnostic[];
  /** The shape mismatches among them. */
  readonly shapes: Diagnostic[];
}

/** One cell being walked. */
interface CellWalk {
  readonly parsed: ParsedCell;
  readonly checks: Diagnostic[];
  readonly shapes: Diagnostic[];
  /** Statements starting at or after this offset are not read (the scope at a cursor). */
  readonly until: number;
  readonly expressions: Expressions;
}

const parseCache = new Map<string, ParsedCell>();
const PARSE_CACHE_SIZE = 256;

/** Every cell is re-read for each cell below it while typing: parse each text once. */
function parsed(source: string): ParsedCell {
  let cell = parseCache.get(source);
  if (!cell) {
    cell = parseCell(source);
    if (parseCache.size >= PARSE_CACHE_SIZE) parseCache.delete(parseCache.keys().next().value as string);
    parseCache.set(source, cell);
  }
  return cell;
}

/** The cells of one notebook, in order; `cell` reads the next one. */
export class Analyser implements WalkContext {
  readonly names = new Map<string, StaticValue>();
  private readonly prelude: ReadonlySet<string>;
  private uncertainDepth = 0;
  private walk!: CellWalk;
  /** Function bodies to read when the block that defines them is done. */
  private pending: (() => void)[] = [];

  constructor(readonly registry: KerasRegistry) {
    const prelude = registry.prelude();
    this.prelude = new Set(prelude.keys());
    for (const [name, value] of BUILTINS) this.names.set(name, { kind: 'py', value });
    for (const [name, value] of prelude) this.names.set(name, { kind: 'py', value });
  }

  /** Names the kernel holds but no cell read here binds (checkCell on its own). */
  seed(known: KnownGlobals): void {
    if (known instanceof Map) {
      for (const [name, type] of known as ReadonlyMap<string, string>) {
        const hostClass = this.registry.findHostClass(type);
        if (!this.names.has(name) || hostClass) this.names.set(name, hostClass ? { kind: 'instance', hostClass } : UNKNOWN);
      }
    } else for (const name of known as Iterable<string>) if (!this.names.has(name)) this.names.set(name, UNKNOWN);
  }

  /** Reads the next cell (up to `until`, for the scope at a cursor) and gives what it found. */
  cell(source: string, until = Infinity): CellAnalysis {
    const cell = parsed(source);
    this.walk = { parsed: cell, checks: cell.errors.map(fromError), shapes: [], until, expressions: new Expressions(this) };
    this.uncertainDepth = 0;
    this.nested(() => this.block(cell.module.body));
    const byPosition = (a: Diagnostic, b: Diagnostic) => a.range.from - b.range.from;
    const shapes = this.walk.shapes.sort(byPosition);
    return { diagnostics: [...this.walk.checks.sort(byPosition), ...shapes].sort(byPosition), shapes };
  }

  /** The names visible after the cells read so far, as the editor sees them. */
  scope(): Scope {
    const symbols = new Map([...this.names].map(([name, value]) => [name, symbolOf(value)] as const));
    return new Scope(this.registry, symbols, name => BUILTINS.has(name) || this.prelude.has(name));
  }

  // ---- WalkContext ----

  get uncertain(): boolean {
    return this.uncertainDepth > 0;
  }

  report(where: Span, code: string, message: string, severity: Severity = 'error'): void {
    this.walk.checks.push({ message, severity, range: this.walk.parsed.lines.range(where), code });
  }

  reportShape(where: Span, message: string, severity: Severity = 'error'): void {
    if (this.uncertain) return;
    this.walk.shapes.push({ message, severity, range: this.walk.parsed.lines.range(where), code: severity === 'error' ? 'ValueError' : 'UserWarning' });
  }

  text(span: Span): string {
    return this.walk.parsed.source.slice(span.from, span.to).replace(/\s+/g, ' ');
  }

  // ---- statements ----

  private block(body: readonly ast.Stmt[]): void {
    for (const stmt of body) {
      if (stmt.span.from >= this.walk.until) return;
      this.statement(stmt);
    }
  }

  private expr(e: ast.Expr): StaticValue {
    return this.walk.expressions.expr(e);
  }

  private statement(stmt: ast.Stmt): void {
    switch (stmt.kind) {
      case 'expr':
        this.expr(stmt.value);
        return;
      case 'assign': {
        const value = this.expr(stmt.value);
        for (const target of stmt.targets) this.bind(target, value);
        return;
      }
      case 'augassign':
        this.expr(stmt.target);
        this.expr(stmt.value);
        this.forget(stmt.target.kind === 'name' ? stmt.target : stmt.target.object);
        return;
      case 'if':
        this.uncertainly(() => {
          for (const branch of stmt.branches) {
            this.expr(branch.test);
            this.block(branch.body);
          }
          if (stmt.orElse) this.block(stmt.orElse);
        });
        return;
      case 'for':
        this.uncertainly(() => {
          this.expr(stmt.iter);
          this.bind(stmt.target, UNKNOWN);
          // A name assigned later in the body is defined on the next iteration: no false alarm.
          for (const name of assignedNames(stmt.body)) if (!this.names.has(name)) this.names.set(name, UNKNOWN);
          this.block(stmt.body);
          if (stmt.orElse) this.block(stmt.orElse);
        });
        return;
      case 'while':
        this.uncertainly(() => {
          for (const name of assignedNames(stmt.body)) if (!this.names.has(name)) this.names.set(name, UNKNOWN);
          this.expr(stmt.test);
          this.block(stmt.body);
          if (stmt.orElse) this.block(stmt.orElse);
        });
        return;
      case 'def':
        this.define(stmt);
        return;
      case 'return':
        if (stmt.value) this.expr(stmt.value);
        return;
      case 'import':
        for (const name of stmt.names) this.importModule(name);
        return;
      case 'from-import':
        for (const name of stmt.names) {
          try {
            this.setName(name.asName ?? name.name, { kind: 'py', value: this.registry.importName(stmt.module, name.name) });
          } catch (e) {
            if (!(e instanceof PyException)) throw e;
            this.report(name.span, e.errorName, e.message);
            this.names.set(name.asName ?? name.name, UNKNOWN);
          }
        }
        return;
      case 'del':
        for (const target of stmt.targets) this.unbind(target);
        return;
      default:
        return;
    }
  }

  /**
   * `def`: defaults are read now; the body when the enclosing block is done (at the end of the
   * cell for a module-level def), as Python looks its names up when the function runs: a
   * global defined below the def is no error. Parameters and the body's own assignments are
   * local to it; names it declares global become module names (a call may bind them).
   */
  private define(stmt: ast.DefStmt): void {
    for (const p of stmt.params) if (p.default) this.expr(p.default);
    this.setName(stmt.name, { kind: 'py', value: staticFunction(stmt.name, stmt.params) });
    const names = functionLocals(stmt.params.map(p => p.name), stmt.body);
    for (const name of names.globals) if (names.assigned.has(name) && !this.names.has(name)) this.names.set(name, UNKNOWN);
    this.pending.push(() => {
      const locals = new Map<string, StaticValue>([...names.locals].map(n => [n, UNKNOWN]));
      // Reading a cell up to a cursor inside this body: its names stay for completion and hover.
      const cursorInside = this.cursorIn(stmt.span);
      withBound(this.names, locals, () => this.uncertainly(() => this.nested(() => this.block(stmt.body))), cursorInside);
    });
  }

  /**
   * Whether the cursor (`until`) is in a def's body: inside its text, or on an indented
   * line below it with only blank space between (where the next line of the body is typed).
   */
  private cursorIn(span: Span): boolean {
    const { until, parsed: { source } } = this.walk;
    if (until <= span.from) return false;
    if (until <= span.to) return true;
    const gap = source.slice(span.to, until);
    const cursorLine = gap.slice(gap.lastIndexOf('\n') + 1);
    return /^\s*$/.test(gap) && /^[ \t]+$/.test(cursorLine);
  }

  /** Reads a block whose defs are read at its end (a function body, the cell). */
  private nested(read: () => void): void {
    const outer = this.pending;
    this.pending = [];
    try {
      read();
      for (let i = 0; i < this.pending.length; i++) this.pending[i]();
    } finally {
      this.pending = outer;
    }
  }

  /** `del name`: later reads are NameErrors, unless the del may not run (in a branch or loop). */
  private unbind(target: ast.NameExpr): void {
    const value = this.expr(target);
    // A builtin is not a global: `del print` fails, and a global that hid one uncovers it.
    const builtin = BUILTINS.get(target.id);
    if (builtin !== undefined && value.kind === 'py' && value.value === builtin) {
      this.report(target.span, 'NameError', `name '${target.id}' is not defined`);
      return;
    }
    if (this.uncertain) return;
    if (builtin === undefined) this.names.delete(target.id);
    else this.names.set(target.id, { kind: 'py', value: builtin });
  }

  private importModule(name: ast.ImportName): void {
    try {
      const module = this.registry.importModule(name.module);
      this.setName(importedName(name), { kind: 'py', value: name.asName ? module : this.registry.module(importedName(name)) });
    } catch (e) {
      if (!(e instanceof PyException)) throw e;
      this.report(name.span, e.errorName, e.message);
      if (!this.names.has(importedName(name))) this.names.set(importedName(name), UNKNOWN);
    }
  }

  /** Code in a branch or a loop may run any number of times, or not at all. */
  private uncertainly(read: () => void): void {
    this.uncertainDepth++;
    try {
      read();
    } finally {
      this.uncertainDepth--;
    }
  }

  private setName(name: string, value: StaticValue): void {
    this.names.set(name, this.uncertain ? vague(value) : value);
  }

  private bind(target: ast.Target, value: StaticValue): void {
    switch (target.kind) {
      case 'name':
        this.setName(target.id, value);
        return;
      case 'unpack': {
        const items = value.kind === 'tuple' && value.items.length === target.elements.length ? value.items : undefined;
        target.elements.forEach((t, i) => this.bind(t, items ? items[i] : UNKNOWN));
        return;
      }
      case 'starred-target':
        this.bind(target.target, UNKNOWN);
        return;
      case 'subscript':
        this.expr(target.object);
        this.expr(target.index);
        this.forget(target.object);
        return;
      case 'attribute':
        this.expr(target.object);
        this.forget(target.object);
        return;
    }
  }

  /** obj[i] = …, obj.attr = …, x += …: what the name holds may have changed; keep only its class. */
  private forget(e: ast.Expr): void {
    const value = e.kind === 'name' ? this.names.get(e.id) : undefined;
    if (value && e.kind === 'name') this.names.set(e.id, vague(value));
  }
}

function fromError(e: CellError): Diagnostic {
  return { message: e.message, severity: 'error', range: e.range, code: e.errorName };
}

/** One cell on its own, with the names the kernel already holds: every diagnostic, in source order. */
export function checkCell(source: string, knownGlobals: KnownGlobals, registry: KerasRegistry): Diagnostic[] {
  const analyser = new Analyser(registry);
  analyser.seed(knownGlobals);
  return analyser.cell(source).diagnostics;
}

/** Every cell's analysis, reading the notebook once from the top. */
export function analyseNotebook(registry: KerasRegistry, sources: readonly string[]): CellAnalysis[] {
  const analyser = new Analyser(registry);
  return sources.map(source => analyser.cell(source));
}
