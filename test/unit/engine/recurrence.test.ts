// Recurrences: Scan and unrolled lowerings agree (forward and gradients), the Scan gradient
// matches finite differences in float64, and one Scan session serves every sequence length.
import * as assert from 'assert';
import { Graph, encodeModel, Value } from '../../../src/engine/graph';
import * as op from '../../../src/engine/ops';
import { backprop, grad } from '../../../src/engine/autodiff/backprop';
import { recurrence, gradNorms, StepFn } from '../../../src/engine/ops/recurrence';
import { tensor, toNumbers } from '../../../src/engine/runtime';
import { expectGrad, runtime, uniform } from './helpers/gradcheck';

const H = 3;

/** h_t = tanh(x_t + h_{t−1}·U);  y_t = h_t. Mask m_t ∈ {0,1}: masked steps keep h. */
function tanhStep(U: Value, masked: boolean): StepFn {
  return (g, [h], xs) => {
    const cand = op.tanh(g, op.add(g, xs[0], op.matmul(g, h, U)));
    if (!masked) return { states: [cand], outputs: [cand] };
    const m = xs[1]; // [B, 1]
    const next = op.add(g, op.mul(g, m, cand), op.mul(g, op.rsubC(g, 1, m), h));
    return { states: [next], outputs: [next] };
  };
}

/** Two states (like LSTM's h, c): c_t = c_{t−1}·σ(x_t) + tanh(x_t + h·U); h_t = tanh(c_t)·V. */
function twoStateStep(U: Value, V: Value): StepFn {
  return (g, [h, c], [x]) => {
    const c2 = op.add(g, op.mul(g, c, op.sigmoid(g, x)), op.tanh(g, op.add(g, x, op.matmul(g, h, U))));
    const h2 = op.mul(g, op.tanh(g, c2), V);
    return { states: [h2, c2], outputs: [h2] };
  };
}

describe('recurrence: Scan gradient vs central differences (float64)', function () {
  this.timeout(120000);
  const T = 4;
  const B = 2;
  for (const lowering of ['scan', 'unrolled'] as const) {
    for (const reverse of [false, true]) {
      it(`${lowering}${reverse ? ' go_backwards' : ''}: tanh RNN, many-to-many + final state`, async () => {
        await expectGrad({
          name: `rnn ${lowering} ${reverse}`,
          inputs: [{ dims: [T, B, H], decl: lowering === 'scan' ? ['T', 'B', H] : [T, 'B', H] }, { dims: [H, H] }, { dims: [B, H], decl: ['B', H] }],
          build: (g, [x, U, h0]) => {
            const r = recurrence(g, { name: 'rnn', init: [h0], seqs: [x], params: [U], step: tanhStep(U, false), lowering, T, reverse });
            return op.add(g, op.reduceSum(g, r.outputs[0], [0]), op.mulC(g, r.final[0], 0.7));
          },
        });
      });
    }
  }
  it('scan: masked steps (many-to-one), gradient flows only through unmasked steps', async () => {
    const mask = [1, 1, 0, 1, 1, 0, 0, 1]; // [T=4, B=2, 1]
    await expectGrad({
      name: 'masked',
      inputs: [{ dims: [T, B, H], decl: ['T', 'B', H] }, { dims: [H, H] }, { dims: [B, H] }, { dims: [T, B, 1], data: mask, wrt: false }],
      build: (g, [x, U, h0, m]) => recurrence(g, { name: 'm', init: [h0], seqs: [x, m], params: [U], step: tanhStep(U, true) }).final[0],
    });
  });
  it('scan: two states (h, c) and a second parameter', async () => {
    await expectGrad({
      name: 'two-state',
      inputs: [{ dims: [T, B, H], decl: ['T', 'B', H] }, { dims: [H, H] }, { dims: [H] }, { dims: [B, H] }, { dims: [B, H] }],
      build: (g, [x, U, V, h0, c0]) => {
        const r = recurrence(g, { name: 'lstmish', init: [h0, c0], seqs: [x], params: [U, V], step: twoStateStep(U, V) });
        return op.add(g, op.reduceMean(g, r.outputs[0], [0]), r.final[1]);
      },
    });
  });
});

describe('recurrence: Scan and unrolled lowerings give the same numbers', function () {
  this.timeout(120000);
  for (const reverse of [false, true]) it(`forward outputs, gradients and ‖dL/dh_t‖ agree (float32${reverse ? ', go_backwards' : ''})`, async () => {
    const T = 6;
    const B = 3;
    const results: Record<string, number[]>[] = [];
    for (const lowering of ['scan', 'unrolled'] as const) {
      const g = new Graph('cmp', 'float32');
      const x = g.input('x', 'float32', [T, 'B', H]);
      const U = g.input('U', 'float32', [H, H]);
      const h0 = g.input('h0', 'float32', ['B', H]);
      const r = recurrence(g, { name: 'r', init: [h0], seqs: [x], params: [U], step: tanhStep(U, false), lowering, T, reverse });
      const L = op.reduceSum(g, op.mul(g, r.final[0], r.final[0]));
      const grads = backprop(g, [[L, g.scalar(1)]], [x, U, h0]);
      g.output(r.outputs[0], 'y');
      g.output(L, 'L');
      g.output(grads.get(U)!, 'dU');
      g.output(grads.get(x)!, 'dx');
      g.output(grads.get(h0)!, 'dh0');
      g.output(gradNorms(g, r, grads)!, 'dhnorm');
      const { session } = await runtime().createSession(encodeModel(g));
      const out = await session.run({
        x: tensor('float32', [T, B, H], uniform(T * B * H, 1)),
        U: tensor('float32', [H, H], uniform(H * H, 2)),
        h0: tensor('float32', [B, H], uniform(B * H, 3)),
      });
      results.push(Object.fromEntries(Object.entries(out).map(([k, v]) => [k, toNumbers(v)])));
      assert.deepStrictEqual(out.dhnorm.dims, [T, B]);
      await session.dispose();
    }
    for (const k of ['y', 'L', 'dU', 'dx', 'dh0', 'dhnorm']) {
      const [a, b] = [results[0][k], results[1][k]];
      assert.strictEqual(a.length, b.length, k);
      a.forEach((v, i) => assert.ok(Math.abs(v - b[i]) <= 1e-5 + 1e-4 * Math.abs(b[i]), `${k}[${i}]: scan ${v} vs unrolled ${b[i]}`));
    }
    // The last processed step's dL/dh is 2·h_last (L = Σ h_last²): check the diagnostic's meaning.
    // Outputs are in processing order; the diagnostic is indexed by input time.
    const hT = results[0].y.slice((T - 1) * B * H);
    const tLast = reverse ? 0 : T - 1;
    for (let b = 0; b < B; b++) {
      const n = Math.hypot(...hT.slice(b * H, b * H + H).map((v) => 2 * v));
      assert.ok(Math.abs(results[0].dhnorm[tLast * B + b] - n) < 1e-5);
    }
  });

  it('one Scan session serves T = 1, 5, 50 (symbolic T and B)', async () => {
    const g = new Graph('anyT', 'float32');
    const x = g.input('x', 'float32', ['T', 'B', H]);
    const U = g.input('U', 'float32', [H, H]);
    const h0 = g.input('h0', 'float32', ['B', H]);
    const r = recurrence(g, { name: 'r', init: [h0], seqs: [x], params: [U], step: tanhStep(U, false) });
    const L = op.reduceSum(g, r.final[0]);
    const [dU] = grad(g, L, [U]);
    g.output(L, 'L');
    g.output(dU, 'dU');
    const { session } = await runtime().createSession(encodeModel(g));
    for (const T of [1, 5, 50]) {
      for (const B of [1, 4]) {
        const out = await session.run({
          x: tensor('float32', [T, B, H], uniform(T * B * H, T)),
          U: tensor('float32', [H, H], uniform(H * H, 2).map((v) => v * 0.5)),
          h0: tensor('float32', [B, H], new Float32Array(B * H)),
        });
        assert.deepStrictEqual(out.dU.dims, [H, H]);
        assert.ok(toNumbers(out.L).every(Number.isFinite));
      }
    }
    await session.dispose();
  });
});
