// Squiggles while typing in rnn cells. A cell's diagnostics depend on the cells above it
// (names they define), so a change re-checks the whole notebook, debounced per notebook.
import * as vscode from 'vscode';
import type { Diagnostic as RnnDiagnostic } from '../../language';
import type { ServicesSource } from './index';
import { cellOf, isRnnCell, isRnnNotebook } from './notebookCells';

const DIAGNOSTIC_SOURCE = 'unroll';
const DEBOUNCE_MS = 150;

export class RnnDiagnostics implements vscode.Disposable {
  private readonly collection = vscode.languages.createDiagnosticCollection(DIAGNOSTIC_SOURCE);
  private readonly pending = new Map<string, ReturnType<typeof setTimeout>>();
  private readonly disposables: vscode.Disposable[] = [this.collection];

  constructor(private readonly services: ServicesSource) {
    this.disposables.push(
      vscode.workspace.onDidOpenNotebookDocument(notebook => void this.checkNow(notebook)),
      vscode.workspace.onDidCloseNotebookDocument(notebook => this.clear(notebook)),
      vscode.workspace.onDidChangeNotebookDocument(event => this.onNotebookChange(event)),
      // Typing in a cell: the cell's text document changes (the notebook event may lag).
      vscode.workspace.onDidChangeTextDocument(event => {
        const cell = cellOf(event.document);
        if (cell) this.schedule(cell.notebook);
      }),
    );
    for (const notebook of vscode.workspace.notebookDocuments) void this.checkNow(notebook);
  }

  private onNotebookChange(event: vscode.NotebookDocumentChangeEvent): void {
    if (!isRnnNotebook(event.notebook)) return;
    for (const change of event.contentChanges) for (const cell of change.removedCells) this.collection.delete(cell.document.uri);
    this.schedule(event.notebook);
  }

  private schedule(notebook: vscode.NotebookDocument): void {
    if (!isRnnNotebook(notebook)) return;
    const key = notebook.uri.toString();
    clearTimeout(this.pending.get(key));
    this.pending.set(key, setTimeout(() => {
      this.pending.delete(key);
      if (!notebook.isClosed) void this.checkNow(notebook);
    }, DEBOUNCE_MS));
  }

  /** Checks every rnn cell in order; cells in another language lose their diagnostics. */
  async checkNow(notebook: vscode.NotebookDocument): Promise<void> {
    if (!isRnnNotebook(notebook)) return;
    const services = await this.services();
    // The analyser loads once (first use): the notebook may have changed or closed meanwhile.
    if (notebook.isClosed) return;
    const rnnCells = [];
    for (const cell of notebook.getCells()) {
      if (isRnnCell(cell)) rnnCells.push(cell);
      else this.collection.delete(cell.document.uri);
    }
    const found = services.notebookDiagnostics(services.registry, rnnCells.map(cell => cell.document.getText()));
    rnnCells.forEach((cell, i) => this.collection.set(cell.document.uri, found[i].map(d => toVscodeDiagnostic(cell.document, d))));
  }

  private clear(notebook: vscode.NotebookDocument): void {
    clearTimeout(this.pending.get(notebook.uri.toString()));
    this.pending.delete(notebook.uri.toString());
    for (const cell of notebook.getCells()) this.collection.delete(cell.document.uri);
  }

  dispose(): void {
    for (const timer of this.pending.values()) clearTimeout(timer);
    this.pending.clear();
    for (const d of this.disposables) d.dispose();
  }
}

/** Offsets, not line/column: the document maps them the same way whatever its line ends. */
function toVscodeDiagnostic(document: vscode.TextDocument, d: RnnDiagnostic): vscode.Diagnostic {
  const range = new vscode.Range(document.positionAt(d.range.from), document.positionAt(d.range.to));
  const diagnostic = new vscode.Diagnostic(range, d.message, toSeverity(d.severity));
  diagnostic.source = DIAGNOSTIC_SOURCE;
  diagnostic.code = d.code;
  return diagnostic;
}

function toSeverity(severity: RnnDiagnostic['severity']): vscode.DiagnosticSeverity {
  switch (severity) {
    case 'error': return vscode.DiagnosticSeverity.Error;
    case 'warning': return vscode.DiagnosticSeverity.Warning;
    case 'information': return vscode.DiagnosticSeverity.Information;
  }
}
