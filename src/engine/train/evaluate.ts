// The evaluation graph: the forward pass in inference mode (training = false: no dropout), the
// loss and the metrics — no backward, no optimizer. Used by `evaluate` and for the val_* logs.
import { Graph } from '../graph/graph';
import { encodeModel } from '../graph/onnx';
import type { InputSpec, Sequential } from '../layers/sequential';
import { computeLoss } from '../losses';
import { computeMetric } from '../losses/metrics';
import type { TensorData } from '../graph/types';
import { buildForward, CompileOptions, lossOptions, StepGraphOptions, TargetSpec } from './step';

export interface EvalGraph {
  graph: Graph;
  loss: string;
  metrics: Record<string, string>;
  encode(): Uint8Array;
}

export function buildEval(model: Sequential, input: InputSpec, target: TargetSpec, compile: CompileOptions, opts: StepGraphOptions = {}): EvalGraph {
  const dtype = opts.dtype ?? 'float32';
  const g = new Graph(`${model.name}_eval`, dtype);
  const { pred, mask } = buildForward(g, model, input, opts, false);
  const yShape = target.shape.map((d) => (d === 'T' && opts.T !== undefined ? opts.T : d));
  const y = g.input('y', target.dtype === 'int64' ? 'int64' : dtype, ['B', ...yShape]);
  const lossOpts = lossOptions(compile.loss);
  const loss = g.output(computeLoss(g, lossOpts, y, pred, mask), 'loss').name; // []
  const metrics: Record<string, string> = {};
  for (const m of compile.metrics ?? []) metrics[m] = g.output(computeMetric(g, m, lossOpts, y, pred, mask), `metric.${m}`).name;
  return { graph: g, loss, metrics, encode: () => encodeModel(g) };
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

/** Rows of a dataset's first axis. */
export function numSamples(t: TensorData): number {
  return t.dims[0];
}
