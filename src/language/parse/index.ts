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
  const tree = parser.parse(source);
  const statements = new StatementWalker(new ExpressionWalker(source, lines));
  const body = statements.block(childrenOf(tree.topNode));
  const errors = [...statements.errors].sort((a, b) => a.range.from - b.range.from);
  return { source, lines, module: { body }, errors };
}
