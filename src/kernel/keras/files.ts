// load_text, load_csv and load_jsonl: data files inside the workspace (see workspace.ts).
import { NdArray, PyDict, PyException, PyList, Value, implementFunction } from '../../language';
import { checkAllocation } from '../../keras/allocation';
import { toPy, toStr } from './convert';
import { LOAD_CSV, LOAD_JSONL, LOAD_TEXT } from '../../keras/unroll';
import { readWorkspaceFile } from './workspace';
import type { KernelContext } from '../kernelContext';

export const loadTextFunction = (context: KernelContext) => implementFunction(LOAD_TEXT, a => {
  const text = readWorkspaceFile(context.workspaceRoot, toStr(a.path, 'path'));
  if (a.lines !== true) return text;
  const lines = text.split(/\r?\n/);
  if (lines.length && lines[lines.length - 1] === '') lines.pop();
  return new PyList(lines);
});

/** RFC 4180 fields: quotes, doubled quotes, commas and newlines inside quotes. */
function parseCsv(text: string, delimiter: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') { field += '"'; i++; } else if (ch === '"') quoted = false; else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === delimiter) { row.push(field); field = ''; } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      row.push(field); rows.push(row); row = []; field = '';
    } else field += ch;
  }
  if (field !== '' || row.length) { row.push(field); rows.push(row); }
  return rows.filter(r => !(r.length === 1 && r[0] === ''));
}

function cellValue(s: string): Value {
  const t = s.trim();
  if (/^[+-]?\d+$/.test(t)) return BigInt(t);
  if (t !== '' && !Number.isNaN(Number(t))) return Number(t);
  return s;
}

export const loadCsvFunction = (context: KernelContext) => implementFunction(LOAD_CSV, a => {
  const rows = parseCsv(readWorkspaceFile(context.workspaceRoot, toStr(a.path, 'path')), toStr(a.delimiter, 'delimiter'));
  const header = a.header === true ? rows.shift() ?? [] : undefined;
  if (a.numeric === true) {
    const width = rows[0]?.length ?? 0;
    checkAllocation(`load_csv of ${rows.length} rows × ${width} columns`, rows.length * width, 4);
    const data = new Float32Array(rows.length * width);
    rows.forEach((r, i) => {
      if (r.length !== width) throw new PyException('ValueError', `load_csv: row ${i + 1} has ${r.length} fields, expected ${width}`);
      r.forEach((f, j) => {
        const v = Number(f);
        if (f.trim() === '' || Number.isNaN(v)) throw new PyException('ValueError', `load_csv: row ${i + 1}, column ${j + 1} is not a number: ${JSON.stringify(f)}`);
        data[i * width + j] = v;
      });
    });
    return new NdArray(data, [rows.length, width]);
  }
  if (!header) return new PyList(rows.map(r => new PyList(r.map(cellValue))));
  return new PyList(rows.map(r => {
    const d = new PyDict();
    header.forEach((h, j) => d.set(h, cellValue(r[j] ?? '')));
    return d;
  }));
});

export const loadJsonlFunction = (context: KernelContext) => implementFunction(LOAD_JSONL, a => {
  const out: Value[] = [];
  readWorkspaceFile(context.workspaceRoot, toStr(a.path, 'path')).split(/\r?\n/).forEach((line, i) => {
    if (!line.trim()) return;
    try {
      out.push(jsonToPy(JSON.parse(line)));
    } catch (e) {
      throw new PyException('ValueError', `load_jsonl: line ${i + 1} is not valid JSON (${(e as Error).message})`);
    }
  });
  return new PyList(out);
});

function jsonToPy(v: unknown): Value {
  if (typeof v === 'number' && Number.isInteger(v)) return BigInt(v);
  if (Array.isArray(v)) return new PyList(v.map(jsonToPy));
  if (v && typeof v === 'object') {
    const d = new PyDict();
    for (const [k, x] of Object.entries(v)) d.set(k, jsonToPy(x));
    return d;
  }
  return toPy(v);
}
