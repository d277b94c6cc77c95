// The tree-walking evaluator over the typed AST. It knows Python's evaluation order and
// scoping (one global namespace per notebook), and attaches the range of the expression
// being evaluated to any error raised below it.
// Over 500 lines since def, comprehensions, while and the operator hooks landed (functions and
// scopes already live in functions.ts and scopes.ts); statements and expressions are the next split.
import * as ast from '../ast';
import { CellError, PyException } from '../errors';
import { BoundMethod, CallContext, HostClass, HostObject, PyCallable, PyUnavailable, noAttribute } from '../host/objects';
import type { BoundArgs, Param } from '../host/signature';
import { KerasRegistry, PyModule } from '../host/registry';
import { LineIndex, Span } from '../source';
import { didYouMean } from '../suggest';
import { binaryOp, unaryOp } from '../values/arithmetic';
import { richCompare } from '../values/compare';
import { formatValue } from '../values/format';
import { checkSequenceLength, growthDueForCheck } from '../values/limits';
import { isIterable, iterate, truthy } from '../values/protocols';
import { repr, str } from '../values/repr';
import { getItem, setItem } from '../values/subscript';
import { PyDict, PyEllipsis, PyIterator, PyList, PySet, PySlice, PyTuple, Value, typeName } from '../values/types';
import { collect, unpack } from './collect';
import { UserFunction } from './functions';
import { builtinMethod, builtinMethodNames } from './methods';
import { functionLocals, targetNames } from '../bindings';
import { LocalScope } from './scopes';

/** How a block ended early: a loop's `break`/`continue`, or a function's `return` with its value. */
type Flow = 'break' | 'continue' | { readonly returned: Value } | undefined;

export interface EvaluatorEnv {
  readonly globals: Map<string, Value>;
  readonly builtins: ReadonlyMap<string, Value>;
  readonly registry: KerasRegistry;
  readonly lines: LineIndex;
  readonly callContext: CallContext;
  /** Counts a step and throws KeyboardInterrupt (with `where`) when the user interrupted. */
  tick(where: Span): void;
}

export class Evaluator {
  /** The loops being run, innermost last: an interrupt inside a loop points at the loop. */
  private readonly loops: Span[] = [];

  /** @param scope the running function's (or comprehension's) variables; undefined at module level. */
  constructor(private readonly env: EvaluatorEnv, private readonly scope?: LocalScope) {}

  private error(where: Span, name: string, message: string): CellError {
    return new CellError(name, message, this.env.lines.range(where));
  }

  /** Runs `fn`; a PyException from below becomes a CellError at `where`. */
  private at<T>(where: Span, fn: () => T): T {
    try {
      return fn();
    } catch (e) {
      if (e instanceof PyException) throw this.error(where, e.errorName, e.message);
      throw e;
    }
  }

  // ---- statements ----

  execBlock(body: readonly ast.Stmt[]): Flow {
    for (const stmt of body) {
      const flow = this.exec(stmt);
      if (flow) return flow;
    }
    return undefined;
  }

  exec(stmt: ast.Stmt): Flow {
    this.env.tick(this.loops[this.loops.length - 1] ?? stmt.span);
    switch (stmt.kind) {
      case 'expr':
        this.eval(stmt.value);
        return undefined;
      case 'assign': {
        const value = this.eval(stmt.value);
        for (const target of stmt.targets) this.assign(target, value);
        return undefined;
      }
      case 'augassign':
        this.augAssign(stmt);
        return undefined;
      case 'if':
        for (const branch of stmt.branches) if (truthy(this.eval(branch.test))) return this.execBlock(branch.body);
        return stmt.orElse ? this.execBlock(stmt.orElse) : undefined;
      case 'for':
        return this.forLoop(stmt);
      case 'while':
        return this.whileLoop(stmt);
      case 'def':
        this.store(stmt.name, this.define(stmt.name, stmt.params, stmt.body, stmt.span));
        return undefined;
      case 'return':
        return { returned: stmt.value ? this.eval(stmt.value) : null };
      case 'global':
      case 'nonlocal':
        return undefined;
      case 'import':
        for (const name of stmt.names) this.importModule(name);
        return undefined;
      case 'from-import':
        for (const name of stmt.names) {
          const value = this.at(name.span, () => this.env.registry.importName(stmt.module, name.name));
          this.store(name.asName ?? name.name, value);
        }
        return undefined;
      case 'del':
        for (const target of stmt.targets) this.unbind(target);
        return undefined;
      case 'pass':
        return undefined;
      case 'break':
      case 'continue':
        return stmt.kind;
    }
  }

  /** Runs a cell's statements; returns the last statement's value if it is an expression. */
  execCell(body: readonly ast.Stmt[]): Value | undefined {
    for (let i = 0; i < body.length; i++) {
      const stmt = body[i];
      if (i === body.length - 1 && stmt.kind === 'expr') {
        this.env.tick(stmt.span);
        return this.eval(stmt.value);
      }
      this.exec(stmt);
    }
    return undefined;
  }

  private importModule(name: ast.ImportName): void {
    const registry = this.env.registry;
    const module = this.at(name.span, () => registry.importModule(name.module));
    // `import a.b` binds `a`; `import a.b as c` binds c to a.b (Python's rule).
    if (name.asName) this.store(name.asName, module);
    else {
      const root = name.module.split('.')[0];
      this.store(root, registry.module(root));
    }
  }

  private forLoop(stmt: ast.ForStmt): Flow {
    const iterable = this.eval(stmt.iter);
    const it = this.at(stmt.iter.span, () => iterate(iterable));
    this.loops.push(stmt.span);
    try {
      for (;;) {
        this.env.tick(stmt.span);
        const next = this.at(stmt.iter.span, () => it.next());
        if (next.done) break;
        this.assign(stmt.target, next.value);
        const flow = this.execBlock(stmt.body);
        if (flow === 'break') return undefined;
        if (typeof flow === 'object') return flow;
      }
    } finally {
      this.loops.pop();
    }
    return stmt.orElse ? this.execBlock(stmt.orElse) : undefined;
  }

  /** `while test:` checks the interrupt and the step budget on every round, as `for` does. */
  private whileLoop(stmt: ast.WhileStmt): Flow {
    this.loops.push(stmt.span);
    try {
      for (;;) {
        this.env.tick(stmt.span);
        if (!truthy(this.eval(stmt.test))) break;
        const flow = this.execBlock(stmt.body);
        if (flow === 'break') return undefined;
        if (typeof flow === 'object') return flow;
      }
    } finally {
      this.loops.pop();
    }
    return stmt.orElse ? this.execBlock(stmt.orElse) : undefined;
  }

  /**
   * A function value for `def` or `lambda`: defaults are evaluated now, the body at each call,
   * in a new scope whose parent is the scope the function was defined in (its closure).
   */
  private define(name: string, params: readonly ast.FuncParam[], body: readonly ast.Stmt[] | ast.Expr, span: Span): UserFunction {
    const signatureParams: Param[] = params.map(p => (p.default ? { name: p.name, kind: p.kind, default: this.eval(p.default) } : { name: p.name, kind: p.kind }));
    const names = Array.isArray(body) ? functionLocals(params.map(p => p.name), body) : { locals: new Set(params.map(p => p.name)), globals: new Set<string>(), nonlocals: new Set<string>() };
    for (const n of names.nonlocals) {
      if (!this.scope?.owner(n)) throw this.error(span, 'SyntaxError', `no binding for nonlocal '${n}' found`);
    }
    const closure = this.scope;
    const env = this.env;
    const run = (args: BoundArgs): Value => {
      const scope = new LocalScope(names.locals, names.globals, names.nonlocals, closure);
      for (const p of params) scope.vars.set(p.name, args[p.name]);
      const evaluator = new Evaluator(env, scope);
      if (!Array.isArray(body)) return evaluator.eval(body as ast.Expr);
      const flow = evaluator.execBlock(body as readonly ast.Stmt[]);
      return typeof flow === 'object' ? flow.returned : null;
    };
    return new UserFunction(name, { name, params: signatureParams }, run, this.env.lines);
  }

  private augAssign(stmt: ast.AugAssignStmt): void {
    const target = stmt.target;
    if (target.kind === 'name') {
      const current = this.lookup(target);
      const value = this.eval(stmt.value);
      this.store(target.id, this.inPlace(stmt, current, value));
    } else if (target.kind === 'subscript') {
      const container = this.eval(target.object);
      const key = this.index(target.index);
      const current = this.at(target.span, () => getItem(container, key));
      const value = this.eval(stmt.value);
      const result = this.inPlace(stmt, current, value);
      this.at(target.span, () => setItem(container, key, result, v => collect(v)));
    } else {
      const object = this.eval(target.object);
      const current = this.getAttribute(object, target);
      const value = this.eval(stmt.value);
      this.setAttribute(object, target, this.inPlace(stmt, current, value));
    }
  }

  /** `x += y`: lists extend in place (Python's __iadd__); everything else rebinds. */
  private inPlace(stmt: ast.AugAssignStmt, current: Value, value: Value): Value {
    return this.at(stmt.span, () => {
      if (stmt.op === '+' && current instanceof PyList) {
        const items = collect(value);
        checkSequenceLength(current.items.length + items.length);
        current.items.push(...items);
        return current;
      }
      return binaryOp(stmt.op, current, value);
    });
  }

  private assign(target: ast.Target, value: Value): void {
    switch (target.kind) {
      case 'name':
        this.store(target.id, value);
        return;
      case 'subscript': {
        const container = this.eval(target.object);
        const key = this.index(target.index);
        this.at(target.span, () => setItem(container, key, value, v => collect(v)));
        return;
      }
      case 'attribute':
        this.setAttribute(this.eval(target.object), target, value);
        return;
      case 'unpack': {
        const starredAt = target.elements.findIndex(e => e.kind === 'starred-target');
        const values = this.at(target.span, () => unpack(value, target.elements.length, starredAt));
        target.elements.forEach((element, i) => this.assign(element, values[i]));
        return;
      }
      case 'starred-target':
        this.assign(target.target, value);
        return;
    }
  }

  // ---- expressions ----

  eval(expr: ast.Expr): Value {
    switch (expr.kind) {
      case 'int': return expr.value;
      case 'float': return expr.value;
      case 'str': return expr.value;
      case 'const': return expr.value;
      case 'ellipsis': return PyEllipsis.instance;
      case 'fstring': return this.fstring(expr.parts, expr.span);
      case 'name': return this.lookup(expr);
      case 'list': return new PyList(this.elements(expr.elements));
      case 'tuple': return new PyTuple(this.elements(expr.elements));
      case 'dict': return this.dict(expr);
      case 'starred': throw this.error(expr.span, 'SyntaxError', "can't use starred expression here");
      case 'slice': throw this.error(expr.span, 'SyntaxError', 'a slice is only allowed inside []');
      case 'subscript': {
        const container = this.eval(expr.object);
        const key = this.index(expr.index);
        return this.at(expr.span, () => getItem(container, key));
      }
      case 'attribute': return this.getAttribute(this.eval(expr.object), expr);
      case 'unary': {
        const operand = this.eval(expr.operand);
        if (expr.op === 'not') return !truthy(operand);
        return this.at(expr.span, () => unaryOp(expr.op as '-' | '+' | '~', operand));
      }
      case 'binary': {
        const left = this.eval(expr.left);
        const right = this.eval(expr.right);
        return this.at(expr.span, () => binaryOp(expr.op, left, right));
      }
      case 'boolop': {
        const left = this.eval(expr.left);
        if (expr.op === 'and' ? !truthy(left) : truthy(left)) return left;
        return this.eval(expr.right);
      }
      case 'compare': return this.compareChain(expr);
      case 'conditional': return truthy(this.eval(expr.test)) ? this.eval(expr.body) : this.eval(expr.orElse);
      case 'call': return this.call(expr);
      case 'lambda': return this.define('<lambda>', expr.params, expr.body, expr.span);
      case 'comprehension': return this.comprehension(expr);
      case 'set': return this.at(expr.span, () => PySet.of(this.elements(expr.elements)));
    }
  }

  /**
   * A comprehension runs in a scope of its own (its loop variables do not leak). The first
   * iterable is evaluated here, in the enclosing scope, as Python does; list, set and dict
   * comprehensions run to the end now; a generator expression is lazy, one item per next().
   */
  private comprehension(expr: ast.Comprehension): Value {
    const first = expr.clauses[0] as Extract<ast.CompClause, { kind: 'for' }>;
    const iterable = this.eval(first.iter);
    const firstIterator = this.at(first.iter.span, () => iterate(iterable));
    const locals = new Set<string>();
    for (const c of expr.clauses) if (c.kind === 'for') targetNames(c.target, locals);
    const inner = new Evaluator(this.env, new LocalScope(locals, new Set(), new Set(), this.scope));
    const items = inner.produce(expr, 0, firstIterator);
    switch (expr.type) {
      case 'generator':
        return new PyIterator('generator', items);
      case 'list': {
        const out: Value[] = [];
        for (let r = items.next(); !r.done; r = items.next()) {
          out.push(r.value);
          if (growthDueForCheck(out.length)) this.at(expr.span, () => checkSequenceLength(out.length));
        }
        return new PyList(out);
      }
      case 'set': {
        const out = new PySet();
        for (let r = items.next(); !r.done; r = items.next()) {
          const v = r.value;
          this.at(expr.element.span, () => out.add(v));
        }
        return out;
      }
      case 'dict': {
        const out = new PyDict();
        for (let r = items.next(); !r.done; r = items.next()) {
          const [k, v] = (r.value as PyTuple).items;
          this.at(expr.element.span, () => out.set(k, v));
        }
        return out;
      }
    }
  }

  /** The items of a comprehension from clause `at` on; a dict comprehension's are (key, value) tuples. */
  private *produce(expr: ast.Comprehension, at: number, firstIterator?: Iterator<Value>): Generator<Value, void, undefined> {
    if (at === expr.clauses.length) {
      if (expr.type === 'dict') {
        const key = this.eval(expr.element);
        yield new PyTuple([key, this.eval(expr.value!)]);
      } else yield this.eval(expr.element);
      return;
    }
    const clause = expr.clauses[at];
    if (clause.kind === 'if') {
      if (truthy(this.eval(clause.test))) yield* this.produce(expr, at + 1);
      return;
    }
    const it = firstIterator ?? this.iterator(clause.iter);
    for (;;) {
      this.env.tick(expr.span);
      const next = this.at(clause.iter.span, () => it.next());
      if (next.done) return;
      this.assign(clause.target, next.value);
      yield* this.produce(expr, at + 1);
    }
  }

  private iterator(e: ast.Expr): Iterator<Value> {
    const v = this.eval(e);
    return this.at(e.span, () => iterate(v));
  }

  private lookup(name: ast.NameExpr): Value {
    const owner = this.scope?.owner(name.id);
    if (owner) {
      const local = owner.vars.get(name.id);
      if (local !== undefined) return local;
      if (owner === this.scope) throw this.error(name.span, 'UnboundLocalError', `cannot access local variable '${name.id}' where it is not associated with a value`);
      throw this.error(name.span, 'NameError', `cannot access free variable '${name.id}' where it is not associated with a value in enclosing scope`);
    }
    const value = this.env.globals.get(name.id) ?? this.env.builtins.get(name.id);
    if (value !== undefined) return value;
    const known = new Set([...this.visibleLocals(), ...this.env.globals.keys(), ...this.env.builtins.keys()]);
    throw this.error(name.span, 'NameError', `name '${name.id}' is not defined${didYouMean(name.id, known)}`);
  }

  /** Names bound in the running function and the ones around it, for "did you mean". */
  private visibleLocals(): string[] {
    const out: string[] = [];
    for (let s = this.scope; s; s = s.parent) out.push(...s.vars.keys());
    return out;
  }

  /** Binds a name where Python would: the function's own scope, a nonlocal's, or the globals. */
  private store(id: string, value: Value): void {
    const scope = this.scope;
    if (!scope || scope.globalNames.has(id)) this.env.globals.set(id, value);
    else if (scope.nonlocalNames.has(id)) (scope.parent?.owner(id) ?? scope).vars.set(id, value);
    else scope.vars.set(id, value);
  }

  /** `del name`, in the scope that holds it. */
  private unbind(target: ast.NameExpr): void {
    const scope = this.scope;
    const local = scope && !scope.globalNames.has(target.id) ? (scope.nonlocalNames.has(target.id) ? scope.parent?.owner(target.id) : scope) : undefined;
    const deleted = local ? local.vars.delete(target.id) : this.env.globals.delete(target.id);
    if (!deleted) throw this.error(target.span, 'NameError', `name '${target.id}' is not defined`);
  }

  /** List/tuple displays, expanding `*iterable` items. */
  private elements(exprs: readonly ast.Expr[]): Value[] {
    const out: Value[] = [];
    for (const e of exprs) {
      if (e.kind === 'starred') {
        const v = this.eval(e.value);
        out.push(...this.at(e.span, () => collect(v)));
        this.at(e.span, () => checkSequenceLength(out.length));
      } else out.push(this.eval(e));
    }
    return out;
  }

  private dict(expr: ast.DictExpr): PyDict {
    const d = new PyDict();
    for (const entry of expr.entries) {
      if ('spread' in entry) {
        const other = this.eval(entry.spread);
        if (!(other instanceof PyDict)) throw this.error(entry.spread.span, 'TypeError', `'${typeName(other)}' object is not a mapping`);
        for (const [k, v] of other.entries()) d.set(k, v);
      } else {
        const key = this.eval(entry.key);
        const value = this.eval(entry.value);
        this.at(entry.key.span, () => d.set(key, value));
      }
    }
    return d;
  }

  /** Evaluates a subscript's index: slices become PySlice, tuples of them a PyTuple. */
  private index(expr: ast.Expr): Value {
    if (expr.kind === 'slice') {
      const part = (e?: ast.Expr) => (e ? this.eval(e) : null);
      return new PySlice(part(expr.lower), part(expr.upper), part(expr.step));
    }
    if (expr.kind === 'tuple') return new PyTuple(expr.elements.map(e => this.index(e)));
    return this.eval(expr);
  }

  private compareChain(expr: ast.CompareExpr): Value {
    let left = this.eval(expr.first);
    if (expr.rest.length === 1) {
      const value = this.eval(expr.rest[0].right);
      return this.at(expr.span, () => richCompare(expr.rest[0].op, left, value));
    }
    for (const { op, right } of expr.rest) {
      const value = this.eval(right);
      const ok = this.at(expr.span, () => truthy(richCompare(op, left, value)));
      if (!ok) return false;
      left = value;
    }
    return true;
  }

  private fstring(parts: readonly ast.FStringPart[], span: Span): string {
    let out = '';
    for (const part of parts) {
      if (typeof part === 'string') {
        out += part;
        continue;
      }
      const value = this.eval(part.expr);
      const spec = part.spec ? this.fstring(part.spec, span) : '';
      const conversion = part.conversion ?? (part.selfDoc && !part.spec ? 'r' : undefined);
      const converted = conversion === 'r' || conversion === 'a' ? this.at(part.expr.span, () => repr(value))
        : conversion === 's' ? this.at(part.expr.span, () => str(value)) : value;
      out += (part.selfDoc ?? '') + this.at(part.expr.span, () => formatValue(converted, spec));
      this.at(span, () => checkSequenceLength(out.length, 'string'));
    }
    return out;
  }

  private getAttribute(object: Value, expr: ast.Attribute): Value {
    const name = expr.name;
    return this.at(expr.span, () => {
      if (object instanceof HostObject) {
        const value = object.getAttribute(name);
        if (value !== undefined) return value;
        const method = object.hostClass.method(name);
        if (method) return new BoundMethod(object, name, method);
        throw noAttribute(`'${object.typeName}' object`, name, object.hostClass.memberNames());
      }
      if (object instanceof PyModule) return object.getAttribute(name);
      if (object instanceof PyUnavailable) throw object.error();
      if (object instanceof HostClass) {
        throw noAttribute(`type object '${object.name}'`, name, []);
      }
      const method = builtinMethod(object, name);
      if (method) return method;
      throw noAttribute(`'${typeName(object)}' object`, name, builtinMethodNames(object));
    });
  }

  private setAttribute(object: Value, target: ast.Attribute, value: Value): void {
    this.at(target.span, () => {
      if (object instanceof HostObject) return object.setAttribute(target.name, value);
      if (object instanceof PyModule) throw new PyException('AttributeError', `cannot set attributes of module '${object.path}' in rnn cells`);
      if (builtinMethod(object, target.name)) {
        throw new PyException('AttributeError', `'${typeName(object)}' object attribute '${target.name}' is read-only`);
      }
      throw new PyException('AttributeError', `'${typeName(object)}' object has no attribute '${target.name}'`);
    });
  }

  private call(expr: ast.CallExpr): Value {
    const func = this.eval(expr.func);
    const args: Value[] = [];
    const kwargs = new Map<string, Value>();
    const setKeyword = (name: string, value: Value, where: Span) => {
      if (kwargs.has(name)) throw this.error(where, 'TypeError', `${calleeName(func)}() got multiple values for keyword argument '${name}'`);
      kwargs.set(name, value);
    };
    for (const arg of expr.args) {
      switch (arg.kind) {
        case 'positional':
          args.push(this.eval(arg.value));
          break;
        case 'star': {
          const v = this.eval(arg.value);
          if (v instanceof PyDict || typeof v === 'string' || isIterable(v)) args.push(...this.at(arg.span, () => collect(v)));
          else throw this.error(arg.span, 'TypeError', `${calleeName(func)}() argument after * must be an iterable, not ${typeName(v)}`);
          break;
        }
        case 'keyword':
          setKeyword(arg.name, this.eval(arg.value), arg.span);
          break;
        case 'doublestar': {
          const v = this.eval(arg.value);
          if (!(v instanceof PyDict)) throw this.error(arg.span, 'TypeError', `${calleeName(func)}() argument after ** must be a mapping, not ${typeName(v)}`);
          for (const [k, value] of v.entries()) {
            if (typeof k !== 'string') throw this.error(arg.span, 'TypeError', 'keywords must be strings');
            setKeyword(k, value, arg.span);
          }
          break;
        }
      }
    }
    return this.at(expr.span, () => {
      if (func instanceof PyCallable) return func.call(args, kwargs, this.env.callContext);
      if (func instanceof PyUnavailable) throw func.error();
      // An object whose class defines __call__ (a Keras layer applied to a tensor: LSTM(4)(x)).
      const dunderCall = func instanceof HostObject ? func.hostClass.method('__call__') : undefined;
      if (dunderCall) return new BoundMethod(func, '__call__', dunderCall).call(args, kwargs, this.env.callContext);
      throw new PyException('TypeError', `'${typeName(func)}' object is not callable`);
    });
  }
}

function calleeName(func: Value): string {
  return func instanceof PyCallable ? func.name : typeName(func);
}
