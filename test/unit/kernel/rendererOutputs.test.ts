// The renderer's mimes as the kernel builds them: the pure builders (thinning, note layout,
// non-finite numbers) and then real cells (summary, fit, generate) whose outputs carry them,
// each with its text/plain beside it.
import * as assert from 'node:assert/strict';
import { GradientMapRecorder, LiveOutput, MAX_GRADIENT_COLUMNS, MAX_STEP_POINTS, TrainingRecorder, trainingItems } from '../../../src/kernel/keras/fitOutput';
import { melodyData, melodyText, tokensOfIds } from '../../../src/kernel/keras/generateOutput';
import { GRADIENT_MAP_MIME, GeneratedTextData, GradientMapData, MELODY_MIME, MelodyData, SUMMARY_MIME, SummaryData, TEXT_MIME, TRAINING_MIME, TrainingData } from '../../../src/protocol/renderer';
import type { GradientFrame } from '../../../src/protocol/gradients';
import { SVG_MIME } from '../../../src/protocol/staticImages';
import type { ProgressEvent } from '../../../src/engine/train/progress';
import { Shown, TestKernel, plain } from './harness';

function progress(epoch: number, batch: number, batches: number, loss: number): ProgressEvent {
  return { epoch, epochs: 2, batch, batches, loss, metrics: { accuracy: 1 - loss }, stepsPerSec: 10, etaSec: 1, etaTotalSec: 2, epochEnd: batch === batches - 1 };
}

function frame(step: number, T = 5): GradientFrame {
  return { modelId: 'm1', step, dh: { 'rnn.forward': Array.from({ length: T }, (_, t) => step * 10 ** (t - T)) }, gradNorm: {}, globalNorm: 1, nonFinite: false };
}

function item<T>(s: Shown | undefined, mime: string): T {
  const found = s?.items.find(i => i.mime === mime);
  assert.ok(found, `an item of ${mime} in ${JSON.stringify(s?.items.map(i => i.mime))}`);
  return JSON.parse(found.data) as T;
}

describe('renderer outputs (kernel)', () => {
  describe('builders', () => {
    it('TrainingRecorder: step points at fractional epochs, epoch logs, status; thinned but keeps the first and latest step', () => {
      const r = new TrainingRecorder('m-1', 'm', 2);
      r.progress(progress(0, 0, 4, 0.9));
      r.progress(progress(0, 3, 4, 0.7));
      r.epochEnd({ kind: 'epoch', epoch: 0, epochs: 2, logs: { loss: 0.7, accuracy: 0.3, val_loss: 0.8, non_finite: 0 }, seconds: 1, steps: 4 });
      const d = r.data();
      assert.deepEqual(d.names, ['loss', 'accuracy']);
      assert.deepEqual(d.steps, [{ x: 0.25, values: [0.9, 1 - 0.9] }, { x: 1, values: [0.7, 1 - 0.7] }]);
      assert.deepEqual(d.epochLogs, [{ epoch: 0, logs: { loss: 0.7, accuracy: 0.3, val_loss: 0.8 } }]);
      assert.equal(d.status, 'running');
      for (let b = 0; b < 3 * MAX_STEP_POINTS; b++) r.progress(progress(1, b, 3 * MAX_STEP_POINTS, 0.5));
      assert.ok(d === r.data() && r.data().steps.length <= MAX_STEP_POINTS, `${r.data().steps.length} points`);
      assert.equal(r.data().steps[0].x, 0.25);
      assert.equal(r.data().steps.at(-1)!.x, 2);
      const xs = r.data().steps.map(s => s.x);
      assert.deepEqual(xs, [...xs].sort((a, b) => a - b), 'in order');
      r.finish('callback', 'EarlyStopping');
      assert.equal(r.data().status, 'stopped');
      assert.equal(r.data().stoppedBy, 'EarlyStopping');
    });

    it('a diverged loss travels as "NaN" in the JSON, and text/plain stays beside it', () => {
      const r = new TrainingRecorder('m-1', 'm', 2);
      r.progress(progress(0, 0, 4, NaN));
      const items = trainingItems(r.data(), 'Epoch 1/2');
      assert.deepEqual(items.map(i => i.mime), [TRAINING_MIME, 'text/plain']);
      const parsed = JSON.parse(items[0].data) as TrainingData;
      assert.equal(parsed.steps[0].values[0], 'NaN');
      assert.ok(Number.isNaN(Number(parsed.steps[0].values[0])));
    });

    it('GradientMapRecorder keeps at most MAX_GRADIENT_COLUMNS columns spread evenly over the run', () => {
      const g = new GradientMapRecorder();
      for (let s = 1; s <= 1000; s++) g.push(frame(s));
      const m = g.data();
      assert.equal(m.modelId, 'm1');
      assert.ok(m.steps.length <= MAX_GRADIENT_COLUMNS && m.steps.length >= MAX_GRADIENT_COLUMNS / 2, `${m.steps.length} columns`);
      assert.equal(m.steps[0], 1);
      const gaps = new Set(m.steps.slice(1).map((s, i) => s - m.steps[i]));
      assert.equal(gaps.size, 1, `even spacing: ${[...gaps]}`);
      assert.ok(m.steps.at(-1)! > 1000 - [...gaps][0] * 1, `reaches the end: ${m.steps.at(-1)}`);
      assert.equal(m.series.length, 1);
      assert.equal(m.series[0].columns.length, m.steps.length);
      assert.deepEqual(m.series[0].columns[3], frame(m.steps[3]).dh['rnn.forward']);
    });

    it('LiveOutput shows the first update at once, then at most perSecond a second, and the final one always', () => {
      let now = 0;
      const shown: string[] = [];
      let made = 0;
      const out = new LiveOutput(items => shown.push(items[0].data), 2, () => now);
      const update = (label: string) => out.update(() => { made++; return [{ mime: 'text/plain', data: label }]; });
      // Events every 125 ms (the training thread's ~8 a second) for two seconds.
      for (let i = 0; i < 16; i++, now += 125) update(`event ${i}`);
      assert.deepEqual(shown, ['event 0', 'event 4', 'event 8', 'event 12']);
      assert.equal(made, 4, 'the items of a dropped update are never made (encoding the whole output)');
      out.final([{ mime: 'text/plain', data: 'done' }]);
      assert.equal(shown.at(-1), 'done', 'the final output shows even right after an update');
      now += 100;
      update('late');
      assert.equal(shown.at(-1), 'done', 'and counts as the last shown');
    });

    it('melodyData lays tokens end to end: rests move the clock, padding is skipped, the seed is marked', () => {
      const vocab = [null, [60, 1], [62, 0.5], [null, 1], [64, 2]] as const;
      const m = melodyData(tokensOfIds([1, 2, 0, 3, 4, 99], vocab), 2, 90, 0.8);
      assert.deepEqual(m, {
        tempo: 90, temperature: 0.8,
        notes: [{ midi: 60, start: 0, beats: 1, seed: true }, { midi: 62, start: 1, beats: 0.5, seed: true }, { midi: 64, start: 2.5, beats: 2 }],
      });
      assert.equal(melodyText(m), 'Melody: 3 notes, 4.5 beats at 90 bpm\n[C4:1 D4:0.5] E4:2');
      assert.throws(() => melodyData([], 0, 0), /tempo must be positive/);
    });
  });

  describe('in cells', function () {
    this.timeout(300_000);
    let k: TestKernel;
    beforeEach(() => (k = new TestKernel()));
    afterEach(async () => k.dispose());

    it('summary, fit and generate emit the renderer mimes with text/plain beside them', () => {
      k.run(`data = datasets.melodies(seq_len=8, step=4, transpose=False)
(X_train, y_train), (X_test, y_test) = data
V = data.vocab_size
model = Sequential(name='tunes')
model.add(Embedding(V, 8, mask_zero=True))
model.add(LSTM(16, return_sequences=True))
model.add(Dense(V, activation='softmax'))
model.compile(loss='sparse_categorical_crossentropy', optimizer='adam', metrics=['accuracy'])
model.summary()`);
      const summary = item<SummaryData>(k.shown.at(-1), SUMMARY_MIME);
      assert.equal(summary.title, 'tunes');
      assert.deepEqual(summary.rows.map(r => r.type), ['Embedding', 'LSTM', 'Dense']);
      assert.equal(summary.totalParams, summary.rows.reduce((s, r) => s + (r.params ?? 0), 0));
      assert.equal(String(summary.totalParams), k.run('model.count_params()'));
      assert.ok(k.shown.at(-1)!.items.some(i => i.mime === 'text/plain'));

      k.run('history = model.fit(X_train, y_train, epochs=2, batch_size=32, validation_split=0.2)');
      const fit = k.shown.filter(s => s.id?.startsWith('fit-'));
      const last = item<TrainingData>(fit.at(-1), TRAINING_MIME);
      assert.equal(last.status, 'done');
      assert.equal(last.epochs, 2);
      assert.deepEqual(last.names, ['loss', 'accuracy']);
      assert.equal(last.epochLogs.length, 2);
      assert.ok('val_loss' in last.epochLogs[1].logs, JSON.stringify(last.epochLogs[1].logs));
      assert.equal(last.steps.at(-1)!.x, 2);
      const losses = JSON.parse(k.run('history.history["loss"]')) as number[];
      assert.ok(Math.abs(last.epochLogs[1].logs.loss - losses[1]) < 1e-6, 'epoch logs are the History values');
      assert.ok(fit.slice(0, -1).some(s => item<TrainingData>(s, TRAINING_MIME).status === 'running'), 'running states came first');
      assert.deepEqual(fit.at(-1)!.items.map(i => i.mime), [TRAINING_MIME, SVG_MIME, 'text/plain'], 'the ended run carries its static chart');
      assert.ok(fit.slice(0, -1).every(s => !s.items.some(i => i.mime === SVG_MIME)), 'live updates carry none');

      const gradientDisplays = k.shown.filter(s => s.id?.startsWith('gradients-'));
      assert.deepEqual(gradientDisplays.at(-1)!.items.map(i => i.mime), [GRADIENT_MAP_MIME, SVG_MIME, 'text/plain'], 'the last map carries its static picture');
      assert.ok(gradientDisplays.slice(0, -1).every(s => !s.items.some(i => i.mime === SVG_MIME)), 'live maps carry none');
      const gradients = gradientDisplays.at(-1);
      const map = item<GradientMapData>(gradients, GRADIENT_MAP_MIME);
      const latest = k.frames().at(-1)!;
      assert.match(gradients!.items.find(i => i.mime === 'text/plain')!.data, new RegExp(`^gradients at step ${latest.step}`));
      assert.equal(map.modelId, latest.modelId);
      assert.deepEqual(map.series.map(s => s.key), Object.keys(latest.dh));
      assert.equal(map.series[0].columns[0].length, 8, 'T time steps per column');
      assert.ok(map.steps.length >= 1 && map.steps.at(-1)! <= latest.step);

      k.run('ids = model.generate(data.word_index["C4:1"], length=12, temperature=0.8, seed=1, notes=data.notes, tempo=100)');
      const melodyShown = k.shown.at(-1)!;
      const melody = item<MelodyData>(melodyShown, MELODY_MIME);
      assert.equal(melody.tempo, 100);
      assert.deepEqual(melody.notes[0], { midi: 60, start: 0, beats: 1, seed: true });
      const ids = JSON.parse(k.run('ids')) as number[];
      const vocabulary = JSON.parse(k.run('data.notes').replace(/\(/g, '[').replace(/\)/g, ']').replace(/None/g, 'null')) as ([number | null, number] | null)[];
      const sounding = ids.map(i => vocabulary[i]).filter((n): n is [number, number] => n !== null && n[0] !== null);
      assert.deepEqual(melody.notes.slice(1).map(n => [n.midi, n.beats]), sounding);
      assert.match(plain(melodyShown), /^Melody: \d+ notes, [\d.]+ beats at 100 bpm\n\[C4:1\] /);
    });

    it('generate with vocab shows the seed and the generated text', () => {
      k.run(`vocab = ' abcdefgh'
model = Sequential()
model.add(Embedding(len(vocab), 4))
model.add(SimpleRNN(8, return_sequences=True))
model.add(Dense(len(vocab), activation='softmax'))
model.compile(loss='sparse_categorical_crossentropy', optimizer='adam')
text = model.generate('abc', length=10, temperature=0.5, seed=2, vocab=vocab)`);
      const data = item<GeneratedTextData>(k.shown.at(-1), TEXT_MIME);
      assert.equal(data.seed, 'abc');
      assert.equal(data.temperature, 0.5);
      assert.equal(data.generated.length, 10);
      assert.equal(k.run('text'), `'${data.generated}'`);
      assert.equal(plain(k.shown.at(-1)!), 'abc' + data.generated);
    });
  });
});
