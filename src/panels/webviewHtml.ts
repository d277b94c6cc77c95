// The one place webview HTML is made: a strict Content-Security-Policy with a nonce, and
// only the extension's own dist/webview and media folders as resource roots.
import * as crypto from 'node:crypto';
import * as vscode from 'vscode';
import { contentSecurityPolicy } from './contentSecurityPolicy';

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
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${style}">
<title>${title}</title>
</head>
<body>
<main id="root" aria-live="polite"></main>
<script nonce="${nonce}" src="${script}"></script>
</body>
</html>`;
}

/**
 * Where a new Unroll panel opens: in the editor group that already shows another Unroll
 * panel (graph and heatmap side by side as tabs), else beside the notebook.
 */
export function unrollPanelColumn(): vscode.ViewColumn {
  for (const group of vscode.window.tabGroups.all) {
    const hasUnrollPanel = group.tabs.some(tab => tab.input instanceof vscode.TabInputWebview && tab.input.viewType.includes('unroll.'));
    if (hasUnrollPanel) return group.viewColumn;
  }
  return vscode.ViewColumn.Beside;
}
