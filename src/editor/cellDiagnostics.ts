// The diagnostics of one rnn cell in its notebook: checkCell with the names that the rnn
// cells above bind, so a name defined in an earlier cell is not flagged, and the shape
// mismatches of the models those cells and this one build. Pure; the vscode collection in
// diagnosticsProvider.ts converts the result.
import { checkCell } from '../language';
import type { Diagnostic, KerasRegistry } from '../language';
import { shapeDiagnostics } from './shapes/shapeDiagnostics';
import { knownGlobalsFrom } from './symbols';

export function cellDiagnostics(registry: KerasRegistry, cellsAbove: readonly string[], source: string): Diagnostic[] {
  const found = checkCell(source, knownGlobalsFrom(registry, cellsAbove), registry);
  return [...found, ...shapeDiagnostics(registry, cellsAbove, source)].sort((a, b) => a.range.from - b.range.from);
}
