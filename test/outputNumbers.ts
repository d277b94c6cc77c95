// Reading numbers out of a notebook's printed outputs: the samples' outcome checks, in the unit
// layer (`unroll run`) and in the extension host, read the same lines the same way.
import * as assert from 'node:assert/strict';

/** The number after `label` in the notebook's outputs (`inf`/`nan` as JavaScript's). */
export function numberAfter(text: string, label: RegExp): number {
  const match = new RegExp(`${label.source}\\s*(-?[\\d.]+(?:e[-+]?\\d+)?|inf|-inf|nan|Infinity|NaN)`, 'i').exec(text);
  assert.ok(match, `no number after ${label} in:\n${text.slice(-3000)}`);
  const raw = match[1].toLowerCase();
  return raw === 'inf' || raw === 'infinity' ? Infinity : raw === '-inf' ? -Infinity : raw === 'nan' ? NaN : Number(raw);
}
