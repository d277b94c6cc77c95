// load_text, load_csv and load_jsonl: data files inside the workspace (see workspace.ts).
import { NdArray, PyDict, PyList, Value, implementFunction } from '../../language';
import { toPy, toStr } from './convert';
import { LOAD_CSV, LOAD_JSONL, LOAD_TEXT } from '../../keras/unroll';
import { checkRowWidths, numericTable, parseCsv, parseJsonl } from './dataFiles';
import { readWorkspaceFile } from './workspace';
import type { KernelContext } from '../kernelContext';

export const loadTextFunction = (context: KernelContext) => implementFunction(LOAD_TEXT, a => {
  const text = readWorkspaceFile(context.workspaceRoot, toStr(a.path, 'path'));
  if (a.lines !== true) return text;
  const lines = text.split(/\r?\n/);
  if (lines.length && lines[lines.length - 1] === '') lines.pop();
  return new PyList(lines);
});

function cellValue(s: string): Value {
  const t = s.trim();
  if (/^[+-]?\d+$/.test(t)) return BigInt(t);
  if (t !== '' && !Number.isNaN(Number(t))) return Number(t);
  return s;
}

export const loadCsvFunction = (context: KernelContext) => implementFunction(LOAD_CSV, a => {
  const file = toStr(a.path, 'path');
  const rows = parseCsv(readWorkspaceFile(context.workspaceRoot, file), file, toStr(a.delimiter, 'delimiter'));
  const header = a.header === true ? rows.shift()?.fields ?? [] : undefined;
  if (a.numeric === true) {
    const { data, width } = numericTable(rows, file);
    return new NdArray(data, [rows.length, width]);
  }
  if (!header) return new PyList(rows.map(r => new PyList(r.fields.map(cellValue))));
  checkRowWidths(rows, header, file);
  return new PyList(rows.map(r => {
    const d = new PyDict();
    header.forEach((h, j) => d.set(h, cellValue(r.fields[j] ?? '')));
    return d;
  }));
});

export const loadJsonlFunction = (context: KernelContext) => implementFunction(LOAD_JSONL, a => {
  const file = toStr(a.path, 'path');
  return new PyList(parseJsonl(readWorkspaceFile(context.workspaceRoot, file), file).map(row => jsonToPy(row.value)));
});

/** JSON as cell values: ints as Python ints, objects as dicts. */
export function jsonToPy(v: unknown): Value {
  if (typeof v === 'number' && Number.isInteger(v)) return BigInt(v);
  if (Array.isArray(v)) return new PyList(v.map(jsonToPy));
  if (v && typeof v === 'object') {
    const d = new PyDict();
    for (const [k, x] of Object.entries(v)) d.set(k, jsonToPy(x));
    return d;
  }
  return toPy(v);
}
