// What each panel is sent when the gradient stream has something new: pure functions of the
// stream, used by the panels and by `npm run bench` (which feeds the real webview bundles the same
// messages to measure what open panels cost a training run).
import type { GradientStream, ModelDiagram, StreamBatch } from './index';
import type { HostToGraph, HostToHeatmap, HostToSaliency, HostToStates } from '../webview';
import type { ModelSummary } from '../webview';
import { runRecordSummary } from '../runRecord';

const SPARKLINE_POINTS = 200;

/**
 * The side panel shows a step count and a loss sparkline: twice a second is live enough, and its
 * whole list is redrawn on each update, which would otherwise cost the training run it watches.
 */
export const SIDE_PANEL_UPDATES_PER_SECOND = 2;

/** The graph panel: its model, then only the latest frame (the graph colours one step). */
export function graphOnModel(stream: GradientStream, diagram: ModelDiagram): HostToGraph[] {
  const latest = stream.latest(diagram.modelId);
  return [{ type: 'model', diagram }, ...(latest ? [{ type: 'gradients' as const, frame: latest }] : [])];
}
export function graphOnUpdate(batch: StreamBatch, modelId: string | undefined): HostToGraph[] {
  const latest = [...batch.frames].reverse().find(f => f.modelId === modelId);
  return latest ? [{ type: 'gradients', frame: latest }] : [];
}

/** The heatmap panel: its model with the whole history, then every new frame (it draws them all). */
export function heatmapOnModel(stream: GradientStream, diagram: ModelDiagram): HostToHeatmap[] {
  const history = stream.frames.get(diagram.modelId) ?? [];
  const connectivity = stream.connectivity.get(diagram.modelId);
  return [
    { type: 'model', diagram },
    ...(history.length ? [{ type: 'frames' as const, frames: history }] : []),
    ...(connectivity ? [{ type: 'connectivity' as const, series: connectivity }] : []),
  ];
}
export function heatmapOnUpdate(batch: StreamBatch, modelId: string | undefined): HostToHeatmap[] {
  const mine = batch.frames.filter(f => f.modelId === modelId);
  const connectivity = [...batch.connectivity].reverse().find(c => c.modelId === modelId);
  return [
    ...(mine.length ? [{ type: 'frames' as const, frames: mine }] : []),
    ...(connectivity ? [{ type: 'connectivity' as const, series: connectivity }] : []),
  ];
}

/** The state inspector: its model and every snapshot kept of the inspected example. */
export function statesOnModel(stream: GradientStream, diagram: ModelDiagram): HostToStates[] {
  const inspected = stream.states.get(diagram.modelId);
  return [
    { type: 'model', diagram },
    ...(inspected ? [{ type: 'states' as const, tokens: inspected.tokens, snapshots: inspected.snapshots.kept.map(k => k.item) }] : []),
  ];
}
export function statesOnUpdate(batch: StreamBatch, modelId: string | undefined): HostToStates[] {
  return batch.states.filter(s => s.modelId === modelId).map(s => ({ type: 'snapshot', tokens: s.tokens, snapshot: s.snapshot, reset: !!s.reset }));
}

/** A diagram with only the model's name, for a model show_states inspected before any fit drew it. */
export function standInDiagram(stream: GradientStream, modelId: string): ModelDiagram | undefined {
  const inspected = stream.states.get(modelId);
  return inspected ? { modelId, name: inspected.modelName, blocks: [], joins: [], weights: {}, dhKeys: [], notes: [] } : undefined;
}

/** The saliency panel: its model, every snapshot kept of its example, and the fit's latest connectivity. */
export function saliencyOnModel(stream: GradientStream, diagram: ModelDiagram): HostToSaliency[] {
  const inspected = stream.saliency.get(diagram.modelId);
  const connectivity = stream.connectivity.get(diagram.modelId);
  return [
    { type: 'model', diagram },
    ...(inspected ? [{ type: 'saliency' as const, tokens: inspected.tokens, snapshots: inspected.snapshots.kept.map(k => k.item), output: inspected.output }] : []),
    ...(connectivity ? [{ type: 'connectivity' as const, series: connectivity }] : []),
  ];
}
export function saliencyOnUpdate(batch: StreamBatch, modelId: string | undefined): HostToSaliency[] {
  const connectivity = [...batch.connectivity].reverse().find(c => c.modelId === modelId);
  return [
    ...(batch.saliency ?? []).filter(s => s.modelId === modelId).map(s => ({ type: 'snapshot' as const, tokens: s.tokens, snapshot: s.snapshot, reset: !!s.reset, ...(s.output === undefined ? {} : { output: s.output }) })),
    ...(connectivity ? [{ type: 'connectivity' as const, series: connectivity }] : []),
  ];
}

/** A diagram with only the model's name, for a model show_saliency chose an example of before any fit drew it. */
export function saliencyStandIn(stream: GradientStream, modelId: string): ModelDiagram | undefined {
  const inspected = stream.saliency.get(modelId);
  return inspected ? { modelId, name: inspected.modelName, blocks: [], joins: [], weights: {}, dhKeys: [], notes: [] } : undefined;
}

/** The side panel's list: every model the stream has seen, newest first, with a thinned loss curve. */
export function modelSummaries(stream: GradientStream): ModelSummary[] {
  return [...stream.diagrams.values()].reverse().map(diagram => {
    const frames = stream.frames.get(diagram.modelId) ?? [];
    const stride = Math.max(1, Math.ceil(frames.length / SPARKLINE_POINTS));
    const last = frames[frames.length - 1];
    const record = stream.runRecords.get(diagram.modelId);
    return {
      modelId: diagram.modelId,
      name: diagram.name,
      arity: diagram.blocks.map(b => b.arity).join(' → '),
      steps: last?.step ?? 0,
      losses: frames.filter((_, i) => i % stride === 0 || i === frames.length - 1).map(f => f.loss ?? NaN),
      lastLoss: last?.loss,
      globalNorm: last?.globalNorm,
      nonFinite: frames.some(f => f.nonFinite),
      ...(record ? { run: runRecordSummary(record) } : {}),
    };
  });
}
