// The Unrolled Graph and Gradient Heatmap editor panels are one class: one panel of each kind at a
// time (the show command reveals it, the serializer brings it back after a window reload), the
// webview setup, following the GradientStream's model, and saving an export. What differs per
// kind (which stream data it forwards, what it exports) is data in graphPanel.ts / heatmapPanel.ts /
// statesPanel.ts.
import * as vscode from 'vscode';
import { toMessage } from '../../protocol/gradients/codec';
import { subscribeCoalesced, type GradientStream, type ModelDiagram, type StreamBatch } from '../../protocol/gradients';
import { handleExportMessage, makeExportable } from './panelExport';
import { createUnrollPanel, webviewHtml, webviewOptions } from './webviewHtml';

/** Host → webview messages every model panel understands. */
type CommonToWebview = { type: 'clear'; reason: string } | { type: 'exported'; path: string | null };

/** What makes one kind of model panel (graph, heatmap): data, plus what it sends and answers. */
export interface ModelPanelKind<State, ToWebview extends { type: string }, FromWebview extends { type: string }> {
  /** The command that shows the panel (arg: a model id; without one, the open panel as it is, else the latest model). */
  command: string;
  viewType: string;
  /** The panel's title until a model is shown, and the page title. */
  title: string;
  /** The panel's title while it shows `name`. */
  titleOf(name: string): string;
  /** The webview bundle, dist/webview/<bundle>.js. */
  bundle: string;
  /** Shown when the webview is ready and there is no model yet. */
  noModelYet: string;
  /** Which model a panel restored after a reload was showing. */
  restoredModelId(state: State | undefined): string | undefined;
  /** The model and what the stream already holds for it. */
  onModel(stream: GradientStream, diagram: ModelDiagram): ToWebview[];
  /** The stream's new data for the panel's model. */
  onUpdate(batch: StreamBatch, modelId: string | undefined): ToWebview[];
  /** A diagram for a model the stream knows only from this kind's data (the state inspector before any fit). */
  standIn?(stream: GradientStream, modelId: string): ModelDiagram | undefined;
  /** Checks a message from the webview (a browser page: anything may arrive); others are dropped. */
  isMessage(message: unknown): message is FromWebview;
  /** A webview message other than 'ready'. */
  onMessage(message: FromWebview, panel: PanelActions): Promise<void>;
  /**
   * A command other panels run to send this one a message (the BPTT Step-Through's highlight to
   * the graph); the latest is sent again whenever the panel shows a model.
   */
  relayCommand?: string;
}

/** What a kind's message handler may ask of its panel. */
interface PanelActions {
  /** Asks where to save an export, writes it there, and tells the webview the path (null when cancelled). */
  saveExport(suggestedName: string, filters: Record<string, string[]>, contents: () => Uint8Array): Promise<void>;
}

/** The one open panel of each kind: the show command reveals it, the serializer brings it back after a reload. */
export function registerModelPanel<State, ToWebview extends { type: string }, FromWebview extends { type: string }>(
  kind: ModelPanelKind<State, ToWebview, FromWebview>,
  extensionUri: vscode.Uri,
  stream: GradientStream,
): vscode.Disposable {
  let current: ModelPanel<State, ToWebview, FromWebview> | undefined;
  const open = (panel: vscode.WebviewPanel, modelId: string | undefined) => {
    current?.dispose();
    const created = new ModelPanel(kind, panel, extensionUri, stream, modelId, () => { if (current === created) current = undefined; });
    current = created;
  };
  // Named (a cell's show_states(model), a panel's button, the side panel): show that model. Not
  // named (the command palette): bring the panel back as it was, pinned to the model it shows, or
  // open it on the latest model. A panel opened on one model must not jump to whichever model
  // trained last (compare trains several).
  const show = (modelId?: string) => {
    if (current) current.reveal(modelId);
    else open(createUnrollPanel(kind.viewType, kind.title, { ...webviewOptions(extensionUri), retainContextWhenHidden: false }), modelId ?? stream.lastModelId);
  };
  return vscode.Disposable.from(
    vscode.commands.registerCommand(kind.command, (arg?: unknown) => show(typeof arg === 'string' ? arg : undefined)),
    vscode.window.registerWebviewPanelSerializer(kind.viewType, {
      deserializeWebviewPanel: async (panel: vscode.WebviewPanel, state: State | undefined) => open(panel, kind.restoredModelId(state)),
    }),
    ...(kind.relayCommand ? [vscode.commands.registerCommand(kind.relayCommand, (m: ToWebview) => current?.relay(m))] : []),
    { dispose: () => current?.dispose() },
  );
}

/** One open model panel: follows the gradient stream's model, forwards its data, saves exports. */
class ModelPanel<State, ToWebview extends { type: string }, FromWebview extends { type: string }> implements vscode.Disposable, PanelActions {
  private readonly disposables: vscode.Disposable[] = [];
  private modelId: string | undefined;
  private relayed: ToWebview | undefined;

  constructor(
    private readonly kind: ModelPanelKind<State, ToWebview, FromWebview>,
    private readonly panel: vscode.WebviewPanel,
    extensionUri: vscode.Uri,
    private readonly stream: GradientStream,
    modelId: string | undefined,
    private readonly onDisposed: () => void,
  ) {
    this.modelId = modelId;
    // Named at once: a panel opened behind another tab loads its page only when first shown.
    const shown = modelId === undefined ? undefined : this.diagramOf(modelId);
    if (shown) panel.title = kind.titleOf(shown.name);
    panel.webview.options = webviewOptions(extensionUri);
    panel.webview.html = webviewHtml(panel.webview, extensionUri, kind.bundle, kind.title);
    panel.iconPath = vscode.Uri.joinPath(extensionUri, 'media', 'unroll-activity.svg');
    // The panel's messages, at most PANEL_DELIVERIES_PER_SECOND a second (stream.ts).
    const feed = subscribeCoalesced(stream, {
      model: d => { if (!this.modelId || d.modelId === this.modelId) this.showModel(d.modelId); },
      update: batch => {
        // A stand-in model's first data (show_states, show_saliency, show_attention or show_chain before any fit) makes it the panel's model.
        const adopt = !this.modelId && kind.standIn ? [...batch.states, ...(batch.saliency ?? []), ...(batch.attention ?? []), ...(batch.chains ?? [])].find(s => kind.standIn!(stream, s.modelId)) : undefined;
        if (adopt) this.showModel(adopt.modelId);
        else for (const m of kind.onUpdate(batch, this.modelId)) this.post(m);
      },
      clear: reason => {
        this.modelId = undefined;
        this.panel.title = kind.title;
        this.post({ type: 'clear', reason });
      },
    });
    this.disposables.push(
      panel.onDidDispose(() => this.dispose()),
      makeExportable(panel),
      panel.webview.onDidReceiveMessage((m: unknown) => {
        // Exports (SVG, PNG, CSV, JSON) are one message for every kind, saved here.
        if (handleExportMessage(panel.webview, m)) return;
        if (kind.isMessage(m)) void this.onMessage(m);
        else console.warn(`Unroll: a malformed message from the ${kind.title} panel was dropped`);
      }),
      feed,
    );
  }

  /**
   * Sends through the gradient codec: VS Code carries a message as JSON (no NaN or Inf) and its
   * typed arrays as bytes. Not while the panel is hidden: its page is gone then (no
   * retainContextWhenHidden), VS Code would carry the message to the workbench only to drop it,
   * and the page loaded when the panel shows again says 'ready' and gets the model and its latest
   * data (onMessage). A panel behind another tab costs a training run nothing.
   */
  private post(m: ToWebview | CommonToWebview) {
    if (this.panel.visible) void this.panel.webview.postMessage(toMessage(m));
  }

  /** Brings the panel forward, switching to model `id` when it names another one (or to the latest model when it shows none). */
  reveal(id: string | undefined): void {
    this.panel.reveal();
    const target = id ?? (this.modelId ? undefined : this.stream.lastModelId);
    if (target && target !== this.modelId) this.showModel(target);
  }

  private diagramOf(id: string): ModelDiagram | undefined {
    return this.stream.diagrams.get(id) ?? this.kind.standIn?.(this.stream, id);
  }

  private showModel(id: string) {
    const d = this.diagramOf(id);
    if (!d) return;
    this.modelId = id;
    this.panel.title = this.kind.titleOf(d.name);
    for (const m of this.kind.onModel(this.stream, d)) this.post(m);
    if (this.relayed) this.post(this.relayed);
  }

  /** A message from another panel (ModelPanelKind.relayCommand), kept for the next model shown. */
  relay(m: ToWebview): void {
    this.relayed = m;
    this.post(m);
  }

  private async onMessage(m: FromWebview) {
    if (m.type === 'ready') {
      const id = this.modelId ?? this.stream.lastModelId;
      if (id && this.diagramOf(id)) this.showModel(id);
      else if (!this.modelId) this.post({ type: 'clear', reason: this.kind.noModelYet });
    } else await this.kind.onMessage(m, this);
  }

  async saveExport(suggestedName: string, filters: Record<string, string[]>, contents: () => Uint8Array): Promise<void> {
    const uri = await vscode.window.showSaveDialog({ defaultUri: vscode.Uri.file(suggestedName), filters });
    if (uri) await vscode.workspace.fs.writeFile(uri, contents());
    this.post({ type: 'exported', path: uri?.fsPath ?? null });
  }

  dispose(): void {
    this.onDisposed();
    vscode.Disposable.from(...this.disposables.splice(0)).dispose();
    this.panel.dispose();
  }
}
