// Symbolic tensors of the functional API in cells: `Input(shape=...)` makes one, calling a
// layer on one (`LSTM(64, return_state=True)(x)`) records the call and returns more.
import type { Layer, ListCallOptions, NameScope } from '../../engine/layers/layer';
import { callAll } from '../../engine/model/call';
import { Input as engineInput, SymbolicTensor } from '../../engine/model/symbolic';
import { HostClass, HostObject, PyException, PyList, PyTuple, Value, implementClass } from '../../language';
import { asKerasCall, isNone, items, shown, toShape, toStr } from './convert';
import type { KerasLayer } from './layers';
import { formatShape } from '../../keras/shapes';
import { INPUT } from '../../keras/models';

const kerasTensorClass: HostClass<KerasTensor> = new HostClass<KerasTensor>({
  name: 'KerasTensor',
  module: 'keras',
  doc: 'A symbolic tensor of the functional API: the input or output of a layer call.',
  attributes: {
    shape: { doc: 'The shape, batch first (None for the batch and variable lengths).', type: 'tuple' },
    dtype: { doc: "'float32' or 'int64'.", type: 'str' },
  },
});

export class KerasTensor extends HostObject {
  readonly hostClass = kerasTensorClass;
  constructor(readonly symbolic: SymbolicTensor) {
    super();
  }
  get shapeText(): string {
    return formatShape(this.symbolic.shape);
  }
  override getAttribute(name: string): Value | undefined {
    if (name === 'shape') return new PyTuple([null, ...this.symbolic.shape.map(d => (typeof d === 'number' ? BigInt(d) : null))]);
    if (name === 'dtype') return this.symbolic.dtype === 'int64' ? 'int64' : 'float32';
    return undefined;
  }
  override repr(): string {
    return `<KerasTensor shape=${this.shapeText}, dtype=${this.symbolic.dtype === 'int64' ? 'int64' : 'float32'}>`;
  }
}

/** keras.Input of one kernel: an input made without a name is named from `names` (input_layer, input_layer_1…). */
export function inputClass(names: NameScope): HostClass<KerasTensor> {
  return implementClass<KerasTensor>(INPUT, {
    construct: args => {
      const shape = toShape(args.shape, 'Input shape');
      const dtype = args.dtype === 'int32' || args.dtype === 'int64' ? 'int64' : 'float32';
      return new KerasTensor(engineInput(shape, { dtype, name: isNone(args.name) ? undefined : toStr(args.name, 'name'), names }));
    },
  });
}

/** The layer object a cell called, by its engine layer (functional model.layers gives these back). */
const calledLayers = new WeakMap<Layer, KerasLayer>();
export function kerasLayerOf(layer: Layer): KerasLayer | undefined {
  return calledLayers.get(layer);
}

/** Remembers the layer object of an engine layer used in a model without a symbolic call (an eager call's model). */
export function noteLayerObject(layer: KerasLayer): void {
  calledLayers.set(layer.engine, layer);
}

/** The symbolic tensors of a call's inputs: one tensor, or the list a merge or attention layer takes. */
function callInputs(x: Value): SymbolicTensor | SymbolicTensor[] {
  if (x instanceof KerasTensor) return x.symbolic;
  if (x instanceof PyList || x instanceof PyTuple) {
    return x.items.map(t => {
      if (!(t instanceof KerasTensor)) throw new PyException('TypeError', `a layer is called on symbolic tensors (Input(...) or layer outputs), got a list holding ${shown(t)}`);
      return t.symbolic;
    });
  }
  throw new PyException('TypeError', `a layer is called on a symbolic tensor (Input(...) or a layer output), got ${shown(x)}`);
}

/**
 * layer(x, initial_state=[...]): one KerasTensor, or a list with the states for return_state;
 * a merge or attention layer on a list (`Add()([a, b])`), Attention's (output, scores) a tuple.
 */
export function callLayer(layer: KerasLayer, x: Value, initialState: Value, options: ListCallOptions = {}, mask: Value = null): Value {
  calledLayers.set(layer.engine, layer);
  if (!isNone(mask) && !(mask instanceof KerasTensor)) throw new PyException('TypeError', `${layer.name}: in a symbolic call, mask must be a symbolic tensor (an Input(shape=(timesteps,)) or a layer output), not ${shown(mask)}`);
  const states = isNone(initialState) ? [] : initialState instanceof KerasTensor ? [initialState] : items(initialState, 'initial_state');
  const symbolic = states.map(s => {
    if (!(s instanceof KerasTensor)) throw new PyException('TypeError', 'initial_state must hold symbolic tensors (layer outputs)');
    return s.symbolic;
  });
  const inputs = callInputs(x);
  const outs = asKerasCall(() => callAll(layer.engine, inputs, { initial_state: symbolic, ...options, ...(mask instanceof KerasTensor ? { mask: mask.symbolic } : {}) }));
  const wrapped = outs.map(t => new KerasTensor(t));
  layer.firstNode ??= { input: x, outputs: wrapped };
  if (options.return_attention_scores) return new PyTuple(wrapped);
  return wrapped.length === 1 ? wrapped[0] : new PyList(wrapped);
}
