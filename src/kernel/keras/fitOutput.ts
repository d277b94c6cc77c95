// What fit shows: one progress output replaced in place (at most ~8 times a second), a Keras
// verbose=2 line per epoch on stdout, the latest gradient frame, and at the end the History.
import type { ProgressEvent } from '../../engine/train/progress';
import type { CallContext } from '../../language';
import type { EngineEvent } from '../engine/protocol';

const UPDATE_INTERVAL_MS = 125;
const BAR = 20;

/** Keras 3 orders logs: metrics, loss, then the val_ versions. */
export function formatLogs(logs: Record<string, number>): string {
  const keys = Object.keys(logs).filter(k => k !== 'non_finite');
  const rank = (k: string) => (k.startsWith('val_') ? 2 : 0) + (k.replace(/^val_/, '') === 'loss' ? 1 : 0);
  keys.sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
  return keys.map(k => `${k}: ${formatValue(logs[k])}`).join(' - ');
}

function formatValue(v: number): string {
  if (!Number.isFinite(v)) return String(v);
  return Math.abs(v) >= 1e-4 || v === 0 ? v.toFixed(4) : v.toExponential(4);
}

export function formatSeconds(s: number): string {
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
export function epochLine(e: Extract<EngineEvent, { kind: 'epoch' }>): string {
  const perStep = e.steps > 0 ? `${Math.round((1000 * e.seconds) / e.steps)}ms/step` : '';
  return `Epoch ${e.epoch + 1}/${e.epochs}\n${e.steps}/${e.steps} - ${formatSeconds(e.seconds)} - ${perStep} - ${formatLogs(e.logs)}\n`;
}

/** One display updated in place: the first show creates it, later ones replace it, at most every 125 ms. */
export class LiveDisplay {
  private pending: { mime: string; data: string }[] | undefined;
  private last = -Infinity;
  constructor(private readonly ctx: CallContext, private readonly id: string) {}
  show(items: { mime: string; data: string }[], now = performance.now()): void {
    if (now - this.last >= UPDATE_INTERVAL_MS) {
      this.last = now;
      this.pending = undefined;
      this.ctx.display(items, this.id);
    } else {
      this.pending = items;
    }
  }
  /** Sends what is waiting once its interval has passed (force: now). */
  flush(force = false): void {
    if (!this.pending) return;
    if (!force && performance.now() - this.last < UPDATE_INTERVAL_MS) return;
    const items = this.pending;
    this.pending = undefined;
    this.last = performance.now();
    this.ctx.display(items, this.id);
  }
}

export function progressItems(text: string): { mime: string; data: string }[] {
  return [{ mime: 'text/plain', data: text }];
}
