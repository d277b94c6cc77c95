// The Lockstep Comparison panel's messages and feeds (compare() in the kernel, comparePanel.ts in
// the host, webview/compare in the page). A comparison has no data of its own: its models' fits
// send their diagrams and gradient frames on the one gradient channel, tagged by model id as
// every fit's are, and the panel shows the models a comparison id names. The id is what the
// model panel machinery (host/panels/modelPanel.ts) follows in place of one model's id.
import type { GradientFrame, GradientStream, ModelDiagram, StreamBatch } from './gradients';
import { reversedKeysOf } from './gradients/flags';
import type { PanelExportMessage } from './panelExport';

export const COMPARE_VIEW_TYPE = 'unroll.lockstepComparison';

const COMPARISON_ID = /^compare-(\d+):(\d+(?:,\d+){1,3})$/;

/** `compare-<run>:<model ids>`: the run keeps two compare calls on the same models apart. */
export function comparisonId(run: number, modelIds: readonly (string | number)[]): string {
  return `compare-${run}:${modelIds.join(',')}`;
}

/** The model ids a comparison id names, in row order; undefined for anything else (a model id). */
export function comparisonMembers(id: string): string[] | undefined {
  const m = COMPARISON_ID.exec(id);
  return m ? m[2].split(',') : undefined;
}

/** One row of the panel: a model, the chain its heatmap and ratio follow, and which chains run backwards. */
export interface CompareRow {
  modelId: string;
  name: string;
  /** Every `${layer}.${direction}` the model's frames carry; the first is shown. */
  dhKeys: string[];
  /** The dh keys whose chain runs from t = T down to t = 1 (their near end is t = 1). */
  reversedKeys: string[];
}

export type HostToCompare =
  /** The models compared (replaces what the page shows); frames for others are ignored. */
  | { type: 'models'; comparisonId: string; title: string; rows: CompareRow[] }
  /** Frames of the compared models since the last message, oldest first per model. */
  | { type: 'frames'; frames: GradientFrame[] }
  | { type: 'clear'; reason: string }
  | { type: 'exported'; path: string | null };

export type CompareToHost =
  | { type: 'ready' }
  | PanelExportMessage
  | { type: 'openHeatmap'; modelId: string };

/** Kept by the webview and given back to the serializer after a reload. */
export interface CompareViewState {
  comparisonId?: string;
  /** Per model id, the recurrence (dh key) its row draws, as picked. */
  keys?: Record<string, string>;
}

function rowOf(diagram: ModelDiagram): CompareRow {
  return { modelId: diagram.modelId, name: diagram.name, dhKeys: diagram.dhKeys, reversedKeys: [...reversedKeysOf(diagram)] };
}

/**
 * The diagram the panel follows for a comparison id: a stand-in named after its models, once the
 * stream has every one of their diagrams (their fits have started).
 */
export function comparisonStandIn(stream: GradientStream, id: string): ModelDiagram | undefined {
  const members = comparisonMembers(id);
  const diagrams = members?.map(m => stream.diagrams.get(m));
  if (!diagrams || diagrams.some(d => !d)) return undefined;
  const name = diagrams.map(d => d!.name).join(' · ');
  return { modelId: id, name, blocks: [], joins: [], weights: {}, dhKeys: [], notes: [] };
}

/** The panel's models and every frame the stream holds of them; a plain model (no comparison) is one row. */
export function compareOnModel(stream: GradientStream, diagram: ModelDiagram): HostToCompare[] {
  const members = comparisonMembers(diagram.modelId) ?? [diagram.modelId];
  const diagrams = members.map(m => stream.diagrams.get(m)).filter((d): d is ModelDiagram => !!d);
  const frames = diagrams.flatMap(d => stream.frames.get(d.modelId) ?? []);
  return [
    { type: 'models', comparisonId: diagram.modelId, title: diagram.name, rows: diagrams.map(rowOf) },
    ...(frames.length ? [{ type: 'frames' as const, frames }] : []),
  ];
}

/** The new frames of the compared models. */
export function compareOnUpdate(batch: StreamBatch, id: string | undefined): HostToCompare[] {
  if (id === undefined) return [];
  const members = new Set(comparisonMembers(id) ?? [id]);
  const mine = batch.frames.filter(f => members.has(f.modelId));
  return mine.length ? [{ type: 'frames', frames: mine }] : [];
}
