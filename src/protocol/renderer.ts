// The rich cell outputs the notebook renderer (webview/renderer) draws: one mime type and one
// JSON shape each. The kernel builds them, the renderer reads them; both import this module so
// the two sides cannot drift. Every output that carries one of these also carries text/plain,
// so a notebook opened where the renderer is absent (Jupyter, GitHub) still reads well.
import { decodeJson, encodeJson } from './gradients/codec';

export const SUMMARY_MIME = 'application/vnd.unroll.summary+json';
export const TRAINING_MIME = 'application/vnd.unroll.training+json';
export const GRADIENT_MAP_MIME = 'application/vnd.unroll.gradient-map+json';
export const TEXT_MIME = 'application/vnd.unroll.text+json';
export const MELODY_MIME = 'application/vnd.unroll.melody+json';

export const RENDERER_MIMES = [SUMMARY_MIME, TRAINING_MIME, GRADIENT_MAP_MIME, TEXT_MIME, MELODY_MIME] as const;
export type RendererMime = typeof RENDERER_MIMES[number];

/** model.summary(): the rows of Keras's table and the parameter totals. */
export interface SummaryData {
  title: string;
  rows: { layer: string; type: string; outputShape: string; /** null: not built yet. */ params: number | null }[];
  totalParams: number;
  trainableParams: number;
  nonTrainableParams: number;
}

type TrainingStatus = 'running' | 'done' | 'stopped' | 'interrupted';

/** fit(): the whole run so far, replaced in place while it trains. */
export interface TrainingData {
  /** Names this fit run (per cell run); the renderer's Stop message carries it. */
  run: string;
  model: string;
  epochs: number;
  batchesPerEpoch: number;
  /** 0-based epoch and batch of the latest step. */
  epoch: number;
  batch: number;
  /** Names of the step series, in the order of each step's values: 'loss' first, then the metrics. */
  names: string[];
  /** Throttled steps: x = epochs done (fractional), values = running epoch means as Keras shows them. */
  steps: { x: number; values: number[] }[];
  /** One entry per finished epoch: loss, metrics and their val_ versions. */
  epochLogs: { epoch: number; logs: Record<string, number> }[];
  stepsPerSec: number;
  etaSec: number;
  status: TrainingStatus;
  /** Why it stopped early: the callback's name. */
  stoppedBy?: string;
}

/** ‖dL/dh_t‖ over training, thinned to a fixed number of columns: a small time step × training step map. */
export interface GradientMapData {
  modelId: string;
  /** Training step of each column. */
  steps: number[];
  /** Per recurrence (`layer.direction`): columns[c][t] = batch-mean ‖dL/dh_t‖ at steps[c]. */
  series: { key: string; columns: number[][] }[];
}

/** model.generate(..., vocab=...): the seed the user gave and what the model wrote after it. */
export interface GeneratedTextData {
  seed: string;
  generated: string;
  temperature: number;
}

export interface MelodyNote {
  /** MIDI pitch (60 = C4). */
  midi: number;
  /** Start and length in beats (quarter notes). */
  start: number;
  beats: number;
  /** True for the notes the user started from. */
  seed?: boolean;
}

export interface MelodyData {
  notes: MelodyNote[];
  /** Beats per minute. */
  tempo: number;
  temperature?: number;
}

/** A renderer output item: JSON of one of the shapes above under its mime. */
export interface RichItem {
  mime: string;
  data: string;
}

export function richItem(mime: RendererMime, data: SummaryData | TrainingData | GradientMapData | GeneratedTextData | MelodyData): RichItem {
  // JSON has no NaN/Infinity: a diverged loss or an exploded norm travels through the gradient codec.
  return { mime, data: encodeJson(data) };
}

/** The fit run a display announces, if it carries the training mime: its id and whether it is still running. */
export function fitRunOf(items: readonly { mime: string; data: string }[]): { run: string; running: boolean } | undefined {
  const item = items.find(i => i.mime === TRAINING_MIME);
  if (!item) return undefined;
  let data: Partial<Pick<TrainingData, 'run' | 'status'>> | null;
  try {
    data = decodeJson<Partial<Pick<TrainingData, 'run' | 'status'>> | null>(item.data);
  } catch {
    return undefined; // not a training display after all
  }
  return typeof data?.run === 'string' ? { run: data.run, running: data.status === 'running' } : undefined;
}

// ---------------------------------------------------------------- renderer ↔ host messages
// Messages between the notebook renderer (webview/renderer, inside the notebook's output webview)
// and the extension host, over vscode.notebooks.createRendererMessaging(RENDERER_ID). Pure
// types and a guard: the renderer bundle imports this too, so nothing here may import vscode.

export const RENDERER_ID = 'unroll.renderer';

export type RendererToHost =
  /** The Stop button of a live training chart: interrupt the notebook's kernel (stops fit between batches). */
  | { type: 'stop'; run: string }
  /** A click on the small gradient map: open the Gradient Heatmap panel on that model. */
  | { type: 'openHeatmap'; modelId: string };

/** Messages come from a webview: check the shape before acting on one. */
export function isRendererToHost(m: unknown): m is RendererToHost {
  if (typeof m !== 'object' || m === null) return false;
  const r = m as Record<string, unknown>;
  if (r.type === 'stop') return typeof r.run === 'string';
  if (r.type === 'openHeatmap') return typeof r.modelId === 'string';
  return false;
}
