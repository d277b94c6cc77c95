// The Unrolled Graph editor panel (host side): one panel, showing the model named (or the
// latest), fed by the GradientStream; comes back after a window reload (serializer).
import * as vscode from 'vscode';
import type { GradientStream } from '../../protocol/gradients';
import { graphOnUpdate, graphOnModel } from '../../protocol/gradients/panelFeeds';
import type { StreamBatch } from '../../protocol/gradients';
import { ModelPanel, PanelSlot } from './modelPanel';
import { GRAPH_VIEW_TYPE, GraphState, GraphToHost, HostToGraph } from '../../protocol/webview';

const KIND = {
  command: 'unroll.showUnrolledGraph',
  viewType: GRAPH_VIEW_TYPE,
  title: 'Unrolled Graph',
  bundle: 'graph',
  restoredModelId: (state: GraphState | undefined) => state?.diagram?.modelId,
};

export class GraphPanel extends ModelPanel<HostToGraph, GraphToHost> {
  private static readonly slot = new PanelSlot<GraphPanel, GraphState>(KIND, (panel, extensionUri, stream, modelId) => new GraphPanel(panel, extensionUri, stream, modelId));

  /** The command `unroll.showUnrolledGraph` (arg: a model id, or anything else for the latest model) and the serializer. */
  static register(extensionUri: vscode.Uri, stream: GradientStream): vscode.Disposable {
    return GraphPanel.slot.register(extensionUri, stream);
  }

  static show(extensionUri: vscode.Uri, stream: GradientStream, modelId?: string): GraphPanel {
    return GraphPanel.slot.show(extensionUri, stream, modelId);
  }

  private constructor(panel: vscode.WebviewPanel, extensionUri: vscode.Uri, stream: GradientStream, modelId: string | undefined) {
    super(panel, extensionUri, stream, modelId, KIND, 'No model yet. Run a cell that builds a model (model = Sequential(...)); its graph appears here.');
  }

  // only the latest frame matters to the graph
  protected onUpdate(batch: StreamBatch) {
    for (const m of graphOnUpdate(batch, this.modelId)) this.post(m);
  }

  protected showModel(id: string) {
    const d = this.stream.diagrams.get(id);
    if (!d) return;
    this.modelId = id;
    this.panel.title = `Unrolled · ${d.name}`;
    for (const m of graphOnModel(this.stream, d)) this.post(m);
  }

  protected async onPanelMessage(m: GraphToHost) {
    if (m.type === 'exportSvg') {
      await this.saveExport(m.suggestedName, { SVG: ['svg'] }, () => new TextEncoder().encode(m.svg));
    } else if (m.type === 'openHeatmap') {
      void vscode.commands.executeCommand('unroll.showGradientHeatmap', m.modelId);
    }
  }

  override dispose(): void {
    GraphPanel.slot.release(this);
    super.dispose();
  }
}
