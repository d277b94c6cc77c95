// Messages between the side panel webview and the extension host.
import type { KernelSummary } from '../notebook/kernels';

export type SidePanelToHost =
  | { type: 'ready' }
  | { type: 'command'; command: 'unroll.newNotebook' | 'unroll.openSample' | 'unroll.selectExecutionProvider' };

export type HostToSidePanel =
  | { type: 'kernels'; kernels: KernelSummary[]; executionProvider: string; engineReady: boolean };
