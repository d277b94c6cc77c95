// Optimizers: several steps of each against the Keras 3 update formulas written out in JS,
// and gradient clipping.
import * as assert from 'assert';
import { Graph, encodeModel } from '../../../src/engine/graph';
import { makeOptimizer, OptimizerConfig, clipGradients, globalNorm } from '../../../src/engine/optim';
import { tensor, toNumbers } from '../../../src/engine/runtime';
import { runtime } from './helpers/gradcheck';

type Ref = (p: number[], g: number[], s: number[][], lr: number, t: number) => { p: number[]; s: number[][] };

const refs: Record<string, [OptimizerConfig, Ref]> = {
  'sgd': [{ name: 'sgd', learning_rate: 0.1 }, (p, g, s, lr) => ({ p: p.map((v, i) => v - lr * g[i]), s })],
  'sgd momentum': [{ name: 'sgd', learning_rate: 0.1, momentum: 0.9 }, (p, g, [m], lr) => {
    const m2 = m.map((v, i) => 0.9 * v - lr * g[i]);
    return { p: p.map((v, i) => v + m2[i]), s: [m2] };
  }],
  'sgd nesterov': [{ name: 'sgd', learning_rate: 0.1, momentum: 0.9, nesterov: true }, (p, g, [m], lr) => {
    const m2 = m.map((v, i) => 0.9 * v - lr * g[i]);
    return { p: p.map((v, i) => v + 0.9 * m2[i] - lr * g[i]), s: [m2] };
  }],
  'adam': [{ name: 'adam' }, (p, g, [m, v], lr, t) => {
    const lrT = (lr * Math.sqrt(1 - 0.999 ** t)) / (1 - 0.9 ** t);
    const m2 = m.map((x, i) => x + (g[i] - x) * 0.1);
    const v2 = v.map((x, i) => x + (g[i] * g[i] - x) * 0.001);
    return { p: p.map((x, i) => x - (m2[i] * lrT) / (Math.sqrt(v2[i]) + 1e-7)), s: [m2, v2] };
  }],
  'rmsprop': [{ name: 'rmsprop' }, (p, g, [v], lr) => {
    const v2 = v.map((x, i) => 0.9 * x + 0.1 * g[i] * g[i]);
    return { p: p.map((x, i) => x - (lr * g[i]) / Math.sqrt(v2[i] + 1e-7)), s: [v2] };
  }],
  'adagrad': [{ name: 'adagrad', learning_rate: 0.05 }, (p, g, [a], lr) => {
    const a2 = a.map((x, i) => x + g[i] * g[i]);
    return { p: p.map((x, i) => x - (lr * g[i]) / Math.sqrt(a2[i] + 1e-7)), s: [a2] };
  }],
};

describe('optimizers: three steps match the Keras 3 formulas (float64)', () => {
  for (const [label, [cfg, ref]] of Object.entries(refs)) {
    it(label, async () => {
      const opt = makeOptimizer(cfg);
      const g = new Graph('opt', 'float64');
      const p = g.input('p', 'float64', [3]);
      const gr = g.input('g', 'float64', [3]);
      const slots = opt.slots().map((s) => g.input(`s_${s.name}`, 'float64', [3]));
      const lr = g.input('lr', 'float64', []);
      const t = g.input('t', 'float64', []);
      const u = opt.update(g, p, gr, slots, lr, t);
      g.output(u.param, 'p2');
      u.slots.forEach((s, i) => g.output(s, `s2_${i}`));
      const { session } = await runtime().createSession(encodeModel(g));
      let P = [0.5, -1, 2];
      let S = opt.slots().map((s) => [s.init, s.init, s.init]);
      const grads = [[0.1, -0.2, 0.3], [-0.5, 0.05, 0.2], [1, 1, -1]];
      for (let step = 1; step <= 3; step++) {
        const feeds: Record<string, ReturnType<typeof tensor>> = { p: tensor('float64', [3], P), g: tensor('float64', [3], grads[step - 1]), lr: tensor('float64', [], [opt.config.learning_rate]), t: tensor('float64', [], [step]) };
        opt.slots().forEach((s, i) => (feeds[`s_${s.name}`] = tensor('float64', [3], S[i])));
        const out = await session.run(feeds);
        const want = ref(P, grads[step - 1], S, opt.config.learning_rate, step);
        const got = toNumbers(out.p2);
        got.forEach((v, i) => assert.ok(Math.abs(v - want.p[i]) < 1e-12, `${label} step ${step}: ${v} vs ${want.p[i]}`));
        P = got;
        S = opt.slots().map((_, i) => toNumbers(out[`s2_${i}`]));
      }
      await session.dispose();
    });
  }
});

describe('gradient clipping', () => {
  async function clipRun(cfg: Parameters<typeof clipGradients>[2], a: number[], b: number[]) {
    const g = new Graph('clip', 'float64');
    const x = g.input('a', 'float64', [a.length]);
    const y = g.input('b', 'float64', [b.length]);
    const n = globalNorm(g, [x, y]);
    const [ca, cb] = clipGradients(g, [x, y], cfg, n);
    g.output(ca, 'ca');
    g.output(cb, 'cb');
    g.output(n, 'n');
    const { session } = await runtime().createSession(encodeModel(g));
    const out = await session.run({ a: tensor('float64', [a.length], a), b: tensor('float64', [b.length], b) });
    await session.dispose();
    return { a: toNumbers(out.ca), b: toNumbers(out.cb), n: toNumbers(out.n)[0] };
  }
  it('clipnorm rescales each tensor to at most the norm', async () => {
    const r = await clipRun({ clipnorm: 1 }, [3, 4], [0.3, 0.4]);
    assert.deepStrictEqual(r.a.map((v) => +v.toFixed(12)), [0.6, 0.8]);
    assert.deepStrictEqual(r.b.map((v) => +v.toFixed(12)), [0.3, 0.4]);
  });
  it('global_clipnorm rescales all tensors together; the reported norm is before clipping', async () => {
    const r = await clipRun({ global_clipnorm: 1 }, [3, 4], [0, 0]);
    assert.ok(Math.abs(r.n - 5) < 1e-12);
    assert.deepStrictEqual(r.a.map((v) => +v.toFixed(12)), [0.6, 0.8]);
  });
  it('clipvalue clips elementwise', async () => {
    const r = await clipRun({ clipvalue: 0.5 }, [3, -4], [0.1, -0.2]);
    assert.deepStrictEqual(r.a, [0.5, -0.5]);
    assert.deepStrictEqual(r.b, [0.1, -0.2]);
  });
});
