// The diagnostics of rnn cells in their notebook: checkCell with the names that the rnn
// cells above bind, so a name defined in an earlier cell is not flagged, and the shape
// mismatches of the models those cells and this one build. Pure; the vscode collection in
// diagnosticsProvider.ts converts the result.
import { checkCell } from '../check/checkCell';
import type { Diagnostic, KerasRegistry } from '..';
import { NotebookShapes } from './shapes/shapeDiagnostics';
import { NotebookGlobals } from './symbols';

export function cellDiagnostics(registry: KerasRegistry, cellsAbove: readonly string[], source: string): Diagnostic[] {
  return notebookDiagnostics(registry, [...cellsAbove, source]).at(-1)!;
}

/** Every cell's diagnostics, reading the notebook once from the top (typing re-checks all of it). */
export function notebookDiagnostics(registry: KerasRegistry, sources: readonly string[]): Diagnostic[][] {
  const globals = new NotebookGlobals(registry);
  const shapes = new NotebookShapes(registry);
  return sources.map(source => {
    const found = [...checkCell(source, globals.known(), registry), ...shapes.cell(source)];
    globals.add(source);
    return found.sort((a, b) => a.range.from - b.range.from);
  });
}
