// exportPyTorch: a model, its weights, compile settings and training data as a standalone PyTorch
// training script that runs under `python3 train.py` or `torchrun --nproc_per_node=N train.py`.
// Files (for the stem 'train'):
//   train.py           the script: the model as torch.nn modules (pytorchLibrary.ts holds the
//                      fixed part), Keras's loss, optimizer and clipping, the DDP training loop
//   train.weights.npz  the weights in Keras layout under their Unroll names (`lstm.kernel`);
//                      the script converts them (gate order, biases) when it loads them
//   train.x.npy, train.y.npy   the data (train.x0.npy, train.x1.npy … for several inputs), and
//                      train.val_x.npy, train.val_y.npy for Keras validation_data
//   train.order.npy    [epochs, samples]: the sample order of each epoch as Unroll's fit visits
//                      them, for `--replay-order`
// Layers without an exact torch.nn equivalent are refused with NotExportable, naming the layer.
import { Batcher, trainValidationSplit } from '../data/batcher';
import type { TensorData } from '../graph/types';
import { ActivationLayer } from '../layers/activationLayer';
import { Dense } from '../layers/dense';
import { Dropout } from '../layers/dropout';
import { Embedding, Masking } from '../layers/embedding';
import { FeatureShape, lastDim, Layer } from '../layers/layer';
import { GRU, LSTM, RNNLayer } from '../layers/rnn';
import type { InputSpec, Sequential } from '../layers/sequential';
import { Bidirectional, RepeatVector, TimeDistributed } from '../layers/wrappers';
import { canonicalLossName } from '../losses';
import { resolveMetric } from '../losses/metrics';
import { Model } from '../model/model';
import type { SymbolicTensor } from '../model/symbolic';
import { makeOptimizer } from '../optim/optimizers';
import { headLogNames } from '../train/heads';
import { headsOf, type CompileOptions } from '../train/step';
import { NpyArray, npyBytes, npzBytes } from './npy';
import { PY_LAYERS, PY_TRAINING } from './pytorchLibrary';
import { PY_LOOP } from './pytorchLoop';

/** A model (or a part of it) that has no exact PyTorch counterpart; the message names the layer. */
export class NotExportable extends Error {}

interface PyTorchFitSettings {
  epochs?: number;
  batchSize?: number;
  shuffle?: boolean;
  /** The fit's shuffle seed: train.order.npy holds the orders Unroll's fit takes with it. */
  seed?: number;
  validationSplit?: number;
}

export interface PyTorchExportOptions {
  model: Sequential | Model;
  /** A Sequential's per-sample input (a functional Model knows its own). */
  input: InputSpec;
  compile: CompileOptions;
  /** `${layer}.${param}` → values in Keras layout (Trainer.getWeights, initParams). */
  weights: ReadonlyMap<string, ArrayLike<number>>;
  /** Training data: one tensor per model input and per output. */
  x: TensorData | TensorData[];
  y: TensorData | TensorData[];
  /** Keras validation_data: evaluated after every epoch (else the validation_split tail, if any). */
  validation?: { x: TensorData | TensorData[]; y: TensorData | TensorData[] };
  fit?: PyTorchFitSettings;
  /** File name stem: 'train' gives train.py, train.weights.npz, … */
  stem?: string;
}

export interface PyTorchExport {
  /** The script's text (also files[0]). */
  script: string;
  /** Relative file names and contents, the script first. */
  files: { name: string; bytes: Uint8Array }[];
}

const ACTIVATIONS: Record<string, (x: string) => string> = {
  linear: (x) => x,
  tanh: (x) => `torch.tanh(${x})`,
  sigmoid: (x) => `torch.sigmoid(${x})`,
  relu: (x) => `torch.relu(${x})`,
  softmax: (x) => `torch.softmax(${x}, -1)`,
  log_softmax: (x) => `torch.log_softmax(${x}, -1)`,
  elu: (x) => `F.elu(${x})`,
  selu: (x) => `F.selu(${x})`,
  hard_sigmoid: (x) => `hard_sigmoid(${x})`,
  hard_sigmoid_v2: (x) => `hard_sigmoid_v2(${x})`,
  softplus: (x) => `F.softplus(${x})`,
  softsign: (x) => `F.softsign(${x})`,
  exponential: (x) => `torch.exp(${x})`,
  swish: (x) => `F.silu(${x})`,
  silu: (x) => `F.silu(${x})`,
};

function applyActivation(name: string | null | undefined, x: string, where: string): string {
  const f = ACTIVATIONS[name ?? 'linear'];
  if (!f) throw new NotExportable(`${where}: activation '${name}' has no PyTorch export`);
  return f(x);
}

/** A Python literal for a config value. */
function py(v: unknown): string {
  if (v === null || v === undefined) return 'None';
  if (typeof v === 'boolean') return v ? 'True' : 'False';
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) throw new Error(`cannot write ${v} as a Python literal`);
    return String(v);
  }
  if (typeof v === 'string') return `'${v.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
  if (Array.isArray(v)) return `[${v.map(py).join(', ')}]`;
  return `{${Object.entries(v).map(([k, x]) => `${py(k)}: ${py(x)}`).join(', ')}}`;
}

/** What one layer contributes to the model class. */
interface ModuleCode {
  init: string[];
  load: string[];
}

/** Builds the Net class: module attributes, the forward pass, the weight loading. */
class NetWriter {
  private readonly attrs = new Map<Layer, string>();
  private readonly used = new Set<string>();
  readonly init: string[] = [];
  readonly forward: string[] = [];
  readonly load: string[] = [];

  constructor(private readonly weights: ReadonlyMap<string, ArrayLike<number>>) {}

  /** The module attribute of a layer (a Python identifier), declaring its module once. */
  private attr(layer: Layer, make: (name: string) => ModuleCode): string {
    const known = this.attrs.get(layer);
    if (known) return known;
    let name = layer.name.replace(/[^A-Za-z0-9_]/g, '_').replace(/^(?=\d)/, '_');
    if (['forward', 'load_keras_weights', 'training'].includes(name)) name = `${name}_layer`;
    while (this.used.has(name)) name = `${name}_`;
    this.used.add(name);
    this.attrs.set(layer, name);
    const code = make(name);
    this.init.push(...code.init);
    this.load.push(...code.load);
    return name;
  }

  private weight(key: string): string {
    if (!this.weights.has(key)) throw new Error(`exportPyTorch: no weights for ${key}`);
    return `w[${py(key)}]`;
  }

  private optionalWeight(key: string): string {
    return this.weights.has(key) ? `w[${py(key)}]` : 'None';
  }

  private recurrentModule(rnn: RNNLayer, inputSize: number, extra: { go_backwards?: boolean; zero_output_for_mask?: boolean } = {}): string {
    const where = `${rnn.kind} '${rnn.name}'`;
    const o = rnn.opts;
    const act = o.activation ?? 'tanh';
    if (rnn instanceof LSTM || rnn instanceof GRU) {
      if (act !== 'tanh' || (o.recurrent_activation ?? 'sigmoid') !== 'sigmoid') {
        throw new NotExportable(`${where}: activation='${act}', recurrent_activation='${o.recurrent_activation ?? 'sigmoid'}' has no torch.nn.${rnn.kind} equivalent (it fixes tanh and sigmoid)`);
      }
    } else if (act !== 'tanh' && act !== 'relu') {
      throw new NotExportable(`${where}: activation='${act}' has no torch.nn.RNN equivalent (tanh or relu only)`);
    }
    if (rnn instanceof GRU && !rnn.resetAfter) throw new NotExportable(`${where}: reset_after=False has no torch.nn.GRU equivalent (torch's GRU is Keras's reset_after=True)`);
    if (o.dropout || o.recurrent_dropout) throw new NotExportable(`${where}: dropout/recurrent_dropout inside the recurrence has no torch.nn.${rnn.kind === 'SimpleRNN' ? 'RNN' : rnn.kind} equivalent; put a Dropout layer before it instead`);
    const args = [py(rnn.kind), String(inputSize), String(rnn.units)];
    if (o.use_bias === false) args.push('bias=False');
    if (rnn.kind === 'SimpleRNN' && act === 'relu') args.push("nonlinearity='relu'");
    if (o.return_sequences) args.push('return_sequences=True');
    if (extra.go_backwards ?? o.go_backwards) args.push('go_backwards=True');
    if (extra.zero_output_for_mask ?? o.zero_output_for_mask) args.push('zero_output_for_mask=True');
    return `KerasRecurrent(${args.join(', ')})`;
  }

  private loadRecurrent(module: string, prefix: string): string {
    return `load_recurrent(${module}, ${this.weight(`${prefix}kernel`)}, ${this.weight(`${prefix}recurrent_kernel`)}, ${this.optionalWeight(`${prefix}bias`)})`;
  }

  /**
   * Code for one call of a layer: `x` in (with its mask expression, 'None' when unmasked), the
   * result assigned to `out`. Returns the output's mask expression. Recurrent layers are handled
   * by `recurrentCall`.
   */
  layerCall(layer: Layer, inShape: FeatureShape, x: string, mask: string, out: string): string {
    const where = `${layer.kind} '${layer.name}'`;
    if (layer instanceof Embedding) {
      const m = this.attr(layer, (a) => ({
        init: [`self.${a} = nn.Embedding(${layer.inputDim}, ${layer.outputDim})`],
        load: [`load_embedding(self.${a}, ${this.weight(`${layer.name}.embeddings`)})`],
      }));
      this.forward.push(`ids = ${x}.long()`);
      let outMask = mask;
      if (layer.opts.mask_zero) {
        outMask = `${out}_mask`;
        this.forward.push(`${outMask} = ids != 0  # Embedding(mask_zero=True): id 0 is padding`);
      }
      this.forward.push(`${out} = self.${m}(ids)`);
      return outMask;
    }
    if (layer instanceof Masking) {
      this.forward.push(`${out}, ${out}_mask = keras_masking(${x}, ${py(layer.maskValue)})`);
      return `${out}_mask`;
    }
    if (layer instanceof Dense || (layer instanceof TimeDistributed && layer.inner instanceof Dense)) {
      const dense = layer instanceof Dense ? layer : (layer.inner as Dense);
      const m = this.attr(layer, (a) => ({
        init: [`self.${a} = nn.Linear(${lastDim(inShape)}, ${dense.units}${dense.opts.use_bias === false ? ', bias=False' : ''})${layer instanceof TimeDistributed ? '  # TimeDistributed(Dense): Linear maps every step' : ''}`],
        load: [`load_dense(self.${a}, ${this.weight(`${layer.name}.kernel`)}, ${this.optionalWeight(`${layer.name}.bias`)})`],
      }));
      this.forward.push(`${out} = ${applyActivation(dense.opts.activation, `self.${m}(${x})`, where)}`);
      return mask;
    }
    if (layer instanceof ActivationLayer) {
      this.forward.push(`${out} = ${applyActivation(layer.fn, x, where)}`);
      return mask;
    }
    if (layer instanceof Dropout) {
      const m = this.attr(layer, (a) => ({ init: [`self.${a} = nn.Dropout(${layer.rate})`], load: [] }));
      this.forward.push(`${out} = self.${m}(${x})`);
      return mask;
    }
    if (layer instanceof RepeatVector) {
      this.forward.push(`${out} = ${x}.unsqueeze(1).expand(-1, ${layer.n}, -1)`);
      return 'None';
    }
    if (layer instanceof RNNLayer || layer instanceof Bidirectional) {
      this.forward.push(`${out}, _ = self.${this.recurrentAttr(layer, inShape)}(${x}, ${mask})`);
      return this.sequences(layer) ? mask : 'None';
    }
    if (layer instanceof TimeDistributed) throw new NotExportable(`${where}: TimeDistributed(${layer.inner.kind}) has no PyTorch export (TimeDistributed(Dense) has)`);
    throw new NotExportable(`${where}: ${layer.kind} layers have no PyTorch export yet`);
  }

  private sequences(layer: RNNLayer | Bidirectional): boolean {
    return !!(layer instanceof Bidirectional ? layer.forward : layer).opts.return_sequences;
  }

  /** The module of a recurrent layer or Bidirectional (declared once, shared by later calls). */
  recurrentAttr(layer: RNNLayer | Bidirectional, inShape: FeatureShape): string {
    const F = lastDim(inShape);
    return this.attr(layer, (a) => {
      if (layer instanceof RNNLayer) return { init: [`self.${a} = ${this.recurrentModule(layer, F)}`], load: [this.loadRecurrent(`self.${a}`, `${layer.name}.`)] };
      const zero = !!layer.forward.opts.return_sequences; // Keras forces zero_output_for_mask with return_sequences
      return {
        init: [
          `self.${a} = KerasBidirectional(`,
          `    ${this.recurrentModule(layer.forward, F, { zero_output_for_mask: zero })},`,
          `    ${this.recurrentModule(layer.backward, F, { go_backwards: true, zero_output_for_mask: zero })},`,
          `    merge_mode=${py(layer.mergeMode === 'none' ? null : layer.mergeMode)})`,
        ],
        load: [this.loadRecurrent(`self.${a}.forward_layer`, `${layer.name}.forward/`), this.loadRecurrent(`self.${a}.backward_layer`, `${layer.name}.backward/`)],
      };
    });
  }
}

/** The Net class of a Sequential. */
function sequentialNet(model: Sequential, input: InputSpec, net: NetWriter): { args: string[]; outputs: string[]; masks: string[] } {
  let shape: FeatureShape = input.shape;
  let mask = 'None';
  for (const layer of model.layers) {
    mask = net.layerCall(layer, shape, 'h', mask, 'h');
    shape = layer.outputShape(shape);
  }
  net.forward.unshift('h = x');
  return { args: ['x'], outputs: ['h'], masks: [mask] };
}

/** The Net class of a functional Model: one variable per symbolic tensor, calls in order. */
function functionalNet(model: Model, net: NetWriter): { args: string[]; outputs: string[]; masks: string[] } {
  const vars = new Map<SymbolicTensor, { value: string; mask: string }>();
  const args = model.inputNodes.map((n, k) => (model.inputs.length === 1 ? 'x' : `x${k}`));
  model.inputs.forEach((t, k) => vars.set(t, { value: args[k], mask: 'None' }));
  const read = (t: SymbolicTensor) => vars.get(t)!;
  model.calls.forEach((c, k) => {
    const where = `${c.layer.kind} '${c.layer.name}'`;
    if (c.list) throw new NotExportable(`${where}: layers on a list of tensors (merge, attention) have no PyTorch export yet`);
    const x = read(c.input);
    const out = `t${k}`;
    if (c.layer instanceof RNNLayer || c.layer instanceof Bidirectional) {
      const module = net.recurrentAttr(c.layer, c.input.shape);
      const init = c.initialState.length ? `[${c.initialState.map((s) => read(s).value).join(', ')}]` : 'None';
      net.forward.push(`${out}, ${out}_states = self.${module}(${x.value}, ${x.mask}${init === 'None' ? '' : `, ${init}`})`);
      const outMask = (c.layer instanceof Bidirectional ? c.layer.forward : c.layer).opts.return_sequences ? x.mask : 'None';
      const separate = c.layer instanceof Bidirectional && c.layer.mergeMode === 'none';
      const values = separate ? [`${out}[0]`, `${out}[1]`] : [out];
      c.outputs.forEach((t, i) => vars.set(t, i < values.length ? { value: values[i], mask: outMask } : { value: `${out}_states[${i - values.length}]`, mask: 'None' }));
      return;
    }
    if (c.initialState.length) throw new NotExportable(`${where}: initial_state on a non-recurrent layer`);
    const mask = net.layerCall(c.layer, c.input.shape, x.value, x.mask, out);
    vars.set(c.outputs[0], { value: out, mask });
  });
  return { args, outputs: model.outputs.map((t) => read(t).value), masks: model.outputs.map((t) => read(t).mask) };
}

function asList(t: TensorData | TensorData[]): TensorData[] {
  return Array.isArray(t) ? t : [t];
}

function npyOf(t: TensorData): NpyArray {
  if (t.dtype === 'int64') return { dtype: 'int64', shape: t.dims, data: t.data };
  if (t.dtype === 'bool') return { dtype: 'float32', shape: t.dims, data: Float32Array.from(t.data as Uint8Array) };
  return { dtype: 'float32', shape: t.dims, data: t.data };
}

/** The Keras optimizer's settings as the script's KerasOptimizer classes take them. */
function optimizerSettings(compile: CompileOptions): Record<string, unknown> {
  const c = makeOptimizer(compile.optimizer).config;
  const out: Record<string, unknown> = { name: c.name, lr: c.learning_rate };
  const keys: Record<typeof c.name, string[]> = {
    sgd: ['momentum', 'nesterov'],
    adam: ['beta_1', 'beta_2', 'epsilon'],
    rmsprop: ['rho', 'momentum', 'epsilon'],
    adagrad: ['initial_accumulator_value', 'epsilon'],
  };
  for (const k of keys[c.name]) out[k] = (c as unknown as Record<string, unknown>)[k];
  for (const k of ['clipnorm', 'global_clipnorm', 'clipvalue'] as const) if (c[k] !== undefined && c[k] !== null) out[k] = c[k];
  return out;
}

const KNOWN_LOSSES = ['binary_crossentropy', 'categorical_crossentropy', 'sparse_categorical_crossentropy', 'mse', 'mae'];
const KNOWN_METRICS = ['binary_accuracy', 'categorical_accuracy', 'sparse_categorical_accuracy', 'mse', 'mae', 'crossentropy', 'perplexity'];

/** The exported script and its files. Throws NotExportable for a layer torch.nn cannot express exactly. */
export function exportPyTorch(o: PyTorchExportOptions): PyTorchExport {
  const stem = o.stem ?? 'train';
  const model = o.model;
  const net = new NetWriter(o.weights);
  const { args, outputs, masks } = model instanceof Model ? functionalNet(model, net) : sequentialNet(model, o.input, net);
  const heads = headsOf(model, o.compile);
  const losses = heads.map((h) => {
    const name = canonicalLossName(h.loss.name);
    if (!KNOWN_LOSSES.includes(name)) throw new NotExportable(`loss '${h.loss.name}' has no PyTorch export`);
    return `(${py(name)}, ${py(!!h.loss.from_logits)}, ${py(h.weight)}, ${py(h.lossLog ?? null)})`;
  });
  const metrics = heads.map((h) =>
    h.metrics.map((m) => {
      const kind = resolveMetric(m.metric, h.loss).replace(/^mean_squared_error$/, 'mse').replace(/^mean_absolute_error$/, 'mae');
      if (!KNOWN_METRICS.includes(kind)) throw new NotExportable(`metric '${m.metric}' has no PyTorch export`);
      return [m.log, kind];
    }),
  );

  const xs = asList(o.x);
  const ys = asList(o.y);
  const N = xs[0].dims[0];
  const fit = { epochs: o.fit?.epochs ?? 1, batch_size: o.fit?.batchSize ?? 32, shuffle: o.fit?.shuffle ?? true, seed: o.fit?.seed ?? 0, validation_split: o.fit?.validationSplit ?? 0 };
  const train = fit.validation_split ? trainValidationSplit(N, fit.validation_split).train : Int32Array.from({ length: N }, (_, i) => i);
  const batcher = new Batcher(train, { batchSize: fit.batch_size, shuffle: fit.shuffle, seed: fit.seed });
  const order = new Int32Array(fit.epochs * train.length);
  for (let e = 0; e < fit.epochs; e++) order.set(batcher.epochOrder(e), e * train.length);

  const dataName = (what: string, k: number, count: number) => `${stem}.${what}${count === 1 ? '' : k}.npy`;
  const valXs = o.validation ? asList(o.validation.x) : [];
  const valYs = o.validation ? asList(o.validation.y) : [];
  const files = {
    weights: `${stem}.weights.npz`,
    x: xs.map((_, k) => dataName('x', k, xs.length)),
    y: ys.map((_, k) => dataName('y', k, ys.length)),
    validation_x: valXs.map((_, k) => dataName('val_x', k, valXs.length)),
    validation_y: valYs.map((_, k) => dataName('val_y', k, valYs.length)),
    order: `${stem}.order.npy`,
  };

  const indent = (lines: string[], n: number) => lines.map((l) => ' '.repeat(n) + l);
  const name = model.name;
  const script = [
    '#!/usr/bin/env python3',
    `"""${name}: a model from an Unroll notebook, as a PyTorch training script.`,
    '',
    `Beside it: ${files.weights} (the weights in Keras layout, converted on load),`,
    `${[...files.x, ...files.y].join(', ')} (the training data),${valXs.length ? ` ${[...files.validation_x, ...files.validation_y].join(', ')} (validation_data),` : ''}`,
    `and ${files.order} (each epoch's sample order as Unroll's fit visits them).`,
    '',
    `    python3 ${stem}.py                              # one process, on the GPU when there is one`,
    `    torchrun --nproc_per_node=2 ${stem}.py          # DistributedDataParallel, one process per GPU`,
    `    python3 ${stem}.py --replay-order --max-steps 20   # Unroll's batches, to compare losses`,
    '"""',
    PY_LAYERS,
    '',
    '# ---------------------------------------------------------------- the model',
    '',
    'class Net(nn.Module):',
    `    """${name} as Unroll built it. forward returns ([outputs], [masks]): a mask is the [B, T]`,
    '    Keras mask an output carries (the loss averages over unmasked steps), or None."""',
    '',
    '    def __init__(self):',
    '        super().__init__()',
    ...indent(net.init.length ? net.init : ['pass'], 8),
    '',
    `    def forward(self, ${args.join(', ')}):`,
    ...indent(net.forward, 8),
    `        return [${outputs.join(', ')}], [${masks.join(', ')}]`,
    '',
    '    def load_keras_weights(self, w):',
    '        """w: the arrays of the .weights.npz, by their Unroll names."""',
    ...indent(net.load.length ? net.load : ['pass'], 8),
    '',
    '',
    `MODEL_NAME = ${py(name)}`,
    `FILES = ${py(files)}`,
    `FIT = ${py(fit)}`,
    `OPTIMIZER = ${py(optimizerSettings(o.compile))}`,
    `LOSSES = [${losses.join(', ')}]  # per output: (Keras loss, from_logits, loss weight, its own log name)`,
    `METRICS = ${py(metrics)}  # per output: [log name, metric]`,
    `LOG_NAMES = ${py(headLogNames(heads))}`,
    `LOG_EVERY = ${Math.max(1, Math.ceil(batcher.numBatches / 10))}`,
    PY_TRAINING,
    PY_LOOP,
  ].join('\n');

  const weights = new Map<string, NpyArray>();
  const entries = model instanceof Model ? model.paramEntries() : model.paramEntries(o.input);
  for (const e of entries) weights.set(e.key, { dtype: 'float32', shape: e.spec.shape, data: o.weights.get(e.key)! });
  return {
    script,
    files: [
      { name: `${stem}.py`, bytes: new TextEncoder().encode(script) },
      { name: files.weights, bytes: npzBytes(weights) },
      ...xs.map((t, k) => ({ name: files.x[k], bytes: npyBytes(npyOf(t)) })),
      ...ys.map((t, k) => ({ name: files.y[k], bytes: npyBytes(npyOf(t)) })),
      ...valXs.map((t, k) => ({ name: files.validation_x[k], bytes: npyBytes(npyOf(t)) })),
      ...valYs.map((t, k) => ({ name: files.validation_y[k], bytes: npyBytes(npyOf(t)) })),
      { name: files.order, bytes: npyBytes({ dtype: 'int64', shape: [fit.epochs, train.length], data: order }) },
    ],
  };
}
