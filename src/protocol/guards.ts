// Guards for messages that cross a webview boundary. A webview page is a browser context: a
// bug, a stale page after an update, or content injected into it can post anything, and a
// notebook output comes from a file anyone may have written. The receiving side checks each
// message with a guard here and drops (and reports) what does not fit instead of throwing
// somewhere inside a handler. Pure: no vscode, no Node-only API.
import { fromWire } from './gradients/codec';
import { isBpttHighlight } from './bptt';
import type { CompareToHost, HostToCompare } from './compareView';
import type { AttentionToHost, ChainToHost, GraphToHost, HeatmapToHost, HostToAttention, HostToChain, HostToGraph, HostToHeatmap, HostToSidePanel, HostToStates, HostToSaliency, SaliencyToHost, SidePanelCommand, SidePanelToHost, StatesToHost } from './webview';

import { isPanelExportMessage } from './panelExport';

type Guard<T> = (m: unknown) => m is T;

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isString = (v: unknown, max = 10_000): v is string => typeof v === 'string' && v.length <= max;
/** An id or name: short, one line. */
const isName = (v: unknown): v is string => isString(v, 500) && !/[\n\r\0]/.test(v);

// ---------------------------------------------------------------- webview → host

export const isGraphToHost: Guard<GraphToHost> = (m): m is GraphToHost => {
  if (!isRecord(m)) return false;
  switch (m.type) {
    case 'ready': return true;
    case 'export': return isPanelExportMessage(m);
    case 'openHeatmap': return isName(m.modelId);
    case 'openStates': return isName(m.modelId);
    case 'openChain': return isName(m.modelId);
    default: return false;
  }
};

export const isHeatmapToHost: Guard<HeatmapToHost> = (m): m is HeatmapToHost => {
  if (!isRecord(m)) return false;
  switch (m.type) {
    case 'ready': return true;
    case 'export': return isPanelExportMessage(m);
    case 'openGraph': return isName(m.modelId);
    default: return false;
  }
};

/** A panel page's messages to the host: 'ready', the shared 'export', and the `opens` requests, each naming a model. */
function panelToHost<T extends { type: string }>(opens: readonly string[]): Guard<T> {
  return (m): m is T => isRecord(m) && (m.type === 'ready' || (m.type === 'export' && isPanelExportMessage(m)) || (opens.includes(m.type as string) && isName(m.modelId)));
}

export const isStatesToHost = panelToHost<StatesToHost>(['openGraph']);
export const isCompareToHost = panelToHost<CompareToHost>(['openHeatmap']);
export const isSaliencyToHost = panelToHost<SaliencyToHost>(['openGraph']);
export const isAttentionToHost = panelToHost<AttentionToHost>(['openGraph']);
export const isChainToHost = panelToHost<ChainToHost>(['openGraph']);

const SIDE_PANEL_COMMANDS: ReadonlySet<string> = new Set<SidePanelCommand>([
  'unroll.newNotebook', 'unroll.openSample', 'unroll.selectExecutionProvider', 'unroll.interrupt',
  'unroll.showUnrolledGraph', 'unroll.showGradientHeatmap',
]);

export const isSidePanelToHost: Guard<SidePanelToHost> = (m): m is SidePanelToHost => {
  if (!isRecord(m)) return false;
  if (m.type === 'ready') return true;
  return m.type === 'command' && typeof m.command === 'string' && SIDE_PANEL_COMMANDS.has(m.command) && (m.modelId === undefined || isName(m.modelId));
};

/** The VS Code command a side panel message asks for, with its arguments; undefined for anything else. */
export function sidePanelCommand(m: unknown): { command: SidePanelCommand; args: string[] } | undefined {
  if (!isSidePanelToHost(m) || m.type !== 'command') return undefined;
  return { command: m.command, args: m.modelId ? [m.modelId] : [] };
}

// ---------------------------------------------------------------- host → webview

const isArrayOf = (v: unknown, item: (x: unknown) => boolean): boolean => Array.isArray(v) && v.every(item);
/** Numbers: an array of them, or a Float32Array/Float64Array (the codec carries those as themselves). */
const isNumbers = (v: unknown): boolean => v instanceof Float32Array || v instanceof Float64Array || isArrayOf(v, x => typeof x === 'number');
const isNumberRecord = (v: unknown) => isRecord(v) && Object.values(v).every(x => typeof x === 'number');
const isDiagram = (d: unknown) => isRecord(d) && isName(d.modelId) && isString(d.name) && Array.isArray(d.blocks) && Array.isArray(d.joins)
  && isRecord(d.weights) && isArrayOf(d.dhKeys, x => isString(x)) && isArrayOf(d.notes, x => isString(x))
  && (d.merges === undefined || isArrayOf(d.merges, m => isRecord(m) && isString(m.id) && isString(m.kind) && isString(m.block) && isArrayOf(m.inputs, isRecord)));
const isFrame = (f: unknown) => isRecord(f) && isName(f.modelId) && typeof f.step === 'number' && isRecord(f.dh)
  && Object.values(f.dh).every(isNumbers) && isNumberRecord(f.gradNorm);

export const isHostToGraph: Guard<HostToGraph> = (m): m is HostToGraph => {
  if (!isRecord(m)) return false;
  switch (m.type) {
    case 'model': return isDiagram(m.diagram);
    case 'gradients': return isFrame(m.frame);
    case 'clear': return isString(m.reason);
    case 'exported': return m.path === null || isString(m.path);
    case 'bpttHighlight': return isBpttHighlight(m);
    default: return false;
  }
};

export const isHostToHeatmap: Guard<HostToHeatmap> = (m): m is HostToHeatmap => {
  if (!isRecord(m)) return false;
  switch (m.type) {
    case 'model': return isDiagram(m.diagram);
    case 'frames': return isArrayOf(m.frames, isFrame);
    case 'connectivity': return isRecord(m.series) && isName(m.series.modelId) && typeof m.series.step === 'number' && isNumbers(m.series.values);
    case 'clear': return isString(m.reason);
    case 'exported': return m.path === null || isString(m.path);
    default: return false;
  }
};

const isCompareRow = (r: unknown) => isRecord(r) && isName(r.modelId) && isString(r.name) && isArrayOf(r.dhKeys, isName) && isArrayOf(r.reversedKeys, isName);

export const isHostToCompare: Guard<HostToCompare> = (m): m is HostToCompare => {
  if (!isRecord(m)) return false;
  switch (m.type) {
    case 'models': return isName(m.comparisonId) && isString(m.title) && isArrayOf(m.rows, isCompareRow);
    case 'frames': return isArrayOf(m.frames, isFrame);
    case 'clear': return isString(m.reason);
    case 'exported': return m.path === null || isString(m.path);
    default: return false;
  }
};

const isStateChain = (c: unknown) => isRecord(c) && isName(c.key) && isName(c.layer) && (c.direction === 'forward' || c.direction === 'backward')
  && isName(c.kind) && typeof c.units === 'number' && typeof c.T === 'number'
  && isArrayOf(c.series, s => isRecord(s) && isName(s.name) && isNumbers(s.values) && (s.values as unknown[]).length === (c.T as number) * (c.units as number))
  && (c.mask === undefined || isNumbers(c.mask));
const isSnapshot = (s: unknown) => isRecord(s) && typeof s.step === 'number' && isArrayOf(s.chains, isStateChain);
const isTokens = (t: unknown) => isArrayOf(t, x => isString(x, 1000));

export const isHostToStates: Guard<HostToStates> = (m): m is HostToStates => {
  if (!isRecord(m)) return false;
  switch (m.type) {
    case 'model': return isDiagram(m.diagram);
    case 'states': return isTokens(m.tokens) && isArrayOf(m.snapshots, isSnapshot);
    case 'snapshot': return isTokens(m.tokens) && isSnapshot(m.snapshot) && typeof m.reset === 'boolean';
    case 'clear': return isString(m.reason);
    case 'exported': return m.path === null || isString(m.path);
    default: return false;
  }
};

const isSaliencySnapshot = (s: unknown) => {
  if (!isRecord(s) || typeof s.step !== 'number' || !Number.isInteger(s.outputs) || !Number.isInteger(s.T)) return false;
  const n = (s.outputs as number) * (s.T as number);
  const isMatrix = (v: unknown) => isNumbers(v) && (v as unknown[]).length === n;
  return isMatrix(s.norm) && isMatrix(s.gradInput) && isNumbers(s.classes) && (s.target === 'logit' || s.target === 'output');
};
const isPosition = (o: unknown) => o === undefined || (Number.isInteger(o) && (o as number) >= 0);
const isConnectivity = (c: unknown) => isRecord(c) && isName(c.modelId) && typeof c.step === 'number' && isNumbers(c.values);

export const isHostToSaliency: Guard<HostToSaliency> = (m): m is HostToSaliency => {
  if (!isRecord(m)) return false;
  switch (m.type) {
    case 'model': return isDiagram(m.diagram);
    case 'saliency': return isTokens(m.tokens) && isArrayOf(m.snapshots, isSaliencySnapshot) && isPosition(m.output);
    case 'snapshot': return isTokens(m.tokens) && isSaliencySnapshot(m.snapshot) && typeof m.reset === 'boolean' && isPosition(m.output);
    case 'connectivity': return isConnectivity(m.series);
    case 'clear': return isString(m.reason);
    case 'exported': return m.path === null || isString(m.path);
    default: return false;
  }
};

const isAttentionMap = (a: unknown) => isRecord(a) && isName(a.layer) && isName(a.kind) && Number.isInteger(a.Tq) && Number.isInteger(a.Tv)
  && isNumbers(a.weights) && (a.weights as unknown[]).length === (a.Tq as number) * (a.Tv as number)
  && (a.valueMask === undefined || (isNumbers(a.valueMask) && (a.valueMask as unknown[]).length === a.Tv));
const isAttentionSnapshot = (s: unknown) => isRecord(s) && typeof s.step === 'number' && isArrayOf(s.maps, isAttentionMap);
const isLabels = (m: Record<string, unknown>) => isTokens(m.inputTokens) && isTokens(m.outputTokens);

export const isHostToAttention: Guard<HostToAttention> = (m): m is HostToAttention => {
  if (!isRecord(m)) return false;
  switch (m.type) {
    case 'model': return isDiagram(m.diagram);
    case 'alignments': return isLabels(m) && isArrayOf(m.snapshots, isAttentionSnapshot);
    case 'alignment': return isLabels(m) && isAttentionSnapshot(m.snapshot) && typeof m.reset === 'boolean';
    case 'clear': return isString(m.reason);
    case 'exported': return m.path === null || isString(m.path);
    default: return false;
  }
};

const isChainLayer = (c: unknown) => isRecord(c) && isName(c.layer) && isName(c.kind) && typeof c.units === 'number' && isName(c.state)
  && isNumbers(c.stepFrobenius) && isNumbers(c.stepSpectral) && isArrayOf(c.stepSingularValues, isNumbers) && isNumbers(c.productNorm)
  && [c.stepSpectral, c.stepSingularValues, c.productNorm].every(a => (a as unknown[]).length === (c.stepFrobenius as unknown[]).length)
  && typeof c.spectralRadius === 'number' && typeof c.sigmaMax === 'number' && (c.unavailable === undefined || isString(c.unavailable));
const isSpectrumSeries = (s: unknown) => isRecord(s) && isNumbers(s.spectralRadius) && isNumbers(s.sigmaMax) && (s.spectralRadius as unknown[]).length === (s.sigmaMax as unknown[]).length;

export const isHostToChain: Guard<HostToChain> = (m): m is HostToChain => {
  if (!isRecord(m)) return false;
  switch (m.type) {
    case 'model': return isDiagram(m.diagram);
    case 'chain': return isRecord(m.chain) && isName(m.chain.modelId) && isString(m.chain.modelName) && typeof m.chain.epochs === 'number'
      && isArrayOf(m.chain.layers, isChainLayer) && isName(m.chain.selected);
    case 'spectrum': return isRecord(m.spectrum) && isName(m.spectrum.modelId) && isString(m.spectrum.modelName)
      && isRecord(m.spectrum.layers) && Object.values(m.spectrum.layers).every(isSpectrumSeries);
    case 'clear': return isString(m.reason);
    case 'exported': return m.path === null || isString(m.path);
    default: return false;
  }
};

export const isHostToSidePanel: Guard<HostToSidePanel> = (m): m is HostToSidePanel =>
  isRecord(m) && m.type === 'state' && isString(m.executionProvider)
  && isArrayOf(m.kernels, k => isRecord(k) && isString(k.notebookUri) && isString(k.notebookName) && isString(k.state) && typeof k.executionCount === 'number' && (k.provider === undefined || isString(k.provider)))
  && isArrayOf(m.models, s => isRecord(s) && isName(s.modelId) && isString(s.name) && isString(s.arity) && typeof s.steps === 'number'
    && isNumbers(s.losses) && typeof s.nonFinite === 'boolean' && (s.run === undefined || isRunSummary(s.run)));

const isRunSummary = (r: unknown): boolean => isRecord(r) && typeof r.seed === 'number' && typeof r.shuffle === 'number' && typeof r.steps === 'number'
  && [r.provider, r.runtime, r.graph, r.dataOrder, r.settings].every(isName);

/**
 * A message as it arrives (wire form): decoded through the gradient codec and checked by
 * `guard`, or why it was dropped. Never throws, whatever `raw` is.
 */
export function receiveMessage<T>(raw: unknown, guard: Guard<T>): { message: T } | { dropped: string } {
  let decoded: unknown;
  try {
    decoded = fromWire<unknown>(raw);
  } catch (e) {
    return { dropped: `undecodable message (${e instanceof Error ? e.message : String(e)})` };
  }
  if (guard(decoded)) return { message: decoded };
  const type = isRecord(decoded) && typeof decoded.type === 'string' ? `"${decoded.type.slice(0, 40)}"` : typeof decoded;
  return { dropped: `malformed message of type ${type}` };
}
