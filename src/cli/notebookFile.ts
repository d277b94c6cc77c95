// Reading and writing the notebooks `unroll run` executes. The cells are held as the .rnnb model
// (RnnbNotebook, the pure part of the extension's serializer), and .rnnb files go through that
// same serializer. A .ipynb is converted at the edges the way VS Code's built-in Jupyter
// serializer converts it, so a notebook written here opens in VS Code with the same outputs and
// mime types (charts, heatmaps, melodies) as one the extension ran and saved.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Metadata, RnnbCell, RnnbNotebook, deserializeRnnb, serializeRnnb, splitLines } from '../host/notebook/rnnbFormat';

type NotebookFormat = 'rnnb' | 'ipynb';

export const STDOUT_MIME = 'application/vnd.code.notebook.stdout';
export const STDERR_MIME = 'application/vnd.code.notebook.stderr';
export const ERROR_MIME = 'application/vnd.code.notebook.error';

/** The languages the extension's controller runs (controller.ts: supportedLanguages). */
export const RUNNABLE_LANGUAGES = ['rnn', 'python'];

/** A notebook as read: the cells, and what a .ipynb needs to be written back as it was. */
export interface LoadedNotebook {
  notebook: RnnbNotebook;
  /** nbformat's version and each cell's id, when read from a .ipynb. */
  ipynb?: { nbformat: number; minor: number; cellIds: (string | undefined)[] };
}

/** A notebook file that cannot be read; the message names the file and the place. */
export class NotebookFileError extends Error {
  override readonly name = 'NotebookFileError';
}

function formatOf(file: string): NotebookFormat {
  return file.toLowerCase().endsWith('.ipynb') ? 'ipynb' : 'rnnb';
}

export function readNotebook(file: string): LoadedNotebook {
  let bytes: Uint8Array;
  try {
    bytes = fs.readFileSync(file);
  } catch (error) {
    throw new NotebookFileError(`cannot read ${file}: ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : String(error)}`);
  }
  try {
    return formatOf(file) === 'ipynb' ? ipynbToNotebook(bytes) : { notebook: deserializeRnnb(bytes) };
  } catch (error) {
    throw new NotebookFileError(`${file} is not a readable notebook: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/** Writes the notebook in the format the file name says; its folder is created if missing. */
export function writeNotebook(file: string, loaded: LoadedNotebook): void {
  const bytes = formatOf(file) === 'ipynb' ? notebookToIpynb(loaded) : serializeRnnb(loaded.notebook);
  fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  fs.writeFileSync(file, bytes);
}

// ---------------------------------------------------------------------------------------
// .ipynb → cells

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const text = (v: unknown): string => (Array.isArray(v) ? v.map(String).join('') : typeof v === 'string' ? v : '');
const str = (v: unknown, fallback = ''): string => (typeof v === 'string' ? v : fallback);

function ipynbToNotebook(bytes: Uint8Array): LoadedNotebook {
  let doc: unknown;
  try {
    doc = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch (error) {
    throw new Error(`not JSON (${error instanceof Error ? error.message : String(error)})`);
  }
  if (!isObject(doc) || !Array.isArray(doc.cells)) throw new Error('no "cells" array (is it a Jupyter notebook?)');
  if (typeof doc.nbformat === 'number' && doc.nbformat < 4) throw new Error(`nbformat ${doc.nbformat} is older than 4; convert it with "jupyter nbconvert --to notebook"`);
  const metadata = (isObject(doc.metadata) ? doc.metadata : {}) as Metadata;
  const language = defaultLanguage(metadata);
  const cellIds: (string | undefined)[] = [];
  const cells = doc.cells.map((raw, index): RnnbCell => {
    if (!isObject(raw)) throw new Error(`cell ${index + 1} is not a JSON object`);
    cellIds.push(typeof raw.id === 'string' ? raw.id : undefined);
    const cellMetadata = (isObject(raw.metadata) ? raw.metadata : {}) as Metadata;
    const source = text(raw.source);
    if (raw.cell_type !== 'code') {
      // A raw cell is kept as a markdown-kind cell in language "raw", as VS Code keeps it.
      return { kind: 'markdown', language: raw.cell_type === 'raw' ? 'raw' : 'markdown', source, metadata: cellMetadata, outputs: [] };
    }
    const vscodeMeta = cellMetadata.vscode;
    const cellLanguage = isObject(vscodeMeta) && typeof vscodeMeta.languageId === 'string' ? vscodeMeta.languageId : language;
    const outputs = Array.isArray(raw.outputs) ? raw.outputs.filter(isObject).map(ipynbOutputToRnnb) : [];
    const cell: RnnbCell = { kind: 'code', language: cellLanguage, source, metadata: cellMetadata, outputs };
    if (typeof raw.execution_count === 'number') cell.execution = { order: raw.execution_count };
    return cell;
  });
  return {
    notebook: { metadata, cells },
    ipynb: { nbformat: typeof doc.nbformat === 'number' ? doc.nbformat : 4, minor: typeof doc.nbformat_minor === 'number' ? doc.nbformat_minor : 2, cellIds },
  };
}

/** The language of cells that do not name their own: language_info, then the kernelspec, then Jupyter's default. */
function defaultLanguage(metadata: Metadata): string {
  const info = metadata.language_info;
  if (isObject(info) && typeof info.name === 'string') return info.name;
  const spec = metadata.kernelspec;
  if (isObject(spec) && typeof spec.language === 'string') return spec.language;
  return 'python';
}

function ipynbOutputToRnnb(output: Json): RnnbCell['outputs'][number] {
  const encode = (s: string) => new TextEncoder().encode(s);
  switch (output.output_type) {
    case 'stream':
      return { items: [{ mime: output.name === 'stderr' ? STDERR_MIME : STDOUT_MIME, data: encode(text(output.text)) }], metadata: {} };
    case 'error': {
      const traceback = Array.isArray(output.traceback) ? output.traceback.map(String).join('\n') : '';
      return { items: [{ mime: ERROR_MIME, data: encode(JSON.stringify({ name: str(output.ename), message: str(output.evalue), stack: traceback }, undefined, '\t')) }], metadata: {} };
    }
    default: {
      const data = isObject(output.data) ? output.data : {};
      const items = Object.entries(data).map(([mime, value]) => {
        if (mime.startsWith('image/') && mime !== 'image/svg+xml' && typeof value === 'string') return { mime, data: new Uint8Array(Buffer.from(value, 'base64')) };
        return { mime, data: encode(typeof value === 'string' || Array.isArray(value) ? text(value) : JSON.stringify(value)) };
      });
      const metadata: Metadata = { outputType: str(output.output_type, 'display_data') };
      if (typeof output.execution_count === 'number') metadata.executionCount = output.execution_count;
      // The Jupyter output's own metadata (fit's run record) sits under `metadata`, as VS Code reads it.
      if (isObject(output.metadata) && Object.keys(output.metadata).length > 0) metadata.metadata = output.metadata as Metadata;
      return { items, metadata };
    }
  }
}

// ---------------------------------------------------------------------------------------
// cells → .ipynb, as VS Code's Jupyter serializer writes them (sorted keys, one-space indent)

function notebookToIpynb(loaded: LoadedNotebook): Uint8Array {
  const { notebook } = loaded;
  const metadata: Metadata = { ...notebook.metadata };
  let language = defaultLanguage(metadata);
  if (!loaded.ipynb) {
    // From a .rnnb: the cells' language becomes the notebook's, so VS Code opens them as rnn cells.
    language = 'rnn';
    metadata.language_info = { name: 'rnn' };
  }
  const minor = loaded.ipynb?.minor ?? 5;
  const cells = notebook.cells.map((cell, index) => {
    const cellMetadata: Metadata = { ...cell.metadata };
    if (cell.kind === 'code' && cell.language !== language) {
      cellMetadata.vscode = { ...(isObject(cellMetadata.vscode) ? cellMetadata.vscode : {}), languageId: cell.language };
    }
    const json: Json = {
      cell_type: cell.kind === 'code' ? 'code' : cell.language === 'raw' ? 'raw' : 'markdown',
      metadata: cellMetadata,
      source: splitLines(cell.source.replace(/\r\n/g, '\n')),
    };
    if (minor >= 5) json.id = loaded.ipynb?.cellIds[index] ?? cellId(index);
    if (cell.kind === 'code') {
      json.execution_count = cell.execution?.order ?? null;
      json.outputs = cell.outputs.map(rnnbOutputToIpynb);
    }
    return json;
  });
  const doc = { cells, metadata, nbformat: loaded.ipynb?.nbformat ?? 4, nbformat_minor: minor };
  return new TextEncoder().encode(JSON.stringify(sortKeys(doc), null, 1) + '\n');
}

/** A stable id for a cell that had none (nbformat 4.5 requires one): its position, in hex. */
function cellId(index: number): string {
  return `unroll-${index.toString(16).padStart(4, '0')}`;
}

function rnnbOutputToIpynb(output: RnnbCell['outputs'][number]): Json {
  const decode = (data: Uint8Array) => new TextDecoder().decode(data);
  const { items } = output;
  if (items.length > 0 && items.every(item => item.mime === STDOUT_MIME || item.mime === STDERR_MIME)) {
    return { output_type: 'stream', name: items[0].mime === STDERR_MIME ? 'stderr' : 'stdout', text: splitLines(items.map(item => decode(item.data)).join('')) };
  }
  if (items.length === 1 && items[0].mime === ERROR_MIME) {
    const error = JSON.parse(decode(items[0].data)) as { name?: string; message?: string; stack?: string };
    return { output_type: 'error', ename: error.name ?? '', evalue: error.message ?? '', traceback: splitLines(error.stack || error.message || '') };
  }
  const data = Object.fromEntries(items.map(item => [item.mime, mimeToIpynb(item.mime, item.data)]));
  const nested = output.metadata.metadata;
  const json: Json = { output_type: output.metadata.outputType === 'execute_result' ? 'execute_result' : 'display_data', data, metadata: isObject(nested) ? nested : {} };
  if (json.output_type === 'execute_result') json.execution_count = typeof output.metadata.executionCount === 'number' ? output.metadata.executionCount : null;
  return json;
}

/** Text as lines, JSON mimes as JSON, images as base64: what Jupyter and VS Code read back. */
function mimeToIpynb(mime: string, data: Uint8Array): unknown {
  if (mime.startsWith('image/') && mime !== 'image/svg+xml') return Buffer.from(data).toString('base64');
  const value = new TextDecoder().decode(data);
  if (mime.startsWith('text/')) return splitLines(value);
  if (mime.toLowerCase().includes('json')) {
    try {
      return value.length > 0 ? JSON.parse(value) as unknown : value;
    } catch {
      return value;
    }
  }
  return value;
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (isObject(value)) return Object.fromEntries(Object.keys(value).sort().map(key => [key, sortKeys(value[key])]));
  return value;
}
