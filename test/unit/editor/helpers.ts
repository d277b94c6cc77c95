// Cursor-marked sources for the editor tests: `LSTM(|` means the cursor after the paren.
import { declaredRegistry } from '../../../src/language/analysis/declaredRegistry';
import type { EditorEnv } from '../../../src/language/analysis/env';

export const registry = declaredRegistry();

export function env(...cellsAbove: string[]): EditorEnv {
  return { registry, cellsAbove };
}

/** Splits 'text|more' into the text without the marker and the marker's offset. */
export function at(marked: string): { source: string; offset: number } {
  const offset = marked.indexOf('|');
  if (offset < 0 || marked.indexOf('|', offset + 1) >= 0) throw new Error(`exactly one | cursor marker expected in ${JSON.stringify(marked)}`);
  return { source: marked.slice(0, offset) + marked.slice(offset + 1), offset };
}
