// The attention alignment in the training thread: snapshots of one example's attention weights
// (the engine's probe graph, engine/train/attention.ts), on request (show_attention) and while a
// fit after it trains, at the steps the snapshot budget picks (FitSnapshots, stateSnapshots.ts).
import type { TensorData } from '../engine/graph/types';
import type { Trainer } from '../engine/train/trainer';
import { attentionBytes, type AttentionSnapshot } from '../protocol/gradients';
import type { TrainingRequest } from '../protocol/training';
import type { FitProbe } from './stateSnapshots';

/** Every attention layer's weights over x's first sample, at the trainer's current step. */
export async function attentionSnapshot(trainer: Trainer, x: TensorData | TensorData[], epoch?: number): Promise<AttentionSnapshot> {
  const maps = await trainer.attention(x, 0);
  return { step: trainer.iterations, epoch, maps: maps.map(m => ({ layer: m.layer, kind: m.kind, Tq: m.Tq, Tv: m.Tv, weights: m.weights, valueMask: m.valueMask })) };
}

/** A fit's attention probe: only after show_attention chose an example (no example, no snapshots). */
export function attentionProbe(trainer: Trainer, request: Extract<TrainingRequest, { op: 'fit' }>): FitProbe {
  const chosen = request.fit.attentionExample;
  return {
    example: chosen === undefined ? undefined : Array.isArray(chosen) ? chosen : [chosen],
    async take(example, epoch) {
      const snapshot = await attentionSnapshot(trainer, example, epoch);
      return { event: { kind: 'attention', snapshot }, bytes: attentionBytes(snapshot.maps) };
    },
  };
}
