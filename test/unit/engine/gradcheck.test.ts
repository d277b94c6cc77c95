// Every op's gradient rule against central finite differences, in float64 graphs run by ONNX Runtime.
import * as assert from 'assert';
import * as op from '../../../src/engine/ops';
import { expectGrad, GradCase, uniform } from './helpers/gradcheck';
import { ACTIVATIONS } from '../../../src/engine/layers/activations';
import { defineOp, opDef } from '../../../src/engine/ops/registry';

const pos = (n: number, seed: number) => uniform(n, seed, 0.5, 2); // for log, sqrt, pow bases
const awayFrom0 = (n: number, seed: number) => uniform(n, seed, 0.2, 1).map((v, i) => (i % 2 ? -v : v));

const cases: GradCase[] = [
  // ---- elementwise with broadcasting
  { name: 'Add [2,3]+[3]', inputs: [{ dims: [2, 3] }, { dims: [3] }], build: (g, [a, b]) => op.add(g, a, b) },
  { name: 'Add [B,3]+[B,1] symbolic', inputs: [{ dims: [2, 3], decl: ['B', 3] }, { dims: [2, 1], decl: ['B', 1] }], build: (g, [a, b]) => op.add(g, a, b) },
  { name: 'Sub [2,1]-[1,3]', inputs: [{ dims: [2, 1] }, { dims: [1, 3] }], build: (g, [a, b]) => op.sub(g, a, b) },
  { name: 'Mul [2,3]*[] scalar', inputs: [{ dims: [2, 3] }, { dims: [] }], build: (g, [a, b]) => op.mul(g, a, b) },
  { name: 'Mul [4,2,3]*[2,1]', inputs: [{ dims: [4, 2, 3] }, { dims: [2, 1] }], build: (g, [a, b]) => op.mul(g, a, b) },
  { name: 'Div [2,3]/[3]', inputs: [{ dims: [2, 3] }, { dims: [3], data: pos(3, 1) }], build: (g, [a, b]) => op.div(g, a, b) },
  { name: 'Pow base^const', inputs: [{ dims: [5], data: pos(5, 2) }], build: (g, [a]) => op.pow(g, a, g.scalar(2.5)) },
  { name: 'Pow base^exponent', inputs: [{ dims: [2, 2], data: pos(4, 3) }, { dims: [2, 2] }], build: (g, [a, b]) => op.pow(g, a, b) },
  { name: 'Neg', inputs: [{ dims: [3, 2] }], build: (g, [a]) => op.neg(g, a) },
  { name: 'Exp', inputs: [{ dims: [3, 2] }], build: (g, [a]) => op.exp(g, a) },
  { name: 'Log', inputs: [{ dims: [3, 2], data: pos(6, 4) }], build: (g, [a]) => op.log(g, a) },
  { name: 'Sqrt', inputs: [{ dims: [3, 2], data: pos(6, 5) }], build: (g, [a]) => op.sqrt(g, a) },
  { name: 'Abs', inputs: [{ dims: [6], data: awayFrom0(6, 6) }], build: (g, [a]) => op.abs(g, a) },
  // ---- activations
  { name: 'Tanh', inputs: [{ dims: [2, 4] }], build: (g, [a]) => op.tanh(g, a) },
  { name: 'Sigmoid', inputs: [{ dims: [2, 4] }], build: (g, [a]) => op.sigmoid(g, a) },
  { name: 'Relu', inputs: [{ dims: [8], data: awayFrom0(8, 7) }], build: (g, [a]) => op.relu(g, a) },
  // ---- selection
  {
    name: 'Clip to [-0.5, 0.5]',
    inputs: [{ dims: [8], data: [-0.9, -0.3, 0.1, 0.45, 0.7, -0.6, 0.2, 0.8] }],
    build: (g, [a]) => op.clip(g, a, g.scalar(-0.5), g.scalar(0.5)),
  },
  {
    name: 'Where with broadcast mask',
    inputs: [{ dims: [2, 3] }, { dims: [3] }, { dims: [2, 1] }],
    build: (g, [m, a, b]) => op.where(g, op.greater(g, m, g.scalar(0)), a, b),
  },
  // ---- matmul
  { name: 'MatMul [3,4]x[4,2]', inputs: [{ dims: [3, 4] }, { dims: [4, 2] }], build: (g, [a, b]) => op.matmul(g, a, b) },
  { name: 'MatMul [T,B,4]x[4,2]', inputs: [{ dims: [2, 3, 4], decl: ['T', 'B', 4] }, { dims: [4, 2] }], build: (g, [a, b]) => op.matmul(g, a, b) },
  { name: 'MatMul [2,3,4]x[2,4,2] batched', inputs: [{ dims: [2, 3, 4] }, { dims: [2, 4, 2] }], build: (g, [a, b]) => op.matmul(g, a, b) },
  { name: 'MatMul [3,4]x[2,4,2] broadcast lhs', inputs: [{ dims: [3, 4] }, { dims: [2, 4, 2] }], build: (g, [a, b]) => op.matmul(g, a, b) },
  // ---- reductions
  { name: 'ReduceSum axis 1', inputs: [{ dims: [2, 3, 2] }], build: (g, [a]) => op.reduceSum(g, a, [1]) },
  { name: 'ReduceSum keepdims [0,2]', inputs: [{ dims: [2, 3, 2] }], build: (g, [a]) => op.reduceSum(g, a, [0, 2], true) },
  { name: 'ReduceSum all', inputs: [{ dims: [2, 3] }], build: (g, [a]) => op.reduceSum(g, a) },
  { name: 'ReduceMean axis -1 symbolic', inputs: [{ dims: [3, 4], decl: ['B', 'N'] }], build: (g, [a]) => op.reduceMean(g, a, [-1]) },
  { name: 'ReduceMean all', inputs: [{ dims: [3, 4] }], build: (g, [a]) => op.reduceMean(g, a) },
  // ---- softmax family
  { name: 'Softmax axis -1', inputs: [{ dims: [3, 4] }], build: (g, [a]) => op.softmax(g, a) },
  { name: 'Softmax axis 0', inputs: [{ dims: [3, 4] }], build: (g, [a]) => op.softmax(g, a, 0) },
  { name: 'LogSoftmax axis -1', inputs: [{ dims: [2, 5] }], build: (g, [a]) => op.logSoftmax(g, a) },
  // ---- shape movers
  { name: 'Reshape [2,3,2]→[6,2]', inputs: [{ dims: [2, 3, 2] }], build: (g, [a]) => op.reshape(g, a, [-1, 2]) },
  { name: 'Transpose [2,3,4] perm 1,2,0', inputs: [{ dims: [2, 3, 4] }], build: (g, [a]) => op.transpose(g, a, [1, 2, 0]) },
  { name: 'Unsqueeze/Squeeze', inputs: [{ dims: [2, 3] }], build: (g, [a]) => op.squeeze(g, op.mul(g, op.unsqueeze(g, a, [1]), g.floats([1, 1, 3], [1, 2, 3])), [1]) },
  { name: 'Concat axis 1', inputs: [{ dims: [2, 2] }, { dims: [2, 3] }], build: (g, [a, b]) => op.concat(g, [a, b, a], 1) },
  { name: 'Concat axis 0 symbolic', inputs: [{ dims: [2, 3], decl: ['B', 3] }, { dims: [1, 3] }], build: (g, [a, b]) => op.concat(g, [a, b], 0) },
  { name: 'Split one piece used', inputs: [{ dims: [2, 5] }], build: (g, [a]) => op.split(g, a, [2, 3], 1)[1] },
  { name: 'Split both pieces', inputs: [{ dims: [2, 5] }], build: (g, [a]) => { const [p, q] = op.split(g, a, [3, 2], 1); return op.mul(g, op.slice(g, p, [0], [2], [1]), q); } },
  { name: 'Slice middle of axis 1', inputs: [{ dims: [2, 6] }], build: (g, [a]) => op.slice(g, a, [1], [4], [1]) },
  { name: 'Slice to end on symbolic axis', inputs: [{ dims: [5, 2], decl: ['T', 2] }], build: (g, [a]) => op.slice(g, a, [2], [2 ** 40], [0]) },
  { name: 'Expand [3,1]→[2,3,4]', inputs: [{ dims: [3, 1] }], build: (g, [a]) => op.expand(g, a, g.ints([2, 3, 4])) },
  { name: 'Identity', inputs: [{ dims: [3] }], build: (g, [a]) => op.identity(g, a) },
  { name: 'Trilu lower [2,3,4]', inputs: [{ dims: [2, 3, 4] }], build: (g, [a]) => op.lowerTriangle(g, a) },
  // ---- embedding
  {
    name: 'Gather rows with repeated ids (embedding)',
    inputs: [{ dims: [5, 3] }, { dims: [2, 3], int: true, data: [0, 2, 2, 4, 0, 0] }],
    build: (g, [table, ids]) => op.gather(g, table, ids),
  },
  // ---- cast: a bool mask cast to float is a constant for the gradient
  {
    name: 'Cast bool mask × x',
    inputs: [{ dims: [2, 3] }],
    build: (g, [a]) => op.mul(g, a, op.cast(g, op.greater(g, a, g.scalar(0)), 'float64')),
  },
  // ---- compositions: a gradient that flows through two paths must add up
  {
    name: 'fan-out: tanh(x)·x + x',
    inputs: [{ dims: [4] }],
    build: (g, [a]) => op.add(g, op.mul(g, op.tanh(g, a), a), a),
  },
];

describe('gradient checks: every op rule vs central differences (float64, ORT CPU)', function () {
  this.timeout(120000);
  for (const c of cases) {
    it(c.name, async () => {
      const r = await expectGrad(c);
      assert.ok(r.checked > 0);
    });
  }
});

describe('gradient checks: Keras activations (composed from double-capable ops)', function () {
  this.timeout(120000);
  // Points away from kinks (0 for relu/elu, ±3 for hard_sigmoid, ±2.5 for hard_sigmoid_v2) so central differences are valid.
  const xs = [-2.3, -1.2, -0.4, -0.1, 0.15, 0.6, 1.3, 2.7, 4.0, -4.2];
  for (const name of Object.keys(ACTIVATIONS)) {
    it(name, async () => {
      await expectGrad({ name, inputs: [{ dims: [2, 5], data: xs }], build: (g, [a]) => ACTIVATIONS[name](g, a) });
    });
  }
  it('elu stays finite for large inputs (no 0·∞ in the Where gradient)', async () => {
    await expectGrad({ name: 'elu big', inputs: [{ dims: [3], data: [800, -3, 0.5] }], build: (g, [a]) => ACTIVATIONS.elu(g, a) });
  });
});

describe('gradient checks: the checker catches a wrong rule', () => {
  it('a Tanh rule of 1 − y (instead of 1 − y²) fails', async () => {
    const good = opDef('Tanh');
    defineOp('Tanh', { infer: (inputs, attrs) => good.infer(inputs, attrs), grad: (g, n, [d]) => [op.mul(g, d!, op.rsubC(g, 1, n.outputs[0]))] });
    try {
      await assert.rejects(expectGrad({ name: 'bad tanh', inputs: [{ dims: [4] }], build: (g, [a]) => op.tanh(g, a) }), /analytic/);
    } finally {
      defineOp('Tanh', good);
    }
  });
});
