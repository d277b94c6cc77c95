// Fewer nodes per step in the backward Scan body. Every node a Scan body runs costs a fixed
// dispatch overhead T times per training step, which is most of a small layer's step time
// (B32 H64: a few µs of arithmetic per node). The cell gradients autodiff emits are chains like
//   dz_i = (dc ⊙ c̃_t) ⊙ σ'(z_i)        c̃_t, σ'(z_i): forward-only, one per step
// whose factors other than the carried gradient are known for every step before the loop runs.
// Two rewrites move that work out of the loop, onto the stacked [T, ...] tensors, once:
//   reassociate   (x ⊙ a_t) ⊙ b_t          → x ⊙ (a⊙b)_t
//   distribute    x ⊙ a_t ± x ⊙ b_t,  −(x ⊙ a_t)  → x ⊙ (a ± b)_t,  x ⊙ (−a)_t
//   gate concat   Concat(x₁ ⊙ a₁_t, …, x_k ⊙ a_k_t) → Concat(x₁, …, x_k) ⊙ Concat(a₁, …, a_k)_t
//                 (equal Concats of the carried gradients, as a GRU's two, then run once)
// (an LSTM's backward body goes from 15 nodes to 7, a GRU's from 16 to 7). Only exact shape matches are rewritten, so
// the stacked product broadcasts as the per-step one did; results change by float rounding only.
// Also here: the state_{t−1} history of a state that is also a step output, built outside the
// loop from [init; y] rather than copied by an Identity in every forward step.
import type { Graph } from '../graph/graph';
import { normAxis } from '../graph/shape';
import { A, Node, Value } from '../graph/types';
import { slice, unsqueeze } from './shape';

/** A per-step input of the body and its stacked [T, ...] history outside the loop. */
export interface StackedInput {
  input: Value;
  outer: Value;
}

const sameShape = (a: Value, b: Value) => a.shape.length === b.shape.length && a.shape.every((d, i) => d === b.shape[i]);

/**
 * Rewrites `bg.nodes` in place. `stacked` maps each per-step body input to its stacked outer
 * value; new per-step inputs are added to it and to `added`. `keep` holds the body's outputs
 * (never removed). Returns how many body nodes were removed.
 */
export function fuseStackedFactors(g: Graph, bg: Graph, stacked: Map<Value, Value>, added: StackedInput[], keep: Set<Value>): number {
  const before = bg.nodes.length;
  const uses = new Map<Value, number>();
  const count = () => {
    uses.clear();
    for (const n of bg.nodes) for (const x of [...n.inputs, ...n.implicitInputs]) if (x) uses.set(x, (uses.get(x) ?? 0) + 1);
  };
  // A body node's output that only `n` reads, made by a Mul with one stacked factor of the output's own shape.
  const soleMul = (v: Value | null): { node: Node; x: Value; s: Value } | null => {
    const m = v?.producer;
    if (!v || !m || m.op !== 'Mul' || v.graph !== bg || keep.has(v) || uses.get(v) !== 1 || !bg.nodes.includes(m)) return null;
    const [p, q] = m.inputs as Value[];
    const s = stacked.has(q) ? q : stacked.has(p) ? p : null;
    if (!s) return null;
    const x = s === q ? p : q;
    return { node: m, x, s };
  };
  const newInput = (outer: Value): Value => {
    const input = bg.freshInput('fused', outer.dtype, outer.shape.slice(1));
    bg.inputs.pop(); // the caller sets the body's inputs once it knows every scanned input
    stacked.set(input, outer);
    added.push({ input, outer });
    return input;
  };
  const drop = (m: Node) => bg.nodes.splice(bg.nodes.indexOf(m), 1);

  // Replaces node n (one output) by Mul(x, factor), factor computed outside.
  const toMul = (n: Node, x: Value, factor: Value, removed: Node[]) => {
    const out = n.outputs[0];
    const mul: Node = { op: 'Mul', inputs: [x, newInput(factor)], outputs: [out], attrs: {}, implicitInputs: [] };
    out.producer = mul;
    bg.nodes[bg.nodes.indexOf(n)] = mul;
    removed.forEach(drop);
  };

  // ---- reassociate: Mul(Mul(x, a), b) with a, b stacked of one rank → Mul(x, a⊙b); and
  // distribute: Neg(Mul(x, a)) → Mul(x, −a), Add/Sub(Mul(x, a), Mul(x, b)) → Mul(x, a ± b)
  for (let changed = true; changed; ) {
    changed = false;
    count();
    for (const n of bg.nodes) {
      if (n.implicitInputs.length) continue;
      if (n.op === 'Neg') {
        const inner = soleMul(n.inputs[0]);
        if (!inner) continue;
        toMul(n, inner.x, g.op('Neg', [stacked.get(inner.s)!]), [inner.node]);
        changed = true;
        break;
      }
      if (n.op === 'Add' || n.op === 'Sub') {
        const [u, v] = [soleMul(n.inputs[0]), soleMul(n.inputs[1])];
        if (!u || !v || u.x !== v.x || u.s.shape.length !== v.s.shape.length) continue;
        toMul(n, u.x, g.op(n.op, [stacked.get(u.s)!, stacked.get(v.s)!]), [u.node, v.node]);
        changed = true;
        break;
      }
      if (n.op !== 'Mul') continue;
      const k = n.inputs.findIndex((v) => !!v && stacked.has(v));
      if (k < 0) continue;
      const b = n.inputs[k]!;
      const inner = soleMul(n.inputs[1 - k]);
      if (!inner || inner.s.shape.length !== b.shape.length) continue;
      const ab = g.op('Mul', [stacked.get(inner.s)!, stacked.get(b)!]);
      n.inputs[1 - k] = inner.x;
      n.inputs[k] = newInput(ab);
      drop(inner.node);
      changed = true;
      break;
    }
  }

  // ---- gate concat: Concat of parts x_i ⊙ a_i ⊙ a'_i … (stacked factors of the part's own shape,
  // a part possibly read elsewhere too) → Concat(x_1, …, x_k) ⊙ Concat(a_1⊙a'_1…, …)
  const chainOf = (v: Value | null): { x: Value; factors: Value[] } | null => {
    let x = v;
    const factors: Value[] = [];
    for (;;) {
      const m = x?.producer;
      if (!x || !m || m.op !== 'Mul' || x.graph !== bg || !bg.nodes.includes(m)) break;
      const [p, q] = m.inputs as Value[];
      const f = stacked.has(q) ? q : stacked.has(p) ? p : null;
      if (!f || !sameShape(f, x)) break;
      factors.push(f);
      x = f === q ? p : q;
    }
    return x && v && factors.length && sameShape(x, v) ? { x, factors } : null;
  };
  for (const n of [...bg.nodes]) {
    if (n.op !== 'Concat' || n.inputs.length < 2) continue;
    const parts = n.inputs.map(chainOf);
    if (parts.some((p) => !p)) continue;
    const ps = parts as { x: Value; factors: Value[] }[];
    const rank = n.outputs[0].shape.length;
    const axis = normAxis((n.attrs.axis as { v: number }).v, rank);
    const stackedFactor = (p: { factors: Value[] }) => p.factors.map((f) => stacked.get(f)!).reduce((a, b) => g.op('Mul', [a, b]));
    const factor = g.op('Concat', ps.map(stackedFactor), { axis: { kind: 'int', v: axis + 1 } });
    const out = n.outputs[0];
    const joined: Value = { name: bg.fresh('concat'), dtype: out.dtype, shape: out.shape.slice(), graph: bg, producer: n };
    n.outputs[0] = joined;
    ps.forEach((p, i) => (n.inputs[i] = p.x));
    const mul: Node = { op: 'Mul', inputs: [joined, newInput(factor)], outputs: [out], attrs: {}, implicitInputs: [] };
    out.producer = mul;
    bg.nodes.splice(bg.nodes.indexOf(n) + 1, 0, mul);
  }
  // Parts nothing reads any more go; equal Concats (an LSTM's or GRU's [dh, dh, dh]) run once.
  for (let k = bg.nodes.length - 1; k >= 0; k--) {
    count();
    const n = bg.nodes[k];
    if (n.op === 'Mul' && !n.outputs.some((o) => keep.has(o) || uses.has(o))) bg.nodes.splice(k, 1);
  }
  const concats = new Map<string, Value>();
  const renamed = new Map<Value, Value>();
  for (const n of [...bg.nodes]) {
    n.inputs.forEach((x, i) => x && renamed.has(x) && (n.inputs[i] = renamed.get(x)!));
    if (n.op !== 'Concat' || keep.has(n.outputs[0])) continue;
    const key = `${(n.attrs.axis as { v: number }).v}:${n.inputs.map((x) => x?.name).join(',')}`;
    const same = concats.get(key);
    if (same) {
      renamed.set(n.outputs[0], same);
      drop(n);
    } else concats.set(key, n.outputs[0]);
  }
  return before - bg.nodes.length;
}

/**
 * state_{t−1} for every step of a state that is also a step output y: a placeholder [T, ...] in
 * the outer graph (no producer) until the backward pass reads it, then [init; y_0 … y_{T−2}].
 */
export interface ShiftedHistory {
  stack: Value;
  init: Value;
  ys: Value;
}

/**
 * Gives each state_{t−1} history the backward pass reads (a placeholder of lowerScan) its
 * producers, Concat(init, y[0 : T−1]), placed right after the forward Scan.
 */
export function materializeShifted(g: Graph, fwd: Node, shifted: ShiftedHistory[]): void {
  const read = new Set<Value>();
  for (const n of g.nodes) for (const x of [...n.inputs, ...n.implicitInputs]) if (x) read.add(x);
  for (const sh of shifted) {
    if (sh.stack.producer || !read.has(sh.stack)) continue;
    const start = g.nodes.length;
    const first = unsqueeze(g, sh.init, [0]); // [1, B, ...]
    const rest = slice(g, sh.ys, [0], [-1], [0]); // [T−1, B, ...]
    const node: Node = { op: 'Concat', inputs: [first, rest], outputs: [sh.stack], attrs: { axis: A.i(0) }, implicitInputs: [] };
    sh.stack.producer = node;
    const made = [...g.nodes.splice(start), node];
    g.nodes.splice(g.nodes.indexOf(fwd) + 1, 0, ...made);
  }
}
