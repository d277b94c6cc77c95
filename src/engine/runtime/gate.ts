// A runtime whose every native call (session creation, run, release) passes a gate. A thread
// cannot be terminated while it is inside ONNX Runtime's native code without aborting the whole
// process (Napi::Error → std::terminate), so whoever may terminate this thread counts the calls in
// flight through `enter`/`leave` and refuses new ones once it has decided to stop the thread.
import type { TensorData } from '../graph/types';
import type { NodePlacement, ProviderChoice, ProviderName, Runtime, Session, SessionOptions, SessionResult } from './types';

export interface NativeGate {
  /** Called before a native call; throws to refuse it (the thread is being stopped). */
  enter(): void;
  /** Called after the native call returned or threw. */
  leave(): void;
}

async function through<T>(gate: NativeGate, call: () => Promise<T>): Promise<T> {
  gate.enter();
  try {
    return await call();
  } finally {
    gate.leave();
  }
}

class GatedSession implements Session {
  constructor(private readonly inner: Session, private readonly gate: NativeGate) {}
  get inputNames(): readonly string[] { return this.inner.inputNames; }
  get outputNames(): readonly string[] { return this.inner.outputNames; }
  get provider(): ProviderName { return this.inner.provider; }
  get fallbackReason(): string | undefined { return this.inner.fallbackReason; }
  get placement(): NodePlacement | undefined { return this.inner.placement; }
  run(feeds: Record<string, TensorData>, fetches?: string[]): Promise<Record<string, TensorData>> {
    return through(this.gate, () => this.inner.run(feeds, fetches));
  }
  /**
   * Refused once the thread is being stopped, and then there is nothing to free: the sessions end
   * with the thread. It resolves rather than rejects, because disposal is often fire-and-forget
   * (a rebuilt trainer's old sessions), where a rejection would be an uncaught error.
   */
  async dispose(): Promise<void> {
    try {
      this.gate.enter();
    } catch {
      return;
    }
    try {
      await this.inner.dispose();
    } finally {
      this.gate.leave();
    }
  }
}

/** `runtime` with every native call counted and, once refused, never started. */
export function gatedRuntime(runtime: Runtime, gate: NativeGate): Runtime {
  return {
    name: runtime.name,
    version: runtime.version,
    availableProviders: () => runtime.availableProviders(),
    plannedProvider: (choice?: ProviderChoice) => runtime.plannedProvider(choice),
    async createSession(model: Uint8Array, opts?: SessionOptions): Promise<SessionResult> {
      const result = await through(gate, () => runtime.createSession(model, opts));
      return { ...result, session: new GatedSession(result.session, gate) };
    },
  };
}
