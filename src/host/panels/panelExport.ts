// Saving what a panel exports (webview/shared/export.ts makes it: SVG, PNG, CSV or JSON, in the
// current or the print theme) and the `Unroll: Export Panel…` command, which asks the active
// Unroll panel for an export. A panel built on modelPanel.ts has both for free; any other panel
// adopts them in two lines:
//
//     disposables.push(makeExportable(panel));                       // the command can reach it
//     webview.onDidReceiveMessage(m => { if (handleExportMessage(webview, m)) return; … });
import * as vscode from 'vscode';
import { EXPORT_FILTERS, exportBytes, isPanelExportMessage, type ExportFormat, type ExportTheme, type PanelExportMessage, type PanelExportRequest } from '../../protocol/panelExport';

const EXPORT_PANEL_COMMAND = 'unroll.exportPanel';

/** Asks where to save (the panel's name in the first workspace folder by default) and writes the file: its path, or null when cancelled. */
async function savePanelExport(m: PanelExportMessage): Promise<string | null> {
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
  const defaultUri = folder ? vscode.Uri.joinPath(folder, m.fileName) : vscode.Uri.file(m.fileName);
  const uri = await vscode.window.showSaveDialog({ defaultUri, filters: EXPORT_FILTERS[m.format], title: `Export ${m.format.toUpperCase()}`, saveLabel: 'Export' });
  return uri ? writeExport(uri, m) : null;
}

async function writeExport(uri: vscode.Uri, m: PanelExportMessage): Promise<string | null> {
  try {
    await vscode.workspace.fs.writeFile(uri, exportBytes(m));
  } catch (e) {
    void vscode.window.showErrorMessage(`Unroll could not write ${uri.fsPath}: ${e instanceof Error ? e.message : String(e)}`);
    return null;
  }
  return uri.scheme === 'file' ? uri.fsPath : uri.toString();
}

/** Where the command was told to write a panel's next export of a format (no dialog then). */
const destinations = new Map<vscode.Webview, { format: ExportFormat; uri: vscode.Uri }>();

/**
 * For a panel's message handler: a well-formed export is saved and answered with
 * `{ type: 'exported', path }` (null when cancelled); returns false for any other message.
 */
export function handleExportMessage(webview: vscode.Webview, m: unknown): boolean {
  if (!isPanelExportMessage(m)) return false;
  const told = destinations.get(webview);
  if (told?.format === m.format) destinations.delete(webview);
  const saved = told?.format === m.format ? writeExport(told.uri, m) : savePanelExport(m);
  void saved.then(path => webview.postMessage({ type: 'exported', path }));
  return true;
}

/** The panels the command can export, and the one last active (the command palette may have the focus). */
const exportable = new Set<vscode.WebviewPanel>();
let lastActive: vscode.WebviewPanel | undefined;

/** Lets `Unroll: Export Panel…` reach this panel while it is (or was last) the active one. */
export function makeExportable(panel: vscode.WebviewPanel): vscode.Disposable {
  exportable.add(panel);
  if (panel.active) lastActive = panel;
  const watch = panel.onDidChangeViewState(e => { if (e.webviewPanel.active) lastActive = panel; });
  return {
    dispose() {
      watch.dispose();
      exportable.delete(panel);
      if (lastActive === panel) lastActive = undefined;
    },
  };
}

const CHOICES: { label: string; description: string; format: ExportFormat; theme: ExportTheme }[] = [
  { label: 'SVG', description: 'vector picture in the current theme', format: 'svg', theme: 'current' },
  { label: 'SVG (print)', description: 'white background, dark ink', format: 'svg', theme: 'print' },
  { label: 'PNG', description: 'picture at 2× resolution in the current theme', format: 'png', theme: 'current' },
  { label: 'PNG (print)', description: 'white background, dark ink', format: 'png', theme: 'print' },
  { label: 'CSV', description: 'the data the panel shows, one row per value', format: 'csv', theme: 'current' },
  { label: 'JSON', description: 'the data the panel shows', format: 'json', theme: 'current' },
];

/**
 * `Unroll: Export Panel…`. Arguments, for scripts and tests: a format and a theme (else a quick
 * pick asks), and a file to write (else the save dialog asks).
 */
export function registerExportPanelCommand(): vscode.Disposable {
  return vscode.commands.registerCommand(EXPORT_PANEL_COMMAND, async (format?: unknown, theme?: unknown, destination?: unknown) => {
    const target = [...exportable].find(p => p.active) ?? lastActive;
    if (!target) {
      void vscode.window.showInformationMessage('Unroll: open an Unroll panel (graph, heatmap, state inspector…) to export it.');
      return;
    }
    let request: PanelExportRequest | undefined;
    if (typeof format === 'string' && CHOICES.some(c => c.format === format)) {
      request = { type: 'exportAs', format: format as ExportFormat, theme: theme === 'print' ? 'print' : 'current' };
    } else {
      const picked = await vscode.window.showQuickPick(CHOICES, { title: `Export ${target.title}`, placeHolder: 'Format' });
      if (picked) request = { type: 'exportAs', format: picked.format, theme: picked.theme };
    }
    if (!request) return;
    if (destination instanceof vscode.Uri) destinations.set(target.webview, { format: request.format, uri: destination });
    await target.webview.postMessage(request);
  });
}
