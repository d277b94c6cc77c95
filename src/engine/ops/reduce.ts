// Reductions: ReduceSum (axes as input, opset 13), ReduceMean and ReduceMax (axes attribute
// until opset 18). Also reduceSumTo: the "unbroadcast" every broadcasting op's gradient needs.
import type { Graph } from '../graph/graph';
import { normAxis, numel } from '../graph/shape';
import { A, Dim, Shape, Value } from '../graph/types';
import { defineOp } from './registry';
import { cast, expand, reshape, shapeOf } from './shape';

function reducedShape(x: Shape, axes: number[] | undefined, keep: boolean): Shape {
  const r = x.length;
  const ax = axes === undefined ? [...Array(r).keys()] : axes.map((a) => normAxis(a, r));
  const out: Dim[] = [];
  x.forEach((d, i) => {
    if (!ax.includes(i)) out.push(d);
    else if (keep) out.push(1);
  });
  return out;
}

function keepdims(attrs: { keepdims?: { kind: string; v: unknown } }): boolean {
  return attrs.keepdims === undefined || attrs.keepdims.v === 1;
}

function axesOfSum(v: Value | null): number[] | undefined {
  if (!v) return undefined;
  if (!v.content || !v.content.every((d) => typeof d === 'number')) throw new Error('ReduceSum: axes must be constant');
  return v.content;
}

/** Bring a reduced gradient back to x's shape: re-insert kept dims, then broadcast. */
function expandBack(g: Graph, d: Value, x: Value, axes: number[] | undefined, keep: boolean): Value {
  let dk = d;
  if (!keep) {
    const r = x.shape.length;
    const ax = axes === undefined ? [...Array(r).keys()] : axes.map((a) => normAxis(a, r));
    // Reshape to the keepdims shape: x's runtime shape with reduced axes set to 1.
    const keptShape = x.shape.map((dim, i) => (ax.includes(i) ? 1 : dim));
    if (keptShape.every((k) => typeof k === 'number')) dk = reshape(g, d, keptShape);
    else dk = g.op('Unsqueeze', [d, g.ints(ax)]);
  }
  return expand(g, dk, shapeOf(g, x));
}

// ---------------------------------------------------------------- ReduceSum

defineOp('ReduceSum', {
  infer: ([x, ax], attrs) => [{ dtype: x!.dtype, shape: reducedShape(x!.shape, axesOfSum(ax), keepdims(attrs)) }],
  grad: (g, n, [d]) => [expandBack(g, d!, n.inputs[0]!, axesOfSum(n.inputs[1]), keepdims(n.attrs)), null],
});

export function reduceSum(g: Graph, x: Value, axes?: number[], keep = false): Value {
  return g.op('ReduceSum', axes ? [x, g.ints(axes)] : [x], { keepdims: A.i(keep ? 1 : 0) });
}

// ---------------------------------------------------------------- ReduceMean

defineOp('ReduceMean', {
  infer: ([x], attrs) => {
    const axes = attrs.axes?.kind === 'ints' ? attrs.axes.v : undefined;
    return [{ dtype: x!.dtype, shape: reducedShape(x!.shape, axes, keepdims(attrs)) }];
  },
  grad: (g, n, [d]) => {
    const x = n.inputs[0]!;
    const axes = n.attrs.axes?.kind === 'ints' ? n.attrs.axes.v : undefined;
    const full = expandBack(g, d!, x, axes, keepdims(n.attrs));
    return [g.op('Div', [full, countOf(g, x, axes)])];
  },
});

/** How many elements each reduced output averages over, as a float scalar of x's dtype. */
function countOf(g: Graph, x: Value, axes: number[] | undefined): Value {
  const r = x.shape.length;
  const ax = axes === undefined ? [...Array(r).keys()] : axes.map((a) => normAxis(a, r));
  const dims = ax.map((a) => x.shape[a]);
  const n = numel(dims);
  if (n !== undefined) return g.constant(scalarOf(x, n));
  // Symbolic: multiply the runtime dims.
  const sizes = g.op('Gather', [shapeOf(g, x), g.ints(ax)], { axis: A.i(0) });
  const prod = g.op('ReduceProd', [sizes], { keepdims: A.i(0) });
  return cast(g, prod, x.dtype);
}

function scalarOf(x: Value, v: number) {
  return {
    dtype: x.dtype,
    dims: [],
    data: x.dtype === 'float64' ? new Float64Array([v]) : new Float32Array([v]),
  };
}

export function reduceMean(g: Graph, x: Value, axes?: number[], keep = false): Value {
  const attrs: Record<string, ReturnType<typeof A.i>> = { keepdims: A.i(keep ? 1 : 0) };
  if (axes) attrs.axes = A.ints(axes);
  return g.op('ReduceMean', [x], attrs);
}

// ---------------------------------------------------------------- ReduceMax / ReduceProd (no gradient needed:
// ReduceMax is used only as a stop-gradient shift in log-sum-exp; ReduceProd only on shapes)

for (const op of ['ReduceMax', 'ReduceProd']) {
  defineOp(op, {
    infer: ([x], attrs) => {
      const axes = attrs.axes?.kind === 'ints' ? attrs.axes.v : undefined;
      return [{ dtype: x!.dtype, shape: reducedShape(x!.shape, axes, keepdims(attrs)) }];
    },
    // A constant shift: zero gradient, which is exact for log-sum-exp.
    grad: () => [null],
  });
}

// ---------------------------------------------------------------- unbroadcast

/**
 * Sum a gradient of a broadcast result back to the shape of one operand: sum the leading axes
 * the operand lacked, then the axes where it had size 1. Uses the static shapes, which the
 * builder keeps exact for size-1 dims.
 */
export function reduceSumTo(g: Graph, d: Value, target: Shape): Value {
  const r = d.shape.length;
  const lead = r - target.length;
  const axes: number[] = [];
  for (let i = 0; i < r; i++) {
    if (i < lead) axes.push(i);
    else if (target[i - lead] === 1 && d.shape[i] !== 1) axes.push(i);
  }
  if (axes.length === 0) return d;
  let s = reduceSum(g, d, axes, true);
  if (lead > 0) s = reshapeDropLead(g, s, lead, target);
  return s;
}

function reshapeDropLead(g: Graph, s: Value, lead: number, target: Shape): Value {
  if (target.every((t) => typeof t === 'number')) return reshape(g, s, target);
  return g.op('Squeeze', [s, g.ints([...Array(lead).keys()])]);
}

// ---------------------------------------------------------------- ArgMax (metrics only: no gradient)

defineOp('ArgMax', {
  infer: ([x], attrs) => {
    const axis = (attrs.axis?.v as number | undefined) ?? 0;
    return [{ dtype: 'int64', shape: reducedShape(x!.shape, [axis], keepdims(attrs)) }];
  },
});

export function argmax(g: Graph, x: Value, axis = -1): Value {
  return g.op('ArgMax', [x], { axis: A.i(axis), keepdims: A.i(0) });
}
