// The Gradient Heatmap editor panel (host side): one panel, showing the model named (or the
// latest), fed by the DiagnosticsStream; comes back after a window reload (serializer).
import * as vscode from 'vscode';
import type { DiagnosticsStream } from '../engine/diagram/modelView';
import { HEATMAP_VIEW_TYPE, HeatmapState, HeatmapToHost, HostToHeatmap } from './panelProtocol';
import { unrollPanelColumn, webviewHtml, webviewOptions } from './webviewHtml';

export class HeatmapPanel implements vscode.Disposable {
  private static current: HeatmapPanel | undefined;
  private readonly disposables: vscode.Disposable[] = [];
  private modelId: string | undefined;

  /** The command `unroll.showGradientHeatmap` (arg: a model id, or anything else for the latest model) and the serializer. */
  static register(extensionUri: vscode.Uri, stream: DiagnosticsStream): vscode.Disposable {
    return vscode.Disposable.from(
      vscode.commands.registerCommand('unroll.showGradientHeatmap', (arg?: unknown) => HeatmapPanel.show(extensionUri, stream, typeof arg === 'string' ? arg : undefined)),
      vscode.window.registerWebviewPanelSerializer(HEATMAP_VIEW_TYPE, {
        async deserializeWebviewPanel(panel: vscode.WebviewPanel, state: HeatmapState | undefined) {
          HeatmapPanel.current?.dispose();
          HeatmapPanel.current = new HeatmapPanel(panel, extensionUri, stream, state?.modelId);
        },
      }),
      { dispose: () => HeatmapPanel.current?.dispose() },
    );
  }

  static show(extensionUri: vscode.Uri, stream: DiagnosticsStream, modelId?: string): HeatmapPanel {
    const id = modelId ?? stream.lastModelId;
    if (HeatmapPanel.current) {
      HeatmapPanel.current.panel.reveal();
      if (id && id !== HeatmapPanel.current.modelId) HeatmapPanel.current.showModel(id);
      return HeatmapPanel.current;
    }
    const panel = vscode.window.createWebviewPanel(HEATMAP_VIEW_TYPE, 'Gradient Heatmap', unrollPanelColumn(), { ...webviewOptions(extensionUri), retainContextWhenHidden: false });
    HeatmapPanel.current = new HeatmapPanel(panel, extensionUri, stream, id);
    return HeatmapPanel.current;
  }

  private constructor(private readonly panel: vscode.WebviewPanel, extensionUri: vscode.Uri, private readonly stream: DiagnosticsStream, modelId: string | undefined) {
    this.modelId = modelId;
    panel.webview.options = webviewOptions(extensionUri);
    panel.webview.html = webviewHtml(panel.webview, extensionUri, 'heatmap', 'Gradient Heatmap');
    panel.iconPath = vscode.Uri.joinPath(extensionUri, 'media', 'unroll-activity.svg');
    this.disposables.push(
      panel.onDidDispose(() => this.dispose()),
      panel.webview.onDidReceiveMessage((m: HeatmapToHost) => this.onMessage(m)),
      stream.subscribe({
        model: d => { if (!this.modelId || d.modelId === this.modelId) this.showModel(d.modelId); },
        // every frame: the heatmap draws the history
        flush: ({ frames, connectivity }) => {
          const mine = frames.filter(x => x.modelId === this.modelId);
          if (mine.length) this.post({ type: 'frames', frames: mine });
          const c = [...connectivity].reverse().find(x => x.modelId === this.modelId);
          if (c) this.post({ type: 'connectivity', series: c });
        },
        clear: reason => { this.modelId = undefined; this.post({ type: 'clear', reason }); },
      }),
    );
  }

  private post(m: HostToHeatmap) {
    void this.panel.webview.postMessage(m);
  }

  private showModel(id: string) {
    const d = this.stream.diagrams.get(id);
    if (!d) return;
    this.modelId = id;
    this.panel.title = `Gradients · ${d.name}`;
    this.post({ type: 'model', diagram: d });
    const history = this.stream.frames.get(id) ?? [];
    if (history.length) this.post({ type: 'frames', frames: history });
    const c = this.stream.connectivity.get(id);
    if (c) this.post({ type: 'connectivity', series: c });
  }

  private async onMessage(m: HeatmapToHost) {
    if (m.type === 'ready') {
      const id = this.modelId ?? this.stream.lastModelId;
      if (id && this.stream.diagrams.has(id)) this.showModel(id);
      else if (!this.modelId) this.post({ type: 'clear', reason: 'No model yet. Build and train a model in an RNN notebook; its gradients appear here, live.' });
    } else if (m.type === 'exportPng') {
      const uri = await vscode.window.showSaveDialog({ defaultUri: vscode.Uri.file(m.suggestedName), filters: { PNG: ['png'] } });
      const base64 = m.dataUrl.replace(/^data:image\/png;base64,/, '');
      if (uri) await vscode.workspace.fs.writeFile(uri, Buffer.from(base64, 'base64'));
      this.post({ type: 'exported', path: uri?.fsPath ?? null });
    } else if (m.type === 'openGraph') {
      void vscode.commands.executeCommand('unroll.showUnrolledGraph', m.modelId);
    }
  }

  dispose(): void {
    if (HeatmapPanel.current === this) HeatmapPanel.current = undefined;
    vscode.Disposable.from(...this.disposables.splice(0)).dispose();
    this.panel.dispose();
  }
}
