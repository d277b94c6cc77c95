// Shape rules shared by op families: numpy broadcasting and axis normalisation.
import { Dim, Shape } from './types';

/** Broadcast two dims (numpy rules). A symbol meets 1 → symbol; two different symbols → the first. */
function broadcastDim(a: Dim, b: Dim): Dim {
  if (a === b) return a;
  if (a === 1) return b;
  if (b === 1) return a;
  if (typeof a === 'number' && typeof b === 'number') {
    throw new Error(`cannot broadcast ${a} with ${b}`);
  }
  // A symbol against a number or another symbol: the runtime decides; keep the concrete one.
  return typeof a === 'number' ? a : b;
}

export function broadcastShapes(...shapes: Shape[]): Shape {
  const rank = Math.max(...shapes.map((s) => s.length));
  const out: Dim[] = [];
  for (let i = 0; i < rank; i++) {
    let d: Dim = 1;
    for (const s of shapes) {
      const k = i - (rank - s.length);
      if (k >= 0) d = broadcastDim(d, s[k]);
    }
    out.push(d);
  }
  return out;
}

/** Negative axes count from the end, as in ONNX. */
export function normAxis(axis: number, rank: number): number {
  const a = axis < 0 ? axis + rank : axis;
  if (a < 0 || a >= rank) throw new Error(`axis ${axis} out of range for rank ${rank}`);
  return a;
}

/** Product of dims when all are known, else undefined. */
export function numel(s: Shape): number | undefined {
  let n = 1;
  for (const d of s) {
    if (typeof d !== 'number') return undefined;
    n *= d;
  }
  return n;
}
