// Keras compile semantics for the outputs of a model: which loss and metrics each output gets
// and the names they log under. One output logs `loss` and `<metric>`; several outputs log the
// weighted sum as `loss`, then `<output>_loss` and `<output>_<metric>` per output (tf.keras),
// where an output's name is the name of the layer that produced it.
import type { LossOptions, LossSpec } from '../../keras/compile';

export type { LossSpec };

export interface OutputHead {
  index: number;
  name: string;
  loss: LossOptions;
  weight: number;
  /** Log name of this output's own loss; undefined for a single-output model (its loss is `loss`). */
  lossLog?: string;
  /** Metric name as compiled → its log name. */
  metrics: { metric: string; log: string }[];
}

export function asLossOptions(l: LossSpec): LossOptions {
  return typeof l === 'string' ? { name: l } : l;
}

/**
 * `loss`: one spec for every output, or one per output (a dict is turned into this list by the
 * caller, in output order). `metrics`: one list for every output, or one list per output.
 */
export function outputHeads(outputNames: readonly string[], loss: LossSpec | LossSpec[], metrics: string[] | string[][] | undefined, lossWeights?: number[]): OutputHead[] {
  const n = outputNames.length;
  const losses = Array.isArray(loss) ? loss : outputNames.map(() => loss);
  if (losses.length !== n) throw new Error(`the model has ${n} output(s) (${outputNames.join(', ')}) but compile got ${losses.length} loss(es)`);
  if (lossWeights && lossWeights.length !== n) throw new Error(`the model has ${n} output(s) but loss_weights has ${lossWeights.length} entries`);
  const perOutput = metrics && metrics.length && Array.isArray(metrics[0]);
  if (perOutput && metrics.length !== n) throw new Error(`the model has ${n} output(s) but metrics has ${metrics.length} lists`);
  const metricsOf = (i: number): string[] => (perOutput ? (metrics as string[][])[i] : ((metrics ?? []) as string[]));
  const single = n === 1;
  return outputNames.map((name, index) => ({
    index,
    name,
    loss: asLossOptions(losses[index]),
    weight: lossWeights?.[index] ?? 1,
    lossLog: single ? undefined : `${name}_loss`,
    metrics: metricsOf(index).map((metric) => ({ metric, log: single ? metric : `${name}_${metric}` })),
  }));
}

/** Every quantity fit/evaluate log, in Keras order: loss, per-output losses, then metrics. */
export function headLogNames(heads: readonly OutputHead[]): string[] {
  return ['loss', ...heads.flatMap((h) => (h.lossLog ? [h.lossLog] : [])), ...heads.flatMap((h) => h.metrics.map((m) => m.log))];
}

/** Distinct output names from the producing layers' names (`dense`, `dense_1` when one layer gives two outputs). */
export function uniqueOutputNames(names: readonly string[]): string[] {
  const seen = new Map<string, number>();
  return names.map((n) => {
    const k = seen.get(n) ?? 0;
    seen.set(n, k + 1);
    return k === 0 ? n : `${n}_${k}`;
  });
}
