// Panel export in headless Chromium: the graph and heatmap panels export SVG (through their
// Export… menu) and PNG (through the host's `exportAs` request, as the Export Panel command sends
// it) in the dark theme and in the print theme. Each SVG must parse and render standalone in a
// fresh page without the panel's styles (screenshots saved to look at), each PNG must decode at
// twice the picture's size, and the data exports must hold what the panel drew.
// Run alone: node out/test/webview/run.js export
import * as assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import type { PanelExportMessage } from '../../src/protocol/panelExport';
import { gradientOutputItems, GradientMapRecorder, TrainingRecorder, trainingItems } from '../../src/kernel/keras/fitOutput';
import { SVG_MIME } from '../../src/protocol/staticImages';
import type { AttentionMap, ChainLayer, GradientFrame, SaliencySnapshot } from '../../src/protocol/gradients';
import type { BpttView } from '../../src/protocol/bptt';
import { dhSeries, frameFor, seedSimpleRNN, stackedLSTM } from './fixtures';
import { cspViolations, errorsOf, Harness, RESULTS, send, sendTogether, Theme } from './harness';

/** A bare page with no stylesheet and no CSP: what a browser or an image viewer gives a saved file. */
const h = new Harness({ pages: { '/blank': () => '<!DOCTYPE html><html><head><meta charset="utf-8"></head><body style="margin:0;background:#808080"></body></html>' } });

async function exported(p: Page, format: string, count = 1): Promise<PanelExportMessage> {
  await p.waitForFunction(([f, n]) => (window as unknown as { __posted: { type: string; format?: string }[] }).__posted.filter(m => m.type === 'export' && m.format === f).length >= n, [format, count] as const);
  const all = await p.evaluate(f => (window as unknown as { __posted: PanelExportMessage[] }).__posted.filter(m => m.type === 'export' && m.format === f), format);
  return all[count - 1];
}

/** Through the toolbar: Export… then the menu item. */
async function exportFromMenu(p: Page, item: string) {
  await p.click('#export');
  await p.click(`.export-menu button[data-export="${item}"]`);
}

interface Rendered {
  width: number;
  height: number;
  /** RGB at the top-left corner (the background). */
  corner: number[];
  /** Share of pixels that differ clearly from the background. */
  drawn: number;
  /** Share of pixels darker than luminance 0.25 and lighter than 0.75. */
  dark: number;
  light: number;
  /** Share of saturated pixels (the viridis map, coloured arrows). */
  colourful: number;
}

/** Parses `svg` in a fresh page, shows it there (screenshot to `shot`), and reads its pixels back through an <img>. */
async function renderStandalone(svg: string, shot: string): Promise<Rendered> {
  const p = await h.openPage('/blank', 'light');
  const parsed = await p.evaluate(text => {
    const doc = new DOMParser().parseFromString(text, 'image/svg+xml');
    const error = doc.querySelector('parsererror')?.textContent ?? null;
    if (!error) document.body.append(document.importNode(doc.documentElement, true));
    return { error, root: doc.documentElement.nodeName };
  }, svg);
  assert.equal(parsed.error, null, 'the SVG parses as XML');
  assert.equal(parsed.root, 'svg');
  await p.locator('body > svg').screenshot({ path: `${RESULTS}/${shot}` });
  const r = await p.evaluate(async text => {
    const img = new Image();
    img.src = `data:image/svg+xml;charset=utf-8,${encodeURIComponent(text)}`;
    await img.decode();
    const c = document.createElement('canvas');
    c.width = img.naturalWidth;
    c.height = img.naturalHeight;
    const ctx = c.getContext('2d')!;
    ctx.drawImage(img, 0, 0);
    const px = ctx.getImageData(0, 0, c.width, c.height).data;
    const corner = [px[0], px[1], px[2]];
    let drawn = 0, dark = 0, light = 0, colourful = 0;
    const n = c.width * c.height;
    for (let i = 0; i < px.length; i += 4) {
      const [r, g, b] = [px[i], px[i + 1], px[i + 2]];
      if (Math.abs(r - corner[0]) + Math.abs(g - corner[1]) + Math.abs(b - corner[2]) > 60) drawn++;
      const l = (0.2126 * r + 0.7152 * g + 0.0722 * b) / 255;
      if (l < 0.25) dark++;
      if (l > 0.75) light++;
      if (Math.max(r, g, b) - Math.min(r, g, b) > 80) colourful++;
    }
    return { width: c.width, height: c.height, corner, drawn: drawn / n, dark: dark / n, light: light / n, colourful: colourful / n };
  }, svg);
  await p.close();
  return r;
}

/** PNG bytes: the signature, and the IHDR's width and height. */
function pngSize(base64: string): { width: number; height: number } {
  const b = Buffer.from(base64, 'base64');
  assert.deepEqual([...b.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], 'PNG signature');
  assert.equal(b.subarray(12, 16).toString('latin1'), 'IHDR');
  return { width: b.readUInt32BE(16), height: b.readUInt32BE(20) };
}

/** The PNG decoded by the browser: its size and whether it holds a drawing (not one flat colour). */
async function decodePng(p: Page, base64: string) {
  return p.evaluate(async data => {
    const img = new Image();
    img.src = `data:image/png;base64,${data}`;
    await img.decode();
    const c = document.createElement('canvas');
    c.width = img.naturalWidth;
    c.height = img.naturalHeight;
    const ctx = c.getContext('2d')!;
    ctx.drawImage(img, 0, 0);
    const px = ctx.getImageData(0, 0, c.width, c.height).data;
    const colours = new Set<number>();
    for (let i = 0; i < px.length && colours.size < 50; i += 4 * 97) colours.add((px[i] << 16) | (px[i + 1] << 8) | px[i + 2]);
    return { width: img.naturalWidth, height: img.naturalHeight, colours: colours.size };
  }, base64);
}

async function clean(p: Page) {
  assert.deepEqual(errorsOf(p), [], 'page errors');
  assert.deepEqual(await cspViolations(p), [], 'CSP violations');
  await p.close();
}

const DARK_BACKGROUND = [0x1f, 0x1f, 0x1f];

describe('panel export (headless Chromium)', function () {
  this.timeout(120_000);
  before(async () => h.start());
  after(async () => h.stop());

  for (const theme of ['dark', 'print'] as const) {
    const pageTheme: Theme = 'dark';
    const item = theme === 'print' ? 'print' : 'current';

    it(`graph: SVG and PNG in the ${theme} theme render standalone`, async () => {
      const d = seedSimpleRNN();
      const p = await h.open('graph', pageTheme);
      await send(p, { type: 'model', diagram: d });
      await p.waitForSelector('body[data-rendered]');
      await send(p, { type: 'gradients', frame: frameFor(d, 40, 6) });
      await p.waitForTimeout(300);
      const zoomed = await p.evaluate(() => document.querySelector('svg.graph')!.getAttribute('viewBox'));
      await exportFromMenu(p, `svg-${item}`);
      const svg = await exported(p, 'svg');
      assert.equal(svg.fileName, `graph-SimpleRNN-step40${theme === 'print' ? '-print' : ''}.svg`);
      assert.equal(await p.evaluate(() => document.querySelector('svg.graph')!.getAttribute('viewBox')), zoomed, 'the view is restored');
      assert.ok(await p.evaluate(() => document.body.classList.contains('vscode-dark')), 'the page is back in its theme');
      assert.ok(!svg.data.includes('var(--vscode'), 'no theme variables left unresolved');
      const r = await renderStandalone(svg.data, `export-graph-${theme}.png`);
      if (theme === 'print') {
        assert.deepEqual(r.corner, [255, 255, 255], 'white paper');
        assert.ok(r.dark > 0.003, `dark ink drawn (${(r.dark * 100).toFixed(2)}%)`);
      } else {
        assert.deepEqual(r.corner, DARK_BACKGROUND, 'the dark theme\'s background');
        assert.ok(r.light > 0.003, `light text drawn (${(r.light * 100).toFixed(2)}%)`);
      }
      assert.ok(r.drawn > 0.02, `not blank: ${(r.drawn * 100).toFixed(1)}% drawn`);
      assert.ok(r.colourful > 0.001, 'the coloured BPTT arrows and weight labels are there');
      // the same picture as PNG, asked for as the Export Panel command does
      await send(p, { type: 'exportAs', format: 'png', theme: item });
      const png = await exported(p, 'png');
      const size = pngSize(png.data);
      assert.deepEqual(size, { width: r.width * 2, height: r.height * 2 }, 'PNG at twice the CSS pixels');
      const decoded = await decodePng(p, png.data);
      assert.equal(decoded.width, size.width);
      assert.ok(decoded.colours > 3, `the PNG holds a drawing (${decoded.colours} colours sampled)`);
      await clean(p);
    });

    it(`heatmap: SVG and PNG in the ${theme} theme carry the map, axes and legend`, async () => {
      const d = stackedLSTM(30);
      const p = await h.open('heatmap', pageTheme);
      await send(p, { type: 'model', diagram: d });
      await send(p, { type: 'frames', frames: Array.from({ length: 60 }, (_, s) => frameFor(d, s + 1, 30)) });
      await p.waitForFunction(() => document.getElementById('heatmap')?.dataset.count === '60');
      await exportFromMenu(p, `svg-${item}`);
      const svg = await exported(p, 'svg');
      assert.equal(svg.fileName, `heatmap-tagger-step60${theme === 'print' ? '-print' : ''}.svg`);
      assert.ok(svg.data.includes('<image '), 'the canvases are embedded');
      assert.ok(svg.data.includes('<linearGradient'), 'the legend\'s colour bar');
      assert.match(svg.data, /training step/, 'the axis text');
      const r = await renderStandalone(svg.data, `export-heatmap-${theme}.png`);
      assert.deepEqual(r.corner, theme === 'print' ? [255, 255, 255] : DARK_BACKGROUND);
      assert.ok(r.colourful > 0.1, `the viridis map fills the picture (${(r.colourful * 100).toFixed(1)}%)`);
      await send(p, { type: 'exportAs', format: 'png', theme: item });
      const png = await exported(p, 'png');
      assert.deepEqual(pngSize(png.data), { width: r.width * 2, height: r.height * 2 });
      await clean(p);
    });
  }

  it('graph: an export asked for while the layout is still running waits for the drawing (not a blank picture)', async () => {
    const d = seedSimpleRNN();
    const p = await h.open('graph', 'dark');
    // no wait between them: elk lays the graph out asynchronously, as when the Export Panel command comes at once
    await sendTogether(p, { type: 'model', diagram: d }, { type: 'exportAs', format: 'svg', theme: 'print' });
    const svg = (await exported(p, 'svg')).data;
    assert.match(svg, /<text[\s>][^<]*SimpleRNN/, 'the layer\'s label is in the picture');
    assert.ok(await p.evaluate(() => document.body.dataset.rendered !== undefined), 'drawn before the picture was taken');
    await clean(p);
  });

  it('heatmap data: the CSV has one row per value drawn, the JSON the same numbers', async () => {
    const d = stackedLSTM(30);
    const p = await h.open('heatmap', 'light');
    const frames = Array.from({ length: 12 }, (_, s) => frameFor(d, s + 1, 30));
    await send(p, { type: 'model', diagram: d });
    await send(p, { type: 'frames', frames });
    await p.waitForFunction(() => document.getElementById('heatmap')?.dataset.count === '12');
    await send(p, { type: 'exportAs', format: 'csv', theme: 'current' });
    const csv = (await exported(p, 'csv')).data.trimEnd().split('\r\n');
    assert.equal(csv[0], 'recurrence,training_step,t,dL_dh_norm');
    assert.equal(csv.length - 1, d.dhKeys.length * 12 * 30);
    const [key, step, t, v] = csv[1 + 30 * 4 + 6].split(',');
    const expected = frames[4].dh[key][6];
    assert.equal(Number(step), 5);
    assert.equal(Number(t), 7);
    assert.ok(Math.abs(Number(v) - expected) <= 1e-6 * expected, `${v} vs ${expected} (float32 storage)`);
    await send(p, { type: 'exportAs', format: 'json', theme: 'current' });
    const json = JSON.parse((await exported(p, 'json')).data) as { model: string; dh: Record<string, { steps: number[]; columns: number[][] }> };
    assert.equal(json.model, 'tagger');
    assert.deepEqual(json.dh[key].steps, frames.map(f => f.step));
    assert.ok(Math.abs(json.dh[key].columns[4][6] - expected) <= 1e-6 * expected);
    await clean(p);
  });

  it('notebook outputs: the static training chart and gradient map render standalone on white', async () => {
    const d = stackedLSTM(40);
    const map = new GradientMapRecorder();
    const frames = Array.from({ length: 150 }, (_, s) => frameFor(d, s + 1, 40));
    frames[90].dh[d.dhKeys[0]][3] = NaN;
    for (const f of frames) map.push(f);
    const training = new TrainingRecorder('tagger-1', 'tagger', 3);
    for (let e = 0; e < 3; e++) {
      for (let b = 0; b < 20; b++) training.progress({ epoch: e, epochs: 3, batch: b, batches: 20, loss: 2 * Math.exp(-(e * 20 + b) / 25) + 0.05 * Math.sin(b), metrics: { accuracy: 1 - Math.exp(-(e * 20 + b) / 30) }, stepsPerSec: 30, etaSec: 1, etaTotalSec: 2, epochEnd: b === 19 });
      training.epochEnd({ kind: 'epoch', epoch: e, epochs: 3, logs: { loss: 1 / (e + 1), accuracy: 0.6 + 0.1 * e, val_loss: 1.2 / (e + 1), val_accuracy: 0.55 + 0.1 * e }, seconds: 1, steps: 20 });
    }
    training.finish('completed');
    const chart = trainingItems(training.data(), 'done').find(i => i.mime === SVG_MIME)!.data;
    const gradients = gradientOutputItems(map.data(), frames.at(-1)!, true).find(i => i.mime === SVG_MIME)!.data;
    const c = await renderStandalone(chart, 'notebook-training-static.png');
    assert.deepEqual(c.corner, [255, 255, 255]);
    assert.ok(c.drawn > 0.01 && c.dark > 0.002, `the chart is drawn in dark ink (${(c.drawn * 100).toFixed(1)}% drawn)`);
    const g = await renderStandalone(gradients, 'notebook-gradient-map-static.png');
    assert.deepEqual(g.corner, [255, 255, 255]);
    assert.ok(g.colourful > 0.15, `the maps fill the picture (${(g.colourful * 100).toFixed(1)}% coloured)`);
  });

  it('state inspector: print SVG renders standalone; the CSV holds every (t, unit) value of the shown snapshot', async () => {
    const T = 9, units = 6;
    const tokens = 'the cat sat on the mat and slept'.split(' ').concat(['.']);
    const wave = (phase: number) => Array.from({ length: T * units }, (_, i) => Math.tanh(Math.sin(i / 3 + phase) * 2));
    const snapshot = { step: 25, epoch: 1, chains: [{ key: 'gru.forward', layer: 'gru', direction: 'forward' as const, kind: 'GRU' as const, units, T, series: [{ name: 'h', values: wave(0) }, { name: 'z', values: wave(1).map(v => (v + 1) / 2) }, { name: 'r', values: wave(2).map(v => (v + 1) / 2) }, { name: 'candidate', values: wave(3) }] }] };
    const p = await h.open('states', 'dark');
    await send(p, { type: 'model', diagram: { modelId: '7', name: 'chars', blocks: [], joins: [], weights: {}, dhKeys: [], notes: [] } });
    await send(p, { type: 'states', tokens, snapshots: [snapshot] });
    await p.waitForSelector('body[data-rendered="states"]');
    await exportFromMenu(p, 'svg-print');
    const svg = await exported(p, 'svg');
    assert.equal(svg.fileName, 'states-chars-step25-print.svg');
    const r = await renderStandalone(svg.data, 'export-states-print.png');
    assert.deepEqual(r.corner, [255, 255, 255]);
    assert.ok(r.colourful > 0.05 && r.dark > 0.001, `maps and ink drawn (${(r.colourful * 100).toFixed(1)}% coloured)`);
    await send(p, { type: 'exportAs', format: 'csv', theme: 'current' });
    const rows = (await exported(p, 'csv')).data.trimEnd().split('\r\n');
    assert.equal(rows[0], 'recurrence,series,training_step,t,token,unit,value');
    assert.equal(rows.length - 1, 4 * T * units);
    const [, series, step, t, token, unit, value] = rows[1 + T * units + 2 * units + 3].split(',');
    assert.deepEqual([series, step, t, token, unit], ['z', '25', '3', 'sat', '3']);
    assert.ok(Math.abs(Number(value) - snapshot.chains[0].series[1].values[2 * units + 3]) < 1e-6);
    await clean(p);
  });

  // ------------------------------------------------------------ the five later panels: print SVG and CSV each

  /** Exports `p` as a print SVG (Export… menu) and as CSV (the command's request); returns the SVG's pixels and the CSV's lines. */
  async function printSvgAndCsv(p: Page, shot: string): Promise<{ svg: PanelExportMessage; r: Rendered; csv: string[][] }> {
    await exportFromMenu(p, 'svg-print');
    const svg = await exported(p, 'svg');
    assert.ok(!svg.data.includes('var(--vscode'), 'no theme variables left unresolved');
    const r = await renderStandalone(svg.data, shot);
    assert.deepEqual(r.corner, [255, 255, 255], 'white paper');
    assert.ok(r.drawn > 0.01 && r.dark > 0.001, `not blank: ${(r.drawn * 100).toFixed(1)}% drawn, ${(r.dark * 100).toFixed(2)}% dark ink`);
    await send(p, { type: 'exportAs', format: 'csv', theme: 'current' });
    const csv = (await exported(p, 'csv')).data.trimEnd().split('\r\n').map(line => line.split(','));
    return { svg, r, csv };
  }
  const close = (a: string, b: number, what: string) => assert.ok(Math.abs(Number(a) - b) <= 1e-6 * Math.abs(b) + 1e-12, `${what}: ${a} vs ${b}`);
  const blankDiagram = (modelId: string, name: string) => ({ modelId, name, blocks: [], joins: [], weights: {}, dhKeys: [], notes: [] });

  it('lockstep comparison: print SVG of the heatmap rows and charts; CSV per model, step and t', async () => {
    const T = 12;
    const rows = [{ modelId: '11', name: 'rnn_a', dhKeys: ['simple_rnn.forward'], reversedKeys: [] }, { modelId: '12', name: 'lstm_b', dhKeys: ['lstm.forward'], reversedKeys: [] }];
    const frames: GradientFrame[] = rows.flatMap((row, i) => Array.from({ length: 30 }, (_, s) => ({
      modelId: row.modelId, step: 100 + s + 1, loss: (1 + i) * Math.exp(-s / 20), dh: { [row.dhKeys[0]]: dhSeries(T, s + 1, 3 + i) }, gradNorm: {}, globalNorm: 0.1, nonFinite: false,
    })));
    const p = await h.open('compare', 'dark', { width: 1000, height: 700 });
    await send(p, { type: 'models', comparisonId: 'c-7', title: 'rnn_a · lstm_b', rows });
    await send(p, { type: 'frames', frames });
    await p.waitForFunction(() => (window as unknown as { __compareStats: { frames: number } }).__compareStats.frames === 60);
    await p.waitForSelector('body[data-rendered="compare"]');
    const { svg, r, csv } = await printSvgAndCsv(p, 'export-compare-print.png');
    assert.match(svg.fileName, /^compare-.*-step30-print\.svg$/);
    assert.ok(svg.data.includes('<image ') && svg.data.includes('<polyline'), 'the heatmaps and the chart lines');
    assert.ok(r.colourful > 0.03, `the heatmap rows are drawn (${(r.colourful * 100).toFixed(1)}% coloured)`);
    assert.deepEqual(csv[0], ['model', 'comparison_step', 'loss', 'far_near_ratio', 't', 'dL_dh_norm']);
    assert.equal(csv.length - 1, 2 * 30 * T);
    const [model, step, loss, ratio, t, dh] = csv[1];
    assert.deepEqual([model, step, t], ['rnn_a', '1', '1']);
    close(loss, frames[0].loss!, 'loss');
    close(dh, frames[0].dh['simple_rnn.forward'][0], 'dL/dh at t = 1');
    assert.ok(Number(ratio) > 0 && Number(ratio) < 1, `far/near below 1 for a vanishing series (${ratio})`);
    await clean(p);
  });

  it('saliency: print SVG of the text and the map; CSV per training step and token', async () => {
    const tokens = ['the', 'old', 'dog', 'sleeps', 'here'];
    const T = tokens.length;
    const snapshots: SaliencySnapshot[] = Array.from({ length: 8 }, (_, k) => ({
      step: 10 * k, epoch: Math.floor(k / 4), outputs: 1, T, classes: [2], target: 'logit',
      norm: Array.from({ length: T }, (_, t) => 0.1 + (t + 1) * (k + 1) / 20), gradInput: Array.from({ length: T }, (_, t) => Math.sin(t + k) / 2),
    }));
    const p = await h.open('saliency', 'dark');
    await send(p, { type: 'model', diagram: blankDiagram('7', 'tagger') });
    await send(p, { type: 'saliency', tokens, snapshots, output: 0 });
    await p.waitForSelector('body[data-rendered="saliency"]');
    const { svg, r, csv } = await printSvgAndCsv(p, 'export-saliency-print.png');
    assert.equal(svg.fileName, 'saliency-tagger-step70-print.svg');
    assert.ok(r.colourful > 0.005, `the shaded tokens and the map (${(r.colourful * 100).toFixed(2)}% coloured)`);
    assert.deepEqual(csv[0], ['mode', 'output_position', 'training_step', 't', 'token', 'value']);
    assert.equal(csv.length - 1, 8 * T);
    assert.deepEqual(csv[1].slice(0, 5), ['norm', '1', '0', '1', 'the']);
    close(csv[1][5], snapshots[0].norm[0], 'norm');
    close(csv[1 + 3 * T + 2][5], snapshots[3].norm[2], 'norm at step 30, t = 3');
    await clean(p);
  });

  it('attention alignment: print SVG of the map with its labels; CSV per output and input step', async () => {
    const inputs = ['3', ' ', 'm', 'a', 'r', ''];
    const outputs = ['0', '3', '-', '0', '3'];
    const Tq = outputs.length, Tv = inputs.length;
    const weights = Array.from({ length: Tq * Tv }, (_, k) => {
      const i = Math.floor(k / Tv), j = k % Tv;
      return j === Tv - 1 ? 0 : Math.exp(-((j - i) ** 2));
    });
    for (let i = 0; i < Tq; i++) {
      const sum = weights.slice(i * Tv, (i + 1) * Tv).reduce((a, b) => a + b, 0);
      for (let j = 0; j < Tv; j++) weights[i * Tv + j] /= sum;
    }
    const map: AttentionMap = { layer: 'attention', kind: 'Attention', Tq, Tv, weights, valueMask: [1, 1, 1, 1, 1, 0] };
    const p = await h.open('attention', 'dark');
    await send(p, { type: 'model', diagram: blankDiagram('3', 'translator') });
    await send(p, { type: 'alignments', inputTokens: inputs, outputTokens: outputs, snapshots: [{ step: 12, maps: [map] }] });
    await p.waitForSelector('body[data-rendered="attention"]');
    const { svg, r, csv } = await printSvgAndCsv(p, 'export-attention-print.png');
    assert.equal(svg.fileName, 'attention-translator-step12-print.svg');
    assert.ok(r.colourful > 0.01, `the viridis map (${(r.colourful * 100).toFixed(1)}% coloured)`);
    assert.deepEqual(csv[0], ['layer', 'training_step', 'output_step', 'output_token', 'input_step', 'input_token', 'weight']);
    assert.equal(csv.length - 1, Tq * (Tv - 1), 'the padding column is left out, as on the map');
    assert.deepEqual(csv[1].slice(0, 6), ['attention', '12', '1', '0', '1', '3']);
    close(csv[1][6], weights[0], 'weight (1, 1)');
    close(csv[1 + 2 * (Tv - 1) + 3][6], weights[2 * Tv + 3], 'weight (3, 4)');
    await clean(p);
  });

  it('chain of partials: print SVG of the three log charts; CSV per chart, x and series', async () => {
    const T = 20;
    const layer: ChainLayer = {
      layer: 'simple_rnn', kind: 'SimpleRNN', units: 4, state: 'h',
      stepSingularValues: Array.from({ length: T }, (_, k) => [0.9 - k / 100, 0.5, 0.2]),
      stepFrobenius: Array.from({ length: T }, (_, k) => 1.1 - k / 100), stepSpectral: Array.from({ length: T }, (_, k) => 0.9 - k / 100),
      productNorm: Array.from({ length: T }, (_, t) => 0.85 ** (T - t)), spectralRadius: 0.8, sigmaMax: 0.95,
    };
    const p = await h.openPage('/panel/chain', 'dark', { width: 1000, height: 900 });
    await send(p, { type: 'model', diagram: blankDiagram('3', 'stacked') });
    await send(p, { type: 'chain', chain: { modelId: '3', modelName: 'stacked', epochs: 3, layers: [layer], selected: 'simple_rnn' } });
    await send(p, { type: 'spectrum', spectrum: { modelId: '3', modelName: 'stacked', layers: { simple_rnn: { spectralRadius: [0.7, 0.75, 0.8], sigmaMax: [0.9, 0.92, 0.95] } } } });
    await p.waitForFunction(() => document.body.dataset.rendered === 'chain' && document.body.dataset.epochs === '3');
    const { svg, r, csv } = await printSvgAndCsv(p, 'export-chain-print.png');
    assert.equal(svg.fileName, 'chain-stacked-print.svg');
    assert.ok(r.height > 900, `the whole page, also what is scrolled away (${r.height} px high)`);
    assert.ok(await p.evaluate(() => getComputedStyle(document.querySelector('.ch-main')!).overflow === 'auto'), 'the panel scrolls again');
    assert.deepEqual(csv[0], ['layer', 'chart', 'x_name', 'x', 'series', 'value']);
    assert.equal(csv.length - 1, 4 * T + T + 2 * 3, 'σ1..σ3 and ‖J‖_F per k, the product per t, ρ and σ_max per epoch');
    assert.deepEqual(csv[1].slice(0, 5), ['simple_rnn', 'step_jacobian', 'k', '1', 'sigma1']);
    close(csv[1][5], layer.stepSingularValues[0][0], 'σ1 at k = 1');
    assert.deepEqual(csv.at(-1), ['simple_rnn', 'spectrum', 'epoch', '3', 'sigma_max', '0.95']);
    await clean(p);
  });

  it('BPTT step-through: print SVG of the bars and the running sum; CSV per time step', async () => {
    const tokens = 'the movie was not good at all'.split(' ');
    const T = tokens.length;
    const norms = tokens.map((_, t) => 10 ** (-3 + t / 2));
    const total = norms.reduce((a, b) => a + b, 0);
    const partialNorms = norms.map((_, t) => norms.slice(t).reduce((a, b) => a + b, 0) * 0.9);
    const series = (weight: 'recurrent_kernel' | 'kernel', shape: number[]) => ({ weight, shape, norms, shares: norms.map(n => n / total), projections: norms.map(n => n / total), partialNorms, fullNorm: partialNorms[0] });
    const view: BpttView = { modelId: '5', model: 'sentiment', layer: 'simple_rnn', kind: 'SimpleRNN', tokens, loss: 0.6, weight: 'recurrent_kernel', series: [series('recurrent_kernel', [8, 8]), series('kernel', [4, 8])] };
    const p = await h.open('bpttStep', 'dark', { width: 1000, height: 600 });
    await send(p, { type: 'view', view });
    await p.waitForSelector('body[data-rendered="bptt"]');
    const { svg, r, csv } = await printSvgAndCsv(p, 'export-bptt-print.png');
    assert.equal(svg.fileName, 'bptt-sentiment-print.svg');
    assert.ok(r.colourful > 0.005, `the coloured bars (${(r.colourful * 100).toFixed(2)}% coloured)`);
    assert.deepEqual(csv[0], ['layer', 'weight', 't', 'token', 'term_norm', 'share', 'projection', 'partial_sum_norm', 'full_norm']);
    assert.equal(csv.length - 1, T);
    assert.deepEqual(csv[1].slice(0, 4), ['simple_rnn', 'recurrent_kernel', '1', 'the']);
    close(csv[1][4], norms[0], 'term norm');
    close(csv[1][7], partialNorms[0], 'running sum');
    await clean(p);
  });

  for (const theme of ['light', 'dark', 'high-contrast'] as const) {
    it(`the Export… menu (${theme}): six choices, keyboard-reachable, closes on Escape and on its button`, async () => {
      const d = seedSimpleRNN();
      const p = await h.open('heatmap', theme, { width: 900, height: 420 });
      await send(p, { type: 'model', diagram: d });
      await send(p, { type: 'frames', frames: Array.from({ length: 20 }, (_, s) => frameFor(d, s + 1, 6)) });
      await p.click('#export');
      const items = await p.locator('.export-menu button').allTextContents();
      assert.deepEqual(items, ['SVGcurrent theme', 'SVGprint', 'PNGcurrent theme', 'PNGprint', 'CSVdata', 'JSONdata']);
      assert.equal(await p.evaluate(() => (document.activeElement as HTMLElement).dataset.export), 'svg-current', 'the first item has the focus');
      await p.screenshot({ path: `${RESULTS}/export-menu-${theme}.png` });
      await p.keyboard.press('Escape');
      assert.equal(await p.locator('.export-menu').count(), 0);
      await p.click('#export');
      await p.click('#export');
      assert.equal(await p.locator('.export-menu').count(), 0, 'its button closes it again');
      await clean(p);
    });
  }
});
