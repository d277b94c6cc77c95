// The diagnostics of one rnn cell in its notebook: checkCell with the names that the rnn
// cells above bind, so a name defined in an earlier cell is not flagged. Pure; the
// vscode collection in diagnosticsProvider.ts converts the result.
import { checkCell } from '../language';
import type { Diagnostic, KerasRegistry } from '../language';
import { knownGlobalsFrom } from './symbols';

export function cellDiagnostics(registry: KerasRegistry, cellsAbove: readonly string[], source: string): Diagnostic[] {
  return checkCell(source, knownGlobalsFrom(registry, cellsAbove), registry);
}
