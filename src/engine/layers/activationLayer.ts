// Keras Activation('relu'): an activation function as a layer of its own, elementwise on every
// axis (softmax and log_softmax on the last), masks passed through, no weights.
import { sameOutput } from '../../keras/shapes';
import { activation } from './activations';
import { autoName, BuildContext, FeatureShape, Flow, Layer, ParamSpec } from './layer';

/** Named apart from the `Activation` function type; its kind is Keras's class name. */
export class ActivationLayer implements Layer {
  readonly kind = 'Activation';
  readonly name: string;
  constructor(
    readonly fn: string,
    name?: string,
  ) {
    activation(fn); // an unknown name fails here, not when the graph is built
    this.name = name ?? autoName('activation');
  }
  params(): ParamSpec[] {
    return [];
  }
  outputShape(input: FeatureShape): FeatureShape {
    return sameOutput(input);
  }
  apply(ctx: BuildContext, x: Flow): Flow {
    return { value: activation(this.fn)(ctx.g, x.value), mask: x.mask };
  }
}
