// The state inspector page in headless Chromium, fed snapshots that the engine's own probe took of
// a character LSTM while it trained: the maps' pixels are the values' colours, a click traces a
// unit, the scrubber replays training, NaN shows as NaN; screenshots in three themes.
// Run alone: node out/test/webview/run.js states
import * as assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { Bidirectional, Dense, Embedding, GRU, LSTM, resetNames, Sequential } from '../../src/engine/layers';
import { NodeRuntime } from '../../src/engine/runtime';
import { Trainer } from '../../src/engine/train';
import type { StateSnapshot } from '../../src/protocol/gradients';
import type { HostToStates } from '../../src/protocol/webview';
import { SeriesScale } from '../../webview/states/maps';
import { cspViolations, errorsOf, Harness, RESULTS, send, Theme } from './harness';

const TEXT = 'the cat sat on the mat';
const VOCAB = [...new Set(TEXT)].sort();
const UNITS = 12;

/** Snapshots of TEXT's states as a small LSTM learns to predict each next character: step 0, then every other step. */
async function trainedSnapshots(): Promise<StateSnapshot[]> {
  resetNames();
  const model = new Sequential('chars').add(new Embedding(VOCAB.length + 1, 6)).add(new LSTM(UNITS, { return_sequences: true })).add(new Dense(VOCAB.length + 1));
  const trainer = new Trainer(new NodeRuntime(), model, { shape: ['T'], dtype: 'int64' }, { shape: ['T'], dtype: 'int64' }, { loss: { name: 'sparse_categorical_crossentropy', from_logits: true }, optimizer: { name: 'adam', learning_rate: 0.05 } }, { seed: 4 });
  const ids = [...TEXT].map(c => VOCAB.indexOf(c) + 1);
  const x = { dtype: 'int64' as const, dims: [1, ids.length], data: BigInt64Array.from(ids.map(BigInt)) };
  const y = { dtype: 'int64' as const, dims: [1, ids.length], data: BigInt64Array.from([...ids.slice(1), 0].map(BigInt)) };
  const snaps: StateSnapshot[] = [];
  const take = async () => {
    const chains = await trainer.states(x);
    snaps.push({ step: trainer.iterations, epoch: 0, chains: chains.map(c => ({ ...c, key: `${c.layer}.${c.direction}`, kind: 'LSTM' as const })) });
  };
  await take();
  await trainer.fit({ x, y }, { epochs: 40, batchSize: 1, shuffle: false, onStep: r => (r.iteration % 2 === 0 ? take() : undefined) });
  await trainer.dispose();
  return snaps;
}

/** One snapshot of a Bidirectional(GRU) over a pre-padded sentence (ids 0 at the front), as show_states takes it. */
async function bidirectionalSnapshot(words: string[], T: number): Promise<{ snapshot: StateSnapshot; tokens: string[] }> {
  resetNames();
  const model = new Sequential('tagger').add(new Embedding(words.length + 1, 4, { mask_zero: true })).add(new Bidirectional(new GRU(6, { return_sequences: true }))).add(new Dense(1));
  const trainer = new Trainer(new NodeRuntime(), model, { shape: ['T'], dtype: 'int64' }, { shape: ['T'], dtype: 'float' }, { loss: 'mse', optimizer: 'sgd' }, { seed: 2 });
  const ids = [...new Array<number>(T - words.length).fill(0), ...words.map((_, i) => i + 1)];
  const chains = await trainer.states({ dtype: 'int64', dims: [1, T], data: BigInt64Array.from(ids.map(BigInt)) });
  await trainer.dispose();
  return { snapshot: { step: 0, chains: chains.map(c => ({ ...c, key: `${c.layer}.${c.direction}`, kind: 'GRU' as const })) }, tokens: [...new Array<string>(T - words.length).fill(''), ...words] };
}

const h = new Harness();
let snapshots: StateSnapshot[];
const standIn = { modelId: '7', name: 'chars', blocks: [], joins: [], weights: {}, dhKeys: [], notes: [] };

async function inspector(theme: Theme, messages: HostToStates[]): Promise<Page> {
  const p = await h.open('states', theme, { width: 1280, height: 860 });
  for (const m of messages) await send(p, m);
  await p.waitForSelector('body[data-rendered="states"]');
  return p;
}

/** The RGB of map `series` at step t, unit j, read back from the page's canvas. */
async function pixel(p: Page, series: string, t: number, j: number): Promise<number[]> {
  return p.evaluate(([s, tt, jj]) => {
    const c = document.querySelector(`canvas.st-map[data-series="${s}"]`) as HTMLCanvasElement;
    return Array.from(c.getContext('2d')!.getImageData(tt, jj, 1, 1).data.slice(0, 3));
  }, [series, t, j] as const);
}

async function clean(p: Page) {
  assert.deepEqual(errorsOf(p), [], 'page errors');
  assert.deepEqual(await cspViolations(p), [], 'CSP violations');
  await p.close();
}

describe('webview: state inspector (headless Chromium)', function () {
  this.timeout(120_000);
  before(async () => {
    snapshots = await trainedSnapshots();
    await h.start();
  });
  after(async () => h.stop());

  it('draws h, c and the four gates as time × unit maps in their colours, tokens along the time axis', async () => {
    const p = await inspector('light', [{ type: 'model', diagram: standIn }, { type: 'states', tokens: [...TEXT], snapshots }]);
    const series = await p.$$eval('canvas.st-map', cs => cs.map(c => [(c as HTMLCanvasElement).dataset.series, (c as HTMLCanvasElement).width, (c as HTMLCanvasElement).height]));
    assert.deepEqual(series, ['h', 'c', 'i', 'f', 'candidate', 'o'].map(s => [s, TEXT.length, UNITS]));
    const axis = await p.locator('.st-tokens').first().locator('.st-token').allTextContents();
    assert.deepEqual(axis, [...TEXT].map(c => (c === ' ' ? '␣' : c)), 'spaces made visible');
    const last = snapshots[snapshots.length - 1];
    assert.equal(await p.getAttribute('body', 'data-step'), String(last.step), 'shows the latest snapshot');
    // Pixels are the colour maps' colours of the values (gates on viridis [0, 1], h on ±1).
    const f = last.chains[0].series.find(s => s.name === 'f')!;
    const hs = last.chains[0].series[0];
    for (const [t, j] of [[0, 0], [5, 3], [TEXT.length - 1, UNITS - 1]]) {
      assert.deepEqual(await pixel(p, 'f', t, j), new SeriesScale(true, 1).rgb(f.values[t * UNITS + j]), `f at t=${t}, unit ${j}`);
      assert.deepEqual(await pixel(p, 'h', t, j), new SeriesScale(false, 1).rgb(hs.values[t * UNITS + j]), `h at t=${t}, unit ${j}`);
    }
    await clean(p);
  });

  it('a click on a cell traces its unit; the scrubber replays training; screenshots in three themes', async () => {
    for (const theme of ['light', 'dark', 'high-contrast'] as Theme[]) {
      const p = await inspector(theme, [{ type: 'model', diagram: standIn }, { type: 'states', tokens: [...TEXT], snapshots }]);
      const box = (await p.locator('canvas.st-map[data-series="f"]').boundingBox())!;
      const [t, unit] = [4, 3];
      await p.mouse.click(box.x + ((t + 0.5) / TEXT.length) * box.width, box.y + ((unit + 0.5) / UNITS) * box.height);
      assert.equal(await p.getAttribute('body', 'data-unit'), String(unit));
      const lines = await p.$$eval('svg.st-trace path.st-line', ps => ps.map(e => e.getAttribute('data-series')));
      assert.deepEqual(lines, ['h@first', 'h', 'c', 'i', 'f', 'candidate', 'o'], 'every series of the unit, and its h at step 0 dashed');
      assert.match(await p.locator('.st-values').textContent() ?? '', /t = 5 {2}"c"/);
      const traced = await p.$$eval('svg.st-trace path[data-series="h"]', ps => ps[0].getAttribute('d') ?? '');
      assert.equal(traced.split(/[ML]/).filter(Boolean).length, TEXT.length, 'one point per step');
      await p.screenshot({ path: `${RESULTS}/states-trace-${theme}.png` });
      // Scrub back to the first snapshot: the maps show the untrained model's states.
      const before = await pixel(p, 'h', t, unit);
      await p.locator('#scrub').fill('0');
      assert.equal(await p.getAttribute('body', 'data-step'), '0');
      assert.match(await p.locator('#step-label').textContent() ?? '', new RegExp(`step 0 \\(epoch 1\\) · snapshot 1 of ${snapshots.length}`));
      const first = snapshots[0].chains[0].series[0].values[t * UNITS + unit];
      assert.deepEqual(await pixel(p, 'h', t, unit), new SeriesScale(false, 1).rgb(first));
      assert.notDeepEqual(await pixel(p, 'h', t, unit), before, 'training changed this cell');
      await p.locator('#scrub').fill(String(Math.floor(snapshots.length / 2)));
      assert.equal(await p.getAttribute('body', 'data-step'), String(snapshots[Math.floor(snapshots.length / 2)].step));
      await p.screenshot({ path: `${RESULTS}/states-scrubbed-${theme}.png` });
      await clean(p);
    }
  });

  it('a live snapshot moves a scrubber at the latest, NaN is magenta and says NaN, a new example starts over', async () => {
    const p = await inspector('dark', [{ type: 'model', diagram: standIn }, { type: 'states', tokens: [...TEXT], snapshots: snapshots.slice(0, 3) }]);
    const broken = structuredClone(snapshots[3]);
    const h0 = broken.chains[0].series[0].values as number[];
    const values = Array.from(h0);
    values[2 * UNITS + 1] = NaN;
    values[2 * UNITS + 2] = Infinity;
    broken.chains[0].series[0].values = values;
    await send(p, { type: 'snapshot', tokens: [...TEXT], snapshot: broken, reset: false });
    await p.waitForSelector(`body[data-step="${broken.step}"]`);
    assert.deepEqual(await pixel(p, 'h', 2, 1), [255, 0, 255]);
    const box = (await p.locator('canvas.st-map[data-series="h"]').boundingBox())!;
    await p.mouse.move(box.x + (2.5 / TEXT.length) * box.width, box.y + (1.5 / UNITS) * box.height);
    assert.match(await p.locator('.tooltip').textContent() ?? '', /unit 1 {2}h_t = NaN/);
    await p.mouse.move(box.x + (2.5 / TEXT.length) * box.width, box.y + (2.5 / UNITS) * box.height);
    assert.match(await p.locator('.tooltip').textContent() ?? '', /unit 2 {2}h_t = \+Inf/);
    await send(p, { type: 'snapshot', tokens: ['a', 'b'], snapshot: { step: 9, chains: [{ ...snapshots[0].chains[0], T: 2, series: snapshots[0].chains[0].series.map(s => ({ name: s.name, values: Array.from(s.values).slice(0, 2 * UNITS) })) }] }, reset: true });
    await p.waitForSelector('body[data-step="9"]');
    assert.equal(await p.locator('#scrub').getAttribute('max'), '0');
    assert.deepEqual(await p.locator('.st-tokens').first().locator('.st-token').allTextContents(), ['a', 'b']);
    await clean(p);
  });

  it("a panel open when the model's next fit starts: the emptied states, then that fit's snapshots, draw the maps again", async () => {
    // What the host sends (panelFeeds.ts): a fit's start clears the model's kept snapshots, so the
    // page gets the model and an empty list, then the fit's snapshots one by one, none a reset.
    const p = await inspector('dark', [{ type: 'model', diagram: standIn }, { type: 'states', tokens: [...TEXT], snapshots: snapshots.slice(0, 2) }]);
    await send(p, { type: 'model', diagram: standIn });
    await send(p, { type: 'states', tokens: [...TEXT], snapshots: [] });
    await p.waitForSelector('body[data-rendered="empty"]');
    const next = snapshots[3];
    await send(p, { type: 'snapshot', tokens: [...TEXT], snapshot: next, reset: false });
    await p.waitForSelector(`body[data-rendered="states"][data-step="${next.step}"]`);
    assert.equal(await p.locator('.st-maps .empty').count(), 0, 'the "no states yet" note is gone');
    assert.equal(await p.locator('canvas.st-map').count(), 6, 'the six maps are on the page');
    assert.deepEqual(await pixel(p, 'h', 0, 0), new SeriesScale(false, 1).rgb(next.chains[0].series[0].values[0]), 'and show the new snapshot');
    assert.match(await p.locator('#step-label').textContent() ?? '', /snapshot 1 of 1/);
    await clean(p);
  });

  it('a map out of sight is painted when it scrolls into view, not while snapshots arrive', async () => {
    const p = await h.open('states', 'dark', { width: 1280, height: 360 });
    for (const m of [{ type: 'model', diagram: standIn }, { type: 'states', tokens: [...TEXT], snapshots: snapshots.slice(0, 3) }] as HostToStates[]) await send(p, m);
    await p.waitForSelector('body[data-rendered="states"]');
    const o = p.locator('section.st-series[data-series="o"]');
    assert.equal(await o.evaluate(e => e.getBoundingClientRect().top > window.innerHeight), true, 'the output gate\'s map starts out of sight');
    // A cell of o whose colour differs between the shown snapshot and the next.
    const colour = (snap: StateSnapshot, t: number, j: number) => new SeriesScale(true, 1).rgb(snap.chains[0].series.find(s => s.name === 'o')!.values[t * UNITS + j]);
    const [before, next] = [snapshots[2], snapshots[3]];
    const cells = Array.from({ length: TEXT.length * UNITS }, (_, k) => [Math.floor(k / UNITS), k % UNITS] as const);
    const cell = cells.find(([t, j]) => colour(before, t, j).join() !== colour(next, t, j).join());
    assert.ok(cell, 'some cell of o changes colour between the two snapshots');
    const [t, j] = cell;
    assert.deepEqual(await pixel(p, 'o', t, j), colour(before, t, j));
    await send(p, { type: 'snapshot', tokens: [...TEXT], snapshot: next, reset: false });
    await p.waitForSelector(`body[data-step="${next.step}"]`);
    assert.deepEqual(await pixel(p, 'h', 0, 0), new SeriesScale(false, 1).rgb(next.chains[0].series[0].values[0]), 'the map in sight shows the new snapshot');
    assert.deepEqual(await pixel(p, 'o', t, j), colour(before, t, j), 'the map out of sight is not painted yet');
    await o.scrollIntoViewIfNeeded();
    await p.waitForFunction(([tt, jj, rgb]) => {
      const c = document.querySelector('canvas.st-map[data-series="o"]') as HTMLCanvasElement;
      return Array.from(c.getContext('2d')!.getImageData(tt, jj, 1, 1).data.slice(0, 3)).join() === rgb;
    }, [t, j, colour(next, t, j).join()] as const);
    await clean(p);
  });

  it('a Bidirectional GRU over a padded sentence: both directions to pick, z, r and h̃, padding dimmed', async () => {
    const words = ['the', 'movie', 'was', 'not', 'bad', 'at', 'all'];
    const { snapshot, tokens } = await bidirectionalSnapshot(words, 10);
    const p = await inspector('dark', [{ type: 'model', diagram: { ...standIn, name: 'tagger' } }, { type: 'states', tokens, snapshots: [snapshot] }]);
    const chains = await p.locator('.toolbar button[aria-pressed]').allTextContents();
    assert.deepEqual(chains, ['bidirectional · GRU(6)', 'bidirectional ← · GRU(6)']);
    assert.deepEqual(await p.$$eval('canvas.st-map', cs => cs.map(c => (c as HTMLCanvasElement).dataset.series)), ['h', 'z', 'r', 'candidate']);
    assert.equal(await p.locator('section.st-series[data-series="candidate"] header b').textContent(), 'h̃_t');
    assert.equal(await p.locator('.st-tokens').first().locator('.st-token.masked').count(), 3, 'the three padding steps');
    assert.equal(await p.locator('#scrub').isDisabled(), true, 'one snapshot: nothing to scrub yet');
    assert.match(await p.locator('#step-label').textContent() ?? '', /a fit after show_states keeps more/);
    // A padding step's cell is dimmed towards the background: not the colour of its value.
    const z = snapshot.chains[0].series[1].values;
    assert.notDeepEqual(await pixel(p, 'z', 0, 0), new SeriesScale(true, 1).rgb(z[0]));
    assert.deepEqual(await pixel(p, 'z', 5, 0), new SeriesScale(true, 1).rgb(z[5 * 6]));
    await p.locator('.toolbar button', { hasText: '←' }).click();
    assert.equal(await p.locator('.toolbar button', { hasText: '←' }).getAttribute('aria-pressed'), 'true');
    const backH = snapshot.chains[1].series[0].values;
    assert.deepEqual(await pixel(p, 'h', 9, 2), new SeriesScale(false, 1).rgb(backH[9 * 6 + 2]), 'the backward chain, by input time');
    const box = (await p.locator('canvas.st-map[data-series="h"]').boundingBox())!;
    await p.mouse.click(box.x + (6.5 / 10) * box.width, box.y + (2.5 / 6) * box.height);
    assert.match(await p.locator('.st-side h4').textContent() ?? '', /Unit 2 of bidirectional \(backward\)/);
    await p.screenshot({ path: `${RESULTS}/states-bidirectional-gru-dark.png` });
    await clean(p);
  });
});
