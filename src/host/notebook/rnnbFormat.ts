// The .rnnb file format, pure (no vscode import) so the serializer's round trip can be
// property-tested in plain Node.
//
// A notebook is JSON with a fixed key order for our own fields and sorted keys inside
// free-form metadata, two-space indentation and a final newline: saving the same notebook
// twice gives the same bytes, and a change shows up in git as the lines that changed.
// Sources are stored as arrays of lines (like .ipynb) for the same reason.

import { ParseError, ParseErrorCode, parse as parseJsonc, printParseErrorCode } from 'jsonc-parser';

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
  const doc = {
    format: RNNB_FORMAT,
    version: RNNB_VERSION,
    metadata: sortKeys(notebook.metadata),
    cells: notebook.cells.map(cell => cellToJson(cell, includeOutputs)),
  };
  return new TextEncoder().encode(JSON.stringify(doc, null, 2) + '\n');
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
    const sorted: Record<string, JsonValue> = {};
    for (const key of Object.keys(value).sort()) sorted[key] = sortKeys(value[key]);
    return sorted as T;
  }
  return value;
}

// ---------------------------------------------------------------------------------------
// Reading

/** Parses .rnnb bytes; an empty file is an empty notebook (VS Code creates new files empty). */
export function deserializeRnnb(bytes: Uint8Array): RnnbNotebook {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new RnnbFormatError('the file is not valid UTF-8 text');
  }
  if (text.trim() === '') return { metadata: {}, cells: [] };
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    throw jsonSyntaxError(text);
  }
  return notebookFromJson(doc);
}

function jsonSyntaxError(text: string): RnnbFormatError {
  // JSON.parse names no position for many errors; jsonc-parser (VS Code's own) gives the offset.
  const errors: ParseError[] = [];
  parseJsonc(text, errors, { disallowComments: true, allowTrailingComma: false });
  const first = errors[0];
  if (!first) return new RnnbFormatError('invalid JSON');
  const truncated = first.offset >= text.trimEnd().length || first.error === ParseErrorCode.UnexpectedEndOfString;
  const reason = truncated ? 'the file ends too early (truncated?)' : `invalid JSON: ${describeParseError(first.error)}`;
  const before = text.slice(0, first.offset);
  const line = before.split('\n').length;
  const column = first.offset - before.lastIndexOf('\n');
  return new RnnbFormatError(reason, line, column);
}

function describeParseError(code: ParseErrorCode): string {
  // "CloseBraceExpected" -> "close brace expected"
  return printParseErrorCode(code).replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
}

function notebookFromJson(doc: unknown): RnnbNotebook {
  const where = 'the notebook';
  const obj = expectObject(doc, where);
  if (obj.format !== undefined && obj.format !== RNNB_FORMAT) {
    throw new RnnbFormatError(`"format" is ${JSON.stringify(obj.format)}, expected "${RNNB_FORMAT}"`);
  }
  if (obj.version !== undefined && (typeof obj.version !== 'number' || obj.version > RNNB_VERSION)) {
    throw new RnnbFormatError(`"version" ${JSON.stringify(obj.version)} is newer than this Unroll reads (${RNNB_VERSION}); update the extension`);
  }
  if (!Array.isArray(obj.cells)) throw new RnnbFormatError(`${where} has no "cells" array`);
  return {
    metadata: expectMetadata(obj.metadata, `${where}'s "metadata"`),
    cells: obj.cells.map((cell, index) => cellFromJson(cell, `cell ${index + 1}`)),
  };
}

function cellFromJson(json: unknown, where: string): RnnbCell {
  const obj = expectObject(json, where);
  if (obj.kind !== 'code' && obj.kind !== 'markdown') {
    throw new RnnbFormatError(`${where}: "kind" must be "code" or "markdown", not ${JSON.stringify(obj.kind)}`);
  }
  const language = obj.language ?? (obj.kind === 'markdown' ? 'markdown' : 'rnn');
  if (typeof language !== 'string') throw new RnnbFormatError(`${where}: "language" must be a string`);
  const cell: RnnbCell = {
    kind: obj.kind,
    language,
    source: expectText(obj.source ?? '', `${where}: "source"`),
    metadata: expectMetadata(obj.metadata, `${where}: "metadata"`),
    outputs: expectArray(obj.outputs ?? [], `${where}: "outputs"`).map((o, i) => outputFromJson(o, `${where}, output ${i + 1}`)),
  };
  if (obj.execution !== undefined) cell.execution = executionFromJson(obj.execution, `${where}: "execution"`);
  return cell;
}

function executionFromJson(json: unknown, where: string): RnnbExecution {
  const obj = expectObject(json, where);
  const execution: RnnbExecution = {};
  for (const key of ['order', 'startTime', 'endTime'] as const) {
    if (obj[key] === undefined) continue;
    if (typeof obj[key] !== 'number') throw new RnnbFormatError(`${where}: "${key}" must be a number`);
    execution[key] = obj[key];
  }
  if (obj.success !== undefined) {
    if (typeof obj.success !== 'boolean') throw new RnnbFormatError(`${where}: "success" must be true or false`);
    execution.success = obj.success;
  }
  return execution;
}

function outputFromJson(json: unknown, where: string): RnnbOutput {
  const obj = expectObject(json, where);
  const items = expectArray(obj.items, `${where}: "items"`).map((raw, i) => {
    const itemWhere = `${where}, item ${i + 1}`;
    const item = expectObject(raw, itemWhere);
    if (typeof item.mime !== 'string') throw new RnnbFormatError(`${itemWhere}: "mime" must be a string`);
    if (item.text !== undefined) return { mime: item.mime, data: new TextEncoder().encode(expectText(item.text, `${itemWhere}: "text"`)) };
    if (typeof item.base64 === 'string') return { mime: item.mime, data: new Uint8Array(Buffer.from(item.base64, 'base64')) };
    throw new RnnbFormatError(`${itemWhere}: needs "text" or "base64"`);
  });
  return { items, metadata: expectMetadata(obj.metadata, `${where}: "metadata"`) };
}

function expectObject(value: unknown, where: string): Record<string, unknown> {
  if (!value || typeof value !== 'object' || Array.isArray(value)) throw new RnnbFormatError(`${where} must be a JSON object`);
  return value as Record<string, unknown>;
}

function expectArray(value: unknown, where: string): unknown[] {
  if (!Array.isArray(value)) throw new RnnbFormatError(`${where} must be an array`);
  return value;
}

function expectMetadata(value: unknown, where: string): Metadata {
  return value === undefined ? {} : expectObject(value, where) as Metadata;
}

/** Text is a string or an array of line strings. */
function expectText(value: unknown, where: string): string {
  if (typeof value === 'string') return value;
  if (Array.isArray(value) && value.every(line => typeof line === 'string')) return value.join('');
  throw new RnnbFormatError(`${where} must be a string or an array of strings`);
}
