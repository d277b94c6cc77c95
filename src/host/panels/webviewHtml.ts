// The extension's webview pages (their HTML comes from webviewPage): a strict Content-Security-Policy with a nonce, and
// only the extension's own dist/webview and media folders as resource roots.
import * as crypto from 'node:crypto';
import * as vscode from 'vscode';
import { contentSecurityPolicy, webviewPage } from './contentSecurityPolicy';

export function webviewOptions(extensionUri: vscode.Uri): vscode.WebviewOptions {
  return {
    enableScripts: true,
    localResourceRoots: [vscode.Uri.joinPath(extensionUri, 'dist', 'webview'), vscode.Uri.joinPath(extensionUri, 'media')],
  };
}

export function webviewHtml(webview: vscode.Webview, extensionUri: vscode.Uri, bundle: string, title: string): string {
  const nonce = crypto.randomBytes(16).toString('base64');
  const script = webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, 'dist', 'webview', `${bundle}.js`));
  const style = webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, 'media', 'webview.css'));
  const csp = contentSecurityPolicy(webview.cspSource, nonce);
  return webviewPage({ csp, nonce, styles: [String(style)], title, scripts: [{ src: String(script) }] });
}

/** The graph and heatmap panels this window made, with the column each was asked to open in. */
const openedPanels = new Map<vscode.WebviewPanel, vscode.ViewColumn>();

/**
 * A new Unroll panel, in the editor group that already shows another Unroll panel (graph and
 * heatmap side by side as tabs), else in the group right of the notebook. The panels made here
 * are remembered because `tabGroups` learns of a new panel only a moment later: a cell that calls
 * show_graph and then show_heatmap would otherwise split the editor three ways.
 */
export function createUnrollPanel(viewType: string, title: string, options: vscode.WebviewPanelOptions & vscode.WebviewOptions): vscode.WebviewPanel {
  const column = unrollPanelColumn();
  const panel = vscode.window.createWebviewPanel(viewType, title, column, options);
  openedPanels.set(panel, column);
  panel.onDidDispose(() => openedPanels.delete(panel));
  return panel;
}

function unrollPanelColumn(): vscode.ViewColumn {
  for (const [panel, asked] of openedPanels) return panel.viewColumn ?? asked;
  for (const group of vscode.window.tabGroups.all) {
    const hasUnrollPanel = group.tabs.some(tab => tab.input instanceof vscode.TabInputWebview && tab.input.viewType.includes('unroll.'));
    if (hasUnrollPanel) return group.viewColumn;
  }
  const beside = vscode.window.activeNotebookEditor?.viewColumn ?? vscode.window.activeTextEditor?.viewColumn;
  return beside === undefined ? vscode.ViewColumn.Beside : beside + 1;
}
