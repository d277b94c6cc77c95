// Shape rules for ONNX's native RNN, LSTM and GRU ops. They appear only in exported inference
// models (no gradient rule: training uses our own Scan lowering, see DESIGN.md §2).
//   X [T, B, F] (layout 0)  →  Y [T, dirs, B, H],  Y_h [dirs, B, H]  (LSTM also Y_c [dirs, B, H])
import type { Attrs, Value } from '../graph/types';
import { defineOp, hasOp } from '../ops/registry';

function infer(nOut: number) {
  return (inputs: (Value | null)[], attrs: Attrs) => {
    const X = inputs[0]!;
    const H = (attrs.hidden_size as { v: number }).v;
    const dirs = (attrs.direction as { v: string } | undefined)?.v === 'bidirectional' ? 2 : 1;
    const [T, B] = X.shape;
    const out = [{ dtype: X.dtype, shape: [T, dirs, B, H] }];
    for (let i = 1; i < nOut; i++) out.push({ dtype: X.dtype, shape: [dirs, B, H] });
    return out;
  };
}

for (const [op, n] of [
  ['RNN', 2],
  ['GRU', 2],
  ['LSTM', 3],
] as const) {
  if (!hasOp(op)) defineOp(op, { infer: infer(n) });
}
