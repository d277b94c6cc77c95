// Strict UTF-8 decoding that says where a file stops being UTF-8. TextDecoder's fatal mode
// says only that it failed; a person repairing the file needs the line and column. Pure: no
// Node-only API.

export interface Utf8Problem {
  /** Offset of the first byte that does not start or continue a valid UTF-8 sequence. */
  offset: number;
  byte: number;
  /** 1-based; the column counts UTF-16 code units of the valid text before it on its line, as editors do. */
  line: number;
  column: number;
}

/** The text of `bytes` (a leading byte order mark dropped), or where it is not UTF-8. */
export function decodeUtf8(bytes: Uint8Array): { text: string } | { problem: Utf8Problem } {
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes) };
  } catch {
    const offset = firstInvalidUtf8(bytes);
    let line = 1;
    for (let i = bytes.indexOf(0x0a); i !== -1 && i < offset; i = bytes.indexOf(0x0a, i + 1)) line++;
    const lineStart = offset === 0 ? 0 : bytes.lastIndexOf(0x0a, offset - 1) + 1;
    const column = new TextDecoder().decode(bytes.subarray(lineStart, offset)).length + 1;
    return { problem: { offset, byte: bytes[offset] ?? 0, line, column } };
  }
}

/** The offset of the first byte that does not start or continue a valid UTF-8 sequence. */
function firstInvalidUtf8(b: Uint8Array): number {
  let i = 0;
  while (i < b.length) {
    const c = b[i];
    if (c < 0x80) { i++; continue; }
    const more = c >= 0xc2 && c <= 0xdf ? 1 : c >= 0xe0 && c <= 0xef ? 2 : c >= 0xf0 && c <= 0xf4 ? 3 : -1;
    if (more < 0 || i + more >= b.length) return i;
    // The second byte's range is narrower after E0, ED, F0 and F4 (no overlongs, no surrogates, nothing past U+10FFFF).
    const low = c === 0xe0 ? 0xa0 : c === 0xf0 ? 0x90 : 0x80;
    const high = c === 0xed ? 0x9f : c === 0xf4 ? 0x8f : 0xbf;
    if (b[i + 1] < low || b[i + 1] > high) return i;
    for (let k = 2; k <= more; k++) if ((b[i + k] & 0xc0) !== 0x80) return i;
    i += more + 1;
  }
  return Math.max(0, b.length - 1);
}
