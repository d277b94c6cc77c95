// Unroll: Export Model to PyTorch…: asks which model (the notebook variable that holds it) and
// where to write train.py, then runs `<name>.export_pytorch('<path>')` in the notebook's own kernel,
// out of the notebook's cells. The kernel does the export exactly as a cell would (the same
// workspace-only file rules and errors), so the command adds no second export path.
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { ExecuteSink } from '../kernelClient';
import type { KernelErrorInfo } from '../../protocol/kernel';
import { KernelRegistry } from './kernels';

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** A Python string literal for any text (JSON's escapes are Python's for these). */
function pythonString(text: string): string {
  return JSON.stringify(text);
}

/** The code the command runs: checked pieces only, never the user's text pasted into code. */
function exportCode(variable: string, relativePath: string): string {
  if (!IDENTIFIER.test(variable)) throw new Error(`"${variable}" is not a Python name`);
  return `${variable}.export_pytorch(${pythonString(relativePath)})`;
}

export function registerExportCommand(context: vscode.ExtensionContext, kernels: KernelRegistry): void {
  context.subscriptions.push(vscode.commands.registerCommand('unroll.exportModelToPyTorch', async () => {
    const notebook = vscode.window.activeNotebookEditor?.notebook;
    const kernel = notebook && kernels.find(notebook);
    if (!notebook || !kernel) {
      void vscode.window.showInformationMessage('Unroll: run the notebook first: the export takes the trained model from its kernel.');
      return;
    }
    const folder = vscode.workspace.getWorkspaceFolder(notebook.uri) ?? vscode.workspace.workspaceFolders?.[0];
    if (!folder || folder.uri.scheme !== 'file') {
      void vscode.window.showErrorMessage('Unroll: open a folder first: the export writes its files inside the workspace.');
      return;
    }
    const variable = await vscode.window.showInputBox({
      title: 'Unroll: Export Model to PyTorch',
      prompt: 'The variable that holds the trained, compiled model',
      value: 'model',
      validateInput: v => (IDENTIFIER.test(v.trim()) ? undefined : 'a Python name, such as model'),
    });
    if (!variable) return;
    const target = await vscode.window.showSaveDialog({
      title: 'Unroll: Export Model to PyTorch (the weights and data go beside the script)',
      defaultUri: vscode.Uri.joinPath(folder.uri, 'export', 'train.py'),
      filters: { 'Python script': ['py'] },
    });
    if (!target) return;
    const relative = path.relative(folder.uri.fsPath, target.fsPath);
    if (relative.startsWith('..') || path.isAbsolute(relative)) {
      void vscode.window.showErrorMessage(`Unroll: choose a file inside the workspace folder ${folder.name}.`);
      return;
    }
    let written = '';
    let failure: KernelErrorInfo | undefined;
    const sink: ExecuteSink = {
      started: () => undefined,
      stream: (_name, text) => { written += text; },
      display: () => undefined,
      result: () => undefined,
      error: e => { failure = e; },
    };
    const outcome = await kernel.client.execute(exportCode(variable.trim(), relative.split(path.sep).join('/')), sink);
    if (failure || outcome.status !== 'ok') {
      void vscode.window.showErrorMessage(`Unroll: export failed: ${failure ? `${failure.name}: ${failure.message}` : outcome.status}`);
      return;
    }
    void vscode.window.showInformationMessage(`Unroll: ${written.trim()}`);
  }));
}
