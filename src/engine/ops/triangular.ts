// Trilu: the lower (upper=0) or upper (upper=1) triangle of the last two axes, the rest zero.
// Attention's use_causal_mask builds its mask with it. Y = tri(X) ⇒ dX = tri(dY).
import type { Graph } from '../graph/graph';
import { A, Value } from '../graph/types';
import { defineOp } from './registry';

defineOp('Trilu', {
  infer: ([x]) => [{ dtype: x!.dtype, shape: x!.shape }],
  grad: (g, n, [d]) => [g.op('Trilu', [d!], n.attrs)],
});

/** x with everything above the main diagonal of its last two axes set to 0: [.., M, N]. */
export const lowerTriangle = (g: Graph, x: Value): Value => g.op('Trilu', [x], { upper: A.i(0) });
