// What the boundary fuzzers share: a seeded generator (so every failure replays from its seed
// and case number) and the mutations of bytes and JSON that hostile or damaged files carry:
// bit flips, truncation, splicing two inputs, NUL and invalid UTF-8 bytes, deep nesting, huge
// and non-finite numbers, and values of the wrong type.

/** mulberry32: the tests' one seeded generator (fuzzers, and float64 references that need fixed random matrices). */
export function generator(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n: number) => Math.floor(next() * n);
  const pick = <T>(items: readonly T[]): T => items[int(items.length)];
  return { next, int, pick };
}

export type Gen = ReturnType<typeof generator>;

const enc = new TextEncoder();
const dec = new TextDecoder();

/** Values JSON readers trip over: huge, non-finite (as text JSON.parse reads to Infinity), wrong types. */
export const HOSTILE_NUMBERS = ['1e400', '-1e309', '123456789012345678901234567890', '1e-400', '-0', '9007199254740993', '0.1e1', '4294967296', '-1', '1.5'];
const HOSTILE_TOKENS = [
  'NaN', 'Infinity', '-Infinity', 'null', 'true', '"', '\\', '\\u', '\\ud800', '{', '}', '[', ']', ',', ':', '""', '{}', '[]',
  '\u0000', '\u2028', '\ufeff', '\ud83d', '"\u001b"', '"NaN"', ...HOSTILE_NUMBERS,
];
const INVALID_UTF8 = [[0xff], [0xfe, 0xff], [0xc0, 0x80], [0xed, 0xa0, 0x80], [0xf4, 0x90, 0x80, 0x80], [0xe2, 0x82], [0x80], [0xf0, 0x9f, 0x98]];

/** A wrong-typed JSON value for a field (what a hand edit or another tool might leave). */
export function wrongValue(g: Gen): unknown {
  switch (g.int(10)) {
    case 0: return null;
    case 1: return g.next() < 0.5;
    case 2: return Number(g.pick(HOSTILE_NUMBERS));
    case 3: return g.pick(['', 'x', 'NaN', 'float64', 'code', '\u0000', 'a/b\nc']);
    case 4: return [];
    case 5: return {};
    case 6: return [g.pick([1, 'a', null, {}])];
    case 7: return { type: g.pick(['ready', 'stop', 'x']) };
    case 8: return -1;
    default: return 0;
  }
}

/** Sets a random place inside parsed JSON to a wrong value, deletes it, or nests it deeply (`deep`: indenting it would be quadratic). */
function mutateJsonValue(g: Gen, root: unknown): { value: unknown; deep?: boolean } {
  const places: { parent: Record<string, unknown> | unknown[]; key: string | number }[] = [];
  const pending: unknown[] = [root];
  while (pending.length && places.length < 5000) {
    const v = pending.pop();
    if (v === null || typeof v !== 'object') continue;
    for (const [k, child] of Object.entries(v)) {
      places.push({ parent: v as Record<string, unknown>, key: Array.isArray(v) ? Number(k) : k });
      pending.push(child);
    }
  }
  if (!places.length) return { value: g.next() < 0.5 ? wrongValue(g) : root };
  const { parent, key } = g.pick(places);
  const record = parent as Record<string | number, unknown>;
  switch (g.int(4)) {
    case 0:
      if (Array.isArray(parent)) parent.splice(key as number, 1);
      else delete record[key];
      break;
    case 1: {
      let v = record[key];
      for (let d = 10 + g.int(1000); d > 0; d--) v = g.next() < 0.5 ? [v] : { a: v };
      record[key] = v;
      return { value: root, deep: true };
    }
    default: record[key] = wrongValue(g);
  }
  return { value: root };
}

/** One mutation of JSON-ish bytes; `others` are inputs to splice from. */
export function mutateBytes(g: Gen, input: Uint8Array, others: readonly Uint8Array[]): Uint8Array {
  let b = input;
  const at = () => g.int(b.length + 1);
  const text = () => dec.decode(b);
  switch (g.int(12)) {
    case 0: { // bit flips
      b = b.slice();
      for (let k = 1 + g.int(4); k > 0 && b.length; k--) b[g.int(b.length)] ^= 1 << g.int(8);
      return b;
    }
    case 1: return b.slice(0, at()); // truncation
    case 2: { // splice: a head of this input and a tail of another
      const other = g.pick(others);
      return concat(b.subarray(0, at()), other.subarray(g.int(other.length + 1)));
    }
    case 3: { // delete or duplicate a run
      const from = at();
      const to = Math.min(b.length, from + 1 + g.int(64));
      return g.next() < 0.5 ? concat(b.subarray(0, from), b.subarray(to)) : concat(b.subarray(0, to), b.subarray(from));
    }
    case 4: { // NUL bytes and invalid UTF-8
      const where = at();
      const bad = g.next() < 0.4 ? [0] : g.pick(INVALID_UTF8);
      return concat(b.subarray(0, where), Uint8Array.from(bad), b.subarray(where));
    }
    case 5: { // a hostile token at a random place
      const where = at();
      return concat(b.subarray(0, where), enc.encode(g.pick(HOSTILE_TOKENS)), b.subarray(where));
    }
    case 6: { // numbers made huge or non-finite
      const s = text();
      const numbers = [...s.matchAll(/-?\d+(\.\d+)?([eE][+-]?\d+)?/g)];
      if (!numbers.length) return enc.encode(s + g.pick(HOSTILE_NUMBERS));
      const m = g.pick(numbers);
      return enc.encode(s.slice(0, m.index) + g.pick([...HOSTILE_NUMBERS, 'NaN', 'Infinity']) + s.slice(m.index + m[0].length));
    }
    case 7: { // deep nesting of brackets, closed or not
      const depth = g.pick([100, 600, 3000, 20_000]);
      const open = g.pick(['[', '{"a":', '[{"a":']);
      const close = open === '[' ? ']' : open === '{"a":' ? '}' : '}]';
      const where = at();
      const inner = g.next() < 0.7 ? open.repeat(depth) + '1' + close.repeat(depth) : open.repeat(depth);
      return concat(b.subarray(0, where), enc.encode(inner), b.subarray(where));
    }
    case 8: case 9: case 10: { // structure kept, a value of the wrong type (or deeply nested) somewhere
      let doc: unknown;
      try {
        doc = JSON.parse(text());
      } catch {
        return mutateBytes(g, b, others);
      }
      const { value, deep } = mutateJsonValue(g, doc);
      const indent = deep ? 0 : g.pick([0, 1, 2]);
      try {
        return enc.encode(JSON.stringify(value, null, indent));
      } catch {
        return mutateBytes(g, b, others); // nested too deep for JSON.stringify (an earlier mutation)
      }
    }
    default: { // random bytes
      const where = at();
      return concat(b.subarray(0, where), Uint8Array.from({ length: 1 + g.int(16) }, () => g.int(256)), b.subarray(where));
    }
  }
}

/** 1 to 3 mutations in a row. */
export function mutateSome(g: Gen, input: Uint8Array, others: readonly Uint8Array[]): Uint8Array {
  let b = input;
  for (let k = 1 + g.int(3); k > 0; k--) b = mutateBytes(g, b, others);
  return b;
}

function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

/** A short printable form of a failing input for an assertion message. */
export function preview(bytes: Uint8Array | string): string {
  const s = typeof bytes === 'string' ? bytes : dec.decode(bytes);
  return JSON.stringify(s.length > 300 ? `${s.slice(0, 200)}…(${s.length} chars)…${s.slice(-80)}` : s);
}
