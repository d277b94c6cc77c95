// The Keras shape rules and model tracking of the analyser: Sequential models (list form and
// .add) and functional Input/layer-call chains, each layer's per-sample output shape from the
// shape rules of src/keras, and the loss and target checks of compile and fit.
// Only what is certain from literals is used; a value from data, an unknown call, a loop or a
// branch makes the shapes it touches unknown, and an unknown shape is never reported.
import type * as Ast from '../../ast';
import { HostClass, PyCallable, isHostClass } from '../../host/objects';
import type { Span } from '../../source';
import type { Value } from '../../values/types';
import { formatShape } from '../../../keras/shapes';
import { ArgValues, bindArguments } from '../calls';
import type { WalkContext } from '../context';
import { childExpressions } from '../expressionTree';
import { FunctionalModel, SequentialModel, StaticTensor, StaticValue, UNKNOWN } from '../staticValue';
import { Dims, Known, StaticLayer, staticLayer, TIME_DIM } from './staticLayers';

/** The Sequential methods that change its layers. */
export const CHANGES_LAYERS = new Set(['add', 'pop']);

export class ModelRules {
  private readonly sequentialClass: Value | undefined;
  private readonly modelClass: Value | undefined;
  private readonly inputFunction: Value | undefined;
  private readonly toCategorical: Value | undefined;

  constructor(private readonly context: WalkContext) {
    const registry = context.registry;
    this.sequentialClass = registry.resolve('keras.models.Sequential');
    this.modelClass = registry.resolve('keras.models.Model');
    this.inputFunction = registry.resolve('keras.layers.Input');
    this.toCategorical = registry.resolve('keras.utils.to_categorical');
  }

  /** The value of a call of `callee` when it makes a model, a layer, an Input or one-hot targets. */
  construct(e: Ast.CallExpr, callee: Value, args: ArgValues): StaticValue | undefined {
    if (isHostClass(callee)) {
      const cls = callee;
      if (cls === this.sequentialClass) return this.newSequential(cls, args);
      if (cls === this.modelClass) return this.newFunctional(cls, args);
      if (cls === this.inputFunction) return this.newInput(e, cls, args);
      if (this.context.registry.resolve('keras.layers.' + cls.name) === cls) return this.newLayer(e, cls, args);
      return undefined;
    }
    if (callee === this.toCategorical) return this.oneHot(callee, args);
    return undefined;
  }

  private label(e: Ast.Expr, className: string): string {
    const text = this.context.text(e.span);
    return text.length <= 48 ? text : `${className}(…)`;
  }

  private oneHot(f: Value, args: ArgValues): StaticValue {
    const bound = f instanceof PyCallable ? bindArguments(f.signature, args) : undefined;
    if (!bound) return UNKNOWN;
    const classes = knownOf(bound.get('num_classes')?.value ?? UNKNOWN);
    return { kind: 'one-hot', classes: typeof classes === 'bigint' ? Number(classes) : undefined };
  }

  /** models[0].pop(), or .add in a loop: a model reached this way may change; forget what is known of it. */
  taintModelsIn(e: Ast.Expr): void {
    const visit = (value: StaticValue): void => {
      if (value.kind === 'model' && value.model.kind === 'sequential') taint(value.model);
      else if (value.kind === 'tuple') value.items.forEach(visit);
    };
    if (e.kind === 'name') visit(this.context.names.get(e.id) ?? UNKNOWN);
    for (const child of childExpressions(e)) this.taintModelsIn(child);
  }

  private newLayer(e: Ast.CallExpr, cls: HostClass, args: ArgValues): StaticValue | undefined {
    const bound = bindArguments(cls.signature, args);
    if (!bound) return undefined;
    const known = new Map<string, Known>();
    for (const [name, { value }] of bound) known.set(name, knownOf(value));
    const layer = staticLayer(cls.name, this.label(e, cls.name), known);
    return layer ? { kind: 'layer', hostClass: cls, layer } : undefined;
  }

  private newInput(e: Ast.CallExpr, cls: HostClass, args: ArgValues): StaticValue {
    const bound = bindArguments(cls.signature, args);
    const shape = bound && knownOf(bound.get('shape')?.value ?? UNKNOWN);
    const dims = typeof shape === 'bigint' ? [Number(shape)] : Array.isArray(shape) ? inputDims(shape as readonly unknown[]) : undefined;
    const dtypeArg = bound?.get('dtype')?.value;
    const dtypeValue = dtypeArg ? knownOf(dtypeArg) : 'float32';
    const dtype = dtypeValue === 'int32' || dtypeValue === 'int64' ? 'int64' : dtypeValue === 'float32' || dtypeValue === null ? 'float' : undefined;
    if (!dims || !dtype) return { kind: 'tensor', hostClass: cls, tensor: { dims: undefined, dtype: 'float', origin: { kind: 'input', label: this.label(e, 'Input') } } };
    return { kind: 'tensor', hostClass: cls, tensor: { dims, dtype, origin: { kind: 'input', label: this.label(e, 'Input') } } };
  }

  private newSequential(cls: HostClass, args: ArgValues): StaticValue | undefined {
    const model: SequentialModel = { kind: 'sequential', output: undefined, layerCount: 0, last: undefined, tainted: false };
    const bound = bindArguments(cls.signature, args);
    if (!bound) return undefined;
    const layers = bound.get('layers')?.value;
    if (layers?.kind === 'tuple') layers.items.forEach((item, i) => this.add(model, item, layers.spans[i]));
    else if (layers && !(layers.kind === 'literal' && layers.value === null)) taint(model);
    return { kind: 'model', hostClass: cls, model };
  }

  private newFunctional(cls: HostClass, args: ArgValues): StaticValue {
    const bound = bindArguments(cls.signature, args);
    const outputs = bound?.get('outputs')?.value;
    let output: StaticTensor | undefined;
    if (outputs?.kind === 'tensor') output = outputs.tensor;
    else if (outputs?.kind === 'tuple' && outputs.items.length === 1 && outputs.items[0].kind === 'tensor') output = outputs.items[0].tensor;
    return { kind: 'model', hostClass: cls, model: { kind: 'functional', output } };
  }

  // ---- Sequential ----

  private add(model: SequentialModel, item: StaticValue, where: Span): void {
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

  /** compile and fit are checked against the model; add and pop change a Sequential's layers. */
  modelMethod(model: SequentialModel | FunctionalModel, method: string, args: ArgValues): void {
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

  /** A layer called on a symbolic tensor (functional API): its output tensors, or unknown. */
  callLayer(e: Ast.CallExpr, layer: StaticLayer, args: ArgValues): StaticValue {
    const x = args[0]?.arg.kind === 'positional' ? args[0].value : args.find(a => a.arg.kind === 'keyword' && a.arg.name === 'inputs')?.value;
    if (layer.takesList) return this.callOnList(e, layer, x, args);
    if (x?.kind !== 'tensor') return UNKNOWN;
    const initial = args.find(a => a.arg.kind === 'keyword' && a.arg.name === 'initial_state');
    if (initial && !this.checkInitialState(layer, initial)) return UNKNOWN;
    if (!this.checkInput(layer, x.tensor, e.span, false)) return UNKNOWN;
    const outs = layer.outputs(x.tensor.dims, x.tensor.dtype);
    if (!outs) return UNKNOWN;
    // return_state puts the states last; Bidirectional(merge_mode=None) gives two outputs first.
    const stateCount = layer.core?.arg('return_state') === true ? layer.stateCount ?? 0 : 0;
    const tensors: StaticValue[] = outs.map((dims, i) => ({ kind: 'tensor', tensor: { dims, dtype: 'float', origin: { kind: 'layer', layer, state: i >= outs.length - stateCount, input: x.tensor } } }));
    return tensors.length === 1 ? tensors[0] : { kind: 'tuple', items: tensors, spans: tensors.map(() => e.span) };
  }

  /** A merge or attention layer called on a list of tensors: `Concatenate()([a, b])`. */
  private callOnList(e: Ast.CallExpr, layer: StaticLayer, x: StaticValue | undefined, args: ArgValues): StaticValue {
    if (x?.kind === 'tensor') {
      this.context.reportShape(e.span, `${layer.className} takes a list of tensors, e.g. ${layer.className}()([a, b]), but gets one tensor`);
      return UNKNOWN;
    }
    if (x?.kind !== 'tuple') return UNKNOWN;
    const tensors: StaticTensor[] = [];
    for (const item of x.items) {
      if (item.kind !== 'tensor' || !item.tensor.dims || item.tensor.dtype !== 'float') return UNKNOWN;
      tensors.push(item.tensor);
    }
    const scoresArg = args.find(a => a.arg.kind === 'keyword' && a.arg.name === 'return_attention_scores');
    const returnScores = scoresArg ? knownOf(scoresArg.value) : false;
    if (typeof returnScores !== 'boolean') return UNKNOWN;
    let outs: Dims[] | undefined;
    try {
      outs = layer.listOutputs(tensors.map(t => t.dims!), returnScores);
    } catch (err) {
      this.context.reportShape(e.span, (err as Error).message);
      return UNKNOWN;
    }
    if (!outs) return UNKNOWN;
    const made: StaticValue[] = outs.map(dims => ({ kind: 'tensor', tensor: { dims, dtype: 'float', origin: { kind: 'layer', layer, state: false, input: tensors[0] } } }));
    return made.length === 1 ? made[0] : { kind: 'tuple', items: made, spans: made.map(() => e.span) };
  }

  private checkInitialState(layer: StaticLayer, initial: ArgValues[number]): boolean {
    const want = layer.stateCount;
    if (want === undefined) return true;
    const value = initial.value;
    const states = value.kind === 'tensor' ? [value] : value.kind === 'tuple' ? value.items : undefined;
    if (!states) return true;
    const where = initial.arg.value.span;
    if (states.length !== want) {
      this.context.reportShape(where, `${layer.className} needs initial_state=${stateNames(layer)} (${want} state tensor${want === 1 ? '' : 's'}) but gets ${states.length}`);
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
      this.context.reportShape(at, `initial state${from} has ${dims[0]} units but ${layer.label} has ${units}; an encoder's states can start a decoder only when both have the same units`);
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
      this.context.reportShape(where, `${who} gets integer ids: ${gets}; put an Embedding(vocab_size, dim) before it to turn ids into vectors`);
      return false;
    }
    if (layer.isRecurrent && dims.length !== 2) {
      this.context.reportShape(where, `${who} expects a sequence input (batch, time, features) but ${gets}${sequenceHint(input, sequential)}`);
      return false;
    }
    if (who === 'TimeDistributed' && dims.length < 2) {
      this.context.reportShape(where, `TimeDistributed expects a sequence input (batch, time, ...) but ${gets}${sequenceHint(input, sequential)}`);
      return false;
    }
    if (who === 'RepeatVector' && dims.length !== 1) {
      const returnsSequences = input.origin.kind === 'layer' && input.origin.layer.core?.arg('return_sequences') === true;
      this.context.reportShape(where, `RepeatVector expects a 2D input (batch, features) but ${gets}${returnsSequences ? '; drop return_sequences=True there' : ''}`);
      return false;
    }
    if (who === 'Embedding' && input.dtype === 'float' && input.origin.kind === 'layer') {
      this.context.reportShape(where, `Embedding expects integer ids (batch, time) but ${describeInput(input, sequential, 'floats ')}; Embedding goes first, on the token ids`);
      return false;
    }
    return true;
  }

  /** An argument of a Model method (compile, fit) by its Keras parameter name. */
  private methodArgument(method: string, args: ArgValues, name: string): { value: StaticValue; span: Span } | undefined {
    const cls = this.sequentialClass;
    return cls instanceof HostClass ? bindArguments(cls.method(method)?.signature, args)?.get(name) : undefined;
  }

  private checkLoss(model: SequentialModel | FunctionalModel, args: ArgValues): void {
    const loss = this.methodArgument('compile', args, 'loss');
    model.loss = loss?.value.kind === 'literal' && typeof loss.value.value === 'string' ? loss.value.value : undefined;
    const name = model.loss;
    const last = finalDense(model);
    if (!loss || !name || !last) return;
    const units = last.arg('units') as bigint;
    const activation = last.args.has('activation') ? last.arg('activation') : null;
    const where = loss.span;
    if ((name === 'sparse_categorical_crossentropy' || name === 'categorical_crossentropy') && units === 1n) {
      this.context.reportShape(where, `${name} needs one output per class, but the model ends in ${last.label} with 1 unit; for two classes use loss='binary_crossentropy', otherwise Dense(n_classes, activation='softmax')`, 'warning');
    } else if (name === 'binary_crossentropy' && activation === 'softmax' && units > 1n) {
      this.context.reportShape(where, `binary_crossentropy scores each of the ${units} outputs as its own yes/no, but ${last.label} makes them compete; use loss='categorical_crossentropy' (one-hot y) or 'sparse_categorical_crossentropy' (class ids)`, 'warning');
    }
  }

  /** fit(x, y) with y = to_categorical(...): its classes against the output units and the loss. */
  private checkTargets(model: SequentialModel | FunctionalModel, args: ArgValues): void {
    const y = this.methodArgument('fit', args, 'y');
    if (y?.value.kind !== 'one-hot') return;
    if (model.loss === 'sparse_categorical_crossentropy') {
      this.context.reportShape(y.span, "sparse_categorical_crossentropy takes class ids as y, but this y is one-hot (to_categorical); use loss='categorical_crossentropy', or pass the ids", 'warning');
      return;
    }
    const last = finalDense(model);
    const classes = y.value.classes;
    if (!last || classes === undefined) return;
    const units = Number(last.arg('units'));
    if (units === classes) return;
    // Keras's crossentropies require equal shapes; other losses may broadcast a single unit.
    const definite = model.loss === 'categorical_crossentropy' || model.loss === 'binary_crossentropy' || units > 1;
    this.context.reportShape(y.span, `y has ${classes} classes (one-hot, num_classes=${classes}) but the model ends in ${last.label} with ${units} unit${units === 1 ? '' : 's'}; make it Dense(${classes}, …)`, definite ? 'error' : 'warning');
  }
}

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

function knownOf(value: StaticValue): Known {
  switch (value.kind) {
    case 'literal': return value.value;
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
const SHAPE_KEEPING = new Set(['Dropout', 'Masking', 'Activation']);

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

