// Keras models in cells: Sequential (list form and .add) and functional Model(inputs,
// outputs), with compile/summary/save and the methods of modelRuns.ts (fit, evaluate, predict,
// generate). A model here is its config, its compile options and (until the training thread has
// them) weights to install; the training thread holds the live weights and trains
// (see trainingServer.ts).
// Over 500 lines since layer outputs, get/set_weights and Sequential inputs/outputs landed: the
// model classes' attribute and weight methods are the next piece to move to a module of their own.
import type { Dim, TensorData } from '../../engine/graph/types';
import type { FeatureShape, Layer } from '../../engine/layers/layer';
import type { InputSpec } from '../../engine/layers/sequential';
import { Model as EngineModel } from '../../engine/model/model';
import type { SymbolicTensor } from '../../engine/model/symbolic';
import { LossSpec, outputHeads, uniqueOutputNames } from '../../engine/train/heads';
import type { CompileOptions, TargetSpec } from '../../engine/train/step';
import { BoundArgs, CallContext, HostClass, HostObject, MethodImpl, NdArray, PyDict, PyException, PyList, PyTuple, Value, implementClass, repr } from '../../language';
import type { ModelSpec, Weights } from '../../protocol/training';
import { FunctionalConfig, ModelConfig } from './config';
import { asKerasCall, isNone, items, toArray, toInt, toNumber, toStr } from './convert';
import { KerasLayer, LayerClasses, LayerOwner, engineConfigs, layerClasses, layerFromConfig } from './layers';
import { lossOptions, metricNames } from './losses';
import { optimizerConfig } from './optimizers';
import { FUNCTIONAL, MODEL_BASE, SEQUENTIAL } from '../../keras/models';
import { SummaryRow, summaryItems } from './summary';
import { formatShape } from '../../keras/shapes';
import { KerasTensor, callLayer, kerasLayerOf, noteLayerObject } from './tensors';
import { callAll } from '../../engine/model/call';
import { Input as engineInput } from '../../engine/model/symbolic';
import { runEngine } from './engineCalls';
import { evaluate, fit, generate, predict } from './modelRuns';
import type { KernelContext } from '../kernelContext';

/** The model and layer classes of one kernel, and the context they count in (ids, names, the engine). */
export interface KerasBindings {
  readonly context: KernelContext;
  readonly layerClasses: LayerClasses;
  readonly sequentialClass: HostClass<KerasSequential>;
  readonly functionalClass: HostClass<KerasFunctional>;
}

/** What export_pytorch takes from the last fit when a cell does not say. */
export interface LastFit {
  x: TensorData[];
  y: TensorData[];
  validation?: { x: TensorData | TensorData[]; y: TensorData | TensorData[] };
  epochs: number;
  batchSize: number;
  shuffle: boolean;
  seed: number;
  validationSplit: number;
}

/** The compile() arguments, as the engine and the saved file take them. */
export type CompileConfig = CompileOptions;

export abstract class KerasModel extends HostObject implements LayerOwner {
  /** Names the model to the training thread and the panels (see KernelContext.newModelId). */
  readonly id: number;
  compiled: CompileConfig | undefined;
  /** Weights to install in the engine before the next request (load_model, set_weights). */
  pendingWeights: Weights | undefined;
  /** Set once the engine thread has a trainer for this model. */
  trained = false;
  /** The data and settings of the last fit (export_pytorch's defaults). */
  lastFit: LastFit | undefined;
  /** Seeds its initial weights and dropout when set_random_seed was called before it was made. */
  readonly seed: number | undefined;

  constructor(readonly bindings: KerasBindings, public name: string) {
    super();
    this.id = bindings.context.newModelId();
    this.seed = bindings.context.drawSeed();
  }

  get context(): KernelContext {
    return this.bindings.context;
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
      ...(this.seed === undefined ? {} : { seed: this.seed }),
      config: this.config(),
      input,
      target: targets.length === 1 ? targets[0] : targets,
      compile,
      layerIds: Object.fromEntries(this.engineLayers().map(l => [l.name, this.context.layerId(l)])),
      weights: this.pendingWeights,
    };
  }

  /** Symbolic calls of the layers: a functional model has them from the start. */
  buildSymbolic(): boolean {
    return true;
  }

  /** The names of the layer's weights in the model's weights (`<layer>.<weight>`), in Keras order; [] while not built. */
  private layerWeightNames(layer: KerasLayer, weights: Weights): string[] {
    return Object.keys(weights).filter(k => k.startsWith(`${layer.name}.`));
  }

  layerWeights(layer: KerasLayer): NdArray[] {
    if (!this.inputSpec()) return [];
    const weights = currentWeights(this);
    return this.layerWeightNames(layer, weights).map(n => new NdArray(weights[n].data, weights[n].dims));
  }

  /** The layer's weights by their names under the layer ('kernel', 'forward/recurrent_kernel', …). */
  layerWeightsByName(layer: KerasLayer): Map<string, NdArray> {
    if (!this.inputSpec()) return new Map();
    const weights = currentWeights(this);
    return new Map(this.layerWeightNames(layer, weights).map(n => [n.slice(layer.name.length + 1), new NdArray(weights[n].data, weights[n].dims)]));
  }

  setLayerWeights(layer: KerasLayer, value: Value): void {
    const current = this.inputSpec() ? currentWeights(this) : {};
    const names = this.layerWeightNames(layer, current);
    const given = items(value, 'weights');
    if (given.length !== names.length) throw new PyException('ValueError', `You called \`set_weights(weights)\` on layer '${layer.name}' with a weight list of length ${given.length}, but the layer was expecting ${names.length} weights.`);
    const next: Weights = { ...current };
    names.forEach((n, i) => {
      const arr = toArray(given[i], `weights[${i}]`);
      const want = current[n].dims;
      if (arr.shape.length !== want.length || arr.shape.some((d, j) => d !== want[j])) {
        throw new PyException('ValueError', `Layer ${layer.name} weight shape (${want.join(', ')}${want.length === 1 ? ',' : ''}) is not compatible with provided weight shape (${arr.shape.join(', ')}${arr.shape.length === 1 ? ',' : ''}).`);
      }
      next[n] = { dims: want, data: Float32Array.from(arr.data) };
    });
    this.pendingWeights = next;
    sendPendingWeights(this);
  }

  requireInput(x?: NdArray): InputSpec {
    const input = this.inputSpec(x);
    if (!input) throw new PyException('ValueError', `The model ${this.name} has no input shape yet: give its first layer input_shape=..., start it with Input(shape=...), or call fit/predict first`);
    return input;
  }
}

// --------------------------------------------------------------------------- Sequential

export class KerasSequential extends KerasModel {
  readonly layers: KerasLayer[] = [];
  /** From Input(shape=...) as the first entry. */
  declared: { shape: (number | null)[]; dtype: 'int64' | 'float' } | undefined;
  /** Learned from the first x seen when nothing declared the input. */
  inferred: InputSpec | undefined;

  /** The layers called on a symbolic input, once the input is known (Keras 3 builds a Sequential so). */
  private symbolic: { layers: KerasLayer[]; input: KerasTensor; output: KerasTensor } | undefined;

  get hostClass(): HostClass<KerasSequential> {
    return this.bindings.sequentialClass;
  }

  get kind(): 'Sequential' {
    return 'Sequential';
  }

  override buildSymbolic(): boolean {
    const spec = this.inputSpec();
    if (!spec || !this.layers.length) return false;
    if (this.symbolic && this.symbolic.layers.length === this.layers.length && this.symbolic.layers.every((l, i) => l === this.layers[i])) return true;
    const shape = this.declared?.shape ?? this.layers[0].inputShape ?? spec.shape.map(d => (typeof d === 'number' ? d : null));
    const input = new KerasTensor(engineInput(shape, { dtype: spec.dtype === 'int64' ? 'int64' : 'float32', names: this.context.names }));
    let output = input;
    for (const l of this.layers) {
      const out = callLayer(l, output, null);
      output = (out instanceof PyList ? out.items[0] : out) as KerasTensor;
    }
    this.symbolic = { layers: [...this.layers], input, output };
    return true;
  }

  /** Keras model.inputs/outputs (lists) and model.input/output of a built Sequential model. */
  override getAttribute(name: string): Value | undefined {
    if (name !== 'inputs' && name !== 'outputs' && name !== 'input' && name !== 'output') return super.getAttribute(name);
    if (!this.buildSymbolic()) throw new PyException('AttributeError', `Sequential model '${this.name}' has no defined ${name.endsWith('s') ? name : `${name}s`} yet.`);
    const { input, output } = this.symbolic!;
    const tensor = name.startsWith('input') ? input : output;
    return name.endsWith('s') ? new PyList([tensor]) : tensor;
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
    item.owner = this;
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

class KerasFunctional extends KerasModel {
  constructor(bindings: KerasBindings, name: string, readonly engine: EngineModel, private readonly graphConfig: FunctionalConfig) {
    super(bindings, name);
    for (const layer of this.layerObjects()) layer.owner = this;
  }
  get hostClass(): HostClass<KerasFunctional> {
    return this.bindings.functionalClass;
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
    return this.engine.layers.map(l => kerasLayerOf(l) ?? layerFromConfig(this.bindings.layerClasses, engineConfigs.get(l)!));
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
    calls: model.calls.map(c => ({
      layer: c.layer.name,
      input: ref(c.input),
      ...(c.list ? { inputs: c.inputs.map(ref) } : {}),
      initial_state: c.initialState.map(ref),
      ...(c.mask ? { mask: ref(c.mask) } : {}),
      ...(c.options.return_attention_scores ? { return_attention_scores: true } : {}),
      ...(c.options.use_causal_mask ? { use_causal_mask: true } : {}),
    })),
    outputs: model.outputs.map(ref),
  };
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
  asKerasCall(() => outputHeads(outputs, compiled.loss, compiled.metrics, compiled.lossWeights));
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
  export_pytorch: (self, a, ctx) => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- lazy, like save: the exporter is not needed until a cell asks for it
    const { exportModelToPyTorch } = require('./pytorchExport') as typeof import('./pytorchExport');
    return exportModelToPyTorch(self, a, ctx);
  },
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

/** The model and layer classes of one kernel; a model or layer made without a name is named from `context`. */
export function kerasBindings(context: KernelContext): KerasBindings {
  const bindings: KerasBindings = {
    context,
    layerClasses: layerClasses(context.names, (layer, x, initialState, mask, ctx) => eagerCall(bindings, layer, x, initialState, mask, ctx)),
    sequentialClass: implementClass<KerasSequential>(SEQUENTIAL, {
      base: modelBase,
      construct: a => {
        const model = new KerasSequential(bindings, isNone(a.name) ? context.modelNames.next('sequential') : toStr(a.name, 'name'));
        if (!isNone(a.layers)) for (const l of items(a.layers, 'layers')) model.add(l);
        return model;
      },
      methods: {
        add: (self, a) => { self.add(a.layer); return null; },
        pop: self => { if (!self.layers.length) throw new PyException('IndexError', 'There are no layers in the model.'); self.layers.pop(); return null; },
      },
    }),
    functionalClass: implementClass<KerasFunctional>(FUNCTIONAL, {
      base: modelBase,
      construct: a => {
        const tensors = (v: Value, what: string) => (v instanceof KerasTensor ? [v] : items(v, what)).map(t => {
          if (!(t instanceof KerasTensor)) throw new PyException('TypeError', `${what} must be symbolic tensors`);
          return t.symbolic;
        });
        const name = isNone(a.name) ? context.modelNames.next('functional') : toStr(a.name, 'name');
        const engine = asKerasCall(() => new EngineModel(tensors(a.inputs, 'inputs'), tensors(a.outputs, 'outputs'), name));
        return new KerasFunctional(bindings, name, engine, functionalConfig(engine));
      },
    }),
  };
  return bindings;
}

/**
 * layer(array): Keras runs the layer at once. Here a one-layer model around it predicts, so the
 * layer's weights are made on its first call and kept for the next (they are the layer's,
 * in the training thread's store, as with any model that uses it).
 */
function eagerCall(bindings: KerasBindings, layer: KerasLayer, x: Value, initialState: Value, mask: Value, ctx: CallContext): Value {
  if (!isNone(initialState)) throw new PyException('ValueError', `${layer.name}: initial_state is for symbolic calls; call the layer on Input(...) tensors and build a Model`);
  const array = toArray(x, 'inputs');
  if (array.shape.length < 2) throw new PyException('ValueError', `${layer.name}: the input needs a batch axis first, got shape (${array.shape.join(', ')})`);
  const input = engineInput(array.shape.slice(1), { name: `${layer.name}_input`, dtype: layer.config.class_name === 'Embedding' ? 'int64' : 'float32' });
  // mask=: a [batch, timesteps] array (bools, or numbers: nonzero = use the step) as a second input.
  const maskArray = isNone(mask) ? undefined : toArray(mask, 'mask').astype('float32');
  if (maskArray && (maskArray.shape.length !== 2 || maskArray.shape[0] !== array.shape[0] || maskArray.shape[1] !== array.shape[1])) {
    throw new PyException('ValueError', `${layer.name}: mask must have shape (batch, timesteps) = (${array.shape.slice(0, 2).join(', ')}), got (${maskArray.shape.join(', ')})`);
  }
  const maskInput = maskArray ? engineInput(maskArray.shape.slice(1), { name: `${layer.name}_mask`, dtype: 'float32' }) : undefined;
  const engine = asKerasCall(() => new EngineModel(maskInput ? [input, maskInput] : [input], callAll(layer.engine, input, maskInput ? { mask: maskInput } : {}), `${layer.name}_call`));
  noteLayerObject(layer);
  // The model takes the layer in (its owner now), so layer.get_weights() reads the weights made here.
  const model = new KerasFunctional(bindings, engine.name, engine, functionalConfig(engine));
  return predict(model, { x: maskArray ? new PyList([array, maskArray]) : array, batch_size: null, verbose: 0n }, ctx);
}

/** A model object from a saved config (load_model). */
export function modelFromConfig(bindings: KerasBindings, config: ModelConfig): KerasModel {
  if (config.class_name === 'Sequential') {
    const model = new KerasSequential(bindings, config.name);
    for (const l of config.layers) model.add(layerFromConfig(bindings.layerClasses, l, (l.config.input_shape as (number | null)[] | undefined) ?? undefined));
    return model;
  }
  // Layer objects first, then the calls on them, so model.layers[k] of a loaded model is the
  // layer the model uses (calling it again for an inference model shares its weights).
  const g = config.graph;
  const layers = new Map(g.layers.map(c => [c.config.name, layerFromConfig(bindings.layerClasses, c)]));
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
    const x = c.inputs ? new PyList(c.inputs.map(read)) : read(c.input);
    const out = callLayer(layer, x, c.initial_state.length ? new PyList(c.initial_state.map(read)) : null, { return_attention_scores: c.return_attention_scores, use_causal_mask: c.use_causal_mask }, c.mask === undefined ? null : read(c.mask));
    (out instanceof PyList || out instanceof PyTuple ? out.items : [out]).forEach((t, i) => tensors.set(`call:${k}:${i}`, t as KerasTensor));
  });
  const engine = new EngineModel(g.inputs.map((_, k) => read(`input:${k}`).symbolic), g.outputs.map(o => read(o).symbolic), config.name);
  return new KerasFunctional(bindings, config.name, engine, g);
}

