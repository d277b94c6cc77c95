// The data model on its own (plain Node): diagrams from the engine's layers, flags, elision, the throttled stream.
import * as assert from 'node:assert/strict';
import { DiagnosticsStream, elide, flagsOf, vanishingDecades } from '../../src/engine/diagram/modelView';
import { bidirectionalGRU, encoderDecoder, frameFor, oneToMany, seedSimpleRNN, stackedLSTM } from './fixtures';

describe('modelView', () => {
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
    assert.ok(vanishingDecades(f.dh['simple_rnn.forward']) > 3.5);
    assert.ok(flagsOf(f).some(x => x.kind === 'vanishing'));
    assert.ok(flagsOf({ ...f, globalNorm: 1e4 }).some(x => x.kind === 'exploding'));
    assert.ok(flagsOf({ ...f, nonFinite: true }).some(x => x.kind === 'nonfinite'));
  });
  it('hands frames to listeners at most 8 times a second', async () => {
    const s = new DiagnosticsStream(8);
    const d = seedSimpleRNN();
    const batches: number[] = [];
    s.subscribe({ flush: b => batches.push(b.frames.length) });
    s.setModel(d);
    const t0 = Date.now();
    for (let i = 1; i <= 100; i++) {
      s.push(frameFor(d, i, 6));
      await new Promise(r => setTimeout(r, 3));
    }
    await new Promise(r => setTimeout(r, 200));
    const seconds = (Date.now() - t0) / 1000;
    assert.equal(batches.reduce((a, b) => a + b, 0), 100);
    assert.ok(batches.length <= Math.ceil(seconds * 8) + 1, `${batches.length} flushes in ${seconds}s`);
    s.dispose();
  });
});
