// The notebook renderer bundle (dist/renderer/renderer.js, an ES module) in headless Chromium:
// activate() it as VS Code does, render each mime built by the kernel's own builders, check the
// DOM, SVG paths and canvas pixels, the messages it posts, WebAudio playback, and save one
// screenshot per theme.
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import type { Page } from 'playwright-core';
import type { GradientFrame } from '../../src/protocol/gradients';
import { GradientMapRecorder, TrainingRecorder } from '../../src/kernel/keras/fitOutput';
import { melodyData } from '../../src/kernel/keras/generateOutput';
import { GRADIENT_MAP_MIME, MELODY_MIME, SUMMARY_MIME, TEXT_MIME, TRAINING_MIME, RichItem, richItem } from '../../src/protocol/renderer';
import { summaryData } from '../../src/kernel/keras/summary';
import { contentSecurityPolicy } from '../../src/host/panels/contentSecurityPolicy';
import { LogColorScale, decadeDomain } from '../../webview/shared/colors';
import { Harness, RESULTS, TestPage, Theme } from './harness';

const NONCE = 'cmVuZGVyZXJub25jZTEyMzQ=';

// The panels' policy, plus the page's own origin for scripts: a renderer is an ES module that
// VS Code imports from the extension's folder, which a nonce alone does not allow.
function page(theme: Theme, origin: string): string {
  const csp = contentSecurityPolicy(origin, NONCE).replace(`script-src 'nonce-${NONCE}'`, `script-src 'nonce-${NONCE}' ${origin}`);
  const bodyClass = theme === 'high-contrast' ? 'vscode-high-contrast' : `vscode-${theme}`;
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<link rel="stylesheet" href="${origin}/theme/${theme}.css">
<title>renderer</title></head>
<body class="${bodyClass}"><main id="root"></main>
<script nonce="${NONCE}">
  window.__posted = []; window.__cspViolations = [];
  document.addEventListener('securitypolicyviolation', e => window.__cspViolations.push(e.violatedDirective + ' ' + e.blockedURI));
</script>
<script type="module" nonce="${NONCE}">
  import { activate } from '${origin}/dist/renderer/renderer.js';
  const api = activate({ postMessage: m => window.__posted.push(m), getState: () => undefined, setState: () => {}, workspace: { isTrusted: true } });
  const controllers = new Map();
  window.__render = (id, mime, text) => {
    let el = document.getElementById(id);
    if (!el) { el = document.createElement('div'); el.id = id; el.className = 'output'; document.getElementById('root').append(el); }
    controllers.get(id)?.abort();
    const c = new AbortController(); controllers.set(id, c);
    const item = { id, mime, metadata: {}, text: () => text, json: () => JSON.parse(text), data: () => new TextEncoder().encode(text), blob: () => new Blob([text]) };
    return api.renderOutputItem(item, el, c.signal);
  };
  window.__ready = true;
</script>
</body></html>`;
}

// The notebook's output area: the editor background, as VS Code gives it.
const OUTPUT_AREA_CSS = 'body { background: var(--vscode-editor-background); margin: 8px; }\n.output { margin-bottom: 14px; }\n';

class RendererHarness extends Harness {
  constructor() {
    super({ pages: { '/page': page }, themeCss: OUTPUT_AREA_CSS, chromiumArgs: ['--autoplay-policy=no-user-gesture-required'], viewport: { width: 900, height: 1200 } });
  }
  async openRenderer(theme: Theme = 'dark'): Promise<TestPage> {
    const p = await this.openPage('/page', theme);
    await p.waitForFunction(() => (window as unknown as { __ready?: boolean }).__ready === true);
    return p;
  }
}

async function render(p: Page, id: string, item: RichItem): Promise<void> {
  await p.evaluate(([i, m, t]) => (window as unknown as { __render(i: string, m: string, t: string): Promise<void> }).__render(i, m, t), [id, item.mime, item.data]);
}
const posted = (p: Page) => p.evaluate(() => (window as unknown as { __posted: unknown[] }).__posted);
const violations = (p: Page) => p.evaluate(() => (window as unknown as { __cspViolations: string[] }).__cspViolations);

// Fixtures from the kernel's builders, as a real run would fill them.
function summaryItem(): RichItem {
  return richItem(SUMMARY_MIME, summaryData({ title: 'SimpleRNN', rows: [
    { layer: 'embedding', type: 'Embedding', outputShape: '(None, 40, 32)', params: 64000 },
    { layer: 'simple_rnn', type: 'SimpleRNN', outputShape: '(None, 100)', params: 13300 },
    { layer: 'dense', type: 'Dense', outputShape: '(None, 1)', params: 101 },
  ] }));
}

function training(status: 'running' | 'done', epochs = 3, lossAt = (x: number) => 0.7 * Math.exp(-x / 2) + 0.1): TrainingRecorder {
  const r = new TrainingRecorder('SimpleRNN-1', 'SimpleRNN', epochs);
  const batches = 19;
  const upTo = status === 'done' ? epochs : 2;
  for (let e = 0; e < upTo; e++) {
    for (let b = 0; b < (status === 'running' && e === upTo - 1 ? 8 : batches); b += 2) {
      const x = e + (b + 1) / batches;
      r.progress({ epoch: e, epochs, batch: b, batches, loss: lossAt(x), metrics: { accuracy: 0.9 - lossAt(x) }, stepsPerSec: 42.5, etaSec: 3, etaTotalSec: 9, epochEnd: b === batches - 1 });
    }
    if (status === 'done' || e < upTo - 1) r.epochEnd({ kind: 'epoch', epoch: e, epochs, logs: { loss: lossAt(e + 1), accuracy: 0.9 - lossAt(e + 1), val_loss: lossAt(e + 1) + 0.05, val_accuracy: 0.85 - lossAt(e + 1) }, seconds: 2, steps: batches });
  }
  if (status === 'done') r.finish('completed');
  return r;
}

/** Vanishing towards early time steps: ‖dL/dh_t‖ = 10^(t - T) × (1 + step/100). */
function gradientMap(T = 20, steps = 60): GradientMapRecorder {
  const g = new GradientMapRecorder();
  for (let s = 1; s <= steps; s++) {
    const dh = Array.from({ length: T }, (_, t) => 10 ** ((t - T) / 3) * (1 + s / 100));
    const frame: GradientFrame = { modelId: 'm7', step: s, dh: { 'simple_rnn.forward': dh, 'simple_rnn_1.forward': dh.map(v => v * 10) }, gradNorm: {}, globalNorm: 1, nonFinite: false };
    g.push(frame);
  }
  return g;
}

function melodyItem(): RichItem {
  const tokens: [number | null, number][] = [[60, 1], [64, 1], [67, 0.5], [72, 0.5], [null, 1], [71, 1], [67, 2], [65, 0.5], [64, 0.5], [62, 1], [60, 2]];
  return richItem(MELODY_MIME, melodyData(tokens, 2, 240, 0.7));
}

const textItem = () => richItem(TEXT_MIME, { seed: 'Call me ', generated: 'Ishmael. Some years ago—never mind how long precisely—', temperature: 0.6 });

describe('notebook renderer (headless Chromium)', function () {
  this.timeout(120_000);
  const h = new RendererHarness();
  before(async () => h.start());
  after(async () => h.stop());

  it('model summary: one row per layer and the totals', async () => {
    const p = await h.openRenderer();
    await render(p, 'o1', summaryItem());
    assert.equal(await p.locator('table.summary tbody tr').count(), 3);
    assert.deepEqual(await p.locator('table.summary tbody tr').nth(1).locator('td').allTextContents(), ['simple_rnn (SimpleRNN)', '(None, 100)', '13,300']);
    assert.match(await p.locator('.totals').textContent() ?? '', /Total params: 77,401/);
    assert.deepEqual(p.errors, []);
    assert.deepEqual(await violations(p), []);
    await p.close();
  });

  it('damaged outputs from a notebook file: a short message in the output, no exception in the page', async () => {
    const p = await h.openRenderer();
    const damaged: [string, string][] = [
      [SUMMARY_MIME, '{"title": "m", "rows": 5}'],
      [TRAINING_MIME, '{"run": '],
      [GRADIENT_MAP_MIME, '{"modelId": "m", "steps": [1], "series": [{"key": "k", "columns": [[{}]]}]}'],
      [TEXT_MIME, 'null'],
      [MELODY_MIME, '{"notes": [{"midi": 60, "start": 0, "beats": 1}], "tempo": 1e9}'],
    ];
    for (const [k, [mime, data]] of damaged.entries()) {
      await render(p, `bad${k}`, { mime, data });
      assert.match(await p.locator('body').textContent() ?? '', new RegExp(`Unroll cannot draw this output: ${mime.replace(/[.+]/g, '\\$&')}: `));
    }
    assert.deepEqual(p.errors, []);
    await p.close();
  });

  it('live training chart: a point per step, validation dashed, Stop posts a message; replaced in place; no Stop when done', async () => {
    const p = await h.openRenderer();
    const running = training('running');
    await render(p, 'fit', richItem(TRAINING_MIME, running.data()));
    assert.deepEqual(await p.locator('svg.chart').evaluateAll(els => els.map(e => (e as SVGElement).dataset.series)), ['loss', 'accuracy']);
    const lossPath = p.locator('svg.chart[data-series="loss"] path.train');
    const d = await lossPath.getAttribute('d') ?? '';
    const points = running.data().steps.length;
    assert.equal((d.match(/[ML]/g) ?? []).length, points, d);
    assert.equal(await lossPath.getAttribute('data-points'), String(points));
    // The loss falls, so its line climbs down the chart: SVG y grows downwards.
    const ys = [...d.matchAll(/[ML][\d.]+,([\d.]+)/g)].map(m => Number(m[1]));
    assert.ok(ys.at(-1)! > ys[0] + 40, `falling loss drawn falling: ${ys[0]} → ${ys.at(-1)}`);
    assert.equal(await p.locator('svg.chart[data-series="loss"] path.val').getAttribute('data-points'), '1');
    assert.match(await p.locator('.status').textContent() ?? '', /epoch 2\/3 · batch 7\/19 · 42\.5 steps\/s · ETA 9s/);
    await p.locator('button.stop').click();
    assert.deepEqual(await posted(p), [{ type: 'stop', run: 'SimpleRNN-1' }]);
    assert.equal(await p.locator('button.stop').isDisabled(), true);
    // The kernel replaces the output in place: the same element redraws, no second chart appears.
    await render(p, 'fit', richItem(TRAINING_MIME, training('done').data()));
    assert.equal(await p.locator('svg.chart').count(), 2);
    assert.equal(await p.locator('button.stop').count(), 0);
    assert.equal(await p.locator('.badge').textContent(), 'done');
    assert.equal(await p.locator('svg.chart[data-series="accuracy"] circle.val').count(), 3);
    // A long run (epochs=400, 1.4 done) is not squeezed into the first pixels: its axis follows the epochs done.
    await render(p, 'long', richItem(TRAINING_MIME, training('running', 400).data()));
    const longPath = await p.locator('#long svg.chart[data-series="loss"] path.train').getAttribute('d') ?? '';
    const lastX = Number(/([\d.]+),[\d.]+$/.exec(longPath)![1]);
    assert.ok(lastX > 200, `the latest step drawn at x = ${lastX} of 340`);
    // A diverged loss ("NaN" in the JSON) breaks the line instead of drawing it at 0.
    await render(p, 'nan', richItem(TRAINING_MIME, training('done', 2, x => (x > 0.9 && x < 1.2 ? NaN : 1 / (1 + x))).data()));
    const broken = await p.locator('#nan svg.chart[data-series="loss"] path.train').getAttribute('d') ?? '';
    assert.equal((broken.match(/M/g) ?? []).length, 2, broken);
    assert.deepEqual(p.errors, []);
    assert.deepEqual(await violations(p), []);
    await p.close();
  });

  it('gradient map: canvas pixels in the heatmap colours by value, one row per recurrence; a click opens the panel', async () => {
    const p = await h.openRenderer();
    const map = gradientMap().data();
    await render(p, 'g', richItem(GRADIENT_MAP_MIME, map));
    assert.equal(await p.locator('.gmap canvas').count(), 2);
    const canvas = await p.locator('.gmap canvas').first().evaluate(c => {
      const cv = c as HTMLCanvasElement;
      const px = cv.getContext('2d')!.getImageData(0, 0, cv.width, cv.height).data;
      const at = (x: number, y: number) => Array.from(px.slice((y * cv.width + x) * 4, (y * cv.width + x) * 4 + 4));
      return { w: cv.width, h: cv.height, top: at(5, 0), bottom: at(5, cv.height - 1), cssWidth: cv.getBoundingClientRect().width };
    });
    assert.equal(canvas.w, map.steps.length);
    assert.equal(canvas.h, 20);
    assert.ok(canvas.cssWidth > 100, 'scaled up for reading');
    // Expected colours: the shared LUT over the decade domain of all the values of the map.
    const values = map.series.flatMap(s => s.columns.flat());
    const scale = new LogColorScale(...decadeDomain(Math.min(...values), Math.max(...values)));
    const lut = (v: number) => Array.from(scale.lut.slice(scale.index(v) * 4, scale.index(v) * 4 + 4));
    assert.deepEqual(canvas.top, lut(map.series[0].columns[5][0]), 't = 1: the smallest norms, dark');
    assert.deepEqual(canvas.bottom, lut(map.series[0].columns[5][19]), 't = T: the largest, bright');
    assert.ok(canvas.bottom[1] > canvas.top[1] + 100, `viridis: bright bottom vs dark top ${canvas.top} ${canvas.bottom}`);
    await p.locator('.gmap').click();
    assert.deepEqual(await posted(p), [{ type: 'openHeatmap', modelId: 'm7' }]);
    assert.deepEqual(p.errors, []);
    assert.deepEqual(await violations(p), []);
    await p.close();
  });

  it('generated text: the seed highlighted apart from the continuation, with the temperature', async () => {
    const p = await h.openRenderer();
    await render(p, 't', textItem());
    assert.equal(await p.locator('pre.generated .seed').textContent(), 'Call me ');
    assert.match(await p.locator('pre.generated .continuation').textContent() ?? '', /^Ishmael\./);
    assert.match(await p.locator('.unroll-text .head').textContent() ?? '', /temperature 0\.6/);
    const [seedBg, restBg] = await p.locator('pre.generated span').evaluateAll(els => els.map(e => getComputedStyle(e).backgroundColor));
    assert.notEqual(seedBg, restBg, 'the seed has its own background');
    await p.close();
  });

  it('melody: notes placed by pitch and time; Play schedules WebAudio oscillators and moves the playhead; Stop closes the context', async () => {
    const p = await h.openRenderer();
    // Observe the real WebAudio API (no stub): count oscillators and keep the contexts made.
    await p.evaluate(() => {
      const w = window as unknown as { __oscillators: number; __contexts: AudioContext[] };
      w.__oscillators = 0;
      w.__contexts = [];
      // The original is BaseAudioContext's, which AudioContext inherits.
      AudioContext.prototype.createOscillator = function (this: AudioContext) {
        w.__oscillators++;
        if (!w.__contexts.includes(this)) w.__contexts.push(this);
        return BaseAudioContext.prototype.createOscillator.call(this);
      };
    });
    await render(p, 'm', melodyItem());
    const notes = await p.locator('rect.note').evaluateAll(els => els.map(e => ({
      midi: Number((e as SVGElement).dataset.midi), start: Number((e as SVGElement).dataset.start),
      x: Number(e.getAttribute('x')), y: Number(e.getAttribute('y')), w: Number(e.getAttribute('width')), seed: e.classList.contains('seed'),
    })));
    assert.equal(notes.length, 10, 'ten notes, the rest draws nothing');
    assert.deepEqual(notes.map(n => n.seed), [true, true, ...new Array<boolean>(8).fill(false)]);
    for (let i = 1; i < notes.length; i++) assert.ok(notes[i].x > notes[i - 1].x, 'later notes further right');
    const byPitch = [...notes].sort((a, b) => a.midi - b.midi);
    for (let i = 1; i < byPitch.length; i++) assert.ok(byPitch[i].y <= byPitch[i - 1].y, 'higher pitches higher up');
    const beat = (notes[1].x - notes[0].x) / (notes[1].start - notes[0].start);
    assert.ok(Math.abs(notes[4].x - notes[0].x - beat * 4) < 0.01, 'the rest left a one-beat gap: B4 starts on beat 4, not 3');
    assert.ok(Math.abs(notes[5].w + 1 - 2 * beat) < 0.01, 'a two-beat note is two beats long');

    await p.locator('button.play').click();
    assert.equal(await p.locator('.unroll-melody').getAttribute('data-state'), 'playing');
    assert.equal(await p.evaluate(() => (window as unknown as { __oscillators: number }).__oscillators), 10);
    const x0 = Number(await p.locator('line.playhead').getAttribute('x1'));
    await p.waitForTimeout(700);
    const x1 = Number(await p.locator('line.playhead').getAttribute('x1'));
    const state = await p.evaluate(() => (window as unknown as { __contexts: AudioContext[] }).__contexts[0].state);
    assert.ok(x1 > x0 + beat, `the playhead follows the audio clock: ${x0} → ${x1} (context ${state})`);
    await p.screenshot({ path: path.join(RESULTS, 'renderer-melody-playing.png'), clip: (await p.locator('#m').boundingBox())! });
    await p.locator('button.play').click();
    assert.equal(await p.locator('.unroll-melody').getAttribute('data-state'), 'stopped');
    await p.waitForFunction(() => (window as unknown as { __contexts: AudioContext[] }).__contexts[0].state === 'closed');
    assert.deepEqual(p.errors, []);
    assert.deepEqual(await violations(p), []);
    await p.close();
  });

  for (const theme of ['dark', 'light', 'high-contrast'] as Theme[]) {
    it(`all five outputs read in the ${theme} theme (screenshot)`, async () => {
      const p = await h.openRenderer(theme);
      await render(p, 'summary', summaryItem());
      await render(p, 'fit', richItem(TRAINING_MIME, training('running').data()));
      await render(p, 'gradients', richItem(GRADIENT_MAP_MIME, gradientMap().data()));
      await render(p, 'text', textItem());
      await render(p, 'melody', melodyItem());
      // Text is drawn in the theme's foreground, not a fixed colour.
      const fg = await p.evaluate(() => getComputedStyle(document.querySelector('.unroll-summary')!).color);
      assert.equal(fg, { dark: 'rgb(204, 204, 204)', light: 'rgb(59, 59, 59)', 'high-contrast': 'rgb(255, 255, 255)' }[theme]);
      await p.screenshot({ path: path.join(RESULTS, `renderer-${theme}.png`), fullPage: true });
      assert.deepEqual(p.errors, []);
      assert.deepEqual(await violations(p), []);
      await p.close();
    });
  }
});
