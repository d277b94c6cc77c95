// Calling a layer on symbolic tensors (Keras `layer(x, initial_state=[...])`): records the call
// and returns symbolic outputs with their shapes. Recurrent layers with return_state return
// [output, ...final states]; Bidirectional returns [output, forward states…, backward states…].
import { bidirectionalOutputs, recurrentStates } from '../../keras/shapes';
import { takesList, type FeatureShape, type Layer, type ListCallOptions } from '../layers/layer';
import { RNNLayer } from '../layers/rnn';
import { Bidirectional } from '../layers/wrappers';
import { LayerCall, SymbolicTensor } from './symbolic';

export interface CallOptions extends ListCallOptions {
  initial_state?: SymbolicTensor[];
  /** An explicit mask for a recurrent layer: [T] per sample (any dtype; nonzero = use the step). */
  mask?: SymbolicTensor;
}

const calls = new WeakMap<Layer, number>();

/** The recurrent layer inside, when this layer carries states (for return_state/initial_state). */
function recurrentCore(layer: Layer): { rnn: RNNLayer; directions: number } | null {
  if (layer instanceof RNNLayer) return { rnn: layer, directions: 1 };
  if (layer instanceof Bidirectional) return { rnn: layer.forward, directions: 2 };
  return null;
}

/** The Keras states rule for a recurrent core: how many states (×2 both ways) and their size. */
function stateRule(core: { rnn: RNNLayer; directions: number }): { count: number; units: number } {
  return recurrentStates(core.rnn.kind, core.rnn.units, core.directions === 2);
}

/** Shapes of a call's symbolic outputs: the output (two with Bidirectional merge_mode=None), then the states with return_state. */
function outputShapes(layer: Layer, input: FeatureShape): FeatureShape[] {
  const out = layer instanceof Bidirectional ? bidirectionalOutputs(layer.forward.outputShape(input), layer.mergeMode) : [layer.outputShape(input)];
  const core = recurrentCore(layer);
  if (core?.rnn.opts.return_state) {
    const states = stateRule(core);
    for (let i = 0; i < states.count; i++) out.push([states.units]);
  }
  return out;
}

/** layer(x): one symbolic tensor, or a list when the layer returns states or separate directions. */
export function call(layer: Layer, x: SymbolicTensor | SymbolicTensor[], opts: CallOptions = {}): SymbolicTensor | SymbolicTensor[] {
  const outs = callAll(layer, x, opts);
  return outs.length === 1 ? outs[0] : outs;
}

/** A merge or attention layer on a list of tensors: `Concatenate()([a, b])`, `Attention()([q, v])`. */
function callOnList(layer: Layer, xs: SymbolicTensor[], opts: CallOptions): SymbolicTensor[] {
  if (!takesList(layer)) throw new Error(`${layer.name}: ${layer.kind} takes one tensor, not a list`);
  if (!xs.every((x) => x instanceof SymbolicTensor)) throw new Error(`${layer.name}: call it on a list of symbolic tensors (Input(...) or layer outputs)`);
  if (opts.initial_state?.length) throw new Error(`${layer.name}: initial_state is only for recurrent layers`);
  if (opts.mask) throw new Error(`${layer.name}: mask= is only for recurrent layers here; a merge or attention layer takes the masks its inputs carry`);
  for (const option of ['return_attention_scores', 'use_causal_mask'] as const) {
    if (opts[option] && !/Attention$/.test(layer.kind)) throw new Error(`${layer.name}: ${option} is only for Attention and AdditiveAttention`);
  }
  for (const x of xs) if (x.dtype === 'int64') throw new Error(`${layer.name}: integer input; only Embedding takes ids`);
  const options: ListCallOptions = {};
  if (opts.return_attention_scores) options.return_attention_scores = true;
  if (opts.use_causal_mask) options.use_causal_mask = true;
  const shapes = layer.callShapes(xs.map((x) => x.shape), options);
  const callIndex = calls.get(layer) ?? 0;
  calls.set(layer, callIndex + 1);
  const outputs: SymbolicTensor[] = [];
  const record: LayerCall = { layer, input: xs[0], inputs: xs, list: true, options, initialState: [], outputs, callIndex };
  shapes.forEach((shape, index) => outputs.push(new SymbolicTensor(shape, 'float', { kind: 'call', call: record, index })));
  return outputs;
}

/** layer(x) as a list (always). */
export function callAll(layer: Layer, x: SymbolicTensor | SymbolicTensor[], opts: CallOptions = {}): SymbolicTensor[] {
  if (Array.isArray(x)) return callOnList(layer, x, opts);
  if (takesList(layer)) throw new Error(`${layer.name}: ${layer.kind} takes a list of tensors, e.g. ${layer.kind}()([a, b])`);
  for (const option of ['return_attention_scores', 'use_causal_mask'] as const) {
    if (opts[option]) throw new Error(`${layer.name}: ${option} is only for Attention and AdditiveAttention`);
  }
  if (!(x instanceof SymbolicTensor)) throw new Error(`${layer.name}: call it on a symbolic tensor (Input(...) or another layer's output)`);
  const initialState = opts.initial_state ?? [];
  const core = recurrentCore(layer);
  if (initialState.length) {
    if (!core) throw new Error(`${layer.name}: initial_state is only for recurrent layers`);
    const want = stateRule(core);
    if (initialState.length !== want.count) throw new Error(`${layer.name}: initial_state needs ${want.count} tensor(s), got ${initialState.length}`);
    for (const s of initialState) {
      if (s.shape.length !== 1 || s.shape[0] !== want.units) throw new Error(`${layer.name}: an initial state must be [batch, ${want.units}], got [None, ${s.shape.join(', ')}]`);
    }
  }
  if (x.dtype === 'int64' && layer.kind !== 'Embedding') throw new Error(`${layer.name}: integer input; only Embedding takes ids`);
  const mask = opts.mask;
  if (mask) {
    if (!core) throw new Error(`${layer.name}: mask= is only for recurrent layers here (SimpleRNN, LSTM, GRU, Bidirectional)`);
    if (!(mask instanceof SymbolicTensor)) throw new Error(`${layer.name}: mask must be a symbolic tensor here (Input(...) or a layer output), or call the layer on arrays`);
    if (mask.shape.length !== 1 || x.shape.length !== 2) throw new Error(`${layer.name}: mask must be [batch, timesteps] for an input [batch, timesteps, features], got mask [None, ${mask.shape.join(', ')}]`);
    const [t, m] = [x.shape[0], mask.shape[0]];
    if (typeof t === 'number' && typeof m === 'number' && t !== m) throw new Error(`${layer.name}: mask has ${m} timesteps, the input ${t}`);
  }
  const callIndex = calls.get(layer) ?? 0;
  calls.set(layer, callIndex + 1);
  const outputs: SymbolicTensor[] = [];
  const record: LayerCall = { layer, input: x, inputs: [x], list: false, options: {}, initialState, ...(mask ? { mask } : {}), outputs, callIndex };
  outputShapes(layer, x.shape).forEach((shape, index) => outputs.push(new SymbolicTensor(shape, 'float', { kind: 'call', call: record, index })));
  return outputs;
}
