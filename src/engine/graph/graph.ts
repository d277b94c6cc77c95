// The graph builder. Nodes are appended in creation order, which is a topological order;
// autodiff walks it backwards. A subgraph (a Scan body) is a Graph whose parent is the
// enclosing graph and which may read the parent's values by name (ONNX outer scope).
import { opDef } from '../ops/registry';
import { A, Attrs, DType, FloatDType, Node, Shape, TensorData, TypedData, Value } from './types';

interface NameSource {
  next: number;
  used: Set<string>;
}

export class Graph {
  readonly inputs: Value[] = [];
  readonly outputs: Value[] = [];
  readonly nodes: Node[] = [];
  private readonly names: NameSource;

  /**
   * @param floatType dtype of every float tensor the model code creates: float32 to train,
   *   float64 to check gradients against finite differences.
   */
  constructor(
    readonly name: string,
    readonly floatType: FloatDType = 'float32',
    readonly parent?: Graph,
  ) {
    this.names = parent ? parent.names : { next: 0, used: new Set() };
  }

  /** A fresh name, unique across this graph and all its sub/parent graphs. */
  fresh(hint: string): string {
    let n = `${hint}_${this.names.next++}`;
    while (this.names.used.has(n)) n = `${hint}_${this.names.next++}`;
    this.names.used.add(n);
    return n;
  }

  private claim(name: string): string {
    if (this.names.used.has(name)) throw new Error(`duplicate value name ${name}`);
    this.names.used.add(name);
    return name;
  }

  subgraph(name: string): Graph {
    return new Graph(name, this.floatType, this);
  }

  /** True when v is visible here: defined in this graph or an ancestor. */
  sees(v: Value): boolean {
    return v.graph === this || (this.parent?.sees(v) ?? false);
  }

  input(name: string, dtype: DType, shape: Shape): Value {
    const v: Value = { name: this.claim(name), dtype, shape, graph: this };
    this.inputs.push(v);
    return v;
  }

  /** An input under a fresh name (subgraph bodies, where names only need to be unique). */
  freshInput(hint: string, dtype: DType, shape: Shape): Value {
    const v: Value = { name: this.fresh(hint), dtype, shape, graph: this };
    this.inputs.push(v);
    return v;
  }

  /** Mark v as a graph output under `name` (an Identity renames it; ORT removes the copy). */
  output(v: Value, name?: string): Value {
    if (name === undefined || name === v.name) {
      this.outputs.push(v);
      return v;
    }
    const out = this.emit('Identity', [v], {}, 1, [name])[0];
    this.outputs.push(out);
    return out;
  }

  /** Append a node; shapes and dtypes come from the op's rule. */
  emit(op: string, inputs: (Value | null)[], attrs: Attrs = {}, nOut = 1, outNames?: string[], implicit: Value[] = []): Value[] {
    for (const x of inputs) {
      if (x && !this.sees(x)) throw new Error(`${op}: input ${x.name} is not visible in graph ${this.name}`);
    }
    const types = opDef(op).infer(inputs, attrs);
    if (types.length < nOut) throw new Error(`${op}: shape rule gave ${types.length} outputs, wanted ${nOut}`);
    const outputs: Value[] = [];
    const node: Node = { op, inputs, outputs, attrs, implicitInputs: implicit };
    for (let i = 0; i < nOut; i++) {
      const name = outNames?.[i] !== undefined ? this.claim(outNames[i]) : this.fresh(op.toLowerCase());
      outputs.push({ name, dtype: types[i].dtype, shape: types[i].shape, graph: this, producer: node, content: types[i].content });
    }
    this.nodes.push(node);
    return outputs;
  }

  /** Single-output shorthand. */
  op(op: string, inputs: (Value | null)[], attrs: Attrs = {}): Value {
    return this.emit(op, inputs, attrs, 1)[0];
  }

  /** A constant tensor, emitted as an ONNX Constant node so it works inside subgraphs too. */
  constant(t: TensorData): Value {
    return this.emit('Constant', [], { value: A.t(t) }, 1)[0];
  }

  /** A float scalar of this graph's float dtype, shape []. */
  scalar(x: number): Value {
    return this.constant(floatTensor(this.floatType, [], [x]));
  }

  /** A float tensor of this graph's float dtype. */
  floats(dims: number[], xs: ArrayLike<number>): Value {
    return this.constant(floatTensor(this.floatType, dims, xs));
  }

  /** An int64 tensor (axes, shapes, indices). Rank 1 unless dims says otherwise. */
  ints(xs: number[], dims: number[] = [xs.length]): Value {
    return this.constant({ dtype: 'int64', dims, data: BigInt64Array.from(xs.map((x) => BigInt(x))) });
  }
}

function floatTensor(dtype: DType, dims: number[], xs: ArrayLike<number>): TensorData {
  let data: TypedData;
  if (dtype === 'float32') data = Float32Array.from(xs);
  else if (dtype === 'float64') data = Float64Array.from(xs);
  else throw new Error(`floatTensor: ${dtype} is not a float dtype`);
  return { dtype, dims, data };
}
