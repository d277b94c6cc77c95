// Gradient clipping as Keras 3 applies it: clipnorm (each tensor), global_clipnorm (all together),
// clipvalue (elementwise). Norms are computed in-graph; the global norm before clipping is also
// a diagnostic output.
import type { Graph } from '../graph/graph';
import type { Value } from '../graph/types';
import * as op from '../ops';

function sumSquares(g: Graph, x: Value): Value {
  return op.reduceSum(g, op.mul(g, x, x));
}

export function l2norm(g: Graph, x: Value): Value {
  return op.sqrt(g, sumSquares(g, x));
}

/** √(Σ_i ‖g_i‖²) */
export function globalNorm(g: Graph, xs: Value[]): Value {
  return op.sqrt(g, xs.map((x) => sumSquares(g, x)).reduce((a, b) => op.add(g, a, b)));
}

/** g·c / max(‖g‖, c): unchanged when ‖g‖ ≤ c. */
function scaleToNorm(g: Graph, x: Value, norm: Value, c: number): Value {
  const cv = op.constLike(g, x, c);
  return op.div(g, op.mul(g, x, cv), op.clip(g, norm, cv, null));
}

export interface ClipConfig {
  clipnorm?: number;
  clipvalue?: number;
  global_clipnorm?: number;
}

export function clipGradients(g: Graph, grads: Value[], cfg: ClipConfig, preGlobalNorm: Value): Value[] {
  let out = grads;
  if (cfg.clipnorm !== undefined && cfg.clipnorm !== null) out = out.map((d) => scaleToNorm(g, d, l2norm(g, d), cfg.clipnorm!));
  if (cfg.global_clipnorm !== undefined && cfg.global_clipnorm !== null) {
    const norm = cfg.clipnorm !== undefined ? globalNorm(g, out) : preGlobalNorm;
    out = out.map((d) => scaleToNorm(g, d, norm, cfg.global_clipnorm!));
  }
  if (cfg.clipvalue !== undefined && cfg.clipvalue !== null) {
    out = out.map((d) => op.clip(g, d, op.constLike(g, d, -cfg.clipvalue!), op.constLike(g, d, cfg.clipvalue!)));
  }
  return out;
}
