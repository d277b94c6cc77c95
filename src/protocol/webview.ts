// Messages between the extension host and the two editor panels (unrolled graph, gradient
// heatmap). Data types live in modelView.ts; both sides import these unions.
import type { AttentionSnapshot, ChainMessage, ConnectivitySeries, GradientFrame, ModelDiagram, SaliencySnapshot, SpectrumMessage, StateSnapshot, Thresholds } from './gradients';
import type { KernelState } from './kernel';
import type { GraphBpttHighlight } from './bptt';
import type { PanelExportMessage } from './panelExport';
import type { RunRecordSummary } from './runRecord';

// ---------------------------------------------------------------- unrolled graph

export type HostToGraph =
  /** The model to draw (replaces the current one; frames for other models are ignored). */
  | { type: 'model'; diagram: ModelDiagram }
  /** The latest training step's diagnostics (the host sends at most ~8 a second). */
  | { type: 'gradients'; frame: GradientFrame }
  /** No model in the kernel (after a restart): show the empty state. */
  | { type: 'clear'; reason: string }
  /** Reply to an export request. */
  | { type: 'exported'; path: string | null }
  /** The BPTT Step-Through's cursor: highlight the backward path of term t (bptt.ts). */
  | GraphBpttHighlight;

/**
 * Every panel saves its pictures and data with one message, PanelExportMessage (panelExport.ts),
 * which the host's model panel handles for every kind; the host's `exportAs` request for the
 * Export Panel command is answered by webview/shared/export.ts.
 */
export type GraphToHost =
  | { type: 'ready' }
  | PanelExportMessage
  | { type: 'openHeatmap'; modelId: string }
  | { type: 'openStates'; modelId: string }
  | { type: 'openChain'; modelId: string };

/** Kept by the webview (setState) and given back to the serializer after a reload. */
export interface GraphState {
  diagram?: ModelDiagram;
  frame?: GradientFrame;
  view: 'folded' | 'unrolled';
  /** Steps drawn for a block with unknown T. */
  defaultT: number;
}

// ---------------------------------------------------------------- gradient heatmap

export type HostToHeatmap =
  | { type: 'model'; diagram: ModelDiagram }
  /** Frames since the last message, oldest first (a batch per flush; the first after `model` may hold the whole history). */
  | { type: 'frames'; frames: GradientFrame[] }
  | { type: 'connectivity'; series: ConnectivitySeries }
  | { type: 'clear'; reason: string }
  | { type: 'exported'; path: string | null };

export type HeatmapToHost =
  | { type: 'ready' }
  | PanelExportMessage
  | { type: 'openGraph'; modelId: string };

export interface HeatmapState {
  modelId?: string;
  /** Selected `${layer}.${direction}`. */
  key?: string;
  thresholds: Thresholds;
}

export const GRAPH_VIEW_TYPE = 'unroll.unrolledGraph';
export const HEATMAP_VIEW_TYPE = 'unroll.gradientHeatmap';
export const STATES_VIEW_TYPE = 'unroll.stateInspector';
export const ATTENTION_VIEW_TYPE = 'unroll.attentionAlignment';

// ---------------------------------------------------------------- state inspector

export type HostToStates =
  /** The model (a stand-in with its name only when show_states ran before any fit). */
  | { type: 'model'; diagram: ModelDiagram }
  /** Every snapshot kept of the inspected example, oldest first (replaces what the page has). */
  | { type: 'states'; tokens: string[]; snapshots: StateSnapshot[] }
  /** One more snapshot; `reset`: a new example, drop the others. The page keeps them by the budget's rule. */
  | { type: 'snapshot'; tokens: string[]; snapshot: StateSnapshot; reset: boolean }
  | { type: 'clear'; reason: string }
  | { type: 'exported'; path: string | null };

export type StatesToHost =
  | { type: 'ready' }
  | PanelExportMessage
  | { type: 'openGraph'; modelId: string };

export interface StatesViewState {
  modelId?: string;
  /** Selected chain key (`layer.direction`) and unit. */
  chain?: string;
  unit?: number;
}

// ---------------------------------------------------------------- saliency

export const SALIENCY_VIEW_TYPE = 'unroll.saliency';

export type HostToSaliency =
  /** The model (a stand-in with its name only when show_saliency ran before any fit). */
  | { type: 'model'; diagram: ModelDiagram }
  /** Every snapshot kept of the saliency example, oldest first (replaces what the page has). */
  | { type: 'saliency'; tokens: string[]; snapshots: SaliencySnapshot[]; output?: number }
  /** One more snapshot; `reset`: a new example, drop the others (`output`: the position show_saliency chose). */
  | { type: 'snapshot'; tokens: string[]; snapshot: SaliencySnapshot; reset: boolean; output?: number }
  /** The fit's connectivity (‖∂y_T/∂x_t‖ on its first ≤ 8 training samples, after each epoch): the connectivity mode. */
  | { type: 'connectivity'; series: ConnectivitySeries }
  | { type: 'clear'; reason: string }
  | { type: 'exported'; path: string | null };

export type SaliencyToHost =
  | { type: 'ready' }
  | PanelExportMessage
  | { type: 'openGraph'; modelId: string };

/** norm: ‖∂y_o/∂v_t‖; gradInput: gradient × input (signed); connectivity: the fit's ‖∂y_T/∂x_t‖ mean curve. */
export type SaliencyMode = 'norm' | 'gradInput' | 'connectivity';

export interface SaliencyViewState {
  modelId?: string;
  mode?: SaliencyMode;
  /** The output position shown (sequence outputs). */
  output?: number;
}

// ---------------------------------------------------------------- attention alignment

/** The labels of an aligned example: inputTokens along the columns (encoder), outputTokens along the rows (decoder). */
interface AlignmentLabels {
  inputTokens: string[];
  outputTokens: string[];
}

export type HostToAttention =
  /** The model (a stand-in with its name only when show_attention ran before any fit). */
  | { type: 'model'; diagram: ModelDiagram }
  /** Every snapshot kept of the aligned example, oldest first (replaces what the page has). */
  | ({ type: 'alignments'; snapshots: AttentionSnapshot[] } & AlignmentLabels)
  /** One more snapshot; `reset`: a new example, drop the others. The page keeps them by the budget's rule. */
  | ({ type: 'alignment'; snapshot: AttentionSnapshot; reset: boolean } & AlignmentLabels)
  | { type: 'clear'; reason: string }
  | { type: 'exported'; path: string | null };

export type AttentionToHost =
  | { type: 'ready' }
  | PanelExportMessage
  | { type: 'openGraph'; modelId: string };

export interface AttentionViewState {
  modelId?: string;
  /** The attention layer shown (by name). */
  layer?: string;
}

// ---------------------------------------------------------------- chain of partials

export const CHAIN_VIEW_TYPE = 'unroll.chainOfPartials';

export type HostToChain =
  /** The model (a stand-in with its name only when show_chain ran before any fit). */
  | { type: 'model'; diagram: ModelDiagram }
  /** The chain of partials of the shown sequence (replaces the one the page has). */
  | { type: 'chain'; chain: ChainMessage }
  /** ρ and σ_max of W_hh per epoch over every fit so far (the whole series; sent after each epoch). */
  | { type: 'spectrum'; spectrum: SpectrumMessage }
  | { type: 'clear'; reason: string }
  | { type: 'exported'; path: string | null };

export type ChainToHost =
  | { type: 'ready' }
  | PanelExportMessage
  | { type: 'openGraph'; modelId: string };

export interface ChainViewState {
  modelId?: string;
  /** The picked layer. */
  layer?: string;
}

// ---------------------------------------------------------------- side panel

export type SidePanelCommand =
  | 'unroll.newNotebook' | 'unroll.openSample' | 'unroll.selectExecutionProvider' | 'unroll.interrupt'
  | 'unroll.showUnrolledGraph' | 'unroll.showGradientHeatmap';

/** A model the kernel has trained, with its training so far (from the gradient frames). */
export interface ModelSummary {
  modelId: string;
  name: string;
  arity: string;
  steps: number;
  /** Loss per training step, thinned to at most ~200 points for the sparkline. */
  losses: number[];
  lastLoss?: number;
  globalNorm?: number;
  nonFinite: boolean;
  /** The run record of its last finished fit. */
  run?: RunRecordSummary;
}

export type SidePanelToHost =
  | { type: 'ready' }
  | { type: 'command'; command: SidePanelCommand; modelId?: string };

export type HostToSidePanel =
  | { type: 'state'; kernels: KernelSummary[]; executionProvider: string; models: ModelSummary[] };

/** One notebook's kernel as the side panel lists it. */
export interface KernelSummary {
  notebookUri: string;
  notebookName: string;
  state: KernelState;
  executionCount: number;
  /** The provider its training ran on, once it trained (e.g. "WebGPU (unrolled graph); 12 of 264 nodes (4.5%) ran on the CPU"). */
  provider?: string;
}
