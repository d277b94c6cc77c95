// The Keras layer classes of the rnn language: each declares its Keras signature (keyword
// arguments, defaults, docs) and turns bound arguments into a LayerConfig; the engine layer
// is built from that config (config.ts), so what a cell made is exactly what gets saved.
import { ACTIVATIONS } from '../../engine/layers/activations';
import { autoName, Layer } from '../../engine/layers/layer';
import { RNNLayer } from '../../engine/layers/rnn';
import { BoundArgs, HostClass, HostObject, Param, PyException, PyList, Value } from '../../language';
import { ConfigValue, LayerConfig, buildLayer } from './config';
import { isNone, shown, toConfig, toPy, toShape, toStr } from './convert';
import { INPUT_SHAPE, NAME, opt, req } from './params';
import { KerasTensor, callLayer } from './tensors';

const ACTIVATION_NAMES = Object.keys(ACTIVATIONS);
const INIT_TYPES = ['str', 'Initializer', 'dict', 'None'];

/** A layer object in a cell: its config, the engine layer built from it, and an optional input shape. */
export class KerasLayer extends HostObject {
  readonly engine: Layer;
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
    if (name in this.config.config && name !== 'layer') return configToPy(this.config.config[name]);
    return undefined;
  }
  override repr(): string {
    return `<${this.hostClass.name} name=${this.name}>`;
  }
}

/** Which config made an engine layer (a functional model is serialized through its layers). */
export const engineConfigs = new WeakMap<Layer, LayerConfig>();

function configToPy(v: ConfigValue): Value {
  if (typeof v === 'number' && Number.isInteger(v)) return BigInt(v);
  if (Array.isArray(v)) return new PyList(v.map(configToPy));
  if (v !== null && typeof v === 'object') return JSON.stringify(v);
  return v;
}

const LAYER_BASE = new HostClass<KerasLayer>({
  name: 'Layer',
  module: 'keras.layers',
  doc: 'Base class of every Keras layer.',
  attributes: { name: { doc: 'The layer name.', type: 'str' } },
  methods: {
    __call__: {
      signature: { name: 'Layer.__call__', params: [req('inputs', ['KerasTensor'], 'A symbolic tensor: Input(...) or another layer call.'), opt('initial_state', null, ['list', 'KerasTensor', 'None'], 'Initial states of a recurrent layer (the encoder states of a decoder).')], doc: 'Calls the layer on a symbolic tensor (functional API).' },
      call: (self, args) => callLayer(self, args.inputs as KerasTensor, args.initial_state),
    },
    get_config: {
      signature: { name: 'Layer.get_config', params: [], doc: "The layer's configuration as a dict." },
      call: self => toPy(self.config.config),
    },
  },
});

interface LayerDef {
  className: string;
  /** Keras's default name stem: 'simple_rnn' for SimpleRNN. */
  stem: string;
  doc: string;
  params: Param[];
  /** Validates bound args beyond types (value ranges) and returns the config fields. */
  config?(args: BoundArgs): Record<string, ConfigValue>;
}

const rnnCommon = (kind: string): Param[] => [
  req('units', ['int'], 'Dimensionality of the output space (hidden state size).'),
  opt('activation', 'tanh', ['str', 'None'], `Activation of the ${kind} candidate/output.`, ACTIVATION_NAMES),
  ...(kind === 'SimpleRNN' ? [] : [opt('recurrent_activation', 'sigmoid', ['str'], 'Activation of the gates.', ACTIVATION_NAMES)]),
  opt('use_bias', true, ['bool'], 'Whether the layer uses a bias vector.'),
  opt('kernel_initializer', 'glorot_uniform', INIT_TYPES, 'Initializer of the input kernel.'),
  opt('recurrent_initializer', 'orthogonal', INIT_TYPES, 'Initializer of the recurrent kernel.'),
  opt('bias_initializer', 'zeros', INIT_TYPES, 'Initializer of the bias.'),
  ...(kind === 'LSTM' ? [opt('unit_forget_bias', true, ['bool'], 'Add 1 to the forget-gate bias at initialization.')] : []),
  opt('dropout', 0.0, ['float'], 'Fraction of the input units to drop (training only).'),
  opt('recurrent_dropout', 0.0, ['float'], 'Fraction of the recurrent units to drop (training only).'),
  opt('return_sequences', false, ['bool'], 'Return the whole output sequence, not only the last output.'),
  opt('return_state', false, ['bool'], 'Also return the final state(s) (functional API).'),
  opt('go_backwards', false, ['bool'], 'Process the input sequence backwards.'),
  ...(kind === 'GRU' ? [opt('reset_after', true, ['bool'], 'Apply the reset gate after the matrix product (Keras/CuDNN convention).')] : []),
  NAME,
  INPUT_SHAPE,
];

function fraction(args: BoundArgs, key: string, who: string): void {
  const v = Number(args[key] ?? 0);
  if (!(v >= 0 && v < 1)) throw new PyException('ValueError', `${who}: ${key} must be in [0, 1), got ${v}`);
}

function positive(args: BoundArgs, key: string, who: string): void {
  if (!(Number(args[key]) > 0)) throw new PyException('ValueError', `${who}: ${key} must be a positive integer, got ${shown(args[key])}`);
}

const LAYERS: LayerDef[] = [
  {
    className: 'Dense', stem: 'dense', doc: 'Densely connected layer: activation(x · kernel + bias), on the last axis.',
    params: [
      req('units', ['int'], 'Dimensionality of the output space.'),
      opt('activation', null, ['str', 'None'], 'Activation function (None: linear).', ACTIVATION_NAMES),
      opt('use_bias', true, ['bool'], 'Whether the layer uses a bias vector.'),
      opt('kernel_initializer', 'glorot_uniform', INIT_TYPES, 'Initializer of the kernel.'),
      opt('bias_initializer', 'zeros', INIT_TYPES, 'Initializer of the bias.'),
      NAME, INPUT_SHAPE,
      opt('input_dim', null, ['int', 'None'], 'Input feature size of a first layer (same as input_shape=(input_dim,)).'),
    ],
    config: a => { positive(a, 'units', 'Dense'); return {}; },
  },
  {
    className: 'Embedding', stem: 'embedding', doc: 'Turns integer ids into dense vectors of a fixed size.',
    params: [
      req('input_dim', ['int'], 'Size of the vocabulary: the largest id + 1.'),
      req('output_dim', ['int'], 'Dimension of the dense embedding.'),
      opt('embeddings_initializer', 'uniform', INIT_TYPES, 'Initializer of the embedding table.'),
      opt('mask_zero', false, ['bool'], 'Treat id 0 as padding: masked steps are skipped by recurrent layers.'),
      opt('input_length', null, ['int', 'None'], 'Length of the input sequences (shown in summary; any length trains).'),
      NAME, INPUT_SHAPE,
    ],
    config: a => { positive(a, 'input_dim', 'Embedding'); positive(a, 'output_dim', 'Embedding'); return {}; },
  },
  {
    className: 'Masking', stem: 'masking', doc: 'Masks time steps whose features all equal mask_value.',
    params: [opt('mask_value', 0.0, ['float'], 'Steps equal to this value everywhere are masked.'), NAME, INPUT_SHAPE],
  },
  { className: 'SimpleRNN', stem: 'simple_rnn', doc: 'Fully-connected RNN: h_t = activation(x_t·W + h_{t−1}·U + b).', params: rnnCommon('SimpleRNN'), config: a => rnnChecks(a, 'SimpleRNN') },
  { className: 'LSTM', stem: 'lstm', doc: 'Long Short-Term Memory layer (Hochreiter 1997): gates i, f, c, o.', params: rnnCommon('LSTM'), config: a => rnnChecks(a, 'LSTM') },
  { className: 'GRU', stem: 'gru', doc: 'Gated Recurrent Unit (Cho et al. 2014): gates z, r, h.', params: rnnCommon('GRU'), config: a => rnnChecks(a, 'GRU') },
  {
    className: 'Dropout', stem: 'dropout', doc: 'Sets a fraction `rate` of inputs to 0 during training (scaled by 1/(1−rate)).',
    params: [req('rate', ['float'], 'Fraction of the input units to drop, in [0, 1).'), NAME, INPUT_SHAPE],
    config: a => { fraction(a, 'rate', 'Dropout'); return {}; },
  },
  {
    className: 'RepeatVector', stem: 'repeat_vector', doc: 'Repeats the input n times: [batch, F] → [batch, n, F].',
    params: [req('n', ['int'], 'Repetition factor.'), NAME, INPUT_SHAPE],
    config: a => { positive(a, 'n', 'RepeatVector'); return {}; },
  },
  {
    className: 'Bidirectional', stem: 'bidirectional', doc: 'Runs a recurrent layer forwards and backwards and merges the outputs.',
    params: [
      req('layer', ['SimpleRNN', 'LSTM', 'GRU'], 'The recurrent layer to run in both directions.'),
      opt('merge_mode', 'concat', ['str', 'None'], 'How to merge the two outputs; None returns them apart (functional API).', ['concat', 'sum', 'mul', 'ave']),
      NAME, INPUT_SHAPE,
    ],
    config: a => {
      const inner = a.layer as KerasLayer;
      if (!(inner.engine instanceof RNNLayer)) throw new PyException('ValueError', 'Bidirectional wraps a SimpleRNN, LSTM or GRU layer');
      return { layer: inner.config as unknown as ConfigValue };
    },
  },
  {
    className: 'TimeDistributed', stem: 'time_distributed', doc: 'Applies a layer to every time step of a sequence.',
    params: [req('layer', ['Layer'], 'The layer applied at each step (e.g. Dense).'), NAME, INPUT_SHAPE],
    config: a => ({ layer: (a.layer as KerasLayer).config as unknown as ConfigValue }),
  },
];

function rnnChecks(a: BoundArgs, who: string): Record<string, ConfigValue> {
  positive(a, 'units', who);
  fraction(a, 'dropout', who);
  fraction(a, 'recurrent_dropout', who);
  return {};
}

const SKIP_IN_CONFIG = new Set(['name', 'input_shape', 'layer']);

/** Arguments that describe the input, not the layer (Dense's input_dim, unlike Embedding's). */
function skipInConfig(def: LayerDef, param: string): boolean {
  return SKIP_IN_CONFIG.has(param) || (def.className === 'Dense' && param === 'input_dim');
}

function makeLayerClass(def: LayerDef): HostClass<KerasLayer> {
  const cls: HostClass<KerasLayer> = new HostClass<KerasLayer>({
    name: def.className,
    module: 'keras.layers',
    doc: def.doc,
    base: LAYER_BASE,
    constructorSignature: { name: def.className, params: def.params, doc: def.doc },
    construct: args => {
      const extra = def.config?.(args) ?? {};
      const fields: Record<string, ConfigValue> = {};
      for (const p of def.params) if (!skipInConfig(def, p.name)) fields[p.name] = toConfig(args[p.name]);
      const name = isNone(args.name) ? autoName(def.stem) : toStr(args.name, 'name');
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

export const LAYER_CLASSES: ReadonlyMap<string, HostClass<KerasLayer>> = new Map(LAYERS.map(d => [d.className, makeLayerClass(d)]));

/** A layer object rebuilt from a saved config (load_model). */
export function layerFromConfig(config: LayerConfig, inputShape?: (number | null)[]): KerasLayer {
  const cls = LAYER_CLASSES.get(config.class_name);
  if (!cls) throw new PyException('ValueError', `unknown layer class '${config.class_name}' in the saved model`);
  return new KerasLayer(cls, config, inputShape);
}
