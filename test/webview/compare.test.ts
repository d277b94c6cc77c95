// The Lockstep Comparison page in headless Chromium, fed what the host sends (the pure feeds of
// protocol/compareView.ts over a GradientStream) for three models of the adding problem whose
// fixture frames vanish by different amounts: one heatmap row per model, a loss line and a ratio
// line per model on the same x, the thresholds marked; screenshots in three themes.
// Run alone: node out/test/webview/run.js compare
import * as assert from 'node:assert/strict';
import { GRU, LSTM, resetNames, Sequential, SimpleRNN, Dense } from '../../src/engine/layers';
import { compareOnModel, compareOnUpdate, comparisonId, comparisonStandIn } from '../../src/protocol/compareView';
import { diagramFromSequential, GradientFrame, GradientStream, ModelDiagram } from '../../src/protocol/gradients';
import { dhSeries } from './fixtures';
import { cspViolations, errorsOf, Harness, RESULTS, send, Theme } from './harness';

const T = 25;
const STEPS = 120;
/** How many decades ‖dL/dh_t‖ falls from t = T back to t = 1, per model. */
const DECADES = { SimpleRNN: 6, LSTM: 1, GRU: 0.6 } as const;

function diagram(name: keyof typeof DECADES, id: string): ModelDiagram {
  resetNames();
  const layer = name === 'SimpleRNN' ? new SimpleRNN(16) : name === 'LSTM' ? new LSTM(16) : new GRU(16);
  return diagramFromSequential(new Sequential(name).add(layer).add(new Dense(1)), { shape: [T, 2], dtype: 'float' }, { modelId: id });
}

/** Frames as the throttle lets them through: not every step, at different steps per model. */
function frames(d: ModelDiagram, decades: number, offset: number): GradientFrame[] {
  const out: GradientFrame[] = [];
  for (let s = 1; s <= STEPS; s += 1 + ((s + offset) % 3)) out.push(frameAt(d, decades, s));
  if (out.at(-1)!.step !== STEPS) out.push(frameAt(d, decades, STEPS));
  return out;
}

function frameAt(d: ModelDiagram, decades: number, s: number): GradientFrame {
  const loss = 0.17 * (decades > 2 ? 1 - 0.05 * s / STEPS : Math.exp(-s / (40 * decades + 20)));
  return { modelId: d.modelId, step: s, loss, dh: { [d.dhKeys[0]]: dhSeries(T, s, decades) }, gradNorm: {}, globalNorm: 0.1, nonFinite: false };
}

const h = new Harness();

describe('webview: lockstep comparison (headless Chromium)', function () {
  this.timeout(60_000);
  before(async () => h.start());
  after(async () => h.stop());

  it('draws one heatmap row per model, the shared loss chart and the ratio chart; screenshots in three themes', async () => {
    const stream = new GradientStream();
    const models = [diagram('SimpleRNN', '11'), diagram('LSTM', '12'), diagram('GRU', '13')];
    for (const d of models) stream.setModel(d);
    const id = comparisonId(4, models.map(d => d.modelId));
    const standIn = comparisonStandIn(stream, id)!;
    assert.equal(standIn.name, 'SimpleRNN · LSTM · GRU');
    // The first half is in the stream when the panel opens; the rest arrives live, through the update feed.
    const all = models.map((d, i) => frames(d, DECADES[d.name as keyof typeof DECADES], i));
    for (const list of all) for (const f of list.filter(f => f.step <= STEPS / 2)) stream.push(f);
    const initial = compareOnModel(stream, standIn);
    // Live frames in batches of 12, as the host forwards what arrived since its last message.
    const later = all.flatMap(list => list.filter(f => f.step > STEPS / 2)).sort((a, b) => a.step - b.step);
    const live = Array.from({ length: Math.ceil(later.length / 12) }, (_, i) => compareOnUpdate({ frames: later.slice(12 * i, 12 * i + 12), connectivity: [], states: [] }, id)).flat();
    // A frame of a model outside the comparison is not forwarded.
    assert.deepEqual(compareOnUpdate({ frames: [{ ...all[0][0], modelId: '99' }], connectivity: [], states: [] }, id), []);
    for (const theme of ['light', 'dark', 'high-contrast'] as Theme[]) {
      const p = await h.open('compare', theme, { width: 1200, height: 820 });
      for (const m of [...initial, ...live]) await send(p, m);
      await p.waitForFunction(() => document.body.dataset.rendered === 'compare' && (window as unknown as { __compareStats: { frames: number } }).__compareStats.frames > 0);
      await p.evaluate(() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r))));
      const drawn = await p.evaluate(() => {
        const stats = (window as unknown as { __compareStats: { rows: number; lossLines: number; ratioLines: number } }).__compareStats;
        const heatmaps = Array.from(document.querySelectorAll<HTMLCanvasElement>('canvas.cmp-heatmap'));
        // Brightness (sum of RGB) of each row at its last column, far end (top) and near end (bottom).
        const ends = heatmaps.map(c => {
          const ctx = c.getContext('2d')!;
          const at = (y: number) => Array.from(ctx.getImageData(c.width - 2, y, 1, 1).data.slice(0, 3)).reduce((a, b) => a + b, 0);
          return { far: at(1), near: at(c.height - 2) };
        });
        const lastX = (chart: string) => Array.from(document.querySelectorAll(`svg[data-chart="${chart}"] polyline`)).map(l => Number(l.getAttribute('points')!.split(' ').at(-1)!.split(',')[0]));
        const labels = Array.from(document.querySelectorAll('.cmp-label b')).map(b => b.textContent);
        const thresholds = Array.from(document.querySelectorAll('svg[data-chart="ratio"] .cmp-threshold')).map(l => l.getAttribute('class'));
        return { stats, rows: heatmaps.length, widths: heatmaps.map(c => c.width), ends, lossX: lastX('loss'), ratioX: lastX('ratio'), labels, thresholds };
      });
      assert.equal(drawn.rows, 3);
      assert.deepEqual(drawn.labels.slice(0, 3), ['SimpleRNN', 'LSTM', 'GRU']);
      assert.equal(drawn.stats.lossLines, 3);
      assert.equal(drawn.stats.ratioLines, 3);
      assert.deepEqual(drawn.thresholds, ['cmp-threshold exploding', 'cmp-threshold vanishing']);
      // Aligned: every row and chart is as wide, and every model's last step lands on the same x.
      assert.equal(new Set(drawn.widths).size, 1);
      assert.equal(new Set([...drawn.lossX, ...drawn.ratioX]).size, 1, JSON.stringify(drawn));
      // Viridis: dark for small norms. The SimpleRNN's far end is far darker than its near end; the GRU's barely.
      const [rnn, , gru] = drawn.ends;
      assert.ok(rnn.far < rnn.near - 150, JSON.stringify(drawn.ends));
      assert.ok(gru.far > rnn.far + 150, JSON.stringify(drawn.ends));
      await p.screenshot({ path: `${RESULTS}/compare-${theme}.png` });
      assert.deepEqual(errorsOf(p), [], 'page errors');
      assert.deepEqual(await cspViolations(p), [], 'CSP violations');
      await p.close();
    }
  });
  it('a model with two recurrences (stacked layers) gets a layer picker; another pick redraws its row and ratio from the first step', async () => {
    resetNames();
    const stacked = diagramFromSequential(new Sequential('stacked').add(new LSTM(16, { return_sequences: true })).add(new LSTM(16)).add(new Dense(1)), { shape: [T, 2], dtype: 'float' }, { modelId: '21' });
    const single = diagram('GRU', '22');
    assert.equal(stacked.dhKeys.length, 2);
    const stream = new GradientStream();
    for (const d of [stacked, single]) stream.setModel(d);
    const id = comparisonId(5, ['21', '22']);
    // The first layer vanishes by 6 decades, the second by 1: the ratio says which one the row shows.
    for (let s = 1; s <= 40; s++) {
      stream.push({ modelId: '21', step: s, loss: 0.1, dh: { [stacked.dhKeys[0]]: dhSeries(T, s, 6), [stacked.dhKeys[1]]: dhSeries(T, s, 1) }, gradNorm: {}, globalNorm: 0.1, nonFinite: false });
      stream.push(frameAt(single, 0.6, s));
    }
    const p = await h.open('compare', 'dark', { width: 1200, height: 700 });
    for (const m of compareOnModel(stream, comparisonStandIn(stream, id)!)) await send(p, m);
    await p.waitForFunction(() => document.body.dataset.rendered === 'compare');
    const pickers = p.locator('select.cmp-layer');
    assert.equal(await pickers.count(), 1, 'only the model with two recurrences has a picker');
    assert.deepEqual(await pickers.locator('option').allTextContents(), stacked.dhKeys);
    const lastRatio = () => p.evaluate(() => {
      const line = document.querySelector('svg[data-chart="ratio"] polyline.s0')!;
      return Number(line.getAttribute('points')!.split(' ').at(-1)!.split(',')[1]);
    });
    const before = await lastRatio();
    await pickers.selectOption(stacked.dhKeys[1]);
    await p.waitForFunction(key => document.querySelector<HTMLSelectElement>('select.cmp-layer')?.value === key, stacked.dhKeys[1]);
    const after = await lastRatio();
    assert.ok(after < before - 10, `the ratio line rises (smaller y) for the layer that vanishes less: y ${before} → ${after}`);
    assert.equal(await p.locator('canvas.cmp-heatmap').count(), 2, 'the row is redrawn from every frame');
    await p.screenshot({ path: `${RESULTS}/compare-layer-picker-dark.png` });
    assert.deepEqual(errorsOf(p), [], 'page errors');
    assert.deepEqual(await cspViolations(p), [], 'CSP violations');
    await p.close();
  });
});
