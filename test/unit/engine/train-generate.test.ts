// Generation one step at a time with carried state. References: the full-sequence forward
// (the step graph must reproduce it step for step), the training sequence itself (a model that
// learned it reproduces it at τ → 0), and the definitions of softmax-with-temperature and entropy.
import * as assert from 'assert';
import type { TensorData } from '../../../src/engine/graph';
import { Dense, Embedding, GRU, LSTM, Sequential, resetNames } from '../../../src/engine/layers';
import { NodeRuntime, tensor, toNumbers } from '../../../src/engine/runtime';
import { buildStatefulStep, CharVocab, entropy, temperatureDistribution, Trainer } from '../../../src/engine/train';
import { sampleSequence } from '../../../src/engine/train/generate';
import { Rng } from '../../../src/engine/util/rng';

const rt = new NodeRuntime();

/** Next-token training windows over a cyclic sequence of ids: x = s[i..i+T), y = s[i+1..i+T]. */
function cyclicWindows(seq: number[], T: number): { x: TensorData; y: TensorData } {
  const n = seq.length;
  const xs: number[] = [];
  const ys: number[] = [];
  for (let i = 0; i < n; i++) {
    for (let t = 0; t < T; t++) {
      xs.push(seq[(i + t) % n]);
      ys.push(seq[(i + t + 1) % n]);
    }
  }
  return { x: tensor('int64', [n, T], xs), y: tensor('int64', [n, T], ys) };
}

function languageModel(V: number, seed: number) {
  resetNames();
  const model = new Sequential().add(new Embedding(V, 8)).add(new LSTM(32, { return_sequences: true })).add(new Dense(V));
  return new Trainer(rt, model, { shape: ['T'], dtype: 'int64' }, { shape: ['T'], dtype: 'int64' }, { loss: { name: 'sparse_categorical_crossentropy', from_logits: true }, optimizer: { name: 'adam', learning_rate: 0.03 }, metrics: ['accuracy'] }, { seed });
}

describe('train: sampling with temperature', () => {
  it('τ → 0 is argmax; τ = 1 is softmax; entropy grows with τ', () => {
    const logits = [2, 0.5, -1, 1.9];
    assert.deepStrictEqual(Array.from(temperatureDistribution(logits, 0)), [1, 0, 0, 0]);
    assert.deepStrictEqual(Array.from(temperatureDistribution(logits, 1e-9)), [1, 0, 0, 0]);
    const z = logits.reduce((s, v) => s + Math.exp(v), 0);
    temperatureDistribution(logits, 1).forEach((p, i) => assert.ok(Math.abs(p - Math.exp(logits[i]) / z) < 1e-12));
    const hs = [0.1, 0.5, 1, 2, 10].map((t) => entropy(temperatureDistribution(logits, t)));
    for (let i = 1; i < hs.length; i++) assert.ok(hs[i] > hs[i - 1], `${hs}`);
    assert.ok(hs[4] < Math.log(4) && hs[4] > 0.99 * Math.log(4));
  });

  it('the sampling loop polls shouldStop before every step and keeps what it drew (Interrupt)', async () => {
    let steps = 0;
    const step = (): Promise<number[]> => { steps++; return Promise.resolve([0.25, 0.25, 0.25, 0.25]); };
    const r = await sampleSequence(step, [0, 1], { length: 100, shouldStop: () => steps >= 5 }, false, new Rng(1));
    assert.strictEqual(r.stopped, true);
    assert.strictEqual(steps, 5, 'no model step after the stop was asked');
    assert.strictEqual(r.ids.length, 3, 'two priming steps, then three tokens drawn and fed back');
    const whole = await sampleSequence(step, [0], { length: 3 }, false, new Rng(1));
    assert.strictEqual(whole.stopped, undefined);
    assert.strictEqual(whole.ids.length, 3);
  });

  it('draws follow the distribution (frequencies within 4 standard errors)', () => {
    const p = temperatureDistribution([1, 0, -1], 1);
    const rng = new Rng(1);
    const n = 20000;
    const counts = [0, 0, 0];
    for (let i = 0; i < n; i++) counts[rng.categorical(p)]++;
    counts.forEach((c, i) => assert.ok(Math.abs(c / n - p[i]) < 4 * Math.sqrt((p[i] * (1 - p[i])) / n), `${counts}`));
  });
});

describe('train: generate', function () {
  this.timeout(60000);

  it('the step graph with carried state reproduces the full-sequence forward at every step', async () => {
    resetNames();
    const model = new Sequential().add(new Embedding(7, 4)).add(new GRU(5, { return_sequences: true })).add(new LSTM(6, { return_sequences: true })).add(new Dense(7, { activation: 'softmax' }));
    const input = { shape: ['T'], dtype: 'int64' } as const;
    const tr = new Trainer(rt, model, input, { shape: ['T'], dtype: 'int64' }, { loss: 'sparse_categorical_crossentropy', optimizer: 'adam' }, { seed: 4 });
    const ids = [3, 1, 6, 2, 2, 5, 4, 1];
    const full = toNumbers(await tr.predict(tensor('int64', [1, ids.length], ids))); // [1, T, 7]
    const sg = buildStatefulStep(model, input);
    assert.deepStrictEqual(sg.states.map((s) => s.input), ['state.gru.0', 'state.lstm.0', 'state.lstm.1']);
    const { session } = await rt.createSession(sg.encode());
    let states: Record<string, TensorData> = Object.fromEntries(sg.states.map((s) => [s.input, tensor('float32', [1, ...s.shape], new Float32Array(s.shape[0]))]));
    for (let t = 0; t < ids.length; t++) {
      const out = await session.run({ ...Object.fromEntries(tr.params), ...states, x: tensor('int64', [1, 1], [ids[t]]) });
      states = Object.fromEntries(sg.states.map((s) => [s.input, out[s.output]]));
      toNumbers(out[sg.pred]).forEach((v, k) => assert.ok(Math.abs(v - full[t * 7 + k]) < 1e-5, `t=${t} k=${k}: ${v} vs ${full[t * 7 + k]}`));
    }
    await session.dispose();
    await tr.dispose();
  });

  it('character text: a model trained on "hello world " continues "h" with it at τ = 0', async () => {
    const text = 'hello world ';
    const vocab = new CharVocab(text);
    const tr = languageModel(vocab.size, 1);
    const h = await tr.fit(cyclicWindows(vocab.encode(text), 24), { epochs: 120, batchSize: 12, seed: 1 });
    // The ceiling is 1 − 3/288: from a zero state, 'l' (3 successors) and 'o' (2) are ambiguous at t = 0.
    assert.ok(h.history.accuracy.at(-1)! > 0.98, `accuracy ${h.history.accuracy.at(-1)}`);
    const r = await tr.generateText('h', vocab, { length: 23, temperature: 0 });
    assert.strictEqual(r.text, 'ello world hello world ');
    assert.ok(r.entropies.every((e) => e === 0));
    // Priming with a longer start works the same way.
    assert.strictEqual((await tr.generateText('hello w', vocab, { length: 5, temperature: 0 })).text, 'orld ');

    // Same seed → same sample; entropy of the sampled distributions grows with τ.
    const a = await tr.generateText('h', vocab, { length: 20, temperature: 1.5, seed: 3 });
    const b = await tr.generateText('h', vocab, { length: 20, temperature: 1.5, seed: 3 });
    assert.strictEqual(a.text, b.text);
    const meanH: number[] = [];
    for (const t of [0.25, 1, 4]) {
      const g = await tr.generateText('h', vocab, { length: 20, temperature: t, seed: 3 });
      meanH.push(g.entropies.reduce((s, v) => s + v, 0) / g.entropies.length);
    }
    assert.ok(meanH[0] < meanH[1] && meanH[1] < meanH[2], `${meanH}`);
    await tr.dispose();
  });

  it('melody: a model trained on a note sequence continues the start note with it at τ = 0', async () => {
    const melody = [60, 62, 64, 65, 67, 65, 64, 62]; // 64 and 65 each have two successors: needs memory
    const noteToId = (n: number) => n - 59;
    const idToNote = (i: number) => i + 59;
    const tr = languageModel(10, 2);
    await tr.fit(cyclicWindows(melody.map(noteToId), 16), { epochs: 120, batchSize: 8, seed: 2 });
    const r = await tr.generateMelody(60, { length: 15, temperature: 0, noteToId, idToNote });
    assert.deepStrictEqual(r.notes, [...melody.slice(1), ...melody]);
    await tr.dispose();
  });

  it('same seed → same sample, different seeds → different samples (untrained model, τ = 1)', async () => {
    const tr = languageModel(12, 5);
    const s = async (seed: number) => (await tr.generate([1], { length: 30, temperature: 1, seed })).ids;
    assert.deepStrictEqual(await s(8), await s(8));
    assert.notDeepStrictEqual(await s(8), await s(9));
    await tr.dispose();
  });

  it('refuses Bidirectional models (they read future steps)', async () => {
    const { Bidirectional } = await import('../../../src/engine/layers');
    resetNames();
    const model = new Sequential().add(new Embedding(5, 3)).add(new Bidirectional(new LSTM(4))).add(new Dense(5));
    assert.throws(() => buildStatefulStep(model, { shape: ['T'], dtype: 'int64' }), /Bidirectional/);
  });
});
