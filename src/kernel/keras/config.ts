// Keras-style JSON configs for layers and models, and the one place that turns them into
// engine objects. The kernel thread builds layers from them (for shapes and summary), the
// engine thread rebuilds the same model from them to train it, and `.unroll.json` files
// store them, so a model means the same thing everywhere. No ONNX Runtime import here.
import type { Layer } from '../../engine/layers/layer';
import { ActivationLayer } from '../../engine/layers/activationLayer';
import { Dense } from '../../engine/layers/dense';
import { Dropout } from '../../engine/layers/dropout';
import { Embedding, Masking } from '../../engine/layers/embedding';
import { GRU, LSTM, RNNLayer, RNNOptions, SimpleRNN } from '../../engine/layers/rnn';
import { Sequential } from '../../engine/layers/sequential';
import { Bidirectional, MergeMode, RepeatVector, TimeDistributed } from '../../engine/layers/wrappers';
import { Add, Average, Concatenate, Dot, Multiply } from '../../engine/layers/merge';
import { AdditiveAttention, Attention, ScoreMode } from '../../engine/layers/attention';
import { callAll } from '../../engine/model/call';
import { Model } from '../../engine/model/model';
import { Input, SymbolicTensor } from '../../engine/model/symbolic';

import type { LayerConfig, ModelConfig } from '../../keras/config';

export type { ConfigValue, FunctionalConfig, LayerConfig, ModelConfig } from '../../keras/config';

const RNN_KEYS = [
  'activation', 'recurrent_activation', 'use_bias', 'return_sequences', 'return_state', 'go_backwards',
  'kernel_initializer', 'recurrent_initializer', 'bias_initializer', 'unit_forget_bias', 'reset_after',
  'dropout', 'recurrent_dropout',
] as const;

function pick(config: LayerConfig['config'], keys: readonly string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const k of keys) if (config[k] !== undefined && config[k] !== null) out[k] = config[k];
  return out;
}

function num(config: LayerConfig['config'], key: string): number {
  const v = config[key];
  if (typeof v !== 'number') throw new Error(`layer config ${config.name}: '${key}' must be a number`);
  return v;
}

function text(config: LayerConfig['config'], key: string): string {
  const v = config[key];
  if (typeof v !== 'string') throw new Error(`layer config ${config.name}: '${key}' must be a string`);
  return v;
}

/** Dot's axes: one int for both inputs, or a pair. */
function dotAxes(c: LayerConfig['config']): number | [number, number] {
  const v = c.axes;
  if (typeof v === 'number' && Number.isInteger(v)) return v;
  if (Array.isArray(v) && v.length === 2 && v.every(a => typeof a === 'number' && Number.isInteger(a))) return [v[0] as number, v[1] as number];
  throw new Error(`Dot: axes must be an int or a pair of ints, got ${JSON.stringify(v)}`);
}

function rnnOptions(c: LayerConfig['config']): RNNOptions {
  return { ...pick(c, RNN_KEYS), name: c.name };
}

/** An engine layer from its config. */
export function buildLayer(cfg: LayerConfig): Layer {
  const c = cfg.config;
  switch (cfg.class_name) {
    case 'Dense':
      return new Dense(num(c, 'units'), { ...pick(c, ['activation', 'use_bias', 'kernel_initializer', 'bias_initializer']), name: c.name });
    case 'Embedding':
      return new Embedding(num(c, 'input_dim'), num(c, 'output_dim'), { ...pick(c, ['mask_zero', 'input_length', 'embeddings_initializer']), name: c.name });
    case 'Masking':
      return new Masking(num(c, 'mask_value'), c.name);
    case 'SimpleRNN':
      return new SimpleRNN(num(c, 'units'), rnnOptions(c));
    case 'LSTM':
      return new LSTM(num(c, 'units'), rnnOptions(c));
    case 'GRU':
      return new GRU(num(c, 'units'), rnnOptions(c));
    case 'Dropout':
      return new Dropout(num(c, 'rate'), c.name);
    case 'Activation':
      return new ActivationLayer(text(c, 'activation'), c.name);
    case 'RepeatVector':
      return new RepeatVector(num(c, 'n'), c.name);
    case 'Bidirectional': {
      const inner = buildLayer(c.layer as unknown as LayerConfig);
      if (!(inner instanceof RNNLayer)) throw new Error('Bidirectional wraps a recurrent layer (SimpleRNN, LSTM or GRU)');
      // Keras merge_mode=None (null in the config) keeps the two directions as separate outputs.
      return new Bidirectional(inner, (c.merge_mode === null ? 'none' : c.merge_mode ?? 'concat') as MergeMode, c.name);
    }
    case 'TimeDistributed':
      return new TimeDistributed(buildLayer(c.layer as unknown as LayerConfig), c.name);
    case 'Concatenate':
      return new Concatenate(num(c, 'axis'), c.name);
    case 'Add':
      return new Add(c.name);
    case 'Multiply':
      return new Multiply(c.name);
    case 'Average':
      return new Average(c.name);
    case 'Dot':
      return new Dot(dotAxes(c), c.normalize === true, c.name);
    case 'Attention':
      return new Attention(c.use_scale === true, (c.score_mode ?? 'dot') as ScoreMode, Number(c.dropout ?? 0), c.name);
    case 'AdditiveAttention':
      return new AdditiveAttention(c.use_scale !== false, Number(c.dropout ?? 0), c.name);
    default:
      throw new Error(`unknown layer class '${cfg.class_name}'`);
  }
}

/** The engine model a config describes (fresh layer objects every time). */
export function buildModel(cfg: ModelConfig): Sequential | Model {
  if (cfg.class_name === 'Sequential') {
    const model = new Sequential(cfg.name);
    for (const l of cfg.layers) model.add(buildLayer(l));
    return model;
  }
  const g = cfg.graph;
  const tensors = new Map<string, SymbolicTensor>();
  g.inputs.forEach((i, k) => tensors.set(`input:${k}`, Input(i.shape, { name: i.name, dtype: i.dtype === 'int64' ? 'int64' : 'float32' })));
  const layers = new Map(g.layers.map(l => [l.config.name, buildLayer(l)]));
  g.calls.forEach((call, k) => {
    const read = (ref: string) => {
      const t = tensors.get(ref);
      if (!t) throw new Error(`model config: unknown tensor ${ref}`);
      return t;
    };
    const x = call.inputs ? call.inputs.map(read) : read(call.input);
    const outs = callAll(layers.get(call.layer)!, x, { initial_state: call.initial_state.map(read), return_attention_scores: call.return_attention_scores, use_causal_mask: call.use_causal_mask, ...(call.mask === undefined ? {} : { mask: read(call.mask) }) });
    outs.forEach((t, i) => tensors.set(`call:${k}:${i}`, t));
  });
  const inputs = g.inputs.map((_, k) => tensors.get(`input:${k}`)!);
  return new Model(inputs, g.outputs.map(o => tensors.get(o)!), cfg.name);
}
