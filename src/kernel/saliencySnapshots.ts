// The saliency view in the training thread: snapshots of one example's saliency (the engine's
// probe graph, engine/train/saliency.ts), on request (show_saliency) and while fit trains, at the
// steps the snapshot budget picks (protocol/gradients/states.ts: at most 64 kept, at most 16 MiB).
// Unlike the state inspector, a fit takes them only for an example show_saliency chose: each costs
// a forward and a backward pass over T_out copies of the sequence.
import type { TensorData } from '../engine/graph/types';
import type { Trainer } from '../engine/train/trainer';
import { saliencyBytes, SnapshotBudget, type SaliencySnapshot } from '../protocol/gradients';
import type { TrainingEvent, TrainingRequest } from '../protocol/training';

/** The saliency of x's first sample for every output position, at the trainer's current step. */
export async function saliencySnapshot(trainer: Trainer, x: TensorData | TensorData[], epoch?: number): Promise<SaliencySnapshot> {
  const s = await trainer.saliency(x, 0);
  return { step: trainer.iterations, epoch, outputs: s.outputs, T: s.T, norm: s.norm, gradInput: s.gradInput, classes: s.classes, target: s.target };
}

/**
 * The probes may take at most this share of a fit's time: with the state inspector's 3%
 * (stateSnapshots.ts) the two stay under DESIGN §7's 5% for open panels.
 */
const MAX_PROBE_SHARE = 0.02;

/** Training steps a fit will run (validation_split's rows are not trained on). */
function plannedSteps(request: Extract<TrainingRequest, { op: 'fit' }>): number {
  const xs = Array.isArray(request.x) ? request.x : [request.x];
  const f = request.fit;
  const rows = f.validationData ? xs[0].dims[0] : Math.floor(xs[0].dims[0] * (1 - f.validationSplit));
  return Math.max(0, f.epochs - f.initialEpoch) * Math.ceil(rows / Math.max(1, f.batchSize));
}

/**
 * One fit's saliency snapshots of the show_saliency example: at its start, at the steps the budget
 * picks (spread over the planned run) and at its end; one the budget wants is skipped while the
 * probes have taken over 2% of the fit's time so far. A model the probe cannot differentiate
 * trains without them: the view is never a reason for a fit to fail.
 */
export class FitSaliency {
  private example: TensorData[] | undefined;
  private readonly budget = new SnapshotBudget<null>();
  private readonly started = performance.now();
  private probeMs = 0;
  private readonly planned: number;

  constructor(private readonly trainer: Trainer, request: Extract<TrainingRequest, { op: 'fit' }>, private readonly emit: (e: TrainingEvent) => void) {
    const chosen = request.fit.saliencyExample;
    this.example = chosen ? (Array.isArray(chosen) ? chosen : [chosen]) : undefined;
    this.planned = plannedSteps(request);
  }

  /** Snapshots kept so far (the budget's rule; the host keeps the same ones). */
  get kept(): number {
    return this.budget.kept.length;
  }

  /** After a step (or at the start and end, `force`): a snapshot if the budget wants one and the time share allows it. */
  async take(epoch: number | undefined, force = false): Promise<void> {
    const step = this.trainer.iterations;
    if (!this.example) return;
    if (force ? this.budget.kept[this.budget.kept.length - 1]?.step === step : !this.budget.wants(step)) return;
    if (!force && this.probeMs > MAX_PROBE_SHARE * (performance.now() - this.started)) return;
    const t0 = performance.now();
    try {
      const snapshot = await saliencySnapshot(this.trainer, this.example, epoch);
      const first = this.budget.kept.length === 0;
      this.budget.add(step, null, saliencyBytes(snapshot));
      if (first) this.budget.plan(this.planned);
      this.emit({ kind: 'saliency', snapshot });
    } catch {
      this.example = undefined;
    }
    if (!force) this.probeMs += performance.now() - t0;
  }
}
