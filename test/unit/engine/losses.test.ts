// Losses and metrics: values against hand-written formulas, gradients against finite differences.
import * as assert from 'assert';
import { Graph, encodeModel } from '../../../src/engine/graph';
import { computeLoss, perSampleLoss } from '../../../src/engine/losses';
import { computeMetric } from '../../../src/engine/losses/metrics';
import { tensor, toNumbers } from '../../../src/engine/runtime';
import { expectGrad, runtime, uniform } from './helpers/gradcheck';

const sig = (x: number) => 1 / (1 + Math.exp(-x));
const EPS = 1e-7;
const clipP = (p: number) => Math.min(1 - EPS, Math.max(EPS, p));

async function evalLoss(name: string, fromLogits: boolean, yTrue: { dims: number[]; data: number[]; int?: boolean }, yPred: { dims: number[]; data: number[] }, mask?: number[]): Promise<number> {
  const g = new Graph('l', 'float64');
  const yt = g.input('yt', yTrue.int ? 'int64' : 'float64', yTrue.dims);
  const yp = g.input('yp', 'float64', yPred.dims);
  const m = mask ? g.input('m', 'float64', yPred.dims.slice(0, 2)) : undefined;
  g.output(computeLoss(g, { name, from_logits: fromLogits }, yt, yp, m), 'L');
  const { session } = await runtime().createSession(encodeModel(g));
  const feeds: Record<string, ReturnType<typeof tensor>> = { yt: tensor(yTrue.int ? 'int64' : 'float64', yTrue.dims, yTrue.data), yp: tensor('float64', yPred.dims, yPred.data) };
  if (mask) feeds.m = tensor('float64', yPred.dims.slice(0, 2), mask);
  const L = toNumbers((await session.run(feeds)).L)[0];
  await session.dispose();
  return L;
}

const close = (a: number, b: number, tol = 1e-9) => assert.ok(Math.abs(a - b) <= tol * (1 + Math.abs(b)), `${a} vs ${b}`);

describe('losses: values (Keras formulas)', () => {
  const logits = [0.3, -1.2, 2.0, -0.4];
  const y = [1, 0, 1, 1];
  it('binary_crossentropy from probabilities and from logits agree with the formula', async () => {
    const want = -y.reduce((s, t, i) => s + t * Math.log(clipP(sig(logits[i]))) + (1 - t) * Math.log(1 - clipP(sig(logits[i]))), 0) / 4;
    close(await evalLoss('binary_crossentropy', false, { dims: [4, 1], data: y }, { dims: [4, 1], data: logits.map(sig) }), want, 1e-6);
    close(await evalLoss('binary_crossentropy', true, { dims: [4], data: y }, { dims: [4, 1], data: logits }), want, 1e-6);
  });
  it('categorical and sparse categorical crossentropy (probabilities and logits)', async () => {
    const z = [1, 2, 0.5, -1, 0, 3]; // [2, 3]
    const lse = (r: number[]) => Math.log(r.reduce((s, v) => s + Math.exp(v), 0));
    const labels = [1, 2];
    const want = -((z[1] - lse(z.slice(0, 3))) + (z[5] - lse(z.slice(3)))) / 2;
    const probs = [...z.slice(0, 3).map((v) => Math.exp(v - lse(z.slice(0, 3)))), ...z.slice(3).map((v) => Math.exp(v - lse(z.slice(3))))];
    close(await evalLoss('sparse_categorical_crossentropy', true, { dims: [2], data: labels, int: true }, { dims: [2, 3], data: z }), want);
    close(await evalLoss('sparse_categorical_crossentropy', false, { dims: [2], data: labels, int: true }, { dims: [2, 3], data: probs }), want, 1e-7);
    close(await evalLoss('categorical_crossentropy', true, { dims: [2, 3], data: [0, 1, 0, 0, 0, 1] }, { dims: [2, 3], data: z }), want);
  });
  it('mse and mae', async () => {
    const p = [0.5, 1.5, -1, 2];
    const t = [1, 1, 0, 0];
    close(await evalLoss('mse', false, { dims: [2, 2], data: t }, { dims: [2, 2], data: p }), p.reduce((s, v, i) => s + (v - t[i]) ** 2, 0) / 4);
    close(await evalLoss('mae', false, { dims: [2, 2], data: t }, { dims: [2, 2], data: p }), p.reduce((s, v, i) => s + Math.abs(v - t[i]), 0) / 4);
  });
  it('masked sequence loss averages over unmasked steps only', async () => {
    // [B=1, T=3, 1]; the third step is masked and has a huge error that must not count.
    const L = await evalLoss('mse', false, { dims: [1, 3, 1], data: [1, 2, 100] }, { dims: [1, 3, 1], data: [0, 0, 0] }, [1, 1, 0]);
    close(L, (1 + 4) / 2);
  });
});

describe('losses: gradients vs central differences (float64)', function () {
  this.timeout(60000);
  const cases: [string, boolean, { dims: number[]; data: number[]; int?: boolean }, number[]][] = [
    ['binary_crossentropy', false, { dims: [3, 2], data: [1, 0, 0, 1, 1, 1] }, [3, 2]],
    ['binary_crossentropy', true, { dims: [3, 2], data: [1, 0, 0, 1, 1, 1] }, [3, 2]],
    ['categorical_crossentropy', false, { dims: [2, 3], data: [0, 1, 0, 1, 0, 0] }, [2, 3]],
    ['categorical_crossentropy', true, { dims: [2, 3], data: [0, 1, 0, 1, 0, 0] }, [2, 3]],
    ['sparse_categorical_crossentropy', true, { dims: [2, 2], data: [2, 0, 1, 1], int: true }, [2, 2, 3]],
    ['mse', false, { dims: [2, 3], data: uniform(6, 3) }, [2, 3]],
    ['mae', false, { dims: [2, 3], data: [5, 5, 5, -5, -5, -5] }, [2, 3]],
  ];
  for (const [name, logits, yt, predDims] of cases) {
    it(`${name}${logits ? ' from_logits' : ''}`, async () => {
      const n = predDims.reduce((a, b) => a * b, 1);
      // probabilities in (0.1, 0.9) so clipping is inactive; logits anywhere
      const data = logits || name.startsWith('m') ? uniform(n, 11, -2, 2) : uniform(n, 11, 0.1, 0.9);
      await expectGrad({
        name,
        inputs: [{ dims: predDims, data }, { ...yt, wrt: false }],
        build: (g, [yp, ytv]) => perSampleLoss(g, { name, from_logits: logits }, ytv, yp),
      });
    });
  }
});

describe('metrics', () => {
  it('accuracy resolves by loss: binary, sparse categorical; masked steps excluded', async () => {
    const g = new Graph('m', 'float64');
    const yb = g.input('yb', 'float64', [4, 1]);
    const pb = g.input('pb', 'float64', [4, 1]);
    const ys = g.input('ys', 'int64', [1, 3]);
    const ps = g.input('ps', 'float64', [1, 3, 2]);
    const ms = g.input('ms', 'float64', [1, 3]);
    g.output(computeMetric(g, 'accuracy', { name: 'binary_crossentropy' }, yb, pb), 'bin');
    g.output(computeMetric(g, 'accuracy', { name: 'sparse_categorical_crossentropy' }, ys, ps, ms), 'sparse');
    const { session } = await runtime().createSession(encodeModel(g));
    const out = await session.run({
      yb: tensor('float64', [4, 1], [1, 0, 1, 0]),
      pb: tensor('float64', [4, 1], [0.9, 0.2, 0.4, 0.7]),
      ys: tensor('int64', [1, 3], [1, 0, 1]),
      ps: tensor('float64', [1, 3, 2], [0.2, 0.8, 0.1, 0.9, 0.9, 0.1]),
      ms: tensor('float64', [1, 3], [1, 1, 0]),
    });
    close(toNumbers(out.bin)[0], 0.5);
    close(toNumbers(out.sparse)[0], 0.5); // step 0 right, step 1 wrong, step 2 masked
    await session.dispose();
  });
});
