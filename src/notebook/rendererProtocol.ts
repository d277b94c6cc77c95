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
