// The one small interface through which the engine reaches ONNX Runtime. Two implementations:
// onnxruntime-node (kernel worker) and onnxruntime-web (wasm; browser workers and webviews).
import type { TensorData } from '../graph/types';

export type ProviderName = 'cpu' | 'webgpu' | 'cuda' | 'dml' | 'coreml';
export type ProviderChoice = ProviderName | 'auto';

export interface SessionOptions {
  /** Execution provider; anything that fails to load falls back to cpu with a reason. */
  provider?: ProviderChoice;
  /** Intra-op threads; default = physical cores. */
  intraOpThreads?: number;
}

/** Where a session's nodes ran: distinct nodes after ONNX Runtime's graph optimisation, Scan bodies included. */
export interface NodePlacement {
  nodes: number;
  /** Nodes the accelerator had no kernel for, run by the CPU provider instead. */
  onCpu: number;
}

export interface Session {
  readonly inputNames: readonly string[];
  readonly outputNames: readonly string[];
  /** The provider the next run uses: cpu once a run failed on the accelerator and moved there. */
  readonly provider: ProviderName;
  /** Plain words for why a run moved to cpu, once one did. */
  readonly fallbackReason?: string;
  /** On an accelerator, after the first run: how many nodes ran on the CPU instead. */
  readonly placement?: NodePlacement;
  /** Runs the graph. Async in signature, but a native run blocks its thread: call it from a worker. */
  run(feeds: Record<string, TensorData>, fetches?: string[]): Promise<Record<string, TensorData>>;
  dispose(): Promise<void>;
}

export interface SessionResult {
  session: Session;
  /** The provider actually used. */
  provider: ProviderName;
  /** Plain words, set when the requested provider could not be used and another (cpu at last) was. */
  fallbackReason?: string;
}

export interface Runtime {
  readonly name: 'onnxruntime-node' | 'onnxruntime-web';
  /** The ONNX Runtime version (ort.env.versions), for the run record. */
  readonly version?: string;
  /** Providers this build can try here (cpu always). */
  availableProviders(): ProviderName[];
  /** The provider a session for `choice` tries first ('auto' resolved on this machine). */
  plannedProvider(choice?: ProviderChoice): ProviderName;
  createSession(model: Uint8Array, opts?: SessionOptions): Promise<SessionResult>;
}
