// Dense: y = act(x·W + b) on the last axis (so it also maps every step of [B, T, F]).
import * as op from '../ops';
import { denseOutput } from '../../keras/shapes';
import { activation } from './activations';
import { autoName, BuildContext, FeatureShape, Flow, lastDim, Layer, ParamSpec } from './layer';
import type { InitializerSpec } from '../init';

export interface DenseOptions {
  activation?: string | null;
  use_bias?: boolean;
  kernel_initializer?: InitializerSpec;
  bias_initializer?: InitializerSpec;
  name?: string;
}

export class Dense implements Layer {
  readonly kind = 'Dense';
  readonly name: string;
  constructor(
    readonly units: number,
    readonly opts: DenseOptions = {},
  ) {
    this.name = opts.name ?? autoName('dense');
  }
  params(input: FeatureShape): ParamSpec[] {
    const ps: ParamSpec[] = [{ name: 'kernel', shape: [lastDim(input), this.units], init: this.opts.kernel_initializer ?? 'glorot_uniform' }];
    if (this.opts.use_bias !== false) ps.push({ name: 'bias', shape: [this.units], init: this.opts.bias_initializer ?? 'zeros' });
    return ps;
  }
  outputShape(input: FeatureShape): FeatureShape {
    return denseOutput(input, this.units);
  }
  apply(ctx: BuildContext, x: Flow): Flow {
    const { g } = ctx;
    const W = ctx.param(this.name, 'kernel'); // [F, U]
    const b = this.opts.use_bias !== false ? ctx.param(this.name, 'bias') : null; // [U]
    const y = op.linear(g, x.value, W, b); // [B, (T,) U]
    return { value: activation(this.opts.activation)(g, y), mask: x.mask };
  }
}
