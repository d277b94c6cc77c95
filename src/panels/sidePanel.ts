// The Unroll side panel (a WebviewView in the activity bar): kernels and their state, the
// execution provider setting. Run progress and models arrive with the training engine.
import * as vscode from 'vscode';
import { KernelRegistry } from '../notebook/kernels';
import { HostToSidePanel, SidePanelToHost } from './sidePanelProtocol';
import { webviewHtml, webviewOptions } from './webviewHtml';

export const SIDE_PANEL_VIEW_ID = 'unroll.sidePanel';
const ALLOWED_COMMANDS = new Set(['unroll.newNotebook', 'unroll.openSample', 'unroll.selectExecutionProvider']);

export class SidePanelProvider implements vscode.WebviewViewProvider {
  static register(extensionUri: vscode.Uri, kernels: KernelRegistry): vscode.Disposable {
    return vscode.window.registerWebviewViewProvider(SIDE_PANEL_VIEW_ID, new SidePanelProvider(extensionUri, kernels));
  }

  constructor(private readonly extensionUri: vscode.Uri, private readonly kernels: KernelRegistry) {}

  resolveWebviewView(view: vscode.WebviewView): void {
    const webview = view.webview;
    webview.options = webviewOptions(this.extensionUri);
    webview.html = webviewHtml(webview, this.extensionUri, 'sidePanel', 'Unroll');
    const post = () => {
      const message: HostToSidePanel = {
        type: 'kernels',
        kernels: this.kernels.summaries(),
        executionProvider: vscode.workspace.getConfiguration('unroll').get<string>('executionProvider', 'auto'),
        engineReady: false,
      };
      void webview.postMessage(message);
    };
    const subscriptions = [
      this.kernels.onDidChange(post),
      vscode.workspace.onDidChangeConfiguration(e => { if (e.affectsConfiguration('unroll.executionProvider')) post(); }),
      webview.onDidReceiveMessage((message: SidePanelToHost) => {
        if (message.type === 'ready') post();
        else if (message.type === 'command' && ALLOWED_COMMANDS.has(message.command)) void vscode.commands.executeCommand(message.command);
      }),
    ];
    view.onDidDispose(() => vscode.Disposable.from(...subscriptions).dispose());
  }
}
