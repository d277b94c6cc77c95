// Runs cells that begin with `import numpy as np` in a fresh session, for the numpy tests:
// the Out value's repr, what the cell printed, or the error it raised.
import * as assert from 'node:assert/strict';
import { CellError } from '../../../src/language';
import { newSession } from './fixtures';

/** The last cell's Out value (its repr), all cells in one session. */
export function npValue(...cells: string[]): string | undefined {
  const { session } = newSession();
  let value: string | undefined;
  session.run('import numpy as np');
  for (const cell of cells) value = session.run(cell).value;
  return value;
}

export function npPrinted(cell: string): string {
  const s = newSession();
  s.session.run('import numpy as np');
  s.session.run(cell);
  return s.output();
}

/** The error a cell raises: its Python name, message and the source text it points at. */
export function npError(cell: string): { name: string; message: string; text: string } {
  const { session } = newSession();
  session.run('import numpy as np');
  try {
    session.run(cell);
  } catch (e) {
    assert.ok(e instanceof CellError, `expected a CellError, got ${String(e)}`);
    return { name: e.errorName, message: e.message, text: cell.slice(e.range.from, e.range.to) };
  }
  assert.fail(`expected ${JSON.stringify(cell)} to raise`);
}
