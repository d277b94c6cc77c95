// The Gradient Heatmap editor panel (host side): one panel, showing the model named (or the
// latest), fed by the GradientStream; comes back after a window reload (serializer).
import * as vscode from 'vscode';
import type { GradientStream } from '../../protocol/gradients';
import { heatmapOnUpdate, heatmapOnModel } from '../../protocol/gradients/panelFeeds';
import type { StreamBatch } from '../../protocol/gradients';
import { ModelPanel, PanelSlot } from './modelPanel';
import { HEATMAP_VIEW_TYPE, HeatmapState, HeatmapToHost, HostToHeatmap } from '../../protocol/webview';

const KIND = {
  command: 'unroll.showGradientHeatmap',
  viewType: HEATMAP_VIEW_TYPE,
  title: 'Gradient Heatmap',
  bundle: 'heatmap',
  restoredModelId: (state: HeatmapState | undefined) => state?.modelId,
};

export class HeatmapPanel extends ModelPanel<HostToHeatmap, HeatmapToHost> {
  private static readonly slot = new PanelSlot<HeatmapPanel, HeatmapState>(KIND, (panel, extensionUri, stream, modelId) => new HeatmapPanel(panel, extensionUri, stream, modelId));

  /** The command `unroll.showGradientHeatmap` (arg: a model id, or anything else for the latest model) and the serializer. */
  static register(extensionUri: vscode.Uri, stream: GradientStream): vscode.Disposable {
    return HeatmapPanel.slot.register(extensionUri, stream);
  }

  static show(extensionUri: vscode.Uri, stream: GradientStream, modelId?: string): HeatmapPanel {
    return HeatmapPanel.slot.show(extensionUri, stream, modelId);
  }

  private constructor(panel: vscode.WebviewPanel, extensionUri: vscode.Uri, stream: GradientStream, modelId: string | undefined) {
    super(panel, extensionUri, stream, modelId, KIND, 'No model yet. Build and train a model in an RNN notebook; its gradients appear here, live.');
  }

  // every frame: the heatmap draws the history
  protected onUpdate(batch: StreamBatch) {
    for (const m of heatmapOnUpdate(batch, this.modelId)) this.post(m);
  }

  protected showModel(id: string) {
    const d = this.stream.diagrams.get(id);
    if (!d) return;
    this.modelId = id;
    this.panel.title = `Gradients · ${d.name}`;
    for (const m of heatmapOnModel(this.stream, d)) this.post(m);
  }

  protected async onPanelMessage(m: HeatmapToHost) {
    if (m.type === 'exportPng') {
      await this.saveExport(m.suggestedName, { PNG: ['png'] }, () => Buffer.from(m.dataUrl.replace(/^data:image\/png;base64,/, ''), 'base64'));
    } else if (m.type === 'openGraph') {
      void vscode.commands.executeCommand('unroll.showUnrolledGraph', m.modelId);
    }
  }

  override dispose(): void {
    HeatmapPanel.slot.release(this);
    super.dispose();
  }
}
