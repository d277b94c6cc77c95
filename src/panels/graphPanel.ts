// The Unrolled Graph editor panel (host side): one panel, showing the model named (or the
// latest), fed by the DiagnosticsStream; comes back after a window reload (serializer).
import * as vscode from 'vscode';
import type { DiagnosticsStream } from '../engine/diagram/modelView';
import { GRAPH_VIEW_TYPE, GraphState, GraphToHost, HostToGraph } from './panelProtocol';
import { unrollPanelColumn, webviewHtml, webviewOptions } from './webviewHtml';

export class GraphPanel implements vscode.Disposable {
  private static current: GraphPanel | undefined;
  private readonly disposables: vscode.Disposable[] = [];
  private modelId: string | undefined;

  /** The command `unroll.showUnrolledGraph` (arg: a model id, or anything else for the latest model) and the serializer. */
  static register(extensionUri: vscode.Uri, stream: DiagnosticsStream): vscode.Disposable {
    return vscode.Disposable.from(
      vscode.commands.registerCommand('unroll.showUnrolledGraph', (arg?: unknown) => GraphPanel.show(extensionUri, stream, typeof arg === 'string' ? arg : undefined)),
      vscode.window.registerWebviewPanelSerializer(GRAPH_VIEW_TYPE, {
        async deserializeWebviewPanel(panel: vscode.WebviewPanel, state: GraphState | undefined) {
          GraphPanel.current?.dispose();
          GraphPanel.current = new GraphPanel(panel, extensionUri, stream, state?.diagram?.modelId);
        },
      }),
      { dispose: () => GraphPanel.current?.dispose() },
    );
  }

  static show(extensionUri: vscode.Uri, stream: DiagnosticsStream, modelId?: string): GraphPanel {
    const id = modelId ?? stream.lastModelId;
    if (GraphPanel.current) {
      GraphPanel.current.panel.reveal();
      if (id && id !== GraphPanel.current.modelId) GraphPanel.current.showModel(id);
      return GraphPanel.current;
    }
    const panel = vscode.window.createWebviewPanel(GRAPH_VIEW_TYPE, 'Unrolled Graph', unrollPanelColumn(), { ...webviewOptions(extensionUri), retainContextWhenHidden: false });
    GraphPanel.current = new GraphPanel(panel, extensionUri, stream, id);
    return GraphPanel.current;
  }

  private constructor(private readonly panel: vscode.WebviewPanel, extensionUri: vscode.Uri, private readonly stream: DiagnosticsStream, modelId: string | undefined) {
    this.modelId = modelId;
    panel.webview.options = webviewOptions(extensionUri);
    panel.webview.html = webviewHtml(panel.webview, extensionUri, 'graph', 'Unrolled Graph');
    panel.iconPath = vscode.Uri.joinPath(extensionUri, 'media', 'unroll-activity.svg');
    this.disposables.push(
      panel.onDidDispose(() => this.dispose()),
      panel.webview.onDidReceiveMessage((m: GraphToHost) => this.onMessage(m)),
      stream.subscribe({
        model: d => { if (!this.modelId || d.modelId === this.modelId) this.showModel(d.modelId); },
        // only the latest frame matters to the graph
        flush: ({ frames }) => {
          const f = [...frames].reverse().find(x => x.modelId === this.modelId);
          if (f) this.post({ type: 'gradients', frame: f });
        },
        clear: reason => { this.modelId = undefined; this.post({ type: 'clear', reason }); },
      }),
    );
  }

  private post(m: HostToGraph) {
    void this.panel.webview.postMessage(m);
  }

  private showModel(id: string) {
    const d = this.stream.diagrams.get(id);
    if (!d) return;
    this.modelId = id;
    this.panel.title = `Unrolled · ${d.name}`;
    this.post({ type: 'model', diagram: d });
    const f = this.stream.latest(id);
    if (f) this.post({ type: 'gradients', frame: f });
  }

  private async onMessage(m: GraphToHost) {
    if (m.type === 'ready') {
      const id = this.modelId ?? this.stream.lastModelId;
      if (id && this.stream.diagrams.has(id)) this.showModel(id);
      else if (!this.modelId) this.post({ type: 'clear', reason: 'No model yet. Run a cell that builds a model (model = Sequential(...)); its graph appears here.' });
    } else if (m.type === 'exportSvg') {
      const uri = await vscode.window.showSaveDialog({ defaultUri: vscode.Uri.file(m.suggestedName), filters: { SVG: ['svg'] } });
      if (uri) await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(m.svg));
      this.post({ type: 'exported', path: uri?.fsPath ?? null });
    } else if (m.type === 'openHeatmap') {
      void vscode.commands.executeCommand('unroll.showGradientHeatmap', m.modelId);
    }
  }

  dispose(): void {
    if (GraphPanel.current === this) GraphPanel.current = undefined;
    vscode.Disposable.from(...this.disposables.splice(0)).dispose();
    this.panel.dispose();
  }
}
