// What the kernel tells the panels about a model and its training, as display outputs: the
// model's diagram when fit starts, and the latest gradient frame (at most ~8 a second). The
// formats are the panels' own (engine/diagram/modelView), so there is one definition of each;
// each output also carries text/plain for viewers without the panels.
import type { DiagnosticsStream, GradientFrame, ModelDiagram } from '../engine/diagram/modelView';
import type { OutputItem } from './protocol';

export type { GradientFrame, ModelDiagram } from '../engine/diagram/modelView';
export { diagramFromSequential, frameFromStepReport } from '../engine/diagram/modelView';

export const GRADIENTS_MIME = 'application/vnd.unroll.gradients+json';
export const DIAGRAM_MIME = 'application/vnd.unroll.diagram+json';
/** show_graph/show_heatmap: the host runs `command` with `modelId` (see keras/panelRequests.ts). */
export const PANEL_REQUEST_MIME = 'application/vnd.unroll.panel-request+json';

export interface PanelRequest {
  command: 'unroll.showUnrolledGraph' | 'unroll.showGradientHeatmap';
  modelId: string;
}

export function gradientItems(frame: GradientFrame): OutputItem[] {
  return [{ mime: GRADIENTS_MIME, data: JSON.stringify(frame) }, { mime: 'text/plain', data: gradientFrameText(frame) }];
}

export function diagramItems(diagram: ModelDiagram): OutputItem[] {
  const arity = diagram.blocks.map(b => b.arity).join(' → ');
  const text = `${diagram.name}: ${arity}. Unroll: Show Unrolled Graph draws it; Unroll: Show Gradient Heatmap shows its gradients while it trains.`;
  return [{ mime: DIAGRAM_MIME, data: JSON.stringify(diagram) }, { mime: 'text/plain', data: text }];
}

/** The text/plain fallback: one line per recurrence, first and last step norms. */
export function gradientFrameText(f: GradientFrame): string {
  const epoch = f.epoch === undefined ? '' : ` (epoch ${f.epoch + 1})`;
  const lines = [`gradients at step ${f.step}${epoch}: global norm ${fmt(f.globalNorm)}${f.nonFinite ? ', NaN/Inf!' : ''}`];
  for (const [key, dh] of Object.entries(f.dh)) {
    lines.push(`  ${key}: ‖dL/dh_t‖ t=1 ${fmt(dh[0])} … t=${dh.length} ${fmt(dh[dh.length - 1])}`);
  }
  return lines.join('\n');
}

function fmt(x: number | undefined): string {
  return x === undefined ? '-' : Number.isFinite(x) ? x.toExponential(2) : String(x);
}

/** Diagrams and gradient frames in a kernel's outputs also go to the panels' stream. */
export function forwardToPanels(items: readonly OutputItem[], panels: DiagnosticsStream): void {
  for (const item of items) {
    if (item.mime === DIAGRAM_MIME) panels.setModel(JSON.parse(item.data) as ModelDiagram);
    else if (item.mime === GRADIENTS_MIME) panels.push(JSON.parse(item.data) as GradientFrame);
  }
}

/** The panels that a cell asked to open (show_graph/show_heatmap), in order. */
export function panelRequests(items: readonly OutputItem[]): PanelRequest[] {
  return items.filter(item => item.mime === PANEL_REQUEST_MIME).map(item => JSON.parse(item.data) as PanelRequest);
}
