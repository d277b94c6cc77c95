// The kernel thread's synchronous handle on the engine thread. A cell is plain synchronous
// code, so `model.fit(...)` posts a request and blocks on a shared counter (Atomics.wait)
// that the engine bumps after every message; messages are read with receiveMessageOnPort,
// which needs no event loop turn. Events stream to `onEvent` while the request runs.
// A blocked thread never sees a Worker's 'exit' event, so the engine thread is started and
// watched by whoever owns this kernel (the host's KernelClient): it writes the thread's death
// into the shared TRAINING_THREAD_SLOT, which the wait loop reads at every wake-up.
import { MessageChannel, MessagePort, Worker, receiveMessageOnPort } from 'node:worker_threads';
import type { ProviderChoice } from '../engine/runtime/types';
import { INTERRUPT_SLOT, NATIVE_CALLS_SLOT, NATIVE_DRAIN_MS, nativeCallsDrained, TERMINATING, TRAINING_ALIVE, TRAINING_OUT_OF_MEMORY, TRAINING_THREAD_SLOT } from '../protocol/kernel';
import { TrainingEvent, TrainingReply, TrainingRequest, TrainingWorkerData } from '../protocol/training';

export interface TrainingClientOptions {
  /** The training worker script (trainingWorker.js beside the kernel worker), for the default launcher. */
  workerPath: string;
  interruptBuffer: SharedArrayBuffer;
  provider: ProviderChoice;
  threads: number;
  /** unroll.kernelMemoryMB, handed to the training thread. */
  memoryMB?: number;
  /**
   * Starts the training thread with this data (its `port` must be transferred). The kernel worker
   * asks the host to, so the host can watch the thread; without one (tests in plain Node) the
   * thread is a Worker of this thread, and nobody reports its death.
   */
  launch?: (data: TrainingWorkerData) => void;
}

/** A failure inside the engine (bad shapes, a session that failed), as a message for the cell. */
export class TrainingError extends Error {
  /** `memory`: the engine refused an allocation over the kernel's memory ceiling. */
  constructor(message: string, readonly kind?: 'memory') {
    super(message);
  }
}

/** The training thread died (out of memory, or crashed) while the kernel needed it; the kernel is lost. */
export class TrainingThreadDied extends Error {
  constructor(readonly outOfMemory: boolean) {
    super(outOfMemory
      ? "the training thread ran out of memory (raise the unroll.kernelMemoryMB setting, or use smaller data or models); the kernel's state is lost and the next run starts a fresh kernel"
      : "the training thread crashed; the kernel's state is lost and the next run starts a fresh kernel");
  }
}

export interface RequestHandlers {
  onEvent?(event: TrainingEvent): void;
}

export class TrainingClient {
  private worker: Worker | undefined;
  private port: MessagePort | undefined;
  private readonly signal = new Int32Array(new SharedArrayBuffer(4));
  private readonly slots: Int32Array;
  private nextId = 1;

  constructor(private readonly options: TrainingClientOptions, private readonly idleMs = 50) {
    this.slots = new Int32Array(options.interruptBuffer);
  }

  /** Sends a request and blocks until its answer; throws TrainingError for engine-side failures. */
  request<T>(request: TrainingRequest, handlers: RequestHandlers = {}): T {
    const port = this.ensureStarted();
    const requestId = this.nextId++;
    port.postMessage({ requestId, request });
    for (;;) {
      const seen = Atomics.load(this.signal, 0);
      for (let m = receiveMessageOnPort(port); m; m = receiveMessageOnPort(port)) {
        const reply = m.message as TrainingReply;
        if (reply.requestId !== requestId) continue; // a late answer to a request that failed on our side
        if ('event' in reply) handlers.onEvent?.(reply.event);
        else if ('error' in reply) throw new TrainingError(reply.error, reply.kind);
        else return reply.result as T;
      }
      const fate = Atomics.load(this.slots, TRAINING_THREAD_SLOT);
      if (fate !== TRAINING_ALIVE) throw new TrainingThreadDied(fate === TRAINING_OUT_OF_MEMORY);
      Atomics.wait(this.signal, 0, seen, this.idleMs);
    }
  }

  /** Whether the engine thread (and so ONNX Runtime) has been started. */
  get started(): boolean {
    return this.port !== undefined;
  }

  /**
   * Stops a training thread this client started itself (plain Node: tests, not the extension,
   * whose host stops it), never inside a native call, which would abort the process: as the host
   * does, it says TERMINATING, waits for calls in flight (and for the thread to have loaded), and
   * leaves a thread that outlives the wait to end itself once its port has closed.
   */
  async dispose(): Promise<void> {
    const worker = this.worker;
    this.worker = undefined;
    if (worker) {
      Atomics.store(this.slots, INTERRUPT_SLOT, TERMINATING);
      Atomics.notify(this.slots, INTERRUPT_SLOT);
      if (await nativeCallsDrained(this.slots, NATIVE_DRAIN_MS)) await worker.terminate();
    }
    this.port?.close();
  }

  private ensureStarted(): MessagePort {
    if (this.port) return this.port;
    const { port1, port2 } = new MessageChannel();
    const workerData: TrainingWorkerData = {
      port: port2,
      signal: this.signal.buffer,
      interruptBuffer: this.options.interruptBuffer,
      provider: this.options.provider,
      threads: this.options.threads,
      memoryMB: this.options.memoryMB,
    };
    if (this.options.launch) {
      this.options.launch(workerData);
    } else {
      // Its start-up counts as a native call until it has loaded (see TrainingWorkerData.loadCounted).
      Atomics.add(this.slots, NATIVE_CALLS_SLOT, 1);
      this.worker = new Worker(this.options.workerPath, { workerData: { ...workerData, loadCounted: true }, transferList: [port2] });
      // Let the kernel thread exit without waiting for the engine thread.
      this.worker.unref();
    }
    this.port = port1;
    return port1;
  }
}
