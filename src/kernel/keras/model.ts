// Keras models in cells: Sequential (list form and .add) and functional Model(inputs,
// outputs), with compile/fit/evaluate/predict/summary/save/generate. A model here is its
// config, its compile options and (until the engine has them) weights to install; the
// engine thread holds the live weights and trains (see engine/server.ts).
import { threadId } from 'node:worker_threads';
import type { Dim, TensorData } from '../../engine/graph/types';
import type { FeatureShape, Layer } from '../../engine/layers/layer';
import type { InputSpec } from '../../engine/layers/sequential';
import { Model as EngineModel } from '../../engine/model/model';
import type { SymbolicTensor } from '../../engine/model/symbolic';
import { asLossOptions, headLogNames, LossSpec, outputHeads, uniqueOutputNames } from '../../engine/train/heads';
import type { CompileOptions, TargetSpec } from '../../engine/train/step';
import { BoundArgs, CallContext, HostClass, HostObject, MethodImpl, NdArray, PyDict, PyException, PyList, PyTuple, Value, implementClass, repr } from '../../language';
import type { TrainingEvent, FitRequest, FitResult, ModelSpec, Weights } from '../../protocol/training';
import { FunctionalConfig, ModelConfig } from './config';
import { fromTensor, isNone, items, toArray, toInt, toNumber, toStr, toTensor } from './convert';
import { KerasCallback } from './callbacks';
import { kerasEnvironment } from './env';
import { diagramText } from '../../protocol/gradients/outputs';
import { GradientMapRecorder, TrainingRecorder, epochLine, gradientOutputItems, progressText, trainingItems } from './fitOutput';
import { KerasHistory } from './history';
import { KerasLayer, engineConfigs, layerFromConfig } from './layers';
import { lossOptions, metricNames } from './losses';
import { optimizerConfig } from './optimizers';
import { FUNCTIONAL, MODEL_BASE, SEQUENTIAL } from '../../keras/models';
import { SummaryRow, summaryItems } from './summary';
import { generatedTextItems, melodyData, melodyItems, noteTokensFromValue, tokensOfIds } from './generateOutput';
import { formatShape } from '../../keras/shapes';
import { KerasTensor, callLayer, kerasLayerOf } from './tensors';
import { Input as engineInput } from '../../engine/model/symbolic';
import { runEngine } from './engineCalls';

// Model ids name models to the panels, which hear from every notebook's kernel at once: each
// kernel (a worker thread; thread ids are unique in the extension host, and a restart makes a new
// one) numbers its models in a range of its own, so two notebooks' models never share frames.
let nextModelId = threadId * 1_000_000 + 1;
let nextRunId = 1;

/** Kernel-wide ids of layer objects: the engine keeps weights per layer id (see engine/server.ts). */
const layerIds = new WeakMap<Layer, number>();
let nextLayerId = 1;
function layerId(layer: Layer): number {
  let id = layerIds.get(layer);
  if (id === undefined) layerIds.set(layer, (id = nextLayerId++));
  return id;
}

/** The compile() arguments, as the engine and the saved file take them. */
export type CompileConfig = CompileOptions;

export abstract class KerasModel extends HostObject {
  readonly id = nextModelId++;
  compiled: CompileConfig | undefined;
  /** Weights to install in the engine before the next request (load_model, set_weights). */
  pendingWeights: Weights | undefined;
  /** Set once the engine thread has a trainer for this model. */
  trained = false;

  constructor(public name: string) {
    super();
  }

  abstract get kind(): 'Sequential' | 'Functional';
  abstract config(): ModelConfig;
  /** The trainer's per-sample input (the first, for several); undefined until known (Sequential without an input shape). */
  abstract inputSpec(x?: NdArray): InputSpec | undefined;
  /** Per-sample spec of every input, in order; undefined until known. */
  abstract inputSpecs(x?: NdArray): InputSpec[] | undefined;
  /** Input names (the Input(name=...) of a functional model), in order. */
  abstract inputNames(): string[];
  /** The model's per-sample output shape (sequence dims stay symbols); the first output's for several. */
  abstract outputShape(input: InputSpec): FeatureShape;
  /** Every output's per-sample shape. */
  abstract outputShapes(input: InputSpec): FeatureShape[];
  /** Keras output names: the name of the layer that produced each output. */
  abstract outputNames(): string[];
  abstract summaryRows(): SummaryRow[];
  abstract layerObjects(): KerasLayer[];
  /** The engine layers whose weights this model uses. */
  abstract engineLayers(): Layer[];

  override getAttribute(name: string): Value | undefined {
    switch (name) {
      case 'name': return this.name;
      case 'layers': return new PyList(this.layerObjects());
      case 'optimizer': return this.compiled ? (typeof this.compiled.optimizer === 'string' ? this.compiled.optimizer : this.compiled.optimizer.name) : null;
      default: return undefined;
    }
  }

  override repr(): string {
    return `<${this.kind} name=${this.name}, built=${this.inputSpec() ? 'True' : 'False'}>`;
  }

  /** What the engine needs for a request; `target` defaults to the model's own outputs. */
  spec(input: InputSpec, target?: TargetSpec[]): ModelSpec {
    const shapes = this.outputShapes(input);
    const compile = this.compiled ?? { loss: 'mse', optimizer: 'sgd' };
    const targets = target ?? shapes.map(out => ({ shape: [...out], dtype: 'float' as const }));
    return {
      id: this.id,
      config: this.config(),
      input,
      target: targets.length === 1 ? targets[0] : targets,
      compile,
      layerIds: Object.fromEntries(this.engineLayers().map(l => [l.name, layerId(l)])),
      weights: this.pendingWeights,
    };
  }

  requireInput(x?: NdArray): InputSpec {
    const input = this.inputSpec(x);
    if (!input) throw new PyException('ValueError', `The model ${this.name} has no input shape yet: give its first layer input_shape=..., start it with Input(shape=...), or call fit/predict first`);
    return input;
  }
}

// --------------------------------------------------------------------------- Sequential

export class KerasSequential extends KerasModel {
  readonly hostClass = sequentialClass;
  readonly layers: KerasLayer[] = [];
  /** From Input(shape=...) as the first entry. */
  declared: { shape: (number | null)[]; dtype: 'int64' | 'float' } | undefined;
  /** Learned from the first x seen when nothing declared the input. */
  inferred: InputSpec | undefined;

  get kind(): 'Sequential' {
    return 'Sequential';
  }

  add(item: Value): void {
    if (item instanceof KerasTensor) {
      if (this.layers.length || this.declared) throw new PyException('ValueError', 'Input(...) can only be the first entry of a Sequential model');
      const origin = item.symbolic.origin;
      if (origin.kind !== 'input') throw new PyException('ValueError', 'Sequential takes layers, not layer outputs');
      this.declared = { shape: item.symbolic.shape.map(d => (typeof d === 'number' ? d : null)), dtype: item.symbolic.dtype };
      return;
    }
    if (!(item instanceof KerasLayer)) throw new PyException('TypeError', `Sequential.add() takes a layer, not ${item === null ? 'None' : (item as { typeName?: string }).typeName ?? typeof item}`);
    if (this.layers.some(l => l.name === item.name)) throw new PyException('ValueError', `All layers added to a Sequential model should have unique names. Name '${item.name}' is already the name of a layer in this model.`);
    this.layers.push(item);
    // Keras checks shapes as layers are added: fail here, not in the middle of fit.
    const input = this.inputSpec();
    if (input) {
      try {
        this.shapesFrom(input);
      } catch (e) {
        this.layers.pop();
        throw new PyException('ValueError', `${item.name}: ${(e as Error).message}`);
      }
    }
    this.trained = false;
  }

  layerObjects(): KerasLayer[] {
    return this.layers;
  }

  engineLayers(): Layer[] {
    return this.layers.map(l => l.engine);
  }

  inputSpecs(x?: NdArray): InputSpec[] | undefined {
    const spec = this.inputSpec(x);
    return spec && [spec];
  }

  inputNames(): string[] {
    return [this.layers[0]?.name ?? 'input'];
  }

  outputShapes(input: InputSpec): FeatureShape[] {
    return [this.outputShape(input)];
  }

  outputNames(): string[] {
    return [this.layers[this.layers.length - 1]?.name ?? this.name];
  }

  config(): ModelConfig {
    return { class_name: 'Sequential', name: this.name, layers: this.layers.map(l => l.config) };
  }

  private firstIsEmbedding(): boolean {
    return this.layers[0]?.config.class_name === 'Embedding';
  }

  /** Per-sample input with sequence lengths as the symbol T (one graph serves every length). */
  private specFrom(shape: readonly (number | null)[], dtype: 'int64' | 'float'): InputSpec {
    const ids = this.firstIsEmbedding();
    const dims: Dim[] = shape.map((d, i) => (i === 0 && (ids || shape.length >= 2) ? 'T' : d === null ? 'T' : d));
    return { shape: dims, dtype: ids ? 'int64' : dtype };
  }

  /** The first layer's input_shape, Input(...), an Embedding, or the data, in that order. */
  inputSpec(x?: NdArray): InputSpec | undefined {
    if (this.declared) return this.specFrom(this.declared.shape, this.declared.dtype);
    const first = this.layers[0];
    if (first?.inputShape) return this.specFrom(first.inputShape, 'float');
    if (this.firstIsEmbedding()) return { shape: ['T'], dtype: 'int64' };
    if (this.inferred) return this.inferred;
    if (x && this.layers.length) {
      this.inferred = this.specFrom(x.shape.slice(1), 'float');
      return this.inferred;
    }
    return undefined;
  }

  /** The input with known lengths filled in, for summary (Embedding input_length, Input shape). */
  private displayInput(): FeatureShape | undefined {
    const spec = this.inputSpec();
    if (!spec) return undefined;
    const known = this.declared?.shape ?? this.layers[0]?.inputShape;
    const length = this.layers[0]?.config.config.input_length;
    return spec.shape.map((d, i) => (typeof d === 'number' ? d : known?.[i] ?? (i === 0 && typeof length === 'number' ? length : d)));
  }

  private shapesFrom(input: InputSpec): FeatureShape {
    return this.layers.reduce<FeatureShape>((s, l) => l.engine.outputShape(s), input.shape);
  }

  outputShape(input: InputSpec): FeatureShape {
    if (!this.layers.length) throw new PyException('ValueError', `The Sequential model ${this.name} has no layers`);
    return this.shapesFrom(input);
  }

  summaryRows(): SummaryRow[] {
    let shape = this.displayInput();
    return this.layers.map(l => {
      if (!shape) return { layer: l.name, type: l.config.class_name, outputShape: '?', params: undefined };
      const params = l.engine.params(shape).reduce((s, p) => s + p.shape.reduce((a, b) => a * b, 1), 0);
      shape = l.engine.outputShape(shape);
      return { layer: l.name, type: l.config.class_name, outputShape: formatShape(shape), params };
    });
  }
}

// --------------------------------------------------------------------------- functional

export class KerasFunctional extends KerasModel {
  readonly hostClass = functionalClass;
  constructor(name: string, readonly engine: EngineModel, private readonly graphConfig: FunctionalConfig) {
    super(name);
  }
  get kind(): 'Functional' {
    return 'Functional';
  }
  /** Keras model.inputs/outputs (lists) and model.input/output (one tensor, or the list for several). */
  override getAttribute(name: string): Value | undefined {
    const wrap = (ts: readonly SymbolicTensor[]) => ts.map(t => new KerasTensor(t));
    switch (name) {
      case 'inputs': return new PyList(wrap(this.engine.inputs));
      case 'outputs': return new PyList(wrap(this.engine.outputs));
      case 'input': return this.engine.inputs.length === 1 ? wrap(this.engine.inputs)[0] : new PyList(wrap(this.engine.inputs));
      case 'output': return this.engine.outputs.length === 1 ? wrap(this.engine.outputs)[0] : new PyList(wrap(this.engine.outputs));
      case 'input_names': return new PyList(this.inputNames());
      case 'output_names': return new PyList(this.outputNames());
      default: return super.getAttribute(name);
    }
  }
  config(): ModelConfig {
    return { class_name: 'Functional', name: this.name, graph: this.graphConfig };
  }
  inputSpec(): InputSpec {
    return this.engine.inputSpecs[0];
  }
  inputSpecs(): InputSpec[] {
    return this.engine.inputSpecs;
  }
  inputNames(): string[] {
    return this.engine.inputNodes.map(n => n.name);
  }
  outputShape(): FeatureShape {
    return this.engine.outputs[0].shape;
  }
  outputShapes(): FeatureShape[] {
    return this.engine.outputs.map(o => o.shape);
  }
  outputNames(): string[] {
    return uniqueOutputNames(this.engine.outputs.map(o => (o.origin.kind === 'call' ? o.origin.call.layer.name : o.origin.input.name)));
  }
  engineLayers(): Layer[] {
    return this.engine.layers;
  }
  /** The layer objects the cells called (so `model.layers[k](...)` shares weights), else ones rebuilt from config. */
  layerObjects(): KerasLayer[] {
    return this.engine.layers.map(l => kerasLayerOf(l) ?? layerFromConfig(engineConfigs.get(l)!));
  }
  summaryRows(): SummaryRow[] {
    const rows: SummaryRow[] = this.engine.inputNodes.map(n => ({ layer: n.name, type: 'InputLayer', outputShape: formatShape(n.shape), params: 0 }));
    const seen = new Set<unknown>();
    for (const c of this.engine.calls) {
      const first = !seen.has(c.layer);
      seen.add(c.layer);
      const params = first ? c.layer.params(c.input.shape).reduce((s, p) => s + p.shape.reduce((a, b) => a * b, 1), 0) : 0;
      const shapes = c.outputs.map(o => formatShape(o.shape));
      rows.push({ layer: c.layer.name, type: c.layer.kind, outputShape: shapes.length === 1 ? shapes[0] : `[${shapes.join(', ')}]`, params });
    }
    return rows;
  }
}

/** A functional model's graph as data, from the layer calls the cells made. */
function functionalConfig(model: EngineModel): FunctionalConfig {
  const refs = new Map<unknown, string>();
  model.inputs.forEach((t, k) => refs.set(t, `input:${k}`));
  model.calls.forEach((c, k) => c.outputs.forEach((t, i) => refs.set(t, `call:${k}:${i}`)));
  const ref = (t: unknown) => refs.get(t)!;
  return {
    inputs: model.inputNodes.map(n => ({ name: n.name, shape: n.shape.map(d => (typeof d === 'number' ? d : null)), dtype: n.dtype })),
    layers: model.layers.map(l => engineConfigs.get(l)!),
    calls: model.calls.map(c => ({ layer: c.layer.name, input: ref(c.input), initial_state: c.initialState.map(ref) })),
    outputs: model.outputs.map(ref),
  };
}

// --------------------------------------------------------------------------- data → tensors

function targetSpec(y: NdArray, out: FeatureShape, loss: LossSpec): TargetSpec {
  const name = asLossOptions(loss).name;
  const dims: Dim[] = y.shape.slice(1);
  // A sequence target follows the output's time symbol, so one graph serves every length.
  if (typeof out[0] === 'string' && dims.length >= 1 && out.length >= 2) dims[0] = out[0];
  return { shape: dims, dtype: name === 'sparse_categorical_crossentropy' ? 'int64' : 'float' };
}

/** One loss per output, from compile's one-for-all or per-output form. */
function lossPerOutput(compile: CompileConfig, outputs: number): LossSpec[] {
  return Array.isArray(compile.loss) ? compile.loss : Array.from({ length: outputs }, () => compile.loss as LossSpec);
}

/**
 * Arrays for several named slots (a model's inputs or outputs) as Keras takes them: one array
 * for a single slot, else a list in order or a dict keyed by name.
 */
function namedArrays(v: Value, names: readonly string[], what: string, kind: 'input' | 'output'): NdArray[] {
  if (v instanceof PyDict) {
    return names.map(n => {
      const a = v.get(n);
      if (a === undefined) throw new PyException('ValueError', `${what}: no array for the ${kind} '${n}' (the ${kind}s are ${names.map(m => `'${m}'`).join(', ')})`);
      return toArray(a, `${what}['${n}']`);
    });
  }
  const list = v instanceof PyList || v instanceof PyTuple ? v.items : undefined;
  const arrays = list?.length && list.every(a => a instanceof NdArray || a instanceof PyList || a instanceof PyTuple) && (names.length > 1 || list.every(a => a instanceof NdArray));
  if (names.length === 1) return [arrays && list.length === 1 ? toArray(list[0], what) : toArray(v, what)];
  if (!arrays || list.length !== names.length) {
    throw new PyException('ValueError', `${what}: the model has ${names.length} ${kind}s (${names.map(n => `'${n}'`).join(', ')}); pass a list of ${names.length} arrays in that order, or a dict keyed by ${kind} name`);
  }
  return list.map((a, i) => toArray(a, `${what}[${i}]`));
}

function inputArrays(model: KerasModel, v: Value, what: string): NdArray[] {
  return namedArrays(v, model.inputNames(), what, 'input');
}

function targetArrays(model: KerasModel, v: Value, what: string): NdArray[] {
  return namedArrays(v, model.outputNames(), what, 'output');
}

function requireCompiled(model: KerasModel, what: string): CompileConfig {
  if (!model.compiled) throw new PyException('RuntimeError', `You must compile your model before ${what}. Call model.compile(optimizer, loss).`);
  return model.compiled;
}

function checkSamples(x: NdArray[], y: NdArray[]): void {
  const n = x[0].shape[0];
  for (const a of [...x, ...y]) {
    if (a.shape[0] !== n) throw new PyException('ValueError', `x and y must have the same number of samples: x has ${x.map(b => b.shape[0]).join(', ')}, y has ${y.map(b => b.shape[0]).join(', ')}`);
  }
  if (n === 0) throw new PyException('ValueError', 'no samples to train on');
}

function checkFeatures(model: KerasModel, inputs: InputSpec[], xs: NdArray[]): void {
  const n = xs[0].shape[0];
  xs.forEach((x, k) => {
    const input = inputs[k];
    if (x.shape[0] !== n) throw new PyException('ValueError', `all inputs need the same number of samples, got ${xs.map(a => a.shape[0]).join(', ')}`);
    const want = input.shape.length + 1;
    if (x.shape.length !== want) {
      throw new PyException('ValueError', `Input ${k} of ${model.name} expects ${want}-d data (batch, ${input.shape.map(d => (typeof d === 'number' ? d : 'steps')).join(', ')}), got shape (${x.shape.join(', ')})`);
    }
    input.shape.forEach((d, i) => {
      if (typeof d === 'number' && x.shape[i + 1] !== d) throw new PyException('ValueError', `Input ${k} of ${model.name}: expected size ${d} on axis ${i + 1}, got ${x.shape[i + 1]} (shape (${x.shape.join(', ')}))`);
    });
  });
}

/** The model's inputs for x, checked against the data. */
function requireInputs(model: KerasModel, xs: NdArray[]): InputSpec[] {
  model.requireInput(xs[0]);
  const inputs = model.inputSpecs(xs[0])!;
  checkFeatures(model, inputs, xs);
  return inputs;
}

const tensors = (arrays: NdArray[], dtypes: ('int64' | 'float')[]): TensorData | TensorData[] => {
  const ts = arrays.map((a, k) => toTensor(a, dtypes[k]));
  return ts.length === 1 ? ts[0] : ts;
};

// --------------------------------------------------------------------------- methods

/** The x and y of fit/evaluate, checked against each other and the model, with the input and target specs they give. */
function labelledData(model: KerasModel, a: BoundArgs, compile: CompileConfig): { x: NdArray[]; y: NdArray[]; inputs: InputSpec[]; targets: TargetSpec[] } {
  const x = inputArrays(model, a.x, 'x');
  const y = targetArrays(model, a.y, 'y');
  checkSamples(x, y);
  const inputs = requireInputs(model, x);
  const shapes = model.outputShapes(inputs[0]);
  const losses = lossPerOutput(compile, shapes.length);
  const targets = y.map((t, k) => targetSpec(t, shapes[k], losses[k]));
  return { x, y, inputs, targets };
}

function fit(model: KerasModel, a: BoundArgs, ctx: CallContext): Value {
  const compile = requireCompiled(model, 'training');
  if (isNone(a.x) || isNone(a.y)) throw new PyException('ValueError', 'fit needs x and y');
  const { x, y, inputs, targets } = labelledData(model, a, compile);
  const xDtypes = inputs.map(i => i.dtype);
  const yDtypes = targets.map(t => t.dtype);
  const validationSplit = toNumber(a.validation_split, 'validation_split');
  if (!(validationSplit >= 0 && validationSplit < 1)) throw new PyException('ValueError', `validation_split must be in [0, 1), got ${validationSplit}`);
  let validationData: FitRequest['validationData'];
  if (!isNone(a.validation_data)) {
    const [vx, vy] = items(a.validation_data, 'validation_data');
    const xv = inputArrays(model, vx, 'validation x');
    const yv = targetArrays(model, vy, 'validation y');
    checkSamples(xv, yv);
    checkFeatures(model, inputs, xv);
    validationData = { x: tensors(xv, xDtypes), y: tensors(yv, yDtypes) };
  }
  const callbacks = isNone(a.callbacks) ? [] : items(a.callbacks, 'callbacks').map(c => {
    if (!(c instanceof KerasCallback)) throw new PyException('TypeError', 'callbacks must be Keras callbacks (EarlyStopping, TerminateOnNaN, ReduceLROnPlateau)');
    return c.config;
  });
  const epochs = toInt(a.epochs, 'epochs');
  const batchSize = isNone(a.batch_size) ? 32 : toInt(a.batch_size, 'batch_size');
  if (batchSize <= 0) throw new PyException('ValueError', `batch_size must be positive, got ${batchSize}`);
  const request: FitRequest = {
    epochs, batchSize, shuffle: a.shuffle !== false, initialEpoch: toInt(a.initial_epoch, 'initial_epoch'),
    validationSplit, validationData, callbacks,
  };
  const shown = a.verbose !== 0n && a.verbose !== false; // Keras verbose=0: no progress, no epoch lines
  const run = nextRunId++;
  // Progress and frames arrive already throttled (the training thread's one throttle), so each
  // event replaces its output in place at once.
  const progressId = `fit-${run}`;
  const gradientsId = `gradients-${run}`;
  const telemetry = kerasEnvironment().telemetry;
  const training = new TrainingRecorder(`${model.name}-${run}`, model.name, epochs);
  const gradientMap = new GradientMapRecorder();
  let last = '';
  const onEvent = (e: TrainingEvent) => {
    if (e.kind === 'progress') {
      last = progressText(e.progress);
      training.progress(e.progress);
      if (shown) ctx.display(trainingItems(training.data(), last), progressId);
    } else if (e.kind === 'epoch') {
      training.epochEnd(e);
      if (shown) ctx.write(epochLine(e));
    } else if (e.kind === 'gradients') {
      telemetry?.({ kind: 'gradients', frame: e.frame });
      gradientMap.push(e.frame);
      ctx.display(gradientOutputItems(gradientMap.data(), e.frame), gradientsId);
    } else if (e.kind === 'diagram') {
      telemetry?.({ kind: 'diagram', diagram: e.diagram });
      ctx.display([{ mime: 'text/plain', data: diagramText(e.diagram) }]);
    } else if (e.kind === 'connectivity') {
      telemetry?.({ kind: 'connectivity', series: e.series });
    } else if (e.kind === 'provider') {
      noteProvider(e, ctx);
    }
  };
  const result = runEngine<FitResult>(model, { op: 'fit', model: model.spec(inputs[0], targets), x: tensors(x, xDtypes), y: tensors(y, yDtypes), fit: request }, { onEvent });
  const steps = Math.ceil((x[0].shape[0] * (1 - validationSplit)) / batchSize);
  const history = new KerasHistory(result, { epochs, steps });
  if (shown) {
    const end = result.stopReason === 'cancelled' ? 'interrupted — the weights are those of the last finished step' : result.stopReason === 'callback' ? `stopped by ${result.stoppedBy ?? 'a callback'}` : 'done';
    training.finish(result.stopReason, result.stoppedBy);
    ctx.display(trainingItems(training.data(), `${last}\n${end}; history: ${repr(history.historyDict())}`.trimStart()), progressId);
  }
  // Interrupt stops fit between batches; the cell then ends as interrupted, weights kept.
  if (result.stopReason === 'cancelled') ctx.checkInterrupt();
  return history;
}

let providerNoted = false;
function noteProvider(e: Extract<TrainingEvent, { kind: 'provider' }>, ctx: CallContext): void {
  if (providerNoted || !e.fallbackReason) return;
  providerNoted = true;
  ctx.write(`Unroll: ${e.fallbackReason}; running on the CPU provider instead.\n`);
}

function evaluate(model: KerasModel, a: BoundArgs, ctx: CallContext): Value {
  const compile = requireCompiled(model, 'evaluating');
  const { x, y, inputs, targets } = labelledData(model, a, compile);
  const batchSize = isNone(a.batch_size) ? 32 : toInt(a.batch_size, 'batch_size');
  const logs = runEngine<Record<string, number>>(model, {
    op: 'evaluate', model: model.spec(inputs[0], targets), x: tensors(x, inputs.map(i => i.dtype)), y: tensors(y, targets.map(t => t.dtype)), batchSize,
  }, { onEvent: e => e.kind === 'provider' && noteProvider(e, ctx) });
  const names = headLogNames(outputHeads(model.outputNames(), compile.loss, compile.metrics, compile.lossWeights));
  if (a.return_dict === true) {
    const d = new PyDict();
    for (const n of names) d.set(n, logs[n]);
    return d;
  }
  return names.length === 1 ? logs.loss : new PyList(names.map(n => logs[n]));
}

/** One array for a single-output model, a list of arrays (in output order) for several, as Keras. */
function predict(model: KerasModel, a: BoundArgs, ctx: CallContext): Value {
  const x = inputArrays(model, a.x, 'x');
  const inputs = requireInputs(model, x);
  const batchSize = isNone(a.batch_size) ? 32 : toInt(a.batch_size, 'batch_size');
  const out = runEngine<TensorData[]>(model, { op: 'predict', model: model.spec(inputs[0]), x: tensors(x, inputs.map(i => i.dtype)), batchSize }, { onEvent: e => e.kind === 'provider' && noteProvider(e, ctx) });
  return out.length === 1 ? fromTensor(out[0]) : new PyList(out.map(fromTensor));
}

function generate(model: KerasModel, a: BoundArgs, ctx: CallContext): Value {
  const input = model.requireInput();
  const vocab = isNone(a.vocab) ? undefined : toStr(a.vocab, 'vocab');
  let start: number[];
  if (typeof a.start === 'string') {
    if (!vocab) throw new PyException('ValueError', 'a text start needs vocab= (the characters in id order)');
    start = [...a.start].map(ch => {
      const i = vocab.indexOf(ch);
      if (i < 0) throw new PyException('ValueError', `the character ${JSON.stringify(ch)} is not in vocab`);
      return i;
    });
  } else if (typeof a.start === 'bigint') start = [Number(a.start)];
  else start = items(a.start, 'start').map(v => toInt(v, 'start ids'));
  if (!start.length) throw new PyException('ValueError', 'generate needs at least one start token');
  const noteVocabulary = isNone(a.notes) ? undefined : noteTokensFromValue(a.notes);
  const temperature = toNumber(a.temperature, 'temperature');
  const tempo = toNumber(a.tempo, 'tempo');
  if (!(tempo > 0)) throw new PyException('ValueError', `tempo must be positive, got ${tempo}`);
  const r = runEngine<{ ids: number[]; stopped?: boolean }>(model, {
    op: 'generate', model: model.spec(input), start, length: toInt(a.length, 'length'),
    temperature, seed: toInt(a.seed, 'seed'),
  });
  // Interrupt ended the sampling loop between steps: the cell ends as interrupted, as Python would.
  if (r.stopped) ctx.checkInterrupt();
  if (vocab) {
    const generated = r.ids.map(i => vocab[i] ?? '').join('');
    ctx.display(generatedTextItems({ seed: start.map(i => vocab[i] ?? '').join(''), generated, temperature }));
    return generated;
  }
  if (noteVocabulary) ctx.display(melodyItems(melodyData(tokensOfIds([...start, ...r.ids], noteVocabulary), start.length, tempo, temperature)));
  return new PyList(r.ids.map(i => BigInt(i)));
}

function summary(model: KerasModel, ctx: CallContext): Value {
  const table = { title: model.name, rows: model.summaryRows() };
  ctx.display(summaryItems(table));
  return null;
}

function countParams(model: KerasModel): Value {
  const rows = model.summaryRows();
  if (rows.some(r => r.params === undefined)) throw new PyException('ValueError', `You tried to call count_params on ${model.name}, but the model isn't built yet.`);
  return BigInt(rows.reduce((s, r) => s + (r.params ?? 0), 0));
}

/** Hands pending weights (set_weights, load_model) to the engine's layer store, when the model's input is known. */
export function sendPendingWeights(model: KerasModel): void {
  const input = model.inputSpec();
  if (model.pendingWeights && input) runEngine<Weights>(model, { op: 'weights', model: model.spec(input) });
}

/** The model's current weights: from the engine when it has them, else initial values there. */
export function currentWeights(model: KerasModel): Weights {
  if (model.pendingWeights && !model.trained) return model.pendingWeights;
  return runEngine<Weights>(model, { op: 'weights', model: model.spec(model.requireInput()) });
}

/** A loss as compile stores it: the name, or the options when they say more than the name. */
function lossSpec(v: Value): LossSpec {
  const loss = lossOptions(v);
  return loss.from_logits ? loss : loss.name;
}

/**
 * Keras compile for one or several outputs: `loss` one for all (summed), a list in output
 * order, or a dict by output name; `metrics` one list for all outputs, a list of lists, or a
 * dict by output name; `loss_weights` a list or dict.
 */
function compile(model: KerasModel, a: BoundArgs): Value {
  if (isNone(a.loss)) throw new PyException('ValueError', 'compile needs a loss, e.g. loss="binary_crossentropy"');
  const outputs = model.outputNames();
  const perOutput = <T>(v: Value, what: string, one: (x: Value) => T): T[] => {
    if (v instanceof PyDict) {
      for (const [k] of v.entries()) if (typeof k !== 'string' || !outputs.includes(k)) throw new PyException('ValueError', `${what}: unknown output ${repr(k)}; the outputs are ${outputs.map(n => `'${n}'`).join(', ')}`);
      return outputs.map(n => {
        const e = v.get(n);
        if (e === undefined) throw new PyException('ValueError', `${what}: no entry for the output '${n}' (every output needs one)`);
        return one(e);
      });
    }
    const list = items(v, what);
    if (list.length !== outputs.length) throw new PyException('ValueError', `${what}: the model has ${outputs.length} output(s) (${outputs.map(n => `'${n}'`).join(', ')}), got ${list.length} entries`);
    return list.map(one);
  };
  const loss: CompileConfig['loss'] = a.loss instanceof PyList || a.loss instanceof PyTuple || a.loss instanceof PyDict ? perOutput(a.loss, 'loss', lossSpec) : lossSpec(a.loss);
  let metrics: CompileConfig['metrics'];
  if (a.metrics instanceof PyDict || ((a.metrics instanceof PyList || a.metrics instanceof PyTuple) && a.metrics.items.some(m => m instanceof PyList || m instanceof PyTuple))) {
    metrics = perOutput(a.metrics, 'metrics', m => (m === null ? [] : typeof m === 'string' || !(m instanceof PyList || m instanceof PyTuple) ? metricNames(new PyList([m])) : metricNames(m)));
  } else metrics = metricNames(a.metrics);
  const lossWeights = isNone(a.loss_weights) ? undefined : perOutput(a.loss_weights, 'loss_weights', w => toNumber(w, 'loss_weights entries'));
  const compiled: CompileConfig = { loss, optimizer: optimizerConfig(a.optimizer), metrics, ...(lossWeights ? { lossWeights } : {}) };
  try {
    outputHeads(outputs, compiled.loss, compiled.metrics, compiled.lossWeights);
  } catch (e) {
    throw new PyException('ValueError', (e as Error).message);
  }
  model.compiled = compiled;
  return null;
}

const MODEL_METHODS: Record<string, MethodImpl<KerasModel>> = {
  compile,
  fit,
  evaluate,
  predict,
  summary: (self, _a, ctx) => summary(self, ctx),
  count_params: self => countParams(self),
  save: (self, a) => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- lazy: persist pulls in the ONNX exporter, which the editor's import of the registry does not need
    const { saveModel } = require('./persist') as typeof import('./persist');
    saveModel(self, toStr(a.filepath, 'filepath'));
    return null;
  },
  generate: generate,
  get_layer: (self, a) => {
    const layers = self.layerObjects();
    if (!isNone(a.index)) {
      const i = toInt(a.index, 'index');
      if (i < 0 || i >= layers.length) throw new PyException('ValueError', `Was asked to retrieve layer at index ${i} but model only has ${layers.length} layers.`);
      return layers[i];
    }
    if (isNone(a.name)) throw new PyException('ValueError', 'Provide either a layer name or layer index at `get_layer`.');
    const found = layers.find(l => l.name === a.name);
    if (!found) throw new PyException('ValueError', `No such layer: ${toStr(a.name, 'name')}. Existing layers are: ${layers.map(l => l.name).join(', ')}.`);
    return found;
  },
  get_weights: self => {
    const w = currentWeights(self);
    return new PyList(Object.values(w).map(t => new NdArray(t.data, t.dims)));
  },
  set_weights: (self, a) => {
    const names = Object.keys(currentWeights(self));
    const given = items(a.weights, 'weights');
    if (given.length !== names.length) throw new PyException('ValueError', `set_weights: the model has ${names.length} weight arrays, got ${given.length}`);
    const current = currentWeights(self);
    const next: Weights = {};
    names.forEach((n, i) => {
      const arr = toArray(given[i], `weights[${i}]`);
      if (arr.data.length !== current[n].data.length) throw new PyException('ValueError', `set_weights: ${n} needs shape (${current[n].dims.join(', ')}), got (${arr.shape.join(', ')})`);
      next[n] = { dims: current[n].dims, data: Float32Array.from(arr.data) };
    });
    self.pendingWeights = next;
    // Now, not at the next request: the weights belong to the layers, which other models may share.
    sendPendingWeights(self);
    return null;
  },
};

const modelBase = implementClass<KerasModel>(MODEL_BASE, { methods: MODEL_METHODS });

export const sequentialClass: HostClass<KerasSequential> = implementClass<KerasSequential>(SEQUENTIAL, {
  base: modelBase,
  construct: a => {
    const model = new KerasSequential(isNone(a.name) ? uniqueModelName('sequential') : toStr(a.name, 'name'));
    if (!isNone(a.layers)) for (const l of items(a.layers, 'layers')) model.add(l);
    return model;
  },
  methods: {
    add: (self, a) => { self.add(a.layer); return null; },
    pop: self => { if (!self.layers.length) throw new PyException('IndexError', 'There are no layers in the model.'); self.layers.pop(); return null; },
  },
});

export const functionalClass: HostClass<KerasFunctional> = implementClass<KerasFunctional>(FUNCTIONAL, {
  base: modelBase,
  construct: a => {
    const tensors = (v: Value, what: string) => (v instanceof KerasTensor ? [v] : items(v, what)).map(t => {
      if (!(t instanceof KerasTensor)) throw new PyException('TypeError', `${what} must be symbolic tensors`);
      return t.symbolic;
    });
    const name = isNone(a.name) ? uniqueModelName('functional') : toStr(a.name, 'name');
    let engine: EngineModel;
    try {
      engine = new EngineModel(tensors(a.inputs, 'inputs'), tensors(a.outputs, 'outputs'), name);
    } catch (e) {
      throw new PyException('ValueError', (e as Error).message);
    }
    return new KerasFunctional(name, engine, functionalConfig(engine));
  },
});

const modelNames = new Map<string, number>();
function uniqueModelName(base: string): string {
  const n = modelNames.get(base) ?? 0;
  modelNames.set(base, n + 1);
  return n === 0 ? base : `${base}_${n}`;
}

/** A model object from a saved config (load_model). */
export function modelFromConfig(config: ModelConfig): KerasModel {
  if (config.class_name === 'Sequential') {
    const model = new KerasSequential(config.name);
    for (const l of config.layers) model.add(layerFromConfig(l, (l.config.input_shape as (number | null)[] | undefined) ?? undefined));
    return model;
  }
  // Layer objects first, then the calls on them, so model.layers[k] of a loaded model is the
  // layer the model uses (calling it again for an inference model shares its weights).
  const g = config.graph;
  const layers = new Map(g.layers.map(c => [c.config.name, layerFromConfig(c)]));
  const tensors = new Map<string, KerasTensor>();
  g.inputs.forEach((i, k) => tensors.set(`input:${k}`, new KerasTensor(engineInput(i.shape, { name: i.name, dtype: i.dtype === 'int64' ? 'int64' : 'float32' }))));
  const read = (ref: string) => {
    const t = tensors.get(ref);
    if (!t) throw new PyException('ValueError', `the saved model refers to an unknown tensor ${ref}`);
    return t;
  };
  g.calls.forEach((c, k) => {
    const layer = layers.get(c.layer);
    if (!layer) throw new PyException('ValueError', `the saved model calls an unknown layer ${c.layer}`);
    const out = callLayer(layer, read(c.input), c.initial_state.length ? new PyList(c.initial_state.map(read)) : null);
    (out instanceof PyList ? out.items : [out]).forEach((t, i) => tensors.set(`call:${k}:${i}`, t as KerasTensor));
  });
  const engine = new EngineModel(g.inputs.map((_, k) => read(`input:${k}`).symbolic), g.outputs.map(o => read(o).symbolic), config.name);
  return new KerasFunctional(config.name, engine, g);
}

