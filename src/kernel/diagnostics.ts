// The gradient-diagnostics frame the kernel emits after training steps (at most ~8 a second,
// the latest step wins): the one format the heatmap and graph panels read. It travels as a
// display output with mime GRADIENTS_MIME, plus a text/plain fallback for other viewers.
import type { StepReport } from '../engine/train/trainer';

export const GRADIENTS_MIME = 'application/vnd.unroll.gradients+json';
export const GRADIENTS_FORMAT_VERSION = 1;

/** ‖dL/dh_t‖ (batch mean) of one recurrence: one value per time step t = 0..T−1. */
export interface RecurrenceGradients {
  /** Layer name as in the model ('lstm', 'bidirectional', 'lstm_call1' for a second call). */
  layer: string;
  direction: 'forward' | 'backward';
  dhNorm: number[];
}

export interface GradientFrame {
  version: typeof GRADIENTS_FORMAT_VERSION;
  /** The model's name (Keras `model.name`) and the kernel's id for it. */
  model: string;
  modelId: number;
  /** Optimizer step count (Keras iterations) after this step; epoch and batch are 0-based. */
  iteration: number;
  epoch: number;
  batch: number;
  loss: number;
  recurrences: RecurrenceGradients[];
  /** Per parameter tensor (`layer.param`): ‖grad‖ and ‖update‖/‖param‖. */
  gradNorm: Record<string, number>;
  updateRatio: Record<string, number>;
  /** ‖grad‖ over all parameters, before clipping. */
  globalNorm: number;
  /** True when the loss or any gradient was NaN/Inf in this step. */
  nonFinite: boolean;
}

export function gradientFrame(model: { name: string; id: number }, r: StepReport): GradientFrame {
  return {
    version: GRADIENTS_FORMAT_VERSION,
    model: model.name,
    modelId: model.id,
    iteration: r.iteration,
    epoch: r.epoch,
    batch: r.batch,
    loss: r.loss,
    recurrences: Object.entries(r.dhMean).map(([key, dhNorm]) => {
      const dot = key.lastIndexOf('.');
      return { layer: key.slice(0, dot), direction: key.slice(dot + 1) === 'backward' ? 'backward' : 'forward', dhNorm };
    }),
    gradNorm: r.gradNorm,
    updateRatio: r.updateRatio,
    globalNorm: r.globalNorm,
    nonFinite: r.nonFinite,
  };
}

/** The text/plain fallback: one line per recurrence, first and last step norms. */
export function gradientFrameText(f: GradientFrame): string {
  const lines = [`gradients of ${f.model} at step ${f.iteration} (epoch ${f.epoch + 1}, batch ${f.batch + 1}): global norm ${fmt(f.globalNorm)}${f.nonFinite ? ', NaN/Inf!' : ''}`];
  for (const r of f.recurrences) {
    const first = r.dhNorm[0];
    const last = r.dhNorm[r.dhNorm.length - 1];
    lines.push(`  ${r.layer} ${r.direction}: ‖dL/dh_t‖ t=1 ${fmt(first)} … t=${r.dhNorm.length} ${fmt(last)}`);
  }
  return lines.join('\n');
}

function fmt(x: number | undefined): string {
  return x === undefined ? '-' : Number.isFinite(x) ? x.toExponential(2) : String(x);
}
