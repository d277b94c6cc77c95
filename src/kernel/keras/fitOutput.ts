// What fit shows: one progress output replaced in place (at most LIVE_OUTPUT_UPDATES_PER_SECOND
// times a second, see LiveOutput) that the renderer draws as a live chart with a Stop
// button, a Keras verbose=2 line per epoch on stdout, the gradient summary (a small map of the run
// for the renderer, the latest frame as text), and at the end the History.
import type { ProgressEvent } from '../../engine/train/progress';
import type { TrainingEvent } from '../../protocol/training';
import type { GradientFrame } from '../../protocol/gradients';
import { gradientFrameText } from '../../protocol/gradients/outputs';
import { GRADIENT_MAP_MIME, GradientMapData, RichItem, TRAINING_MIME, TrainingData, richItem } from '../../protocol/renderer';
import { gradientMapSvg, SVG_MIME, trainingChartSvg } from '../../protocol/staticImages';

const BAR = 20;

/** Keras 3 orders logs: metrics, loss, then the val_ versions. */
function formatLogs(logs: Record<string, number>): string {
  const keys = Object.keys(logs).filter(k => k !== 'non_finite');
  const rank = (k: string) => (k.startsWith('val_') ? 2 : 0) + (k.replace(/^val_/, '') === 'loss' ? 1 : 0);
  keys.sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
  return keys.map(k => `${k}: ${formatValue(logs[k])}`).join(' - ');
}

function formatValue(v: number): string {
  if (!Number.isFinite(v)) return String(v);
  // Keras writes %.4f; a diverging loss (1e14) would then fill the line, so large ones get an exponent.
  const a = Math.abs(v);
  return (a >= 1e-4 && a < 1e6) || v === 0 ? v.toFixed(4) : v.toExponential(4);
}

function formatSeconds(s: number): string {
  if (!Number.isFinite(s)) return '?';
  if (s < 60) return `${Math.round(s)}s`;
  const m = Math.floor(s / 60);
  return m < 60 ? `${m}:${String(Math.round(s % 60)).padStart(2, '0')}` : `${Math.floor(m / 60)}:${String(m % 60).padStart(2, '0')}:${String(Math.round(s % 60)).padStart(2, '0')}`;
}

/** "Epoch 2/3\n12/19 ━━━━━━━━━━━━░░░░░░░░ ETA: 1s - loss: 0.6123 - accuracy: 0.6512" */
export function progressText(p: ProgressEvent): string {
  const done = p.batch + 1;
  const filled = Math.round((BAR * done) / p.batches);
  const bar = '━'.repeat(filled) + '░'.repeat(BAR - filled);
  const logs = formatLogs({ loss: p.loss, ...p.metrics });
  const eta = done === p.batches ? `${Math.round(1000 / Math.max(p.stepsPerSec, 1e-9))}ms/step` : `ETA: ${formatSeconds(p.etaSec)} (run ${formatSeconds(p.etaTotalSec)})`;
  return `Epoch ${p.epoch + 1}/${p.epochs}\n${done}/${p.batches} ${bar} ${eta} - ${logs}`;
}

/** Keras verbose=2 at an epoch's end: "Epoch 1/3\n19/19 - 2s - 105ms/step - accuracy: 0.5 - loss: 0.69" */
export function epochLine(e: Extract<TrainingEvent, { kind: 'epoch' }>): string {
  const perStep = e.steps > 0 ? `${Math.round((1000 * e.seconds) / e.steps)}ms/step` : '';
  return `Epoch ${e.epoch + 1}/${e.epochs}\n${e.steps}/${e.steps} - ${formatSeconds(e.seconds)} - ${perStep} - ${formatLogs(e.logs)}\n`;
}

function progressItems(text: string): { mime: string; data: string }[] {
  return [{ mime: 'text/plain', data: text }];
}

/** Enough points for a smooth chart, few enough that the replaced output stays small (it is saved with the notebook). */
export const MAX_STEP_POINTS = 400;

/** The run as the renderer's chart needs it, built from the engine's progress and epoch events. */
export class TrainingRecorder {
  private readonly state: TrainingData;
  constructor(run: string, model: string, epochs: number) {
    this.state = { run, model, epochs, batchesPerEpoch: 0, epoch: 0, batch: -1, names: [], steps: [], epochLogs: [], stepsPerSec: 0, etaSec: NaN, status: 'running' };
  }

  progress(p: ProgressEvent): void {
    const s = this.state;
    const logs: Record<string, number> = { loss: p.loss, ...p.metrics };
    if (!s.names.length) s.names = ['loss', ...Object.keys(p.metrics).filter(k => k !== 'loss' && k !== 'non_finite')];
    Object.assign(s, { epoch: p.epoch, batch: p.batch, batchesPerEpoch: p.batches, epochs: p.epochs, stepsPerSec: p.stepsPerSec, etaSec: p.etaTotalSec });
    s.steps.push({ x: p.epoch + (p.batch + 1) / p.batches, values: s.names.map(n => logs[n] ?? NaN) });
    // Halve the resolution instead of dropping the start: the chart keeps the whole run and the latest step.
    if (s.steps.length > MAX_STEP_POINTS) s.steps = s.steps.filter((_, i, all) => i % 2 === 0 || i === all.length - 1);
  }

  epochEnd(e: Extract<TrainingEvent, { kind: 'epoch' }>): void {
    const logs = { ...e.logs };
    delete logs.non_finite;
    this.state.epochLogs.push({ epoch: e.epoch, logs });
  }

  finish(stopReason: 'completed' | 'callback' | 'cancelled', stoppedBy?: string): void {
    this.state.status = stopReason === 'completed' ? 'done' : stopReason === 'callback' ? 'stopped' : 'interrupted';
    if (stoppedBy) this.state.stoppedBy = stoppedBy;
    this.state.etaSec = 0;
  }

  data(): TrainingData {
    return this.state;
  }
}

/**
 * The fit progress output: the renderer's live chart, with the Keras progress text beside it; once
 * the run has ended, also the chart as a static SVG for viewers without the renderer (Jupyter,
 * GitHub). Live updates go without it: it would be drawn and sent for nothing.
 */
export function trainingItems(training: TrainingData, text: string): RichItem[] {
  const image = training.status === 'running' ? [] : [{ mime: SVG_MIME, data: trainingChartSvg(training) }];
  return [richItem(TRAINING_MIME, training), ...image, ...progressItems(text)];
}

/**
 * How often fit replaces each of its live outputs (the chart, the gradient map) in the cell. Every
 * replacement carries the whole output, which VS Code takes from the extension host to the
 * notebook's webview, where the renderer draws it anew. At the ~8 events a second the training
 * thread lets through, the two outputs kept the workbench's processes busier than any panel
 * (bench/workbench.ts, code-server). The panels still get every frame, through the gradient channel.
 */
export const LIVE_OUTPUT_UPDATES_PER_SECOND = 2;

/**
 * One live output of a fit: the first update shows at once, later ones only when 1/perSecond has
 * passed since the last shown (the ones between are dropped: each carries the whole state, so the
 * next one shown has them), and the final one always. Not `throttled` (protocol/gradients): its
 * trailing call waits on a timer, and the kernel thread sits in runEngine until the fit ends, so
 * that call would come after the final output and replace it with a stale one.
 */
export class LiveOutput {
  private lastShown = -Infinity;

  constructor(
    private readonly show: (items: RichItem[]) => void,
    private readonly perSecond = LIVE_OUTPUT_UPDATES_PER_SECOND,
    private readonly now: () => number = () => performance.now(),
  ) {}

  /** `items` is called only when the update is shown (making them encodes the whole output). */
  update(items: () => RichItem[]): void {
    const t = this.now();
    if (t - this.lastShown < 1000 / this.perSecond) return;
    this.lastShown = t;
    this.show(items());
  }

  final(items: RichItem[]): void {
    this.lastShown = this.now();
    this.show(items);
  }
}

export const MAX_GRADIENT_COLUMNS = 120;

/** The gradient frames of a run thinned to at most MAX_GRADIENT_COLUMNS columns, spread evenly over training. */
export class GradientMapRecorder {
  private stride = 1;
  private seen = 0;
  private readonly map: GradientMapData;
  constructor(modelId = '') {
    this.map = { modelId, steps: [], series: [] };
  }

  /** Returns whether the frame became a column (frames between kept ones are skipped). */
  push(frame: GradientFrame): boolean {
    if (this.seen++ % this.stride !== 0) return false;
    const m = this.map;
    m.modelId = frame.modelId;
    for (const key of Object.keys(frame.dh)) {
      if (!m.series.some(s => s.key === key)) m.series.push({ key, columns: m.steps.map(() => []) });
    }
    m.steps.push(frame.step);
    for (const s of m.series) s.columns.push(frame.dh[s.key] ?? []);
    if (m.steps.length > MAX_GRADIENT_COLUMNS) {
      const keep = (_: unknown, i: number) => i % 2 === 0;
      m.steps = m.steps.filter(keep);
      for (const s of m.series) s.columns = s.columns.filter(keep);
      this.stride *= 2;
    }
    return true;
  }

  data(): GradientMapData {
    return this.map;
  }
}

/** The renderer's map of the run, with the latest frame as the text fallback; `final` (the run has ended): the map as a static SVG too. */
export function gradientOutputItems(map: GradientMapData, frame: GradientFrame, final = false): RichItem[] {
  const image = final ? [{ mime: SVG_MIME, data: gradientMapSvg(map) }] : [];
  return [richItem(GRADIENT_MAP_MIME, map), ...image, { mime: 'text/plain', data: gradientFrameText(frame) }];
}
