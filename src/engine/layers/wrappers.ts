// Wrappers: Bidirectional, TimeDistributed, RepeatVector.
import type { Graph } from '../graph/graph';
import type { Value } from '../graph/types';
import { MergeMode, bidirectionalOutputs, repeatVectorOutput, timeDistributedOutput } from '../../keras/shapes';
import * as op from '../ops';
import { autoName, BuildContext, FeatureShape, Flow, Layer, ParamSpec } from './layer';
import { RNNLayer, RNNResult } from './rnn';

/** Reverse x [B, T, ...] along time. */
function reverseTime(g: Graph, x: Value): Value {
  return op.reverse(g, x, 1);
}

/** Keras merge_mode; 'none' is Keras None: the two directions' outputs stay separate tensors. */
export type { MergeMode };

/** The name of a Bidirectional's copy of the layer it wraps (as Keras names them): what a probe asks for one direction by. */
export const bidirectionalCopyName = (direction: 'forward' | 'backward', layerName: string): string => `${direction}_${layerName}`;

/**
 * Keras Bidirectional: a forward copy and a go_backwards copy of the layer; the backward
 * sequence is flipped back to input time before merging. With return_sequences, masked steps
 * output zeros on both sides (Keras forces zero_output_for_mask). Parameters are
 * `${name}.forward/…` and `${name}.backward/…`.
 */
export class Bidirectional implements Layer {
  readonly kind = 'Bidirectional';
  readonly name: string;
  readonly forward: RNNLayer;
  readonly backward: RNNLayer;
  constructor(
    layer: RNNLayer,
    readonly mergeMode: MergeMode = 'concat',
    name?: string,
  ) {
    if (layer.opts.go_backwards) throw new Error('Bidirectional: the wrapped layer must not have go_backwards=True');
    this.name = name ?? autoName(`bidirectional`);
    const zero = !!layer.opts.return_sequences;
    this.forward = layer.withOptions({ name: bidirectionalCopyName('forward', layer.name), zero_output_for_mask: zero });
    this.backward = layer.withOptions({ name: bidirectionalCopyName('backward', layer.name), go_backwards: true, zero_output_for_mask: zero });
  }
  params(input: FeatureShape): ParamSpec[] {
    return [
      ...this.forward.params(input).map((p) => ({ ...p, name: `forward/${p.name}` })),
      ...this.backward.params(input).map((p) => ({ ...p, name: `backward/${p.name}` })),
    ];
  }
  outputShape(input: FeatureShape): FeatureShape {
    // The first output; merge_mode None gives a second of the same shape (see model/call.ts).
    return bidirectionalOutputs(this.forward.outputShape(input), this.mergeMode)[0];
  }
  private sub(ctx: BuildContext, dir: 'forward' | 'backward'): BuildContext {
    return { ...ctx, param: (_l, n) => ctx.param(this.name, `${dir}/${n}`) };
  }
  apply(ctx: BuildContext, x: Flow): Flow {
    if (this.mergeMode === 'none') {
      throw new Error(`${this.name}: merge_mode=None gives two tensors (forward, backward), so it cannot sit in a Sequential; call it in the functional API: forward, backward = Bidirectional(..., merge_mode=None)(x)`);
    }
    return this.run(ctx, x).output;
  }

  /**
   * Both directions over x [B, T, F]. `initial`: Keras initial_state, the forward layer's states
   * then the backward layer's (LSTM: h_f, c_f, h_b, c_b). Returns the merged output and the final
   * states in the same order (Keras return_state). With merge mode 'none', `output` is the forward
   * output and `backwardOutput` the backward one (in input time order, as Keras returns it).
   */
  run(ctx: BuildContext, x: Flow, initial?: Value[], recordAs: string = this.name): RNNResult & { backwardOutput?: Flow } {
    const { g } = ctx;
    const n = this.forward.stateCount;
    if (initial && initial.length !== 2 * n) throw new Error(`${this.name}: initial_state needs ${2 * n} tensors (forward then backward), got ${initial.length}`);
    const f = this.forward.run(this.sub(ctx, 'forward'), x, initial?.slice(0, n), 'forward', recordAs);
    const b = this.backward.run(this.sub(ctx, 'backward'), x, initial?.slice(n), 'backward', recordAs);
    const seq = !!this.forward.opts.return_sequences;
    const bv = seq ? reverseTime(g, b.output.value) : b.output.value;
    const a = f.output.value;
    const mask = seq ? x.mask : undefined;
    const states = [...f.states, ...b.states];
    if (this.mergeMode === 'none') return { output: { value: a, mask }, backwardOutput: { value: bv, mask }, states };
    let value: Value;
    if (this.mergeMode === 'concat') value = op.concat(g, [a, bv], -1);
    else if (this.mergeMode === 'sum') value = op.add(g, a, bv);
    else if (this.mergeMode === 'mul') value = op.mul(g, a, bv);
    else value = op.mulC(g, op.add(g, a, bv), 0.5);
    return { output: { value, mask }, states };
  }
}

/** RepeatVector(n): [B, F] → [B, n, F]. */
export class RepeatVector implements Layer {
  readonly kind = 'RepeatVector';
  readonly name: string;
  constructor(
    readonly n: number,
    name?: string,
  ) {
    this.name = name ?? autoName('repeat_vector');
  }
  params(): ParamSpec[] {
    return [];
  }
  outputShape(input: FeatureShape): FeatureShape {
    return repeatVectorOutput(input, this.n);
  }
  apply(ctx: BuildContext, x: Flow): Flow {
    const { g } = ctx;
    const v = op.unsqueeze(g, x.value, [1]); // [B, 1, F]
    const shape = op.concat(g, [op.dimOf(g, x.value, 0), g.ints([this.n]), op.dimOf(g, x.value, -1)], 0);
    return { value: op.expand(g, v, shape) };
  }
}

/** TimeDistributed(layer): the layer on every step. [B, T, ...] → fold T into the batch → unfold. */
export class TimeDistributed implements Layer {
  readonly kind = 'TimeDistributed';
  readonly name: string;
  constructor(
    readonly inner: Layer,
    name?: string,
  ) {
    this.name = name ?? autoName('time_distributed');
  }
  params(input: FeatureShape): ParamSpec[] {
    return this.inner.params(input.slice(1));
  }
  outputShape(input: FeatureShape): FeatureShape {
    return timeDistributedOutput(input, step => this.inner.outputShape(step));
  }
  apply(ctx: BuildContext, x: Flow): Flow {
    const { g } = ctx;
    const sub: BuildContext = { ...ctx, param: (_l, n) => ctx.param(this.name, n) };
    const v = x.value; // [B, T, ...]
    const rest = v.shape.slice(2);
    const folded = op.reshape(g, v, [-1, ...rest.map((d) => (typeof d === 'number' ? d : 0))]); // [B·T, ...]
    const y = this.inner.apply(sub, { value: folded }).value; // [B·T, ...out]
    const outRest = y.shape.slice(1);
    if (!outRest.every((d) => typeof d === 'number')) throw new Error(`${this.name}: inner output dims must be known`);
    const shape = op.concat(g, [op.shapeRange(g, v, 0, 2), g.ints(outRest)], 0); // [B, T, ...out]
    return { value: op.reshape(g, y, shape), mask: x.mask };
  }
}
