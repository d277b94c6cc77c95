// A recurrence: a step function  (state_{t-1}, x_t) → (state_t, y_t)  applied over time, with
// its parameters read from the enclosing graph. Two lowerings:
//
//   'scan'      one ONNX Scan (one session serves every T). Its gradient is a reverse Scan whose
//               body recomputes the step from the saved state_{t-1} and runs our autodiff on it,
//               carrying dL/dstate and accumulating the parameter gradients as loop state. It also
//               emits ‖dL/dh_t‖ per sample as a scan output (the vanishing/exploding diagnostic).
//   'unrolled'  T copies of the step as plain nodes (fixed T); autodiff needs nothing special.
//
// Layers project x·W for all steps with one MatMul before calling this, so the step only does
// the recurrent product and the cell's elementwise work.
import { backprop } from '../autodiff/backprop';
import type { Graph } from '../graph/graph';
import { A, Dim, Value } from '../graph/types';
import { add, mul } from './elementwise';
import { reduceSum } from './reduce';
import { defineOp } from './registry';
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
}

defineOp('Scan', {
  infer: (inputs, attrs) => {
    const body = (attrs.body as { v: Graph }).v;
    const nScan = (attrs.num_scan_inputs as { v: number }).v;
    const nS = inputs.length - nScan;
    const T: Dim = inputs[nS]!.shape[0];
    return body.outputs.map((o, i) => ({ dtype: o.dtype, shape: i < nS ? o.shape : [T, ...o.shape] }));
  },
  grad: (g, node, dOuts, needs) => scanGrad(g, node.meta as ScanMeta, node.inputs as Value[], node.outputs, dOuts, needs),
});

export function recurrence(g: Graph, spec: RecurrenceSpec): Recurrence {
  return (spec.lowering ?? 'scan') === 'scan' ? lowerScan(g, spec) : lowerUnrolled(g, spec);
}

function lowerScan(g: Graph, spec: RecurrenceSpec): Recurrence {
  const body = g.subgraph(`${spec.name}_step`);
  const sIn = spec.init.map((s, i) => body.freshInput(`${spec.name}_s${i}`, s.dtype, s.shape));
  const xIn = spec.seqs.map((x, j) => body.freshInput(`${spec.name}_x${j}`, x.dtype, x.shape.slice(1)));
  const r = spec.step(body, sIn, xIn);
  // Body outputs: new states, step outputs, and state_{t-1} (saved for the backward recompute).
  for (const v of [...r.states, ...r.outputs, ...sIn]) body.output(identity(body, v));
  const nS = sIn.length;
  const nY = r.outputs.length;
  const attrs = {
    body: A.g(body),
    num_scan_inputs: A.i(spec.seqs.length),
    ...(spec.reverse ? { scan_input_directions: A.ints(spec.seqs.map(() => 1)) } : {}),
  };
  const outs = g.emit('Scan', [...spec.init, ...spec.seqs], attrs, 2 * nS + nY, undefined, spec.params);
  const rec: Recurrence = { spec, final: outs.slice(0, nS), outputs: outs.slice(nS, nS + nY) };
  outs[0].producer!.meta = { rec, nS, nY } satisfies ScanMeta;
  return rec;
}

/**
 * Backward of a recurrence lowered to Scan. Forward iteration k read x[τ(k)] (τ(k) = k, or T−1−k
 * when reversed) and saved state_{k−1} and y_k in iteration order. The backward Scan walks k from
 * the last iteration to the first:
 *   carried:  dS (dL/dstate), dP (parameter-gradient accumulators)
 *   per step: recompute the step from state_{k−1}, x; seed dS on state_k and dy_k on y_k; autodiff
 *             the body → dS ← dL/dstate_{k−1}; dP += dL/dparams; emit dx and ‖dL/dh_k‖.
 */
function scanGrad(g: Graph, meta: ScanMeta, inputs: Value[], outputs: Value[], dOuts: (Value | null)[], needs: boolean[]): (Value | null)[] {
  if (!meta) throw new Error('Scan gradient: only recurrences built by recurrence() are differentiable');
  const { rec, nS, nY } = meta;
  const spec = rec.spec;
  const nX = spec.seqs.length;
  if (dOuts.slice(nS + nY).some((d) => d)) throw new Error('Scan gradient: saved states are internal');
  const dFinal = dOuts.slice(0, nS);
  const dYs = dOuts.slice(nS, nS + nY);
  const saved = outputs.slice(nS + nY); // [T, B, ...] state_{k−1} in iteration order
  const paramIdx = spec.params.map((_, j) => j).filter((j) => needs[nS + nX + j]);
  const xIdx = spec.seqs.map((_, j) => j).filter((j) => needs[nS + j]);
  const yIdx = dYs.map((d, k) => (d ? k : -1)).filter((k) => k >= 0);

  const bg = g.subgraph(`${spec.name}_grad_step`);
  const dS = spec.init.map((s, i) => bg.freshInput(`${spec.name}_dS${i}`, s.dtype, s.shape));
  const dP = paramIdx.map((j) => bg.freshInput(`${spec.name}_dP${j}`, spec.params[j].dtype, spec.params[j].shape));
  const sPrev = spec.init.map((s, i) => bg.freshInput(`${spec.name}_sprev${i}`, s.dtype, s.shape));
  const xs = spec.seqs.map((x, j) => bg.freshInput(`${spec.name}_x${j}`, x.dtype, x.shape.slice(1)));
  const dY = yIdx.map((k) => bg.freshInput(`${spec.name}_dy${k}`, dYs[k]!.dtype, dYs[k]!.shape.slice(1)));

  const r = spec.step(bg, sPrev, xs);
  const seeds: [Value, Value][] = [...r.states.map((s, i): [Value, Value] => [s, dS[i]]), ...yIdx.map((k, m): [Value, Value] => [r.outputs[k], dY[m]])];
  const wrt = [...sPrev, ...xIdx.map((j) => xs[j]), ...paramIdx.map((j) => spec.params[j])];
  const grads = backprop(bg, seeds, wrt);

  const dh = grads.get(r.states[spec.diagState ?? 0]) ?? dS[spec.diagState ?? 0];
  const dhNorm = sqrt(bg, reduceSum(bg, mul(bg, dh, dh), [-1])); // [B]
  const outs: Value[] = [
    ...sPrev.map((s) => grads.get(s) ?? zerosLike(bg, s)),
    ...paramIdx.map((j, m) => {
      const d = grads.get(spec.params[j]);
      return d ? add(bg, dP[m], d) : dP[m];
    }),
    ...xIdx.map((j) => grads.get(xs[j]) ?? zerosLike(bg, xs[j])),
    dhNorm,
  ];
  for (const v of outs) bg.output(identity(bg, v));

  // Saved states and dy are in iteration order: walk them backwards. x is in input order.
  const xDir = spec.reverse ? 0 : 1;
  const scanIns = [...saved, ...spec.seqs, ...yIdx.map((k) => dYs[k]!)];
  const attrs = {
    body: A.g(bg),
    num_scan_inputs: A.i(scanIns.length),
    scan_input_directions: A.ints([...saved.map(() => 1), ...spec.seqs.map(() => xDir), ...yIdx.map(() => 1)]),
    // Outputs indexed by input time t, like x.
    scan_output_directions: A.ints([...xIdx.map(() => xDir), xDir]),
  };
  const carriedInit = [...spec.init.map((s, i) => dFinal[i] ?? zerosLike(g, s)), ...paramIdx.map((j) => zerosLike(g, spec.params[j]))];
  const res = g.emit('Scan', [...carriedInit, ...scanIns], attrs, nS + paramIdx.length + xIdx.length + 1);
  rec.dhNorm = res[res.length - 1]; // [T, B]

  const dInputs: (Value | null)[] = [...res.slice(0, nS).map((d, i) => (needs[i] ? d : null))];
  for (let j = 0; j < nX; j++) {
    const m = xIdx.indexOf(j);
    dInputs.push(m >= 0 ? res[nS + paramIdx.length + m] : null);
  }
  for (let j = 0; j < spec.params.length; j++) {
    const m = paramIdx.indexOf(j);
    dInputs.push(m >= 0 ? res[nS + m] : null);
  }
  return dInputs;
}

// ---------------------------------------------------------------- unrolled lowering

function lowerUnrolled(g: Graph, spec: RecurrenceSpec): Recurrence {
  const T = spec.T;
  if (T === undefined) throw new Error(`${spec.name}: the unrolled lowering needs a fixed T`);
  // One Split per sequence (its gradient is one Concat), then squeeze each step: [B, ...].
  const steps = spec.seqs.map((x) => (T === 1 ? [x] : split(g, x, Array(T).fill(1), 0)).map((p) => squeeze(g, p, [0])));
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
  const outputs = ys.map((parts) => (parts.length === 1 ? parts[0] : concat(g, parts, 0)));
  return { spec, final: states, outputs, stepStates };
}

/**
 * ‖dL/dh_t‖ per sample, [T, B] indexed by input time, after autodiff has run with `grads`.
 * For the unrolled lowering it is read off the gradient map; for Scan the reverse Scan emitted it.
 */
export function gradNorms(g: Graph, rec: Recurrence, grads: Map<Value, Value>): Value | undefined {
  if (rec.dhNorm) return rec.dhNorm;
  if (!rec.stepStates) return undefined;
  const T = rec.stepStates.length;
  const perStep = rec.stepStates.map((h) => {
    const d = grads.get(h) ?? zerosLike(g, h);
    return unsqueeze(g, sqrt(g, reduceSum(g, mul(g, d, d), [-1])), [0]); // [1, B]
  });
  // stepStates are in processing order; index by input time.
  const ordered = rec.spec.reverse ? perStep.slice().reverse() : perStep;
  return T === 1 ? ordered[0] : concat(g, ordered, 0);
}
