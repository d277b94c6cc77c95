// MatMul with numpy batch broadcasting. Y = A·B  ⇒  dA = dY·Bᵀ, dB = Aᵀ·dY (summed over broadcast batch dims).
import type { Graph } from '../graph/graph';
import { broadcastShapes } from '../graph/shape';
import { Value } from '../graph/types';
import { add } from './elementwise';
import { reduceSumTo } from './reduce';
import { defineOp } from './registry';
import { reshape, transposeLast2 } from './shape';

defineOp('MatMul', {
  infer: ([a, b]) => {
    if (a!.dtype !== b!.dtype) throw new Error(`MatMul dtype mismatch ${a!.dtype} ${b!.dtype}`);
    const as = a!.shape;
    const bs = b!.shape;
    if (as.length < 2 || bs.length < 2) throw new Error('MatMul: rank ≥ 2 expected');
    const k1 = as[as.length - 1];
    const k2 = bs[bs.length - 2];
    if (typeof k1 === 'number' && typeof k2 === 'number' && k1 !== k2) {
      throw new Error(`MatMul: inner dims ${k1} and ${k2} differ (${a!.name} ${b!.name})`);
    }
    const batch = broadcastShapes(as.slice(0, -2), bs.slice(0, -2));
    return [{ dtype: a!.dtype, shape: [...batch, as[as.length - 2], bs[bs.length - 1]] }];
  },
  grad: (g, n, [d], needs) => {
    const [a, b] = n.inputs as Value[];
    let da: Value | null = null;
    let db: Value | null = null;
    if (needs[0]) da = reduceSumTo(g, matmul(g, d!, transposeLast2(g, b)), a.shape);
    if (needs[1]) {
      if (a.shape.length > 2 && b.shape.length === 2) {
        // [.., M, K]ᵀ·[.., M, N] summed over the batch = one 2-D product on flattened rows: cheaper.
        const K = a.shape[a.shape.length - 1] as number;
        const N = d!.shape[d!.shape.length - 1] as number;
        const a2 = reshape(g, a, [-1, K]); // [rows, K]
        const d2 = reshape(g, d!, [-1, N]); // [rows, N]
        db = matmul(g, transposeLast2(g, a2), d2); // [K, N]
      } else db = reduceSumTo(g, matmul(g, transposeLast2(g, a), d!), b.shape);
    }
    return [da, db];
  },
});

export const matmul = (g: Graph, a: Value, b: Value): Value => g.op('MatMul', [a, b]);

/** x·W + b, the Dense/Gemm pattern (kept as MatMul + Add so any rank works). */
export function linear(g: Graph, x: Value, w: Value, b?: Value | null): Value {
  const y = matmul(g, x, w);
  return b ? add(g, y, b) : y;
}
