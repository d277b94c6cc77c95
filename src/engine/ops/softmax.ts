// Softmax and LogSoftmax over one axis (opset 13 semantics).
//   y = softmax(x):    dx = y ⊙ (d − Σ d⊙y)
//   y = logsoftmax(x): dx = d − softmax(x) · Σ d
import type { Graph } from '../graph/graph';
import { A, Value } from '../graph/types';
import { exp, mul, sub } from './elementwise';
import { reduceSum } from './reduce';
import { defineOp } from './registry';

const axisOf = (n: { attrs: Record<string, { v: unknown }> }) => (n.attrs.axis?.v as number | undefined) ?? -1;

defineOp('Softmax', {
  infer: ([x]) => [{ dtype: x!.dtype, shape: x!.shape }],
  grad: (g, n, [d]) => {
    const y = n.outputs[0];
    const s = reduceSum(g, mul(g, d!, y), [axisOf(n)], true);
    return [mul(g, y, sub(g, d!, s))];
  },
});

defineOp('LogSoftmax', {
  infer: ([x]) => [{ dtype: x!.dtype, shape: x!.shape }],
  grad: (g, n, [d]) => {
    const p = exp(g, n.outputs[0]);
    const s = reduceSum(g, d!, [axisOf(n)], true);
    return [sub(g, d!, mul(g, p, s))];
  },
});

export const softmax = (g: Graph, x: Value, axis = -1): Value => g.op('Softmax', [x], { axis: A.i(axis) });
export const logSoftmax = (g: Graph, x: Value, axis = -1): Value => g.op('LogSoftmax', [x], { axis: A.i(axis) });
