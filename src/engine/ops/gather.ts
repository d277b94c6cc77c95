// Gather (embedding lookup, shape arithmetic) and ScatterND (its gradient).
// Embedding gradient: dTable = ScatterND(zeros(table), idx[..., None], dOut, reduction='add'):
// repeated ids accumulate, and the cost is O(rows·E) instead of a one-hot product's O(rows·V·E).
import type { Graph } from '../graph/graph';
import { normAxis } from '../graph/shape';
import { A, Dim, Value } from '../graph/types';
import { defineOp } from './registry';
import { unsqueeze, zerosLike } from './shape';

defineOp('Gather', {
  infer: ([x, idx], attrs) => {
    const r = x!.shape.length;
    const axis = normAxis((attrs.axis?.v as number | undefined) ?? 0, r);
    const shape: Dim[] = [...x!.shape.slice(0, axis), ...idx!.shape, ...x!.shape.slice(axis + 1)];
    let content: Dim[] | undefined;
    if (x!.content && idx!.content && r === 1) content = idx!.content.map((i) => x!.content![i as number] ?? '?');
    return [{ dtype: x!.dtype, shape, content }];
  },
  grad: (g, n, [d], needs) => {
    if (!needs[0]) return [null, null];
    const [x, idx] = n.inputs as Value[];
    const axis = (n.attrs.axis?.v as number | undefined) ?? 0;
    if (axis !== 0) throw new Error('Gather gradient: axis 0 only');
    const zeros = zerosLike(g, x);
    const at = unsqueeze(g, idx, [-1]); // [..., 1]
    return [g.op('ScatterND', [zeros, at, d!], { reduction: A.s('add') }), null];
  },
});

defineOp('ScatterND', { infer: ([x]) => [{ dtype: x!.dtype, shape: x!.shape }] });

export const gather = (g: Graph, x: Value, idx: Value, axis = 0): Value => g.op('Gather', [x, idx], { axis: A.i(axis) });
