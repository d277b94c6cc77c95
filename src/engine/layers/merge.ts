// Keras merge layers on a list of tensors: Concatenate(axis), Add, Multiply, Average and
// Dot(axes, normalize). No parameters; shapes come from the Keras rules in src/keras/shapes.ts.
// The output mask is every input's mask together (Keras 3 Merge.compute_mask: logical AND),
// Concatenate along time joins the masks along time, and Dot drops masks as Keras does.
import * as op from '../ops';
import type { Value } from '../graph/types';
import { concatenateOutput, dotAxes, dotOutput, elementwiseMergeOutput, sampleAxis } from '../../keras/shapes';
import { autoName, BuildContext, FeatureShape, Flow, ListInputLayer, ParamSpec } from './layer';

/** Every input's [B, T] mask multiplied together (0/1 floats: an AND); none when no input has one. */
function mergedMask(ctx: BuildContext, xs: Flow[]): Value | undefined {
  const masks = xs.map(x => x.mask).filter((m): m is Value => m !== undefined);
  return masks.length ? masks.reduce((a, b) => op.mul(ctx.g, a, b)) : undefined;
}

abstract class MergeLayer implements ListInputLayer {
  readonly takesList = true;
  abstract readonly kind: string;
  readonly name: string;
  constructor(stem: string, name?: string) {
    this.name = name ?? autoName(stem);
  }
  params(): ParamSpec[] {
    return [];
  }
  outputShape(): FeatureShape {
    return this.notOnOneTensor();
  }
  apply(): Flow {
    return this.notOnOneTensor();
  }
  private notOnOneTensor(): never {
    throw new Error(`${this.kind} takes a list of tensors, e.g. ${this.kind}()([a, b]) (functional API), so it cannot be a layer of a Sequential model`);
  }
  callShapes(inputs: FeatureShape[]): FeatureShape[] {
    return [this.mergedShape(inputs)];
  }
  applyAll(ctx: BuildContext, xs: Flow[]): Flow[] {
    return [{ value: this.merge(ctx, xs.map(x => x.value)), mask: this.kind === 'Dot' ? undefined : mergedMask(ctx, xs) }];
  }
  protected abstract mergedShape(inputs: FeatureShape[]): FeatureShape;
  protected abstract merge(ctx: BuildContext, xs: Value[]): Value;
}

/** Concatenate(axis=-1): joins the inputs along `axis` (Keras axis: the batch is 0). */
export class Concatenate extends MergeLayer {
  readonly kind = 'Concatenate';
  constructor(readonly axis = -1, name?: string) {
    super('concatenate', name);
  }
  protected mergedShape(inputs: FeatureShape[]): FeatureShape {
    return concatenateOutput(inputs, this.axis);
  }
  protected merge(ctx: BuildContext, xs: Value[]): Value {
    return op.concat(ctx.g, xs, this.graphAxis(xs[0]));
  }
  private graphAxis(x: Value): number {
    return sampleAxis(this.axis, x.shape.length - 1, 'Concatenate') + 1;
  }
  /** Joined along time (axis 1 of sequences), the [B, T] masks join too, an input without one counting as all kept. */
  override applyAll(ctx: BuildContext, xs: Flow[]): Flow[] {
    const [out] = super.applyAll(ctx, xs);
    if (this.graphAxis(xs[0].value) !== 1 || !xs.some(x => x.mask) || xs[0].value.shape.length < 3) return [out];
    const { g } = ctx;
    const masks = xs.map(x => x.mask ?? op.constantOfShape(g, op.shapeRange(g, x.value, 0, 2), x.value.dtype, 1)); // [B, T_i]
    return [{ value: out.value, mask: op.concat(g, masks, 1) }];
  }
}

/** Add: a + b + … (broadcasting sizes of 1). */
export class Add extends MergeLayer {
  readonly kind = 'Add';
  constructor(name?: string) {
    super('add', name);
  }
  protected mergedShape(inputs: FeatureShape[]): FeatureShape {
    return elementwiseMergeOutput(inputs, this.kind);
  }
  protected merge(ctx: BuildContext, xs: Value[]): Value {
    return xs.reduce((a, b) => op.add(ctx.g, a, b));
  }
}

/** Multiply: a ⊙ b ⊙ … (broadcasting sizes of 1). */
export class Multiply extends MergeLayer {
  readonly kind = 'Multiply';
  constructor(name?: string) {
    super('multiply', name);
  }
  protected mergedShape(inputs: FeatureShape[]): FeatureShape {
    return elementwiseMergeOutput(inputs, this.kind);
  }
  protected merge(ctx: BuildContext, xs: Value[]): Value {
    return xs.reduce((a, b) => op.mul(ctx.g, a, b));
  }
}

/** Average: (a + b + …) / n. */
export class Average extends MergeLayer {
  readonly kind = 'Average';
  constructor(name?: string) {
    super('average', name);
  }
  protected mergedShape(inputs: FeatureShape[]): FeatureShape {
    return elementwiseMergeOutput(inputs, this.kind);
  }
  protected merge(ctx: BuildContext, xs: Value[]): Value {
    return op.mulC(ctx.g, xs.reduce((a, b) => op.add(ctx.g, a, b)), 1 / xs.length);
  }
}

/** x / sqrt(max(Σx², 1e-12)) along `axis`: Keras's l2_normalize, as Dot(normalize=True) uses it. */
function l2Normalize(ctx: BuildContext, x: Value, axis: number): Value {
  const { g } = ctx;
  const sumSq = op.reduceSum(g, op.mul(g, x, x), [axis], true);
  return op.div(g, x, op.sqrt(g, op.clip(g, sumSq, op.constLike(g, sumSq, 1e-12), null)));
}

/**
 * Dot(axes, normalize=False): the batch-wise dot product of two tensors over one axis each
 * (Keras batch_dot): inputs of rank 2 or 3 become [B, M, K]·[B, K, N] and one MatMul; higher
 * ranks a broadcast product summed over the axis (dotByBroadcast).
 */
export class Dot extends MergeLayer {
  readonly kind = 'Dot';
  constructor(readonly axes: number | [number, number], readonly normalize = false, name?: string) {
    super('dot', name);
  }
  protected mergedShape(inputs: FeatureShape[]): FeatureShape {
    return dotOutput(inputs, this.axes);
  }
  protected merge(ctx: BuildContext, xs: Value[]): Value {
    const { g } = ctx;
    if (xs.length !== 2) throw new Error(`${this.name}: Dot takes a list of exactly 2 tensors, got ${xs.length}`);
    let [a, b] = xs;
    const [i, j] = dotAxes(this.axes, a.shape.slice(1), b.shape.slice(1)).map(k => k + 1);
    if (this.normalize) {
      a = l2Normalize(ctx, a, i);
      b = l2Normalize(ctx, b, j);
    }
    if (a.shape.length > 3 || b.shape.length > 3) return dotByBroadcast(g, a, i, b, j);
    // a → [B, M, K]: a vector gets M = 1; a sequence is transposed when it sums over steps.
    const a3 = a.shape.length === 2 ? op.unsqueeze(g, a, [1]) : i === 2 ? a : op.transpose(g, a, [0, 2, 1]);
    // b → [B, K, N]: a vector gets N = 1.
    const b3 = b.shape.length === 2 ? op.unsqueeze(g, b, [2]) : j === 1 ? b : op.transpose(g, b, [0, 2, 1]);
    const y = op.matmul(g, a3, b3); // [B, M, N]
    const drop: number[] = [];
    if (a.shape.length === 2) drop.push(1);
    if (b.shape.length === 2 && a.shape.length !== 2) drop.push(2);
    return drop.length ? op.squeeze(g, y, drop) : y;
  }
}

/**
 * Keras's batch_dot for inputs of rank > 3: the summed axis of each moved last, a's other axes
 * and b's other axes broadcast against each other, the product summed over the last axis —
 * [B, A…, K] · [B, C…, K] → [B, A…, C…], without reshapes of symbolic sizes.
 */
function dotByBroadcast(g: BuildContext['g'], a: Value, i: number, b: Value, j: number): Value {
  const last = (x: Value, k: number) => [0, ...[...x.shape.keys()].filter(d => d !== 0 && d !== k), k];
  const p = a.shape.length - 2; // a's axes left besides the batch
  const q = b.shape.length - 2;
  const a2 = op.unsqueeze(g, op.transpose(g, a, last(a, i)), Array.from({ length: q }, (_, d) => 1 + p + d)); // [B, A…, 1…, K]
  const b2 = op.unsqueeze(g, op.transpose(g, b, last(b, j)), Array.from({ length: p }, (_, d) => 1 + d)); // [B, 1…, C…, K]
  return op.reduceSum(g, op.mul(g, a2, b2), [-1]);
}

