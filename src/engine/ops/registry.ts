// The op table: every op the engine emits has a shape rule here and (if differentiable) a gradient rule.
// Each op family file (elementwise.ts, matmul.ts, ...) registers its ops beside its builders.
import type { Graph } from '../graph/graph';
import { Attrs, Dim, DType, Node, Shape, Value } from '../graph/types';

interface OutType {
  dtype: DType;
  shape: Shape;
  /** Contents of a 1-D int64 shape tensor, when the rule can tell (see Value.content). */
  content?: Dim[];
}

/**
 * Gradient rule: given dL/d(outputs) (null where no gradient flows), emit dL/d(inputs ++ implicitInputs).
 * `needs[i]` says whether input i wants a gradient, so rules skip work nobody reads.
 */
type GradRule = (g: Graph, node: Node, dOuts: (Value | null)[], needs: boolean[]) => (Value | null)[];

export interface OpDef {
  /** Shape/dtype inference. */
  infer(inputs: (Value | null)[], attrs: Attrs): OutType[];
  grad?: GradRule;
}

const table = new Map<string, OpDef>();

export function defineOp(op: string, def: OpDef): void {
  table.set(op, def);
}

export function opDef(op: string): OpDef {
  const d = table.get(op);
  if (!d) throw new Error(`op ${op} is not defined (import src/engine/ops)`);
  return d;
}

export function hasOp(op: string): boolean {
  return table.has(op);
}
