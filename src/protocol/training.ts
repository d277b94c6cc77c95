// Messages between the kernel thread and its training thread. The cell language runs
// synchronously, but the engine's training loop is async (ONNX Runtime sessions return
// promises), so training runs on a second thread and the kernel blocks on a shared signal
// until the answer comes (see kernel/trainingClient.ts). Events (progress, epoch ends, gradient frames)
// stream while the kernel waits.
import type { MessagePort } from 'node:worker_threads';
import type { CompileOptions, InputSpec, ProgressEvent, TargetSpec } from '../keras/compile';
import type { ModelConfig } from '../keras/config';
import type { RunRecord } from '../keras/runRecord';
import type { TensorData } from '../keras/tensors';
import type { AttentionSnapshot, ConnectivitySeries, GradientFrame, ModelDiagram, SaliencySnapshot, StateSnapshot } from './gradients';
import type { ExecutionProvider } from './kernel';

export type Weights = Record<string, { dims: number[]; data: Float32Array }>;

/** One array per model input (several for a functional model with several inputs), or per output for targets. */
type Arrays = TensorData | TensorData[];

/** Everything the engine thread needs to (re)build a model's trainer. */
export interface ModelSpec {
  id: number;
  /** Seeds weight initialisation and dropout (set_random_seed); by default the model id does. */
  seed?: number;
  config: ModelConfig;
  input: InputSpec;
  /** One per model output. */
  target: TargetSpec | TargetSpec[];
  compile: CompileOptions;
  /**
   * Layer name → the kernel-wide id of the layer object. Weights live with the layers, as in
   * Keras: models built from the same layer objects (a training model and its inference
   * encoder/decoder) share that layer's weights through the engine's layer store.
   */
  layerIds: Record<string, number>;
  /** Weights to install (load_model, set_weights) before the request runs. */
  weights?: Weights;
}

export type CallbackConfig =
  | { class_name: 'EarlyStopping'; config: Record<string, unknown> }
  | { class_name: 'TerminateOnNaN'; config: Record<string, unknown> }
  | { class_name: 'ReduceLROnPlateau'; config: Record<string, unknown> };

export interface FitRequest {
  epochs: number;
  batchSize: number;
  shuffle: boolean;
  initialEpoch: number;
  validationSplit: number;
  validationData?: { x: Arrays; y: Arrays };
  /** Keras validation_steps and validation_batch_size (default: all batches, batchSize). */
  validationSteps?: number;
  validationBatchSize?: number;
  /** Seeds the shuffle order (set_random_seed); 0 by default. */
  seed?: number;
  callbacks: CallbackConfig[];
  /** fit(run_record=...): repeat this run (its settings and seeds win; the engine checks graph, provider and state). */
  replay?: RunRecord;
  /** The state inspector's example (one row per input, show_states): snapshots of its states as fit trains. Default: the first training sample. */
  statesExample?: Arrays;
  /** The saliency example (one row per input, show_saliency): snapshots of its saliency as fit trains. None by default. */
  saliencyExample?: Arrays;
  /** The attention alignment's example (one row per input, show_attention): snapshots of its attention weights as fit trains. None: no snapshots. */
  attentionExample?: Arrays;
}

export type TrainingRequest =
  | { op: 'fit'; model: ModelSpec; x: Arrays; y: Arrays; fit: FitRequest }
  /**
   * compare(): the runs' fits in lockstep, one training step of each in turn (the same settings,
   * so the same batch order); answers one FitResult per run, in order. Events come as `lockstep`.
   */
  | { op: 'compare'; runs: { model: ModelSpec; x: Arrays; y: Arrays }[]; fit: FitRequest }
  | { op: 'evaluate'; model: ModelSpec; x: Arrays; y: Arrays; batchSize: number }
  /** Answers one tensor per model output. */
  | { op: 'predict'; model: ModelSpec; x: Arrays; batchSize: number }
  | { op: 'weights'; model: ModelSpec }
  | { op: 'generate'; model: ModelSpec; start: number[]; length: number; temperature: number; seed: number }
  /** Answers a ConnectivitySeries over x's samples: ‖∂y_T[unit]/∂x_t‖ (unit: each sample's argmax by default). */
  | { op: 'connectivity'; model: ModelSpec; x: Arrays; unit?: number }
  /** Answers a StateSnapshot: every recurrence's states and gates over x's first sample, at the current step. */
  | { op: 'states'; model: ModelSpec; x: Arrays }
  /** Answers a BpttResult: ∂L/∂W of `layer`'s weights on x's first sample, per time step (BPTT step-through). */
  /** `layer`: the engine's recurrent layer (a Bidirectional's forward_<layer> or backward_<layer>); `backwards`: it reads the sequence backwards. */
  | { op: 'bptt'; model: ModelSpec; x: Arrays; y: Arrays; layer: string; backwards?: boolean }
  /** Answers a SaliencySnapshot of x's first sample, every output position, at the current step. */
  | { op: 'saliency'; model: ModelSpec; x: Arrays }
  /** Answers an AttentionSnapshot: every attention layer's weights over x's first sample, at the current step. */
  | { op: 'attention'; model: ModelSpec; x: Arrays }
  /**
   * Models (trainers: sessions, optimizer state) and layers (their stored weights) the cells can
   * no longer reach: the training thread frees them.
   */
  | { op: 'release'; models: number[]; layers: number[] }
  /** Answers TrainingStats: what the thread holds (the memory tests and the soak read it). */
  | { op: 'stats' }
  /**
   * Lifecycle tests only (refused unless UNROLL_TEST_HOOKS=1): the thread dies the given way
   * after `afterSteps` more training steps (0: at once), as a native crash or OOM would kill it.
   */
  | { op: 'crashForTest'; how: TrainingCrash; afterSteps: number };

export type TrainingCrash = 'exit' | 'throw' | 'oom';

export interface TrainingStats {
  /** Models with a trainer (sessions, parameters, optimizer state). */
  trainers: number;
  /** Layers in the weight store. */
  layers: number;
}

export interface FitResult {
  history: Record<string, number[]>;
  epochs: number[];
  stopReason: 'completed' | 'callback' | 'cancelled';
  stoppedBy?: string;
  /** What the fit used, to show, save with the notebook and replay (computed once, when it ends). */
  record?: RunRecord;
  /** A replay's differences that may change the numbers (ONNX Runtime version, thread count). */
  replayWarnings?: string[];
  /** Per recurrent layer (by name), ρ and σ_max of W_hh after each epoch: the chain of partials over training. */
  spectrum?: Record<string, RecurrentSpectrumSeries>;
}

export interface RecurrentSpectrumSeries {
  spectralRadius: number[];
  sigmaMax: number[];
}

export type TrainingEvent =
  | { kind: 'progress'; progress: ProgressEvent }
  | { kind: 'epoch'; epoch: number; epochs: number; logs: Record<string, number>; seconds: number; steps: number }
  | { kind: 'gradients'; frame: GradientFrame }
  | { kind: 'diagram'; diagram: ModelDiagram }
  /** Sent by fit after each epoch, computed on a fixed probe batch (the first ≤ 8 training samples). */
  | { kind: 'connectivity'; series: ConnectivitySeries }
  /** Sent by fit at its start, at the steps the snapshot budget picks (protocol/gradients/states.ts), and at its end. */
  | { kind: 'states'; snapshot: StateSnapshot }
  /** An event of run `index` of a compare request (its fit's events, tagged by run). */
  | { kind: 'lockstep'; index: number; event: TrainingEvent }
  /** Sent by fit after show_saliency, at its start, at the steps the snapshot budget picks, and at its end. */
  | { kind: 'saliency'; snapshot: SaliencySnapshot }
  /** Sent by fit after show_attention: at its start, at the steps the snapshot budget picks, and at its end. */
  | { kind: 'attention'; snapshot: AttentionSnapshot }
  /** Sent by fit after each epoch (through the throttle): this fit's ρ and σ_max of each W_hh so far, the whole series. */
  | { kind: 'spectrum'; series: Record<string, RecurrentSpectrumSeries> }
  | ProviderEvent;

/** The provider a model's steps actually ran on, sent after its first step and whenever it changes. */
export interface ProviderEvent {
  kind: 'provider';
  provider: string;
  /** Plain words: why the provider asked for was not used (or stopped being used). */
  fallbackReason?: string;
  /** How the recurrences were lowered for this provider. */
  lowering?: 'scan' | 'unrolled';
  /** On an accelerator: distinct nodes, and those that ran on the CPU instead (no kernel there). */
  placement?: { nodes: number; onCpu: number };
}

const PROVIDER_LABELS: Record<string, string> = { cpu: 'the CPU', webgpu: 'WebGPU', cuda: 'CUDA', dml: 'DirectML', coreml: 'CoreML' };

/**
 * One line naming the provider in use: the fit output's first note and the side panel's kernel
 * row, e.g. "WebGPU (unrolled graph); 12 of 264 nodes (4.5%) ran on the CPU".
 */
export function providerSummary(e: ProviderEvent): string {
  const name = PROVIDER_LABELS[e.provider] ?? e.provider;
  const graph = e.lowering ? ` (${e.lowering === 'scan' ? 'Scan' : 'unrolled'} graph)` : '';
  const share = e.placement && e.placement.nodes > 0
    ? `; ${e.placement.onCpu} of ${e.placement.nodes} nodes (${((100 * e.placement.onCpu) / e.placement.nodes).toFixed(1)}%) ran on the CPU`
    : '';
  return `${name}${graph}${share}`;
}

/** The note a cell's output gets: what runs where, and why not on the provider asked for. */
export function providerNote(e: ProviderEvent): string {
  const where = providerSummary(e);
  return e.fallbackReason ? `Unroll: ${e.fallbackReason}; running on ${where} instead.` : `Unroll: running on ${where}.`;
}

export type TrainingReply =
  | { requestId: number; event: TrainingEvent }
  | { requestId: number; result: unknown }
  /** `memory`: an allocation over the kernel's memory ceiling (a MemoryError in the cell). */
  | { requestId: number; error: string; kind?: 'memory' };

export interface TrainingWorkerData {
  port: MessagePort;
  /** Int32Array slot 0: bumped and notified after every reply, so the kernel can block on it. */
  signal: SharedArrayBuffer;
  /** The notebook's interrupt flag (slot INTERRUPT_SLOT): fit polls it between batches. */
  interruptBuffer: SharedArrayBuffer;
  provider: ExecutionProvider;
  /** Intra-op threads; 0 = chosen per model (engine/runtime/threads.ts). */
  threads: number;
  /** The kernel's memory ceiling in MB (unroll.kernelMemoryMB): large allocations are checked against it. */
  memoryMB?: number;
  /**
   * Set by a starter that counted the thread's start-up as a native call in flight (the host):
   * terminating a thread while it loads its modules can abort the process too, so the thread
   * takes that count back once it has loaded.
   */
  loadCounted?: boolean;
}
