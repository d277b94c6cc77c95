// Shape mismatches found before running: walks the cells of a notebook in order, as the kernel
// would see them, follows Sequential models (list form and .add) and functional Input/layer-call
// chains, and computes each layer's per-sample output shape with the shape rules of src/keras.
// Only what is certain from literals is used; a value from data, an unknown call, a loop or a
// branch makes the shapes it touches unknown, and an unknown shape is never reported.
// Over 500 lines for now: it is one of the four walks over a cell's tree (with the interpreter,
// checkCell and symbols) that are to become one analyser; splitting it first would be undone then.
import type { Ast, Diagnostic, KerasRegistry, Severity, Signature, Span, Value } from '../..';
import { HostClass, PyCallable, isHostClass } from '../../host/objects';
import { PyModule } from '../../host/registry';
import { parseCell } from '../../parse';
import { LineIndex } from '../../source';
import { formatShape } from '../../../keras/shapes';
import { Dims, Known, StaticLayer, staticLayer, TIME_DIM } from './staticLayers';

/** A symbolic tensor: Input(...) or a layer call's output, with where it came from. */
interface StaticTensor {
  readonly dims: Dims | undefined;
  readonly dtype: 'int64' | 'float';
  readonly origin:
    | { kind: 'input'; label: string }
    | { kind: 'layer'; layer: StaticLayer; state: boolean; input: StaticTensor | undefined };
}

interface SequentialModel {
  kind: 'sequential';
  /** What the next layer receives; undefined when unknown (no input given, or lost to a loop). */
  output: StaticTensor | undefined;
  layerCount: number;
  /** The last layer added, for the loss checks; undefined once anything is uncertain. */
  last: StaticLayer | undefined;
  tainted: boolean;
  /** The loss named in the last compile, when it was a string. */
  loss?: string;
}

interface FunctionalModel {
  kind: 'functional';
  output: StaticTensor | undefined;
  loss?: string;
}

type Abstract =
  | { kind: 'unknown' }
  | { kind: 'known'; value: Known }
  | { kind: 'py'; value: Value }
  | { kind: 'tuple'; items: Abstract[]; spans: Span[] }
  | { kind: 'layer'; layer: StaticLayer }
  /** to_categorical(ids, num_classes=n): one-hot targets whose last axis is n (when given). */
  | { kind: 'one-hot'; classes: number | undefined }
  | { kind: 'tensor'; tensor: StaticTensor }
  | { kind: 'model'; model: SequentialModel | FunctionalModel };

const UNKNOWN: Abstract = { kind: 'unknown' };
/** The Sequential methods that change its layers. */
const CHANGES_LAYERS = new Set(['add', 'pop']);

interface CellContext {
  readonly source: string;
  readonly lines: LineIndex;
  /** Only the cell being checked reports; the cells above only build up what is known. */
  readonly reporting: boolean;
}

export function shapeDiagnostics(registry: KerasRegistry, cellsAbove: readonly string[], source: string): Diagnostic[] {
  const walker = new NotebookShapes(registry);
  for (const cell of cellsAbove) walker.cell(cell, false);
  return walker.cell(source, true);
}

const parseCache = new Map<string, Ast.Module>();
const PARSE_CACHE_SIZE = 256;

/** Every cell is re-walked for each cell below it while typing: parse each text once. */
function parsed(source: string): Ast.Module {
  let module = parseCache.get(source);
  if (!module) {
    module = parseCell(source).module;
    if (parseCache.size >= PARSE_CACHE_SIZE) parseCache.delete(parseCache.keys().next().value as string);
    parseCache.set(source, module);
  }
  return module;
}

/** The cells of one notebook, in order: each cell's shape diagnostics given the cells before it. */
export class NotebookShapes {
  private found: Diagnostic[] = [];
  private readonly names = new Map<string, Abstract>();
  private context!: CellContext;
  private readonly sequentialClass: Value | undefined;
  private readonly modelClass: Value | undefined;
  private readonly inputFunction: Value | undefined;
  private readonly toCategorical: Value | undefined;

  constructor(private readonly registry: KerasRegistry) {
    for (const [name, value] of registry.prelude()) this.names.set(name, { kind: 'py', value });
    this.sequentialClass = registry.resolve('keras.models.Sequential');
    this.modelClass = registry.resolve('keras.models.Model');
    this.inputFunction = registry.resolve('keras.layers.Input');
    this.toCategorical = registry.resolve('keras.utils.to_categorical');
  }

  /** Walks the next cell; returns its diagnostics (none when not `reporting`, for the cells above only). */
  cell(source: string, reporting = true): Diagnostic[] {
    this.found = [];
    this.context = { source, lines: new LineIndex(source), reporting };
    for (const stmt of parsed(source).body) this.statement(stmt);
    return this.found.sort((a, b) => a.range.from - b.range.from);
  }

  private report(where: Span, message: string, severity: Severity = 'error'): void {
    if (!this.context.reporting) return;
    this.found.push({ message, severity, range: this.context.lines.range(where), code: severity === 'error' ? 'ValueError' : 'UserWarning' });
  }

  private text(span: Span): string {
    return this.context.source.slice(span.from, span.to).replace(/\s+/g, ' ');
  }

  private label(e: Ast.Expr, className: string): string {
    const text = this.text(e.span);
    return text.length <= 48 ? text : `${className}(…)`;
  }

  // ---- statements ----

  private statement(stmt: Ast.Stmt): void {
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
        if (stmt.target.kind === 'name') this.names.set(stmt.target.id, UNKNOWN);
        return;
      case 'for': case 'if':
        this.uncertain(stmt);
        return;
      case 'import':
        for (const name of stmt.names) {
          const bound = name.asName ?? name.module.split('.')[0];
          const path = name.asName ? name.module : bound;
          this.names.set(bound, this.registry.isModule(path) ? { kind: 'py', value: this.registry.module(path) } : UNKNOWN);
        }
        return;
      case 'from-import':
        for (const name of stmt.names) {
          const value = this.registry.isModule(stmt.module) ? this.registry.resolve(stmt.module + '.' + name.name) : undefined;
          this.names.set(name.asName ?? name.name, value === undefined ? UNKNOWN : { kind: 'py', value });
        }
        return;
      default:
        return;
    }
  }

  /**
   * A loop or branch may run any number of times: every name it assigns and every model it
   * calls a method on is unknown afterwards. Nothing inside is checked.
   */
  private uncertain(stmt: Ast.Stmt): void {
    const visitExpr = (e: Ast.Expr | undefined): void => {
      if (!e) return;
      if (e.kind === 'call' && e.func.kind === 'attribute' && CHANGES_LAYERS.has(e.func.name)) this.taintModelsIn(e.func.object);
      for (const child of subExpressions(e)) visitExpr(child);
    };
    const visitTarget = (t: Ast.Target): void => {
      if (t.kind === 'name') this.names.set(t.id, UNKNOWN);
      else if (t.kind === 'unpack') t.elements.forEach(visitTarget);
      else if (t.kind === 'starred-target') visitTarget(t.target);
    };
    const visit = (s: Ast.Stmt): void => {
      switch (s.kind) {
        case 'expr': visitExpr(s.value); break;
        case 'assign': visitExpr(s.value); s.targets.forEach(visitTarget); break;
        case 'augassign': visitExpr(s.value); visitTarget(s.target); break;
        case 'for': visitExpr(s.iter); visitTarget(s.target); s.body.forEach(visit); break;
        case 'if':
          for (const b of s.branches) { visitExpr(b.test); b.body.forEach(visit); }
          s.orElse?.forEach(visit);
          break;
        case 'import': for (const n of s.names) this.names.set(n.asName ?? n.module.split('.')[0], UNKNOWN); break;
        case 'from-import': for (const n of s.names) this.names.set(n.asName ?? n.name, UNKNOWN); break;
        default: break;
      }
    };
    visit(stmt);
  }

  private bind(target: Ast.Target, value: Abstract): void {
    if (target.kind === 'name') {
      this.names.set(target.id, value);
      return;
    }
    if (target.kind === 'unpack') {
      const items = value.kind === 'tuple' && value.items.length === target.elements.length ? value.items : undefined;
      target.elements.forEach((t, i) => this.bind(t, items ? items[i] : UNKNOWN));
      return;
    }
    if (target.kind === 'starred-target') this.bind(target.target, UNKNOWN);
    // obj[i] = … or obj.attr = … may change what a name holds: forget it.
    if ((target.kind === 'subscript' || target.kind === 'attribute') && target.object.kind === 'name') this.names.set(target.object.id, UNKNOWN);
  }

  // ---- expressions ----

  private expr(e: Ast.Expr): Abstract {
    switch (e.kind) {
      case 'int': return { kind: 'known', value: e.value };
      case 'float': return { kind: 'known', value: e.value };
      case 'str': return { kind: 'known', value: e.value };
      case 'const': return { kind: 'known', value: e.value };
      case 'name': {
        const value = this.names.get(e.id) ?? UNKNOWN;
        // The elements' spans belong to where the list was written (maybe another cell): point at the name.
        return value.kind === 'tuple' ? { ...value, spans: value.items.map(() => e.span) } : value;
      }
      case 'unary': {
        const inner = this.expr(e.operand);
        if (e.op === '-' && inner.kind === 'known' && typeof inner.value === 'bigint') return { kind: 'known', value: -inner.value };
        return UNKNOWN;
      }
      case 'binary': return this.arithmetic(e);
      case 'tuple': case 'list':
        return { kind: 'tuple', items: e.elements.map(x => (x.kind === 'starred' ? UNKNOWN : this.expr(x))), spans: e.elements.map(x => x.span) };
      case 'attribute': return this.member(this.expr(e.object), e.name);
      case 'call': return this.call(e);
      default:
        for (const child of subExpressions(e)) this.expr(child);
        return UNKNOWN;
    }
  }

  private arithmetic(e: Ast.BinaryExpr): Abstract {
    const left = this.expr(e.left);
    const right = this.expr(e.right);
    if (left.kind !== 'known' || right.kind !== 'known' || typeof left.value !== 'bigint' || typeof right.value !== 'bigint') return UNKNOWN;
    const a = left.value;
    const b = right.value;
    switch (e.op) {
      case '+': return { kind: 'known', value: a + b };
      case '-': return { kind: 'known', value: a - b };
      case '*': return { kind: 'known', value: a * b };
      case '//': return b > 0n && a >= 0n ? { kind: 'known', value: a / b } : UNKNOWN;
      default: return UNKNOWN;
    }
  }

  private member(owner: Abstract, name: string): Abstract {
    if (owner.kind === 'py' && owner.value instanceof PyModule) {
      const value = this.registry.resolve(owner.value.path + '.' + name);
      return value === undefined ? UNKNOWN : { kind: 'py', value };
    }
    return UNKNOWN;
  }

  private call(e: Ast.CallExpr): Abstract {
    // The object of `owner.method(...)` is evaluated once: Sequential([...]).compile(...) builds one model.
    const owner = e.func.kind === 'attribute' ? this.expr(e.func.object) : undefined;
    const callee = e.func.kind === 'attribute' ? this.member(owner!, e.func.name) : this.expr(e.func);
    const args = e.args.map(a => ({ arg: a, value: a.kind === 'positional' || a.kind === 'keyword' ? this.expr(a.value) : (this.expr(a.value), UNKNOWN) }));
    if (callee.kind === 'py' && isHostClass(callee.value)) {
      const cls = callee.value;
      if (cls === this.sequentialClass) return this.newSequential(cls, args);
      if (cls === this.modelClass) return this.newFunctional(cls, args);
      if (cls === this.inputFunction) return this.newInput(e, cls, args);
      if (this.registry.resolve('keras.layers.' + cls.name) === cls) return this.newLayer(e, cls, args);
      return UNKNOWN;
    }
    if (callee.kind === 'py' && callee.value === this.toCategorical) return this.oneHot(callee.value, args);
    if (callee.kind === 'layer') return this.callLayer(e, callee.layer, args);
    if (owner?.kind === 'model' && e.func.kind === 'attribute') this.modelMethod(owner.model, e.func.name, args);
    // models[0].pop(): a model reached some other way may change; forget what is known of it.
    else if (e.func.kind === 'attribute' && CHANGES_LAYERS.has(e.func.name)) this.taintModelsIn(e.func.object);
    return UNKNOWN;
  }

  private oneHot(f: Value, args: ArgValues): Abstract {
    const bound = f instanceof PyCallable ? bind(f.signature, args) : undefined;
    if (!bound) return UNKNOWN;
    const classes = knownOf(bound.get('num_classes')?.value ?? UNKNOWN);
    return { kind: 'one-hot', classes: typeof classes === 'bigint' ? Number(classes) : undefined };
  }

  private taintModelsIn(e: Ast.Expr): void {
    const visit = (value: Abstract): void => {
      if (value.kind === 'model' && value.model.kind === 'sequential') taint(value.model);
      else if (value.kind === 'tuple') value.items.forEach(visit);
    };
    if (e.kind === 'name') visit(this.names.get(e.id) ?? UNKNOWN);
    for (const child of subExpressions(e)) this.taintModelsIn(child);
  }

  private newLayer(e: Ast.CallExpr, cls: HostClass, args: ArgValues): Abstract {
    const bound = bind(cls.signature, args);
    if (!bound) return UNKNOWN;
    const known = new Map<string, Known>();
    for (const [name, { value }] of bound) known.set(name, knownOf(value));
    const layer = staticLayer(cls.name, this.label(e, cls.name), known);
    return layer ? { kind: 'layer', layer } : UNKNOWN;
  }

  private newInput(e: Ast.CallExpr, cls: HostClass, args: ArgValues): Abstract {
    const bound = bind(cls.signature, args);
    const shape = bound && knownOf(bound.get('shape')?.value ?? UNKNOWN);
    const dims = typeof shape === 'bigint' ? [Number(shape)] : Array.isArray(shape) ? inputDims(shape as readonly unknown[]) : undefined;
    const dtypeArg = bound?.get('dtype')?.value;
    const dtypeValue = dtypeArg ? knownOf(dtypeArg) : 'float32';
    const dtype = dtypeValue === 'int32' || dtypeValue === 'int64' ? 'int64' : dtypeValue === 'float32' || dtypeValue === null ? 'float' : undefined;
    if (!dims || !dtype) return { kind: 'tensor', tensor: { dims: undefined, dtype: 'float', origin: { kind: 'input', label: this.label(e, 'Input') } } };
    return { kind: 'tensor', tensor: { dims, dtype, origin: { kind: 'input', label: this.label(e, 'Input') } } };
  }

  private newSequential(cls: HostClass, args: ArgValues): Abstract {
    const model: SequentialModel = { kind: 'sequential', output: undefined, layerCount: 0, last: undefined, tainted: false };
    const bound = bind(cls.signature, args);
    if (!bound) return UNKNOWN;
    const layers = bound.get('layers')?.value;
    if (layers?.kind === 'tuple') layers.items.forEach((item, i) => this.add(model, item, layers.spans[i]));
    else if (layers && !(layers.kind === 'known' && layers.value === null)) taint(model);
    return { kind: 'model', model };
  }

  private newFunctional(cls: HostClass, args: ArgValues): Abstract {
    const bound = bind(cls.signature, args);
    const outputs = bound?.get('outputs')?.value;
    let output: StaticTensor | undefined;
    if (outputs?.kind === 'tensor') output = outputs.tensor;
    else if (outputs?.kind === 'tuple' && outputs.items.length === 1 && outputs.items[0].kind === 'tensor') output = outputs.items[0].tensor;
    return { kind: 'model', model: { kind: 'functional', output } };
  }

  // ---- Sequential ----

  private add(model: SequentialModel, item: Abstract, where: Span): void {
    if (model.tainted) return;
    if (item.kind === 'tensor' && item.tensor.origin.kind === 'input' && model.layerCount === 0) {
      model.output = item.tensor.dims ? item.tensor : undefined;
      return;
    }
    if (item.kind !== 'layer') {
      taint(model);
      return;
    }
    const layer = item.layer;
    let input = model.output;
    if (model.layerCount === 0 && !input && layer.declaredInput) {
      const dtype = layer.className === 'Embedding' ? 'int64' : 'float';
      input = { dims: layer.declaredInput, dtype, origin: { kind: 'input', label: declaredLabel(layer) } };
    }
    model.layerCount++;
    model.last = layer;
    if (input && !this.checkInput(layer, input, where, true)) {
      model.output = undefined;
      return;
    }
    const outs = layer.outputs(input?.dims);
    model.output = outs && outs.length === 1 ? { dims: outs[0], dtype: 'float', origin: { kind: 'layer', layer, state: false, input } } : undefined;
  }

  private modelMethod(model: SequentialModel | FunctionalModel, method: string, args: ArgValues): void {
    if (method === 'compile') {
      this.checkLoss(model, args);
      return;
    }
    if (method === 'fit') {
      this.checkTargets(model, args);
      return;
    }
    if (model.kind !== 'sequential') return;
    if (method === 'add') {
      const layer = args.find(a => a.arg.kind === 'positional') ?? args.find(a => a.arg.kind === 'keyword' && a.arg.name === 'layer');
      if (layer && args.length === 1) this.add(model, layer.value, layer.arg.value.span);
      else taint(model);
      return;
    }
    if (method === 'pop') taint(model);
  }

  // ---- functional ----

  private callLayer(e: Ast.CallExpr, layer: StaticLayer, args: ArgValues): Abstract {
    const x = args[0]?.arg.kind === 'positional' ? args[0].value : args.find(a => a.arg.kind === 'keyword' && a.arg.name === 'inputs')?.value;
    if (x?.kind !== 'tensor') return UNKNOWN;
    const initial = args.find(a => a.arg.kind === 'keyword' && a.arg.name === 'initial_state');
    if (initial && !this.checkInitialState(layer, initial)) return UNKNOWN;
    if (!this.checkInput(layer, x.tensor, e.span, false)) return UNKNOWN;
    const outs = layer.outputs(x.tensor.dims, x.tensor.dtype);
    if (!outs) return UNKNOWN;
    // return_state puts the states last; Bidirectional(merge_mode=None) gives two outputs first.
    const stateCount = layer.core?.arg('return_state') === true ? layer.stateCount ?? 0 : 0;
    const tensors: Abstract[] = outs.map((dims, i) => ({ kind: 'tensor', tensor: { dims, dtype: 'float', origin: { kind: 'layer', layer, state: i >= outs.length - stateCount, input: x.tensor } } }));
    return tensors.length === 1 ? tensors[0] : { kind: 'tuple', items: tensors, spans: tensors.map(() => e.span) };
  }

  private checkInitialState(layer: StaticLayer, initial: ArgValues[number]): boolean {
    const want = layer.stateCount;
    if (want === undefined) return true;
    const value = initial.value;
    const states = value.kind === 'tensor' ? [value] : value.kind === 'tuple' ? value.items : undefined;
    if (!states) return true;
    const where = initial.arg.value.span;
    if (states.length !== want) {
      this.report(where, `${layer.className} needs initial_state=${stateNames(layer)} (${want} state tensor${want === 1 ? '' : 's'}) but gets ${states.length}`);
      return false;
    }
    const units = layer.stateUnits;
    if (units === undefined) return true;
    for (const [i, state] of states.entries()) {
      if (state.kind !== 'tensor' || !state.tensor.dims) continue;
      const dims = state.tensor.dims;
      if (dims.length !== 1 || typeof dims[0] !== 'number' || dims[0] === units) continue;
      const from = state.tensor.origin.kind === 'layer' ? ` from ${state.tensor.origin.layer.label}` : '';
      const at = value.kind === 'tuple' ? value.spans[i] : where;
      this.report(at, `initial state${from} has ${dims[0]} units but ${layer.label} has ${units}; an encoder's states can start a decoder only when both have the same units`);
      return false;
    }
    return true;
  }

  // ---- the checks ----

  /** Whether `layer` accepts `input`; reports why not. `sequential`: the input is the previous layer of a Sequential. */
  private checkInput(layer: StaticLayer, input: StaticTensor, where: Span, sequential: boolean): boolean {
    const dims = input.dims;
    if (!dims) return true;
    const who = layer.className;
    const gets = describeInput(input, sequential, '');
    if (input.dtype === 'int64' && who !== 'Embedding') {
      this.report(where, `${who} gets integer ids: ${gets}; put an Embedding(vocab_size, dim) before it to turn ids into vectors`);
      return false;
    }
    if (layer.isRecurrent && dims.length !== 2) {
      this.report(where, `${who} expects a sequence input (batch, time, features) but ${gets}${sequenceHint(input, sequential)}`);
      return false;
    }
    if (who === 'TimeDistributed' && dims.length < 2) {
      this.report(where, `TimeDistributed expects a sequence input (batch, time, ...) but ${gets}${sequenceHint(input, sequential)}`);
      return false;
    }
    if (who === 'RepeatVector' && dims.length !== 1) {
      const returnsSequences = input.origin.kind === 'layer' && input.origin.layer.core?.arg('return_sequences') === true;
      this.report(where, `RepeatVector expects a 2D input (batch, features) but ${gets}${returnsSequences ? '; drop return_sequences=True there' : ''}`);
      return false;
    }
    if (who === 'Embedding' && input.dtype === 'float' && input.origin.kind === 'layer') {
      this.report(where, `Embedding expects integer ids (batch, time) but ${describeInput(input, sequential, 'floats ')}; Embedding goes first, on the token ids`);
      return false;
    }
    return true;
  }

  /** An argument of a Model method (compile, fit) by its Keras parameter name. */
  private methodArgument(method: string, args: ArgValues, name: string): { value: Abstract; span: Span } | undefined {
    const cls = this.sequentialClass;
    return cls instanceof HostClass ? bind(cls.method(method)?.signature, args)?.get(name) : undefined;
  }

  private checkLoss(model: SequentialModel | FunctionalModel, args: ArgValues): void {
    const loss = this.methodArgument('compile', args, 'loss');
    model.loss = loss?.value.kind === 'known' && typeof loss.value.value === 'string' ? loss.value.value : undefined;
    const name = model.loss;
    const last = finalDense(model);
    if (!loss || !name || !last) return;
    const units = last.arg('units') as bigint;
    const activation = last.args.has('activation') ? last.arg('activation') : null;
    const where = loss.span;
    if ((name === 'sparse_categorical_crossentropy' || name === 'categorical_crossentropy') && units === 1n) {
      this.report(where, `${name} needs one output per class, but the model ends in ${last.label} with 1 unit; for two classes use loss='binary_crossentropy', otherwise Dense(n_classes, activation='softmax')`, 'warning');
    } else if (name === 'binary_crossentropy' && activation === 'softmax' && units > 1n) {
      this.report(where, `binary_crossentropy scores each of the ${units} outputs as its own yes/no, but ${last.label} makes them compete; use loss='categorical_crossentropy' (one-hot y) or 'sparse_categorical_crossentropy' (class ids)`, 'warning');
    }
  }

  /** fit(x, y) with y = to_categorical(...): its classes against the output units and the loss. */
  private checkTargets(model: SequentialModel | FunctionalModel, args: ArgValues): void {
    const y = this.methodArgument('fit', args, 'y');
    if (y?.value.kind !== 'one-hot') return;
    if (model.loss === 'sparse_categorical_crossentropy') {
      this.report(y.span, "sparse_categorical_crossentropy takes class ids as y, but this y is one-hot (to_categorical); use loss='categorical_crossentropy', or pass the ids", 'warning');
      return;
    }
    const last = finalDense(model);
    const classes = y.value.classes;
    if (!last || classes === undefined) return;
    const units = Number(last.arg('units'));
    if (units === classes) return;
    // Keras's crossentropies require equal shapes; other losses may broadcast a single unit.
    const definite = model.loss === 'categorical_crossentropy' || model.loss === 'binary_crossentropy' || units > 1;
    this.report(y.span, `y has ${classes} classes (one-hot, num_classes=${classes}) but the model ends in ${last.label} with ${units} unit${units === 1 ? '' : 's'}; make it Dense(${classes}, …)`, definite ? 'error' : 'warning');
  }
}

type ArgValues = { arg: Ast.Argument; value: Abstract }[];

/** The Dense (maybe inside TimeDistributed) a model ends in, when its units are known. */
function finalDense(model: SequentialModel | FunctionalModel): StaticLayer | undefined {
  let last: StaticLayer | undefined;
  if (model.kind === 'sequential') last = model.tainted ? undefined : model.last;
  else if (model.output?.origin.kind === 'layer' && !model.output.origin.state) last = model.output.origin.layer;
  while (last?.className === 'TimeDistributed') {
    const inner = last.arg('layer');
    last = inner instanceof StaticLayer ? inner : undefined;
  }
  return last?.className === 'Dense' && typeof last.arg('units') === 'bigint' ? last : undefined;
}

/** Binds call arguments to a signature's parameters by name; undefined when they do not fit. */
function bind(signature: Signature | undefined, args: ArgValues): Map<string, { value: Abstract; span: Span }> | undefined {
  if (!signature) return undefined;
  const positional = signature.params.filter(p => p.kind === undefined || p.kind === 'positional-only' || p.kind === 'positional-or-keyword');
  const out = new Map<string, { value: Abstract; span: Span }>();
  let index = 0;
  for (const { arg, value } of args) {
    if (arg.kind === 'positional') {
      const param = positional[index++];
      if (!param) return undefined;
      out.set(param.name, { value, span: arg.value.span });
    } else if (arg.kind === 'keyword') {
      const param = signature.params.find(p => p.name === arg.name && p.kind !== 'var-positional' && p.kind !== 'var-keyword' && p.kind !== 'positional-only');
      if (!param || out.has(param.name)) return undefined;
      out.set(param.name, { value, span: arg.value.span });
    } else return undefined;
  }
  return out;
}

function knownOf(value: Abstract): Known {
  switch (value.kind) {
    case 'known': return value.value;
    case 'layer': return value.layer;
    case 'tuple': {
      const items = value.items.map(knownOf);
      // A shape tuple: ints and None only.
      if (items.every(i => typeof i === 'bigint' || i === null)) return items.map(i => (i === null ? null : Number(i))) as unknown as Dims;
      return undefined;
    }
    default: return undefined;
  }
}

function inputDims(shape: readonly unknown[]): Dims | undefined {
  const dims = shape.map((d, i) => (d === null ? (i === 0 ? TIME_DIM : '?') : d));
  return dims.every(d => typeof d === 'string' || (typeof d === 'number' && Number.isInteger(d) && d > 0)) ? (dims as unknown as Dims) : undefined;
}

function taint(model: SequentialModel): void {
  model.tainted = true;
  model.output = undefined;
  model.last = undefined;
}

function declaredLabel(layer: StaticLayer): string {
  if (layer.args.has('input_shape')) return 'input_shape';
  if (layer.args.has('input_dim') && layer.className === 'Dense') return 'input_dim';
  return 'its input';
}

/** `the previous layer LSTM(32) returns (None, 32)`; `what` names the kind of values ('floats '). */
function describeInput(input: StaticTensor, sequential: boolean, what: string): string {
  const shape = what + formatShape(input.dims ?? []);
  if (input.origin.kind === 'layer') {
    return sequential ? `the previous layer ${input.origin.layer.label} returns ${shape}` : `its input, from ${input.origin.layer.label}, is ${shape}`;
  }
  const label = input.origin.label;
  if (label === 'input_shape' || label === 'input_dim') return `${label} gives ${shape}`;
  return `its input ${label} is ${shape}`;
}

/** Layers whose output has their input's shape. */
const SHAPE_KEEPING = new Set(['Dropout', 'Masking']);

/** What to change so a sequence comes out of the layer before. */
function sequenceHint(input: StaticTensor, sequential: boolean): string {
  if (input.origin.kind === 'input') return '; give the input a time axis: (timesteps, features)';
  const previous = input.origin.layer;
  if (input.origin.state) return '; a state is one vector per sample, not a sequence';
  // Dropout(…) after LSTM(32): the fix is on the LSTM.
  if (SHAPE_KEEPING.has(previous.className) && input.origin.input) return sequenceHint(input.origin.input, false);
  if (previous.className === 'Bidirectional') return `; give the layer inside ${previous.label} return_sequences=True`;
  if (previous.core) return `; give ${sequential ? 'it' : previous.label} return_sequences=True`;
  return '; put RepeatVector(n) before it to repeat a vector over n steps';
}

function stateNames(layer: StaticLayer): string {
  const perDirection = layer.core?.className === 'LSTM' ? ['h', 'c'] : ['h'];
  if (layer.className !== 'Bidirectional') return `[${perDirection.join(', ')}]`;
  return `[${[...perDirection.map(s => `${s}_forward`), ...perDirection.map(s => `${s}_backward`)].join(', ')}]`;
}

function subExpressions(e: Ast.Expr): Ast.Expr[] {
  switch (e.kind) {
    case 'starred': return [e.value];
    case 'list': case 'tuple': return e.elements;
    case 'dict': return e.entries.flatMap(en => ('spread' in en ? [en.spread] : [en.key, en.value]));
    case 'slice': return [e.lower, e.upper, e.step].filter((x): x is Ast.Expr => !!x);
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
