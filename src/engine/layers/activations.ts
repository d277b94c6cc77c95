// Keras activations by name, composed from ops that have float and double kernels in ORT CPU.
// ORT CPU has no double kernel for Elu, HardSigmoid, Softplus, Softsign, Selu or Erf (probed on
// 1.30), so those are written out from Exp/Relu/Clip/Abs/Div below; the float64 gradient checks
// then run the very formulation that training uses.
import type { Graph } from '../graph/graph';
import { Value } from '../graph/types';
import * as op from '../ops';

export type Activation = (g: Graph, x: Value) => Value;

/** elu(x) = x if x > 0 else exp(x) − 1. exp(min(x, 0)) keeps the unused branch finite, so the
 *  Where gradient never meets 0·∞. min(x, 0) = −relu(−x). */
function elu(g: Graph, x: Value): Value {
  const negPart = op.neg(g, op.relu(g, op.neg(g, x)));
  return op.where(g, op.greater(g, x, op.constLike(g, x, 0)), x, op.addC(g, op.exp(g, negPart), -1));
}

/** Keras 3: hard_sigmoid(x) = relu6(x + 3) / 6 = clip(x/6 + 1/2, 0, 1).
 *  (Keras 2 and TF.js use clip(0.2x + 0.5, 0, 1): that one is 'hard_sigmoid_v2'.) */
function hardSigmoid(g: Graph, x: Value): Value {
  return op.clip(g, op.addC(g, op.mulC(g, x, 1 / 6), 0.5), op.constLike(g, x, 0), op.constLike(g, x, 1));
}
function hardSigmoidV2(g: Graph, x: Value): Value {
  return op.clip(g, op.addC(g, op.mulC(g, x, 0.2), 0.5), op.constLike(g, x, 0), op.constLike(g, x, 1));
}

/** softplus(x) = log(1 + eˣ) = relu(x) + log(1 + e^−|x|), stable for large |x|. */
function softplus(g: Graph, x: Value): Value {
  return op.add(g, op.relu(g, x), op.log(g, op.addC(g, op.exp(g, op.neg(g, op.abs(g, x))), 1)));
}

/** softsign(x) = x / (1 + |x|) */
function softsign(g: Graph, x: Value): Value {
  return op.div(g, x, op.addC(g, op.abs(g, x), 1));
}

/** selu(x) = λ·elu_α(x) with Keras's constants. */
function selu(g: Graph, x: Value): Value {
  const alpha = 1.6732632423543772;
  const scale = 1.0507009873554805;
  const negPart = op.neg(g, op.relu(g, op.neg(g, x)));
  const e = op.mulC(g, op.addC(g, op.exp(g, negPart), -1), alpha);
  return op.mulC(g, op.where(g, op.greater(g, x, op.constLike(g, x, 0)), x, e), scale);
}

export const ACTIVATIONS: Record<string, Activation> = {
  linear: (_g, x) => x,
  tanh: op.tanh,
  sigmoid: op.sigmoid,
  relu: op.relu,
  softmax: (g, x) => op.softmax(g, x, -1),
  log_softmax: (g, x) => op.logSoftmax(g, x, -1),
  elu,
  selu,
  hard_sigmoid: hardSigmoid,
  hard_sigmoid_v2: hardSigmoidV2,
  softplus,
  softsign,
  exponential: op.exp,
  swish: (g, x) => op.mul(g, x, op.sigmoid(g, x)),
  silu: (g, x) => op.mul(g, x, op.sigmoid(g, x)),
};

export function activation(name: string | null | undefined): Activation {
  const key = name ?? 'linear';
  const f = ACTIVATIONS[key];
  if (!f) throw new Error(`unknown activation '${key}' (known: ${Object.keys(ACTIVATIONS).join(', ')})`);
  return f;
}
