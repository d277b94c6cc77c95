// The BPTT Step-Through page in headless Chromium, fed the terms the engine's own probe computed
// for a SimpleRNN on one sequence: a bar per step whose height follows ‖term_t‖, ←/→ move the
// cursor and the running-sum readout, each move posts the graph highlight; the graph page marks
// the path of that term; screenshots in three themes.
// Run alone: node out/test/webview/run.js bpttStep
import * as assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { Dense, Embedding, resetNames, Sequential, SimpleRNN } from '../../src/engine/layers';
import { NodeRuntime } from '../../src/engine/runtime';
import { Trainer } from '../../src/engine/train';
import { summarizeTerms } from '../../src/engine/train/bptt';
import type { BpttView, GraphBpttHighlight } from '../../src/protocol/bptt';
import { diagramFromSequential, ModelDiagram } from '../../src/protocol/gradients';
import { cspViolations, errorsOf, Harness, RESULTS, send, Theme } from './harness';
import { bidirectionalGRU } from './fixtures';

const WORDS = 'the movie was not good at all but the cast was great'.split(' ');
const T = WORDS.length;

/** The view show_bptt would send, from the engine's terms of a small SimpleRNN on WORDS; and its diagram. */
async function fixture(): Promise<{ view: BpttView; backward: BpttView; diagram: ModelDiagram }> {
  resetNames();
  const model = new Sequential('sentiment').add(new Embedding(20, 6)).add(new SimpleRNN(8, { name: 'rnn' })).add(new Dense(1, { activation: 'sigmoid' }));
  const input = { shape: ['T' as const], dtype: 'int64' as const };
  const trainer = new Trainer(new NodeRuntime(), model, input, { shape: [1], dtype: 'float' }, { loss: 'binary_crossentropy', optimizer: 'adam' }, { seed: 3 });
  const ids = WORDS.map((_, i) => BigInt(i + 1));
  const { loss, terms } = await trainer.bpttTerms({ dtype: 'int64', dims: [1, T], data: BigInt64Array.from(ids) }, { dtype: 'float32', dims: [1, 1], data: Float32Array.from([1]) }, 'rnn');
  await trainer.dispose();
  const seriesOf = (backwards: boolean) => terms.map(t => summarizeTerms(t, backwards)).map(s => ({ weight: s.weight, shape: s.shape, norms: s.norms, shares: s.shares, projections: s.projections, partialNorms: s.partialNorms, fullNorm: s.fullNorm }));
  const view: BpttView = { modelId: 'b1', model: 'sentiment', layer: 'rnn', kind: 'SimpleRNN', tokens: WORDS, loss, weight: 'recurrent_kernel', series: seriesOf(false) };
  // The same terms as a layer that reads backwards would sum them (from step 1): the page's other order.
  const backward: BpttView = { ...view, layer: 'bidirectional', direction: 'backward', backwards: true, series: seriesOf(true) };
  return { view, backward, diagram: diagramFromSequential(model, { shape: [T], dtype: 'int64' }, { modelId: 'b1' }) };
}

const h = new Harness();
let view: BpttView;
let backward: BpttView;
let diagram: ModelDiagram;

type Posted = { type: string; highlight?: GraphBpttHighlight };
const posted = (p: Page) => p.evaluate(() => (window as unknown as { __posted: Posted[] }).__posted);
const lastHighlight = async (p: Page) => (await posted(p)).filter(m => m.type === 'cursor').pop()?.highlight;

async function stepper(theme: Theme, shown: BpttView = view): Promise<Page> {
  const p = await h.open('bpttStep', theme, { width: 1100, height: 640 });
  await send(p, { type: 'view', view: shown });
  await p.waitForSelector('body[data-rendered="bptt"]');
  return p;
}

async function clean(p: Page) {
  assert.deepEqual(errorsOf(p), [], 'page errors');
  assert.deepEqual(await cspViolations(p), [], 'CSP violations');
  await p.close();
}

describe('webview: BPTT step-through (headless Chromium)', function () {
  this.timeout(120_000);
  before(async () => {
    ({ view, backward, diagram } = await fixture());
    await h.start();
  });
  after(async () => h.stop());

  it('draws a bar per step from the terms, steps with ←/→, and posts the highlight; three themes', async () => {
    const s = view.series.find(x => x.weight === 'recurrent_kernel')!;
    for (const theme of ['light', 'dark', 'high-contrast'] as Theme[]) {
      const p = await stepper(theme);
      const heights = await p.locator('rect.bp-bar').evaluateAll(rs => rs.map(r => Number(r.getAttribute('height'))));
      assert.equal(heights.length, T);
      // Log scale: a larger term draws a taller bar (U at step 1 reads h_0 = 0: no bar).
      assert.equal(s.norms[0], 0);
      assert.equal(heights[0], 0);
      for (let a = 1; a < T; a++) for (let b = 1; b < T; b++) if (s.norms[a] > s.norms[b] * 1.01) assert.ok(heights[a] >= heights[b], `bar ${a} vs ${b}`);
      // The cursor starts where BPTT starts: the last step, the running sum just term_T.
      assert.equal(await p.getAttribute('body', 'data-cursor'), String(T - 1));
      assert.deepEqual(await lastHighlight(p), { type: 'bpttHighlight', modelId: 'b1', layer: 'rnn', weight: 'recurrent_kernel', t: T - 1, T });
      await p.keyboard.press('ArrowLeft');
      await p.keyboard.press('ArrowLeft');
      await p.keyboard.press('ArrowLeft');
      assert.equal(await p.getAttribute('body', 'data-cursor'), String(T - 4));
      assert.equal((await lastHighlight(p))?.t, T - 4);
      const readout = await p.textContent('#readout');
      assert.ok(readout!.includes(`t = ${T - 3} of ${T} (${WORDS[T - 4]})`), readout!);
      assert.equal(await p.locator('rect.bp-bar.bp-summed').count(), 4, 'the last four terms are in the running sum');
      await p.screenshot({ path: `${RESULTS}/bptt-step-${theme}.png` });
      await p.keyboard.press('Home');
      assert.equal(await p.getAttribute('body', 'data-cursor'), '0');
      assert.ok((await p.textContent('#readout'))!.includes(`(100%)`), 'at t = 1 the running sum is the whole gradient');
      await p.keyboard.press('ArrowLeft');
      assert.equal(await p.getAttribute('body', 'data-cursor'), '0', 'the cursor stops at the first step');
      await p.click('#step-forward');
      assert.equal(await p.getAttribute('body', 'data-cursor'), '1');
      await clean(p);
    }
  });

  it('the kernel W_xh has a term at every step; switching weights keeps the cursor', async () => {
    const p = await stepper('dark');
    await p.keyboard.press('ArrowLeft');
    await p.click('.toolbar button:has-text("W_xh")');
    assert.equal(await p.getAttribute('body', 'data-cursor'), String(T - 2));
    const heights = await p.locator('rect.bp-bar').evaluateAll(rs => rs.map(r => Number(r.getAttribute('height'))));
    heights.forEach((v, t) => assert.ok(v > 0, `W_xh term ${t}`));
    assert.equal((await lastHighlight(p))?.weight, 'kernel');
    await p.screenshot({ path: `${RESULTS}/bptt-step-kernel-dark.png` });
    await clean(p);
  });

  it('the graph marks the backward arrows from the last step down to t and W_hh\'s use at t', async () => {
    const p = await h.open('graph', 'light', { width: 1280, height: 600 });
    await send(p, { type: 'model', diagram });
    await p.waitForSelector('body[data-rendered]');
    // A step drawn in the unrolled view (a long sequence hides its middle steps behind a gap).
    const cells = await p.locator('g.node.cell').evaluateAll(ns => ns.map(n => Number((n as SVGGElement).dataset.t)));
    const t = cells.filter(s => s > 0 && s < T - 2)[0];
    assert.ok(t !== undefined, `cells drawn at ${cells.join(',')}`);
    await send(p, { type: 'bpttHighlight', modelId: 'b1', layer: 'rnn', weight: 'recurrent_kernel', t, T } satisfies GraphBpttHighlight);
    const marked = await p.locator('path.bptt.bptt-on').evaluateAll(ps => ps.map(e => Number((e as SVGPathElement).dataset.t)));
    assert.ok(marked.length > 0 && marked.every(s => s > t), `arrows ${marked.join(',')}`);
    const drawn = (await p.locator('path.bptt').evaluateAll(ps => ps.map(e => Number((e as SVGPathElement).dataset.t)))).filter(s => s > t);
    assert.deepEqual(marked.sort((a, b) => a - b), drawn.sort((a, b) => a - b), 'every drawn arrow after t, none before');
    assert.equal(await p.locator('g.node.cell.bptt-at').getAttribute('data-t'), String(t));
    assert.equal(await p.locator('path.edge.bptt-use').count(), 1, 'the recurrent arrow into h_t');
    await p.screenshot({ path: `${RESULTS}/bptt-graph-highlight-light.png` });
    await send(p, { type: 'bpttHighlight', modelId: 'b1', layer: 'rnn', weight: 'recurrent_kernel', t: null, T } satisfies GraphBpttHighlight);
    assert.equal(await p.locator('.bptt-on, .bptt-at, .bptt-use').count(), 0);
    await clean(p);
  });
  it('a layer that reads backwards (a Bidirectional\'s backward copy): the cursor starts at t = 1 and the sum grows towards T', async () => {
    const p = await stepper('dark', backward);
    assert.equal(await p.getAttribute('body', 'data-cursor'), '0', 'BPTT starts at the step it reads last');
    assert.deepEqual(await lastHighlight(p), { type: 'bpttHighlight', modelId: 'b1', layer: 'bidirectional', direction: 'backward', weight: 'recurrent_kernel', t: 0, T });
    assert.equal(await p.locator('rect.bp-bar.bp-summed').count(), 1);
    for (let i = 0; i < 3; i++) await p.keyboard.press('ArrowRight');
    assert.equal(await p.locator('rect.bp-bar.bp-summed').count(), 4, 'terms 1 to 4 are in the running sum');
    assert.match((await p.textContent('.toolbar .title'))!, /bidirectional \(backward\)/);
    assert.match((await p.textContent('#readout'))!, /‖Σ_\{s≤t\}‖/);
    assert.match((await p.locator('text.bp-caption').allTextContents()).join(' '), /from step 1 \(the layer reads the sequence backwards/);
    await p.screenshot({ path: `${RESULTS}/bptt-step-backward-dark.png` });
    await p.keyboard.press('End');
    assert.ok((await p.textContent('#readout'))!.includes('(100%)'), 'at t = T the running sum is the whole gradient');
    await clean(p);
  });

  it('the graph marks a Bidirectional\'s backward chain from step 1 up to t, and not the forward one', async () => {
    const bi = bidirectionalGRU();
    const p = await h.open('graph', 'light', { width: 1280, height: 700 });
    await send(p, { type: 'model', diagram: bi });
    await p.waitForSelector('body[data-rendered]');
    const t = 2;
    await send(p, { type: 'bpttHighlight', modelId: bi.modelId, layer: 'bidirectional', direction: 'backward', weight: 'recurrent_kernel', t, T: 5 } satisfies GraphBpttHighlight);
    const marked = await p.locator('path.bptt.bptt-on').evaluateAll(ps => ps.map(e => [(e as SVGPathElement).dataset.key, Number((e as SVGPathElement).dataset.t)] as const));
    assert.ok(marked.length > 0, 'some arrows are marked');
    assert.ok(marked.every(([key, s]) => key === 'bidirectional.backward' && s < t), `arrows ${JSON.stringify(marked)}`);
    const at = p.locator('g.node.cell.bptt-at');
    assert.deepEqual([await at.getAttribute('data-t'), await at.getAttribute('data-chain')], [String(t), 'bidirectional.backward']);
    const on = await p.locator('g.node.cell.bptt-on').evaluateAll(ns => ns.map(n => Number((n as SVGGElement).dataset.t)));
    assert.ok(on.length > 0 && on.every(s => s < t), `cells ${on.join(',')}`);
    await p.screenshot({ path: `${RESULTS}/bptt-graph-backward-light.png` });
    await clean(p);
  });
});
