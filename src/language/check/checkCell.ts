// Static checks for the editor: pure and fast, nothing runs. Finds syntax errors,
// unsupported constructs, names not defined by this or earlier cells, unknown modules and
// members, and calls whose keyword names or literal argument types do not fit the
// declared signature of a Keras/builtin callable.
import * as ast from '../ast';
import { CellError, PyException } from '../errors';
import { HostClass, PyCallable, PyUnavailable, isHostClass } from '../host/objects';
import { KerasRegistry, PyModule, defaultRegistry } from '../host/registry';
import { Param, Signature, checkArgument, isOptional, unexpectedKeywordMessage } from '../host/signature';
import { createBuiltins } from '../interp/builtins';
import { parseCell } from '../parse';
import { LineIndex, Span } from '../source';
import { didYouMean } from '../suggest';
import { PyDict, PyList, PyTuple, Value } from '../values/types';
import { Diagnostic, Severity } from './diagnostic';

/** Earlier cells' names: a set, or a map from name to Python type name (session.globalTypes()). */
export type KnownGlobals = Iterable<string> | ReadonlyMap<string, string>;

/** What the checker knows about a name without running anything. */
type StaticInfo =
  | { kind: 'value'; value: Value }
  | { kind: 'instance'; hostClass: HostClass }
  | { kind: 'unknown' };

const UNKNOWN: StaticInfo = { kind: 'unknown' };
const BUILTIN_NAMES = createBuiltins();

export function checkCell(source: string, knownGlobals: KnownGlobals, registry: KerasRegistry = defaultRegistry): Diagnostic[] {
  const parsed = parseCell(source);
  const diagnostics: Diagnostic[] = parsed.errors.map(e => fromError(e));
  const checker = new Checker(parsed.lines, registry, diagnostics);
  checker.seed(knownGlobals);
  checker.block(parsed.module.body);
  return diagnostics.sort((a, b) => a.range.from - b.range.from);
}

function fromError(e: CellError, severity: Severity = 'error'): Diagnostic {
  return { message: e.message, severity, range: e.range, code: e.errorName };
}

class Checker {
  private readonly names = new Map<string, StaticInfo>();

  constructor(private readonly lines: LineIndex, private readonly registry: KerasRegistry, private readonly out: Diagnostic[]) {}

  seed(known: KnownGlobals): void {
    for (const [name, value] of BUILTIN_NAMES) this.names.set(name, { kind: 'value', value });
    for (const [name, value] of this.registry.prelude()) this.names.set(name, { kind: 'value', value });
    if (isTypeMap(known)) {
      for (const [name, type] of known) {
        const hostClass = this.registry.findHostClass(type);
        if (!this.names.has(name) || hostClass) this.names.set(name, hostClass ? { kind: 'instance', hostClass } : UNKNOWN);
      }
    } else for (const name of known) if (!this.names.has(name)) this.names.set(name, UNKNOWN);
  }

  private report(where: Span, code: string, message: string, severity: Severity = 'error'): void {
    this.out.push({ message, severity, range: this.lines.range(where), code });
  }

  block(body: readonly ast.Stmt[]): void {
    for (const stmt of body) this.statement(stmt);
  }

  private statement(stmt: ast.Stmt): void {
    switch (stmt.kind) {
      case 'expr':
        this.expr(stmt.value);
        return;
      case 'assign': {
        const info = this.expr(stmt.value);
        for (const target of stmt.targets) this.bind(target, info);
        return;
      }
      case 'augassign':
        this.expr(stmt.target);
        this.expr(stmt.value);
        return;
      case 'if':
        for (const branch of stmt.branches) {
          this.expr(branch.test);
          this.block(branch.body);
        }
        if (stmt.orElse) this.block(stmt.orElse);
        return;
      case 'for':
        this.expr(stmt.iter);
        this.bind(stmt.target, UNKNOWN);
        // A name assigned later in the body is defined on the next iteration: no false alarm.
        for (const name of assignedNames(stmt.body)) if (!this.names.has(name)) this.names.set(name, UNKNOWN);
        this.block(stmt.body);
        return;
      case 'import':
        for (const name of stmt.names) {
          try {
            const module = this.registry.importModule(name.module);
            if (name.asName) this.names.set(name.asName, { kind: 'value', value: module });
            else this.names.set(name.module.split('.')[0], { kind: 'value', value: this.registry.module(name.module.split('.')[0]) });
          } catch (e) {
            if (!(e instanceof PyException)) throw e;
            this.report(name.span, e.errorName, e.message);
            const bound = name.asName ?? name.module.split('.')[0];
            if (!this.names.has(bound)) this.names.set(bound, UNKNOWN);
          }
        }
        return;
      case 'from-import':
        for (const name of stmt.names) {
          try {
            this.names.set(name.asName ?? name.name, { kind: 'value', value: this.registry.importName(stmt.module, name.name) });
          } catch (e) {
            if (!(e instanceof PyException)) throw e;
            this.report(name.span, e.errorName, e.message);
            this.names.set(name.asName ?? name.name, UNKNOWN);
          }
        }
        return;
      default:
        return;
    }
  }

  private bind(target: ast.Target, info: StaticInfo): void {
    switch (target.kind) {
      case 'name':
        this.names.set(target.id, info);
        return;
      case 'subscript':
        this.expr(target.object);
        this.expr(target.index);
        return;
      case 'attribute':
        this.expr(target.object);
        return;
      case 'unpack':
        for (const e of target.elements) this.bind(e, UNKNOWN);
        return;
      case 'starred-target':
        this.bind(target.target, UNKNOWN);
        return;
    }
  }

  /** Checks an expression and returns what is statically known about its value. */
  private expr(e: ast.Expr): StaticInfo {
    switch (e.kind) {
      case 'name': {
        const info = this.names.get(e.id);
        if (info) return info;
        this.report(e.span, 'NameError', `name '${e.id}' is not defined${didYouMean(e.id, this.names.keys())}`);
        this.names.set(e.id, UNKNOWN); // one report per name and cell
        return UNKNOWN;
      }
      case 'attribute':
        return this.attribute(e);
      case 'call':
        return this.call(e);
      case 'fstring':
        for (const part of e.parts) if (typeof part !== 'string') this.formatted(part);
        return UNKNOWN;
      default:
        for (const child of childExprs(e)) this.expr(child);
        return UNKNOWN;
    }
  }

  private formatted(part: ast.FormattedValue): void {
    this.expr(part.expr);
    for (const p of part.spec ?? []) if (typeof p !== 'string') this.formatted(p);
  }

  private attribute(e: ast.Attribute): StaticInfo {
    const owner = this.expr(e.object);
    if (owner.kind === 'value' && owner.value instanceof PyModule) {
      const value = this.registry.resolve(owner.value.path + '.' + e.name);
      if (value === undefined) {
        this.report(e.nameSpan, 'AttributeError', `module '${owner.value.path}' has no attribute '${e.name}'${didYouMean(e.name, this.registry.memberNames(owner.value.path))}`);
        return UNKNOWN;
      }
      return { kind: 'value', value };
    }
    if (owner.kind === 'instance') {
      const cls = owner.hostClass;
      if (!cls.method(e.name) && !cls.attribute(e.name)) {
        this.report(e.nameSpan, 'AttributeError', `'${cls.name}' object has no attribute '${e.name}'${didYouMean(e.name, cls.memberNames())}`);
      }
    }
    return UNKNOWN;
  }

  private call(e: ast.CallExpr): StaticInfo {
    const callee = this.expr(e.func);
    for (const arg of e.args) this.expr(arg.value);
    let signature: Signature | undefined;
    let result: StaticInfo = UNKNOWN;
    if (callee.kind === 'value') {
      const f = callee.value;
      if (f instanceof PyUnavailable) {
        this.report(e.func.span, 'NotImplementedError', f.error().message, 'warning');
        return UNKNOWN;
      }
      if (f instanceof PyCallable) signature = f.signature;
      if (isHostClass(f)) result = { kind: 'instance', hostClass: f };
    } else if (callee.kind === 'unknown' && e.func.kind === 'attribute') {
      const owner = this.peekInstance(e.func.object);
      signature = owner?.method(e.func.name)?.signature;
    }
    if (signature) this.checkArguments(signature, e);
    return result;
  }

  /** The host class of an expression already checked, without reporting twice. */
  private peekInstance(e: ast.Expr): HostClass | undefined {
    if (e.kind === 'name') {
      const info = this.names.get(e.id);
      return info?.kind === 'instance' ? info.hostClass : undefined;
    }
    return undefined;
  }

  private checkArguments(signature: Signature, call: ast.CallExpr): void {
    const params = signature.params;
    const positional = params.filter(p => p.kind === undefined || p.kind === 'positional-only' || p.kind === 'positional-or-keyword');
    const hasVarPositional = params.some(p => p.kind === 'var-positional');
    const hasVarKeyword = params.some(p => p.kind === 'var-keyword');
    const spreads = call.args.some(a => a.kind === 'star' || a.kind === 'doublestar');
    const given = new Set<string>();
    let unknownKeyword = false;
    let index = 0;
    for (const arg of call.args) {
      if (arg.kind === 'positional') {
        const param = positional[index++];
        if (param) {
          given.add(param.name);
          this.checkLiteral(signature, param, arg.value);
        } else if (!hasVarPositional && !spreads) {
          this.report(arg.span, 'TypeError', `${signature.name}() takes ${positional.length} positional argument${positional.length === 1 ? '' : 's'} but ${call.args.filter(a => a.kind === 'positional').length} were given`);
          return;
        }
      } else if (arg.kind === 'keyword') {
        const param = params.find(p => p.name === arg.name && p.kind !== 'var-positional' && p.kind !== 'var-keyword' && p.kind !== 'positional-only');
        if (!param) {
          if (!hasVarKeyword) this.report(arg.nameSpan, 'TypeError', unexpectedKeywordMessage(signature, arg.name));
          unknownKeyword = true;
          continue;
        }
        given.add(param.name);
        this.checkLiteral(signature, param, arg.value);
      }
    }
    // Python reports the unexpected keyword, not the parameter it was probably meant for.
    if (spreads || unknownKeyword) return;
    const missing = params.find(p => !isOptional(p) && !given.has(p.name));
    if (missing) this.report(call.span, 'TypeError', `${signature.name}() missing required argument '${missing.name}'`);
  }

  /** A literal argument of the wrong declared type is certain to fail: say so now. */
  private checkLiteral(signature: Signature, param: Param, value: ast.Expr): void {
    const literal = literalValue(value);
    if (literal === undefined) return;
    try {
      checkArgument(signature, param, literal);
    } catch (e) {
      if (!(e instanceof PyException)) throw e;
      this.report(value.span, e.errorName, e.message);
    }
  }
}

function isTypeMap(known: KnownGlobals): known is ReadonlyMap<string, string> {
  return known instanceof Map;
}

/** The value of a literal expression, or undefined when it is not a plain literal. */
function literalValue(e: ast.Expr): Value | undefined {
  switch (e.kind) {
    case 'int': case 'float': case 'str': case 'const': return e.value;
    case 'fstring': return '';
    case 'unary': {
      const inner = literalValue(e.operand);
      if (e.op === '-' && typeof inner === 'bigint') return -inner;
      if (e.op === '-' && typeof inner === 'number') return -inner;
      return undefined;
    }
    case 'list': return new PyList([]);
    case 'tuple': return new PyTuple([]);
    case 'dict': return new PyDict();
    default: return undefined;
  }
}

function childExprs(e: ast.Expr): ast.Expr[] {
  switch (e.kind) {
    case 'starred': return [e.value];
    case 'list': case 'tuple': return e.elements;
    case 'dict': return e.entries.flatMap(en => ('spread' in en ? [en.spread] : [en.key, en.value]));
    case 'slice': return [e.lower, e.upper, e.step].filter((x): x is ast.Expr => !!x);
    case 'subscript': return [e.object, e.index];
    case 'unary': return [e.operand];
    case 'binary': case 'boolop': return [e.left, e.right];
    case 'compare': return [e.first, ...e.rest.map(r => r.right)];
    case 'conditional': return [e.test, e.body, e.orElse];
    default: return [];
  }
}

/** Names a block assigns anywhere inside it (targets, imports, nested loops and ifs). */
function assignedNames(body: readonly ast.Stmt[]): string[] {
  const out: string[] = [];
  const fromTarget = (t: ast.Target) => {
    if (t.kind === 'name') out.push(t.id);
    else if (t.kind === 'unpack') t.elements.forEach(fromTarget);
    else if (t.kind === 'starred-target') fromTarget(t.target);
  };
  for (const s of body) {
    if (s.kind === 'assign') s.targets.forEach(fromTarget);
    else if (s.kind === 'augassign' && s.target.kind === 'name') out.push(s.target.id);
    else if (s.kind === 'for') {
      fromTarget(s.target);
      out.push(...assignedNames(s.body));
    } else if (s.kind === 'if') {
      for (const b of s.branches) out.push(...assignedNames(b.body));
      if (s.orElse) out.push(...assignedNames(s.orElse));
    } else if (s.kind === 'import') for (const n of s.names) out.push(n.asName ?? n.module.split('.')[0]);
    else if (s.kind === 'from-import') for (const n of s.names) out.push(n.asName ?? n.name);
  }
  return out;
}
