// Core vocabulary of the tensor-graph IR: dtypes, symbolic shapes, values, nodes, attributes.

/** Element types the engine uses. float64 exists for gradient checking only. */
export type { DType, TensorData, TypedData } from '../../keras/tensors';
import type { DType, TensorData } from '../../keras/tensors';
export type FloatDType = 'float32' | 'float64';

/** A dimension is a known size or a symbol ('B', 'T') resolved when the session runs. */
export type Dim = number | string;
export type Shape = Dim[];


/** Attribute values carry their ONNX kind explicitly: JS numbers cannot tell int from float. */
export type Attr =
  | { kind: 'int'; v: number }
  | { kind: 'float'; v: number }
  | { kind: 'ints'; v: number[] }
  | { kind: 'floats'; v: number[] }
  | { kind: 'string'; v: string }
  | { kind: 'tensor'; v: TensorData }
  | { kind: 'graph'; v: import('./graph').Graph };

export const A = {
  i: (v: number): Attr => ({ kind: 'int', v }),
  f: (v: number): Attr => ({ kind: 'float', v }),
  ints: (v: number[]): Attr => ({ kind: 'ints', v }),
  floats: (v: number[]): Attr => ({ kind: 'floats', v }),
  s: (v: string): Attr => ({ kind: 'string', v }),
  t: (v: TensorData): Attr => ({ kind: 'tensor', v }),
  g: (v: import('./graph').Graph): Attr => ({ kind: 'graph', v }),
};

export type Attrs = Record<string, Attr>;

/** A value is one tensor produced once (SSA): a graph input, a node output. */
export interface Value {
  readonly name: string;
  readonly dtype: DType;
  readonly shape: Shape;
  /** The graph this value lives in; a subgraph may read values of its ancestors. */
  readonly graph: import('./graph').Graph;
  /** The node that produced it; undefined for graph inputs. */
  producer?: Node;
  /**
   * For small 1-D int64 tensors that hold a shape (Shape, Concat of shapes, constants): their
   * contents, symbolic where unknown. Lets Reshape/Expand infer static shapes.
   */
  content?: Dim[];
}

export interface Node {
  readonly op: string;
  readonly inputs: (Value | null)[];
  readonly outputs: Value[];
  readonly attrs: Attrs;
  /**
   * Values of enclosing graphs that a subgraph attribute reads by name (ONNX "outer scope").
   * Not emitted as ONNX inputs, but autodiff treats them as inputs of this node.
   */
  readonly implicitInputs: Value[];
  /** Free-form data for gradient rules (e.g. the step function of a recurrence). */
  meta?: unknown;
}

export function isFloat(d: DType): d is FloatDType {
  return d === 'float32' || d === 'float64';
}
