// parseCell: source text → typed AST plus every syntax and unsupported-construct error.
import { parser } from '@lezer/python';
import { Module } from '../ast';
import { CellError } from '../errors';
import { LineIndex } from '../source';
import { ExpressionWalker } from './expressions';
import { childrenOf } from './nodes';
import { StatementWalker } from './statements';

export interface ParsedCell {
  readonly source: string;
  readonly lines: LineIndex;
  /** The statements that parsed; broken ones are left out (see errors). */
  readonly module: Module;
  /** Sorted by position. A cell with any error must not run (Python compiles before it runs). */
  readonly errors: CellError[];
}

export function parseCell(source: string): ParsedCell {
  const lines = new LineIndex(source);
  // A leading byte order mark is accepted, as Python does: the parser reads it as a blank
  // line (one character for one, so every offset stays the cell's own).
  const text = source.startsWith(BOM) ? '\n' + source.slice(1) : source;
  const tree = parser.parse(text);
  const statements = new StatementWalker(new ExpressionWalker(text, lines));
  const body = statements.block(childrenOf(tree.topNode));
  const errors = [...invisibleCharacterErrors(source, lines), ...statements.errors].sort((a, b) => a.range.from - b.range.from);
  return { source, lines, module: { body }, errors };
}

const BOM = '\uFEFF';
/**
 * Zero-width and bidirectional control characters make code read differently from how it
 * runs (a name that looks like another, text shown in another order): refused wherever they
 * stand, as is a byte order mark anywhere but at the start.
 */
const INVISIBLE = /[\u200B-\u200F\u202A-\u202E\u2066-\u2069\uFEFF]/g;

function invisibleCharacterErrors(source: string, lines: LineIndex): CellError[] {
  const errors: CellError[] = [];
  for (const m of source.matchAll(INVISIBLE)) {
    if (m.index === 0 && m[0] === BOM) continue;
    const code = m[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, '0');
    errors.push(new CellError('SyntaxError', `invalid non-printable character U+${code}`, lines.range({ from: m.index, to: m.index + 1 })));
  }
  return errors;
}
