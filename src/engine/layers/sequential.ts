// Sequential: a list of layers applied in order; owns parameter naming and initial values.
import type { DType } from '../graph/types';
import { checkAllocation } from '../../keras/allocation';
import { getInitializer } from '../init';
import { Rng } from '../util/rng';
import { BuildContext, FeatureShape, Flow, Layer, ParamSpec } from './layer';

/** Per-sample input description: ids ['T'] (int64) or features ['T', F] / [F] (float). */
export type { InputSpec } from '../../keras/compile';
import type { InputSpec } from '../../keras/compile';

export interface ParamEntry {
  /** Graph input name: `${layer}.${param}`. */
  key: string;
  layer: Layer;
  spec: ParamSpec;
}

export class Sequential {
  readonly layers: Layer[] = [];
  constructor(readonly name = 'sequential') {}

  add(layer: Layer): this {
    if (this.layers.some((l) => l.name === layer.name)) throw new Error(`duplicate layer name ${layer.name}`);
    this.layers.push(layer);
    return this;
  }

  /** Every parameter with its shape, in layer order. */
  paramEntries(input: InputSpec): ParamEntry[] {
    const out: ParamEntry[] = [];
    let shape = input.shape;
    for (const layer of this.layers) {
      for (const spec of layer.params(shape)) out.push({ key: `${layer.name}.${spec.name}`, layer, spec });
      shape = layer.outputShape(shape);
    }
    return out;
  }

  outputShape(input: InputSpec): FeatureShape {
    return this.layers.reduce((s, l) => l.outputShape(s), input.shape);
  }

  /** Keras initial values, drawn from one seeded stream in parameter order. */
  initParams(input: InputSpec, rng: Rng): Map<string, Float64Array> {
    return initialValues(this.paramEntries(input), rng);
  }

  forward(ctx: BuildContext, x: Flow): Flow {
    return this.layers.reduce((f, l) => l.apply(ctx, f), x);
  }
}

export function inputDType(spec: InputSpec, float: DType): DType {
  return spec.dtype === 'int64' ? 'int64' : float;
}

/**
 * Keras initial values of parameters, drawn from one seeded stream in order. Each tensor's size
 * is checked first: `LSTM(10**9)` is a MemoryError naming the weight, not a failed allocation.
 */
export function initialValues(entries: readonly ParamEntry[], rng: Rng): Map<string, Float64Array> {
  const values = new Map<string, Float64Array>();
  for (const { key, spec } of entries) {
    checkAllocation(`the weight ${key} of shape [${spec.shape.join(', ')}]`, spec.shape.reduce((a, b) => a * b, 1), Float64Array.BYTES_PER_ELEMENT);
    const v = getInitializer(spec.init).init(spec.shape, rng);
    spec.fix?.(v);
    values.set(key, v);
  }
  return values;
}
