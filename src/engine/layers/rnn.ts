// SimpleRNN, LSTM and GRU layers: Keras options and defaults around a Cell and a recurrence.
//   [B, T, F] → transpose → [T, B, F] → one MatMul: xp = x·W + b [T, B, gates·H] → recurrence
// Masked steps (mask 0) carry every state through unchanged, so they add no gradient.
import { recurrentOutput } from '../../keras/shapes';
import type { Value } from '../graph/types';
import type { InitializerSpec } from '../init';
import * as op from '../ops';
import { recurrence, StepFn } from '../ops/recurrence';
import { activation } from './activations';
import { Cell, gruCell, lstmCell, simpleCell } from './cells';
import { dropoutMask, dropsIn } from './dropout';
import { autoName, BuildContext, FeatureShape, Flow, lastDim, Layer, ParamSpec } from './layer';

export interface RNNOptions {
  activation?: string;
  recurrent_activation?: string;
  use_bias?: boolean;
  return_sequences?: boolean;
  return_state?: boolean;
  go_backwards?: boolean;
  kernel_initializer?: InitializerSpec;
  recurrent_initializer?: InitializerSpec;
  bias_initializer?: InitializerSpec;
  unit_forget_bias?: boolean;
  reset_after?: boolean;
  /** Masked steps output zeros instead of the previous output (Bidirectional forces it with return_sequences). */
  zero_output_for_mask?: boolean;
  /** Fraction of input features dropped (one mask per sequence, training graphs only). */
  dropout?: number;
  /** Fraction of h_{t−1} units dropped in the recurrent product (one mask per sequence). */
  recurrent_dropout?: number;
  name?: string;
}

/** What running an RNN layer gives: the Keras output, and the final states for return_state. */
export interface RNNResult {
  output: Flow;
  states: Value[];
}

export abstract class RNNLayer implements Layer {
  /** A copy with other options (Bidirectional makes its backward twin this way). */
  abstract withOptions(o: RNNOptions): RNNLayer;
  abstract readonly kind: string;
  readonly name: string;
  constructor(
    readonly units: number,
    readonly opts: RNNOptions,
    base: string,
  ) {
    this.name = opts.name ?? autoName(base);
  }

  protected abstract cell(): Cell;
  /** States carried: 1 (h) or 2 (LSTM h, c). */
  get stateCount(): number {
    return this.cell().states;
  }
  /** Column blocks of the kernels: 1, 4 (LSTM i,f,c,o) or 3 (GRU z,r,h). */
  get gateCount(): number {
    return this.cell().gates;
  }
  /** GRU reset_after keeps a second (recurrent) bias row. */
  protected biasShape(): number[] {
    return [this.cell().gates * this.units];
  }

  params(input: FeatureShape): ParamSpec[] {
    const G = this.cell().gates * this.units;
    const ps: ParamSpec[] = [
      { name: 'kernel', shape: [lastDim(input), G], init: this.opts.kernel_initializer ?? 'glorot_uniform' },
      { name: 'recurrent_kernel', shape: [this.units, G], init: this.opts.recurrent_initializer ?? 'orthogonal' },
    ];
    if (this.opts.use_bias !== false) ps.push(this.biasParam());
    return ps;
  }

  protected biasParam(): ParamSpec {
    return { name: 'bias', shape: this.biasShape(), init: this.opts.bias_initializer ?? 'zeros' };
  }

  outputShape(input: FeatureShape): FeatureShape {
    return recurrentOutput(input, this.units, !!this.opts.return_sequences);
  }

  apply(ctx: BuildContext, x: Flow): Flow {
    return this.run(ctx, x).output;
  }

  /** Run over x [B, T, F]; `initial` overrides the zero initial states (Keras initial_state). */
  run(ctx: BuildContext, x: Flow, initial?: Value[], direction: 'forward' | 'backward' = 'forward', recordAs?: string): RNNResult {
    if (initial && initial.length !== this.stateCount) throw new Error(`${this.name}: initial_state needs ${this.stateCount} tensor(s), got ${initial.length}`);
    const native = ctx.native?.(ctx, this, x, initial);
    if (native) return native;
    const { g } = ctx;
    const H = this.units;
    const cell = this.cell();
    // The BPTT probe: every weight read through a per-step copy [T, ...] (the seqs of the loop).
    const perStep = ctx.perStepWeights?.layer === this.name && !ctx.perStepWeights.uses ? ctx.perStepWeights : undefined;
    const perStepCopy = (w: Value) => op.expand(g, w, op.concat(g, [op.dimOf(g, x.value, 1), g.ints(w.shape.map(() => 1))], 0));
    const shared = (name: string) => ctx.param(this.name, name);
    const W = perStep ? perStepCopy(shared('kernel')) : shared('kernel'); // [F, G], per step [T, F, G]
    const U = perStep ? perStepCopy(shared('recurrent_kernel')) : shared('recurrent_kernel'); // [H, G], per step [T, H, G]
    const bias = this.opts.use_bias !== false ? (perStep ? perStepCopy(shared('bias')) : shared('bias')) : null;
    if (perStep) perStep.uses = { kernel: W, recurrent_kernel: U, ...(bias ? { bias } : {}) };
    const [bIn, bRec] = perStep ? this.splitStepBias(ctx, bias) : this.splitBias(ctx, bias);

    let xv = x.value; // [B, T, F]
    if (dropsIn(ctx, this.opts.dropout)) {
      const m = dropoutMask(ctx, `${this.name}.input`, [xv.shape[0], xv.shape[2]], this.opts.dropout); // [B, F]
      xv = op.mul(g, xv, op.unsqueeze(g, m, [1])); // the same mask at every step
    }
    const recMask = dropsIn(ctx, this.opts.recurrent_dropout) ? dropoutMask(ctx, `${this.name}.recurrent`, [xv.shape[0], H], this.opts.recurrent_dropout) : undefined; // [B, H]
    const xt = op.transpose(g, xv, [1, 0, 2]); // [T, B, F]
    // [T, B, G]: the input projection for every step at once (per-step copies: a batched MatMul, bias [T, 1, G])
    const xp = op.linear(g, xt, W, perStep && bIn ? op.unsqueeze(g, bIn, [1]) : bIn);
    const seqs = [xp];
    if (x.mask) seqs.push(op.unsqueeze(g, op.transpose(g, x.mask, [1, 0]), [-1])); // [T, B, 1]
    // Per-step copies of U and the recurrent bias are read as seqs; the step sees [H, G] and [G].
    const stepWeights = perStep ? [U, ...(bRec ? [bRec] : [])] : [];
    const firstWeightSeq = seqs.length;
    seqs.push(...stepWeights);

    const batch = op.dimOf(g, x.value, 0);
    const stateShape = op.concat(g, [batch, g.ints([H])], 0);
    // One zeros tensor per state, so no two Scan state inputs alias one buffer.
    const init = initial ?? Array.from({ length: cell.states }, () => op.constantOfShape(g, stateShape, g.floatType, 0)); // [B, H] each

    const masked = !!x.mask;
    const zeroOut = masked && !!this.opts.zero_output_for_mask;
    const probing = !!ctx.stateProbes;
    const step: StepFn = (bg, prev, stepSeqs) => {
      const [xpt, m] = stepSeqs;
      const [stepU, stepBRec] = perStep ? [stepSeqs[firstWeightSeq], bRec ? stepSeqs[firstWeightSeq + 1] : null] : [U, bRec];
      const gates: Value[] = [];
      let next = cell.step(bg, prev, xpt, stepU, stepBRec, recMask, probing ? gates : undefined);
      if (masked) {
        // keep = 1 − m: state_t = m⊙new + (1 − m)⊙state_{t−1}
        const keep = op.rsubC(bg, 1, m);
        next = next.map((s, i) => op.add(bg, op.mul(bg, m, s), op.mul(bg, keep, prev[i])));
      }
      const output = zeroOut ? op.mul(bg, m, next[0]) : next[0];
      // A probe graph also stacks every state (as carried, masked steps included) and gate.
      return { states: next, outputs: probing ? [output, ...next, ...gates] : [output] };
    };
    // Outer values the step reads (the mask needs no gradient; autodiff sees it is not live).
    const params = [...(perStep ? [] : [U, ...(bRec ? [bRec] : [])]), ...(recMask ? [recMask] : [])];
    const rec = recurrence(g, {
      name: `${this.name}_${direction}`,
      init,
      seqs,
      params,
      step,
      lowering: ctx.lowering,
      T: ctx.T,
      reverse: !!this.opts.go_backwards,
      diagState: 0,
    });
    ctx.recurrences.push({ layer: recordAs ?? this.name, direction, rec });
    if (ctx.stateProbes) this.recordProbe(ctx, rec.outputs.slice(1), x.mask, recordAs ?? this.name, direction);

    const output: Flow = this.opts.return_sequences
      ? { value: op.transpose(g, rec.outputs[0], [1, 0, 2]), mask: x.mask } // [B, T, H]
      : { value: rec.final[0] }; // [B, H]
    return { output, states: rec.final };
  }

  /** Probe outputs [T, B, H] in processing order → [B, T, H] by input time, recorded for the state inspector. */
  private recordProbe(ctx: BuildContext, stacked: Value[], mask: Value | undefined, layer: string, direction: 'forward' | 'backward'): void {
    const { g } = ctx;
    const names = [...(this.stateCount === 2 ? ['h', 'c'] : ['h']), ...this.cell().gateNames];
    const series = stacked.map((v, i) => {
      const byInputTime = this.opts.go_backwards ? op.reverse(g, v, 0) : v;
      return { name: names[i], value: op.transpose(g, byInputTime, [1, 0, 2]) };
    });
    ctx.stateProbes!.push({ layer, direction, kind: this.kind, units: this.units, series, mask });
  }

  /** Input bias goes into the projection; GRU reset_after also has a recurrent bias. */
  protected splitBias(_ctx: BuildContext, bias: Value | null): [Value | null, Value | null] {
    return [bias, null];
  }

  /** splitBias for per-step copies [T, ...bias shape]: each part keeps the leading T. */
  protected splitStepBias(_ctx: BuildContext, bias: Value | null): [Value | null, Value | null] {
    return [bias, null];
  }
}

export class SimpleRNN extends RNNLayer {
  readonly kind = 'SimpleRNN';
  constructor(units: number, opts: RNNOptions = {}) {
    super(units, opts, 'simple_rnn');
  }
  withOptions(o: RNNOptions): SimpleRNN {
    return new SimpleRNN(this.units, { ...this.opts, ...o });
  }
  protected cell(): Cell {
    return simpleCell(this.units, activation(this.opts.activation ?? 'tanh'));
  }
}

export class LSTM extends RNNLayer {
  readonly kind = 'LSTM';
  constructor(units: number, opts: RNNOptions = {}) {
    super(units, opts, 'lstm');
  }
  withOptions(o: RNNOptions): LSTM {
    return new LSTM(this.units, { ...this.opts, ...o });
  }
  protected cell(): Cell {
    return lstmCell(this.units, activation(this.opts.activation ?? 'tanh'), activation(this.opts.recurrent_activation ?? 'sigmoid'));
  }
  protected override biasParam(): ParamSpec {
    const H = this.units;
    const p = super.biasParam();
    // unit_forget_bias (default True): forget-gate bias starts at 1, the rest from the initializer.
    if (this.opts.unit_forget_bias !== false) p.fix = (v) => v.fill(1, H, 2 * H);
    return p;
  }
}

export class GRU extends RNNLayer {
  readonly kind = 'GRU';
  constructor(units: number, opts: RNNOptions = {}) {
    super(units, opts, 'gru');
  }
  withOptions(o: RNNOptions): GRU {
    return new GRU(this.units, { ...this.opts, ...o });
  }
  get resetAfter(): boolean {
    return this.opts.reset_after !== false;
  }
  protected cell(): Cell {
    return gruCell(this.units, activation(this.opts.activation ?? 'tanh'), activation(this.opts.recurrent_activation ?? 'sigmoid'), this.resetAfter);
  }
  protected override biasShape(): number[] {
    // Keras: reset_after keeps [input_bias; recurrent_bias] as a [2, 3H] tensor.
    return this.resetAfter ? [2, 3 * this.units] : [3 * this.units];
  }
  protected override splitBias(ctx: BuildContext, bias: Value | null): [Value | null, Value | null] {
    if (!bias || !this.resetAfter) return [bias, null];
    const [bi, br] = op.split(ctx.g, bias, [1, 1], 0); // [1, 3H] each
    return [op.squeeze(ctx.g, bi, [0]), op.squeeze(ctx.g, br, [0])];
  }
  protected override splitStepBias(ctx: BuildContext, bias: Value | null): [Value | null, Value | null] {
    if (!bias || !this.resetAfter) return [bias, null];
    const [bi, br] = op.split(ctx.g, bias, [1, 1], 1); // [T, 1, 3H] each
    return [op.squeeze(ctx.g, bi, [1]), op.squeeze(ctx.g, br, [1])];
  }
}
