// fit(): one small chart per series (loss, then each metric): the running epoch mean at each
// throttled step (solid), the epoch-end values (dots) and the validation values (dashed), over
// epochs on x. The header says where the run is; Stop posts a message that interrupts the kernel.
import { scaleLinear } from 'd3-scale';
import type { TrainingData } from '../../src/protocol/renderer';
import { el, svg } from '../shared/dom';

const W = 340, H = 190;
const M = { left: 44, right: 10, top: 18, bottom: 32 };

/** "NaN"/"Infinity" arrive as strings (JSON has no such numbers). */
const num = (v: unknown) => Number(v);

/** An SVG path through the points; a non-finite value breaks the line instead of dropping to 0. */
function linePath(points: readonly [number, number][]): string {
  let d = '';
  let pen = false;
  for (const [x, y] of points) {
    if (!Number.isFinite(x) || !Number.isFinite(y)) { pen = false; continue; }
    d += `${pen ? 'L' : 'M'}${x.toFixed(1)},${y.toFixed(1)}`;
    pen = true;
  }
  return d;
}

function formatSeconds(s: number): string {
  if (!Number.isFinite(s)) return '?';
  if (s < 60) return `${Math.round(s)}s`;
  const m = Math.floor(s / 60);
  return `${m}:${String(Math.round(s % 60)).padStart(2, '0')}`;
}

function chart(data: TrainingData, index: number): SVGSVGElement {
  const name = data.names[index];
  const train: [number, number][] = data.steps.map(s => [s.x, num(s.values[index])]);
  const epochEnds: [number, number][] = data.epochLogs.map(e => [e.epoch + 1, num(e.logs[name])]);
  const val: [number, number][] = data.epochLogs.filter(e => `val_${name}` in e.logs).map(e => [e.epoch + 1, num(e.logs[`val_${name}`])]);
  const ys = [...train, ...epochEnds, ...val].map(p => p[1]).filter(Number.isFinite);
  let lo = ys.length ? Math.min(...ys) : 0, hi = ys.length ? Math.max(...ys) : 1;
  if (hi - lo < 1e-9) { lo -= 0.5; hi += 0.5; }
  const pad = (hi - lo) * 0.06;
  const x = scaleLinear().domain([0, epochAxisEnd(data)]).range([M.left, W - M.right]);
  const y = scaleLinear().domain([lo - pad, hi + pad]).range([H - M.bottom, M.top]).nice();
  const root = svg('svg', { class: 'chart', viewBox: `0 0 ${W} ${H}`, role: 'img', 'aria-label': `${name} over epochs` });
  root.dataset.series = name;
  for (const t of y.ticks(4)) {
    root.append(svg('line', { class: 'grid', x1: M.left, x2: W - M.right, y1: y(t), y2: y(t) }));
    root.append(svg('text', { x: M.left - 4, y: y(t) + 3, 'text-anchor': 'end' }, formatTick(t)));
  }
  const xTicks = x.ticks(Math.min(epochAxisEnd(data), 8)).filter(t => Number.isInteger(t));
  for (const t of xTicks) root.append(svg('text', { x: x(t), y: H - M.bottom + 12, 'text-anchor': 'middle' }, String(t)));
  root.append(svg('line', { class: 'axis', x1: M.left, x2: W - M.right, y1: H - M.bottom, y2: H - M.bottom }));
  root.append(svg('line', { class: 'axis', x1: M.left, x2: M.left, y1: M.top, y2: H - M.bottom }));
  root.append(svg('text', { class: 'name', x: M.left, y: M.top - 6 }, name));
  root.append(svg('text', { x: W - M.right, y: H - 2, 'text-anchor': 'end' }, 'epoch'));
  const at = (p: [number, number]): [number, number] => [x(p[0]), Number.isFinite(p[1]) ? y(p[1]) : NaN];
  const trainPath = svg('path', { class: 'train', d: linePath(train.map(at)) });
  trainPath.dataset.points = String(train.length);
  root.append(trainPath);
  if (val.length) {
    const valPath = svg('path', { class: 'val', d: linePath(val.map(at)) });
    valPath.dataset.points = String(val.length);
    root.append(valPath);
  }
  for (const p of epochEnds.map(at)) if (Number.isFinite(p[1])) root.append(svg('circle', { class: 'epoch', cx: p[0], cy: p[1], r: 2.5 }));
  for (const p of val.map(at)) if (Number.isFinite(p[1])) root.append(svg('circle', { class: 'val', cx: p[0], cy: p[1], r: 3 }));
  return root;
}

/**
 * A short run shows all its epochs from the start, so progress reads left to right; a long one
 * (epochs=400 with early stopping in mind) would squeeze into the first pixels, so its axis
 * runs a quarter past the epochs done and grows with them.
 */
function epochAxisEnd(d: TrainingData): number {
  if (d.epochs <= 20) return Math.max(1, d.epochs);
  const done = d.steps.length ? d.steps[d.steps.length - 1].x : 0;
  return Math.min(d.epochs, Math.max(1, Math.ceil(done * 1.25)));
}

function formatTick(t: number): string {
  const a = Math.abs(t);
  return a !== 0 && (a < 1e-3 || a >= 1e4) ? t.toExponential(0) : String(+t.toPrecision(3));
}

function statusLine(d: TrainingData): string {
  const latest = d.steps[d.steps.length - 1];
  const values = latest ? d.names.map((n, i) => `${n} ${num(latest.values[i]).toFixed(4)}`).join(' · ') : '';
  const where = d.batch >= 0 ? `epoch ${d.epoch + 1}/${d.epochs} · batch ${d.batch + 1}/${d.batchesPerEpoch}` : `epoch 0/${d.epochs}`;
  const speed = d.stepsPerSec > 0 ? ` · ${d.stepsPerSec.toFixed(1)} steps/s` : '';
  const eta = d.status === 'running' && Number.isFinite(num(d.etaSec)) ? ` · ETA ${formatSeconds(num(d.etaSec))}` : '';
  return [where + speed + eta, values].filter(Boolean).join(' — ');
}

const STATUS_TEXT: Record<TrainingData['status'], string> = { running: 'training', done: 'done', stopped: 'stopped', interrupted: 'interrupted' };

export function renderTraining(data: TrainingData, post: ((m: { type: 'stop'; run: string }) => void) | undefined): HTMLElement {
  const badge = el('span', { className: `badge ${data.status}` }, data.stoppedBy ? `${STATUS_TEXT[data.status]} by ${data.stoppedBy}` : STATUS_TEXT[data.status]);
  const head = el('div', { className: 'head' }, el('span', { className: 'title' }, data.model), badge, el('span', { className: 'muted status' }, statusLine(data)));
  if (data.status === 'running' && post) {
    const stop = el('button', { className: 'stop', title: 'Interrupt the kernel: fit stops after the current batch and keeps its weights' }, 'Stop');
    stop.addEventListener('click', () => {
      post({ type: 'stop', run: data.run });
      stop.disabled = true;
      stop.textContent = 'Stopping…';
    });
    head.append(stop);
  }
  const hasVal = data.epochLogs.some(e => Object.keys(e.logs).some(k => k.startsWith('val_')));
  const keys = el('div', { className: 'head' },
    el('span', { className: 'key' }, el('span', { className: 'swatch' }), 'train (running epoch mean; dots at epoch ends)'),
    hasVal ? el('span', { className: 'key' }, el('span', { className: 'swatch val' }), 'validation') : null);
  return el('div', { className: 'unroll-out unroll-training' }, head, el('div', { className: 'charts' }, ...data.names.map((_, i) => chart(data, i))), keys);
}
