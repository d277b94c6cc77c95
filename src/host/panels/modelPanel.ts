// What the Unrolled Graph and Gradient Heatmap editor panels share: one panel of each kind at a
// time (the show command reveals it, the serializer brings it back after a window reload), the
// webview setup, following the GradientStream's model, and saving an export. Each panel keeps
// only what it draws: which stream data it forwards and what it exports.
import * as vscode from 'vscode';
import { toWire } from '../../protocol/gradients/codec';
import type { GradientStream, StreamBatch } from '../../protocol/gradients';
import { createUnrollPanel, webviewHtml, webviewOptions } from './webviewHtml';

/** Host → webview messages every model panel understands. */
type CommonToWebview = { type: 'clear'; reason: string } | { type: 'exported'; path: string | null };

export interface ModelPanelKind<State> {
  /** The command that shows the panel (arg: a model id, or anything else for the latest model). */
  command: string;
  viewType: string;
  /** The panel's title until a model is shown, and the page title. */
  title: string;
  /** The webview bundle, dist/webview/<bundle>.js. */
  bundle: string;
  /** Which model a panel restored after a reload was showing. */
  restoredModelId(state: State | undefined): string | undefined;
}

type PanelFactory<P> = (panel: vscode.WebviewPanel, extensionUri: vscode.Uri, stream: GradientStream, modelId: string | undefined) => P;

/** The one open panel of a kind. */
export class PanelSlot<P extends ModelPanel<CommonToWebview, { type: string }>, State> {
  current: P | undefined;

  constructor(
    private readonly kind: ModelPanelKind<State>,
    private readonly create: PanelFactory<P>,
  ) {}

  register(extensionUri: vscode.Uri, stream: GradientStream): vscode.Disposable {
    const kind = this.kind;
    return vscode.Disposable.from(
      vscode.commands.registerCommand(kind.command, (arg?: unknown) => this.show(extensionUri, stream, typeof arg === 'string' ? arg : undefined)),
      vscode.window.registerWebviewPanelSerializer(kind.viewType, {
        deserializeWebviewPanel: async (panel: vscode.WebviewPanel, state: State | undefined) => {
          this.current?.dispose();
          this.current = this.create(panel, extensionUri, stream, kind.restoredModelId(state));
        },
      }),
      { dispose: () => this.current?.dispose() },
    );
  }

  show(extensionUri: vscode.Uri, stream: GradientStream, modelId?: string): P {
    const id = modelId ?? stream.lastModelId;
    if (this.current) {
      this.current.reveal(id);
      return this.current;
    }
    const panel = createUnrollPanel(this.kind.viewType, this.kind.title, { ...webviewOptions(extensionUri), retainContextWhenHidden: false });
    this.current = this.create(panel, extensionUri, stream, id);
    return this.current;
  }

  /** Called by a panel as it closes. */
  release(panel: P): void {
    if (this.current === panel) this.current = undefined;
  }
}

export abstract class ModelPanel<ToWebview extends { type: string }, FromWebview extends { type: string }> implements vscode.Disposable {
  protected readonly disposables: vscode.Disposable[] = [];
  protected modelId: string | undefined;

  protected constructor(
    protected readonly panel: vscode.WebviewPanel,
    extensionUri: vscode.Uri,
    protected readonly stream: GradientStream,
    modelId: string | undefined,
    kind: { bundle: string; title: string },
    /** Shown when the webview is ready and there is no model yet. */
    private readonly noModelYet: string,
  ) {
    this.modelId = modelId;
    panel.webview.options = webviewOptions(extensionUri);
    panel.webview.html = webviewHtml(panel.webview, extensionUri, kind.bundle, kind.title);
    panel.iconPath = vscode.Uri.joinPath(extensionUri, 'media', 'unroll-activity.svg');
    this.disposables.push(
      panel.onDidDispose(() => this.dispose()),
      panel.webview.onDidReceiveMessage((m: FromWebview) => this.onMessage(m)),
      stream.subscribe({
        model: d => { if (!this.modelId || d.modelId === this.modelId) this.showModel(d.modelId); },
        update: batch => this.onUpdate(batch),
        clear: reason => { this.modelId = undefined; this.post({ type: 'clear', reason }); },
      }),
    );
  }

  /** Sends the model `id` and what the stream already holds for it. */
  protected abstract showModel(id: string): void;
  /** Forwards the stream's new data for this panel's model. */
  protected abstract onUpdate(batch: StreamBatch): void;
  /** Handles a webview message other than 'ready'. */
  protected abstract onPanelMessage(m: FromWebview): Promise<void>;

  protected post(m: ToWebview | CommonToWebview) {
    void this.panel.webview.postMessage(toWire(m));
  }

  /** Brings the panel forward, switching to model `id` when it names another one. */
  reveal(id: string | undefined): void {
    this.panel.reveal();
    if (id && id !== this.modelId) this.showModel(id);
  }

  private async onMessage(m: FromWebview) {
    if (m.type === 'ready') {
      const id = this.modelId ?? this.stream.lastModelId;
      if (id && this.stream.diagrams.has(id)) this.showModel(id);
      else if (!this.modelId) this.post({ type: 'clear', reason: this.noModelYet });
    } else await this.onPanelMessage(m);
  }

  /** Asks where to save an export, writes it there, and tells the webview the path (null when cancelled). */
  protected async saveExport(suggestedName: string, filters: Record<string, string[]>, contents: () => Uint8Array): Promise<void> {
    const uri = await vscode.window.showSaveDialog({ defaultUri: vscode.Uri.file(suggestedName), filters });
    if (uri) await vscode.workspace.fs.writeFile(uri, contents());
    this.post({ type: 'exported', path: uri?.fsPath ?? null });
  }

  dispose(): void {
    vscode.Disposable.from(...this.disposables.splice(0)).dispose();
    this.panel.dispose();
  }
}
