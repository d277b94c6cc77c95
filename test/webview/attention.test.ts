// The attention alignment page in headless Chromium, fed fixture snapshots of a date translator
// whose alignment sharpens over training (each row a softmax around its own source position, the
// way a learned alignment looks): the map's pixels are the weights' colours, padding columns are
// left out, hover says the weight, a click lists where a row looked, the scrubber replays
// training, a layer picker switches maps; screenshots in three themes.
// Run alone: node out/test/webview/run.js attention
import * as assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { fmt, type AttentionMap, type AttentionSnapshot } from '../../src/protocol/gradients';
import type { HostToAttention } from '../../src/protocol/webview';
import { SeriesScale } from '../../webview/states/maps';
import { cspViolations, errorsOf, Harness, RESULTS, send, Theme } from './harness';

const SOURCE = [...'3 mar 1998'];
const PADDING = 4;
const TARGET = [...'1998-03-03'];
/** Which source character each output character copies (the alignment a trained model finds). */
const ALIGNED = [6, 7, 8, 9, 9, 2, 3, 4, 0, 0];

/** Row i: softmax over the source of −sharpness·(j − ALIGNED[i])², padding 0 (what the value mask does). */
function alignment(layer: string, sharpness: number, shift = 0): AttentionMap {
  const Tv = SOURCE.length + PADDING;
  const weights: number[] = [];
  for (let i = 0; i < TARGET.length; i++) {
    const e = Array.from({ length: Tv }, (_, j) => (j < SOURCE.length ? Math.exp(-sharpness * (j - ((ALIGNED[i] + shift) % SOURCE.length)) ** 2) : 0));
    const sum = e.reduce((a, b) => a + b, 0);
    weights.push(...e.map(v => v / sum));
  }
  return { layer, kind: layer === 'luong' ? 'Attention' : 'AdditiveAttention', Tq: TARGET.length, Tv, weights, valueMask: Array.from({ length: Tv }, (_, j) => (j < SOURCE.length ? 1 : 0)) };
}

/** 12 snapshots, 50 steps apart: nearly uniform at step 0, sharp by the end; a second layer off by one. */
const SNAPSHOTS: AttentionSnapshot[] = Array.from({ length: 12 }, (_, k) => ({
  step: 50 * k,
  epoch: Math.floor(k / 6),
  maps: [alignment('luong', 0.02 + 0.4 * k), alignment('bahdanau', 0.02 + 0.2 * k, 1)],
}));
const LABELS = { inputTokens: [...SOURCE, ...new Array<string>(PADDING).fill('')], outputTokens: TARGET };
const standIn = { modelId: '3', name: 'attentive_translator', blocks: [], joins: [], weights: {}, dhKeys: [], notes: [] };
const viridis = new SeriesScale(true, 1);
/** The colour of a weight as the page holds it: float32 (the budget's measure). */
const colour = (w: number) => viridis.rgb(Math.fround(w));

const h = new Harness();

async function panel(theme: Theme, messages: HostToAttention[]): Promise<Page> {
  const p = await h.open('attention', theme, { width: 1180, height: 700 });
  for (const m of messages) await send(p, m);
  await p.waitForSelector('body[data-rendered="attention"]');
  return p;
}
const everything = (): HostToAttention[] => [{ type: 'model', diagram: standIn }, { type: 'alignments', ...LABELS, snapshots: SNAPSHOTS }];

/** The RGB of the map at column c (among the drawn ones), row i. */
async function pixel(p: Page, c: number, i: number): Promise<number[]> {
  return p.evaluate(([cc, ii]) => {
    const canvas = document.querySelector('canvas.at-map') as HTMLCanvasElement;
    return Array.from(canvas.getContext('2d')!.getImageData(cc, ii, 1, 1).data.slice(0, 3));
  }, [c, i] as const);
}

/** Moves the mouse to the middle of cell (column c, row i) of the drawn map. */
async function hover(p: Page, c: number, i: number, click = false) {
  const box = (await p.locator('canvas.at-map').boundingBox())!;
  const [x, y] = [box.x + ((c + 0.5) / SOURCE.length) * box.width, box.y + ((i + 0.5) / TARGET.length) * box.height];
  if (click) await p.mouse.click(x, y);
  else await p.mouse.move(x, y);
}

async function clean(p: Page) {
  assert.deepEqual(errorsOf(p), [], 'page errors');
  assert.deepEqual(await cspViolations(p), [], 'CSP violations');
  await p.close();
}

describe('webview: attention alignment (headless Chromium)', function () {
  this.timeout(60_000);
  before(async () => h.start());
  after(async () => h.stop());

  it('draws the latest alignment: output tokens down, input tokens across, padding left out, pixels in viridis', async () => {
    const p = await panel('light', everything());
    const canvas = await p.$eval('canvas.at-map', c => [(c as HTMLCanvasElement).width, (c as HTMLCanvasElement).height, (c as HTMLCanvasElement).dataset.layer]);
    assert.deepEqual(canvas, [SOURCE.length, TARGET.length, 'luong'], 'one pixel per drawn cell; the 4 padding columns left out');
    assert.deepEqual(await p.locator('.at-xlabel').allTextContents(), SOURCE.map(c => (c === ' ' ? '␣' : c)));
    assert.deepEqual(await p.locator('.at-ylabel').allTextContents(), TARGET);
    assert.match(await p.locator('.status').textContent() ?? '', /4 padding steps left out/);
    const last = SNAPSHOTS[SNAPSHOTS.length - 1].maps[0];
    assert.equal(await p.getAttribute('body', 'data-step'), String(SNAPSHOTS[SNAPSHOTS.length - 1].step));
    for (const [c, i] of [[0, 0], [6, 0], [2, 5], [9, 9], [0, 9]]) {
      assert.deepEqual(await pixel(p, c, i), colour(last.weights[i * last.Tv + c]), `cell (${c}, ${i})`);
    }
    assert.deepEqual(await p.locator('.toolbar button[aria-pressed]').allTextContents(), ['luong · Attention', 'bahdanau · AdditiveAttention'], 'a layer picker: two attention layers');
    await clean(p);
  });

  it('hover says the weight, a click lists where a row looked, the scrubber replays training; three themes', async () => {
    for (const theme of ['light', 'dark', 'high-contrast'] as Theme[]) {
      const p = await panel(theme, everything());
      const last = SNAPSHOTS[SNAPSHOTS.length - 1].maps[0];
      await hover(p, 6, 0);
      assert.equal(await p.locator('.tooltip').textContent(), `output 1 "1" ← input 7 "1"\nweight ${fmt(last.weights[6])}`);
      assert.equal(await p.locator('.at-ylabel.hl').textContent(), '1');
      await hover(p, 8, 2, true);
      assert.equal(await p.getAttribute('body', 'data-row'), '2');
      assert.match(await p.locator('.at-side h4').textContent() ?? '', /Output 3 "9" looked at/);
      assert.equal((await p.locator('.at-bars .tok').allTextContents())[0], '9', 'its largest weight: the 9 of 1998 it copies');
      await p.mouse.move(5, 5);
      await p.screenshot({ path: `${RESULTS}/attention-trained-${theme}.png` });
      // Back to step 0: nearly uniform rows.
      await p.locator('#scrub').fill('0');
      assert.equal(await p.getAttribute('body', 'data-step'), '0');
      assert.match(await p.locator('#step-label').textContent() ?? '', /step 0 \(epoch 1\) · snapshot 1 of 12/);
      const first = SNAPSHOTS[0].maps[0];
      assert.deepEqual(await pixel(p, 6, 0), colour(first.weights[6]));
      assert.notDeepEqual(await pixel(p, 6, 0), colour(last.weights[6]), 'training sharpened this cell');
      await p.locator('#scrub').fill('5');
      assert.equal(await p.getAttribute('body', 'data-step'), '250');
      await p.screenshot({ path: `${RESULTS}/attention-scrubbed-${theme}.png` });
      await clean(p);
    }
  });

  it('the layer picker switches maps; a live snapshot moves a scrubber at the latest; NaN is magenta; a new example starts over', async () => {
    const p = await panel('dark', [{ type: 'model', diagram: standIn }, { type: 'alignments', ...LABELS, snapshots: SNAPSHOTS.slice(0, 3) }]);
    await p.locator('.toolbar button', { hasText: 'bahdanau' }).click();
    assert.equal(await p.getAttribute('body', 'data-layer'), 'bahdanau');
    const b = SNAPSHOTS[2].maps[1];
    assert.deepEqual(await pixel(p, 7, 0), colour(b.weights[7]));
    const broken = structuredClone(SNAPSHOTS[3]);
    const weights = Array.from(broken.maps[1].weights);
    weights[1 * broken.maps[1].Tv + 4] = NaN;
    broken.maps[1].weights = weights;
    await send(p, { type: 'alignment', ...LABELS, snapshot: broken, reset: false });
    await p.waitForSelector(`body[data-step="${broken.step}"]`);
    assert.deepEqual(await pixel(p, 4, 1), [255, 0, 255]);
    await hover(p, 4, 1);
    assert.match(await p.locator('.tooltip').textContent() ?? '', /weight NaN/);
    // show_attention on another example: the others go, the new labels come.
    const other: AttentionMap = { layer: 'luong', kind: 'Attention', Tq: 2, Tv: 3, weights: [0.5, 0.25, 0.25, 0.1, 0.2, 0.7] };
    await send(p, { type: 'alignment', inputTokens: ['a', 'b', 'c'], outputTokens: ['x', 'y'], snapshot: { step: 600, maps: [other] }, reset: true });
    await p.waitForSelector('body[data-step="600"]');
    assert.equal(await p.locator('#scrub').getAttribute('max'), '0');
    assert.equal(await p.locator('#scrub').isDisabled(), true);
    assert.deepEqual(await p.locator('.at-xlabel').allTextContents(), ['a', 'b', 'c']);
    assert.equal(await p.locator('.toolbar button[aria-pressed]').count(), 0, 'one layer: no picker');
    assert.deepEqual(await pixel(p, 2, 1), colour(0.7));
    await clean(p);
  });
});
