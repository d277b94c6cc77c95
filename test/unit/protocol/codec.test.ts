// The gradient codec: NaN, +Inf and −Inf survive every hop that carries JSON (cell outputs,
// webview messages and saved webview state), and no other value changes on the way.
import * as assert from 'node:assert/strict';
import { decodeJson, encodeJson, fromWire, toWire } from '../../../src/protocol/gradients/codec';
import type { GradientFrame } from '../../../src/protocol/gradients';

const exploded: GradientFrame = {
  modelId: '1001', step: 7, epoch: 0, loss: NaN,
  dh: { 'simple_rnn.forward': [Infinity, 1e30, NaN, -Infinity, 0, 2.5e-12] },
  gradNorm: { 'simple_rnn.kernel': Infinity, 'dense.bias': 0.25 },
  updateRatio: { 'simple_rnn.kernel': NaN },
  globalNorm: Infinity, nonFinite: true,
};

/** What VS Code does to a webview message: JSON through and back. */
const overJson = <T>(v: T): T => JSON.parse(JSON.stringify(v)) as T;

describe('protocol: the gradient codec', () => {
  it('plain JSON loses the non-finite values (the bug this codec exists for)', () => {
    const naive = overJson(exploded);
    assert.equal(naive.globalNorm, null);
    assert.deepEqual(naive.dh['simple_rnn.forward'].slice(0, 4), [null, 1e30, null, null]);
  });

  it('keeps NaN, +Inf and −Inf distinct through a webview message (toWire → JSON → fromWire)', () => {
    const back = fromWire<GradientFrame>(overJson(toWire(exploded)));
    assert.deepEqual(back, exploded);
    assert.ok(Object.is(back.dh['simple_rnn.forward'][3], -Infinity));
    assert.ok(Number.isNaN(back.loss));
  });

  it('keeps them through a cell output (encodeJson → decodeJson)', () => {
    assert.deepEqual(decodeJson<GradientFrame>(encodeJson(exploded)), exploded);
  });

  it('leaves strings that look like the tokens as strings (a model named "NaN")', () => {
    const odd = { name: 'NaN', layer: 'Infinity', other: '-Infinity', escaped: '\u001bx', list: ['NaN', NaN] };
    assert.deepEqual(fromWire(overJson(toWire(odd))), odd);
    assert.deepEqual(decodeJson(encodeJson(odd)), odd);
  });

  it('drops undefined fields as JSON does, turns typed arrays into arrays, refuses runaway nesting', () => {
    assert.deepEqual(fromWire(toWire({ a: undefined, f: Float32Array.of(1, NaN) })), { f: [1, NaN] });
    let deep: unknown = 1;
    for (let i = 0; i < 100; i++) deep = [deep];
    assert.throws(() => toWire(deep), /nested deeper than 64/);
  });
});
