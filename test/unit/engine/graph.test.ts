// Graph IR: shape inference with symbolic dims, naming, subgraph scoping, ONNX encoding.
import * as assert from 'assert';
import { fromBinary } from '@bufbuild/protobuf';
import { ModelProtoSchema } from 'onnx-buf';
import { Graph, encodeModel, OPSET, IR_VERSION } from '../../../src/engine/graph';
import * as op from '../../../src/engine/ops';

describe('graph IR', () => {
  it('infers shapes with symbolic dims through matmul, broadcast, reduce, reshape, transpose', () => {
    const g = new Graph('s');
    const x = g.input('x', 'float32', ['B', 'T', 8]);
    const w = g.input('w', 'float32', [8, 16]);
    const b = g.input('b', 'float32', [16]);
    const y = op.add(g, op.matmul(g, x, w), b);
    assert.deepStrictEqual(y.shape, ['B', 'T', 16]);
    assert.deepStrictEqual(op.reduceSum(g, y, [1]).shape, ['B', 16]);
    assert.deepStrictEqual(op.reduceMean(g, y, [0, 1], true).shape, [1, 1, 16]);
    assert.deepStrictEqual(op.transpose(g, y, [1, 0, 2]).shape, ['T', 'B', 16]);
    assert.deepStrictEqual(op.reshape(g, y, [0, 0, 4, 4]).shape, ['B', 'T', 4, 4]);
    assert.deepStrictEqual(op.reshape(g, y, [-1, 16]).shape, ['B*T', 16]);
    assert.deepStrictEqual(op.reshape(g, y, op.shapeOf(g, x)).shape, ['B', 'T', 8]);
    const [p, q] = op.split(g, y, [10, 6], -1);
    assert.deepStrictEqual([p.shape, q.shape], [['B', 'T', 10], ['B', 'T', 6]]);
    assert.deepStrictEqual(op.concat(g, [p, q, q], 2).shape, ['B', 'T', 22]);
    assert.deepStrictEqual(op.slice(g, y, [1], [3], [2]).shape, ['B', 'T', 2]);
    assert.deepStrictEqual(op.unsqueeze(g, b, [0]).shape, [1, 16]);
    assert.deepStrictEqual(op.gather(g, w, g.input('ids', 'int64', ['B', 'T'])).shape, ['B', 'T', 16]);
  });

  it('rejects dtype mismatches and bad inner dims', () => {
    const g = new Graph('e');
    const a = g.input('a', 'float32', [2, 3]);
    assert.throws(() => op.add(g, a, g.input('b', 'float64', [2, 3])), /dtype mismatch/);
    assert.throws(() => op.matmul(g, a, g.input('c', 'float32', [4, 5])), /inner dims/);
  });

  it('scopes subgraphs: a body sees its parent, not the other way round', () => {
    const g = new Graph('outer');
    const w = g.input('w', 'float32', [2, 2]);
    const body = g.subgraph('body');
    const h = body.input('h', 'float32', ['B', 2]);
    const y = op.matmul(body, h, w); // outer value read by name
    assert.strictEqual(y.graph, body);
    assert.throws(() => op.tanh(g, y), /not visible/);
  });

  it('the dtype parameter switches every constant between float32 and float64', () => {
    for (const dt of ['float32', 'float64'] as const) {
      const g = new Graph('d', dt);
      const x = g.input('x', dt, [3]);
      const y = op.mul(g, x, g.scalar(2));
      assert.strictEqual(y.dtype, dt);
    }
  });

  it(`encodes ModelProto with opset ${OPSET}, ir_version ${IR_VERSION}, symbolic dims as dim_param`, () => {
    const g = new Graph('m');
    const x = g.input('x', 'float32', ['B', 3]);
    g.output(op.tanh(g, x), 'y');
    const m = fromBinary(ModelProtoSchema, encodeModel(g));
    assert.strictEqual(Number(m.irVersion), IR_VERSION);
    assert.strictEqual(Number(m.opsetImport[0].version), OPSET);
    const t = m.graph!.input[0].type!.value;
    assert.strictEqual(t.case, 'tensorType');
    const dims = (t.value as { shape: { dim: { value: { case: string; value: unknown } }[] } }).shape.dim;
    assert.deepStrictEqual(dims.map((d) => d.value.value), ['B', 3n]);
    assert.deepStrictEqual(m.graph!.output.map((o) => o.name), ['y']);
  });
});
