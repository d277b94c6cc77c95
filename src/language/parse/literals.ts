// Decoding of Python number and string literals from their source text. lezer tells us
// where a literal is; its value (underscores, bases, escapes, prefixes) is decided here.
import { PyException } from '../errors';

export type NumberValue = { kind: 'int'; value: bigint } | { kind: 'float'; value: number };

/** Parses a Python number literal; throws PyException('SyntaxError') for forms we reject. */
export function parseNumber(text: string): NumberValue {
  if (/[jJ]$/.test(text)) throw new PyException('SyntaxError', 'complex numbers are not supported in rnn cells');
  if (/__|_$|^_|_\.|\._|_[eE]|[eE][+-]?_/.test(text)) throw new PyException('SyntaxError', 'invalid decimal literal');
  const clean = text.replace(/_/g, '');
  const based = /^0([xXoObB])([0-9a-fA-F]+)$/.exec(clean);
  if (based) {
    const digitsOk = { x: /^[0-9a-f]+$/i, o: /^[0-7]+$/, b: /^[01]+$/ }[based[1].toLowerCase() as 'x' | 'o' | 'b'];
    if (!digitsOk.test(based[2])) throw new PyException('SyntaxError', `invalid digit in ${text}`);
    return { kind: 'int', value: BigInt('0' + based[1].toLowerCase() + based[2]) };
  }
  if (/^[0-9]+$/.test(clean)) {
    if (clean.length > 1 && clean[0] === '0' && /[1-9]/.test(clean)) {
      throw new PyException('SyntaxError', 'leading zeros in decimal integer literals are not permitted; use an 0o prefix for octal integers');
    }
    if (clean.length > 4300) throw new PyException('SyntaxError', 'integer literal too long');
    return { kind: 'int', value: BigInt(clean) };
  }
  if (/^([0-9]+\.?[0-9]*|\.[0-9]+)([eE][+-]?[0-9]+)?$/.test(clean)) return { kind: 'float', value: Number(clean) };
  throw new PyException('SyntaxError', 'invalid syntax');
}

export interface StringPrefix {
  raw: boolean;
  format: boolean;
  bytes: boolean;
}

/** Splits `rf'''…'''` into its prefix flags, quote and body; null when unterminated. */
export function splitStringLiteral(text: string): { prefix: StringPrefix; quote: string; body: string; bodyOffset: number } | null {
  const m = /^([rRbBuUfF]*)('''|"""|'|")/.exec(text);
  if (!m) return null;
  const letters = m[1].toLowerCase();
  const quote = m[2];
  const bodyOffset = m[0].length;
  if (text.length < bodyOffset + quote.length || !text.endsWith(quote)) return null;
  return {
    prefix: { raw: letters.includes('r'), format: letters.includes('f'), bytes: letters.includes('b') },
    quote,
    body: text.slice(bodyOffset, text.length - quote.length),
    bodyOffset,
  };
}

const SIMPLE_ESCAPES: Record<string, string> = {
  '\\': '\\', "'": "'", '"': '"', n: '\n', r: '\r', t: '\t', a: '\x07', b: '\b', f: '\f', v: '\v', '\n': '',
};

/** Applies Python's backslash escapes to a (non-raw) string body. */
export function decodeEscapes(body: string): string {
  if (!body.includes('\\')) return body;
  let out = '';
  for (let i = 0; i < body.length; i++) {
    const c = body[i];
    if (c !== '\\' || i + 1 >= body.length) {
      out += c;
      continue;
    }
    const e = body[i + 1];
    if (e in SIMPLE_ESCAPES) {
      out += SIMPLE_ESCAPES[e];
      i++;
    } else if (/[0-7]/.test(e)) {
      const digits = /^[0-7]{1,3}/.exec(body.slice(i + 1))![0];
      out += String.fromCharCode(parseInt(digits, 8));
      i += digits.length;
    } else if (e === 'x' || e === 'u' || e === 'U') {
      const width = e === 'x' ? 2 : e === 'u' ? 4 : 8;
      const hex = body.slice(i + 2, i + 2 + width);
      if (hex.length !== width || !/^[0-9a-fA-F]+$/.test(hex)) {
        throw new PyException('SyntaxError', `(unicode error) truncated \\${e}${'X'.repeat(width)} escape`);
      }
      const code = parseInt(hex, 16);
      if (code > 0x10ffff) throw new PyException('SyntaxError', '(unicode error) illegal Unicode character');
      out += String.fromCodePoint(code);
      i += 1 + width;
    } else if (e === 'N') {
      throw new PyException('SyntaxError', '\\N{…} escapes are not supported in rnn cells');
    } else {
      // Python keeps unknown escapes as written (with a warning).
      out += c;
    }
  }
  return out;
}
