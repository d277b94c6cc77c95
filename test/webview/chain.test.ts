// The Chain of Partials page in headless Chromium, fed chains the engine computed (engine/jacobians)
// for a SimpleRNN whose product shrinks and an LSTM whose cell path keeps it, on fixed seeded
// weights: the lines sit where the log axis puts the numbers, the 1.0 line is on every chart, the
// reading is the computed sentence, the picker switches layers, the spectrum grows per epoch as
// fit sends it, NaN/Inf are magenta and say so; screenshots in three themes.
// Run alone: node out/test/webview/run.js chain
import * as assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { chainOfPartials, recurrentSpectrum, type RecurrentWeights } from '../../src/engine/jacobians/stepJacobians';
import { chainReading, type ChainLayer, type ChainMessage, type SpectrumMessage } from '../../src/protocol/gradients';
import type { HostToChain } from '../../src/protocol/webview';
import { LogAxis, xOf } from '../../webview/chain/charts';
import { generator } from '../unit/fuzzing';
import { seedSimpleRNN } from './fixtures';
import { cspViolations, errorsOf, Harness, RESULTS, send, Theme } from './harness';

const T = 50;
const g = generator(2026);
const uniform = (n: number, scale: number) => Array.from({ length: n }, () => (g.next() * 2 - 1) * scale);
const x = uniform(T * 2, 1);

function layerOf(name: string, w: RecurrentWeights): ChainLayer {
  const c = chainOfPartials(w, x, T, 2, 3);
  return { layer: name, kind: w.kind, units: w.units, state: c.state, stepFrobenius: c.stepFrobenius, stepSpectral: c.stepSpectral, stepSingularValues: c.stepSingularValues, productNorm: c.productNorm, spectralRadius: c.spectralRadius, sigmaMax: c.sigmaMax };
}

const rnnWeights: RecurrentWeights = { kind: 'SimpleRNN', units: 8, activation: 'tanh', kernel: uniform(2 * 8, 0.8), recurrentKernel: uniform(8 * 8, 0.45), bias: new Array<number>(8).fill(0) };
// Keras' unit_forget_bias, a little stronger: f ≈ 0.9 keeps the cell path's product near 1.
const lstmBias = Array.from({ length: 24 }, (_, i) => (i >= 6 && i < 12 ? 2.5 : 0));
const lstmWeights: RecurrentWeights = { kind: 'LSTM', units: 6, activation: 'tanh', recurrentActivation: 'sigmoid', kernel: uniform(2 * 24, 0.5), recurrentKernel: uniform(6 * 24, 0.3), bias: lstmBias };
const rnn = layerOf('simple_rnn', rnnWeights);
const lstm = layerOf('lstm', lstmWeights);
const CHAIN: ChainMessage = { modelId: '3', modelName: 'stacked', epochs: 4, layers: [rnn, lstm], selected: 'simple_rnn' };

/** ρ and σ_max of W_hh as if training scaled it by 1.1, 1.0, 0.95 … per epoch. */
function spectrumOver(epochs: number): SpectrumMessage {
  const series = (w: RecurrentWeights) => {
    const s = { spectralRadius: [] as number[], sigmaMax: [] as number[] };
    for (let e = 0; e < epochs; e++) {
      const r = recurrentSpectrum(w.kind, w.units, Array.from(w.recurrentKernel, v => v * (1.1 - 0.05 * e)));
      s.spectralRadius.push(r.spectralRadius);
      s.sigmaMax.push(r.sigmaMax);
    }
    return s;
  };
  return { modelId: '3', modelName: 'stacked', layers: { simple_rnn: series(rnnWeights), lstm: series(lstmWeights) } };
}

const h = new Harness();
const diagram = { modelId: '3', name: 'stacked', blocks: [], joins: [], weights: {}, dhKeys: [], notes: [] };

async function panel(theme: Theme, messages: HostToChain[]): Promise<Page> {
  const p = await h.openPage('/panel/chain', theme, { width: 1100, height: 1200 });
  await p.waitForFunction(() => (window as unknown as { __posted: { type: string }[] }).__posted.some(m => m.type === 'ready'));
  for (const m of messages) await send(p, m);
  await p.waitForSelector('body[data-rendered="chain"]');
  return p;
}

/** The (x, y) points of a chart's line for `series`. */
async function points(p: Page, chart: string, series: string): Promise<number[][]> {
  const d = await p.getAttribute(`svg#${chart} path[data-series="${series}"]`, 'd') ?? '';
  return d.split(/[ML]/).filter(Boolean).map(s => s.trim().split(' ').map(Number));
}

async function clean(p: Page) {
  assert.deepEqual(errorsOf(p), [], 'page errors');
  assert.deepEqual(await cspViolations(p), [], 'CSP violations');
  await p.close();
}

const near = (got: number[][], want: number[][], what: string) => {
  assert.equal(got.length, want.length, `${what}: points`);
  got.forEach((pt, i) => assert.ok(Math.abs(pt[0] - want[i][0]) <= 0.06 && Math.abs(pt[1] - want[i][1]) <= 0.06, `${what} point ${i}: ${pt} vs ${want[i]}`));
};

describe('webview: chain of partials (headless Chromium)', function () {
  this.timeout(60_000);
  before(async () => h.start());
  after(async () => h.stop());

  it("draws a shrinking SimpleRNN's product and step norms where the log axis puts them, with the 1.0 line and the computed reading", async () => {
    assert.ok(rnn.productNorm[0] < 1e-2, `the fixture's SimpleRNN shrinks: ${rnn.productNorm[0]}`);
    const p = await panel('light', [{ type: 'model', diagram }, { type: 'chain', chain: CHAIN }, { type: 'spectrum', spectrum: spectrumOver(4) }]);
    assert.equal(await p.getAttribute('body', 'data-layer'), 'simple_rnn');
    assert.equal(await p.locator('#reading').textContent(), `simple_rnn: ${chainReading(rnn)}`);
    assert.match(await p.locator('#reading').textContent() ?? '', /shrinks to 10\^-\d+ over 50 steps .*vanishes/);
    const productAxis = new LogAxis(rnn.productNorm);
    assert.deepEqual([await p.getAttribute('svg#chart-product', 'data-lo'), await p.getAttribute('svg#chart-product', 'data-hi')], [String(productAxis.lo), String(productAxis.hi)]);
    near(await points(p, 'chart-product', 'product'), rnn.productNorm.map((v, t) => [xOf(t, T), productAxis.y(v)]), 'product');
    const stepAxis = new LogAxis([...rnn.stepSingularValues.flat(), ...rnn.stepFrobenius]);
    near(await points(p, 'chart-steps', 'sigma2'), rnn.stepSingularValues.map((v, k) => [xOf(k, T), stepAxis.y(v[1])]), 'σ₂');
    near(await points(p, 'chart-steps', 'frobenius'), rnn.stepFrobenius.map((v, k) => [xOf(k, T), stepAxis.y(v)]), '‖J‖_F');
    // The 1.0 line on every chart, at y(1).
    for (const [chart, axis] of [['chart-steps', stepAxis], ['chart-product', productAxis]] as const) {
      assert.equal(Number(await p.getAttribute(`svg#${chart} line.ch-one`, 'y1')), Math.round(axis.y(1) * 10) / 10, chart);
    }
    assert.equal(await p.locator('svg#chart-spectrum line.ch-one').count(), 1);
    assert.equal((await points(p, 'chart-spectrum', 'rho')).length, 4);
    await clean(p);
  });

  it('the picker shows the LSTM; the spectrum grows as fit sends epochs; screenshots in three themes', async () => {
    for (const theme of ['light', 'dark', 'high-contrast'] as Theme[]) {
      const p = await panel(theme, [{ type: 'model', diagram }, { type: 'chain', chain: CHAIN }, { type: 'spectrum', spectrum: spectrumOver(3) }]);
      assert.deepEqual(await p.locator('.toolbar button[aria-pressed]').allTextContents(), ['simple_rnn · SimpleRNN(8)', 'lstm · LSTM(6)']);
      if (theme === 'light') await p.screenshot({ path: `${RESULTS}/chain-simplernn-${theme}.png`, fullPage: true });
      await p.locator('.toolbar button', { hasText: 'lstm' }).click();
      await p.waitForSelector('body[data-layer="lstm"]');
      assert.equal(await p.locator('.toolbar button', { hasText: 'lstm' }).getAttribute('aria-pressed'), 'true');
      assert.equal(await p.locator('#reading').textContent(), `lstm: ${chainReading(lstm)}`);
      assert.ok(lstm.productNorm[0] > rnn.productNorm[0] * 1e3, 'the LSTM keeps far more than the SimpleRNN');
      near(await points(p, 'chart-product', 'product'), lstm.productNorm.map((v, t) => [xOf(t, T), new LogAxis(lstm.productNorm).y(v)]), 'LSTM product');
      assert.match(await p.locator('.ch-section h4').first().textContent() ?? '', /∂\[h;c\]_k\/∂\[h;c\]_\{k−1\}/);
      // Live: one more epoch arrives; the picked layer stays.
      await send(p, { type: 'spectrum', spectrum: spectrumOver(4) });
      await p.waitForSelector('body[data-epochs="4"]');
      assert.equal((await points(p, 'chart-spectrum', 'sigma')).length, 4);
      await send(p, { type: 'chain', chain: { ...CHAIN, epochs: 5 } });
      await p.waitForFunction(() => document.querySelector('.ch-about')?.textContent?.includes('after 5 epochs'));
      assert.equal(await p.getAttribute('body', 'data-layer'), 'lstm', "a fit's refresh keeps the reader's pick");
      await p.mouse.move(0, 600); // off the button: the shot shows it pressed, not hovered
      await p.screenshot({ path: `${RESULTS}/chain-lstm-${theme}.png`, fullPage: true });
      await clean(p);
    }
  });

  it('NaN and Inf are magenta markers that say so, never drawn as 0; an unavailable layer and no epochs say why', async () => {
    const broken: ChainLayer = { ...rnn, productNorm: rnn.productNorm.map((v, t) => (t < 3 ? NaN : t === 3 ? Infinity : v)), stepFrobenius: rnn.stepFrobenius.map((v, k) => (k === 10 ? NaN : v)) };
    const unavailable: ChainLayer = { ...lstm, layer: 'gru', kind: 'GRU', stepFrobenius: [], stepSpectral: [], stepSingularValues: [], productNorm: [], unavailable: "cannot recompute the input of 'gru' through the RepeatVector layer" };
    const p = await panel('dark', [{ type: 'model', diagram }, { type: 'chain', chain: { ...CHAIN, layers: [broken, unavailable] } }]);
    assert.match(await p.locator('#reading').textContent() ?? '', /the product is Inf from step 4 back to step 1/);
    const marks = await p.$$eval('svg#chart-product circle.ch-nonfinite', cs => cs.map(c => [c.getAttribute('data-i'), c.querySelector('title')?.textContent, getComputedStyle(c).fill]));
    assert.deepEqual(marks, [['0', 't = 0  ‖∏ J_k‖₂ = NaN'], ['1', 't = 1  ‖∏ J_k‖₂ = NaN'], ['2', 't = 2  ‖∏ J_k‖₂ = NaN'], ['3', 't = 3  ‖∏ J_k‖₂ = +Inf']].map(m => [...m, 'rgb(255, 0, 255)']));
    assert.equal((await points(p, 'chart-product', 'product')).length, T - 4, 'no point drawn for NaN/Inf');
    assert.equal(await p.locator('svg#chart-steps circle.ch-nonfinite[data-series="frobenius"]').count(), 1);
    assert.match(await p.locator('.ch-legend').first().textContent() ?? '', /NaN \/ Inf/);
    assert.match(await p.locator('#spectrum-section').textContent() ?? '', /no epochs yet/);
    await p.screenshot({ path: `${RESULTS}/chain-nonfinite-dark.png`, fullPage: true });
    await p.locator('.toolbar button', { hasText: 'gru' }).click();
    await p.waitForSelector('body[data-layer="gru"]');
    assert.match(await p.locator('.ch-main').textContent() ?? '', /No Jacobians for gru: cannot recompute/);
    assert.equal(await p.locator('svg#chart-product').count(), 0);
    await clean(p);
  });

  it("the graph panel's Chain button asks the host for this panel on its model", async () => {
    const p = await h.openPage('/panel/graph', 'light');
    await p.waitForFunction(() => (window as unknown as { __posted: { type: string }[] }).__posted.some(m => m.type === 'ready'));
    const seed = seedSimpleRNN();
    await send(p, { type: 'model', diagram: seed });
    await p.locator('.toolbar button', { hasText: 'Chain' }).click();
    const posted = await p.evaluate(() => (window as unknown as { __posted: { type: string }[] }).__posted.filter(m => m.type === 'openChain'));
    assert.deepEqual(posted, [{ type: 'openChain', modelId: seed.modelId }]);
    await clean(p);
  });

  it('a model fit without show_chain: the hint, and its spectrum per layer', async () => {
    const p = await h.openPage('/panel/chain', 'light', { width: 1100, height: 800 });
    await p.waitForFunction(() => (window as unknown as { __posted: { type: string }[] }).__posted.some(m => m.type === 'ready'));
    for (const m of [{ type: 'model', diagram }, { type: 'spectrum', spectrum: spectrumOver(3) }] as HostToChain[]) await send(p, m);
    await p.waitForSelector('body[data-rendered="empty"]');
    assert.match(await p.locator('.empty').textContent() ?? '', /No chain of stacked yet\. show_chain\(stacked, x\)/);
    assert.deepEqual(await p.locator('.ch-section h4').allTextContents(), ['ρ(W_hh) and σ_max of simple_rnn over training', 'ρ(W_hh) and σ_max of lstm over training']);
    assert.equal((await points(p, 'chart-spectrum-1', 'rho')).length, 3);
    await clean(p);
  });
});
