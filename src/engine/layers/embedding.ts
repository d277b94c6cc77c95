// Embedding: int64 ids [B, T] → vectors [B, T, E]; mask_zero makes id 0 a padding step.
import { embeddingOutput, sameOutput } from '../../keras/shapes';
import * as op from '../ops';
import type { InitializerSpec } from '../init';
import { autoName, BuildContext, FeatureShape, Flow, Layer, ParamSpec } from './layer';

export interface EmbeddingOptions {
  mask_zero?: boolean;
  input_length?: number;
  embeddings_initializer?: InitializerSpec;
  name?: string;
}

export class Embedding implements Layer {
  readonly kind = 'Embedding';
  readonly name: string;
  constructor(
    readonly inputDim: number,
    readonly outputDim: number,
    readonly opts: EmbeddingOptions = {},
  ) {
    this.name = opts.name ?? autoName('embedding');
  }
  params(): ParamSpec[] {
    // Keras default: uniform(−0.05, 0.05)
    return [{ name: 'embeddings', shape: [this.inputDim, this.outputDim], init: this.opts.embeddings_initializer ?? 'uniform' }];
  }
  outputShape(input: FeatureShape): FeatureShape {
    return embeddingOutput(input, this.outputDim);
  }
  apply(ctx: BuildContext, x: Flow): Flow {
    const { g } = ctx;
    // Keras casts float ids (an Input(shape=(None,)) is float32 by default) to integers.
    const ids = x.value.dtype === 'int64' ? x.value : op.cast(g, x.value, 'int64'); // [B, T]
    const table = ctx.param(this.name, 'embeddings'); // [V, E]
    const value = op.gather(g, table, ids); // [B, T, E]
    if (!this.opts.mask_zero) return { value, mask: x.mask };
    const mask = op.cast(g, op.not(g, op.equal(g, ids, g.ints([0], []))), g.floatType); // [B, T]
    return { value, mask };
  }
}

/** Masking(mask_value): a step is masked when all its features equal mask_value. */
export class Masking implements Layer {
  readonly kind = 'Masking';
  readonly name: string;
  constructor(
    readonly maskValue = 0,
    name?: string,
  ) {
    this.name = name ?? autoName('masking');
  }
  params(): ParamSpec[] {
    return [];
  }
  outputShape(input: FeatureShape): FeatureShape {
    return sameOutput(input);
  }
  apply(ctx: BuildContext, x: Flow): Flow {
    const { g } = ctx;
    const v = x.value; // [B, T, F]
    const differs = op.cast(g, op.not(g, op.equal(g, v, op.constLike(g, v, this.maskValue))), v.dtype);
    const mask = op.cast(g, op.greater(g, op.reduceSum(g, differs, [-1]), op.constLike(g, v, 0)), v.dtype); // [B, T]
    // Keras zeroes the masked steps' features.
    return { value: op.mul(g, v, op.unsqueeze(g, mask, [-1])), mask };
  }
}
