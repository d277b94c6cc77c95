// The Keras layer classes of the rnn language, built from the layer table (src/keras/layers.ts:
// signatures, defaults, docs, value checks): each turns bound arguments into a LayerConfig and
// the engine layer is built from that config (config.ts), so what a cell made is exactly what
// gets saved.
import type { Layer, NameScope } from '../../engine/layers/layer';
import { RNNLayer } from '../../engine/layers/rnn';
import { BoundArgs, CallContext, HostClass, HostObject, NdArray, PyDict, PyException, PyList, PyTuple, Value, implementClass } from '../../language';
import { ConfigValue, LayerConfig, buildLayer } from './config';
import { isNone, items, shown, toConfig, toPy, toShape, toStr } from './convert';
import { LAMBDA, LAMBDA_UNSUPPORTED, LAYERS, LAYER_BASE as LAYER_BASE_DECL, LayerDecl, ValueCheck, layerClass } from '../../keras/layers';
import { KerasTensor, callLayer } from './tensors';

/**
 * What a layer asks of the model that holds it: its weights (the training thread keeps them,
 * by layer) and, for a Sequential model, the symbolic calls that give the layer an output.
 */
export interface LayerOwner {
  /** The layer's weights in Keras order; [] while the model's input is unknown (not built). */
  layerWeights(layer: KerasLayer): NdArray[];
  setLayerWeights(layer: KerasLayer, weights: Value): void;
  /** Calls the model's layers on a symbolic input once the input is known; false while it is not. */
  buildSymbolic(): boolean;
}

/** One call of a layer on symbolic tensors (Keras's inbound node). */
export interface LayerNode {
  /** A tensor, or the list a merge or attention layer was called on. */
  readonly input: Value;
  readonly outputs: readonly KerasTensor[];
}

/** A layer object in a cell: its config, the engine layer built from it, and an optional input shape. */
export class KerasLayer extends HostObject {
  readonly engine: Layer;
  /** Its first call: `layer.output` is that call's, as in Keras 3 (later calls are not kept: a layer called in a loop would hold every graph). */
  firstNode: LayerNode | undefined;
  /** The model that last took it in (Sequential.add, Model(...)): where its weights live. */
  owner: LayerOwner | undefined;
  constructor(readonly hostClass: HostClass, readonly config: LayerConfig, readonly inputShape: (number | null)[] | undefined) {
    super();
    this.engine = buildLayer(config);
    engineConfigs.set(this.engine, config);
  }
  get name(): string {
    return this.config.config.name;
  }
  override getAttribute(name: string): Value | undefined {
    if (name === 'name') return this.name;
    if (name === 'input' || name === 'output') return this.nodeTensor(name);
    if (name in this.config.config && name !== 'layer') return configToPy(this.config.config[name]);
    return undefined;
  }

  /** The input or output of its first call; a layer of a built Sequential model gets its calls on first asking. */
  private nodeTensor(which: 'input' | 'output'): Value {
    if (!this.firstNode) this.owner?.buildSymbolic();
    const node = this.firstNode;
    if (!node) throw new PyException('AttributeError', `The layer ${this.name} has never been called and thus has no defined ${which}.`);
    if (which === 'input') return node.input;
    return node.outputs.length === 1 ? node.outputs[0] : new PyList([...node.outputs]);
  }
  override repr(): string {
    return `<${this.hostClass.name} name=${this.name}>`;
  }
}

/** A symbolic call: a tensor, or a list or tuple of them (merge and attention layers); anything else is an array to run on now. */
function isSymbolic(inputs: Value): boolean {
  if (inputs instanceof KerasTensor) return true;
  return (inputs instanceof PyList || inputs instanceof PyTuple) && inputs.items.length > 0 && inputs.items[0] instanceof KerasTensor;
}

/** Which config made an engine layer (a functional model is serialized through its layers). */
export const engineConfigs = new WeakMap<Layer, LayerConfig>();

function configToPy(v: ConfigValue): Value {
  if (typeof v === 'number' && Number.isInteger(v)) return BigInt(v);
  if (Array.isArray(v)) return new PyList(v.map(configToPy));
  if (v !== null && typeof v === 'object') return JSON.stringify(v);
  return v;
}

/** Runs a layer on an array at once (Keras's eager call); the kernel's model classes provide it (model.ts). */
export type EagerCall = (layer: KerasLayer, x: Value, initialState: Value, mask: Value, ctx: CallContext) => Value;
const eagerCalls = new WeakMap<HostClass, EagerCall>();

/** get_config as Keras gives it: an int parameter (units, input_dim) is a Python int, not the float JSON keeps. */
function configDict(self: KerasLayer): Value {
  const config = toPy(self.config.config);
  const ints = new Set((self.hostClass.signature?.params ?? []).filter(p => p.types?.includes('int') && !p.types.includes('float')).map(p => p.name));
  if (config instanceof PyDict) {
    for (const [key, value] of config.entries()) {
      if (typeof key === 'string' && ints.has(key) && typeof value === 'number' && Number.isInteger(value)) config.set(key, BigInt(value));
    }
  }
  return config;
}

const LAYER_BASE = implementClass<KerasLayer>(LAYER_BASE_DECL, {
  methods: {
    __call__: (self, args, ctx) => {
      const options = { return_attention_scores: args.return_attention_scores === true, use_causal_mask: args.use_causal_mask === true };
      if (isSymbolic(args.inputs)) return callLayer(self, args.inputs, args.initial_state, options, args.mask);
      const eager = eagerCalls.get(self.hostClass);
      if (!eager) throw new PyException('TypeError', `${self.name} takes a symbolic tensor here: Input(...) or another layer's output`);
      return eager(self, args.inputs, args.initial_state, args.mask, ctx);
    },
    get_config: self => configDict(self),
    get_weights: self => new PyList(self.owner?.layerWeights(self) ?? []),
    set_weights: (self, args) => {
      if (self.owner) self.owner.setLayerWeights(self, args.weights);
      else {
        const given = items(args.weights, 'weights').length;
        if (given) throw new PyException('ValueError', `You called \`set_weights(weights)\` on layer '${self.name}' with a weight list of length ${given}, but the layer was expecting 0 weights.`);
      }
      return null;
    },
  },
});

/** The ValueError a table check raises, with the messages Keras users see. */
function checkValue(def: LayerDecl, check: ValueCheck, args: BoundArgs): void {
  const { arg } = check;
  const who = def.className;
  switch (check.rule) {
    case 'positive':
      if (!(Number(args[arg]) > 0)) throw new PyException('ValueError', `${who}: ${arg} must be a positive integer, got ${shown(args[arg])}`);
      return;
    case 'fraction': {
      const v = Number(args[arg] ?? 0);
      if (!(v >= 0 && v < 1)) throw new PyException('ValueError', `${who}: ${arg} must be in [0, 1), got ${v}`);
      return;
    }
    case 'recurrent':
      if (!((args[arg] as KerasLayer).engine instanceof RNNLayer)) throw new PyException('ValueError', `${who} wraps a SimpleRNN, LSTM or GRU layer`);
      return;
  }
}

/** Arguments that are not config fields: the name and input shape are set apart, a wrapped layer is stored as its config. */
const SKIP_IN_CONFIG = new Set(['name', 'input_shape', 'layer']);

function makeLayerClass(def: LayerDecl, names: NameScope): HostClass<KerasLayer> {
  const cls: HostClass<KerasLayer> = implementClass<KerasLayer>(layerClass(def), {
    base: LAYER_BASE,
    construct: args => {
      for (const check of def.checks) checkValue(def, check, args);
      const fields: Record<string, ConfigValue> = {};
      for (const p of def.params) if (!SKIP_IN_CONFIG.has(p.name) && !def.inputArgs.includes(p.name)) fields[p.name] = toConfig(args[p.name]);
      const extra: Record<string, ConfigValue> = args.layer instanceof KerasLayer ? { layer: args.layer.config as unknown as ConfigValue } : {};
      const name = isNone(args.name) ? names.next(def.stem) : toStr(args.name, 'name');
      const config: LayerConfig = { class_name: def.className, config: { name, ...fields, ...extra } };
      let inputShape = isNone(args.input_shape) ? undefined : toShape(args.input_shape, 'input_shape');
      if (def.className === 'Dense' && !isNone(args.input_dim)) inputShape = [Number(args.input_dim)];
      try {
        return new KerasLayer(cls, config, inputShape);
      } catch (e) {
        if (e instanceof PyException) throw e;
        throw new PyException('ValueError', `${def.className}: ${(e as Error).message}`);
      }
    },
  });
  return cls;
}

/** The layer classes of one kernel, by class name: a layer made without a name is named from `names` (the kernel's scope). */
export type LayerClasses = ReadonlyMap<string, HostClass<KerasLayer>>;

export function layerClasses(names: NameScope, eager?: EagerCall): LayerClasses {
  return new Map(LAYERS.map(d => {
    const cls = makeLayerClass(d, names);
    if (eager) eagerCalls.set(cls, eager);
    return [d.className, cls];
  }));
}

/** A layer object rebuilt from a saved config (load_model). */
export function layerFromConfig(classes: LayerClasses, config: LayerConfig, inputShape?: (number | null)[]): KerasLayer {
  const cls = classes.get(config.class_name);
  if (!cls) throw new PyException('ValueError', `unknown layer class '${config.class_name}' in the saved model`);
  return new KerasLayer(cls, config, inputShape);
}

/** keras.layers.Lambda: declared so that using it says why it cannot work here (see LAMBDA_UNSUPPORTED). */
export const lambdaClass: HostClass = implementClass(LAMBDA, {
  construct: () => {
    throw new PyException('NotImplementedError', LAMBDA_UNSUPPORTED);
  },
});
