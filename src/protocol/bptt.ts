// The BPTT step-through (issue 15, item 5): ∂L/∂W of one recurrent layer's weight for one
// example as the sum over time steps t of the terms that flow through step t's use of W. What
// the training thread answers, what the kernel's show_bptt sends the host in a cell output, and
// the messages between the host and the BPTT Step-Through panel.
import type { Direction } from './gradients/diagram';
import { decodeJson } from './gradients/codec';
import { isPanelExportMessage, type PanelExportMessage } from './panelExport';

/** One weight's terms, summarised: per-step norms and shares, the running sum, the total. */
export interface BpttWeightSeries {
  weight: 'kernel' | 'recurrent_kernel' | 'bias';
  /** The weight's shape, e.g. [H, G·H]. */
  shape: number[];
  /** ‖term_t‖_F, t = 0..T−1 by input time. */
  norms: number[];
  /** ‖term_t‖ / Σ_s ‖term_s‖ (sums to 1). */
  shares: number[];
  /** ⟨term_t, ∂L/∂W⟩ / ‖∂L/∂W‖² (signed; sums to 1). */
  projections: number[];
  /** The sum BPTT has accumulated when it reaches t: ‖Σ_{s ≥ t} term_s‖, or ‖Σ_{s ≤ t} term_s‖ for a layer that reads backwards. */
  partialNorms: number[];
  /** ‖∂L/∂W‖_F. */
  fullNorm: number;
}

/** The training thread's answer to a `bptt` request (one example). */
export interface BpttResult {
  loss: number;
  series: BpttWeightSeries[];
}

/** What the panel draws: one layer, one example, every weight (one selected). */
export interface BpttView {
  modelId: string;
  model: string;
  layer: string;
  /** SimpleRNN, LSTM or GRU (a Bidirectional's wrapped kind). */
  kind: string;
  /** A Bidirectional's direction shown. */
  direction?: Direction;
  /** The layer reads the sequence backwards (go_backwards, a Bidirectional's backward copy): BPTT starts at input step 1. */
  backwards?: boolean;
  /** Labels of the time axis (ids or step numbers), T of them. */
  tokens: string[];
  loss: number;
  /** The weight shown first. */
  weight: BpttWeightSeries['weight'];
  series: BpttWeightSeries[];
}

/** show_bptt: the host opens the BPTT Step-Through panel on this view (notebook/kernels.ts). */
export const BPTT_VIEW_MIME = 'application/vnd.unroll.bptt+json';

export const BPTT_VIEW_TYPE = 'unroll.bpttStepThrough';

export type HostToBptt =
  | { type: 'view'; view: BpttView }
  | { type: 'clear'; reason: string }
  | { type: 'exported'; path: string | null };

export type BpttToHost =
  | { type: 'ready' }
  | PanelExportMessage
  /** The cursor moved: the graph panel highlights the path of term t (null: no highlight). */
  | { type: 'cursor'; highlight: GraphBpttHighlight }
  | { type: 'openGraph'; modelId: string };

/** Kept by the webview (setState) and given back to the serializer after a reload. */
export interface BpttViewState {
  view?: BpttView;
  weight?: BpttWeightSeries['weight'];
  cursor?: number;
}

/** Host → graph panel: highlight the backward path of term t of `layer`'s `weight` (t = null clears it). */
export interface GraphBpttHighlight {
  type: 'bpttHighlight';
  modelId: string;
  layer: string;
  /** Which chain of the layer (a Bidirectional has two); forward when absent. */
  direction?: Direction;
  weight: BpttWeightSeries['weight'];
  t: number | null;
  T: number;
}

/** Checks a graph highlight message (guards.ts's isHostToGraph reads it). */
export function isBpttHighlight(m: Record<string, unknown>): m is Record<string, unknown> & GraphBpttHighlight {
  return m.type === 'bpttHighlight' && typeof m.modelId === 'string' && typeof m.layer === 'string' && WEIGHTS.includes(m.weight as string)
    && (m.t === null || (Number.isInteger(m.t) && (m.t as number) >= 0)) && Number.isInteger(m.T)
    && (m.direction === undefined || m.direction === 'forward' || m.direction === 'backward');
}

const WEIGHTS = ['kernel', 'recurrent_kernel', 'bias'];
const isNumber = (v: unknown): v is number => typeof v === 'number';
const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Checks a message from the panel (a browser page: anything may arrive). */
export function isBpttToHost(m: unknown): m is BpttToHost {
  if (!isRecord(m)) return false;
  switch (m.type) {
    case 'ready': return true;
    case 'export': return isPanelExportMessage(m);
    case 'openGraph': return typeof m.modelId === 'string';
    case 'cursor': return isRecord(m.highlight) && isBpttHighlight(m.highlight);
    default: return false;
  }
}

/** Checks a message from the host (after the gradient codec). */
export function isHostToBptt(m: unknown): m is HostToBptt {
  if (!isRecord(m)) return false;
  return (m.type === 'view' && isBpttView(m.view)) || (m.type === 'clear' && typeof m.reason === 'string')
    || (m.type === 'exported' && (m.path === null || typeof m.path === 'string'));
}

/** Checks a view read back from a cell output or a restored panel. */
export function isBpttView(v: unknown): v is BpttView {
  if (!isRecord(v) || typeof v.modelId !== 'string' || typeof v.layer !== 'string' || typeof v.kind !== 'string' || typeof v.model !== 'string') return false;
  if (!Array.isArray(v.tokens) || !v.tokens.every(t => typeof t === 'string') || !Array.isArray(v.series) || !WEIGHTS.includes(v.weight as string)) return false;
  const T = v.tokens.length;
  return v.series.every(s => isRecord(s) && WEIGHTS.includes(s.weight as string) && isNumber(s.fullNorm)
    && (['norms', 'shares', 'projections', 'partialNorms'] as const).every(k => Array.isArray(s[k]) && (s[k] as unknown[]).length === T && (s[k] as unknown[]).every(isNumber)));
}

/** The views a cell's output asks the panel to show (show_bptt), malformed ones dropped. */
export function bpttViews(items: readonly { mime: string; data: string }[]): BpttView[] {
  return items.filter(item => item.mime === BPTT_VIEW_MIME).flatMap(item => {
    try {
      const view = decodeJson<unknown>(item.data);
      return isBpttView(view) ? [view] : [];
    } catch {
      return [];
    }
  });
}
