// Name and value resolution: what an expression is, read once, with the problems found on
// the way (undefined names, unknown module members and instance attributes, unavailable
// Keras names, calls that do not fit their signature). Calls that build layers, models and
// tensors hand over to the shape rules, so the value they give carries its shapes.
import type * as ast from '../ast';
import { PyCallable, PyFunction, PyUnavailable, isHostClass } from '../host/objects';
import { PyModule } from '../host/registry';
import type { Signature } from '../host/signature';
import { didYouMean } from '../suggest';
import type { Value } from '../values/types';
import { ArgValues, checkArguments } from './calls';
import type { WalkContext } from './context';
import { childExpressions, withBound } from './expressionTree';
import { targetNames } from '../bindings';
import { CHANGES_LAYERS, ModelRules } from './shapes/models';
import { StaticValue, UNKNOWN, certainValue, instanceClass } from './staticValue';

export class Expressions {
  /** Undefined names already reported in this cell: one report per name and cell. */
  private readonly reported = new Set<string>();
  private readonly models: ModelRules;

  constructor(private readonly context: WalkContext) {
    this.models = new ModelRules(context);
  }

  /** Checks an expression and returns what is statically known about its value. */
  expr(e: ast.Expr): StaticValue {
    switch (e.kind) {
      case 'int': case 'float': case 'str': case 'const':
        return { kind: 'literal', value: e.value };
      case 'name': return this.name(e);
      case 'unary': {
        const inner = this.expr(e.operand);
        if (e.op === '-' && inner.kind === 'literal' && typeof inner.value === 'bigint') return { kind: 'literal', value: -inner.value };
        return UNKNOWN;
      }
      case 'binary': return this.arithmetic(e);
      case 'tuple': case 'list':
        return { kind: 'tuple', items: e.elements.map(x => (x.kind === 'starred' ? (this.expr(x), UNKNOWN) : this.expr(x))), spans: e.elements.map(x => x.span) };
      case 'attribute': return this.attribute(e, this.expr(e.object));
      case 'call': return this.call(e);
      case 'fstring':
        for (const part of e.parts) if (typeof part !== 'string') this.formatted(part);
        return UNKNOWN;
      case 'lambda': {
        for (const p of e.params) if (p.default) this.expr(p.default);
        withBound(this.context.names, new Map(e.params.map(p => [p.name, UNKNOWN])), () => this.expr(e.body));
        return { kind: 'py', value: staticFunction('<lambda>', e.params) };
      }
      case 'comprehension':
        this.comprehension(e);
        return UNKNOWN;
      default:
        for (const child of childExpressions(e)) this.expr(child);
        return UNKNOWN;
    }
  }

  /** The loop variables are the comprehension's own: bound while it is read, then gone. */
  private comprehension(e: ast.Comprehension): void {
    const [first, ...rest] = e.clauses;
    if (first.kind === 'for') this.expr(first.iter);
    const names = new Set<string>();
    for (const c of e.clauses) if (c.kind === 'for') targetNames(c.target, names);
    withBound(this.context.names, new Map([...names].map(n => [n, UNKNOWN])), () => {
      for (const c of first.kind === 'for' ? rest : e.clauses) this.expr(c.kind === 'for' ? c.iter : c.test);
      for (const c of e.clauses) if (c.kind === 'for') this.targetParts(c.target);
      this.expr(e.element);
      if (e.value) this.expr(e.value);
    });
  }

  /** The sub-expressions of an assignment target that are read (`a[i]` reads a and i). */
  targetParts(t: ast.Target): void {
    if (t.kind === 'subscript' || t.kind === 'attribute') this.expr(t);
    else if (t.kind === 'unpack') for (const x of t.elements) this.targetParts(x);
    else if (t.kind === 'starred-target') this.targetParts(t.target);
  }

  private name(e: ast.NameExpr): StaticValue {
    const value = this.context.names.get(e.id);
    if (!value) {
      if (!this.reported.has(e.id)) {
        this.reported.add(e.id);
        this.context.report(e.span, 'NameError', `name '${e.id}' is not defined${didYouMean(e.id, this.context.names.keys())}`);
      }
      return UNKNOWN;
    }
    // The elements' spans belong to where the list was written (maybe another cell): point at the name.
    return value.kind === 'tuple' ? { ...value, spans: value.items.map(() => e.span) } : value;
  }

  private formatted(part: ast.FormattedValue): void {
    this.expr(part.expr);
    for (const p of part.spec ?? []) if (typeof p !== 'string') this.formatted(p);
  }

  private arithmetic(e: ast.BinaryExpr): StaticValue {
    const left = this.expr(e.left);
    const right = this.expr(e.right);
    if (left.kind !== 'literal' || right.kind !== 'literal' || typeof left.value !== 'bigint' || typeof right.value !== 'bigint') return UNKNOWN;
    const a = left.value;
    const b = right.value;
    switch (e.op) {
      case '+': return { kind: 'literal', value: a + b };
      case '-': return { kind: 'literal', value: a - b };
      case '*': return { kind: 'literal', value: a * b };
      case '//': return b > 0n && a >= 0n ? { kind: 'literal', value: a / b } : UNKNOWN;
      default: return UNKNOWN;
    }
  }

  /** `owner.name`, reported when the owner is a module or an instance that has no such member. */
  private attribute(e: ast.Attribute, owner: StaticValue): StaticValue {
    if (owner.kind === 'py' && owner.value instanceof PyModule) {
      const path = owner.value.path;
      const value = this.context.registry.resolve(path + '.' + e.name);
      if (value === undefined) {
        this.context.report(e.nameSpan, 'AttributeError', `module '${path}' has no attribute '${e.name}'${didYouMean(e.name, this.context.registry.memberNames(path))}`);
        return UNKNOWN;
      }
      return owner.vague ? { kind: 'py', value, vague: true } : { kind: 'py', value };
    }
    const cls = instanceClass(owner);
    if (!cls) return UNKNOWN;
    if (!cls.method(e.name) && !cls.attribute(e.name)) {
      this.context.report(e.nameSpan, 'AttributeError', `'${cls.name}' object has no attribute '${e.name}'${didYouMean(e.name, cls.memberNames())}`);
      return UNKNOWN;
    }
    return { kind: 'member', owner: cls, name: e.name };
  }

  private call(e: ast.CallExpr): StaticValue {
    // The object of `owner.method(...)` is evaluated once: Sequential([...]).compile(...) builds one model.
    const owner = e.func.kind === 'attribute' ? this.expr(e.func.object) : undefined;
    const callee = e.func.kind === 'attribute' ? this.attribute(e.func, owner!) : this.expr(e.func);
    const args: ArgValues = e.args.map(arg => ({ arg, value: this.argument(arg) }));
    let signature: Signature | undefined;
    if (callee.kind === 'py') {
      if (callee.value instanceof PyUnavailable) {
        this.context.report(e.func.span, 'NotImplementedError', callee.value.error().message, 'warning');
        return UNKNOWN;
      }
      if (callee.value instanceof PyCallable) signature = callee.value.signature;
    } else if (callee.kind === 'member') signature = callee.owner.method(callee.name)?.signature;
    if (signature) checkArguments(this.context, signature, e);
    return this.result(e, owner, callee, args);
  }

  private argument(arg: ast.Argument): StaticValue {
    const value = this.expr(arg.value);
    return arg.kind === 'positional' || arg.kind === 'keyword' ? value : UNKNOWN;
  }

  /** What a call gives, and what it does to the models it touches. */
  private result(e: ast.CallExpr, owner: StaticValue | undefined, callee: StaticValue, args: ArgValues): StaticValue {
    const certain = certainValue(callee);
    const shaped = certain === undefined ? undefined : this.models.construct(e, certain, args);
    if (shaped) return shaped;
    if (callee.kind === 'py') return isHostClass(callee.value) ? { kind: 'instance', hostClass: callee.value } : UNKNOWN;
    if (callee.kind === 'layer') return this.models.callLayer(e, callee.layer, args);
    if (e.func.kind !== 'attribute') return UNKNOWN;
    const method = e.func.name;
    if (owner?.kind === 'model' && !this.context.uncertain) this.models.modelMethod(owner.model, method, args);
    // models[0].pop(), or m.add(...) in a loop: the model may change; forget what is known of it.
    else if (CHANGES_LAYERS.has(method)) this.models.taintModelsIn(e.func.object);
    if (callee.kind === 'member' && !callee.owner.method(method)) {
      const type = callee.owner.attribute(method)?.type;
      const hostClass = type ? this.context.registry.findHostClass(type) : undefined;
      if (hostClass) return { kind: 'instance', hostClass };
    }
    return UNKNOWN;
  }
}

/** A default that is not a literal: hover shows it as `...`, as for host sentinels. */
const COMPUTED_DEFAULT = Symbol('computed default') as unknown as Value;

/** A literal default's value (`10`, `-1.5`, `'adam'`, `None`); other defaults are computed when the def runs. */
function defaultValue(e: ast.Expr): Value {
  if (e.kind === 'int' || e.kind === 'float' || e.kind === 'str' || e.kind === 'const') return e.value;
  if (e.kind === 'unary' && e.op === '-' && (e.operand.kind === 'int' || e.operand.kind === 'float')) return -e.operand.value;
  return COMPUTED_DEFAULT;
}

/** What the analyser knows of a function a cell defines: its name and parameters, for call checks and hover. */
export function staticFunction(name: string, params: readonly ast.FuncParam[]): PyFunction {
  const signature: Signature = { name, params: params.map(p => (p.default ? { name: p.name, kind: p.kind, default: defaultValue(p.default) } : { name: p.name, kind: p.kind })) };
  return new PyFunction(signature, () => null);
}
