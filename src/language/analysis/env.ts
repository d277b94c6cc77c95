// What every editor question needs besides the cell's text: the registry to resolve names
// in, and the sources of the rnn cells above (their assignments and imports are visible).
import type { KerasRegistry } from '..';
import { Scope, scopeFor } from './symbols';

export interface EditorEnv {
  readonly registry: KerasRegistry;
  /** Sources of the rnn code cells above this one, in notebook order. */
  readonly cellsAbove: readonly string[];
}

export function scopeAt(env: EditorEnv, source: string, offset: number): Scope {
  return scopeFor(env.registry, env.cellsAbove, source, offset);
}
