// Callbacks with Keras 3 semantics (keras/src/callbacks/*.py), and the interface the kernel
// implements for its own (progress cells, cancellation UI). Hooks see the same logs Keras passes:
//   onTrainBatchEnd(batch, logs)   logs = running epoch means {loss, <metrics>} + non_finite (0|1)
//   onEpochEnd(epoch, logs)        logs = epoch means, plus val_* when there is validation data
// A callback asks training to stop by setting model.stopTraining, checked after every batch
// (the epoch still ends: validation and onEpochEnd run) and after every epoch, as in Keras 3.
import type { TensorData } from '../graph/types';
import { metricDirection } from '../losses/metrics';
import type { Logs, StopReason } from './history';

/** What a callback may read and change: Keras's `self.model` as far as callbacks use it. */
export interface CallbackModel {
  stopTraining: boolean;
  /** The learning rate fed to the next step (a graph input, so changing it rebuilds nothing). */
  learningRate: number;
  /** Copies of the current weights, and restoring them (optimizer state is untouched, as in Keras). */
  getWeights(): Map<string, TensorData>;
  setWeights(w: Map<string, TensorData>): void;
}

export interface Callback {
  /** Called by fit before onTrainBegin. */
  setModel?(model: CallbackModel): void;
  onTrainBegin?(logs: Logs): void;
  /** `reason` says why training ended; weight-restoring callbacks leave a cancelled run alone. */
  onTrainEnd?(logs: Logs, reason: StopReason): void;
  onEpochBegin?(epoch: number, logs: Logs): void;
  onEpochEnd?(epoch: number, logs: Logs): void;
  onTrainBatchBegin?(batch: number, logs: Logs): void;
  onTrainBatchEnd?(batch: number, logs: Logs): void;
}

/** Runs every hook of every callback in list order. */
export class CallbackList {
  constructor(readonly callbacks: Callback[]) {}
  setModel(m: CallbackModel): void {
    for (const c of this.callbacks) c.setModel?.(m);
  }
  trainBegin(logs: Logs = {}): void {
    for (const c of this.callbacks) c.onTrainBegin?.(logs);
  }
  trainEnd(logs: Logs, reason: StopReason): void {
    for (const c of this.callbacks) c.onTrainEnd?.(logs, reason);
  }
  epochBegin(epoch: number, logs: Logs = {}): void {
    for (const c of this.callbacks) c.onEpochBegin?.(epoch, logs);
  }
  epochEnd(epoch: number, logs: Logs): void {
    for (const c of this.callbacks) c.onEpochEnd?.(epoch, logs);
  }
  batchBegin(batch: number, logs: Logs = {}): void {
    for (const c of this.callbacks) c.onTrainBatchBegin?.(batch, logs);
  }
  batchEnd(batch: number, logs: Logs): void {
    for (const c of this.callbacks) c.onTrainBatchEnd?.(batch, logs);
  }
}

/** Base for the built-in callbacks: holds the model handle. */
abstract class ModelCallback implements Callback {
  protected model!: CallbackModel;
  setModel(m: CallbackModel): void {
    this.model = m;
  }
}

export type Mode = 'auto' | 'min' | 'max';

function checkMode(mode: string, who: string): Mode {
  if (mode === 'auto' || mode === 'min' || mode === 'max') return mode;
  // Keras warns and falls back to auto; an unknown mode in a notebook is more likely a typo.
  throw new Error(`${who}: mode must be 'auto', 'min' or 'max', got '${mode}'`);
}

export interface EarlyStoppingOptions {
  monitor?: string;
  min_delta?: number;
  patience?: number;
  mode?: Mode;
  baseline?: number | null;
  restore_best_weights?: boolean;
  start_from_epoch?: number;
}

/**
 * Keras 3 EarlyStopping, rule for rule:
 *   improvement(v, ref) = v − min_delta' ⋚ ref, where min_delta' = −|min_delta| when minimizing
 *   on epoch end (epoch ≥ start_from_epoch, monitor present):
 *     wait += 1; if improvement over best: best = v, (wait = 0 if also over baseline) — done
 *     else if wait ≥ patience and epoch > 0: stop
 *   restore_best_weights: the weights at the best epoch are put back when training ends
 *   (also when it ran all epochs, as Keras 3 does), the first eligible epoch's if none improved.
 */
export class EarlyStopping extends ModelCallback {
  readonly monitor: string;
  readonly patience: number;
  readonly baseline: number | null;
  readonly restoreBestWeights: boolean;
  readonly startFromEpoch: number;
  readonly mode: Mode;
  private minDelta: number;
  private better?: (a: number, b: number) => boolean;
  wait = 0;
  stoppedEpoch = 0;
  best = NaN;
  bestEpoch = 0;
  private bestWeights: Map<string, TensorData> | null = null;

  constructor(o: EarlyStoppingOptions = {}) {
    super();
    this.monitor = o.monitor ?? 'val_loss';
    this.minDelta = Math.abs(o.min_delta ?? 0);
    this.patience = o.patience ?? 0;
    this.mode = checkMode(o.mode ?? 'auto', 'EarlyStopping');
    this.baseline = o.baseline ?? null;
    this.restoreBestWeights = o.restore_best_weights ?? false;
    this.startFromEpoch = o.start_from_epoch ?? 0;
  }

  private setMonitorOp(): void {
    const dir = this.mode === 'min' ? 'down' : this.mode === 'max' ? 'up' : metricDirection(this.monitor);
    if (!dir) {
      throw new Error(
        `EarlyStopping callback received monitor=${this.monitor} but Unroll isn't able to automatically determine whether that metric should be maximized or minimized. Pass mode='max' or mode='min'.`,
      );
    }
    if (dir === 'down') {
      this.minDelta *= -1;
      this.better = (a, b) => a < b;
      this.best = Infinity;
    } else {
      this.better = (a, b) => a > b;
      this.best = -Infinity;
    }
  }

  private isImprovement(v: number, ref: number): boolean {
    return this.better!(v - this.minDelta, ref);
  }

  onTrainBegin(): void {
    this.wait = 0;
    this.stoppedEpoch = 0;
    this.bestWeights = null;
    this.bestEpoch = 0;
  }

  onEpochEnd(epoch: number, logs: Logs): void {
    if (!this.better) this.setMonitorOp();
    const current = logs[this.monitor];
    if (current === undefined || epoch < this.startFromEpoch) return;
    if (this.restoreBestWeights && this.bestWeights === null) {
      this.bestWeights = this.model.getWeights();
      this.bestEpoch = epoch;
    }
    this.wait += 1;
    if (this.isImprovement(current, this.best)) {
      this.best = current;
      this.bestEpoch = epoch;
      if (this.restoreBestWeights) this.bestWeights = this.model.getWeights();
      if (this.baseline === null || this.isImprovement(current, this.baseline)) this.wait = 0;
      return;
    }
    if (this.wait >= this.patience && epoch > 0) {
      this.stoppedEpoch = epoch;
      this.model.stopTraining = true;
    }
  }

  onTrainEnd(_logs: Logs, reason: StopReason): void {
    // A cancelled run keeps the weights of its last finished step (the Stop button's promise).
    if (reason === 'cancelled') return;
    if (this.restoreBestWeights && this.bestWeights !== null) this.model.setWeights(this.bestWeights);
  }
}

/**
 * Keras TerminateOnNaN: stop after a batch whose loss is NaN or ±Inf. We also read the step
 * graph's non-finite flag, which covers the loss and the gradient's global norm.
 */
export class TerminateOnNaN extends ModelCallback {
  terminatedAtBatch?: number;
  onTrainBatchEnd(batch: number, logs: Logs): void {
    const loss = logs.loss;
    if (logs.non_finite === 1 || (loss !== undefined && !Number.isFinite(loss))) {
      this.terminatedAtBatch = batch;
      this.model.stopTraining = true;
    }
  }
}

export interface ReduceLROnPlateauOptions {
  monitor?: string;
  factor?: number;
  patience?: number;
  mode?: Mode;
  min_delta?: number;
  cooldown?: number;
  min_lr?: number;
}

/**
 * Keras 3 ReduceLROnPlateau, rule for rule:
 *   better(v, best) = v < best − min_delta (min; mode auto unless 'acc' is in the name)
 *                   = v > best + min_delta (max)
 *   on epoch end: logs.learning_rate = lr;
 *     if cooling down: cooldown_counter −= 1, wait = 0
 *     if better: best = v, wait = 0
 *     else if not cooling down: wait += 1; if wait ≥ patience and lr > f32(min_lr):
 *       lr = max(lr·factor, min_lr); cooldown_counter = cooldown; wait = 0
 */
export class ReduceLROnPlateau extends ModelCallback {
  readonly monitor: string;
  readonly factor: number;
  readonly patience: number;
  readonly mode: Mode;
  readonly minDelta: number;
  readonly cooldown: number;
  readonly minLr: number;
  wait = 0;
  cooldownCounter = 0;
  best = Infinity;
  private better: (a: number, b: number) => boolean = () => false;

  constructor(o: ReduceLROnPlateauOptions = {}) {
    super();
    this.monitor = o.monitor ?? 'val_loss';
    this.factor = o.factor ?? 0.1;
    if (this.factor >= 1) throw new Error(`ReduceLROnPlateau does not support a factor >= 1.0. Received factor=${this.factor}`);
    this.patience = o.patience ?? 10;
    this.mode = checkMode(o.mode ?? 'auto', 'ReduceLROnPlateau');
    this.minDelta = o.min_delta ?? 1e-4;
    this.cooldown = o.cooldown ?? 0;
    this.minLr = o.min_lr ?? 0;
    this.reset();
  }

  private reset(): void {
    // Keras decides 'auto' by the substring 'acc', not by the metric's direction.
    if (this.mode === 'min' || (this.mode === 'auto' && !this.monitor.includes('acc'))) {
      this.better = (a, b) => a < b - this.minDelta;
      this.best = Infinity;
    } else {
      this.better = (a, b) => a > b + this.minDelta;
      this.best = -Infinity;
    }
    this.cooldownCounter = 0;
    this.wait = 0;
  }

  private inCooldown(): boolean {
    return this.cooldownCounter > 0;
  }

  onTrainBegin(): void {
    this.reset();
  }

  onEpochEnd(_epoch: number, logs: Logs): void {
    // Keras keeps the rate in a float32 variable and reads it back: compare and log that value.
    logs.learning_rate = Math.fround(this.model.learningRate);
    const current = logs[this.monitor];
    if (current === undefined) return;
    if (this.inCooldown()) {
      this.cooldownCounter -= 1;
      this.wait = 0;
    }
    if (this.better(current, this.best)) {
      this.best = current;
      this.wait = 0;
    } else if (!this.inCooldown()) {
      this.wait += 1;
      if (this.wait >= this.patience) {
        const oldLr = Math.fround(this.model.learningRate);
        if (oldLr > Math.fround(this.minLr)) {
          this.model.learningRate = Math.max(oldLr * this.factor, this.minLr);
          this.cooldownCounter = this.cooldown;
          this.wait = 0;
        }
      }
    }
  }
}
