// Gradient checking in the style of ONNX's conformance tests: a reference (central finite
// differences of the same float64 graph, run in ONNX Runtime) and an `expect` that compares.
//
//   L(x) = Σ f(x) ⊙ R        (R fixed random weights, so every output element matters)
//   analytic: our autodiff's dL/dx, emitted into the same graph
//   numeric:  (L(x + εe_k) − L(x − εe_k)) / 2ε   for every element k
import * as assert from 'assert';
import { Graph, encodeModel, Dim, Value } from '../../../../src/engine/graph';
import * as op from '../../../../src/engine/ops';
import { grad } from '../../../../src/engine/autodiff/backprop';
import { NodeRuntime, Runtime, Session, tensor, toNumbers } from '../../../../src/engine/runtime';
import type { TensorData } from '../../../../src/engine/graph';

export interface CheckInput {
  /** Concrete dims fed at run time. */
  dims: number[];
  /** Dims declared in the graph (symbols allowed); default = dims. */
  decl?: Dim[];
  /** Values; default uniform(-1, 1) from a seeded generator. */
  data?: number[];
  /** Integer input (indices): not differentiated. */
  int?: boolean;
  /** Differentiate w.r.t. this input (default true for float inputs). */
  wrt?: boolean;
}

export interface GradCase {
  name: string;
  inputs: CheckInput[];
  build: (g: Graph, xs: Value[]) => Value;
  eps?: number;
  rtol?: number;
  atol?: number;
}

let shared: Runtime | undefined;
export function runtime(): Runtime {
  return (shared ??= new NodeRuntime());
}

/** Small deterministic generator (tests must not depend on Math.random). */
export function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

export function uniform(n: number, seed: number, lo = -1, hi = 1): number[] {
  const r = lcg(seed);
  return Array.from({ length: n }, () => lo + (hi - lo) * r());
}

const numelOf = (d: number[]) => d.reduce((a, b) => a * b, 1);

/** Compare autodiff gradients with central differences; throws with the worst element on failure. */
export async function expectGrad(c: GradCase): Promise<{ maxErr: number; checked: number }> {
  const g = new Graph(c.name.replace(/\W+/g, '_'), 'float64');
  const xs = c.inputs.map((inp, i) => g.input(`x${i}`, inp.int ? 'int64' : 'float64', inp.decl ?? inp.dims));
  const y = c.build(g, xs);
  if (y.dtype !== 'float64') throw new Error(`${c.name}: output is ${y.dtype}, build a float64 graph`);
  // Fixed random weights shaped like y (needs a static shape for y: take it from a probe run).
  const wrtIdx = c.inputs.map((inp, i) => (!inp.int && inp.wrt !== false ? i : -1)).filter((i) => i >= 0);
  const feeds: Record<string, TensorData> = {};
  c.inputs.forEach((inp, i) => {
    const data = inp.data ?? uniform(numelOf(inp.dims), 1000 + i);
    feeds[`x${i}`] = tensor(inp.int ? 'int64' : 'float64', inp.dims, data);
  });
  // Run the forward once to learn y's concrete shape.
  const yDims = await forwardDims(g, y, feeds);
  const R = g.floats(yDims, uniform(numelOf(yDims), 7));
  const L = op.reduceSum(g, op.mul(g, y, R));
  g.output(L, 'L');
  const grads = grad(g, L, wrtIdx.map((i) => xs[i]));
  grads.forEach((d, k) => g.output(d, `d${wrtIdx[k]}`));

  const { session } = await runtime().createSession(encodeModel(g));
  try {
    const base = await session.run(feeds);
    let maxErr = 0;
    let checked = 0;
    const eps = c.eps ?? 1e-6;
    const rtol = c.rtol ?? 1e-5;
    const atol = c.atol ?? 1e-7;
    for (const i of wrtIdx) {
      const analytic = toNumbers(base[`d${i}`]);
      assert.deepStrictEqual(base[`d${i}`].dims, c.inputs[i].dims, `${c.name}: gradient of x${i} has the wrong shape`);
      const x = feeds[`x${i}`].data as Float64Array;
      for (let k = 0; k < x.length; k++) {
        const num = await central(session, feeds, `x${i}`, k, eps);
        const a = analytic[k];
        const err = Math.abs(a - num);
        const tol = atol + rtol * Math.max(Math.abs(num), Math.abs(a));
        if (!(err <= tol)) {
          assert.fail(`${c.name}: d/dx${i}[${k}] analytic ${a} vs numeric ${num} (err ${err.toExponential(2)} > tol ${tol.toExponential(2)})`);
        }
        maxErr = Math.max(maxErr, err / Math.max(1e-12, Math.abs(num) + atol));
        checked++;
      }
    }
    return { maxErr, checked };
  } finally {
    await session.dispose();
  }
}

async function central(s: Session, feeds: Record<string, TensorData>, name: string, k: number, eps: number): Promise<number> {
  const x = feeds[name].data as Float64Array;
  const orig = x[k];
  x[k] = orig + eps;
  const up = toNumbers((await s.run(feeds, ['L'])).L)[0];
  x[k] = orig - eps;
  const down = toNumbers((await s.run(feeds, ['L'])).L)[0];
  x[k] = orig;
  return (up - down) / (2 * eps);
}

/** Concrete dims of y: build a throwaway model that outputs y's shape. */
async function forwardDims(g: Graph, y: Value, feeds: Record<string, TensorData>): Promise<number[]> {
  if (y.shape.every((d) => typeof d === 'number')) return y.shape;
  const sh = op.shapeOf(g, y);
  g.outputs.push(sh);
  const { session } = await runtime().createSession(encodeModel(g));
  const out = await session.run(feeds, [sh.name]);
  await session.dispose();
  g.outputs.pop();
  return toNumbers(out[sh.name]);
}
