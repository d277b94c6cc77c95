// The diagnostics of rnn cells in their notebook, from the analyser's one walk over the
// cells in order: a name defined in an earlier cell is known with what it is, and the
// models those cells and this one build are shape-checked. Pure; the vscode collection in
// diagnosticsProvider.ts converts the result.
import type { Diagnostic, KerasRegistry } from '..';
import { analyseNotebook } from './analyser';

export function cellDiagnostics(registry: KerasRegistry, cellsAbove: readonly string[], source: string): Diagnostic[] {
  return notebookDiagnostics(registry, [...cellsAbove, source]).at(-1)!;
}

/** Every cell's diagnostics, reading the notebook once from the top (typing re-checks all of it). */
export function notebookDiagnostics(registry: KerasRegistry, sources: readonly string[]): Diagnostic[][] {
  return analyseNotebook(registry, sources).map(cell => cell.diagnostics);
}
