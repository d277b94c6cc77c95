// The kernel thread's synchronous handle on the engine thread. A cell is plain synchronous
// code, so `model.fit(...)` posts a request and blocks on a shared counter (Atomics.wait)
// that the engine bumps after every message; messages are read with receiveMessageOnPort,
// which needs no event loop turn. Events stream to `onEvent` while the request runs.
import { MessageChannel, MessagePort, Worker, receiveMessageOnPort } from 'node:worker_threads';
import type { ProviderChoice } from '../engine/runtime/types';
import { TrainingEvent, TrainingReply, TrainingRequest, TrainingWorkerData } from '../protocol/training';

export interface TrainingClientOptions {
  /** The training worker script (trainingWorker.js beside the kernel worker). */
  workerPath: string;
  interruptBuffer: SharedArrayBuffer;
  provider: ProviderChoice;
  threads: number;
}

/** A failure inside the engine (bad shapes, a session that failed), as a message for the cell. */
export class TrainingError extends Error {}

export interface RequestHandlers {
  onEvent?(event: TrainingEvent): void;
  /** Called about every `idleMs` while waiting, so throttled outputs can flush. */
  onIdle?(): void;
}

export class TrainingClient {
  private worker: Worker | undefined;
  private port: MessagePort | undefined;
  private readonly signal = new Int32Array(new SharedArrayBuffer(4));
  private nextId = 1;

  constructor(private readonly options: TrainingClientOptions, private readonly idleMs = 50) {}

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
        else if ('error' in reply) throw new TrainingError(reply.error);
        else return reply.result as T;
      }
      Atomics.wait(this.signal, 0, seen, this.idleMs);
      handlers.onIdle?.();
    }
  }

  /** Whether the engine thread (and so ONNX Runtime) has been started. */
  get started(): boolean {
    return this.worker !== undefined;
  }

  async dispose(): Promise<void> {
    const worker = this.worker;
    this.worker = undefined;
    this.port?.close();
    if (worker) await worker.terminate();
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
    };
    this.worker = new Worker(this.options.workerPath, { workerData, transferList: [port2] });
    // Let the kernel thread exit without waiting for the engine thread.
    this.worker.unref();
    this.port = port1;
    return port1;
  }
}
