// The state inspector in the training thread: snapshots of one example's states and gates (the
// engine's probe graph, engine/train/states.ts), on request (show_states) and while fit trains,
// at the steps the snapshot budget picks (protocol/gradients/states.ts).
import type { TensorData } from '../engine/graph/types';
import { takeRows } from '../engine/train/batches';
import type { Trainer } from '../engine/train/trainer';
import { snapshotBytes, SnapshotBudget, type RecurrentKind, type StateSnapshot } from '../protocol/gradients';
import type { TrainingEvent, TrainingRequest } from '../protocol/training';

/** Every recurrence's states and gates over x's first sample, at the trainer's current step. */
export async function stateSnapshot(trainer: Trainer, x: TensorData | TensorData[], epoch?: number): Promise<StateSnapshot> {
  const chains = await trainer.states(x, 0);
  return {
    step: trainer.iterations,
    epoch,
    chains: chains.map(c => ({
      key: `${c.layer}.${c.direction}`,
      layer: c.layer,
      direction: c.direction,
      kind: c.kind as RecurrentKind,
      units: c.units,
      T: c.T,
      series: c.series,
      mask: c.mask,
    })),
  };
}

/**
 * The example a fit snapshots: the one show_states chose, else the first training sample
 * (validation_split takes the last rows). None when the first input has no time axis.
 */
function fitExample(request: Extract<TrainingRequest, { op: 'fit' }>): TensorData[] | undefined {
  if (request.fit.statesExample) return Array.isArray(request.fit.statesExample) ? request.fit.statesExample : [request.fit.statesExample];
  const xs = Array.isArray(request.x) ? request.x : [request.x];
  const first = xs[0];
  const sequence = first.dtype === 'int64' ? first.dims.length === 2 : first.dims.length === 3;
  return sequence && first.dims[0] > 0 ? xs.map(x => takeRows(x, [0])) : undefined;
}

/** The probe may take at most this share of a fit's time (DESIGN §7: open panels cost under 5%). */
const MAX_PROBE_SHARE = 0.03;
/**
 * And it runs at most once a second on average, after a first burst of 4 (so a fit of a few steps
 * still gets one per step). Each snapshot is the whole example's states and gates (~150 KB for
 * an LSTM of 64 units over 100 steps), and carrying it to the page and drawing it is what the
 * inspector costs the run: about 9 ms of the page's main thread per snapshot in the webview
 * harness, and as much again in the relay, the compositor and the browser's other processes. At
 * two a second (and a burst of 8 at each fit's start) that alone was over the panels budget on a
 * two-core machine. Once a second still animates the live view; the scrubber's snapshots are
 * spread over the whole run by the budget whatever the rate, and a fit of a minute or more still
 * keeps its 64.
 */
export const PROBES_PER_SECOND = 1;
export const PROBE_BURST = 4;

/** Training steps a fit will run (validation_split's rows are not trained on). */
function plannedSteps(request: Extract<TrainingRequest, { op: 'fit' }>): number {
  const xs = Array.isArray(request.x) ? request.x : [request.x];
  const f = request.fit;
  const rows = f.validationData ? xs[0].dims[0] : Math.floor(xs[0].dims[0] * (1 - f.validationSplit));
  return Math.max(0, f.epochs - f.initialEpoch) * Math.ceil(rows / Math.max(1, f.batchSize));
}

/** What a fit snapshots: one forward probe of the example, as the event to send and its size in bytes (the budget's measure). */
export interface FitProbe {
  example: TensorData[] | undefined;
  /** The share of the fit's time this probe may take (default MAX_PROBE_SHARE). */
  maxShare?: number;
  take(example: TensorData[], epoch: number | undefined): Promise<{ event: TrainingEvent; bytes: number }>;
}

/** The state inspector's probe: every recurrence's states and gates (the default of FitSnapshots). */
function statesProbe(trainer: Trainer, request: Extract<TrainingRequest, { op: 'fit' }>): FitProbe {
  return {
    example: fitExample(request),
    async take(example, epoch) {
      const snapshot = await stateSnapshot(trainer, example, epoch);
      return { event: { kind: 'states', snapshot }, bytes: snapshotBytes(snapshot.chains) };
    },
  };
}

/**
 * One fit's snapshots (the state inspector's, or another probe's: saliencySnapshots.ts, attentionSnapshots.ts): at its start, at the steps the budget picks (spread over the planned run),
 * and at its end. Each costs one forward pass over one sequence; a snapshot the budget wants is
 * skipped while the probes in between have taken over 3% of the fit's time so far, so the
 * inspector costs the run about that at most, and while the fit has already had its share of
 * PROBES_PER_SECOND (a skipped one leaves a gap in the scrubber). A model the probe cannot show (no
 * recurrent layer) trains without them: the inspector is a view, never a reason for a fit to fail.
 */
export class FitSnapshots {
  private example: TensorData[] | undefined;
  private readonly budget = new SnapshotBudget<null>();
  private readonly started: number;
  private probeMs = 0;
  private probes = 0;
  private readonly planned: number;

  private readonly probe: FitProbe;

  /** `now`: the clock the time share and the rate are measured by (a test's own). */
  constructor(private readonly trainer: Trainer, request: Extract<TrainingRequest, { op: 'fit' }>, private readonly emit: (e: TrainingEvent) => void, probe?: FitProbe, private readonly now: () => number = () => performance.now()) {
    this.started = now();
    this.probe = probe ?? statesProbe(trainer, request);
    this.example = this.probe.example;
    this.planned = plannedSteps(request);
  }

  /** After a step (or at the start and end, `force`): a snapshot if the budget wants one and the time share allows it. */
  async take(epoch: number | undefined, force = false): Promise<void> {
    const step = this.trainer.iterations;
    if (!this.example) return;
    if (force ? this.budget.kept[this.budget.kept.length - 1]?.step === step : !this.budget.wants(step)) return;
    const t0 = this.now();
    const elapsedMs = t0 - this.started;
    if (!force && (this.probes >= PROBE_BURST + (elapsedMs / 1000) * PROBES_PER_SECOND || this.probeMs > (this.probe.maxShare ?? MAX_PROBE_SHARE) * elapsedMs)) return;
    if (!force) this.probes++;
    try {
      const { event, bytes } = await this.probe.take(this.example, epoch);
      const first = this.budget.kept.length === 0;
      this.budget.add(step, null, bytes);
      if (first) this.budget.plan(this.planned);
      this.emit(event);
    } catch {
      this.example = undefined;
    }
    // The first and last (forced) are fixed costs, the first with the probe session's creation.
    if (!force) this.probeMs += this.now() - t0;
  }
}
