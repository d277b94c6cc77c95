// Progress events for the UI, independent of Keras's `verbose`: one per batch, with rate and ETA.
// The training thread's one throttle (protocol/gradients/throttle.ts) decides how many leave it,
// and flushes at each epoch's end, so a chart never misses an epoch boundary.

export type { ProgressEvent } from '../../keras/compile';

/** Rate and ETA from the epoch's start time, the steps done, and what is left. */
export function rateAndEta(startMs: number, nowMs: number, done: number, leftInEpoch: number, leftAfterEpoch: number): { stepsPerSec: number; etaSec: number; etaTotalSec: number } {
  const secs = Math.max(1e-9, (nowMs - startMs) / 1000);
  const stepsPerSec = done / secs;
  return { stepsPerSec, etaSec: leftInEpoch / stepsPerSec, etaTotalSec: (leftInEpoch + leftAfterEpoch) / stepsPerSec };
}
