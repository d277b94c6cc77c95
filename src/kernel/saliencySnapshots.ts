// The saliency view in the training thread: snapshots of one example's saliency (the engine's
// probe graph, engine/train/saliency.ts), on request (show_saliency) and while fit trains, at the
// steps the snapshot budget picks (FitSnapshots, stateSnapshots.ts: at most 64 kept, 16 MiB).
import type { TensorData } from '../engine/graph/types';
import type { Trainer } from '../engine/train/trainer';
import { saliencyBytes, type SaliencySnapshot } from '../protocol/gradients';
import type { TrainingRequest } from '../protocol/training';
import type { FitProbe } from './stateSnapshots';

/** The saliency of x's first sample for every output position, at the trainer's current step. */
export async function saliencySnapshot(trainer: Trainer, x: TensorData | TensorData[], epoch?: number): Promise<SaliencySnapshot> {
  const s = await trainer.saliency(x, 0);
  return { step: trainer.iterations, epoch, outputs: s.outputs, T: s.T, norm: s.norm, gradInput: s.gradInput, classes: s.classes, target: s.target };
}

/**
 * A fit's saliency probe (FitSnapshots, stateSnapshots.ts), only for an example show_saliency
 * chose: each snapshot costs a forward and a backward pass over T_out copies of the sequence, so
 * it may take at most 2% of a fit's time (with the state inspector's 3%, under DESIGN §7's 5%).
 */
export function saliencyProbe(trainer: Trainer, request: Extract<TrainingRequest, { op: 'fit' }>): FitProbe {
  const chosen = request.fit.saliencyExample;
  return {
    example: chosen === undefined ? undefined : Array.isArray(chosen) ? chosen : [chosen],
    maxShare: 0.02,
    async take(example, epoch) {
      const snapshot = await saliencySnapshot(trainer, example, epoch);
      return { event: { kind: 'saliency', snapshot }, bytes: saliencyBytes(snapshot) };
    },
  };
}
