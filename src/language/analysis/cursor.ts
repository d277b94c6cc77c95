// Where the cursor is, read from the text before it: after `obj.`, inside a call's argument
// list (which argument, which keyword), inside a string argument, or at a plain name. What
// the names there mean comes from the analyser (scope.ts); this file only finds the place.
// Kept as a small tokenizer and a bracket stack rather than folded into the lezer tree: the
// text before a cursor is a half-typed statement, and lezer's error recovery gives it shapes
// that each need a case (`metrics=['` parses as a list comprehension, `activation=` ends in
// an error node with no argument node, an unclosed string has no closing quote, `(` may
// become a tuple, a generator or a parenthesised expression). The frame facts completion and
// signature help need (argument index, keywords given, the current keyword, the callee's
// dotted chain) would be recomputed from those shapes: as much code, with more cases.

type TokenKind = 'name' | 'number' | 'string' | 'op' | 'newline';

export interface Token {
  readonly kind: TokenKind;
  readonly text: string;
  readonly from: number;
  readonly to: number;
  /** Strings only: false while the closing quote has not been typed. */
  readonly closed?: boolean;
  /** Strings only: the offset where the string's content starts (after prefix and quotes). */
  readonly contentFrom?: number;
}

const NAME_START = /[A-Za-z_\u00C0-\uFFFF]/;
const NAME_PART = /[A-Za-z0-9_\u00C0-\uFFFF]/;
const TWO_CHAR_OPS = new Set(['==', '!=', '<=', '>=', '**', '//', '->', '+=', '-=', '*=', '/=', '%=', ':=', '<<', '>>']);

/** Python-ish tokens; comments are dropped, newlines inside brackets are not statement ends. */
export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let depth = 0;
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    if (c === '#') {
      while (i < text.length && text[i] !== '\n') i++;
    } else if (c === '\n') {
      if (depth === 0) tokens.push({ kind: 'newline', text: c, from: i, to: i + 1 });
      i++;
    } else if (c === ' ' || c === '\t' || c === '\r' || c === '\\') {
      i++;
    } else if (isStringStart(text, i)) {
      const token = readString(text, i);
      tokens.push(token);
      i = token.to;
    } else if (NAME_START.test(c)) {
      const from = i;
      while (i < text.length && NAME_PART.test(text[i])) i++;
      tokens.push({ kind: 'name', text: text.slice(from, i), from, to: i });
    } else if (/[0-9]/.test(c) || (c === '.' && /[0-9]/.test(text[i + 1] ?? ''))) {
      const from = i;
      while (i < text.length && /[0-9A-Za-z_.]/.test(text[i])) i++;
      tokens.push({ kind: 'number', text: text.slice(from, i), from, to: i });
    } else {
      const two = text.slice(i, i + 2);
      const op = TWO_CHAR_OPS.has(two) ? two : c;
      if ('([{'.includes(op)) depth++;
      else if (')]}'.includes(op)) depth = Math.max(0, depth - 1);
      tokens.push({ kind: 'op', text: op, from: i, to: i + op.length });
      i += op.length;
    }
  }
  return tokens;
}

/** A quote, or a string prefix (f, r, b, rb…) directly followed by one. */
function isStringStart(text: string, i: number): boolean {
  const m = /^[rRbBfFuU]{0,2}['"]/.exec(text.slice(i, i + 3));
  if (!m) return false;
  // `xr'…'` is a name followed by a string, not a prefix: the prefix must start a token.
  return i === 0 || !NAME_PART.test(text[i - 1]);
}

function readString(text: string, from: number): Token {
  let i = from;
  while (/[rRbBfFuU]/.test(text[i])) i++;
  const quote = text[i];
  const triple = text.startsWith(quote.repeat(3), i);
  const delimiter = triple ? quote.repeat(3) : quote;
  i += delimiter.length;
  const contentFrom = i;
  while (i < text.length) {
    if (text[i] === '\\') {
      i += 2;
      continue;
    }
    if (!triple && text[i] === '\n') break;
    if (text.startsWith(delimiter, i)) {
      return { kind: 'string', text: text.slice(from, i + delimiter.length), from, to: i + delimiter.length, closed: true, contentFrom };
    }
    i++;
  }
  const to = Math.min(i, text.length);
  return { kind: 'string', text: text.slice(from, to), from, to, closed: false, contentFrom };
}

/** One open bracket around the cursor. For a call, what is known about its arguments. */
export interface Frame {
  readonly bracket: '(' | '[' | '{';
  readonly open: number;
  /** For `(` right after a name chain: `model.add`, `LSTM`, `layers.Dense`. */
  readonly callee?: readonly string[];
  /** 0-based index of the argument the cursor is in. */
  argIndex: number;
  /** Keyword names given so far in this call (before the cursor). */
  readonly usedKeywords: string[];
  /** The keyword of the argument the cursor is in (`units=3|` → 'units'). */
  keyword?: string;
  /** Tokens of the current argument before the cursor. */
  argTokens: Token[];
}

/** The open brackets at `offset`, innermost last. */
export function framesAt(tokens: readonly Token[], offset: number): Frame[] {
  const frames: Frame[] = [];
  for (let k = 0; k < tokens.length && tokens[k].to <= offset; k++) {
    const t = tokens[k];
    const top = frames[frames.length - 1];
    if (t.kind === 'op' && (t.text === '(' || t.text === '[' || t.text === '{')) {
      const callee = t.text === '(' ? chainEndingAt(tokens, k - 1) : undefined;
      top?.argTokens.push(t);
      frames.push({ bracket: t.text, open: t.from, callee: callee?.length ? callee : undefined, argIndex: 0, usedKeywords: [], argTokens: [] });
      continue;
    }
    if (t.kind === 'op' && (t.text === ')' || t.text === ']' || t.text === '}')) {
      frames.pop();
      frames[frames.length - 1]?.argTokens.push(t);
      continue;
    }
    if (t.kind === 'newline') {
      // A statement ended outside any bracket: nothing is open.
      frames.length = 0;
      continue;
    }
    if (!top) continue;
    if (t.kind === 'op' && t.text === ',') {
      top.argIndex++;
      top.keyword = undefined;
      top.argTokens = [];
      continue;
    }
    if (t.kind === 'op' && t.text === '=' && top.argTokens.length === 1 && top.argTokens[0].kind === 'name') {
      top.keyword = top.argTokens[0].text;
      top.usedKeywords.push(top.keyword);
    }
    top.argTokens.push(t);
  }
  return frames;
}

/** `a.b.c` ending at token index k (the `c`), as ['a', 'b', 'c']; [] when k is not a name. */
export function chainEndingAt(tokens: readonly Token[], k: number): string[] {
  const chain: string[] = [];
  while (k >= 0 && tokens[k].kind === 'name' && !isKeyword(tokens[k].text)) {
    chain.unshift(tokens[k].text);
    if (k >= 2 && tokens[k - 1].kind === 'op' && tokens[k - 1].text === '.') k -= 2;
    else break;
  }
  // `x().y` or `a[0].b`: the chain does not start at a name, so its owner is unknown.
  if (k >= 1 && chain.length > 0 && tokens[k - 1]?.kind === 'op' && tokens[k - 1].text === '.') return [];
  return chain;
}

const PYTHON_KEYWORDS = new Set([
  'and', 'as', 'assert', 'async', 'await', 'break', 'class', 'continue', 'def', 'del', 'elif', 'else', 'except',
  'finally', 'for', 'from', 'global', 'if', 'import', 'in', 'is', 'lambda', 'nonlocal', 'not', 'or', 'pass',
  'raise', 'return', 'try', 'while', 'with', 'yield', 'True', 'False', 'None',
]);

function isKeyword(name: string): boolean {
  return PYTHON_KEYWORDS.has(name);
}

/** The innermost frame that is a call (a `[` inside a call still belongs to its argument). */
export function innermostCall(frames: readonly Frame[]): Frame | undefined {
  for (let i = frames.length - 1; i >= 0; i--) if (frames[i].bracket === '(' && frames[i].callee) return frames[i];
  return undefined;
}

export type CursorContext =
  /** After `obj.`: complete obj's members. */
  | { kind: 'member'; object: string[]; prefix: string; replaceFrom: number; frames: Frame[] }
  /** At a name (or nothing) in code: names, and keyword arguments at an argument's start. */
  | { kind: 'name'; prefix: string; replaceFrom: number; frames: Frame[]; atArgumentStart: boolean; statementStart: boolean }
  /** Inside an unclosed string: string choices of the parameter it is an argument for. */
  | { kind: 'string'; prefix: string; replaceFrom: number; quote: string; frames: Frame[]; inList: boolean }
  /** In `import …` / `from … import …`: module paths and their names. */
  | { kind: 'import'; module: string[]; prefix: string; replaceFrom: number; afterImport: boolean }
  /** Nothing sensible to offer: a comment, a number, a closed string. */
  | { kind: 'none' };

export function cursorContext(source: string, offset: number): CursorContext {
  const text = source.slice(0, offset);
  if (inComment(text)) return { kind: 'none' };
  const tokens = tokenize(text);
  const frames = framesAt(tokens, offset);
  const last = tokens[tokens.length - 1];
  const lastEndsAtCursor = last !== undefined && last.to === offset;

  if (last?.kind === 'string' && lastEndsAtCursor) {
    if (last.closed) return { kind: 'none' };
    const quote = source[last.contentFrom! - 1];
    const top = frames[frames.length - 1];
    return { kind: 'string', prefix: text.slice(last.contentFrom), replaceFrom: last.contentFrom!, quote, frames, inList: top?.bracket === '[' };
  }
  if (last?.kind === 'number' && lastEndsAtCursor) return { kind: 'none' };

  const typing = last?.kind === 'name' && lastEndsAtCursor ? last : undefined;
  const prefix = typing?.text ?? '';
  const replaceFrom = typing?.from ?? offset;
  const before = tokens.length - (typing ? 2 : 1); // index of the token before the word being typed
  const statement = statementTokens(tokens, before);

  if (statement[0]?.text === 'import' || statement[0]?.text === 'from') return importContext(statement, prefix, replaceFrom);

  if (before >= 0 && tokens[before].kind === 'op' && tokens[before].text === '.') {
    return { kind: 'member', object: chainEndingAt(tokens, before - 1), prefix, replaceFrom, frames };
  }
  if (before >= 0 && tokens[before].kind === 'number') return { kind: 'none' };

  const top = frames[frames.length - 1];
  const currentArg = top ? top.argTokens.slice(0, typing ? -1 : undefined) : [];
  const atArgumentStart = top?.bracket === '(' && !!top.callee && currentArg.length === 0;
  return { kind: 'name', prefix, replaceFrom, frames, atArgumentStart, statementStart: statement.length === 0 && frames.length === 0 };
}

/** Whether the cursor's line has a `#` outside strings before it. */
export function inComment(text: string): boolean {
  const lineStart = text.lastIndexOf('\n') + 1;
  const line = text.slice(lineStart);
  if (!line.includes('#')) return false;
  // Only a # that the tokenizer drops is a comment; one inside a string is not.
  let i = 0;
  while (i < line.length) {
    if (isStringStart(line, i)) {
      const s = readString(line, i);
      if (!s.closed) return false;
      i = s.to;
    } else if (line[i] === '#') return true;
    else i++;
  }
  return false;
}

/** The tokens of the current statement up to and including index `k`. */
function statementTokens(tokens: readonly Token[], k: number): Token[] {
  let start = k;
  while (start >= 0 && tokens[start].kind !== 'newline') start--;
  return tokens.slice(start + 1, k + 1);
}

function importContext(statement: Token[], prefix: string, replaceFrom: number): CursorContext {
  const words = statement.map(t => t.text);
  if (words[0] === 'from') {
    const importAt = words.indexOf('import');
    if (importAt > 0) return { kind: 'import', module: dotted(words.slice(1, importAt)), prefix, replaceFrom, afterImport: true };
    return { kind: 'import', module: dotted(words.slice(1)), prefix, replaceFrom, afterImport: false };
  }
  // `import a.b, c.d`: only the path being typed matters.
  const lastComma = words.lastIndexOf(',');
  return { kind: 'import', module: dotted(words.slice(lastComma + 1 || 1)), prefix, replaceFrom, afterImport: false };
}

/** ['keras', '.', 'layers', '.'] → ['keras', 'layers'] (the complete segments before the cursor). */
function dotted(words: string[]): string[] {
  return words.filter(w => w !== '.');
}

/** The name token containing `offset` (hover), with its index. */
export function nameAt(tokens: readonly Token[], offset: number): { token: Token; index: number } | undefined {
  const index = tokens.findIndex(t => t.kind === 'name' && t.from <= offset && offset < t.to);
  if (index < 0) {
    // The position right after a name still means that name (a cursor at the word's end).
    const after = tokens.findIndex(t => t.kind === 'name' && t.to === offset);
    return after < 0 ? undefined : { token: tokens[after], index: after };
  }
  return { token: tokens[index], index };
}
