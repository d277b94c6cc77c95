// What every editor question needs besides the cell's text: the registry to resolve names
// in, and the sources of the rnn cells above (their assignments and imports are visible).
import type { KerasRegistry } from '..';
import { Analyser } from './analyser';
import type { Scope } from './scope';

export interface EditorEnv {
  readonly registry: KerasRegistry;
  /** Sources of the rnn code cells above this one, in notebook order. */
  readonly cellsAbove: readonly string[];
}

/** The names a cell sees at `offset`: the analyser's walk of the cells above, then this cell up to there. */
export function scopeAt(env: EditorEnv, source: string, offset: number): Scope {
  const analyser = new Analyser(env.registry);
  for (const cell of env.cellsAbove) analyser.cell(cell);
  analyser.cell(source, offset);
  return analyser.scope();
}
