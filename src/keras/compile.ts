// What model.compile(...) and model.fit(...) settle, as data: the loss, optimizer and metrics of
// every output, and the per-sample shapes of a model's inputs and targets. The engine builds its
// training graph from these, the kernel fills them from a cell's arguments, and the training
// channel (protocol/training.ts) carries them between the two threads.
import type { Dim, Dims } from './shapes';

/** A loss by name ('mse') or with its options (from_logits). */
export interface LossOptions {
  name: string;
  from_logits?: boolean;
}

export type LossSpec = string | LossOptions;

export interface OptimizerConfig {
  name: 'sgd' | 'adam' | 'rmsprop' | 'adagrad';
  learning_rate?: number;
  momentum?: number;
  nesterov?: boolean;
  beta_1?: number;
  beta_2?: number;
  epsilon?: number;
  rho?: number;
  initial_accumulator_value?: number;
  clipnorm?: number;
  clipvalue?: number;
  global_clipnorm?: number;
}

export interface CompileOptions {
  /** One loss for every output, or one per output (in output order). */
  loss: LossSpec | LossSpec[];
  optimizer: OptimizerConfig | OptimizerConfig['name'];
  /** One list for every output, or one list per output. */
  metrics?: string[] | string[][];
  /** Keras loss_weights, one per output: the total loss is Σ weight·loss. */
  lossWeights?: number[];
}

/** A model input, per sample: ids ['T'] or features ['T', F] / [F]. */
export interface InputSpec {
  shape: Dims;
  dtype: 'int64' | 'float';
}

/** A model target, per sample, e.g. [1], [] (sparse label), ['T', C]. */
export interface TargetSpec {
  shape: Dim[];
  dtype: 'int64' | 'float';
}

/** Where a fit run is, as Keras's progress bar shows it (running means over the epoch so far). */
export interface ProgressEvent {
  epoch: number;
  /** Total epochs of the run (Keras `epochs`). */
  epochs: number;
  /** 0-based batch index within the epoch; batches = batches per epoch. */
  batch: number;
  batches: number;
  loss: number;
  metrics: Record<string, number>;
  /** Training steps per second over this epoch so far. */
  stepsPerSec: number;
  /** Seconds left in this epoch and in the whole run, at the current rate. */
  etaSec: number;
  etaTotalSec: number;
  /** True on the last batch of the epoch. */
  epochEnd: boolean;
}
