// The .rnnb file format, pure (no vscode import) so the serializer's round trip can be
// property-tested in plain Node.
//
// A notebook is JSON with a fixed key order for our own fields and sorted keys inside
// free-form metadata, two-space indentation and a final newline: saving the same notebook
// twice gives the same bytes, and a change shows up in git as the lines that changed.
// Sources are stored as arrays of lines (like .ipynb) for the same reason.

import { JsonPath, findUnsafeJson, positionAt, scanJson } from '../../protocol/jsonText';
import { decodeUtf8 } from '../../protocol/utf8';

const RNNB_FORMAT = 'unroll-notebook';
const RNNB_VERSION = 1;

export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };
export type Metadata = { [key: string]: JsonValue };

interface RnnbOutputItem {
  mime: string;
  data: Uint8Array;
}

interface RnnbOutput {
  items: RnnbOutputItem[];
  metadata: Metadata;
}

interface RnnbExecution {
  order?: number;
  success?: boolean;
  startTime?: number;
  endTime?: number;
}

export interface RnnbCell {
  kind: 'code' | 'markdown';
  language: string;
  source: string;
  metadata: Metadata;
  outputs: RnnbOutput[];
  execution?: RnnbExecution;
}

export interface RnnbNotebook {
  metadata: Metadata;
  cells: RnnbCell[];
}

/** A file that is not a readable .rnnb notebook; the message names where and why. */
export class RnnbFormatError extends Error {
  constructor(message: string, readonly line?: number, readonly column?: number) {
    super(line === undefined ? message : `line ${line}, column ${column}: ${message}`);
    this.name = 'RnnbFormatError';
  }
}

// ---------------------------------------------------------------------------------------
// Writing

export function serializeRnnb(notebook: RnnbNotebook, options: { includeOutputs?: boolean } = {}): Uint8Array {
  const includeOutputs = options.includeOutputs ?? true;
  // Levels above each metadata: the notebook (1); its cells array and a cell (3); their outputs array and an output (5).
  refuseTooDeep(notebook.metadata, MAX_NESTING - 1, 'the notebook\'s metadata');
  notebook.cells.forEach((cell, i) => {
    refuseTooDeep(cell.metadata, MAX_NESTING - 3, `cell ${i + 1}'s metadata`);
    if (includeOutputs) cell.outputs.forEach((output, k) => refuseTooDeep(output.metadata, MAX_NESTING - 5, `cell ${i + 1}, output ${k + 1}'s metadata`));
  });
  const doc = {
    format: RNNB_FORMAT,
    version: RNNB_VERSION,
    metadata: sortKeys(notebook.metadata),
    cells: notebook.cells.map(cell => cellToJson(cell, includeOutputs)),
  };
  return new TextEncoder().encode(JSON.stringify(doc, null, 2) + '\n');
}

/**
 * Metadata set by code (another extension, a cell's output) can be nested deeper than anything
 * reads back; saving it would write a file that opens as unreadable, so the save is refused
 * with the reason (VS Code shows it) instead of failing in a recursive writer.
 */
function refuseTooDeep(metadata: Metadata, limit: number, what: string): void {
  if (findUnsafeJson(metadata, limit)?.problem === 'too deep') {
    throw new RnnbFormatError(`${what} is nested deeper than ${limit} levels, more than a notebook can hold and open again`);
  }
}

function cellToJson(cell: RnnbCell, includeOutputs: boolean): object {
  const json: Record<string, unknown> = {
    kind: cell.kind,
    language: cell.language,
    source: splitLines(cell.source),
    metadata: sortKeys(cell.metadata),
  };
  if (cell.kind === 'code') {
    json.outputs = includeOutputs ? cell.outputs.map(outputToJson) : [];
    if (includeOutputs && cell.execution) json.execution = executionToJson(cell.execution);
  }
  return json;
}

function executionToJson(execution: RnnbExecution): object {
  const json: Record<string, unknown> = {};
  // Fixed order, absent fields omitted.
  for (const key of ['order', 'success', 'startTime', 'endTime'] as const) {
    if (execution[key] !== undefined) json[key] = execution[key];
  }
  return json;
}

function outputToJson(output: RnnbOutput): object {
  return {
    items: output.items.map(item => {
      const text = isTextMime(item.mime) ? decodeUtf8Strict(item.data) : undefined;
      return text !== undefined
        ? { mime: item.mime, text: splitLines(text) }
        : { mime: item.mime, base64: Buffer.from(item.data).toString('base64') };
    }),
    metadata: sortKeys(output.metadata),
  };
}

/** "a\nb\n" -> ["a\n", "b\n"]; joining gives back the exact string, including "\r\n". */
export function splitLines(text: string): string[] {
  return text.match(/[^\n]*\n|[^\n]+$/g) ?? [];
}

function isTextMime(mime: string): boolean {
  return mime.startsWith('text/') || mime === 'application/json' || mime.endsWith('+json')
    || mime.startsWith('application/vnd.code.notebook.') || mime === 'image/svg+xml';
}

function decodeUtf8Strict(bytes: Uint8Array): string | undefined {
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    return undefined; // not valid UTF-8: stored as base64 so the bytes survive exactly
  }
}

function sortKeys<T extends JsonValue | Metadata>(value: T): T {
  if (Array.isArray(value)) return value.map(v => sortKeys(v)) as T;
  if (value && typeof value === 'object') {
    // fromEntries defines each key as data, so a "__proto__" key from a file stays a key (an assignment would set the prototype).
    return Object.fromEntries(Object.keys(value).sort().map(key => [key, sortKeys(value[key])])) as T;
  }
  return value;
}

// ---------------------------------------------------------------------------------------
// Reading. The bytes come from outside (a clone, a download, a half-written save), so every
// problem is an RnnbFormatError that says where, and nothing else is thrown: not a RangeError
// from deep nesting, not VS Code's own check of a mime type or a number JSON cannot hold.

/** Larger files open as unreadable: VS Code would hold every cell's text and output in memory several times over. */
export const MAX_NOTEBOOK_BYTES = 100 * 1024 * 1024;
/**
 * Deeper nesting opens as unreadable. VS Code copies cell metadata between processes with
 * recursive serialisers (structuredClone fails near 2,000 levels, JSON.stringify near 5,000),
 * and Jupyter's json module stops near 1,000; 512 leaves every one of them room.
 */
export const MAX_NESTING = 512;

/** Parses .rnnb bytes; an empty file is an empty notebook (VS Code creates new files empty). */
export function deserializeRnnb(bytes: Uint8Array): RnnbNotebook {
  if (bytes.length > MAX_NOTEBOOK_BYTES) {
    throw new RnnbFormatError(`the file is ${(bytes.length / 1024 / 1024).toFixed(1)} MB; Unroll opens notebooks of up to ${MAX_NOTEBOOK_BYTES / 1024 / 1024} MB`);
  }
  const text = decodeUtf8Text(bytes);
  if (text.trim() === '') return { metadata: {}, cells: [] };
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    const problem = scanJson(text).syntax ?? { offset: 0, message: 'invalid JSON' };
    throw locatedError(text, problem.offset, problem.message.startsWith('the text ends') ? 'the file ends too early (truncated?)' : `invalid JSON: ${problem.message}`);
  }
  const unsafe = findUnsafeJson(doc, MAX_NESTING);
  if (unsafe?.problem === 'too deep') {
    throw locatedError(text, scanJson(text, { maxDepth: MAX_NESTING }).tooDeep ?? 0, `nested deeper than ${MAX_NESTING} levels; Unroll does not open a notebook this deep`);
  }
  if (unsafe) throw locatedError(text, locateOffset(text, unsafe.path), 'a number too large to store (JSON numbers must be finite)');
  try {
    return notebookFromJson(doc);
  } catch (error) {
    if (!(error instanceof FieldError)) throw error;
    throw locatedError(text, locateOffset(text, error.path), error.message);
  }
}

function locatedError(text: string, offset: number, message: string): RnnbFormatError {
  const { line, column } = positionAt(text, offset);
  return new RnnbFormatError(message, line, column);
}

function locateOffset(text: string, path: JsonPath): number {
  return scanJson(text, { path }).found?.offset ?? 0;
}

function decodeUtf8Text(bytes: Uint8Array): string {
  const decoded = decodeUtf8(bytes);
  if ('text' in decoded) return decoded.text;
  const { byte, line, column } = decoded.problem;
  throw new RnnbFormatError(`the file is not valid UTF-8 text (byte 0x${byte.toString(16).padStart(2, '0')})`, line, column);
}

/** A field of the parsed document that is wrong: `path` leads to it, so the message can say where. */
class FieldError extends Error {
  constructor(readonly path: JsonPath, message: string) {
    super(message);
  }
}

function notebookFromJson(doc: unknown): RnnbNotebook {
  const obj = expectObject(doc, [], 'the notebook');
  if (obj.format !== undefined && obj.format !== RNNB_FORMAT) {
    throw new FieldError(['format'], `"format" is ${JSON.stringify(obj.format)}, expected "${RNNB_FORMAT}"`);
  }
  if (obj.version !== undefined && typeof obj.version !== 'number') throw new FieldError(['version'], `"version" must be a number, not ${JSON.stringify(obj.version)}`);
  if (typeof obj.version === 'number' && obj.version > RNNB_VERSION) {
    throw new FieldError(['version'], `"version" ${obj.version} is newer than this Unroll reads (${RNNB_VERSION}); update the extension`);
  }
  if (!Array.isArray(obj.cells)) throw new FieldError(['cells'], 'the notebook has no "cells" array');
  return {
    metadata: expectMetadata(obj.metadata, ['metadata'], 'the notebook\'s "metadata"'),
    cells: obj.cells.map((cell, index) => cellFromJson(cell, ['cells', index], `cell ${index + 1}`)),
  };
}

function cellFromJson(json: unknown, path: JsonPath, where: string): RnnbCell {
  const obj = expectObject(json, path, where);
  if (obj.kind !== 'code' && obj.kind !== 'markdown') {
    throw new FieldError([...path, 'kind'], `${where}: "kind" must be "code" or "markdown", not ${JSON.stringify(obj.kind)}`);
  }
  const language = obj.language ?? (obj.kind === 'markdown' ? 'markdown' : 'rnn');
  if (typeof language !== 'string' || language === '') throw new FieldError([...path, 'language'], `${where}: "language" must be a language id such as "rnn"`);
  const cell: RnnbCell = {
    kind: obj.kind,
    language,
    source: expectText(obj.source ?? '', [...path, 'source'], `${where}: "source"`),
    metadata: expectMetadata(obj.metadata, [...path, 'metadata'], `${where}: "metadata"`),
    outputs: expectArray(obj.outputs ?? [], [...path, 'outputs'], `${where}: "outputs"`)
      .map((o, i) => outputFromJson(o, [...path, 'outputs', i], `${where}, output ${i + 1}`)),
  };
  if (obj.execution !== undefined) cell.execution = executionFromJson(obj.execution, [...path, 'execution'], `${where}: "execution"`);
  return cell;
}

function executionFromJson(json: unknown, path: JsonPath, where: string): RnnbExecution {
  const obj = expectObject(json, path, where);
  const execution: RnnbExecution = {};
  for (const key of ['order', 'startTime', 'endTime'] as const) {
    const value = obj[key];
    if (value === undefined) continue;
    if (typeof value !== 'number' || (key === 'order' && !(Number.isInteger(value) && value >= 0))) {
      throw new FieldError([...path, key], `${where}: "${key}" must be ${key === 'order' ? 'a whole number, 0 or more' : 'a number'}`);
    }
    execution[key] = value;
  }
  if (obj.success !== undefined) {
    if (typeof obj.success !== 'boolean') throw new FieldError([...path, 'success'], `${where}: "success" must be true or false`);
    execution.success = obj.success;
  }
  return execution;
}

/** VS Code's own rule for a mime type (NotebookCellOutputItem throws on any other). */
const MIME_TYPE = /^(.+)\/(.+?)(;.+)?$/;
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

function outputFromJson(json: unknown, path: JsonPath, where: string): RnnbOutput {
  const obj = expectObject(json, path, where);
  const items = expectArray(obj.items, [...path, 'items'], `${where}: "items"`).map((raw, i) => {
    const itemPath = [...path, 'items', i];
    const itemWhere = `${where}, item ${i + 1}`;
    const item = expectObject(raw, itemPath, itemWhere);
    if (typeof item.mime !== 'string' || !MIME_TYPE.test(item.mime)) {
      throw new FieldError([...itemPath, 'mime'], `${itemWhere}: "mime" must be a mime type such as "text/plain", not ${JSON.stringify(item.mime)}`);
    }
    if (item.text !== undefined) return { mime: item.mime, data: new TextEncoder().encode(expectText(item.text, [...itemPath, 'text'], `${itemWhere}: "text"`)) };
    if (typeof item.base64 === 'string') {
      if (!BASE64.test(item.base64)) throw new FieldError([...itemPath, 'base64'], `${itemWhere}: "base64" is not base64 data`);
      return { mime: item.mime, data: new Uint8Array(Buffer.from(item.base64, 'base64')) };
    }
    throw new FieldError(item.base64 === undefined ? itemPath : [...itemPath, 'base64'], `${itemWhere}: needs "text" or "base64"`);
  });
  return { items, metadata: expectMetadata(obj.metadata, [...path, 'metadata'], `${where}: "metadata"`) };
}

function expectObject(value: unknown, path: JsonPath, where: string): Record<string, unknown> {
  if (!value || typeof value !== 'object' || Array.isArray(value)) throw new FieldError(path, `${where} must be a JSON object`);
  return value as Record<string, unknown>;
}

function expectArray(value: unknown, path: JsonPath, where: string): unknown[] {
  if (!Array.isArray(value)) throw new FieldError(path, `${where} must be an array`);
  return value;
}

function expectMetadata(value: unknown, path: JsonPath, where: string): Metadata {
  return value === undefined ? {} : expectObject(value, path, where) as Metadata;
}

/** Text is a string or an array of line strings. */
function expectText(value: unknown, path: JsonPath, where: string): string {
  if (typeof value === 'string') return value;
  if (Array.isArray(value)) {
    const bad = value.findIndex(line => typeof line !== 'string');
    if (bad < 0) return value.join('');
    throw new FieldError([...path, bad], `${where} must be a string or an array of strings (line ${bad + 1} is ${JSON.stringify(value[bad])?.slice(0, 40)})`);
  }
  throw new FieldError(path, `${where} must be a string or an array of strings`);
}

// ---------------------------------------------------------------------------------------
// What an unreadable file shows

/** How much of an unreadable file its notebook shows: enough to see the problem, never the whole of a huge file. */
const RAW_PREVIEW_BYTES = 1024 * 1024;

/** The file's text as the unreadable notebook shows it (invalid UTF-8 as U+FFFD), cut at 1 MB with a note. */
export function unreadablePreview(bytes: Uint8Array): string {
  const shown = new TextDecoder().decode(bytes.subarray(0, RAW_PREVIEW_BYTES));
  if (bytes.length <= RAW_PREVIEW_BYTES) return shown;
  return `${shown}\n… (the first 1 MB of ${(bytes.length / 1024 / 1024).toFixed(1)} MB is shown)`;
}
