// The saliency page in headless Chromium, fed snapshots that the engine's own probe took of a small
// tagger while it trained: the text's backgrounds and the time × training-step map show the same
// values, the mode switch, the output-position selector and the scrubber change what is shown, the
// connectivity mode draws the fit's curves; screenshots in three themes.
// Run alone: node out/test/webview/run.js saliency
import * as assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { Bidirectional, Dense, Embedding, LSTM, resetNames, Sequential } from '../../src/engine/layers';
import { NodeRuntime } from '../../src/engine/runtime';
import { Trainer } from '../../src/engine/train';
import type { ConnectivitySeries, SaliencySnapshot } from '../../src/protocol/gradients';
import type { HostToSaliency } from '../../src/protocol/webview';
import { cspViolations, errorsOf, Harness, RESULTS, send, Theme } from './harness';

const WORDS = ['the', 'old', 'dog', 'sleeps', 'by', 'the', 'door'];
const TAGS = [0, 1, 2, 3, 0, 0, 2];
const T = WORDS.length + 1; // one padding step in front

/** Saliency snapshots of one padded sentence as a Bidirectional LSTM tagger learns its tags: step 0, then every 3rd step. */
async function trainedSnapshots(): Promise<{ snapshots: SaliencySnapshot[]; curves: ConnectivitySeries[] }> {
  resetNames();
  const vocab = [...new Set(WORDS)];
  const model = new Sequential('tagger').add(new Embedding(vocab.length + 1, 5, { mask_zero: true })).add(new Bidirectional(new LSTM(6, { return_sequences: true }))).add(new Dense(4, { activation: 'softmax' }));
  const trainer = new Trainer(new NodeRuntime(), model, { shape: ['T'], dtype: 'int64' }, { shape: ['T'], dtype: 'int64' }, { loss: 'sparse_categorical_crossentropy', optimizer: { name: 'adam', learning_rate: 0.05 } }, { seed: 3 });
  const ids = [0, ...WORDS.map(w => vocab.indexOf(w) + 1)];
  const x = { dtype: 'int64' as const, dims: [1, T], data: BigInt64Array.from(ids.map(BigInt)) };
  const y = { dtype: 'int64' as const, dims: [1, T], data: BigInt64Array.from([0, ...TAGS].map(BigInt)) };
  const snapshots: SaliencySnapshot[] = [];
  const curves: ConnectivitySeries[] = [];
  const take = async () => {
    const s = await trainer.saliency(x);
    snapshots.push({ step: trainer.iterations, epoch: 0, outputs: s.outputs, T: s.T, norm: Array.from(s.norm), gradInput: Array.from(s.gradInput), classes: s.classes, target: s.target });
  };
  await take();
  await trainer.fit({ x, y }, { epochs: 30, batchSize: 1, shuffle: false, onStep: r => (r.iteration % 3 === 0 ? take() : undefined) });
  for (const step of [0, 15, 30]) curves.push({ modelId: '7', step, values: Array.from({ length: T }, (_, t) => (t === 0 ? 0 : (t / T) ** (1 + step / 10))) });
  await trainer.dispose();
  return { snapshots, curves };
}

const h = new Harness();
let data: Awaited<ReturnType<typeof trainedSnapshots>>;
const standIn = { modelId: '7', name: 'tagger', blocks: [], joins: [], weights: {}, dhKeys: [], notes: [] };
const tokens = ['', ...WORDS];

async function panel(theme: Theme, messages: HostToSaliency[]): Promise<Page> {
  const p = await h.open('saliency', theme, { width: 1100, height: 620 });
  for (const m of messages) await send(p, m);
  await p.waitForSelector('body[data-rendered="saliency"]');
  return p;
}

const fill = (): HostToSaliency[] => [{ type: 'model', diagram: standIn }, { type: 'saliency', tokens, snapshots: data.snapshots, output: 3 }];

/** The values the text shows (data-value per token) and each token's background colour. */
async function textValues(p: Page): Promise<{ values: number[]; colours: number[][] }> {
  return p.$$eval('#text .sa-token', spans => ({
    values: spans.map(s => Number((s as HTMLElement).dataset.value)),
    colours: spans.map(s => (getComputedStyle(s).backgroundColor.match(/\d+/g) ?? []).slice(0, 3).map(Number)),
  }));
}

/** The map's RGB at input step t, row s. */
async function pixel(p: Page, t: number, s: number): Promise<number[]> {
  return p.evaluate(([tt, ss]) => Array.from((document.getElementById('map') as HTMLCanvasElement).getContext('2d')!.getImageData(tt, ss, 1, 1).data.slice(0, 3)), [t, s] as const);
}

const row = (s: SaliencySnapshot, which: 'norm' | 'gradInput', o: number) => Array.from(s[which]).slice(o * s.T, (o + 1) * s.T);
const close = (got: number[], want: number[]) => want.forEach((w, i) => assert.ok(Math.abs(got[i] - w) <= 1e-6 * Math.max(1, Math.abs(w)), `[${i}] ${got[i]} vs ${w}`));

async function clean(p: Page) {
  assert.deepEqual(errorsOf(p), [], 'page errors');
  assert.deepEqual(await cspViolations(p), [], 'CSP violations');
  await p.close();
}

describe('webview: saliency (headless Chromium)', function () {
  this.timeout(120_000);
  before(async () => {
    data = await trainedSnapshots();
    await h.start();
  });
  after(async () => h.stop());

  it('draws the words with their ‖∂y/∂x_t‖ as background and the same colours in the time × step map, at the position show_saliency chose', async () => {
    const p = await panel('light', fill());
    const last = data.snapshots[data.snapshots.length - 1];
    assert.equal(await p.getAttribute('body', 'data-step'), String(last.step));
    assert.equal(await p.getAttribute('body', 'data-output'), '3');
    assert.deepEqual(await p.locator('#text .sa-token').allTextContents(), ['·', ...WORDS]);
    const { values, colours } = await textValues(p);
    close(values, row(last, 'norm', 3));
    // The map's last row is the shown snapshot: its pixels are the text's backgrounds.
    assert.deepEqual(await p.$eval('#map', c => [(c as HTMLCanvasElement).width, (c as HTMLCanvasElement).height]), [T, data.snapshots.length]);
    for (let t = 0; t < T; t++) assert.deepEqual(await pixel(p, t, data.snapshots.length - 1), colours[t], `t = ${t}`);
    // The padding step moves nothing: its background is the editor's; the most salient word is the most coloured.
    const bg = await p.evaluate(() => (getComputedStyle(document.body).backgroundColor.match(/\d+/g) ?? []).slice(0, 3).map(Number));
    assert.deepEqual(colours[0], bg);
    const top = values.indexOf(Math.max(...values));
    const distance = (c: number[]) => Math.hypot(c[0] - bg[0], c[1] - bg[1], c[2] - bg[2]);
    assert.ok(colours.every(c => distance(c) <= distance(colours[top])), 'the largest value has the strongest colour');
    assert.match(await p.locator('.sa-heading').textContent() ?? '', /‖∂y\/∂x_t‖ of y = the logit of class \d at position 4 \("dog"\)/);
    await clean(p);
  });

  it('switches to gradient × input (blue below 0, red above) and connectivity; scrubs; picks output positions; screenshots in three themes', async () => {
    for (const theme of ['light', 'dark', 'high-contrast'] as Theme[]) {
      const p = await panel(theme, [...fill(), ...data.curves.map(series => ({ type: 'connectivity' as const, series }))]);
      await p.screenshot({ path: `${RESULTS}/saliency-norm-${theme}.png` });
      await p.locator('.toolbar button', { hasText: 'gradient × input' }).click();
      assert.equal(await p.getAttribute('body', 'data-mode'), 'gradInput');
      const last = data.snapshots[data.snapshots.length - 1];
      const { values, colours } = await textValues(p);
      close(values, row(last, 'gradInput', 3));
      values.forEach((v, t) => {
        if (Math.abs(v) < 1e-3) return;
        const [r, , b] = colours[t];
        assert.ok(v > 0 ? r > b : b > r, `t = ${t}: ${v} drawn ${colours[t]}`);
      });
      // Another output position, by the selector, then by a click on its word.
      await p.locator('#output').selectOption('6');
      assert.equal(await p.getAttribute('body', 'data-output'), '6');
      close((await textValues(p)).values, row(last, 'gradInput', 6));
      await p.locator('#text .sa-token').nth(2).click();
      assert.equal(await p.getAttribute('body', 'data-output'), '2');
      // Scrub to the untrained model.
      await p.locator('#scrub').fill('0');
      assert.equal(await p.getAttribute('body', 'data-step'), '0');
      assert.match(await p.locator('#step-label').textContent() ?? '', new RegExp(`step 0 \\(epoch 1\\) · snapshot 1 of ${data.snapshots.length}`));
      close((await textValues(p)).values, row(data.snapshots[0], 'gradInput', 2));
      await p.mouse.move(5, 500); // off the buttons: the screenshot shows the pressed one, not a hovered one
      await p.screenshot({ path: `${RESULTS}/saliency-grad-input-${theme}.png` });
      // Connectivity: the fit's curves, one map row each, no output selector.
      await p.locator('.toolbar button', { hasText: 'connectivity' }).click();
      assert.equal(await p.getAttribute('body', 'data-mode'), 'connectivity');
      assert.equal(await p.locator('#output').count(), 0);
      assert.deepEqual(await p.$eval('#map', c => (c as HTMLCanvasElement).height), data.curves.length);
      close((await textValues(p)).values, data.curves[data.curves.length - 1].values);
      await p.locator('#scrub').fill('1');
      assert.equal(await p.getAttribute('body', 'data-step'), '15');
      await p.mouse.move(5, 500); // off the buttons: the screenshot shows the pressed one, not a hovered one
      await p.screenshot({ path: `${RESULTS}/saliency-connectivity-${theme}.png` });
      await clean(p);
    }
  });

  it('a live snapshot follows the latest; a new example starts over; before any data it says what to call', async () => {
    const p = await h.open('saliency', 'dark', { width: 900, height: 500 });
    await send(p, { type: 'model', diagram: standIn });
    await p.waitForSelector('body[data-rendered="empty"]');
    assert.match(await p.locator('.empty').textContent() ?? '', /show_saliency\(tagger, x\)/);
    await send(p, { type: 'saliency', tokens, snapshots: data.snapshots.slice(0, 2) });
    await p.waitForSelector(`body[data-step="${data.snapshots[1].step}"]`);
    await send(p, { type: 'snapshot', tokens, snapshot: data.snapshots[2], reset: false });
    await p.waitForSelector(`body[data-step="${data.snapshots[2].step}"]`);
    assert.equal(await p.locator('#scrub').getAttribute('max'), '2');
    const one: SaliencySnapshot = { step: 40, outputs: 1, T: 2, norm: [0.5, 1], gradInput: [-0.5, 1], classes: [1], target: 'logit' };
    await send(p, { type: 'snapshot', tokens: ['a', 'b'], snapshot: one, reset: true });
    await p.waitForSelector('body[data-step="40"]');
    assert.equal(await p.locator('#scrub').getAttribute('max'), '0');
    assert.equal(await p.locator('#output').count(), 0, 'one output per sequence: no selector');
    assert.match(await p.locator('#step-label').textContent() ?? '', /a fit after show_saliency keeps more/);
    await clean(p);
  });
});
