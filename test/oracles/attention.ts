/**
 * Float64 reference for Keras 3's attention layers, written from their documented formulas
 * (keras.layers.Attention / AdditiveAttention, BaseDenseAttention): TF.js has neither.
 *   Luong dot:      scores[b,i,j] = scale · Σ_d q[b,i,d]·k[b,j,d]
 *   Luong concat:   scores[b,i,j] = w · Σ_d tanh(scale · (q[b,i,d] + k[b,j,d]))
 *   Bahdanau:       scores[b,i,j] = Σ_d scale[d] · tanh(q[b,i,d] + k[b,j,d])
 *   a masked value step j (or j > i under use_causal_mask): scores −= 1e9; weights = softmax over j; out = weights · v;
 *   a masked query step i outputs zeros.
 */
import { Tensor, tensor } from './tensor';

export interface AttentionRef {
  mode: 'dot' | 'concat' | 'additive';
  /** Luong: a scalar; Bahdanau: one per feature; absent: 1. */
  scale?: number | number[];
  /** Luong concat's concat_score_weight. */
  concatWeight?: number;
  /** [B, Tq] and [B, Tv] 0/1 masks. */
  queryMask?: number[][];
  valueMask?: number[][];
  /** Keras use_causal_mask: query step i sees value steps j <= i only. */
  causal?: boolean;
}

/** query [B, Tq, D], value [B, Tv, Dv], key [B, Tv, D] (default value) → output [B, Tq, Dv], weights [B, Tq, Tv]. */
export function attentionRef(query: Tensor, value: Tensor, key: Tensor | undefined, o: AttentionRef): { output: Tensor; weights: Tensor } {
  const k = key ?? value;
  const [B, Tq, D] = query.shape;
  const [, Tv, Dv] = value.shape;
  const q = (b: number, i: number, d: number) => query.data[(b * Tq + i) * D + d];
  const kv = (b: number, j: number, d: number) => k.data[(b * Tv + j) * D + d];
  const scaleAt = (d: number) => (o.scale === undefined ? 1 : typeof o.scale === 'number' ? o.scale : o.scale[d]);
  const output = tensor([B, Tq, Dv]);
  const weights = tensor([B, Tq, Tv]);
  for (let b = 0; b < B; b++) {
    for (let i = 0; i < Tq; i++) {
      const s: number[] = [];
      for (let j = 0; j < Tv; j++) {
        let acc = 0;
        for (let d = 0; d < D; d++) {
          if (o.mode === 'dot') acc += q(b, i, d) * kv(b, j, d);
          else if (o.mode === 'concat') acc += Math.tanh(scaleAt(d) * (q(b, i, d) + kv(b, j, d)));
          else acc += scaleAt(d) * Math.tanh(q(b, i, d) + kv(b, j, d));
        }
        if (o.mode === 'dot') acc *= scaleAt(0);
        if (o.mode === 'concat') acc *= o.concatWeight ?? 1;
        if ((o.valueMask && !o.valueMask[b][j]) || (o.causal && j > i)) acc -= 1e9;
        s.push(acc);
      }
      const top = Math.max(...s);
      const e = s.map((x) => Math.exp(x - top));
      const z = e.reduce((x, y) => x + y, 0);
      const keep = o.queryMask ? o.queryMask[b][i] : 1;
      for (let j = 0; j < Tv; j++) weights.data[(b * Tq + i) * Tv + j] = e[j] / z;
      for (let c = 0; c < Dv; c++) {
        let acc = 0;
        for (let j = 0; j < Tv; j++) acc += (e[j] / z) * value.data[(b * Tv + j) * Dv + c];
        output.data[(b * Tq + i) * Dv + c] = acc * keep;
      }
    }
  }
  return { output, weights };
}
