// Elementwise arithmetic with numpy broadcasting: Add, Sub, Mul, Div, Pow, Neg, Exp, Log, Sqrt, Abs,
// and the int/bool helpers (Min, Max, Sign). Broadcast gradients are summed back with reduceSumTo.
import type { Graph } from '../graph/graph';
import { broadcastShapes } from '../graph/shape';
import { Value } from '../graph/types';
import { reduceSumTo } from './reduce';
import { defineOp } from './registry';

function binaryInfer([a, b]: (Value | null)[]) {
  if (a!.dtype !== b!.dtype) throw new Error(`dtype mismatch: ${a!.name}:${a!.dtype} vs ${b!.name}:${b!.dtype}`);
  const content =
    a!.content && b!.content && a!.content.length === b!.content.length ? a!.content.map(() => '?') : undefined;
  return [{ dtype: a!.dtype, shape: broadcastShapes(a!.shape, b!.shape), content }];
}

const unaryInfer = ([x]: (Value | null)[]) => [{ dtype: x!.dtype, shape: x!.shape }];

// d(a+b) = da + db, summed back over broadcast axes
defineOp('Add', {
  infer: binaryInfer,
  grad: (g, n, [d], needs) => {
    const [a, b] = n.inputs;
    return [needs[0] ? reduceSumTo(g, d!, a!.shape) : null, needs[1] ? reduceSumTo(g, d!, b!.shape) : null];
  },
});

defineOp('Sub', {
  infer: binaryInfer,
  grad: (g, n, [d], needs) => {
    const [a, b] = n.inputs;
    return [needs[0] ? reduceSumTo(g, d!, a!.shape) : null, needs[1] ? reduceSumTo(g, neg(g, d!), b!.shape) : null];
  },
});

defineOp('Mul', {
  infer: binaryInfer,
  grad: (g, n, [d], needs) => {
    const [a, b] = n.inputs;
    return [
      needs[0] ? reduceSumTo(g, mul(g, d!, b!), a!.shape) : null,
      needs[1] ? reduceSumTo(g, mul(g, d!, a!), b!.shape) : null,
    ];
  },
});

// y = a/b: dy/da = 1/b, dy/db = -a/b² = -y/b
defineOp('Div', {
  infer: binaryInfer,
  grad: (g, n, [d], needs) => {
    const [a, b] = n.inputs;
    const y = n.outputs[0];
    return [
      needs[0] ? reduceSumTo(g, div(g, d!, b!), a!.shape) : null,
      needs[1] ? reduceSumTo(g, neg(g, div(g, mul(g, d!, y), b!)), b!.shape) : null,
    ];
  },
});

// y = a^b: dy/da = b·a^(b-1), dy/db = y·ln a
defineOp('Pow', {
  infer: ([a, b]) => [{ dtype: a!.dtype, shape: broadcastShapes(a!.shape, b!.shape) }],
  grad: (g, n, [d], needs) => {
    const [a, b] = n.inputs;
    const y = n.outputs[0];
    let da: Value | null = null;
    let db: Value | null = null;
    if (needs[0]) {
      const bm1 = sub(g, b!, g.constant({ dtype: b!.dtype, dims: [], data: b!.dtype === 'float64' ? new Float64Array([1]) : new Float32Array([1]) }));
      da = reduceSumTo(g, mul(g, d!, mul(g, b!, pow(g, a!, bm1))), a!.shape);
    }
    if (needs[1]) db = reduceSumTo(g, mul(g, d!, mul(g, y, log(g, a!))), b!.shape);
    return [da, db];
  },
});

defineOp('Neg', { infer: unaryInfer, grad: (g, _n, [d]) => [neg(g, d!)] });
defineOp('Exp', { infer: unaryInfer, grad: (g, n, [d]) => [mul(g, d!, n.outputs[0])] });
defineOp('Log', { infer: unaryInfer, grad: (g, n, [d]) => [div(g, d!, n.inputs[0]!)] });
// y = √x: dy/dx = 1/(2y)
defineOp('Sqrt', {
  infer: unaryInfer,
  grad: (g, n, [d]) => [div(g, d!, mul(g, n.outputs[0], constLike(g, n.outputs[0], 2)))],
});
defineOp('Abs', { infer: unaryInfer, grad: (g, n, [d]) => [mul(g, d!, g.op('Sign', [n.inputs[0]!]))] });
defineOp('Sign', { infer: unaryInfer, grad: () => [null] });
// Min/Max are used on int64 shape arithmetic only; no gradient.
defineOp('Min', { infer: binaryInfer });
defineOp('Max', { infer: binaryInfer });

export const add = (g: Graph, a: Value, b: Value): Value => g.op('Add', [a, b]);
export const sub = (g: Graph, a: Value, b: Value): Value => g.op('Sub', [a, b]);
export const mul = (g: Graph, a: Value, b: Value): Value => g.op('Mul', [a, b]);
export const div = (g: Graph, a: Value, b: Value): Value => g.op('Div', [a, b]);
export const pow = (g: Graph, a: Value, b: Value): Value => g.op('Pow', [a, b]);
export const neg = (g: Graph, x: Value): Value => g.op('Neg', [x]);
export const exp = (g: Graph, x: Value): Value => g.op('Exp', [x]);
export const log = (g: Graph, x: Value): Value => g.op('Log', [x]);
export const sqrt = (g: Graph, x: Value): Value => g.op('Sqrt', [x]);
export const abs = (g: Graph, x: Value): Value => g.op('Abs', [x]);

/** A scalar constant with x's float dtype (gradient rules must not mix float32 and float64). */
export function constLike(g: Graph, x: Value, v: number): Value {
  if (x.dtype === 'float64') return g.constant({ dtype: 'float64', dims: [], data: new Float64Array([v]) });
  if (x.dtype === 'float32') return g.constant({ dtype: 'float32', dims: [], data: new Float32Array([v]) });
  if (x.dtype === 'int64') return g.constant({ dtype: 'int64', dims: [], data: new BigInt64Array([BigInt(v)]) });
  throw new Error(`constLike: ${x.dtype}`);
}

/** a + s, a·s, ... with a number s of a's dtype. */
export const addC = (g: Graph, a: Value, s: number): Value => add(g, a, constLike(g, a, s));
export const mulC = (g: Graph, a: Value, s: number): Value => mul(g, a, constLike(g, a, s));
/** s - a */
export const rsubC = (g: Graph, s: number, a: Value): Value => sub(g, constLike(g, a, s), a);
