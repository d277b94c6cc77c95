// The evaluation graph: the forward pass in inference mode (training = false: no dropout), the
// loss and the metrics — no backward, no optimizer. Used by `evaluate` and for the val_* logs.
import { Graph } from '../graph/graph';
import { encodeModel } from '../graph/onnx';
import type { InputSpec, Sequential } from '../layers/sequential';
import type { Model } from '../model/model';
import { buildForward, CompileOptions, emitLossAndMetrics, headsOf, StepGraphOptions, TargetSpec } from './step';

export interface EvalGraph {
  graph: Graph;
  /** Graph input names: one per model input, one target per output. */
  xs: string[];
  ys: string[];
  loss: string;
  /** Log name → graph output (see step.ts emitLossAndMetrics). */
  metrics: Record<string, string>;
  encode(): Uint8Array;
}

/** `target`: one per model output (a single TargetSpec for a single-output model). */
export function buildEval(model: Sequential | Model, input: InputSpec, target: TargetSpec | TargetSpec[], compile: CompileOptions, opts: StepGraphOptions = {}): EvalGraph {
  const dtype = opts.dtype ?? 'float32';
  const g = new Graph(`${model.name}_eval`, dtype);
  const { xs, preds, masks } = buildForward(g, model, input, opts, false);
  const targets = Array.isArray(target) ? target : [target];
  const { loss, metrics, ys } = emitLossAndMetrics(g, headsOf(model, compile), targets, preds, masks, opts.T);
  return { graph: g, xs: xs.map((v) => v.name), ys, loss: g.output(loss, 'loss').name, metrics, encode: () => encodeModel(g) };
}

/**
 * Keras-style running means: each batch's mean weighted by its sample count, so the result is
 * the mean over samples whatever the batch sizes (Keras 3 weights its loss tracker this way).
 */
export class WeightedMeans {
  private readonly sums: Record<string, number> = {};
  private count = 0;
  add(values: Record<string, number>, n: number): void {
    for (const [k, v] of Object.entries(values)) this.sums[k] = (this.sums[k] ?? 0) + v * n;
    this.count += n;
  }
  result(): Record<string, number> {
    return Object.fromEntries(Object.entries(this.sums).map(([k, v]) => [k, v / this.count]));
  }
  get samples(): number {
    return this.count;
  }
}
