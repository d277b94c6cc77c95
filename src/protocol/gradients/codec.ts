// The one codec of the gradient channel. JSON has no NaN or ±Infinity (JSON.stringify writes
// null), and VS Code serialises webview messages and cell outputs as JSON, so a run that
// explodes would reach the panels as nulls (drawn as 0, "vanished"). Here every non-finite
// number travels as one of the strings "NaN", "Infinity", "-Infinity" (what String() writes and
// Number() reads back), and comes back as that number on decode. A real string equal to one of
// them, or starting with the escape character, is escaped so that no value changes on the way.
// Every consumer (heatmap, graph overlay, side panel, renderer mini-map) decodes with this module.
//
// Float32Array and Float64Array values (state snapshots, attention maps, saliency) travel as their
// bytes in base64 and come back as the same typed array: a float32 written as JSON text takes
// 17–19 characters ("0.12345677614212036"), its bytes in base64 5.3, and the page parses no
// number and boxes none. NaN and ±Inf are kept by the bytes themselves. An object key that starts
// with the escape character is escaped too, so no object is taken for a typed array.
//
// A webview's postMessage needs neither: VS Code (engines ≥ 1.57) lifts ArrayBuffers and typed
// arrays out of the message and carries them as bytes beside its JSON, and the page gets the same
// typed array back. So toMessage leaves Float32Array and Float64Array as they are: no base64 to
// write in the host, none to read in the page (a state snapshot is ~150 KB of float32).

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

/** The key of a typed array's wire form: `{ [TYPED]: 'f32' | 'f64', bytes: base64 }`. */
const TYPED = `${ESCAPE}typed`;
const TYPED_ARRAYS = { f32: Float32Array, f64: Float64Array } as const;
type TypedTag = keyof typeof TYPED_ARRAYS;
/** The wire carries little-endian bytes (every platform VS Code runs on); a big-endian one swaps. */
const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/**
 * Chunks of 8 Ki bytes through String.fromCharCode.apply: a spread of 32 Ki arguments made the
 * encoding of a state snapshot (6 × 25 KB) and its JSON text take 7.3 ms, this one 1.0 ms.
 */
function bytesToBase64(bytes: Uint8Array): string {
  let text = '';
  for (let i = 0; i < bytes.length; i += 0x2000) text += String.fromCharCode.apply(null, bytes.subarray(i, i + 0x2000) as unknown as number[]);
  return btoa(text);
}

function encodeTyped(value: Float32Array | Float64Array, tag: TypedTag): unknown {
  const bytes = new Uint8Array(value.buffer, value.byteOffset, value.byteLength).slice();
  if (!LITTLE_ENDIAN) swapBytes(bytes, value.BYTES_PER_ELEMENT);
  return { [TYPED]: tag, bytes: bytesToBase64(bytes) };
}

function decodeTyped(wire: Record<string, unknown>): Float32Array | Float64Array {
  const Type = TYPED_ARRAYS[wire[TYPED] as TypedTag];
  if (!Type || typeof wire.bytes !== 'string') throw new RangeError('gradient codec: a damaged typed array');
  const text = atob(wire.bytes);
  if (text.length % Type.BYTES_PER_ELEMENT !== 0) throw new RangeError('gradient codec: a typed array of a partial element');
  const bytes = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i);
  if (!LITTLE_ENDIAN) swapBytes(bytes, Type.BYTES_PER_ELEMENT);
  return new Type(bytes.buffer);
}

function swapBytes(bytes: Uint8Array, size: number) {
  for (let i = 0; i < bytes.length; i += size) bytes.subarray(i, i + size).reverse();
}

const escapeKey = (k: string) => (k.startsWith(ESCAPE) ? ESCAPE + k : k);
const unescapeKey = (k: string) => (k.startsWith(ESCAPE) ? k.slice(ESCAPE.length) : k);

/**
 * 'wire': JSON only (typed arrays packed as base64); 'message': a webview's postMessage (typed
 * arrays as themselves); 'readable': JSON for people (typed arrays as arrays); 'decode': back
 * from either.
 */
type Mode = 'wire' | 'message' | 'readable' | 'decode';

/** VS Code sends a typed array's whole ArrayBuffer: a view into a larger one goes as a copy of its own elements. */
const ownBuffer = (value: Float32Array | Float64Array) => (value.byteOffset === 0 && value.byteLength === value.buffer.byteLength ? value : value.slice());

function mapDeep(value: unknown, mode: Mode, depth: number): unknown {
  if (depth > 64) throw new RangeError('gradient codec: value nested deeper than 64 levels');
  const leaf = mode === 'decode' ? decodeLeaf : encodeLeaf;
  if (Array.isArray(value)) return value.map(v => mapDeep(v, mode, depth + 1));
  if (mode === 'wire' && value instanceof Float32Array) return encodeTyped(value, 'f32');
  if (mode === 'wire' && value instanceof Float64Array) return encodeTyped(value, 'f64');
  if (mode === 'message' && (value instanceof Float32Array || value instanceof Float64Array)) return ownBuffer(value);
  // What a postMessage carried as bytes arrives as a typed array: kept as it is.
  if (mode === 'decode' && (value instanceof Float32Array || value instanceof Float64Array)) return value;
  if (ArrayBuffer.isView(value)) return Array.from(value as unknown as ArrayLike<number>, leaf);
  if (value !== null && typeof value === 'object') {
    if (mode === 'decode' && TYPED in value) return decodeTyped(value);
    const key = mode === 'wire' || mode === 'message' ? escapeKey : mode === 'decode' ? unescapeKey : (k: string) => k;
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) if (v !== undefined) out[key(k)] = mapDeep(v, mode, depth + 1);
    return out;
  }
  return leaf(value);
}

/** A deep copy whose non-finite numbers are tagged strings: what postMessage to a webview may carry. */
export function toWire<T>(value: T): Wire<T> {
  return mapDeep(value, 'wire', 0) as Wire<T>;
}

/**
 * A deep copy for a webview's postMessage: non-finite numbers tagged as toWire tags them,
 * Float32Array and Float64Array left as typed arrays for VS Code to carry as bytes.
 */
export function toMessage<T>(value: T): Wire<T> {
  return mapDeep(value, 'message', 0) as Wire<T>;
}

/** JSON-safe for people to read (an exported panel's data): non-finite numbers as named strings, typed arrays as arrays. */
export function toReadable(value: unknown): unknown {
  return mapDeep(value, 'readable', 0);
}

/** The value that toWire encoded, non-finite numbers restored. */
export function fromWire<T>(wire: unknown): T {
  return mapDeep(wire, 'decode', 0) as T;
}

/** JSON text of `value` with NaN and ±Infinity kept (cell outputs). */
export function encodeJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => encodeLeaf(v));
}

/** Parses what encodeJson wrote. */
export function decodeJson<T>(text: string): T {
  return JSON.parse(text, (_key, v: unknown) => decodeLeaf(v)) as T;
}
