// Messages between the side panel webview and the extension host.
import type { KernelSummary } from '../notebook/kernels';

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
}

export type SidePanelToHost =
  | { type: 'ready' }
  | { type: 'command'; command: SidePanelCommand; modelId?: string };

export type HostToSidePanel =
  | { type: 'state'; kernels: KernelSummary[]; executionProvider: string; models: ModelSummary[] };
