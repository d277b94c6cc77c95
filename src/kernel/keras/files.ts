// load_text, load_csv and load_jsonl: data files inside the workspace (see workspace.ts).
import { NdArray, PyDict, PyException, PyFunction, PyList, Value } from '../../language';
import { toPy, toStr } from './convert';
import { opt, req } from './params';
import { readWorkspaceFile } from './workspace';

export const loadTextFunction = new PyFunction({
  name: 'load_text',
  params: [req('path', ['str'], 'A text file inside the workspace.'), opt('lines', false, ['bool'], 'Return a list of lines instead of one string.')],
  doc: 'Reads a UTF-8 text file from the workspace.',
}, a => {
  const text = readWorkspaceFile(toStr(a.path, 'path'));
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

export const loadCsvFunction = new PyFunction({
  name: 'load_csv',
  params: [
    req('path', ['str'], 'A CSV file inside the workspace.'),
    opt('header', true, ['bool'], 'The first row names the columns: rows come back as dicts.'),
    opt('delimiter', ',', ['str'], 'Field separator.'),
    opt('numeric', false, ['bool'], 'All fields are numbers: return a float32 array [rows, columns].'),
  ],
  doc: 'Reads a CSV file from the workspace: a list of dicts (with header) or lists, or an array.',
}, a => {
  const rows = parseCsv(readWorkspaceFile(toStr(a.path, 'path')), toStr(a.delimiter, 'delimiter'));
  const header = a.header === true ? rows.shift() ?? [] : undefined;
  if (a.numeric === true) {
    const width = rows[0]?.length ?? 0;
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

export const loadJsonlFunction = new PyFunction({
  name: 'load_jsonl',
  params: [req('path', ['str'], 'A JSON Lines file (one JSON value per line) inside the workspace.')],
  doc: 'Reads a JSON Lines file from the workspace: a list of its values.',
}, a => {
  const out: Value[] = [];
  readWorkspaceFile(toStr(a.path, 'path')).split(/\r?\n/).forEach((line, i) => {
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
