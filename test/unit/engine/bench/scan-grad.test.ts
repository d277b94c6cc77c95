// The Scan gradient's performance formulation, checked by central differences in float64:
// forward values saved by the forward Scan (no recompute), parameter gradients hoisted out of
// the backward loop (MatMul(a, p) as one product over all steps; Add/Sub/Mul with a broadcast
// parameter, either operand order; a parameter used twice), the in-loop fallback for a
// parameter used otherwise (Split(U), GRU reset_after=False style), and a mix of both.
import * as assert from 'assert';
import { grad } from '../../../../src/engine/autodiff/backprop';
import { Graph, Value } from '../../../../src/engine/graph';
import * as op from '../../../../src/engine/ops';
import { recurrence, StepFn } from '../../../../src/engine/ops/recurrence';
import { expectGrad } from '../helpers/gradcheck';

const T = 4;
const B = 2;
const H = 3;

describe('Scan gradient: saved activations and hoisted parameter gradients (float64)', function () {
  this.timeout(120000);
  const xIn = { dims: [T, B, H], decl: ['T', 'B', H] };

  it('hoisted: MatMul(h, U) and a bias by Add, Sub and Mul (p first and second), U used twice', async () => {
    // Second use of U: MatMul(tanh(h), U) scaled by a constant.
    const step2 = (U: Value, b: Value, s: Value, m: Value): StepFn => (g, [h], [x]) => {
      const z = op.add(g, op.add(g, x, op.matmul(g, h, U)), b);
      const z2 = op.sub(g, op.mul(g, m, op.tanh(g, z)), s);
      const h2 = op.add(g, op.sigmoid(g, z2), op.mulC(g, op.matmul(g, op.tanh(g, h), U), 0.5));
      return { states: [h2], outputs: [h2] };
    };
    await expectGrad({
      name: 'hoisted',
      inputs: [xIn, { dims: [H, H] }, { dims: [H] }, { dims: [H] }, { dims: [B, H] }, { dims: [B, H], decl: ['B', H] }],
      build: (g, [x, U, b, s, m, h0]) => {
        const r = recurrence(g, { name: 'hz', init: [h0], seqs: [x], params: [U, b, s, m], step: step2(U, b, s, m) });
        return op.add(g, op.reduceSum(g, r.outputs[0], [0]), r.final[0]);
      },
    });
  });

  it('fallback: U split inside the step (in-loop accumulation) next to a hoisted bias, go_backwards', async () => {
    const step = (U: Value, b: Value): StepFn => (g, [h], [x]) => {
      const [Ua, Ub] = op.split(g, U, [H, H], -1); // not hoistable: U is accumulated in the loop
      const a = op.sigmoid(g, op.add(g, op.matmul(g, h, Ua), b));
      const h2 = op.tanh(g, op.add(g, x, op.matmul(g, op.mul(g, a, h), Ub)));
      return { states: [h2], outputs: [a] };
    };
    await expectGrad({
      name: 'fallback',
      inputs: [xIn, { dims: [H, 2 * H] }, { dims: [H] }, { dims: [B, H] }],
      build: (g, [x, U, b, h0]) => {
        const r = recurrence(g, { name: 'fb', init: [h0], seqs: [x], params: [U, b], step: step(U, b), reverse: true });
        return op.add(g, op.reduceMean(g, r.outputs[0], [0]), r.final[0]);
      },
    });
  });

  it('mixed: U used by a MatMul and by a non-hoistable op falls back as a whole', async () => {
    const step = (U: Value): StepFn => (g, [h], [x]) => {
      const z = op.add(g, x, op.matmul(g, h, U));
      const h2 = op.tanh(g, op.add(g, z, op.reduceSum(g, U, [0], false)));
      return { states: [h2], outputs: [h2] };
    };
    await expectGrad({
      name: 'mixed',
      inputs: [xIn, { dims: [H, H] }, { dims: [B, H] }],
      build: (g, [x, U, h0]) => recurrence(g, { name: 'mx', init: [h0], seqs: [x], params: [U], step: step(U) }).final[0],
    });
  });

  it('the backward body recomputes no forward product: no MatMul with the recurrent kernel in it', () => {
    const g = new Graph('probe', 'float32');
    const x = g.input('x', 'float32', ['T', 'B', 4 * H]);
    const U = g.input('U', 'float32', [H, 4 * H]);
    const h0 = g.input('h0', 'float32', ['B', H]);
    const c0 = g.input('c0', 'float32', ['B', H]);
    const step: StepFn = (bg, [h, c], [xp]) => {
      const z = op.add(bg, xp, op.matmul(bg, h, U));
      const [i, f, cc, o] = op.split(bg, z, [H, H, H, H], -1);
      const c2 = op.add(bg, op.mul(bg, op.sigmoid(bg, f), c), op.mul(bg, op.sigmoid(bg, i), op.tanh(bg, cc)));
      const h2 = op.mul(bg, op.sigmoid(bg, o), op.tanh(bg, c2));
      return { states: [h2, c2], outputs: [h2] };
    };
    const r = recurrence(g, { name: 'l', init: [h0, c0], seqs: [x], params: [U], step });
    grad(g, op.reduceSum(g, r.final[0]), [U, x]);
    const scans = g.nodes.filter((n) => n.op === 'Scan');
    assert.strictEqual(scans.length, 2);
    const body = (scans[1].attrs.body as { v: Graph }).v;
    const mms = body.nodes.filter((n) => n.op === 'MatMul');
    // One product in the backward loop: dh = dz·Uᵀ (Uᵀ computed once, outside the loop).
    assert.strictEqual(mms.length, 1, body.nodes.map((n) => n.op).join(' '));
    assert.ok(!mms[0].inputs.includes(U));
    assert.ok(!body.nodes.some((n) => n.op === 'Transpose'));
    // dU is one product outside the loop.
    assert.ok(g.nodes.some((n) => n.op === 'MatMul' && n.outputs[0].shape.join() === [H, 4 * H].join()));
  });
});
