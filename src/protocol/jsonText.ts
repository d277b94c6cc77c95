// Where things are in JSON text that came from outside (a notebook file, a saved model, a
// JSON Lines row). JSON.parse says only that the text is wrong, and the recursive parsers that
// say where (jsonc-parser) overflow the stack on deeply nested input; this scanner walks the
// text once with an explicit stack, so any depth is only a loop. It finds the first syntax
// error, the first place nested deeper than a limit, and the offset of the value at a path,
// so that a validator can report "line 12, column 7" for a field it found wrong after
// JSON.parse. Pure: no Node-only API.

/** A step into a JSON value: a key of an object or an index of an array. */
export type JsonPath = readonly (string | number)[];

/** 1-based line and column (UTF-16 code units, as editors count) of an offset into `text`. */
export interface TextPosition {
  line: number;
  column: number;
}

export function positionAt(text: string, offset: number): TextPosition {
  const at = Math.max(0, Math.min(offset, text.length));
  let line = 1;
  let lineStart = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < at; i = text.indexOf('\n', i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return { line, column: at - lineStart + 1 };
}

interface JsonSyntaxProblem {
  offset: number;
  /** What is wrong there, in words ("expected ',' or ']'", "the text ends too early (truncated?)"). */
  message: string;
}

export interface JsonScan {
  /** The first syntax error, if the text is not JSON. */
  syntax?: JsonSyntaxProblem;
  /** Where the value at `options.path` starts, or its deepest ancestor found (`depth` says which). */
  found?: { offset: number; depth: number };
  /** Where the first container nested deeper than `options.maxDepth` opens. */
  tooDeep?: number;
}

interface Frame {
  array: boolean;
  /** The index (array) or key (object) of the element being read; undefined before the first. */
  selector: string | number | undefined;
}

const enum Want {
  Value,
  ValueOrClose,
  Key,
  KeyOrClose,
  Colon,
  CommaOrClose,
  End,
}

const WHITESPACE = new Set([0x20, 0x09, 0x0a, 0x0d]);
const LITERAL = /true|false|null|-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;

function describeChar(code: number): string {
  if (code === 0) return 'a NUL byte (0x00)';
  if (code < 0x20 || code === 0x7f) return `control character 0x${code.toString(16).padStart(2, '0')}`;
  if (code >= 0xd800 && code <= 0xdfff) return 'a lone surrogate';
  return JSON.stringify(String.fromCharCode(code));
}

/**
 * Scans `text` as strict JSON (RFC 8259) without recursion. Stops at the first syntax error.
 * With `path`, reports where the value at that path starts (the last one, as JSON.parse keeps
 * the last of duplicate keys), or its deepest present ancestor; with `maxDepth`, where the first
 * array or object nested deeper than that opens (the top-level value is depth 1).
 */
export function scanJson(text: string, options: { path?: JsonPath; maxDepth?: number } = {}): JsonScan {
  const target = options.path;
  const maxDepth = options.maxDepth ?? Infinity;
  const result: JsonScan = {};
  const stack: Frame[] = [];
  const found: number[] = [];
  // How many frames from the bottom have selectors equal to the target path's steps.
  let matched = 0;
  let want = Want.Value as Want;
  let i = 0;
  const n = text.length;

  const fail = (offset: number, message: string): JsonScan => {
    result.syntax = { offset, message: offset >= n ? 'the text ends too early (truncated?)' : message };
    return result;
  };
  const select = (selector: string | number) => {
    const top = stack.length - 1;
    stack[top].selector = selector;
    if (!target) return;
    if (matched > top) matched = top;
    if (matched === top && top < target.length && target[top] === selector) matched = top + 1;
  };
  const valueStarts = (offset: number) => {
    if (!target || matched !== stack.length) return;
    found[stack.length] = offset;
    found.length = stack.length + 1; // a later duplicate key replaces what the earlier held
  };
  const closeValue = () => { want = stack.length === 0 ? Want.End : Want.CommaOrClose; };

  while (i < n) {
    const c = text.charCodeAt(i);
    if (WHITESPACE.has(c)) { i++; continue; }
    switch (want) {
      case Want.End:
        return fail(i, `found ${describeChar(c)} after the end of the JSON value`);
      case Want.Colon:
        if (c !== 0x3a) return fail(i, `expected ':' but found ${describeChar(c)}`);
        i++;
        want = Want.Value;
        continue;
      case Want.CommaOrClose: {
        const top = stack[stack.length - 1];
        if (c === 0x2c) {
          i++;
          if (top.array) {
            select((top.selector as number) + 1);
            want = Want.Value;
          } else want = Want.Key;
          continue;
        }
        if (c === (top.array ? 0x5d : 0x7d)) {
          i++;
          stack.pop();
          if (matched > stack.length) matched = stack.length;
          closeValue();
          continue;
        }
        return fail(i, `expected ',' or '${top.array ? ']' : '}'}' but found ${describeChar(c)}`);
      }
      case Want.Key:
      case Want.KeyOrClose: {
        if (c === 0x7d && want === Want.KeyOrClose) {
          i++;
          stack.pop();
          if (matched > stack.length) matched = stack.length;
          closeValue();
          continue;
        }
        if (c !== 0x22) return fail(i, `expected a "quoted" property name but found ${describeChar(c)}`);
        const end = scanString(text, i);
        if (typeof end !== 'number') return fail(end.offset, end.message);
        let key: string;
        try {
          key = JSON.parse(text.slice(i, end)) as string;
        } catch {
          return fail(i, 'invalid property name');
        }
        select(key);
        i = end;
        want = Want.Colon;
        continue;
      }
      case Want.ValueOrClose:
        if (c === 0x5d) {
          i++;
          stack.pop();
          if (matched > stack.length) matched = stack.length;
          closeValue();
          continue;
        }
        select(0);
        want = Want.Value;
        continue; // read the same character as a value
      case Want.Value: {
        valueStarts(i);
        if (c === 0x5b || c === 0x7b) {
          if (stack.length + 1 > maxDepth && result.tooDeep === undefined) result.tooDeep = i;
          stack.push({ array: c === 0x5b, selector: undefined });
          want = c === 0x5b ? Want.ValueOrClose : Want.KeyOrClose;
          i++;
          continue;
        }
        if (c === 0x22) {
          const end = scanString(text, i);
          if (typeof end !== 'number') return fail(end.offset, end.message);
          i = end;
          closeValue();
          continue;
        }
        LITERAL.lastIndex = i;
        const m = LITERAL.exec(text);
        if (!m) return fail(i, `expected a value but found ${describeChar(c)}`);
        i += m[0].length;
        // A number runs on into letters or digits only if it is not one ("01", "1.", "truex").
        if (i < n && /[\w.+-]/.test(text[i])) return fail(i, `found ${describeChar(text.charCodeAt(i))} inside a value`);
        closeValue();
        continue;
      }
    }
  }
  if (want !== Want.End) return fail(n, 'the text ends too early (truncated?)');
  if (target && found.length) result.found = { offset: found[found.length - 1], depth: found.length - 1 };
  return result;
}

/** The offset just after the string that opens at `start`, or what is wrong with it. */
function scanString(text: string, start: number): number | JsonSyntaxProblem {
  for (let i = start + 1; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x22) return i + 1;
    if (c < 0x20) return { offset: i, message: `${describeChar(c)} inside a string (write it as an escape such as \\n or \\u0000)` };
    if (c === 0x5c) {
      const e = text[i + 1];
      if (e === 'u') {
        if (!/^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) return { offset: i, message: 'invalid \\u escape in a string (needs 4 hex digits)' };
        i += 5;
      } else if (e !== undefined && '"\\/bfnrt'.includes(e)) i++;
      else return { offset: i, message: `invalid escape in a string: \\${e ?? ''}` };
    }
  }
  return { offset: text.length, message: 'the text ends too early (truncated?)' };
}

/** What makes a parsed JSON value unsafe to keep: nesting past a limit, or a number JSON.parse made infinite ("1e400"). */
export interface JsonValueProblem {
  path: (string | number)[];
  problem: 'too deep' | 'not finite';
}

/**
 * The first place in a parsed JSON value nested deeper than `maxDepth` or holding a number
 * that is not finite, walked without recursion; undefined when there is none.
 */
export function findUnsafeJson(value: unknown, maxDepth: number): JsonValueProblem | undefined {
  interface Entry { value: unknown; depth: number; parent?: Entry; key?: string | number }
  const pathOf = (entry: Entry) => {
    const path: (string | number)[] = [];
    for (let e: Entry | undefined = entry; e?.parent; e = e.parent) path.unshift(e.key!);
    return path;
  };
  const pending: Entry[] = [{ value, depth: 0 }];
  while (pending.length) {
    const entry = pending.pop()!;
    const v = entry.value;
    if (typeof v === 'number' && !Number.isFinite(v)) return { path: pathOf(entry), problem: 'not finite' };
    if (v === null || typeof v !== 'object') continue;
    const depth = entry.depth + 1;
    if (depth > maxDepth) return { path: pathOf(entry), problem: 'too deep' };
    const children: [string | number, unknown][] = Array.isArray(v) ? v.map((c, k) => [k, c]) : Object.entries(v);
    // Pushed in reverse, so the first child is walked first and the first problem is the one reported.
    for (let k = children.length - 1; k >= 0; k--) pending.push({ value: children[k][1], depth, parent: entry, key: children[k][0] });
  }
  return undefined;
}
