// Finding a cell's notebook and the rnn cells above it, for the providers.
import * as vscode from 'vscode';

/** Notebook types whose rnn cells get editor support (DESIGN.md §1). */
const RNN_NOTEBOOK_TYPES = ['unroll', 'jupyter-notebook'] as const;
export const RNN_LANGUAGE = 'rnn';

export const RNN_SELECTOR: vscode.DocumentFilter[] = RNN_NOTEBOOK_TYPES.map(notebookType => ({ notebookType, language: RNN_LANGUAGE }));

export function isRnnNotebook(notebook: vscode.NotebookDocument): boolean {
  return (RNN_NOTEBOOK_TYPES as readonly string[]).includes(notebook.notebookType);
}

export function isRnnCell(cell: vscode.NotebookCell): boolean {
  return cell.kind === vscode.NotebookCellKind.Code && cell.document.languageId === RNN_LANGUAGE;
}

/** The notebook cell whose text document this is, or undefined for a plain file. */
export function cellOf(document: vscode.TextDocument): vscode.NotebookCell | undefined {
  if (document.uri.scheme !== 'vscode-notebook-cell') return undefined;
  const key = document.uri.toString();
  for (const notebook of vscode.workspace.notebookDocuments) {
    if (!isRnnNotebook(notebook)) continue;
    const cell = notebook.getCells().find(c => c.document.uri.toString() === key);
    if (cell) return cell;
  }
  return undefined;
}

/** Sources of the rnn code cells above `cell`, in order. */
function rnnSourcesAbove(cell: vscode.NotebookCell): string[] {
  return cell.notebook.getCells(new vscode.NotebookRange(0, cell.index)).filter(isRnnCell).map(c => c.document.getText());
}

/** Sources above a document's cell; none for a plain .rnn file. */
export function sourcesAbove(document: vscode.TextDocument): string[] {
  const cell = cellOf(document);
  return cell ? rnnSourcesAbove(cell) : [];
}
