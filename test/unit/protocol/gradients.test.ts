// The data model on its own (plain Node): diagrams from the engine's layers, flags, elision, the throttled stream.
import * as assert from 'node:assert/strict';
import { coalescedListener, GradientStream, LatestThrottle, StreamBatch, elide, firstNonFiniteStep, flagsOf, gradientTrendDecades, GradientFrame } from '../../../src/protocol/gradients';
import { bidirectionalGRU, encoderDecoder, frameFor, oneToMany, seedSimpleRNN, stackedLSTM } from '../../webview/fixtures';

describe('protocol: the gradient channel data (diagram, flags, throttle)', () => {
  it('describes the seed SimpleRNN: ids through an embedding, many-to-one, U/V/W/b named by engine keys', () => {
    const d = seedSimpleRNN();
    const b = d.blocks[0];
    assert.equal(b.arity, 'many-to-one');
    assert.equal(b.T, 6);
    assert.equal(b.input.kind, 'ids');
    assert.deepEqual(b.input.via, ['embedding']);
    const c = b.rows[0].chains[0];
    assert.equal(c.U.param, 'simple_rnn.recurrent_kernel');
    assert.deepEqual(c.U.shape, [100, 100]);
    assert.equal(c.V.param, 'simple_rnn.kernel');
    assert.equal(b.output?.W?.param, 'dense.kernel');
    assert.deepEqual(d.dhKeys, ['simple_rnn.forward']);
  });
  it('stacked rows, bidirectional chains, encoder/decoder and one-to-many', () => {
    assert.equal(stackedLSTM().blocks[0].rows.length, 2);
    assert.equal(stackedLSTM().blocks[0].arity, 'many-to-many');
    const bi = bidirectionalGRU();
    assert.deepEqual(bi.blocks[0].rows[0].chains.map(c => c.dhKey), ['bidirectional.forward', 'bidirectional.backward']);
    assert.equal(bi.blocks[0].rows[0].chains[1].U.param, 'bidirectional.backward/recurrent_kernel');
    const ed = encoderDecoder();
    assert.deepEqual(ed.blocks.map(b => b.role), ['encoder', 'decoder']);
    assert.equal(ed.joins[0].via, 'repeat-vector');
    assert.equal(oneToMany().blocks[0].arity, 'one-to-many');
  });
  it('elides the middle of long sequences', () => {
    assert.deepEqual(elide(500), { shown: [0, 1, 2, 498, 499], gapAfter: 2, hidden: 495 });
    assert.equal(elide(6).hidden, 0);
  });
  it('flags vanishing, exploding and Inf/NaN against the thresholds', () => {
    const d = seedSimpleRNN();
    const f = frameFor(d, 1, 50);
    assert.ok(gradientTrendDecades(f.dh['simple_rnn.forward']) > 3.5);
    assert.ok(flagsOf(f).some(x => x.kind === 'vanishing'));
    assert.ok(flagsOf({ ...f, globalNorm: 1e4 }).some(x => x.kind === 'exploding'));
    assert.ok(flagsOf({ ...f, nonFinite: true }).some(x => x.kind === 'nonfinite'));
  });
  it('gives the flag a direction: growing towards t = 1 is exploding, shrinking is vanishing', () => {
    const grows = Array.from({ length: 50 }, (_, t) => 10 ** ((50 - t) * 0.12)); // 5.9 decades larger at t = 1
    const frame = (dh: Record<string, number[]>, globalNorm = 1): GradientFrame => ({ modelId: 'm', step: 3, dh, gradNorm: {}, globalNorm, nonFinite: false });
    const exploding = flagsOf(frame({ 'simple_rnn.forward': grows }));
    assert.deepEqual(exploding.map(f => f.kind), ['exploding', 'exploding'], JSON.stringify(exploding));
    assert.match(exploding[1].message, /exploding — simple_rnn\.forward far end 5\.\d decades above the near end/);
    assert.ok(gradientTrendDecades(grows) < -5);
    // A backward chain runs from t = T to t = 1: its near end is t = 1, so the same series vanishes.
    const backward = flagsOf(frame({ 'bidirectional.backward': grows.map(v => v / 1e6) }));
    assert.deepEqual(backward.map(f => f.kind), ['vanishing']);
    assert.deepEqual(flagsOf(frame({ 'lstm.forward': grows.map(v => v / 1e6) }), undefined, new Set(['lstm.forward'])).map(f => f.kind), ['vanishing'], 'a go_backwards chain named by the diagram');
    // Flat within three decades: no flag.
    assert.deepEqual(flagsOf(frame({ 'gru.forward': grows.map((v, t) => 1 + t / 50) })), []);
  });

  it('non-finite norms flag exploding, and the run marks its first non-finite step', () => {
    const frame = (step: number, dh: number[], globalNorm: number): GradientFrame => ({ modelId: 'm', step, dh: { 'rnn.forward': dh }, gradNorm: {}, globalNorm, nonFinite: !Number.isFinite(globalNorm) });
    const frames = [frame(1, [1, 2, 3, 4], 5), frame(2, [1e20, 1, 1, 1], 1e20), frame(3, [Infinity, NaN, 1, 1], Infinity), frame(4, [NaN, NaN, NaN, NaN], NaN)];
    assert.equal(firstNonFiniteStep(frames), 3);
    const flags = flagsOf(frames[2]);
    assert.equal(flags[0].kind, 'nonfinite');
    assert.match(flags[0].message, /^step 3: exploding — non-finite gradients \(NaN\/Inf\) in rnn\.forward/);
    assert.ok(!flagsOf(frames[3]).some(f => f.kind === 'vanishing'), 'NaN is never read as vanished');
    assert.equal(firstNonFiniteStep(frames.slice(0, 2)), undefined);
  });

  it('the one throttle lets at most 8 a second through per channel, the latest wins, flush sends what is held', () => {
    let now = 0;
    const sent: string[] = [];
    const throttle = new LatestThrottle<string>(m => sent.push(m), 8, () => now);
    for (let i = 0; i < 100; i++, now += 10) throttle.offer('gradients', `g${i}`); // 1 s of 100 steps/s
    assert.ok(sent.length <= 9 && sent.length >= 7, `${sent.length} in 1 s`);
    assert.equal(sent[0], 'g0');
    throttle.offer('progress', 'p0');
    assert.equal(sent.at(-1), 'p0', 'channels are throttled apart');
    throttle.flush();
    assert.equal(sent.at(-1), 'g99', 'the latest held item goes on flush');
    throttle.flush();
    assert.equal(sent.filter(m => m === 'g99').length, 1, 'nothing is sent twice');
  });
  it('a panel is sent the stream\'s news coalesced: every frame in order, in fewer messages; a new model comes after what was held', async () => {
    const d = seedSimpleRNN();
    const stream = new GradientStream();
    const told: string[] = [];
    const batches: StreamBatch[] = [];
    const feed = coalescedListener({
      model: m => told.push(`model ${m.modelId}`),
      update: b => { batches.push(b); told.push(`frames ${b.frames.map(f => f.step).join(',')}`); },
      clear: () => told.push('clear'),
    }, 20);
    const subscription = stream.subscribe(feed);
    const other: StreamBatch[] = [];
    stream.subscribe({ update: b => other.push(b) });
    stream.setModel(d);
    for (let step = 1; step <= 10; step++) stream.push(frameFor(d, step, 6));
    assert.deepEqual(told, [`model ${d.modelId}`, 'frames 1'], 'the first news goes at once, the rest is held');
    await new Promise(r => setTimeout(r, 120));
    assert.deepEqual(told.slice(2), ['frames 2,3,4,5,6,7,8,9,10'], 'one message with every frame held, in order');
    assert.ok(other.every(b => b.frames.length === 1), 'the stream\'s own batches are not changed');
    stream.push(frameFor(d, 11, 6));
    stream.push(frameFor(d, 12, 6));
    stream.setModel(d);
    assert.deepEqual(told.slice(3), ['frames 11', 'frames 12', `model ${d.modelId}`], 'held frames go before the next model');
    stream.push(frameFor(d, 1, 6)); // within 50 ms of the last message: held
    stream.clear('restarted');
    await new Promise(r => setTimeout(r, 120));
    assert.deepEqual(told.slice(6), ['clear'], 'a clear drops what was held: those models are gone');
    feed.dispose();
    subscription.dispose();
  });
});
