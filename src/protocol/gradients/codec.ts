// The one codec of the gradient channel. JSON has no NaN or ±Infinity (JSON.stringify writes
// null), and VS Code serialises webview messages and cell outputs as JSON, so a run that
// explodes would reach the panels as nulls (drawn as 0, "vanished"). Here every non-finite
// number travels as one of the strings "NaN", "Infinity", "-Infinity" (what String() writes and
// Number() reads back), and comes back as that number on decode. A real string equal to one of
// them, or starting with the escape character, is escaped so that no value changes on the way.
// Every consumer (heatmap, graph overlay, side panel, renderer mini-map) decodes with this module.

const ESCAPE = '\u001b';
const NON_FINITE: ReadonlyMap<string, number> = new Map([['NaN', NaN], ['Infinity', Infinity], ['-Infinity', -Infinity]]);

/** A value in wire form: plain JSON, safe for JSON.stringify and VS Code's postMessage. */
export type Wire<T> = T & { readonly __wire?: never };

function encodeLeaf(value: unknown): unknown {
  if (typeof value === 'number') return Number.isFinite(value) ? value : String(value);
  if (typeof value === 'string' && (NON_FINITE.has(value) || value.startsWith(ESCAPE))) return ESCAPE + value;
  return value;
}

function decodeLeaf(value: unknown): unknown {
  if (typeof value !== 'string') return value;
  if (value.startsWith(ESCAPE)) return value.slice(ESCAPE.length);
  return NON_FINITE.get(value) ?? value;
}

function mapDeep(value: unknown, leaf: (v: unknown) => unknown, depth: number): unknown {
  if (depth > 64) throw new RangeError('gradient codec: value nested deeper than 64 levels');
  if (Array.isArray(value)) return value.map(v => mapDeep(v, leaf, depth + 1));
  if (ArrayBuffer.isView(value)) return Array.from(value as unknown as ArrayLike<number>, leaf);
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) if (v !== undefined) out[k] = mapDeep(v, leaf, depth + 1);
    return out;
  }
  return leaf(value);
}

/** A deep copy whose non-finite numbers are tagged strings: what postMessage to a webview may carry. */
export function toWire<T>(value: T): Wire<T> {
  return mapDeep(value, encodeLeaf, 0) as Wire<T>;
}

/** The value that toWire encoded, non-finite numbers restored. */
export function fromWire<T>(wire: unknown): T {
  return mapDeep(wire, decodeLeaf, 0) as T;
}

/** JSON text of `value` with NaN and ±Infinity kept (cell outputs). */
export function encodeJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => encodeLeaf(v));
}

/** Parses what encodeJson wrote. */
export function decodeJson<T>(text: string): T {
  return JSON.parse(text, (_key, v: unknown) => decodeLeaf(v)) as T;
}
