// Comparisons, boolean logic, Where (masks) and Clip (clipvalue, hard_sigmoid).
import type { Graph } from '../graph/graph';
import { broadcastShapes } from '../graph/shape';
import { Value } from '../graph/types';
import { mul } from './elementwise';
import { reduceSumTo } from './reduce';
import { defineOp } from './registry';
import { cast, zerosLike } from './shape';

const boolBinary = ([a, b]: (Value | null)[]) => [{ dtype: 'bool' as const, shape: broadcastShapes(a!.shape, b!.shape) }];
for (const op of ['Less', 'Greater', 'LessOrEqual', 'GreaterOrEqual', 'Equal', 'And', 'Or']) defineOp(op, { infer: boolBinary });
defineOp('Not', { infer: ([x]) => [{ dtype: 'bool', shape: x!.shape }] });
defineOp('IsNaN', { infer: ([x]) => [{ dtype: 'bool', shape: x!.shape }] });
defineOp('IsInf', { infer: ([x]) => [{ dtype: 'bool', shape: x!.shape }] });

const less = (g: Graph, a: Value, b: Value): Value => g.op('Less', [a, b]);
export const greater = (g: Graph, a: Value, b: Value): Value => g.op('Greater', [a, b]);
export const equal = (g: Graph, a: Value, b: Value): Value => g.op('Equal', [a, b]);
const and = (g: Graph, a: Value, b: Value): Value => g.op('And', [a, b]);
export const not = (g: Graph, a: Value): Value => g.op('Not', [a]);

// y = c ? a : b. The gradient goes to whichever branch was chosen.
defineOp('Where', {
  infer: ([c, a, b]) => {
    if (a!.dtype !== b!.dtype) throw new Error('Where: branch dtypes differ');
    return [{ dtype: a!.dtype, shape: broadcastShapes(c!.shape, a!.shape, b!.shape) }];
  },
  grad: (g, n, [d], needs) => {
    const [c, a, b] = n.inputs;
    const zero = zerosLike(g, d!);
    return [
      null,
      needs[1] ? reduceSumTo(g, g.op('Where', [c!, d!, zero]), a!.shape) : null,
      needs[2] ? reduceSumTo(g, g.op('Where', [c!, zero, d!]), b!.shape) : null,
    ];
  },
});

export const where = (g: Graph, c: Value, a: Value, b: Value): Value => g.op('Where', [c, a, b]);

// Clip(x, lo, hi): gradient passes where lo < x < hi (the boundary has measure zero).
defineOp('Clip', {
  infer: ([x]) => [{ dtype: x!.dtype, shape: x!.shape }],
  grad: (g, n, [d]) => {
    const [x, lo, hi] = n.inputs;
    let inside: Value | null = null;
    if (lo) inside = greater(g, x!, lo);
    if (hi) {
      const below = less(g, x!, hi);
      inside = inside ? and(g, inside, below) : below;
    }
    return [inside ? mul(g, d!, cast(g, inside, x!.dtype)) : d, null, null];
  },
});

/** Clip to [lo, hi]; lo/hi are scalars of x's dtype (either may be null). */
export const clip = (g: Graph, x: Value, lo: Value | null, hi: Value | null): Value => g.op('Clip', [x, lo, hi]);
