// Reverse-mode autodiff over the IR, micrograd-style: walk the nodes backwards from the seeds,
// ask each op's gradient rule for its inputs' gradients, and sum the contributions.
// The gradient nodes are appended to the same graph, so one ONNX graph holds forward + backward.
import type { Graph } from '../graph/graph';
import { isFloat, Node, Value } from '../graph/types';
import { opDef } from '../ops/registry';
import { constLike } from '../ops/elementwise';
import { zerosLike } from '../ops/shape';

export type Grads = Map<Value, Value>;

/** Values (here or in enclosing graphs) that depend on any of `wrt`, through g's nodes. */
function dependents(g: Graph, wrt: Value[]): Set<Value> {
  const live = new Set<Value>(wrt);
  for (const n of g.nodes) {
    if (n.inputs.some((x) => x && live.has(x)) || n.implicitInputs.some((x) => live.has(x))) {
      for (const o of n.outputs) if (isFloat(o.dtype)) live.add(o);
    }
  }
  return live;
}

/**
 * Backpropagate from `seeds` (pairs [value, dL/dvalue]) to `wrt`.
 * Returns the accumulated gradient of every value on the way (use .get(v) for the ones you need;
 * the recurrence reads intermediate ones for its ‖dL/dh_t‖ telemetry).
 */
export function backprop(g: Graph, seeds: [Value, Value][], wrt: Value[]): Grads {
  const live = dependents(g, wrt);
  const grads: Grads = new Map();
  const accumulate = (v: Value, d: Value) => {
    const prev = grads.get(v);
    grads.set(v, prev ? g.op('Add', [prev, d]) : d);
  };
  for (const [v, d] of seeds) accumulate(v, d);

  // Only nodes created before the backward pass began are part of the forward computation.
  const forward: Node[] = g.nodes.slice();
  for (let k = forward.length - 1; k >= 0; k--) {
    const n = forward[k];
    const dOuts = n.outputs.map((o) => grads.get(o) ?? null);
    if (dOuts.every((d) => d === null)) continue;
    const ins = [...n.inputs, ...n.implicitInputs];
    const needs = ins.map((x) => !!x && isFloat(x.dtype) && live.has(x));
    if (!needs.some(Boolean)) continue;
    const rule = opDef(n.op).grad;
    if (!rule) throw new Error(`no gradient rule for ${n.op} (output ${n.outputs[0].name})`);
    const dIns = rule(g, n, dOuts, needs);
    ins.forEach((x, i) => {
      const d = dIns[i];
      if (x && d && needs[i]) accumulate(x, d);
    });
  }
  return grads;
}

/** dy/dwrt for a scalar y (seed 1). Unreached wrt values get zeros, so callers always get a tensor. */
export function grad(g: Graph, y: Value, wrt: Value[]): Value[] {
  const grads = backprop(g, [[y, constLike(g, y, 1)]], wrt);
  return wrt.map((w) => grads.get(w) ?? zerosLike(g, w));
}
