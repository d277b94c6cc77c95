// The BPTT step-through in the training thread: the engine's per-step terms of ∂L/∂W for one
// example (engine/train/bptt.ts), summarised into the numbers the kernel returns and the panel draws.
import type { TensorData } from '../engine/graph/types';
import { summarizeTerms } from '../engine/train/bptt';
import type { Trainer } from '../engine/train/trainer';
import type { BpttResult } from '../protocol/bptt';

/**
 * ∂L/∂W of every weight of `layer` on the first sample of (x, y), per time step, summarised;
 * `backwards`: the layer reads the sequence backwards, so BPTT sums from input step 1.
 */
export async function bpttResult(trainer: Trainer, x: TensorData | TensorData[], y: TensorData | TensorData[], layer: string, backwards: boolean): Promise<BpttResult> {
  const { loss, terms } = await trainer.bpttTerms(x, y, layer, 0);
  return {
    loss,
    series: terms.map(t => summarizeTerms(t, backwards)).map(s => ({
      weight: s.weight, shape: s.shape, norms: s.norms, shares: s.shares, projections: s.projections, partialNorms: s.partialNorms, fullNorm: s.fullNorm,
    })),
  };
}
