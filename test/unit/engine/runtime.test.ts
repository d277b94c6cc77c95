// The same runtime suite against both implementations: onnxruntime-node and onnxruntime-web (wasm in Node).
import * as assert from 'assert';
import { Graph, encodeModel } from '../../../src/engine/graph';
import * as op from '../../../src/engine/ops';
import { NodeRuntime, WebRuntime, Runtime, SessionCache, tensor, toNumbers, physicalCores } from '../../../src/engine/runtime';

function tinyModel(dtype: 'float32' | 'float64'): Uint8Array {
  const g = new Graph('tiny', dtype);
  const x = g.input('x', dtype, ['B', 3]);
  const w = g.input('w', dtype, [3, 2]);
  const y = op.tanh(g, op.matmul(g, x, w)); // [B, 2]
  g.output(y, 'y');
  g.output(op.reduceSum(g, y), 'total');
  return encodeModel(g);
}

const runtimes: [string, () => Runtime][] = [
  ['onnxruntime-node', () => new NodeRuntime()],
  ['onnxruntime-web (wasm)', () => new WebRuntime()],
];

for (const [name, make] of runtimes) {
  describe(`runtime: ${name}`, () => {
    let rt: Runtime;
    before(() => (rt = make()));

    it('runs a graph with symbolic batch in float32 and float64', async () => {
      for (const dtype of ['float32', 'float64'] as const) {
        const { session, provider } = await rt.createSession(tinyModel(dtype));
        assert.strictEqual(provider, 'cpu');
        assert.deepStrictEqual([...session.inputNames], ['x', 'w']);
        for (const B of [1, 4]) {
          const x = tensor(dtype, [B, 3], Array.from({ length: B * 3 }, (_, i) => i / 10));
          const w = tensor(dtype, [3, 2], [1, 0, 0, 1, 0.5, -0.5]);
          const out = await session.run({ x, w });
          assert.deepStrictEqual(out.y.dims, [B, 2]);
          assert.strictEqual(out.y.dtype, dtype);
          const ys = toNumbers(out.y);
          for (let b = 0; b < B; b++) {
            const xs = [0, 1, 2].map((k) => (b * 3 + k) / 10);
            const want = [Math.tanh(xs[0] + 0.5 * xs[2]), Math.tanh(xs[1] - 0.5 * xs[2])];
            assert.ok(Math.abs(ys[2 * b] - want[0]) < 1e-6 && Math.abs(ys[2 * b + 1] - want[1]) < 1e-6);
          }
          assert.ok(Math.abs(toNumbers(out.total)[0] - ys.reduce((a, c) => a + c, 0)) < 1e-5);
        }
        await session.dispose();
      }
    });

    it('fetches only the requested outputs', async () => {
      const { session } = await rt.createSession(tinyModel('float32'));
      const out = await session.run({ x: tensor('float32', [1, 3], [1, 2, 3]), w: tensor('float32', [3, 2], [0, 0, 0, 0, 0, 0]) }, ['total']);
      assert.deepStrictEqual(Object.keys(out), ['total']);
      assert.strictEqual(toNumbers(out.total)[0], 0);
    });

    it('falls back to cpu with a reason when a provider cannot load, never throws', async () => {
      const wanted = rt.name === 'onnxruntime-node' ? (['coreml', 'dml', 'cuda'] as const) : (['webgpu', 'cuda'] as const);
      for (const p of wanted) {
        const r = await rt.createSession(tinyModel('float32'), { provider: p });
        if (r.provider === 'cpu') assert.ok(r.fallbackReason && r.fallbackReason.length > 0, `${p} gave no reason`);
        const out = await r.session.run({ x: tensor('float32', [1, 3], [1, 1, 1]), w: tensor('float32', [3, 2], [1, 1, 1, 1, 1, 1]) });
        assert.ok(Math.abs(toNumbers(out.total)[0] - 2 * Math.tanh(3)) < 1e-5);
      }
    });

    it('lists providers with cpu first', () => {
      assert.strictEqual(rt.availableProviders()[0], 'cpu');
    });

    it('caches sessions per key', async () => {
      const cache = new SessionCache(rt);
      let builds = 0;
      const build = () => (builds++, tinyModel('float32'));
      const a = await cache.get('tiny/B', build);
      const b = await cache.get('tiny/B', build);
      assert.strictEqual(a, b);
      assert.strictEqual(builds, 1);
      await cache.dispose();
    });
  });
}

describe('runtime: cores', () => {
  it('physical cores is a positive integer', () => {
    const n = physicalCores();
    assert.ok(Number.isInteger(n) && n >= 1);
  });
});
