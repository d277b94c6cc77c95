// The panels' webview code in headless Chromium: feed the host's messages, check the SVG/DOM
// and canvas pixels, measure the heatmap's update rate, save screenshots per theme.
import * as assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { frameFor, bidirectionalGRU, encoderDecoder, oneToMany, seedSimpleRNN, stackedLSTM, dhSeries } from './fixtures';
import { cspViolations, errorsOf, Harness, RESULTS, send, Theme, themeCss } from './harness';
import type { ModelDiagram } from '../../src/protocol/gradients';
import { LogColorScale, parseRgb } from '../../webview/shared/colors';
import { MAX_COLUMNS } from '../../webview/heatmap/grid';

const h = new Harness();
const THEMES: Theme[] = ['light', 'dark', 'high-contrast'];

async function graphWith(d: ModelDiagram, theme: Theme = 'light', T?: number, size?: { width: number; height: number }): Promise<Page> {
  const p = await h.open('graph', theme, size);
  await send(p, { type: 'model', diagram: d });
  await p.waitForSelector('body[data-rendered]');
  if (T) {
    await send(p, { type: 'gradients', frame: frameFor(d, 10, T) });
    await p.waitForTimeout(50);
  }
  return p;
}
async function clean(p: Page) {
  assert.deepEqual(errorsOf(p), [], 'page errors');
  assert.deepEqual(await cspViolations(p), [], 'CSP violations');
  await p.close();
}

describe('webview panels (headless Chromium)', function () {
  this.timeout(120_000);
  before(async () => h.start());
  after(async () => h.stop());

  describe('unrolled graph', () => {
    it('draws one x, h and the single ŷ of a many-to-one model per time step', async () => {
      const p = await graphWith(seedSimpleRNN());
      assert.equal(await p.locator('g.node.input').count(), 6);
      assert.equal(await p.locator('g.node.cell').count(), 6);
      assert.equal(await p.locator('g.node.output').count(), 1);
      assert.match(await p.locator('text.block-title').first().textContent() ?? '', /many-to-one, T = 6/);
      await clean(p);
    });

    it('elides the middle of a long sequence and shows how many steps it hides', async () => {
      const p = await graphWith(stackedLSTM(500));
      assert.equal(await p.locator('g.node.cell').count(), 2 * 5, 'two rows × (3 head + 2 tail) steps');
      assert.match(await p.locator('g.gap-count').first().textContent() ?? '', /495 steps/);
      assert.equal(await p.locator('g.node.output').count(), 5, 'many-to-many: one ŷ per drawn step');
      await clean(p);
    });

    it('draws fewer time steps in a narrow panel so that the labels stay readable', async () => {
      const narrow = { width: 540, height: 760 };
      const p = await graphWith(stackedLSTM(500), 'dark', 500, narrow);
      const cells = await p.locator('g.node.cell').count();
      assert.ok(cells < 2 * 5, `fewer than the 3 + 2 steps drawn in a wide panel (${cells})`);
      assert.ok(cells >= 2 * 2, 'always the first and the last step');
      assert.match(await p.locator('g.gap-count').first().textContent() ?? '', new RegExp(`${500 - cells / 2} steps`));
      const scale = await p.evaluate(() => {
        const svg = document.querySelector('svg.graph') as SVGSVGElement;
        return svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
      });
      assert.ok(scale >= 0.75 || cells === 2 * 2, `drawn at ${scale.toFixed(2)}× (readable ≥ 0.75)`);
      await p.screenshot({ path: `${RESULTS}/graph-narrow-dark.png` });
      await clean(p);
    });

    it('highlights every use of a shared weight on hover', async () => {
      const d = seedSimpleRNN();
      const p = await graphWith(d);
      const U = Object.values(d.weights).find(w => w.symbol === 'U')!;
      const uses = await p.locator(`[data-w~="${U.id}"]`).count();
      assert.ok(uses >= 5, `U is drawn on every recurrent edge (${uses})`);
      await p.locator(`g.wlabel[data-w="${U.id}"]`).first().hover();
      assert.equal(await p.locator('.hl').count(), uses, 'all uses highlighted, nothing else');
      assert.equal(await p.locator(`.hl:not([data-w~="${U.id}"])`).count(), 0);
      await p.mouse.move(2, 2);
      assert.equal(await p.locator('.hl').count(), 0);
      await clean(p);
    });

    it('draws a Bidirectional layer as two chains running opposite ways', async () => {
      const p = await graphWith(bidirectionalGRU());
      const fwd = await p.locator('g.node.cell:not(.backward)').count();
      const bwd = await p.locator('g.node.cell.backward').count();
      assert.equal(fwd, 5);
      assert.equal(bwd, 5);
      // the backward chain's recurrent arrows point right → left
      const dirs = await p.$$eval('path.edge.rec', ps => ps.map(e => { const m = (e.getAttribute('d') ?? '').match(/M([\d.-]+),[\d.-]+ L([\d.-]+)/); return m ? Math.sign(Number(m[2]) - Number(m[1])) : 0; }));
      assert.ok(dirs.includes(1) && dirs.includes(-1), 'both directions present');
      await clean(p);
    });

    it('draws an encoder and a decoder joined by the state', async () => {
      const p = await graphWith(encoderDecoder());
      assert.equal(await p.locator('rect.block-frame').count(), 2);
      assert.equal(await p.locator('path.edge.join').count(), 1);
      await clean(p);
    });

    it('opens the gates of an LSTM cell on click, as their ops', async () => {
      const p = await graphWith(stackedLSTM(500));
      await p.locator('g.node.cell').first().click();
      await p.waitForSelector('.inside[data-ready]');
      const gates = await p.$$eval('.inside g.gate', gs => gs.map(g => g.getAttribute('data-gate')));
      for (const g of ['i', 'f', 'g', 'o', 'c1', 'h1', 'fc', 'ig']) assert.ok(gates.includes(g), `gate ${g}`);
      await clean(p);
    });

    it('colours the BPTT arrows by ‖dL/dh_t‖ of the latest frame, with a legend', async () => {
      const d = seedSimpleRNN();
      const p = await graphWith(d, 'light', 6);
      const key = d.dhKeys[0];
      const values = dhSeries(6, 10, 4);
      const arrows = await p.$$eval('path.bptt:not([display])', ps => ps.map(e => ({ t: Number(e.getAttribute('data-t')), stroke: e.getAttribute('stroke') })));
      assert.ok(arrows.length >= 5, `arrows ${arrows.length}`);
      const lo = Number(await p.locator('#root .legend').first().getAttribute('data-lo'));
      const hi = Number(await p.locator('#root .legend').first().getAttribute('data-hi'));
      const scale = new LogColorScale(lo, hi);
      for (const a of arrows) assert.deepEqual(parseRgb(a.stroke!), parseRgb(scale.cssBinned(values[a.t])), `${key} t=${a.t}`);
      await clean(p);
    });

    it('exports a self-contained SVG', async () => {
      const p = await graphWith(seedSimpleRNN());
      await p.click('#export');
      await p.click('.export-menu button[data-export="svg-current"]');
      await p.waitForFunction(() => (window as unknown as { __posted: { type: string }[] }).__posted.some(x => x.type === 'export'));
      const m = await p.evaluate(() => (window as unknown as { __posted: { type: string; data?: string }[] }).__posted.find(x => x.type === 'export'));
      assert.ok(m?.data?.startsWith('<svg') && m.data.includes('xmlns') && !m.data.includes('var(--'));
      await clean(p);
    });

    for (const theme of THEMES) {
      it(`screenshots (${theme})`, async () => {
        const cases: [string, ModelDiagram, number][] = [['seed-simplernn', seedSimpleRNN(), 6], ['stacked-lstm-T500', stackedLSTM(500), 500], ['bidirectional-gru', bidirectionalGRU(), 5], ['encoder-decoder', encoderDecoder(), 6], ['one-to-many', oneToMany(), 6]];
        for (const [name, d, T] of cases) {
          const p = await graphWith(d, theme, T);
          await p.screenshot({ path: `${RESULTS}/graph-${name}-${theme}.png` });
          if (name === 'seed-simplernn') {
            await p.click('#view-folded');
            await p.waitForFunction(() => document.body.dataset.rendered === '2');
            await p.waitForTimeout(50);
            await p.screenshot({ path: `${RESULTS}/graph-folded-${theme}.png` });
          }
          if (name === 'stacked-lstm-T500') {
            const U = Object.values(d.weights).find(w => w.symbol === 'U')!;
            await p.locator(`g.wlabel[data-w="${U.id}"]`).first().hover();
            await p.screenshot({ path: `${RESULTS}/graph-hover-U-${theme}.png` });
            await p.mouse.move(2, 2);
            await p.locator('g.node.cell').nth(1).click();
            await p.waitForSelector('.inside[data-ready]');
            await p.screenshot({ path: `${RESULTS}/graph-lstm-gates-${theme}.png` });
          }
          if (name === 'bidirectional-gru') {
            await p.locator('g.node.cell').first().click();
            await p.waitForSelector('.inside[data-ready]');
            await p.screenshot({ path: `${RESULTS}/graph-gru-gates-${theme}.png` });
          }
          await clean(p);
        }
      });
    }
  });

  describe('gradient heatmap', () => {
    async function heatmapWith(d: ModelDiagram, steps: number, T: number, theme: Theme = 'light', batch = 100): Promise<Page> {
      const p = await h.open('heatmap', theme);
      await send(p, { type: 'model', diagram: d });
      for (let s = 0; s < steps; s += batch) {
        const frames = Array.from({ length: Math.min(batch, steps - s) }, (_, i) => frameFor(d, s + i + 1, T));
        await send(p, { type: 'frames', frames });
      }
      await p.evaluate(() => (window as unknown as { __heatmap: { drawNow(): void } }).__heatmap.drawNow());
      return p;
    }
    const pixel = (p: Page, x: number, y: number) => p.evaluate(([x, y]) => {
      const c = document.getElementById('heatmap') as HTMLCanvasElement;
      const r = window.devicePixelRatio || 1;
      return Array.from(c.getContext('2d')!.getImageData(Math.floor(x * r), Math.floor(y * r), 1, 1).data);
    }, [x, y] as const);

    it('colours a cell by the scale of log10 of its value', async () => {
      const d = stackedLSTM(50);
      const p = await heatmapWith(d, 40, 50);
      const { lo, hi } = await p.evaluate(() => (window as unknown as { __heatmap: { scale(): { lo: number; hi: number } } }).__heatmap.scale());
      const scale = new LogColorScale(lo, hi);
      for (const [col, t] of [[0, 0], [20, 25], [39, 49], [10, 5]]) {
        const c = await p.evaluate(([c, t]) => (window as unknown as { __heatmap: { cellCenter(c: number, t: number): { x: number; y: number } } }).__heatmap.cellCenter(c, t), [col, t] as const);
        const got = await pixel(p, c.x, c.y);
        const want = parseRgb(scale.css(dhSeries(50, col + 1, 4)[t]));
        for (let k = 0; k < 3; k++) assert.ok(Math.abs(got[k] - want[k]) <= 3, `cell (${col}, ${t}): ${got} vs ${want}`);
      }
      await clean(p);
    });

    it('flags a NaN cell (magenta) and the step as Inf/NaN', async () => {
      const d = stackedLSTM(50);
      const p = await heatmapWith(d, 20, 50);
      const f = frameFor(d, 21, 50);
      f.dh[d.dhKeys[0]][7] = NaN;
      f.nonFinite = true;
      await send(p, { type: 'frames', frames: [f] });
      await p.evaluate(() => (window as unknown as { __heatmap: { drawNow(): void } }).__heatmap.drawNow());
      const c = await p.evaluate(() => (window as unknown as { __heatmap: { cellCenter(c: number, t: number): { x: number; y: number } } }).__heatmap.cellCenter(20, 7));
      assert.deepEqual((await pixel(p, c.x, c.y)).slice(0, 3), [255, 0, 255]);
      assert.match(await p.locator('#flags').textContent() ?? '', /Inf\/NaN/);
      assert.match(await p.locator('#flags').textContent() ?? '', /Thresholds: vanishing .* 3 decades below.*exploding when it is ≥ 3 decades above, a norm > 1000/);
      await clean(p);
    });

    it('flags vanishing gradients (4 decades ≥ the 3-decade threshold)', async () => {
      const d = seedSimpleRNN();
      const p = await heatmapWith(d, 5, 60);
      assert.match(await p.locator('#flags').textContent() ?? '', /vanishing/);
      await clean(p);
    });

    it('a run of 20,000 steps: the map keeps at most MAX_COLUMNS columns over the whole run, an Inf/NaN step among them', async () => {
      const d = stackedLSTM(10);
      const p = await h.open('heatmap', 'dark');
      await send(p, { type: 'model', diagram: d });
      // Step 2 has a NaN: of each two neighbours the thinning keeps the earlier, unless only the later is non-finite.
      for (let s = 0; s < 20_000; s += 1000) {
        const frames = Array.from({ length: 1000 }, (_, i) => frameFor(d, s + i + 1, 10));
        if (s === 0) {
          frames[1].dh[d.dhKeys[0]][3] = NaN;
          frames[1].nonFinite = true;
        }
        await send(p, { type: 'frames', frames });
      }
      await p.evaluate(() => (window as unknown as { __heatmap: { drawNow(): void } }).__heatmap.drawNow());
      const count = Number(await p.locator('#heatmap').getAttribute('data-count'));
      assert.ok(count <= MAX_COLUMNS && count > MAX_COLUMNS / 2, `${count} columns`);
      // Steps 1 and 2 were the first two neighbours: the NaN one stayed.
      assert.match(await p.locator('.hm-axis').first().textContent() ?? '', /training steps 2…20000 \(\d+\)[\s\S]*first Inf\/NaN at training step 2/);
      const columns = await p.evaluate(k => (window as unknown as { __heatmap: { columns(k: string): number[][] } }).__heatmap.columns(k), d.dhKeys[0]);
      assert.equal(columns.length, count);
      assert.equal(columns.filter(c => c.some(v => Number.isNaN(v))).length, 1, 'the NaN column is kept');
      // The map is drawn: its canvas is not blank where the newest columns are.
      const last = await p.evaluate(c => (window as unknown as { __heatmap: { cellCenter(c: number, t: number): { x: number; y: number } } }).__heatmap.cellCenter(c, 5), count - 1);
      assert.notDeepEqual((await pixel(p, last.x, last.y)).slice(0, 3), [0, 0, 0]);
      await clean(p);
    });

    it('draws and updates a 500 × 1000 heatmap incrementally (≥ 10 updates a second measured)', async () => {
      const d = stackedLSTM(500);
      const p = await heatmapWith(d, 1000, 500, 'dark', 125);
      assert.equal(await p.locator('#heatmap').getAttribute('data-count'), '1000');
      // 30 live updates: one new frame each, drawn at once (what a throttled flush does)
      const frames = Array.from({ length: 30 }, (_, i) => frameFor(d, 1001 + i, 500));
      const result = await p.evaluate(async fs => {
        const w = window as unknown as { __send(m: unknown): void; __heatmap: { drawNow(): void; fullRecolour(): number } };
        const t0 = performance.now();
        for (const f of fs) {
          w.__send({ type: 'frames', frames: [f] });
          w.__heatmap.drawNow();
        }
        const incremental = (performance.now() - t0) / fs.length;
        let full = 0;
        for (let i = 0; i < 5; i++) full += w.__heatmap.fullRecolour();
        return { incremental, full: full / 5 };
      }, frames);
      const rate = 1000 / result.incremental;
      console.log(`      heatmap 500×1000+: ${result.incremental.toFixed(2)} ms per update (${rate.toFixed(0)} updates/s); full recolour + draw ${result.full.toFixed(2)} ms`);
      writeFileSync(`${RESULTS}/heatmap-rate.json`, JSON.stringify({ T: 500, steps: 1030, msPerUpdate: result.incremental, updatesPerSecond: rate, fullRecolourMs: result.full }, null, 2));
      assert.ok(result.incremental < result.full, 'an update costs less than recolouring everything');
      await clean(p);
    });

    it('redraws the canvas in the new colours when the theme changes (VS Code swaps the body class and the variables)', async () => {
      const d = stackedLSTM(40);
      const p = await heatmapWith(d, 50, 40, 'light');
      type Stats = { __heatmapStats: { draws: number; foreground: string } };
      const before = await p.evaluate(() => (window as unknown as Stats).__heatmapStats.draws);
      // As VS Code does it: the new theme's variables on <html>'s style, the body class swapped.
      await p.evaluate(css => {
        for (const m of css.matchAll(/(--vscode-[\w-]+):\s*([^;]+);/g)) document.documentElement.style.setProperty(m[1], m[2].trim());
        document.body.classList.replace('vscode-light', 'vscode-dark');
      }, themeCss('dark'));
      await p.waitForFunction(n => (window as unknown as Stats).__heatmapStats.draws > n, before);
      assert.equal(await p.evaluate(() => (window as unknown as Stats).__heatmapStats.foreground), '#cccccc', 'labels drawn in the dark theme\'s foreground');
      await p.screenshot({ path: `${RESULTS}/heatmap-after-theme-switch.png` });
      await clean(p);
    });

    for (const theme of THEMES) {
      it(`screenshots (${theme})`, async () => {
        const d = stackedLSTM(120);
        const p = await heatmapWith(d, 400, 120, theme);
        const f = frameFor(d, 401, 120);
        f.dh[d.dhKeys[0]][60] = NaN;
        f.nonFinite = true;
        await send(p, { type: 'frames', frames: [f] });
        await send(p, { type: 'connectivity', series: { modelId: d.modelId, step: 401, values: Array.from({ length: 120 }, (_, t) => Math.exp((t - 119) / 25)) } });
        await p.waitForTimeout(100);
        const c = await p.evaluate(() => (window as unknown as { __heatmap: { cellCenter(c: number, t: number): { x: number; y: number } } }).__heatmap.cellCenter(200, 30));
        await p.mouse.move(c.x + 8, c.y + 40);
        await p.waitForTimeout(50);
        await p.screenshot({ path: `${RESULTS}/heatmap-${theme}.png` });
        await clean(p);
      });
    }
  });
  describe('side panel', () => {
    const state = (models: { id: string; steps: number; losses: number[] }[]) => ({
      type: 'state',
      kernels: [{ notebookUri: 'untitled:a.rnnb', notebookName: 'a.rnnb', state: 'busy', executionCount: 2 }],
      executionProvider: 'cpu',
      models: models.map(m => ({ modelId: m.id, name: `model_${m.id}`, arity: 'many-to-one', steps: m.steps, losses: m.losses, lastLoss: m.losses[m.losses.length - 1], nonFinite: m.losses.some(x => !Number.isFinite(x)) })),
    });
    const points = (p: Page) => p.locator('li.model svg.sparkline polyline').first().getAttribute('points');

    it('a training model\'s loss and curve change in place: the Stop button keeps the keyboard focus', async () => {
      const p = await h.open('sidePanel', 'dark');
      await send(p, state([{ id: '1', steps: 2, losses: [1, 0.9] }]));
      await p.getByRole('button', { name: 'Stop the running cell' }).focus();
      const before = await points(p);
      await send(p, state([{ id: '1', steps: 3, losses: [1, 0.9, 0.5] }]));
      await p.waitForFunction(() => document.querySelector('li.model .loss')?.textContent?.startsWith('step 3'));
      assert.notEqual(await points(p), before, 'the curve has the new point');
      assert.equal(await p.evaluate(() => document.activeElement?.textContent), 'Stop the running cell', 'focus stays on Stop');
      await send(p, state([{ id: '1', steps: 4, losses: [1, 0.9, 0.5, NaN] }]));
      await p.waitForFunction(() => document.querySelector('li.model .loss')?.textContent?.includes('NaN/Inf seen'));
      assert.match(await p.locator('li.model .loss').getAttribute('class') ?? '', /warn/);
      // Another model: the list is built anew, newest first.
      await send(p, state([{ id: '2', steps: 0, losses: [] }, { id: '1', steps: 4, losses: [1, 0.9, 0.5, 0.4] }]));
      await p.waitForFunction(() => document.querySelectorAll('li.model').length === 2);
      assert.deepEqual(await p.locator('li.model .name').allTextContents(), ['model_2', 'model_1']);
      assert.equal(await p.locator('li.model .loss').first().textContent(), 'not trained yet');
      await clean(p);
    });
  });
});
