// The static pictures beside fit's rich outputs, for viewers without the Unroll renderer: the
// gradient map's PNG decoded by Node's zlib (not our encoder) and its pixels compared with viridis
// of log10 ‖dL/dh_t‖ computed here; the training chart's lines; the items a cell output carries
// while fit runs and once it ends; and a .rnnb file keeps the SVG as readable text.
import * as assert from 'node:assert/strict';
import * as zlib from 'node:zlib';
import { interpolateViridis } from 'd3-scale-chromatic';
import { gradientOutputItems, GradientMapRecorder, TrainingRecorder, trainingItems } from '../../../src/kernel/keras/fitOutput';
import { deserializeRnnb, serializeRnnb } from '../../../src/host/notebook/rnnbFormat';
import type { GradientFrame } from '../../../src/protocol/gradients';
import { GRADIENT_MAP_MIME, TRAINING_MIME } from '../../../src/protocol/renderer';
import { encodePng, gradientMapSvg, SVG_MIME } from '../../../src/protocol/staticImages';

/** PNG → { width, height, rgb } through Node's zlib; every chunk's CRC checked with zlib.crc32. */
function decodePng(png: Buffer): { width: number; height: number; rgb: Buffer } {
  assert.deepEqual([...png.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  let o = 8, width = 0, height = 0;
  const idat: Buffer[] = [];
  while (o < png.length) {
    const len = png.readUInt32BE(o);
    const type = png.subarray(o + 4, o + 8).toString('latin1');
    const data = png.subarray(o + 8, o + 8 + len);
    assert.equal(png.readUInt32BE(o + 8 + len), zlib.crc32(png.subarray(o + 4, o + 8 + len)), `${type} CRC`);
    if (type === 'IHDR') {
      width = data.readUInt32BE(0);
      height = data.readUInt32BE(4);
      assert.deepEqual([...data.subarray(8)], [8, 2, 0, 0, 0], '8-bit RGB');
    }
    if (type === 'IDAT') idat.push(data);
    o += 12 + len;
  }
  const raw = zlib.inflateSync(Buffer.concat(idat));
  assert.equal(raw.length, (width * 3 + 1) * height);
  const rgb = Buffer.alloc(width * height * 3);
  for (let y = 0; y < height; y++) {
    assert.equal(raw[y * (width * 3 + 1)], 0, 'filter 0');
    raw.copy(rgb, y * width * 3, y * (width * 3 + 1) + 1, (y + 1) * (width * 3 + 1));
  }
  return { width, height, rgb };
}

const embeddedPngs = (svg: string) => [...svg.matchAll(/href="data:image\/png;base64,([A-Za-z0-9+/=]+)"/g)].map(m => decodePng(Buffer.from(m[1], 'base64')));

function frame(step: number, T: number): GradientFrame {
  const dh = {
    'lstm.forward': Array.from({ length: T }, (_, t) => 10 ** (-5 + (5 * t) / (T - 1)) * (1 + step / 100)),
    'lstm.backward': Array.from({ length: T }, (_, t) => (step === 7 && t === 2 ? NaN : step === 9 && t === 0 ? Infinity : 10 ** (-2 - t / T))),
  };
  return { modelId: 'm1', step, dh, gradNorm: {}, globalNorm: 1, nonFinite: false };
}

describe('static images of the renderer\'s views (notebook fallback)', () => {
  it('encodePng: any size, rows over several stored blocks, read back exactly by zlib', () => {
    for (const [w, h] of [[1, 1], [3, 2], [300, 80]]) {
      const rgb = Uint8Array.from({ length: w * h * 3 }, (_, i) => (i * 37 + (i >> 7)) & 255);
      const back = decodePng(Buffer.from(encodePng(w, h, rgb)));
      assert.equal(back.width, w);
      assert.equal(back.height, h);
      assert.deepEqual(new Uint8Array(back.rgb), rgb);
    }
    assert.throws(() => encodePng(2, 2, new Uint8Array(5)), /5 bytes for 2×2 RGB/);
  });

  it('the gradient map: a PNG per recurrence, time step down and training step across, in viridis over whole decades; NaN/Inf magenta', () => {
    const T = 12;
    const rec = new GradientMapRecorder();
    const frames = Array.from({ length: 10 }, (_, s) => frame(s, T));
    for (const f of frames) rec.push(f);
    const items = gradientOutputItems(rec.data(), frames.at(-1)!, true);
    assert.deepEqual(items.map(i => i.mime), [GRADIENT_MAP_MIME, SVG_MIME, 'text/plain']);
    const svg = items[1].data;
    assert.match(svg, /^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg" width="\d+" height="\d+"/);
    assert.ok(svg.includes('>lstm.forward<') && svg.includes('>lstm.backward<'), 'each recurrence named');
    const pngs = embeddedPngs(svg);
    assert.equal(pngs.length, 2);
    // the reference colour: decades around every finite positive value, viridis of log10
    const finite = frames.flatMap(f => Object.values(f.dh).flat()).filter(v => Number.isFinite(v) && v > 0);
    const lo = Math.floor(Math.log10(Math.min(...finite))), hi = Math.ceil(Math.log10(Math.max(...finite)));
    const hex = (css: string) => [1, 3, 5].map(i => parseInt(css.slice(i, i + 2), 16));
    // in 256 steps, as the panels' lookup table
    const expected = (v: number) => Number.isFinite(v) ? hex(interpolateViridis(Math.round(((Math.log10(v) - lo) / (hi - lo)) * 255) / 255)) : [255, 0, 255];
    ['lstm.forward', 'lstm.backward'].forEach((key, k) => {
      const { width, height, rgb } = pngs[k];
      assert.deepEqual([width, height], [frames.length, T]);
      for (const [c, t] of [[0, 0], [3, 5], [9, 11], [7, 2], [9, 0]]) {
        const at = (t * width + c) * 3;
        assert.deepEqual([...rgb.subarray(at, at + 3)], expected(frames[c].dh[key][t]), `${key} step ${c} t ${t + 1}`);
      }
    });
    assert.ok(svg.includes(`>1e${lo}<`) && svg.includes(`>1e${hi}<`), 'the legend names the decades');
  });

  it('the map is static only once the run has ended, and its size stays bounded at the recorder\'s column limit', () => {
    const rec = new GradientMapRecorder();
    const T = 200;
    for (let s = 0; s < 500; s++) rec.push(frame(s, T));
    assert.deepEqual(gradientOutputItems(rec.data(), frame(499, T)).map(i => i.mime), [GRADIENT_MAP_MIME, 'text/plain'], 'live frames carry no picture');
    const svg = gradientMapSvg(rec.data());
    assert.ok(svg.length < 400_000, `${svg.length} characters for two recurrences of T = 200`);
  });

  it('the training chart: once fit ends, one chart per series, train and validation lines through every point', () => {
    const r = new TrainingRecorder('m-1', 'tagger', 2);
    for (let e = 0; e < 2; e++) {
      for (let b = 0; b < 5; b++) r.progress({ epoch: e, epochs: 2, batch: b, batches: 5, loss: 1 / (1 + e * 5 + b), metrics: { accuracy: 0.5 + 0.04 * (e * 5 + b) }, stepsPerSec: 10, etaSec: 1, etaTotalSec: 2, epochEnd: b === 4 });
      r.epochEnd({ kind: 'epoch', epoch: e, epochs: 2, logs: { loss: 0.5 - e * 0.2, accuracy: 0.7, val_loss: NaN, val_accuracy: 0.6 }, seconds: 1, steps: 5 });
    }
    assert.deepEqual(trainingItems(r.data(), '').map(i => i.mime), [TRAINING_MIME, 'text/plain'], 'no picture while running');
    r.finish('completed');
    const items = trainingItems(r.data(), 'done');
    assert.deepEqual(items.map(i => i.mime), [TRAINING_MIME, SVG_MIME, 'text/plain']);
    const svg = items[1].data;
    assert.ok(svg.includes('>tagger</tspan>') && svg.includes('done'));
    const trains = [...svg.matchAll(/class="train" d="([^"]*)"/g)].map(m => m[1].split(/[ML]/).filter(Boolean).length);
    assert.deepEqual(trains, [10, 10], 'loss and accuracy, 10 steps each');
    const vals = [...svg.matchAll(/class="val" d="([^"]*)"/g)].map(m => m[1].split(/[ML]/).filter(Boolean).length);
    assert.deepEqual(vals, [0, 2], 'val_loss is NaN at both epochs (no line), val_accuracy has two points');
  });

  it('a .rnnb file keeps the picture as text and reads it back unchanged', () => {
    const rec = new GradientMapRecorder();
    for (let s = 0; s < 3; s++) rec.push(frame(s, 6));
    const items = gradientOutputItems(rec.data(), frame(2, 6), true).map(i => ({ mime: i.mime, data: new TextEncoder().encode(i.data) }));
    const bytes = serializeRnnb({ metadata: {}, cells: [{ kind: 'code', language: 'rnn', source: 'model.fit(x, y)', metadata: {}, outputs: [{ items, metadata: {} }] }] });
    const text = new TextDecoder().decode(bytes);
    assert.ok(text.includes('"mime": "image/svg+xml"') && text.includes('<svg xmlns'), 'the SVG is stored as text lines, not base64');
    const back = deserializeRnnb(bytes).cells[0].outputs[0].items;
    assert.deepEqual(back.map(i => i.mime), items.map(i => i.mime));
    assert.equal(new TextDecoder().decode(back[1].data), new TextDecoder().decode(items[1].data));
  });
});
