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

export interface Session {
  readonly inputNames: readonly string[];
  readonly outputNames: readonly string[];
  readonly provider: ProviderName;
  /** Runs the graph. Async in signature, but a native run blocks its thread: call it from a worker. */
  run(feeds: Record<string, TensorData>, fetches?: string[]): Promise<Record<string, TensorData>>;
  dispose(): Promise<void>;
}

export interface SessionResult {
  session: Session;
  /** The provider actually used. */
  provider: ProviderName;
  /** Set when the requested provider could not be used and cpu was used instead. */
  fallbackReason?: string;
}

export interface Runtime {
  readonly name: 'onnxruntime-node' | 'onnxruntime-web';
  /** The ONNX Runtime version (ort.env.versions), for the run record. */
  readonly version?: string;
  /** Providers this build can try here (cpu always). */
  availableProviders(): ProviderName[];
  createSession(model: Uint8Array, opts?: SessionOptions): Promise<SessionResult>;
}
