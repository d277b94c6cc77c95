// Progress events for the UI, independent of Keras's `verbose`: at most one per `intervalMs`
// (125 ms → 8 a second), but always the first and the last batch of each epoch, so a chart
// never misses an epoch boundary and a fast run does not flood the host with messages.

export type { ProgressEvent } from '../../keras/compile';

export class ProgressThrottle {
  private last = -Infinity;
  constructor(
    private readonly intervalMs = 125,
    private readonly clock: () => number = () => performance.now(),
  ) {}

  /** Whether to emit for this batch; first and last batches of an epoch always pass. */
  shouldEmit(batch: number, batches: number): boolean {
    const now = this.clock();
    const edge = batch === 0 || batch === batches - 1;
    if (!edge && now - this.last < this.intervalMs) return false;
    this.last = now;
    return true;
  }
}

/** Rate and ETA from the epoch's start time, the steps done, and what is left. */
export function rateAndEta(startMs: number, nowMs: number, done: number, leftInEpoch: number, leftAfterEpoch: number): { stepsPerSec: number; etaSec: number; etaTotalSec: number } {
  const secs = Math.max(1e-9, (nowMs - startMs) / 1000);
  const stepsPerSec = done / secs;
  return { stepsPerSec, etaSec: leftInEpoch / stepsPerSec, etaTotalSec: (leftInEpoch + leftAfterEpoch) / stepsPerSec };
}
