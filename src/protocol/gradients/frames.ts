// What one training step tells about its gradients (GradientFrame) and the connectivity series,
// as the panels, the cell outputs and the side panel read them.
import type { ModelDiagram } from './diagram';
import type { RunRecord } from '../../keras/runRecord';
import type { StatesMessage } from './states';
import type { SaliencyMessage } from './saliency';

/** One training step's diagnostics, as the engine's StepReport gives them. */
export interface GradientFrame {
  modelId: string;
  /** Training step (iteration, from 1). */
  step: number;
  epoch?: number;
  loss?: number;
  /** ‖dL/dh_t‖, batch mean, per `${layer}.${direction}` → [T], indexed by input time (also for backward chains). */
  dh: Record<string, number[]>;
  /** Optional per sample: `${layer}.${direction}` → [T][B]. */
  dhPerSample?: Record<string, number[][]>;
  /** ‖grad‖ per parameter key (`layer.kernel`). */
  gradNorm: Record<string, number>;
  /** ‖update‖ / ‖param‖ per parameter key. */
  updateRatio?: Record<string, number>;
  /** Global gradient norm before clipping. */
  globalNorm: number;
  /** Loss or gradients had an Inf/NaN in this step. */
  nonFinite: boolean;
}

/** Connectivity ‖∂y_T/∂x_t‖ over t (mean over the samples asked), at a training step. */
export interface ConnectivitySeries {
  modelId: string;
  step: number;
  /** [T] */
  values: number[];
  /** [B][T], when the kernel sends the samples. */
  perSample?: number[][];
  unit?: number;
}

/** The engine's StepReport fields a frame needs (duck-typed). */
export interface StepReportLike {
  iteration: number;
  epoch?: number;
  loss: number;
  dhMean: Record<string, number[]>;
  globalNorm: number;
  gradNorm: Record<string, number>;
  updateRatio?: Record<string, number>;
  nonFinite: boolean;
}

export function frameFromStepReport(modelId: string, r: StepReportLike, dhPerSample?: Record<string, number[][]>): GradientFrame {
  return {
    modelId, step: r.iteration, epoch: r.epoch, loss: r.loss,
    dh: r.dhMean, dhPerSample,
    gradNorm: r.gradNorm, updateRatio: r.updateRatio, globalNorm: r.globalNorm, nonFinite: r.nonFinite,
  };
}

/** Connectivity [B, T] (the trainer's tensor data, row-major) → the mean series. */
export function connectivityFromTensor(modelId: string, step: number, data: ArrayLike<number>, dims: readonly number[]): ConnectivitySeries {
  const [B, T] = dims.length === 2 ? dims : [1, dims[0]];
  const values = new Array<number>(T).fill(0);
  const perSample: number[][] = [];
  for (let b = 0; b < B; b++) {
    const row: number[] = [];
    for (let t = 0; t < T; t++) {
      const v = Number(data[b * T + t]);
      row.push(v);
      values[t] += v / B;
    }
    perSample.push(row);
  }
  return { modelId, step, values, perSample: B <= 64 ? perSample : undefined };
}

/** What the kernel sends the host on the gradient channel. */
export type TelemetryMessage =
  | { kind: 'diagram'; diagram: ModelDiagram }
  | { kind: 'gradients'; frame: GradientFrame }
  | { kind: 'connectivity'; series: ConnectivitySeries }
  | { kind: 'states'; states: StatesMessage }
  | { kind: 'saliency'; saliency: SaliencyMessage }
  /** Once per fit, when it ends: what it used (the side panel shows it). */
  | { kind: 'runRecord'; modelId: string; record: RunRecord }
  /** The provider a kernel's training runs on (a line for the side panel), when it is first known or changes. */
  | { kind: 'provider'; summary: string; fallbackReason?: string };
