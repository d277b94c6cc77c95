// A recurrence: a step function  (state_{t-1}, x_t) → (state_t, y_t)  applied over time, with
// its parameters read from the enclosing graph. Two lowerings:
//
//   'scan'      one ONNX Scan (one session serves every T). Its gradient is a reverse Scan whose
//               body is our autodiff of the step, reading the forward values it needs (gate
//               activations) from the forward Scan rather than recomputing them, and carrying
//               dL/dstate. Gradients of the recurrent kernel and bias are one op over all steps
//               after the loop. It also emits ‖dL/dh_t‖ per sample as a scan output (the
//               vanishing/exploding diagnostic).
//   'unrolled'  T copies of the step as plain nodes (fixed T); autodiff needs nothing special.
//
// Layers project x·W for all steps with one MatMul before calling this, so the step only does
// the recurrent product and the cell's elementwise work.
import { backprop } from '../autodiff/backprop';
import type { Graph } from '../graph/graph';
import { A, Dim, Node, Value } from '../graph/types';
import { add, mul } from './elementwise';
import { reduceSum } from './reduce';
import { fuseStackedFactors, materializeShifted, ShiftedHistory } from './recurrenceFusion';
import { defineOp, opDef } from './registry';
import { concat, identity, split, squeeze, unsqueeze, zerosLike } from './shape';
import { sqrt } from './elementwise';

export type StepFn = (g: Graph, states: Value[], xs: Value[]) => { states: Value[]; outputs: Value[] };

export interface RecurrenceSpec {
  name: string;
  /** Initial states, each [B, ...]. */
  init: Value[];
  /** Per-step inputs, time-major: each [T, B, ...]. */
  seqs: Value[];
  step: StepFn;
  /** Outer values the step reads that may need gradients (kernels, biases). */
  params: Value[];
  lowering?: 'scan' | 'unrolled';
  /** Sequence length; required by the unrolled lowering. */
  T?: number;
  /** Process t = T−1 … 0 (Keras go_backwards); outputs are stacked in processing order. */
  reverse?: boolean;
  /** Which state's gradient the ‖dL/dh_t‖ diagnostic reports (LSTM: h = 0, not c). */
  diagState?: number;
}

export interface Recurrence {
  spec: RecurrenceSpec;
  /** Final states, each [B, ...]. */
  final: Value[];
  /** Stacked step outputs, each [T, B, ...] in processing order. */
  outputs: Value[];
  /** Unrolled only: state_t of every step (for the diagnostic). */
  stepStates?: Value[];
  /**
   * ‖dL/dh_t‖ per sample, [T, B], indexed by input time t. Set by the gradient of the Scan
   * lowering once autodiff has run; use `gradNorms` to read it for either lowering.
   */
  dhNorm?: Value;
}

// ---------------------------------------------------------------- the Scan op

interface ScanMeta {
  rec: Recurrence;
  nS: number;
  nY: number;
  /** The forward body, its state/x inputs, the step's results and how many nodes the step emitted. */
  body: Graph;
  sIn: Value[];
  xIn: Value[];
  rStates: Value[];
  rOutputs: Value[];
  nStep: number;
  /** Forward values already saved as extra scan outputs: body value → stacked [T, ...] outer value. */
  savedFwd: Map<Value, Value>;
  /** state_{t−1} histories of states that are also step outputs: placeholders until read. */
  shifted: ShiftedHistory[];
}

defineOp('Scan', {
  infer: (inputs, attrs) => {
    const body = (attrs.body as { v: Graph }).v;
    const nScan = (attrs.num_scan_inputs as { v: number }).v;
    const nS = inputs.length - nScan;
    const T: Dim = inputs[nS]!.shape[0];
    return body.outputs.map((o, i) => ({ dtype: o.dtype, shape: i < nS ? o.shape : [T, ...o.shape] }));
  },
  grad: (g, node, dOuts, needs) => scanGrad(g, node, node.meta as ScanMeta, node.inputs as Value[], dOuts, needs),
});

export function recurrence(g: Graph, spec: RecurrenceSpec): Recurrence {
  return (spec.lowering ?? 'scan') === 'scan' ? lowerScan(g, spec) : lowerUnrolled(g, spec);
}

/**
 * Marks v as an output of a Scan body. A value the body computes is output as is; a body input,
 * an outer value or a value already output goes through an Identity (a body output must be a
 * distinct value produced in the body).
 */
/** Ops that act elementwise with right-aligned broadcasting: a leading T axis does not change them. */
const POINTWISE = new Set(['Add', 'Sub', 'Mul', 'Div', 'Neg', 'Sigmoid', 'Tanh', 'Relu', 'Exp', 'Log', 'Sqrt', 'Abs', 'Reciprocal']);

function bodyOutput(body: Graph, v: Value): void {
  const local = v.graph === body && !!v.producer && !body.outputs.includes(v);
  body.output(local ? v : identity(body, v));
}

function lowerScan(g: Graph, spec: RecurrenceSpec): Recurrence {
  const body = g.subgraph(`${spec.name}_step`);
  const sIn = spec.init.map((s, i) => body.freshInput(`${spec.name}_s${i}`, s.dtype, s.shape));
  const xIn = spec.seqs.map((x, j) => body.freshInput(`${spec.name}_x${j}`, x.dtype, x.shape.slice(1)));
  const r = spec.step(body, sIn, xIn);
  const nStep = body.nodes.length;
  // Body outputs: new states, step outputs, and state_{t-1} (the backward pass reads it) unless
  // that state is also a step output: then its history is [init; y_0 … y_{T−2}], built outside
  // only if the backward pass reads it (an Identity copy per step saved).
  const echoed = r.states.map((st) => r.outputs.indexOf(st));
  const copied = sIn.filter((_, i) => echoed[i] < 0);
  for (const v of [...r.states, ...r.outputs, ...copied]) bodyOutput(body, v);
  const nS = sIn.length;
  const nY = r.outputs.length;
  const attrs = {
    body: A.g(body),
    num_scan_inputs: A.i(spec.seqs.length),
    ...(spec.reverse ? { scan_input_directions: A.ints(spec.seqs.map(() => 1)) } : {}),
  };
  const outs = g.emit('Scan', [...spec.init, ...spec.seqs], attrs, nS + nY + copied.length, undefined, spec.params);
  const rec: Recurrence = { spec, final: outs.slice(0, nS), outputs: outs.slice(nS, nS + nY) };
  const T = spec.seqs[0].shape[0];
  const saved = new Map<Value, Value>(copied.map((s, i) => [s, outs[nS + nY + i]]));
  const shifted: ScanMeta['shifted'] = [];
  sIn.forEach((s, i) => {
    if (echoed[i] < 0) return;
    // A placeholder in g: given its producers only once something reads it (materializeShifted).
    const stack: Value = { name: g.fresh(`${spec.name}_prev${i}`), dtype: s.dtype, shape: [T, ...s.shape], graph: g };
    saved.set(s, stack);
    shifted.push({ stack, init: spec.init[i], ys: outs[nS + echoed[i]] });
  });
  outs[0].producer!.meta = { rec, nS, nY, body, sIn, xIn, rStates: r.states, rOutputs: r.outputs, nStep, savedFwd: saved, shifted } satisfies ScanMeta;
  return rec;
}

/** Gives the forward Scan one more scan output: body value v for every iteration, [T, ...]. */
function saveForward(g: Graph, fwd: Node, meta: ScanMeta, v: Value): Value {
  let s = meta.savedFwd.get(v);
  if (s) return s;
  const k = meta.rOutputs.indexOf(v);
  if (k >= 0) {
    // A step output is already stacked in iteration order.
    meta.savedFwd.set(v, fwd.outputs[meta.nS + k]);
    return fwd.outputs[meta.nS + k];
  }
  bodyOutput(meta.body, v);
  const T = meta.rec.spec.seqs[0].shape[0];
  s = { name: g.fresh(`${meta.rec.spec.name}_saved`), dtype: v.dtype, shape: [T, ...v.shape], graph: g, producer: fwd };
  fwd.outputs.push(s);
  meta.savedFwd.set(v, s);
  return s;
}

/**
 * A parameter whose every use in the step is `MatMul(a, p)` (p 2-D, a [B, K]) or a broadcasting
 * Add/Sub/Mul with a per-step value gets its gradient outside the backward loop: the loop emits
 * dL/d(use) per step as a scan output, and one op over all steps sums it up — for the recurrent
 * kernel one [H, T·B]×[T·B, G·H] product instead of T small [H, B]×[B, G·H] ones in the loop.
 */
function hoistable(n: Node, p: Value, body: Graph): boolean {
  if (n.inputs.length !== 2 || n.implicitInputs.length) return false;
  const k = n.inputs.indexOf(p);
  const other = n.inputs[1 - k];
  if (k < 0 || !other || other === p || other.graph !== body) return false;
  if (n.op === 'MatMul') return k === 1 && p.shape.length === 2 && other.shape.length === 2;
  if (n.op === 'Add' || n.op === 'Sub' || n.op === 'Mul') return p.shape.length <= other.shape.length && n.outputs[0].shape.length === other.shape.length;
  return false;
}

/**
 * Backward of a recurrence lowered to Scan. Forward iteration k read x[τ(k)] (τ(k) = k, or T−1−k
 * when reversed) and saved state_{k−1} and y_k in iteration order. The backward Scan walks k from
 * the last iteration to the first, carrying dS (dL/dstate) and, for parameters used other than by
 * a hoistable op, dP accumulators.
 *
 * Its body is the step's autodiff: the step's nodes are cloned, our autodiff runs on the clone,
 * and then every forward value the gradient nodes read is taken from the forward Scan instead
 * (saved there as an extra scan output: gate activations etc., memory O(T·B·G·H)), so nothing of
 * the forward step — in particular not the recurrent product — is recomputed; the clone is pruned.
 * Loop-invariant nodes (Uᵀ) move out of the loop. Parameter gradients of hoistable uses are one
 * op over all steps after the loop (see `hoistable`).
 */
function scanGrad(g: Graph, fwd: Node, meta: ScanMeta, inputs: Value[], dOuts: (Value | null)[], needs: boolean[]): (Value | null)[] {
  if (!meta) throw new Error('Scan gradient: only recurrences built by recurrence() are differentiable');
  const { rec, nS, nY, body } = meta;
  const spec = rec.spec;
  const nX = spec.seqs.length;
  if (dOuts.slice(nS + nY).some((d) => d)) throw new Error('Scan gradient: saved values are internal');
  void inputs;
  const dFinal = dOuts.slice(0, nS);
  const dYs = dOuts.slice(nS, nS + nY);
  const paramIdx = spec.params.map((_, j) => j).filter((j) => needs[nS + nX + j]);
  const xIdx = spec.seqs.map((_, j) => j).filter((j) => needs[nS + j]);
  const yIdx = dYs.map((d, k) => (d ? k : -1)).filter((k) => k >= 0);
  const stepNodes = body.nodes.slice(0, meta.nStep);
  const usesOf = (p: Value) => stepNodes.filter((n) => n.inputs.includes(p) || n.implicitInputs.includes(p));
  const hoisted = paramIdx.filter((j) => {
    const uses = usesOf(spec.params[j]);
    return uses.length > 0 && uses.every((n) => hoistable(n, spec.params[j], body));
  });
  const looped = paramIdx.filter((j) => !hoisted.includes(j));

  const bg = g.subgraph(`${spec.name}_grad_step`);
  const dS = spec.init.map((s, i) => bg.freshInput(`${spec.name}_dS${i}`, s.dtype, s.shape));
  const dP = looped.map((j) => bg.freshInput(`${spec.name}_dP${j}`, spec.params[j].dtype, spec.params[j].shape));
  const sPrev = meta.sIn.map((s, i) => bg.freshInput(`${spec.name}_sprev${i}`, s.dtype, s.shape));
  const xs = meta.xIn.map((x, j) => bg.freshInput(`${spec.name}_x${j}`, x.dtype, x.shape));
  const dY = yIdx.map((k) => bg.freshInput(`${spec.name}_dy${k}`, dYs[k]!.dtype, dYs[k]!.shape.slice(1)));

  // ---- clone the step (clone value → forward value; `varying`: depends on this step's inputs)
  const toClone = new Map<Value, Value>();
  const toFwd = new Map<Value, Value>();
  meta.sIn.forEach((s, i) => toClone.set(s, sPrev[i]));
  meta.xIn.forEach((x, j) => toClone.set(x, xs[j]));
  const varying = new Set<Value>([...sPrev, ...xs]);
  const cl = (v: Value) => toClone.get(v) ?? v;
  const cloneNodes = new Set<Node>();
  const nodeOf = new Map<Node, Node>(); // forward node → clone
  for (const n of stepNodes) {
    const ins = n.inputs.map((x) => (x ? cl(x) : null));
    const outs = bg.emit(n.op, ins, n.attrs, n.outputs.length, undefined, n.implicitInputs.map(cl));
    const c = outs[0].producer!;
    c.meta = n.meta;
    cloneNodes.add(c);
    nodeOf.set(n, c);
    const vary = ins.some((x) => x && varying.has(x));
    n.outputs.forEach((o, i) => {
      toClone.set(o, outs[i]);
      toFwd.set(outs[i], o);
      if (vary) varying.add(outs[i]);
    });
  }

  // ---- autodiff of the clone
  const rS = meta.rStates.map(cl);
  const rY = meta.rOutputs.map(cl);
  const seeds: [Value, Value][] = [...rS.map((s, i): [Value, Value] => [s, dS[i]]), ...yIdx.map((k, m): [Value, Value] => [rY[k], dY[m]])];
  const wrt = [...sPrev, ...xIdx.map((j) => xs[j]), ...looped.map((j) => spec.params[j])];
  const grads = backprop(bg, seeds, wrt);

  // dL/dh_k leaves the loop as is; its per-sample norm is one op over all steps afterwards.
  const dh = grads.get(rS[spec.diagState ?? 0]) ?? dS[spec.diagState ?? 0];
  const carriedOut: Value[] = [
    ...sPrev.map((s) => grads.get(s) ?? zerosLike(bg, s)),
    ...looped.map((j, m) => {
      const d = grads.get(spec.params[j]);
      return d ? add(bg, dP[m], d) : dP[m];
    }),
  ];
  const dxOut = xIdx.map((j) => grads.get(xs[j]) ?? zerosLike(bg, xs[j]));

  // Hoisted uses: dL/d(use output) per step leaves the loop (iteration order); so does the
  // per-step operand unless the forward pass already has it stacked.
  interface Use { j: number; node: Node; dOut: Value; operand: Value | null }
  const uses: Use[] = [];
  for (const j of hoisted) {
    for (const n of usesOf(spec.params[j])) {
      const c = nodeOf.get(n)!;
      const d = grads.get(c.outputs[0]);
      if (!d) continue;
      const other = n.inputs[1 - n.inputs.indexOf(spec.params[j])]!;
      uses.push({ j, node: n, dOut: d, operand: n.op === 'MatMul' || n.op === 'Mul' ? other : null });
    }
  }
  const perStepOut: Value[] = []; // scan outputs in iteration order (direction reverse)
  // A per-step gradient that is also dx (dL/dz = dL/dxp when z = xp + h·U) reuses dx's output when
  // dx is stacked in iteration order too (not go_backwards).
  const asDx = (d: Value) => (spec.reverse ? -1 : xIdx.findIndex((j, m) => dxOut[m] === d && j >= 0));
  for (const u of uses) if (!perStepOut.includes(u.dOut) && asDx(u.dOut) < 0) perStepOut.push(u.dOut);

  // ---- take forward values from the forward Scan instead of recomputing them
  const savedIn = new Map<Value, Value>(); // clone value → bg scan input
  const savedOuter: { input: Value; outer: Value }[] = [];
  const fromForward = (v: Value): Value => {
    let i = savedIn.get(v);
    if (!i) {
      const outer = saveForward(g, fwd, meta, toFwd.get(v)!);
      i = bg.freshInput(`${spec.name}_fwd`, v.dtype, v.shape);
      savedIn.set(v, i);
      savedOuter.push({ input: i, outer });
    }
    return i;
  };
  const isSavable = (v: Value | null): v is Value => !!v && toFwd.has(v) && varying.has(v);
  for (const n of bg.nodes) {
    if (cloneNodes.has(n)) continue;
    const ins = n.inputs;
    for (let i = 0; i < ins.length; i++) if (isSavable(ins[i])) ins[i] = fromForward(ins[i]!);
  }
  const fix = (v: Value) => (isSavable(v) ? fromForward(v) : v);
  const outs = [...carriedOut, ...dxOut, dh, ...perStepOut].map(fix);

  // ---- prune what nothing reads (the cloned forward step), then hoist loop invariants
  const used = new Set<Value>(outs);
  const kept: Node[] = [];
  for (let k = bg.nodes.length - 1; k >= 0; k--) {
    const n = bg.nodes[k];
    if (!n.outputs.some((o) => used.has(o))) continue;
    kept.push(n);
    for (const x of [...n.inputs, ...n.implicitInputs]) if (x) used.add(x);
  }
  kept.reverse();
  bg.nodes.length = 0;
  const outSet = new Set(outs);
  // Per-step values whose whole history exists outside the loop in iteration order (saved states,
  // saved forward values, dy): a pointwise op that reads only these (and loop invariants) does not
  // depend on the carried gradient, so it runs once on the stacked [T, ...] tensors before the
  // loop — the σ'(z) = y(1−y), tanh' = 1−y² factors — and the loop reads its result per step.
  const stackedIter = new Map<Value, Value>([
    ...sPrev.map((s, i): [Value, Value] => [s, meta.savedFwd.get(meta.sIn[i])!]),
    ...dY.map((d, m): [Value, Value] => [d, dYs[yIdx[m]]!]),
    ...savedOuter.map((x): [Value, Value] => [x.input, x.outer]),
  ]);
  const hoistedIn: { input: Value; outer: Value }[] = [];
  for (const n of kept) {
    const ins = [...n.inputs, ...n.implicitInputs];
    const plain = !Object.values(n.attrs).some((a) => a.kind === 'graph') && !n.outputs.some((o) => outSet.has(o));
    if (plain && ins.every((x) => !x || x.graph !== bg)) {
      // loop invariant (Uᵀ, constants): once, outside
      for (const o of n.outputs) (o as { graph: Graph }).graph = g;
      g.nodes.push(n);
      continue;
    }
    const rank = n.outputs[0].shape.length;
    const stackable =
      plain && POINTWISE.has(n.op) && n.implicitInputs.length === 0 &&
      ins.every((x) => !x || stackedIter.has(x) || (x.graph !== bg && x.shape.length <= rank));
    if (stackable) {
      const outer = g.emit(n.op, n.inputs.map((x) => (x ? stackedIter.get(x) ?? x : null)), n.attrs, n.outputs.length);
      n.outputs.forEach((o, i) => {
        (o as { producer?: Node }).producer = undefined; // now a per-step input of the loop
        stackedIter.set(o, outer[i]);
        hoistedIn.push({ input: o, outer: outer[i] });
      });
      continue;
    }
    bg.nodes.push(n);
  }
  // Forward-only factors of the cell's gradient chains: multiplied once outside, not per step.
  fuseStackedFactors(g, bg, stackedIter, hoistedIn, outSet);
  for (const v of outs) bodyOutput(bg, v);
  used.clear();
  for (const v of bg.outputs) used.add(v);
  for (const n of bg.nodes) for (const x of [...n.inputs, ...n.implicitInputs]) if (x) used.add(x);

  // ---- the reverse Scan. Saved states, forward values and dy are in iteration order: walk them
  // backwards; x is in input order. Scan inputs the body no longer reads are dropped.
  const xDir = spec.reverse ? 0 : 1;
  const scanned: { input: Value; outer: Value; dir: number }[] = [
    ...sPrev.map((s, i) => ({ input: s, outer: meta.savedFwd.get(meta.sIn[i])!, dir: 1 })),
    ...xs.map((x, j) => ({ input: x, outer: spec.seqs[j], dir: xDir })),
    ...dY.map((d, m) => ({ input: d, outer: dYs[yIdx[m]]!, dir: 1 })),
    ...savedOuter.map((s) => ({ ...s, dir: 1 })),
    ...hoistedIn.map((s) => ({ ...s, dir: 1 })),
  ].filter((s) => used.has(s.input));
  if (scanned.length === 0) throw new Error('Scan gradient: the backward body reads no per-step input');
  // Body inputs: carried, then scanned, in the order the Scan node feeds them.
  const carriedIns = [...dS, ...dP];
  bg.inputs.length = 0;
  bg.inputs.push(...carriedIns, ...scanned.map((s) => s.input));
  const attrs = {
    body: A.g(bg),
    num_scan_inputs: A.i(scanned.length),
    scan_input_directions: A.ints(scanned.map((s) => s.dir)),
    // dx and dL/dh indexed by input time t, like x; per-step gradients in iteration order.
    scan_output_directions: A.ints([...xIdx.map(() => xDir), xDir, ...perStepOut.map(() => 1)]),
  };
  const carriedInit = [...spec.init.map((s, i) => dFinal[i] ?? zerosLike(g, s)), ...looped.map((j) => zerosLike(g, spec.params[j]))];
  const res = g.emit('Scan', [...carriedInit, ...scanned.map((s) => s.outer)], attrs, outs.length);
  const nC = nS + looped.length;
  const dhAll = res[nC + xIdx.length]; // [T, B, H]
  rec.dhNorm = sqrt(g, reduceSum(g, mul(g, dhAll, dhAll), [-1])); // [T, B]
  const stacked = new Map<Value, Value>(perStepOut.map((d, i) => [d, res[nC + xIdx.length + 1 + i]]));
  for (const u of uses) if (asDx(u.dOut) >= 0) stacked.set(u.dOut, res[nC + asDx(u.dOut)]);

  // ---- hoisted parameter gradients: the use's own gradient rule on the stacked per-step tensors
  const dHoisted = new Map<number, Value>();
  for (const u of uses) {
    const p = spec.params[u.j];
    const k = u.node.inputs.indexOf(p);
    const dOut = stacked.get(u.dOut)!;
    const T = dOut.shape[0];
    let operand: Value;
    if (u.operand) operand = meta.savedFwd.get(u.operand) ?? saveForward(g, fwd, meta, u.operand);
    else operand = { name: '(unused)', dtype: p.dtype, shape: [T, ...u.node.inputs[1 - k]!.shape], graph: bg }; // shape only
    const fake: Node = { op: u.node.op, inputs: k === 1 ? [operand, p] : [p, operand], outputs: [], attrs: u.node.attrs, implicitInputs: [] };
    const d = opDef(u.node.op).grad!(g, fake, [dOut], k === 1 ? [false, true] : [true, false])[k]!;
    const prev = dHoisted.get(u.j);
    dHoisted.set(u.j, prev ? add(g, prev, d) : d);
  }

  const dInputs: (Value | null)[] = [...res.slice(0, nS).map((d, i) => (needs[i] ? d : null))];
  for (let j = 0; j < nX; j++) {
    const m = xIdx.indexOf(j);
    dInputs.push(m >= 0 ? res[nC + m] : null);
  }
  for (let j = 0; j < spec.params.length; j++) {
    const m = looped.indexOf(j);
    if (m >= 0) dInputs.push(res[nS + m]);
    else if (hoisted.includes(j)) dInputs.push(dHoisted.get(j) ?? zerosLike(g, spec.params[j]));
    else dInputs.push(null);
  }
  materializeShifted(g, fwd, meta.shifted);
  return dInputs;
}

// ---------------------------------------------------------------- unrolled lowering

function lowerUnrolled(g: Graph, spec: RecurrenceSpec): Recurrence {
  const T = spec.T;
  if (T === undefined) throw new Error(`${spec.name}: the unrolled lowering needs a fixed T`);
  // One Split tree per sequence (its gradient is a Concat tree), then squeeze each step: [B, ...].
  const steps = spec.seqs.map((x) => splitSteps(g, x, T).map((p) => squeeze(g, p, [0])));
  let states = spec.init;
  const ys: Value[][] = [];
  const stepStates: Value[] = [];
  for (let k = 0; k < T; k++) {
    const t = spec.reverse ? T - 1 - k : k;
    const r = spec.step(g, states, steps.map((s) => s[t]));
    states = r.states;
    stepStates.push(states[spec.diagState ?? 0]);
    r.outputs.forEach((y, i) => (ys[i] ??= []).push(unsqueeze(g, y, [0])));
  }
  const outputs = ys.map((parts) => concatSteps(g, parts));
  return { spec, final: states, outputs, stepStates };
}

/**
 * The most parts one Split or Concat of the unrolled lowering has. A WebGPU shader binds every
 * input and output as a storage buffer, and WebGPU guarantees only 8 per shader stage
 * (`maxStorageBuffersPerShaderStage`; SwiftShader allows 12, desktop GPUs more): a Split of x into
 * T steps binds T+1 and fails inside run() once T+1 passes the device's limit. So longer sequences
 * are split and joined in a tree of nodes with at most this many parts each (7 parts + the whole =
 * 8 buffers), which every WebGPU device accepts; ONNX Runtime cannot tell us the device's limit.
 */
export const MAX_PARTS_PER_NODE = 7;

/** Sizes of at most MAX_PARTS_PER_NODE consecutive groups covering n items. */
function groupSizes(n: number): number[] {
  const size = Math.ceil(n / MAX_PARTS_PER_NODE);
  const sizes: number[] = [];
  for (let left = n; left > 0; left -= size) sizes.push(Math.min(size, left));
  return sizes;
}

/** x [T, ...] → T pieces [1, ...], through Splits of at most MAX_PARTS_PER_NODE parts. */
function splitSteps(g: Graph, x: Value, T: number): Value[] {
  if (T === 1) return [x];
  if (T <= MAX_PARTS_PER_NODE) return split(g, x, new Array<number>(T).fill(1), 0);
  const sizes = groupSizes(T);
  return split(g, x, sizes, 0).flatMap((part, i) => splitSteps(g, part, sizes[i]));
}

/** Pieces [1, ...] (or [n_i, ...]) → one [Σn_i, ...] along axis 0, through Concats of at most MAX_PARTS_PER_NODE inputs. */
function concatSteps(g: Graph, parts: Value[]): Value {
  if (parts.length === 1) return parts[0];
  if (parts.length <= MAX_PARTS_PER_NODE) return concat(g, parts, 0);
  let at = 0;
  const groups = groupSizes(parts.length).map((n) => concatSteps(g, parts.slice(at, (at += n))));
  return concat(g, groups, 0);
}

/**
 * ‖dL/dh_t‖ per sample, [T, B] indexed by input time, after autodiff has run with `grads`.
 * For the unrolled lowering it is read off the gradient map; for Scan the reverse Scan emitted it.
 */
export function gradNorms(g: Graph, rec: Recurrence, grads: Map<Value, Value>): Value | undefined {
  if (rec.dhNorm) return rec.dhNorm;
  if (!rec.stepStates) return undefined;
  const perStep = rec.stepStates.map((h) => {
    const d = grads.get(h) ?? zerosLike(g, h);
    return unsqueeze(g, sqrt(g, reduceSum(g, mul(g, d, d), [-1])), [0]); // [1, B]
  });
  // stepStates are in processing order; index by input time.
  const ordered = rec.spec.reverse ? perStep.slice().reverse() : perStep;
  return concatSteps(g, ordered);
}
