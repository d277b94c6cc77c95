// Keras's History: what `fit` returns. `history['loss'][e]` is the loss of the e-th epoch run,
// `epoch[e]` its index (initial_epoch shifts it). Logs are recorded after every other callback
// has seen them, so ReduceLROnPlateau's `learning_rate` entry lands here as in Keras 3.
import type { RunRecord } from '../../keras/runRecord';

export type Logs = Record<string, number>;

export type StopReason = 'completed' | 'callback' | 'cancelled';

export class History {
  /** Per key, one value per epoch run, e.g. history.loss, history.val_accuracy. */
  readonly history: Record<string, number[]> = {};
  /** The epoch index of each recorded entry. */
  readonly epoch: number[] = [];
  /** Why fit returned: all epochs ran, a callback set stopTraining, or the caller cancelled. */
  stopReason: StopReason = 'completed';
  /** The callback (class name) that stopped training, when stopReason is 'callback'. */
  stoppedBy?: string;
  /** What the fit used (seeds, data order, provider, graph, settings), to see and to replay. */
  runRecord?: RunRecord;
  /** A replay's differences that may change the numbers (ONNX Runtime version, thread count). */
  replayWarnings?: string[];

  constructor(readonly params: { epochs: number; steps: number; initialEpoch: number }) {}

  record(epoch: number, logs: Logs): void {
    this.epoch.push(epoch);
    const row = this.epoch.length - 1;
    for (const [k, v] of Object.entries(logs)) {
      // A key first seen late (learning_rate after a reduction) is padded with NaN before.
      const col = (this.history[k] ??= Array(row).fill(NaN));
      col.push(v);
    }
    for (const col of Object.values(this.history)) if (col.length < row + 1) col.push(NaN);
  }

  /** Per-epoch logs as rows (the shape the earlier loop returned). */
  get epochs(): Logs[] {
    return this.epoch.map((_, i) => Object.fromEntries(Object.entries(this.history).map(([k, v]) => [k, v[i]])));
  }

  /** True when training ended before its last epoch (a callback or the caller stopped it). */
  get stopped(): boolean {
    return this.stopReason !== 'completed';
  }
}
