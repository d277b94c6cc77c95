import type { ModelDiagram } from './diagram';
import type { ConnectivitySeries, GradientFrame, TelemetryMessage } from './frames';
import type { RunRecord } from '../../keras/runRecord';
import type { ChainMessage, SpectrumMessage } from './chain';
import { snapshotBytes, SnapshotBudget, StateSnapshot, StatesMessage } from './states';
import { compactSaliency, saliencyBytes, type SaliencyMessage, type SaliencySnapshot } from './saliency';
import { attentionBytes, AttentionMessage, AttentionSnapshot, compactAttention } from './attention';
import { throttled } from './throttle';

/** What a listener is told when new data arrives: frames oldest first, connectivity series, state snapshots. */
export interface StreamBatch {
  frames: GradientFrame[];
  connectivity: ConnectivitySeries[];
  states: StatesMessage[];
  /** Saliency snapshots (absent in batches that carry none). */
  saliency?: SaliencyMessage[];
  /** Absent in a batch without attention snapshots. */
  attention?: AttentionMessage[];
  /** Chains of partials (show_chain, or its refresh after a fit). */
  chains?: ChainMessage[];
  /** Spectra over training (after each epoch). */
  spectra?: SpectrumMessage[];
}

/** A model's inspected example: its tokens and the snapshots kept of its states (the budget's rule). */
export interface InspectedStates {
  modelName: string;
  tokens: string[];
  snapshots: SnapshotBudget<StateSnapshot>;
}

/** A model's saliency example: its tokens and the snapshots kept (the same budget rule as the states). */
export interface InspectedSaliency {
  modelName: string;
  tokens: string[];
  snapshots: SnapshotBudget<SaliencySnapshot>;
  /** The output position show_saliency chose. */
  output?: number;
}

/** A model's aligned example (show_attention): its labels and the snapshots kept of its attention weights. */
export interface AlignedExample {
  modelName: string;
  inputTokens: string[];
  outputTokens: string[];
  snapshots: SnapshotBudget<AttentionSnapshot>;
}

export interface StreamListener {
  model?(d: ModelDiagram): void;
  update?(batch: StreamBatch): void;
  clear?(reason: string): void;
}

/**
 * How often an open panel is sent the stream's news. The training thread lets ~8 updates a second
 * through (DESIGN.md §4), and each message into a webview costs the page a parse and the machine a
 * delivery, both taken from the training run it shows: the pages redraw at most 4 times a second
 * anyway, so a panel gets what arrived meanwhile in one message. Nothing is dropped: the heatmap
 * still gets every frame, in fewer, larger messages.
 */
const PANEL_DELIVERIES_PER_SECOND = 4;

/**
 * `listener` told of updates at most `perSecond` times a second, each telling every batch that
 * arrived since, merged in order. A new model (a fit starts) first delivers what is held, so the
 * order of models and their data stays; a clear drops it (those models are gone).
 */
export function coalescedListener(listener: StreamListener, perSecond = PANEL_DELIVERIES_PER_SECOND): StreamListener & { dispose(): void } {
  let held: Required<StreamBatch> | undefined;
  const deliver = () => {
    const batch = held;
    held = undefined;
    if (batch) listener.update?.(batch);
  };
  const later = throttled(deliver, perSecond);
  const drop = () => {
    later.dispose();
    held = undefined;
  };
  return {
    model: d => {
      later.dispose();
      deliver();
      listener.model?.(d);
    },
    update: batch => {
      held ??= { frames: [], connectivity: [], states: [], saliency: [], attention: [], chains: [], spectra: [] };
      // The stream hands every listener the same batch: copy its items, never change its arrays.
      for (const key of Object.keys(held) as (keyof StreamBatch)[]) (held[key] as unknown[]).push(...(batch[key] ?? []));
      later();
    },
    clear: reason => {
      drop();
      listener.clear?.(reason);
    },
    dispose: drop,
  };
}

/** `listener` subscribed to `stream` through coalescedListener: one disposal ends both (a panel's feed). */
export function subscribeCoalesced(stream: GradientStream, listener: StreamListener): { dispose(): void } {
  const feed = coalescedListener(listener);
  const subscription = stream.subscribe(feed);
  return { dispose: () => { subscription.dispose(); feed.dispose(); } };
}

/**
 * Keeps, per model, the latest diagram, every frame (the heatmap's history) and the latest
 * connectivity, and tells listeners at once. Frames arrive already throttled (throttle.ts, in the
 * training thread), so the store forwards each as it comes. Pure: no vscode, no timers.
 */
export class GradientStream {
  readonly diagrams = new Map<string, ModelDiagram>();
  readonly frames = new Map<string, GradientFrame[]>();
  readonly connectivity = new Map<string, ConnectivitySeries>();
  /** Per model, the run record of its last finished fit (a new fit's diagram drops the old one). */
  readonly runRecords = new Map<string, RunRecord>();
  readonly states = new Map<string, InspectedStates>();
  readonly saliency = new Map<string, InspectedSaliency>();
  readonly attention = new Map<string, AlignedExample>();
  /** Per model, its latest chain of partials and its spectrum over training (kept across fits: the spectrum is of every fit). */
  readonly chains = new Map<string, ChainMessage>();
  readonly spectra = new Map<string, SpectrumMessage>();
  /** The model shown when a panel opens without one named: the one set or trained most recently. */
  lastModelId: string | undefined;
  private readonly listeners = new Set<StreamListener>();

  constructor(readonly maxFrames = 100_000) {}

  subscribe(l: StreamListener): { dispose(): void } {
    this.listeners.add(l);
    return { dispose: () => this.listeners.delete(l) };
  }

  setModel(d: ModelDiagram): void {
    this.diagrams.set(d.modelId, d);
    this.frames.set(d.modelId, []);
    this.connectivity.delete(d.modelId);
    this.runRecords.delete(d.modelId);
    // A fit starts: its snapshots come from its own first step on (the tokens stay).
    this.states.get(d.modelId)?.snapshots.clear();
    this.saliency.get(d.modelId)?.snapshots.clear();
    this.attention.get(d.modelId)?.snapshots.clear();
    this.lastModelId = d.modelId;
    for (const l of this.listeners) l.model?.(d);
  }
  /** No models any more (kernel restarted or closed). */
  clear(reason: string): void {
    this.diagrams.clear();
    this.frames.clear();
    this.connectivity.clear();
    this.runRecords.clear();
    this.states.clear();
    this.saliency.clear();
    this.attention.clear();
    this.chains.clear();
    this.spectra.clear();
    this.lastModelId = undefined;
    for (const l of this.listeners) l.clear?.(reason);
  }
  push(frame: GradientFrame): void {
    const list = this.frames.get(frame.modelId) ?? [];
    list.push(frame);
    if (list.length > this.maxFrames) list.splice(0, list.length - this.maxFrames);
    this.frames.set(frame.modelId, list);
    this.lastModelId = frame.modelId;
    this.tell({ frames: [frame], connectivity: [], states: [], attention: [] });
  }
  pushConnectivity(c: ConnectivitySeries): void {
    this.connectivity.set(c.modelId, c);
    this.tell({ frames: [], connectivity: [c], states: [], attention: [] });
  }
  /** A snapshot of a model's inspected example, kept under the snapshot budget (states.ts). */
  pushStates(m: StatesMessage): void {
    let inspected = this.states.get(m.modelId);
    if (!inspected || m.reset) {
      inspected = { modelName: m.modelName, tokens: m.tokens, snapshots: new SnapshotBudget<StateSnapshot>() };
      this.states.set(m.modelId, inspected);
    }
    inspected.tokens = m.tokens;
    inspected.modelName = m.modelName;
    inspected.snapshots.add(m.snapshot.step, compactSnapshot(m.snapshot), snapshotBytes(m.snapshot.chains));
    this.tell({ frames: [], connectivity: [], states: [m], attention: [] });
  }
  /** A snapshot of a model's aligned example, kept under the same budget rule (attention.ts). */
  pushAttention(m: AttentionMessage): void {
    let aligned = this.attention.get(m.modelId);
    if (!aligned || m.reset) {
      aligned = { modelName: m.modelName, inputTokens: m.inputTokens, outputTokens: m.outputTokens, snapshots: new SnapshotBudget<AttentionSnapshot>() };
      this.attention.set(m.modelId, aligned);
    }
    Object.assign(aligned, { modelName: m.modelName, inputTokens: m.inputTokens, outputTokens: m.outputTokens });
    aligned.snapshots.add(m.snapshot.step, compactAttention(m.snapshot), attentionBytes(m.snapshot.maps));
    this.tell({ frames: [], connectivity: [], states: [], attention: [m] });
  }
  /** A saliency snapshot of a model's example, kept under the snapshot budget. */
  pushSaliency(m: SaliencyMessage): void {
    let inspected = this.saliency.get(m.modelId);
    if (!inspected || m.reset) {
      inspected = { modelName: m.modelName, tokens: m.tokens, snapshots: new SnapshotBudget<SaliencySnapshot>(), output: m.output };
      this.saliency.set(m.modelId, inspected);
    }
    inspected.tokens = m.tokens;
    inspected.modelName = m.modelName;
    inspected.snapshots.add(m.snapshot.step, compactSaliency(m.snapshot), saliencyBytes(m.snapshot));
    this.tell({ frames: [], connectivity: [], states: [], saliency: [m] });
  }
  /** A message of the gradient channel, as the kernel sent it. */
  receive(message: TelemetryMessage): void {
    if (message.kind === 'diagram') this.setModel(message.diagram);
    else if (message.kind === 'gradients') this.push(message.frame);
    else if (message.kind === 'runRecord') this.pushRunRecord(message.modelId, message.record);
    else if (message.kind === 'states') this.pushStates(message.states);
    else if (message.kind === 'attention') this.pushAttention(message.attention);
    else if (message.kind === 'connectivity') this.pushConnectivity(message.series);
    else if (message.kind === 'saliency') this.pushSaliency(message.saliency);
    else if (message.kind === 'chain') this.pushChain(message.chain);
    else if (message.kind === 'spectrum') this.pushSpectrum(message.spectrum);
  }
  pushRunRecord(modelId: string, record: RunRecord): void {
    this.runRecords.set(modelId, record);
    this.tell({ frames: [], connectivity: [], states: [], attention: [] });
  }
  pushChain(c: ChainMessage): void {
    this.chains.set(c.modelId, c);
    this.tell({ frames: [], connectivity: [], states: [], chains: [c] });
  }
  pushSpectrum(s: SpectrumMessage): void {
    this.spectra.set(s.modelId, s);
    this.tell({ frames: [], connectivity: [], states: [], spectra: [s] });
  }
  latest(modelId: string): GradientFrame | undefined {
    const l = this.frames.get(modelId);
    return l?.[l.length - 1];
  }
  dispose(): void {
    this.listeners.clear();
  }
  private tell(batch: StreamBatch): void {
    for (const l of this.listeners) l.update?.(batch);
  }
}

/** The snapshot with its values as float32 (what the budget counts), whatever array they came in. */
function compactSnapshot(s: StateSnapshot): StateSnapshot {
  return { ...s, chains: s.chains.map(c => ({ ...c, series: c.series.map(x => ({ name: x.name, values: Float32Array.from(x.values) })) })) };
}
