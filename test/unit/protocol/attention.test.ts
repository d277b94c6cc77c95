// The attention alignment's messages: the host's store keeps a model's snapshots under the budget
// (at most 64 however long the run, first and latest kept, memory counted as float32), a new
// example drops the old ones, a fit's start keeps the labels, the panel feeds carry them, and the
// webview guard drops what does not fit.
import * as assert from 'node:assert/strict';
import { attentionBytes, GradientStream, MAX_STATE_SNAPSHOTS, type AttentionMessage } from '../../../src/protocol/gradients';
import { attentionOnModel, attentionOnUpdate, attentionStandIn } from '../../../src/protocol/gradients/panelFeeds';
import { isHostToAttention } from '../../../src/protocol/guards';
import { fromWire, toWire } from '../../../src/protocol/gradients/codec';

const Tq = 11;
const Tv = 35;

/** A uniform alignment at `step` (every row 1/Tv). */
function message(step: number, reset = false): AttentionMessage {
  return {
    modelId: '4', modelName: 'attentive_translator', inputTokens: Array.from({ length: Tv }, (_, j) => `s${j}`), outputTokens: Array.from({ length: Tq }, (_, i) => `o${i}`),
    snapshot: { step, maps: [{ layer: 'attention', kind: 'Attention', Tq, Tv, weights: new Array<number>(Tq * Tv).fill(1 / Tv) }] },
    ...(reset ? { reset } : {}),
  };
}

describe('protocol: attention alignment snapshots', () => {
  it('the store keeps at most 64 snapshots of a 1000-step run, evenly spread, from the first to the latest, as float32', () => {
    const stream = new GradientStream();
    stream.pushAttention(message(0, true));
    for (let step = 1; step <= 1000; step++) stream.pushAttention(message(step));
    const kept = stream.attention.get('4')!.snapshots.kept;
    assert.ok(kept.length <= MAX_STATE_SNAPSHOTS, `${kept.length} kept`);
    assert.ok(kept.length >= MAX_STATE_SNAPSHOTS / 2, `${kept.length} kept: the budget is used`);
    assert.equal(kept[0].step, 0);
    assert.equal(kept[kept.length - 1].step, 1000);
    const gaps = new Set(kept.slice(0, -1).map((k, i) => kept[i + 1].step - k.step).slice(0, -1));
    assert.equal(gaps.size, 1, `even spacing: ${[...gaps]}`);
    assert.ok(kept.every(k => k.item.maps[0].weights instanceof Float32Array));
    // 11 × 35 float32 = 1,540 bytes a snapshot: 64 of them are about 96 KiB.
    assert.equal(attentionBytes(kept[0].item.maps), Tq * Tv * 4);
  });

  it('a new example (reset) drops the old snapshots; a fit starting keeps the labels and starts its own', () => {
    const stream = new GradientStream();
    for (let step = 0; step < 5; step++) stream.pushAttention(message(step, step === 0));
    stream.pushAttention(message(9, true));
    assert.deepEqual(stream.attention.get('4')!.snapshots.kept.map(k => k.step), [9]);
    stream.setModel({ modelId: '4', name: 'attentive_translator', blocks: [], joins: [], weights: {}, dhKeys: [], notes: [] });
    assert.equal(stream.attention.get('4')!.snapshots.kept.length, 0);
    assert.equal(stream.attention.get('4')!.inputTokens[3], 's3');
  });

  it('the panel feeds: a stand-in before any fit, every kept snapshot on open, the new ones after', () => {
    const stream = new GradientStream();
    const m = message(0, true);
    stream.pushAttention(m);
    const standIn = attentionStandIn(stream, '4')!;
    assert.equal(standIn.name, 'attentive_translator');
    const opened = attentionOnModel(stream, standIn);
    assert.deepEqual(opened.map(x => x.type), ['model', 'alignments']);
    assert.deepEqual(attentionOnUpdate({ frames: [], connectivity: [], states: [], attention: [m] }, '4').map(x => x.type), ['alignment']);
    assert.deepEqual(attentionOnUpdate({ frames: [], connectivity: [], states: [], attention: [m] }, '5'), [], 'another model: nothing');
    assert.deepEqual(attentionOnUpdate({ frames: [], connectivity: [], states: [] }, '4'), [], 'a batch without attention');
    // As the webview receives them: through the codec and VS Code's JSON.
    for (const x of opened) assert.ok(isHostToAttention(fromWire(JSON.parse(JSON.stringify(toWire(x))))), x.type);
  });

  it('the guard drops weights of the wrong size, a mask of the wrong length, labels that are not strings', () => {
    const ok = { type: 'alignment', inputTokens: ['a', 'b'], outputTokens: ['x'], snapshot: { step: 1, maps: [{ layer: 'l', kind: 'Attention', Tq: 1, Tv: 2, weights: [0.5, 0.5], valueMask: [1, 1] }] }, reset: false };
    assert.equal(isHostToAttention(ok), true);
    const bad = (patch: (m: typeof ok) => void) => {
      const m = structuredClone(ok);
      patch(m);
      return isHostToAttention(m);
    };
    assert.equal(bad(m => { m.snapshot.maps[0].weights = [1]; }), false);
    assert.equal(bad(m => { m.snapshot.maps[0].valueMask = [1]; }), false);
    assert.equal(bad(m => { (m.inputTokens as unknown[]) = [1, 2]; }), false);
    assert.equal(bad(m => { (m.snapshot.maps[0] as { Tq: number }).Tq = 1.5; }), false);
    assert.equal(isHostToAttention({ type: 'alignments', inputTokens: [], outputTokens: [], snapshots: 'all' }), false);
  });
});
