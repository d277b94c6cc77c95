// Shared by the in-host suites: open notebooks, run cells, read outputs.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { UnrollApi } from '../../../src/extension';

export const EXTENSION_ID = 'unroll.unroll';

export async function activateUnroll(): Promise<UnrollApi> {
  const extension = vscode.extensions.getExtension<UnrollApi>(EXTENSION_ID);
  assert.ok(extension, `extension ${EXTENSION_ID} is not loaded`);
  return extension.activate();
}

export function workspaceUri(...segments: string[]): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'the tests need a workspace folder');
  return vscode.Uri.joinPath(folder.uri, ...segments);
}

export async function openNotebook(name: string): Promise<vscode.NotebookEditor> {
  const notebook = await vscode.workspace.openNotebookDocument(workspaceUri(name));
  // window.showNotebookDocument sometimes waits 30 s for an editor event right after
  // closeAllEditors; opening through the command and watching the active editor does not.
  await vscode.commands.executeCommand('vscode.open', notebook.uri);
  await waitFor(() => vscode.window.activeNotebookEditor?.notebook === notebook, `${name} to be shown`);
  const editor = vscode.window.activeNotebookEditor!;
  await vscode.commands.executeCommand('notebook.selectKernel', { id: 'unroll-unroll', extension: EXTENSION_ID });
  return editor;
}

/** A fresh notebook file in the workspace with these code cells. */
export async function notebookWith(name: string, ...sources: string[]): Promise<vscode.NotebookEditor> {
  const cells = sources.map(source => ({ kind: 'code', language: 'rnn', source, metadata: {}, outputs: [] }));
  await vscode.workspace.fs.writeFile(workspaceUri(name), new TextEncoder().encode(JSON.stringify({ cells })));
  return openNotebook(name);
}

/** Runs cells and resolves when VS Code says they have finished. */
export async function runCells(notebook: vscode.NotebookDocument, start = 0, end = notebook.cellCount): Promise<void> {
  await vscode.commands.executeCommand('notebook.cell.execute', { ranges: [{ start, end }], document: notebook.uri });
}

export function outputText(cell: vscode.NotebookCell): string {
  return cell.outputs.flatMap(o => o.items).map(item => {
    const text = new TextDecoder().decode(item.data);
    if (item.mime === 'application/vnd.code.notebook.error') {
      const error = JSON.parse(text) as { name: string; message: string };
      return `${error.name}: ${error.message}`;
    }
    return text;
  }).join('');
}

export async function waitFor(condition: () => boolean, what: string, timeoutMs = 20_000): Promise<void> {
  const start = Date.now();
  while (!condition()) {
    if (Date.now() - start > timeoutMs) assert.fail(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise(resolve => setTimeout(resolve, 25));
  }
}

/** Closes the test's notebook without saving it, so the next test starts from a known editor. */
export async function closeActiveEditor(): Promise<void> {
  await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
}
