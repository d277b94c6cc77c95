// The gradient codec: NaN, +Inf and −Inf survive every hop that carries JSON (cell outputs,
// webview messages and saved webview state), and no other value changes on the way.
import * as assert from 'node:assert/strict';
import { decodeJson, encodeJson, fromWire, toMessage, toWire } from '../../../src/protocol/gradients/codec';
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

  it('drops undefined fields as JSON does, turns other typed arrays into arrays, refuses runaway nesting', () => {
    assert.deepEqual(fromWire(toWire({ a: undefined, f: Float32Array.of(1, NaN), i: Int32Array.of(3, -4) })), { f: Float32Array.of(1, NaN), i: [3, -4] });
    let deep: unknown = 1;
    for (let i = 0; i < 100; i++) deep = [deep];
    assert.throws(() => toWire(deep), /nested deeper than 64/);
  });

  it('carries Float32Array and Float64Array as their bytes: the same typed array back, bit for bit, in a quarter of the text', () => {
    const values = Float32Array.from({ length: 4096 }, (_, i) => Math.sin(i) * 10 ** ((i % 13) - 6));
    values.set([NaN, Infinity, -Infinity, -0, 3.4028234663852886e38, 1.401298464324817e-45], 100);
    const snapshot = { step: 3, series: [{ name: 'h', values }], wide: Float64Array.of(Math.PI, NaN, -Infinity, 5e-324) };
    const wire = JSON.stringify(toWire(snapshot));
    const back = fromWire<typeof snapshot>(JSON.parse(wire));
    assert.ok(back.series[0].values instanceof Float32Array && back.wide instanceof Float64Array);
    assert.deepEqual(back.series[0].values, values);
    assert.ok(Object.is(back.series[0].values[103], -0));
    assert.deepEqual(back.wide, Float64Array.of(Math.PI, NaN, -Infinity, 5e-324));
    const asText = JSON.stringify(Array.from(values, v => (Number.isFinite(v) ? v : String(v)))).length;
    assert.ok(wire.length < asText / 3, `${wire.length} characters on the wire vs ${asText} as JSON numbers`);
    // a view into a larger buffer sends only its own elements
    const view = new Float32Array(Float32Array.of(9, 8, 7, 6).buffer, 4, 2);
    assert.deepEqual(fromWire(overJson(toWire({ view }))), { view: Float32Array.of(8, 7) });
  });

  it('a key that starts with the escape character stays a key; a damaged typed array is refused, not guessed', () => {
    const odd = { '\u001btyped': 'f32', bytes: 'AAAA', '\u001bx': [1] };
    assert.deepEqual(fromWire(overJson(toWire(odd))), odd);
    assert.throws(() => fromWire({ '\u001btyped': 'f32', bytes: 'AAA=' }), /partial element/);
    assert.throws(() => fromWire({ '\u001btyped': 'i8', bytes: 'AAAA' }), /damaged typed array/);
    assert.throws(() => fromWire({ '\u001btyped': 'f64', bytes: 17 }), /damaged typed array/);
  });

  it('a webview message (toMessage) keeps Float32Array and Float64Array as typed arrays for VS Code to carry as bytes; a view into a larger buffer goes as a copy of its own elements', () => {
    const values = Float32Array.of(1, NaN, Infinity, -0);
    const wide = Float64Array.of(Math.PI, -Infinity);
    const view = new Float32Array(Float32Array.of(9, 8, 7, 6).buffer, 4, 2);
    const message = toMessage({ loss: NaN, name: 'NaN', values, wide, view, ints: Int32Array.of(3) }) as unknown as Record<string, unknown>;
    assert.equal(message.values, values, 'a whole-buffer array is not copied');
    assert.equal(message.wide, wide);
    assert.ok(message.view instanceof Float32Array && message.view.buffer.byteLength === 8, 'only the view\'s two elements travel');
    assert.deepEqual(message.ints, [3]);
    // What the page gets from VS Code (the JSON part through JSON, the typed arrays as they were) decodes to the original.
    const arrived = { ...(JSON.parse(JSON.stringify({ loss: message.loss, name: message.name, ints: message.ints })) as object), values: message.values, wide: message.wide, view: message.view };
    assert.deepEqual(fromWire(arrived), { loss: NaN, name: 'NaN', values, wide, view: Float32Array.of(8, 7), ints: [3] });
  });
});
