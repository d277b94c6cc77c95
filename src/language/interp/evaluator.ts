// The tree-walking evaluator over the typed AST. It knows Python's evaluation order and
// scoping (one global namespace per notebook), and attaches the range of the expression
// being evaluated to any error raised below it.
import * as ast from '../ast';
import { CellError, PyException } from '../errors';
import { BoundMethod, CallContext, HostClass, HostObject, PyCallable, PyUnavailable, noAttribute } from '../host/objects';
import { KerasRegistry, PyModule } from '../host/registry';
import { LineIndex, Span } from '../source';
import { didYouMean } from '../suggest';
import { binaryOp, unaryOp } from '../values/arithmetic';
import { richCompare } from '../values/compare';
import { formatValue } from '../values/format';
import { checkSequenceLength } from '../values/limits';
import { isIterable, iterate, truthy } from '../values/protocols';
import { repr, str } from '../values/repr';
import { getItem, setItem } from '../values/subscript';
import { PyDict, PyEllipsis, PyList, PySlice, PyTuple, Value, typeName } from '../values/types';
import { collect, unpack } from './collect';
import { builtinMethod, builtinMethodNames } from './methods';

type Flow = 'break' | 'continue' | undefined;

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

  constructor(private readonly env: EvaluatorEnv) {}

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
        this.forLoop(stmt);
        return undefined;
      case 'import':
        for (const name of stmt.names) this.importModule(name);
        return undefined;
      case 'from-import':
        for (const name of stmt.names) {
          const value = this.at(name.span, () => this.env.registry.importName(stmt.module, name.name));
          this.env.globals.set(name.asName ?? name.name, value);
        }
        return undefined;
      case 'del':
        for (const target of stmt.targets) {
          if (!this.env.globals.delete(target.id)) throw this.error(target.span, 'NameError', `name '${target.id}' is not defined`);
        }
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
    if (name.asName) this.env.globals.set(name.asName, module);
    else {
      const root = name.module.split('.')[0];
      this.env.globals.set(root, registry.module(root));
    }
  }

  private forLoop(stmt: ast.ForStmt): void {
    const iterable = this.eval(stmt.iter);
    const it = this.at(stmt.iter.span, () => iterate(iterable));
    this.loops.push(stmt.span);
    try {
      for (;;) {
        this.env.tick(stmt.span);
        const next = this.at(stmt.iter.span, () => it.next());
        if (next.done) return;
        this.assign(stmt.target, next.value);
        if (this.execBlock(stmt.body) === 'break') return;
      }
    } finally {
      this.loops.pop();
    }
  }

  private augAssign(stmt: ast.AugAssignStmt): void {
    const target = stmt.target;
    if (target.kind === 'name') {
      const current = this.lookup(target);
      const value = this.eval(stmt.value);
      this.env.globals.set(target.id, this.inPlace(stmt, current, value));
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
        this.env.globals.set(target.id, value);
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
    }
  }

  private lookup(name: ast.NameExpr): Value {
    const value = this.env.globals.get(name.id) ?? this.env.builtins.get(name.id);
    if (value !== undefined) return value;
    const known = [...this.env.globals.keys(), ...this.env.builtins.keys()];
    throw this.error(name.span, 'NameError', `name '${name.id}' is not defined${didYouMean(name.id, known)}`);
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
