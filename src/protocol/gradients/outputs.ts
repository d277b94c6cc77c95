// What the gradient channel leaves in cell outputs: a summary, not the stream. The frames
// themselves travel as telemetry messages (protocol/kernel.ts) to the host's GradientStream; a
// cell shows the model's arity when fit starts and, beside the renderer's small map of the run
// (protocol/renderer.ts), a text/plain line per recurrence with the flags, for viewers without
// the panels (Jupyter, GitHub).
import type { OutputItem } from '../kernel';
import type { ModelDiagram } from './diagram';
import { flagsOf } from './flags';
import { fmt } from './format';
import type { GradientFrame } from './frames';

/** show_graph/show_heatmap/show_states: the host runs `command` with `modelId` (see keras/panelRequests.ts). */
export const PANEL_REQUEST_MIME = 'application/vnd.unroll.panel-request+json';

export interface PanelRequest {
  command: 'unroll.showUnrolledGraph' | 'unroll.showGradientHeatmap' | 'unroll.showStateInspector' | 'unroll.showLockstepComparison' | 'unroll.showSaliency';
  /** A model id, or for the Lockstep Comparison a comparison id (protocol/compareView.ts). */
  modelId: string;
}

/** The line a fit prints when it starts: the model's arity and where its panels are. */
export function diagramText(diagram: ModelDiagram): string {
  const arity = diagram.blocks.map(b => b.arity).join(' → ');
  return `${diagram.name}: ${arity}. Unroll: Show Unrolled Graph draws it; Unroll: Show Gradient Heatmap shows its gradients while it trains.`;
}

/** The text/plain summary of the latest frame: global norm, first and last step norms per recurrence, flags. */
export function gradientFrameText(f: GradientFrame): string {
  const epoch = f.epoch === undefined ? '' : ` (epoch ${f.epoch + 1})`;
  const lines = [`gradients at step ${f.step}${epoch}: global norm ${fmt(f.globalNorm)}${f.nonFinite ? ', NaN/Inf!' : ''}`];
  for (const [key, dh] of Object.entries(f.dh)) {
    lines.push(`  ${key}: ‖dL/dh_t‖ t=1 ${fmt(dh[0])} … t=${dh.length} ${fmt(dh[dh.length - 1])}`);
  }
  for (const flag of flagsOf(f)) lines.push(`  ${flag.message}`);
  return lines.join('\n');
}

/** The panels that a cell asked to open (show_graph/show_heatmap), in order. */
export function panelRequests(items: readonly OutputItem[]): PanelRequest[] {
  return items.filter(item => item.mime === PANEL_REQUEST_MIME).map(item => JSON.parse(item.data) as PanelRequest);
}
