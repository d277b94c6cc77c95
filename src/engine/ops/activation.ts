// Pointwise nonlinearities with native ONNX kernels (float and double on ORT CPU): Tanh, Sigmoid, Relu.
// Keras activations built from these (hard_sigmoid, elu, softplus, ...) live in layers/activations.ts.
import type { Graph } from '../graph/graph';
import { Value } from '../graph/types';
import { constLike, mul, rsubC } from './elementwise';
import { defineOp } from './registry';
import { cast } from './shape';

const unaryInfer = ([x]: (Value | null)[]) => [{ dtype: x!.dtype, shape: x!.shape }];

// tanh' = 1 - y²
defineOp('Tanh', {
  infer: unaryInfer,
  grad: (g, n, [d]) => {
    const y = n.outputs[0];
    return [mul(g, d!, rsubC(g, 1, mul(g, y, y)))];
  },
});

// σ' = y(1 - y)
defineOp('Sigmoid', {
  infer: unaryInfer,
  grad: (g, n, [d]) => {
    const y = n.outputs[0];
    return [mul(g, d!, mul(g, y, rsubC(g, 1, y)))];
  },
});

// relu' = [x > 0]
defineOp('Relu', {
  infer: unaryInfer,
  grad: (g, n, [d]) => {
    const x = n.inputs[0]!;
    const pos = cast(g, g.op('Greater', [x, constLike(g, x, 0)]), x.dtype);
    return [mul(g, d!, pos)];
  },
});

export const tanh = (g: Graph, x: Value): Value => g.op('Tanh', [x]);
export const sigmoid = (g: Graph, x: Value): Value => g.op('Sigmoid', [x]);
export const relu = (g: Graph, x: Value): Value => g.op('Relu', [x]);
