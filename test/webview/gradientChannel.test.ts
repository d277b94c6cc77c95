// The gradient channel end to end: a real kernel trains, its telemetry goes through the host's
// GradientStream and the panel feed, crosses to the heatmap page through the codec as VS Code
// carries it (JSON), and the page holds the values the engine computed: NaN and ±Inf as such,
// never null or 0, with the flag's direction right (exploding vs vanishing).
import * as assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { flagsOf, GradientStream, reversedKeysOf } from '../../src/protocol/gradients';
import { heatmapOnModel } from '../../src/protocol/gradients/panelFeeds';
import { TestKernel } from '../unit/kernel/harness';
import { errorsOf, Harness, RESULTS, send } from './harness';

interface HeatmapHook {
  drawNow(): void;
  columns(key: string): number[][] | null;
  firstNonFinite(): number | undefined;
}

const h = new Harness();

/** Trains `cells` in a fresh kernel and returns the host-side stream its telemetry filled. */
function train(cells: string): GradientStream {
  const kernel = new TestKernel();
  try {
    kernel.run(cells);
    const stream = new GradientStream();
    for (const m of kernel.telemetry) stream.receive(m);
    return stream;
  } finally {
    void kernel.dispose();
  }
}

async function heatmapOf(stream: GradientStream, theme: 'light' | 'dark' = 'dark'): Promise<Page> {
  const p = await h.open('heatmap', theme);
  const diagram = stream.diagrams.get(stream.lastModelId!)!;
  for (const m of heatmapOnModel(stream, diagram)) await send(p, m);
  await p.evaluate(() => (window as unknown as { __heatmap: HeatmapHook }).__heatmap.drawNow());
  return p;
}

describe('the gradient channel: engine → kernel → host → heatmap page', function () {
  this.timeout(240_000);
  before(async () => h.start());
  after(async () => h.stop());

  it('an exploding run arrives with NaN/Inf kept, flagged exploding, its first non-finite step marked', async () => {
    const stream = train(`from keras.initializers import Orthogonal
from keras.optimizers import SGD
(x, y), _ = datasets.noisy_sines(T=30)
model = Sequential([SimpleRNN(32, recurrent_initializer=Orthogonal(gain=1.5), input_shape=(30, 1)), Dense(1)], name='unclipped')
model.compile(loss='mse', optimizer=SGD(learning_rate=0.1))
model.fit(x, y, epochs=6, batch_size=32)`);
    const frames = stream.frames.get(stream.lastModelId!)!;
    const key = Object.keys(frames[0].dh)[0];
    const nonFinite = frames.filter(f => f.dh[key].some(v => !Number.isFinite(v)));
    assert.ok(nonFinite.length > 0, `the run explodes: global norms ${frames.map(f => f.globalNorm).join(', ')}`);
    const p = await heatmapOf(stream);
    const hook = (): Promise<{ columns: number[][] | null; first: number | undefined }> =>
      p.evaluate(k => { const hm = (window as unknown as { __heatmap: HeatmapHook }).__heatmap; return { columns: hm.columns(k), first: hm.firstNonFinite() }; }, key);
    const { columns, first } = await hook();
    assert.equal(columns!.length, frames.length, 'one column per frame');
    // Exactly the engine's values (stored as float32), non-finite ones included: never null, never 0.
    frames.forEach((f, c) => f.dh[key].forEach((v, t) => assert.ok(Object.is(columns![c][t], Math.fround(v)), `step ${f.step}, t=${t + 1}: page ${columns![c][t]} vs engine ${v}`)));
    assert.equal(first, nonFinite[0].step);
    const flags = (await p.locator('#flags .flag').allTextContents()).join('\n');
    assert.match(flags, /exploding — non-finite gradients \(NaN\/Inf\)/);
    assert.match(flags, new RegExp(`first Inf/NaN at training step ${nonFinite[0].step}`));
    assert.doesNotMatch(flags, /vanishing/);
    assert.ok(flagsOf(frames.at(-1)!).every(f => f.kind !== 'vanishing'));
    await p.screenshot({ path: `${RESULTS}/heatmap-exploding-dark.png` });
    assert.deepEqual(errorsOf(p), []);
    await p.close();
  });

  it('a SimpleRNN on the adding problem at T = 50 is flagged vanishing', async () => {
    const stream = train(`(x, y), _ = datasets.adding(n_train=2000, n_test=1, T=50)
model = Sequential([SimpleRNN(32, input_shape=(50, 2)), Dense(1)], name='SimpleRNN')
model.compile(loss='mse', optimizer=Adam(learning_rate=0.01))
model.fit(x, y, epochs=4, batch_size=64, verbose=0)`);
    const last = stream.latest(stream.lastModelId!)!;
    const reversed = reversedKeysOf(stream.diagrams.get(last.modelId)!);
    assert.ok(flagsOf(last, undefined, reversed).some(f => f.kind === 'vanishing'), JSON.stringify(last.dh));
    const p = await heatmapOf(stream, 'light');
    const flags = (await p.locator('#flags .flag').allTextContents()).join('\n');
    assert.match(flags, /vanishing — simple_rnn(_\d+)?\.forward far end [\d.]+ decades below the near end/);
    assert.doesNotMatch(flags, /exploding/);
    await p.screenshot({ path: `${RESULTS}/heatmap-vanishing-light.png` });
    assert.deepEqual(errorsOf(p), []);
    await p.close();
  });
});
