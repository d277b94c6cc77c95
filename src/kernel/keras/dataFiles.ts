// Parsing the data files load_csv and load_jsonl read. The files come from outside, so a
// malformed row is a ValueError that names the file and the row and line (and the column
// where one is known), never a JavaScript error or a silent misreading.
import { PyException } from '../../language';
import { checkAllocation } from '../../keras/allocation';
import { findUnsafeJson, positionAt, scanJson } from '../../protocol/jsonText';

/** One CSV record and the line of the file where it starts (a quoted field may span lines). */
export interface CsvRow {
  fields: string[];
  line: number;
}

/** RFC 4180 records: quotes, doubled quotes, delimiters and newlines inside quotes; blank lines skipped. */
export function parseCsv(text: string, file: string, delimiter: string): CsvRow[] {
  if ([...delimiter].length !== 1 || delimiter === '"' || delimiter === '\n' || delimiter === '\r') {
    throw new PyException('ValueError', `load_csv: delimiter must be one character other than a quote or a newline, not ${JSON.stringify(delimiter)}`);
  }
  const rows: CsvRow[] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  let line = 1;
  let rowLine = 1;
  let quoteLine = 1;
  const endRow = () => {
    row.push(field);
    if (!(row.length === 1 && row[0] === '')) rows.push({ fields: row, line: rowLine });
    row = [];
    field = '';
  };
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === '\n') line++;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') { field += '"'; i++; } else if (ch === '"') quoted = false; else field += ch;
    } else if (ch === '"') {
      quoted = true;
      quoteLine = line;
    } else if (ch === delimiter) {
      row.push(field);
      field = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') { i++; line++; }
      if (ch === '\r' && text[i + 1] !== '\n') line++;
      endRow();
      rowLine = line;
    } else field += ch;
  }
  if (quoted) throw new PyException('ValueError', `load_csv: '${file}' line ${quoteLine}: a quoted field opens here and is never closed`);
  if (field !== '' || row.length) endRow();
  return rows;
}

/** Where a record is, for messages: "row 3 (line 4)". Rows count from 1 after the header. */
function csvWhere(file: string, row: CsvRow, index: number): string {
  return `load_csv: '${file}' row ${index + 1} (line ${row.line})`;
}

/** A float32 table of numeric records: every record as wide as the first, every field a finite number or nan/inf as written. */
export function numericTable(rows: readonly CsvRow[], file: string): { data: Float32Array; width: number } {
  const width = rows[0]?.fields.length ?? 0;
  checkAllocation(`load_csv of ${rows.length} rows × ${width} columns`, rows.length * width, 4);
  const data = new Float32Array(rows.length * width);
  rows.forEach((r, i) => {
    if (r.fields.length !== width) throw new PyException('ValueError', `${csvWhere(file, r, i)} has ${r.fields.length} fields, expected ${width}`);
    r.fields.forEach((f, j) => {
      const v = Number(f);
      if (f.trim() === '' || Number.isNaN(v)) throw new PyException('ValueError', `${csvWhere(file, r, i)}, column ${j + 1} is not a number: ${JSON.stringify(f.slice(0, 80))}`);
      data[i * width + j] = v;
    });
  });
  return { data, width };
}

/** Records under a header may be shorter (missing fields read as ''), never longer: extra fields would be dropped unseen. */
export function checkRowWidths(rows: readonly CsvRow[], header: readonly string[], file: string): void {
  rows.forEach((r, i) => {
    if (r.fields.length > header.length) throw new PyException('ValueError', `${csvWhere(file, r, i)} has ${r.fields.length} fields, but the header names ${header.length}`);
  });
}

/** JSON Lines values deeper than this are damage (and would overflow the conversion to cell values). */
const MAX_JSONL_NESTING = 100;

/** The JSON value of each non-blank line, with its line number. */
export function parseJsonl(text: string, file: string): { value: unknown; line: number }[] {
  const out: { value: unknown; line: number }[] = [];
  text.split(/\r?\n/).forEach((lineText, i) => {
    if (!lineText.trim()) return;
    const where = (offset: number) => `load_jsonl: '${file}' line ${i + 1}, column ${positionAt(lineText, offset).column}`;
    let value: unknown;
    try {
      value = JSON.parse(lineText);
    } catch {
      const problem = scanJson(lineText).syntax ?? { offset: 0, message: 'not JSON' };
      const why = problem.message.startsWith('the text ends') ? 'the line ends before its JSON value does' : problem.message;
      throw new PyException('ValueError', `${where(problem.offset)}: invalid JSON: ${why}`);
    }
    const unsafe = findUnsafeJson(value, MAX_JSONL_NESTING);
    if (unsafe?.problem === 'too deep') {
      throw new PyException('ValueError', `${where(scanJson(lineText, { maxDepth: MAX_JSONL_NESTING }).tooDeep ?? 0)}: nested deeper than ${MAX_JSONL_NESTING} levels`);
    }
    out.push({ value, line: i + 1 });
  });
  return out;
}
