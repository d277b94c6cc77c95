// Exporting a panel: the one message every panel posts to save a picture or its data, the
// host's request that asks a panel for one (the `Unroll: Export Panel…` command), the file name a
// save dialog offers, the CSV and JSON a panel's data becomes, and the print theme (white paper,
// dark ink) an export may be drawn in. The webview side is webview/shared/export.ts, the host side
// src/host/panels/panelExport.ts. Pure: no vscode, no DOM, no Node-only API.
import { toReadable } from './gradients/codec';

export type ExportFormat = 'svg' | 'png' | 'csv' | 'json';
/** `current`: the colours the panel shows now; `print`: white background, dark ink. */
export type ExportTheme = 'current' | 'print';

const EXPORT_FORMATS: readonly ExportFormat[] = ['svg', 'png', 'csv', 'json'];

/** Webview → host: one file to save. Text formats carry text, PNG carries base64. */
export interface PanelExportMessage {
  type: 'export';
  format: ExportFormat;
  /** Offered by the save dialog: a file name, no folders. */
  fileName: string;
  /** UTF-8 text (svg, csv, json) or base64 bytes (png). */
  data: string;
}

/** Host → webview: make this export and post it (the command acting on the active panel). */
export interface PanelExportRequest {
  type: 'exportAs';
  format: ExportFormat;
  theme: ExportTheme;
}

export const EXPORT_FILTERS: Record<ExportFormat, Record<string, string[]>> = {
  svg: { 'SVG image': ['svg'] },
  png: { 'PNG image': ['png'] },
  csv: { 'CSV table': ['csv'] },
  json: { JSON: ['json'] },
};

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isFormat = (v: unknown): v is ExportFormat => typeof v === 'string' && (EXPORT_FORMATS as readonly string[]).includes(v);
/** What a save dialog may be offered: a file name with the format's extension, no folders, no control characters. */
const isExportFileName = (v: unknown, format: ExportFormat): v is string => typeof v === 'string' && v.length > 0 && v.length <= 200
  && !/[/\\]/.test(v) && ![...v].some(c => c.charCodeAt(0) < 0x20) && v.toLowerCase().endsWith(`.${format}`) && !/^\.+$/.test(v);

/** An export is at most 64 MB of text or base64. */
const MAX_EXPORT_CHARS = 64 * 1024 * 1024;
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

/** Checks a message from a webview (anything may arrive): a well-formed export, or false. */
export function isPanelExportMessage(m: unknown): m is PanelExportMessage {
  if (!isRecord(m) || m.type !== 'export' || !isFormat(m.format) || !isExportFileName(m.fileName, m.format)) return false;
  if (typeof m.data !== 'string' || m.data.length > MAX_EXPORT_CHARS) return false;
  return m.format !== 'png' || BASE64.test(m.data);
}

export function isPanelExportRequest(m: unknown): m is PanelExportRequest {
  return isRecord(m) && m.type === 'exportAs' && isFormat(m.format) && (m.theme === 'current' || m.theme === 'print');
}

/** The bytes to write for an export. */
export function exportBytes(m: PanelExportMessage): Uint8Array {
  if (m.format !== 'png') return new TextEncoder().encode(m.data);
  const binary = atob(m.data);
  return Uint8Array.from(binary, c => c.charCodeAt(0));
}

/** A name part made safe for a file name: letters, digits, `._-`; runs of anything else become one `-`. */
function namePart(s: string): string {
  return s.normalize('NFKD').replace(/[^\w.-]+|\.{2,}/g, '-').replace(/-{2,}/g, '-').replace(/^[-.]+|[-.]+$/g, '').slice(0, 60);
}

/** "heatmap-SimpleRNN-step120-print.png": panel, model, training step, theme, extension. */
export function exportFileName(p: { panel: string; model?: string; step?: number; theme?: ExportTheme; format: ExportFormat }): string {
  const parts = [namePart(p.panel) || 'panel'];
  if (p.model && namePart(p.model)) parts.push(namePart(p.model));
  if (p.step !== undefined && Number.isFinite(p.step)) parts.push(`step${Math.round(p.step)}`);
  if (p.theme === 'print' && (p.format === 'svg' || p.format === 'png')) parts.push('print');
  return `${parts.join('-')}.${p.format}`;
}

// ---------------------------------------------------------------- data: CSV and JSON

type Cell = string | number | boolean | null | undefined;

/** A panel's data as one table (long form: one row per value reads best in pandas and spreadsheets). */
export interface ExportTable {
  columns: string[];
  rows: Cell[][];
}

/** What a panel gives for its data exports: the table for CSV, anything JSON-able for JSON. */
export interface PanelData {
  table: ExportTable;
  json: unknown;
}

function csvCell(v: Cell): string {
  if (v === null || v === undefined) return '';
  // NaN and ±Inf as pandas and R read them back; numbers in full precision.
  const s = typeof v === 'number' ? (Number.isNaN(v) ? 'NaN' : v === Infinity ? 'inf' : v === -Infinity ? '-inf' : String(v)) : String(v);
  return /[",\r\n]/.test(s) || /^\s|\s$/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** RFC 4180 CSV: a header row, CRLF line ends, fields with a comma, quote or line break quoted. */
export function toCsv(t: ExportTable): string {
  for (const [i, r] of t.rows.entries()) {
    if (r.length !== t.columns.length) throw new Error(`CSV export: row ${i + 1} has ${r.length} cells for ${t.columns.length} columns`);
  }
  return [t.columns, ...t.rows].map(r => r.map(csvCell).join(',')).join('\r\n') + '\r\n';
}

/** Indented JSON; NaN and ±Infinity (which JSON lacks) as the strings "NaN", "Infinity", "-Infinity". */
export function toExportJson(value: unknown): string {
  return JSON.stringify(toReadable(value), null, 2) + '\n';
}

// ---------------------------------------------------------------- the print theme

/** Paper and ink of the print theme. */
export const PRINT_BACKGROUND = '#ffffff';
export const PRINT_INK = '#1b1b1b';
const PRINT_MUTED = '#555555';
const PRINT_BORDER = '#b4b4b4';
const PRINT_WIDGET = '#f4f4f4';

/** Chart colours dark enough for white paper (each at least 3:1 against it, WCAG's bar for graphics). */
const PRINT_CHARTS: Record<string, string> = {
  blue: '#1f5fbf', green: '#2e7d32', orange: '#b35900', red: '#c62828', purple: '#6a3d9a', yellow: '#8a6d00',
};

/**
 * The print theme's value for a `--vscode-*` variable, by what the name says it colours:
 * backgrounds become paper, foregrounds ink, borders light grey, chart colours their print
 * versions. Undefined for a variable that is not a colour (fonts, sizes): those stay as they are.
 */
export function printThemeColor(variable: string): string | undefined {
  const name = variable.replace(/^--vscode-/, '');
  if (/font|size|weight|family/i.test(name)) return undefined;
  const chart = name.match(/^charts-(\w+)$/);
  if (chart) return PRINT_CHARTS[chart[1]] ?? PRINT_INK;
  if (/shadow/i.test(name)) return 'transparent';
  if (/(find|selection|hover|highlight)\w*Background/i.test(name)) return '#fff0b3';
  if (/warning\w*Background/i.test(name)) return '#fff4ce';
  if (/error\w*Background/i.test(name)) return '#fde7e9';
  if (/background/i.test(name) && /Widget|sideBar|CodeBlock|badge|secondary/i.test(name)) return PRINT_WIDGET;
  if (/background/i.test(name)) return PRINT_BACKGROUND;
  if (/focusBorder|activeBorder/i.test(name)) return '#1f5fbf';
  if (/border|outline/i.test(name)) return PRINT_BORDER;
  if (/description|disabled|placeholder|muted/i.test(name)) return PRINT_MUTED;
  if (/foreground/i.test(name)) return PRINT_INK;
  return undefined;
}

/** The print theme for these variables: each colour variable → its print value (others left out). */
export function printTheme(variables: Iterable<string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const v of variables) {
    const c = printThemeColor(v);
    if (c !== undefined) out[v] = c;
  }
  return out;
}
