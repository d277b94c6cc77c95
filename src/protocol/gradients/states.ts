// The state inspector's data on the gradient channel: for one input sequence of a model (the
// inspected example), every recurrence's h_t (c_t) and gates per step and unit, at a training
// step. A fit sends snapshots of the same example as it trains, at a bounded budget, so the panel
// can scrub through training. Float values travel through the one codec (codec.ts): NaN and ±Inf
// stay distinct all the way to the heatmap.
import type { Direction, RecurrentKind } from './diagram';

/** One recurrence (a layer, or one direction of a Bidirectional) over the example. */
export interface StateChain {
  /** `${layer}.${direction}`, the same key as the ‖dL/dh_t‖ series of the gradient frames. */
  key: string;
  layer: string;
  direction: Direction;
  kind: RecurrentKind;
  units: number;
  T: number;
  /** h (and c for LSTM), then the gates: LSTM i, f, candidate, o; GRU z, r, candidate. values[t·units + j]. */
  series: { name: string; values: ArrayLike<number> }[];
  /** [T]: 1 where the step was read, 0 where masked (padding); absent when the layer reads no mask. */
  mask?: number[];
}

/** The states of the example at one training step. */
export interface StateSnapshot {
  /** Training steps done when it was taken (0: the initial weights). */
  step: number;
  epoch?: number;
  chains: StateChain[];
}

/** What the channel carries: one snapshot of a model's inspected example, with its tokens. */
export interface StatesMessage {
  modelId: string;
  /** The model's name: the panel's title before a fit has drawn the model. */
  modelName: string;
  /** One label per input step (words, characters, ids), shown along the time axis. */
  tokens: string[];
  snapshot: StateSnapshot;
  /** A new example (show_states): the snapshots of the previous one no longer compare, drop them. */
  reset?: boolean;
}

/** Most snapshots kept per model: the scrubber's resolution. */
export const MAX_STATE_SNAPSHOTS = 64;
/** Most bytes of state values (float32) kept per model; long sequences or wide layers keep fewer snapshots. */
export const MAX_STATE_BYTES = 16 * 1024 * 1024;

/** Bytes of one snapshot's values as float32: Σ over chains of series × T × units × 4. */
export function snapshotBytes(chains: readonly StateChain[]): number {
  return chains.reduce((sum, c) => sum + c.series.length * c.T * c.units * 4, 0);
}

/** How many snapshots of this size the budget holds: at most 64, at most 16 MiB, at least 2 (first and latest). */
export function snapshotCapacity(bytesPerSnapshot: number): number {
  return Math.max(2, Math.min(MAX_STATE_SNAPSHOTS, Math.floor(MAX_STATE_BYTES / Math.max(1, bytesPerSnapshot))));
}

/**
 * Which training steps get a snapshot, and which are kept: every `stride`-th step from the first
 * one; when the budget is full, every other kept snapshot goes (the first stays) and the stride
 * doubles. So whatever the run's length, the kept snapshots cover it evenly from its start to the
 * latest: about `capacity` probes for a run whose length was planned (`plan`), else about
 * capacity + capacity/2 · log2(steps / capacity).
 * The training thread asks `wants` and records each snapshot it sends (item null); the host's
 * store keeps the snapshots by the same rule, so both agree without talking. A snapshot off the
 * stride (the run's last step) may be added; the next one replaces it.
 */
export class SnapshotBudget<T> {
  private stride = 1;
  private capacity = MAX_STATE_SNAPSHOTS;
  readonly kept: { step: number; item: T }[] = [];

  private onStride(step: number): boolean {
    return this.kept.length === 0 || (step - this.kept[0].step) % this.stride === 0;
  }

  /** A snapshot at this step would be kept. */
  wants(step: number): boolean {
    return this.onStride(step) && this.kept[this.kept.length - 1]?.step !== step;
  }

  /**
   * A run of `steps` more steps is planned (fit knows its epochs and batches): start with the
   * stride that spreads the budget over all of it, so the probe runs about `capacity` times
   * instead of capacity + capacity/2 per doubling. Powers of two, so thinning stays on the stride.
   */
  plan(steps: number): void {
    while (this.stride * this.capacity < steps) this.stride *= 2;
  }

  /** Keeps `item` for `step`; the first one sets the capacity from its size in bytes (snapshotBytes). */
  add(step: number, item: T, bytes: number): void {
    if (this.kept.length === 0) this.capacity = snapshotCapacity(bytes);
    const last = this.kept[this.kept.length - 1];
    // The same step again (show_states twice between steps), or an off-stride last step: replaced.
    if (last && (last.step === step || !this.onStride(last.step))) this.kept.pop();
    if (this.kept.length >= this.capacity) {
      const first = this.kept[0].step;
      this.stride *= 2;
      const thinned = this.kept.filter((k) => (k.step - first) % this.stride === 0);
      this.kept.splice(0, this.kept.length, ...thinned);
    }
    this.kept.push({ step, item });
  }

  clear(): void {
    this.kept.length = 0;
    this.stride = 1;
  }
}
