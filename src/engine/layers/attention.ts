// Keras attention layers on [query, value] or [query, value, key] (key defaults to value):
// Attention (Luong: dot-product scores, optionally scaled; score_mode='concat' for tanh scores)
// and AdditiveAttention (Bahdanau: Σ scale·tanh(q + k)). Both then take
//   weights = softmax(scores) over the value steps, output = weights · value,
// as Keras 3's BaseDenseAttention does, with its masks: a masked value step gets −1e9 added to
// its score (so its weight is 0), and a masked query step outputs zeros and stays masked.
// use_causal_mask (a call option) masks value steps j > i for query step i the same way.
import * as op from '../ops';
import type { Value } from '../graph/types';
import { attentionOutputs, lastSize } from '../../keras/shapes';
import { dropoutMask, dropsIn } from './dropout';
import { autoName, BuildContext, FeatureShape, Flow, ListCallOptions, ListInputLayer, ParamSpec } from './layer';

/** What Keras subtracts from the score of a masked value step. */
const MASKED_SCORE = 1e9;

/** [Tq, Tv] of 1 where value step j <= query step i, else 0 (Keras 3's causal mask, as floats). */
function causalMask(ctx: BuildContext, scores: Value): Value {
  const { g } = ctx;
  const ones = op.constantOfShape(g, op.shapeRange(g, scores, 1, 3), scores.dtype, 1); // [Tq, Tv]
  return op.lowerTriangle(g, ones);
}

abstract class BaseAttention implements ListInputLayer {
  readonly takesList = true;
  abstract readonly kind: string;
  readonly name: string;
  constructor(stem: string, readonly useScale: boolean, readonly dropout: number, name?: string) {
    if (!(dropout >= 0 && dropout < 1)) throw new Error(`${stem}: dropout must be in [0, 1), got ${dropout}`);
    this.name = name ?? autoName(stem);
  }
  abstract params(query: FeatureShape): ParamSpec[];
  /** Scores [B, Tq, Tv] from query [B, Tq, dim] and key [B, Tv, dim]. */
  protected abstract scores(ctx: BuildContext, query: Value, key: Value): Value;
  outputShape(): FeatureShape {
    return this.notOnOneTensor();
  }
  apply(): Flow {
    return this.notOnOneTensor();
  }
  private notOnOneTensor(): never {
    throw new Error(`${this.kind} takes a list [query, value] or [query, value, key] (functional API), so it cannot be a layer of a Sequential model`);
  }
  callShapes(inputs: FeatureShape[], opts: ListCallOptions): FeatureShape[] {
    return attentionOutputs(inputs, this.kind, !!opts.return_attention_scores);
  }
  applyAll(ctx: BuildContext, xs: Flow[], opts: ListCallOptions): Flow[] {
    const { g } = ctx;
    const [query, value] = xs;
    const key = xs[2] ?? value;
    let scores = this.scores(ctx, query.value, key.value); // [B, Tq, Tv]
    let keep: Value | undefined = value.mask ? op.unsqueeze(g, value.mask, [1]) : undefined; // [B, 1, Tv]
    if (opts.use_causal_mask) {
      const causal = causalMask(ctx, scores); // [Tq, Tv]
      keep = keep ? op.mul(g, keep, causal) : causal;
    }
    if (keep) scores = op.sub(g, scores, op.mulC(g, op.rsubC(g, 1, keep), MASKED_SCORE)); // −1e9 where masked
    let weights = op.softmax(g, scores, -1); // over the value steps
    ctx.attentionProbes?.push({ layer: this.name, kind: this.kind, weights, valueMask: value.mask });
    if (dropsIn(ctx, this.dropout)) weights = op.mul(g, weights, dropoutMask(ctx, this.name, [...weights.shape], this.dropout));
    let output = op.matmul(g, weights, value.value); // [B, Tq, dv]
    if (query.mask) output = op.mul(g, output, op.unsqueeze(g, query.mask, [2]));
    const out: Flow[] = [{ value: output, mask: query.mask }];
    if (opts.return_attention_scores) out.push({ value: weights });
    return out;
  }
}

export type ScoreMode = 'dot' | 'concat';

/**
 * Keras Attention (Luong): scores = query·keyᵀ (× scale with use_scale), or with
 * score_mode='concat' scores = concat_score_weight · Σ tanh(scale·(q + k)). Parameters: `scale`
 * (a scalar, ones) with use_scale, `concat_score_weight` (a scalar, ones) with 'concat'.
 */
export class Attention extends BaseAttention {
  readonly kind = 'Attention';
  constructor(useScale = false, readonly scoreMode: ScoreMode = 'dot', dropout = 0, name?: string) {
    super('attention', useScale, dropout, name);
    if (scoreMode !== 'dot' && scoreMode !== 'concat') throw new Error(`Attention: score_mode must be 'dot' or 'concat', got '${String(scoreMode)}'`);
  }
  params(): ParamSpec[] {
    const ps: ParamSpec[] = [];
    if (this.useScale) ps.push({ name: 'scale', shape: [], init: 'ones' });
    if (this.scoreMode === 'concat') ps.push({ name: 'concat_score_weight', shape: [], init: 'ones' });
    return ps;
  }
  protected scores(ctx: BuildContext, query: Value, key: Value): Value {
    const { g } = ctx;
    const scale = this.useScale ? ctx.param(this.name, 'scale') : null; // []
    if (this.scoreMode === 'dot') {
      const s = op.matmul(g, query, op.transpose(g, key, [0, 2, 1])); // [B, Tq, Tv]
      return scale ? op.mul(g, s, scale) : s;
    }
    let sum = op.add(g, op.unsqueeze(g, query, [2]), op.unsqueeze(g, key, [1])); // [B, Tq, Tv, dim]
    if (scale) sum = op.mul(g, sum, scale);
    return op.mul(g, op.reduceSum(g, op.tanh(g, sum), [-1]), ctx.param(this.name, 'concat_score_weight'));
  }
}

/**
 * Keras AdditiveAttention (Bahdanau): scores = Σ_dim scale · tanh(q + k), with `scale` a learned
 * [dim] vector (glorot_uniform) under use_scale=True (the default), else 1.
 */
export class AdditiveAttention extends BaseAttention {
  readonly kind = 'AdditiveAttention';
  constructor(useScale = true, dropout = 0, name?: string) {
    super('additive_attention', useScale, dropout, name);
  }
  params(query: FeatureShape): ParamSpec[] {
    return this.useScale ? [{ name: 'scale', shape: [lastSize(query)], init: 'glorot_uniform' }] : [];
  }
  protected scores(ctx: BuildContext, query: Value, key: Value): Value {
    const { g } = ctx;
    let t = op.tanh(g, op.add(g, op.unsqueeze(g, query, [2]), op.unsqueeze(g, key, [1]))); // [B, Tq, Tv, dim]
    if (this.useScale) t = op.mul(g, t, ctx.param(this.name, 'scale'));
    return op.reduceSum(g, t, [-1]); // [B, Tq, Tv]
  }
}
