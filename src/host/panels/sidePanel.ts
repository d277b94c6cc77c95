// The Unroll side panel (a WebviewView in the activity bar): kernels and their state, the
// execution provider, and the models trained in the kernels with their loss so far, each with
// buttons for its graph and heatmap, and Stop for a run in progress.
import * as vscode from 'vscode';
import type { GradientStream } from '../../protocol/gradients';
import { KernelRegistry } from '../notebook/kernels';
import { modelSummaries, SIDE_PANEL_UPDATES_PER_SECOND } from '../../protocol/gradients/panelFeeds';
import { throttled, toMessage } from '../../protocol/gradients';
import { isSidePanelToHost, sidePanelCommand } from '../../protocol/guards';
import { HostToSidePanel } from '../../protocol/webview';
import { webviewHtml, webviewOptions } from './webviewHtml';

const SIDE_PANEL_VIEW_ID = 'unroll.sidePanel';

export class SidePanelProvider implements vscode.WebviewViewProvider {
  static register(extensionUri: vscode.Uri, kernels: KernelRegistry, gradients: GradientStream): vscode.Disposable {
    return vscode.window.registerWebviewViewProvider(SIDE_PANEL_VIEW_ID, new SidePanelProvider(extensionUri, kernels, gradients));
  }

  constructor(private readonly extensionUri: vscode.Uri, private readonly kernels: KernelRegistry, private readonly gradients: GradientStream) {}

  resolveWebviewView(view: vscode.WebviewView): void {
    const webview = view.webview;
    webview.options = webviewOptions(this.extensionUri);
    webview.html = webviewHtml(webview, this.extensionUri, 'sidePanel', 'Unroll');
    // Hidden (another view of the side bar in front), the view's page is gone and 'ready' brings the state when it is back.
    const post = () => {
      if (!view.visible) return;
      const message: HostToSidePanel = {
        type: 'state',
        kernels: this.kernels.summaries(),
        executionProvider: vscode.workspace.getConfiguration('unroll').get<string>('executionProvider', 'auto'),
        models: modelSummaries(this.gradients),
      };
      void webview.postMessage(toMessage(message));
    };
    const postLive = throttled(post, SIDE_PANEL_UPDATES_PER_SECOND);
    const subscriptions = [
      this.kernels.onDidChange(post),
      this.gradients.subscribe({ model: post, update: postLive, clear: post }),
      postLive,
      vscode.workspace.onDidChangeConfiguration(e => { if (e.affectsConfiguration('unroll.executionProvider')) post(); }),
      webview.onDidReceiveMessage((message: unknown) => {
        // The page may post anything: only the commands the guard allows run, with a model id as their argument.
        if (isSidePanelToHost(message) && message.type === 'ready') post();
        const command = sidePanelCommand(message);
        if (command) void vscode.commands.executeCommand(command.command, ...command.args);
        else if (!isSidePanelToHost(message)) console.warn('Unroll: a malformed message from the side panel was dropped');
      }),
    ];
    view.onDidDispose(() => { vscode.Disposable.from(...subscriptions).dispose(); });
  }
}
