// The host's handle on one kernel: starts its worker, queues cells so they run in order,
// interrupts (cooperatively, then by force after a timeout), restarts, and turns a thread
// that dies into a clear error. It also starts and watches the kernel's training thread (the
// one that owns ONNX Runtime) when the kernel asks: a kernel thread blocked on a request
// cannot see that thread die, the host can. Pure Node (no vscode import) so its lifecycle is
// unit-tested.
import * as path from 'node:path';
import { ResourceLimits, Worker } from 'node:worker_threads';
import { HostToKernel, INTERRUPT_BUFFER_BYTES, INTERRUPT_SLOT, INTERRUPTED, KernelErrorInfo, KernelState, KernelToHost, KernelWorkerData, NATIVE_CALLS_SLOT, NATIVE_DRAIN_MS, nativeCallsDrained, OutputItem, TERMINATING, TRAINING_CRASHED, TRAINING_OUT_OF_MEMORY, TRAINING_THREAD_SLOT } from '../protocol/kernel';
import type { TrainingWorkerData } from '../protocol/training';
import type { TelemetryMessage } from '../protocol/gradients';
export type { KernelState } from '../protocol/kernel';


/** Where a running cell's outputs go. */
export interface ExecuteSink {
  /** The cell leaves the queue and starts running in the worker. */
  started(): void;
  stream(name: 'stdout' | 'stderr', text: string): void;
  /** A rich output; with displayId, `update` true replaces the earlier output of that id in place. */
  display(items: OutputItem[], displayId?: string, update?: boolean, metadata?: Record<string, unknown>): void;
  result(items: OutputItem[]): void;
  error(error: KernelErrorInfo): void;
}

export type ExecuteStatus =
  | 'ok' | 'error' | 'interrupted'
  | 'restarted'   // the kernel was restarted under the cell (Restart, or an Interrupt that timed out)
  | 'crashed'     // the worker died
  | 'cancelled';  // queued behind a cell that was interrupted, failed by crash, or restarted

export interface ExecuteOutcome {
  status: ExecuteStatus;
  durationMs: number;
}

export type InterruptResult = 'nothing running' | 'stopped' | 'restarted';

export interface KernelClientOptions {
  /** The bundled worker script (dist/kernelWorker.js) or, in unit tests, the compiled one. */
  workerPath: string;
  /** Read at each interrupt so a settings change applies at once. */
  interruptTimeoutMs: () => number;
  /** Settings for a new worker (workspace, execution provider, threads), read at each start. */
  workerSettings?: () => Omit<KernelWorkerData, 'interruptBuffer'>;
  /** Sees every rich output as it streams (fit runs for the renderer's Stop, show_graph requests). */
  onDisplay?: (items: OutputItem[]) => void;
  /** The gradient channel: diagrams and gradient frames for the panels. */
  onTelemetry?: (message: TelemetryMessage) => void;
  /** The training worker script; trainingWorker.js beside `workerPath` when absent. */
  trainingWorkerPath?: string;
}

/** A request that runs in the kernel in turn with cells (its id is given when it starts). */
type KernelRequest = Omit<Extract<HostToKernel, { type: 'execute' }>, 'requestId'> | Omit<Extract<HostToKernel, { type: 'exportKeras3' }>, 'requestId'>;

interface Pending {
  request: KernelRequest;
  sink: ExecuteSink;
  resolve: (outcome: ExecuteOutcome) => void;
}

interface Running extends Pending {
  requestId: number;
  startedAt: number;
}

/**
 * After the training thread dies, how long the running cell has to end by itself (the kernel
 * thread sees the death within one 50 ms wake-up) before the host ends it and replaces the kernel.
 */
const TRAINING_DEATH_GRACE_MS = 3_000;

export class KernelClient {
  private worker: Worker | undefined;
  private lastCrash: string | undefined;
  /** The current kernel's training thread, once the kernel has asked for it. */
  private trainingWorker: Worker | undefined;
  /** Set when the training thread died: the kernel's models are gone, so it is replaced after the cell. */
  private kernelLost = false;
  /** The current worker's flags (interrupt, native calls in flight); each worker gets its own. */
  private interruptFlag = new Int32Array(new SharedArrayBuffer(INTERRUPT_BUFFER_BYTES));
  /** Set while the old worker is stopped and the new one started: nothing is sent to either. */
  private replacing = false;
  /** Every thread this client started that has not exited yet (none orphaned: the tests count them). */
  private readonly threads = new Map<Worker, 'kernel' | 'training'>();
  /** Resolves when the current kernel worker has loaded (its 'ready') or has exited. */
  private loaded: Promise<void> = Promise.resolve();
  private readonly queue: Pending[] = [];
  private running: Running | undefined;
  private nextRequestId = 1;
  private currentState: KernelState = 'not started';
  private readonly stateListeners = new Set<(state: KernelState) => void>();
  private disposed = false;

  constructor(private readonly options: KernelClientOptions) {}

  get state(): KernelState { return this.currentState; }

  /** Threads (kernel and training) started by this client that are still running. */
  get liveThreads(): number { return this.threads.size; }

  /** What the live threads are, for a test that finds one too many. */
  get liveThreadKinds(): string[] { return [...this.threads.values()]; }

  onStateChange(listener: (state: KernelState) => void): { dispose(): void } {
    this.stateListeners.add(listener);
    return { dispose: () => this.stateListeners.delete(listener) };
  }

  /** Queues a cell; resolves when it has finished, whatever way it finished. */
  execute(code: string, sink: ExecuteSink): Promise<ExecuteOutcome> {
    return this.enqueue({ type: 'execute', code }, sink);
  }

  /**
   * Writes the Keras 3 export of the cells this kernel ran (`file`, a .py inside the workspace),
   * in turn with cells: the kernel's state is what the export reads.
   */
  exportKeras3(file: string, cells: { kind: 'code' | 'markdown'; source: string }[], notebookName: string | undefined, sink: ExecuteSink): Promise<ExecuteOutcome> {
    return this.enqueue({ type: 'exportKeras3', file, cells, notebookName }, sink);
  }

  private enqueue(request: KernelRequest, sink: ExecuteSink): Promise<ExecuteOutcome> {
    if (this.disposed) return Promise.resolve({ status: 'cancelled', durationMs: 0 });
    return new Promise(resolve => {
      this.queue.push({ request, sink, resolve });
      this.pump();
    });
  }

  /**
   * Asks the running cell to stop at its next check. Queued cells are dropped (they would
   * run on state the user just gave up on). If the cell has not stopped after the timeout,
   * the worker is terminated and a fresh one started.
   */
  async interrupt(): Promise<InterruptResult> {
    this.cancelQueued();
    const running = this.running;
    if (!running) return 'nothing running';
    Atomics.store(this.interruptFlag, INTERRUPT_SLOT, INTERRUPTED);
    Atomics.notify(this.interruptFlag, INTERRUPT_SLOT);
    this.setState('interrupting');
    const finished = new Promise<true>(resolve => {
      const original = running.resolve;
      running.resolve = outcome => { original(outcome); resolve(true); };
    });
    const timeoutMs = this.options.interruptTimeoutMs();
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<false>(resolve => { timer = setTimeout(() => resolve(false), timeoutMs); });
    const stopped = await Promise.race([finished, timedOut]);
    clearTimeout(timer);
    if (stopped) return 'stopped';
    this.finishRunning('restarted', {
      name: 'KernelRestarted',
      message: `The cell did not stop within ${formatSeconds(timeoutMs)} of Interrupt, so the kernel was restarted and its state cleared.`,
    });
    await this.replaceWorker();
    return 'restarted';
  }

  /** Clears all state: the running cell and the queue end, and a fresh worker starts. */
  async restart(): Promise<void> {
    this.cancelQueued();
    this.finishRunning('restarted', { name: 'KernelRestarted', message: 'The kernel was restarted while this cell ran.' });
    await this.replaceWorker();
  }

  async dispose(): Promise<void> {
    this.disposed = true;
    this.cancelQueued();
    this.finishRunning('cancelled', { name: 'KernelShutdown', message: 'The notebook was closed.' });
    await this.terminateWorker();
    this.setState('not started');
    this.stateListeners.clear();
  }

  // -------------------------------------------------------------------------------------

  /**
   * Stops the worker and starts a fresh one. Cells queued meanwhile wait for the new worker:
   * none reaches the old one, and no second worker is started beside it.
   */
  private async replaceWorker(): Promise<void> {
    this.replacing = true;
    this.setState('restarting');
    try {
      await this.terminateWorker();
      if (!this.disposed) this.startWorker();
    } finally {
      this.replacing = false;
    }
    this.pump();
  }

  private pump(): void {
    if (this.replacing || this.running || this.queue.length === 0 || this.disposed) return;
    if (this.kernelLost) {
      void this.replaceWorker();
      return;
    }
    const next = this.queue.shift()!;
    const worker = this.worker ?? this.startWorker();
    this.running = { ...next, requestId: this.nextRequestId++, startedAt: Date.now() };
    Atomics.store(this.interruptFlag, INTERRUPT_SLOT, 0);
    this.setState('busy');
    next.sink.started();
    this.post(worker, { ...next.request, requestId: this.running.requestId });
  }

  private startWorker(): Worker {
    this.interruptFlag = new Int32Array(new SharedArrayBuffer(INTERRUPT_BUFFER_BYTES));
    const workerData: KernelWorkerData = { ...this.options.workerSettings?.(), interruptBuffer: this.interruptFlag.buffer };
    const worker = this.track(new Worker(this.options.workerPath, { workerData, stdout: false, stderr: false, resourceLimits: heapLimits(workerData.memoryMB) }), 'kernel');
    this.worker = worker;
    this.lastCrash = undefined;
    this.kernelLost = false;
    this.loaded = new Promise(resolve => {
      worker.on('message', (message: KernelToHost) => { if (message.type === 'ready') resolve(); });
      worker.on('exit', () => resolve());
    });
    this.setState('starting');
    worker.on('message', (message: KernelToHost) => { if (worker === this.worker) this.onMessage(message); });
    worker.on('error', error => { if (worker === this.worker) this.lastCrash = error.message; });
    worker.on('exit', code => { if (worker === this.worker) this.onWorkerDied(code); });
    return worker;
  }

  private track(worker: Worker, kind: 'kernel' | 'training'): Worker {
    this.threads.set(worker, kind);
    worker.on('exit', () => this.threads.delete(worker));
    return worker;
  }

  private onMessage(message: KernelToHost): void {
    if (message.type === 'ready') {
      if (!this.running) this.setState('idle');
      return;
    }
    if (message.type === 'startTraining') {
      this.startTrainingWorker(message.workerData);
      return;
    }
    const running = this.running;
    if (!running || message.requestId !== running.requestId) return; // late reply to an ended request
    switch (message.type) {
      case 'stream': running.sink.stream(message.name, message.text); break;
      case 'display':
        running.sink.display(message.items, message.displayId, message.update, message.metadata);
        this.options.onDisplay?.(message.items);
        break;
      case 'telemetry': this.options.onTelemetry?.(message.message); break;
      case 'result': running.sink.result(message.items); break;
      case 'error': running.sink.error(message.error); break;
      case 'done':
        this.running = undefined;
        running.resolve({ status: message.status, durationMs: Date.now() - running.startedAt });
        if (message.status !== 'ok') this.cancelQueued(); // like Jupyter: later cells do not run after a failure
        if (this.kernelLost) {
          void this.replaceWorker();
          break;
        }
        this.setState('idle');
        this.pump();
        break;
    }
  }

  private startTrainingWorker(workerData: TrainingWorkerData): void {
    const scriptPath = this.options.trainingWorkerPath ?? path.join(path.dirname(this.options.workerPath), 'trainingWorker.js');
    const flags = this.interruptFlag;
    // Its start-up counts as a native call until it has loaded (see TrainingWorkerData.loadCounted).
    Atomics.add(flags, NATIVE_CALLS_SLOT, 1);
    const training = this.track(new Worker(scriptPath, {
      workerData: { ...workerData, loadCounted: true }, transferList: [workerData.port], stdout: false, stderr: false, resourceLimits: heapLimits(workerData.memoryMB),
    }), 'training');
    this.trainingWorker = training;
    const seen: { failure?: NodeJS.ErrnoException } = {};
    training.on('error', error => { seen.failure = error; });
    training.on('exit', code => {
      if (training !== this.trainingWorker) return; // stopped by us
      this.trainingWorker = undefined;
      const outOfMemory = seen.failure?.code === 'ERR_WORKER_OUT_OF_MEMORY';
      this.onTrainingThreadDied(flags, outOfMemory, seen.failure?.message ?? `exit code ${code}`);
    });
  }

  /**
   * The training thread died: its trainers and weights are gone, so this kernel is lost. The
   * kernel thread learns it from the shared slot and ends its cell with the error; if it does
   * not within the grace period, the host ends the cell. Either way a fresh kernel follows.
   */
  private onTrainingThreadDied(flags: Int32Array, outOfMemory: boolean, detail: string): void {
    Atomics.store(flags, TRAINING_THREAD_SLOT, outOfMemory ? TRAINING_OUT_OF_MEMORY : TRAINING_CRASHED);
    this.kernelLost = true;
    const running = this.running;
    if (!running) {
      if (!this.replacing) void this.replaceWorker();
      return;
    }
    running.sink.stream('stderr', `The training thread died (${detail}).\n`);
    setTimeout(() => {
      if (this.running !== running) return;
      this.finishRunning('crashed', {
        name: outOfMemory ? 'MemoryError' : 'KernelCrashed',
        message: `The training thread ${outOfMemory ? 'ran out of memory' : 'crashed'} (${detail}). The kernel's state is lost; the next run starts a fresh kernel.`,
      });
      void this.replaceWorker();
    }, TRAINING_DEATH_GRACE_MS);
  }

  private onWorkerDied(exitCode: number): void {
    this.worker = undefined;
    void this.stopTrainingWorker(this.interruptFlag);
    const reason = this.lastCrash ?? `the worker exited with code ${exitCode}`;
    this.cancelQueued();
    this.finishRunning('crashed', {
      name: 'KernelCrashed',
      message: `The kernel crashed: ${reason}. Its state is lost; the next run starts a fresh kernel.`,
    });
    this.setState('dead');
  }

  private finishRunning(status: ExecuteStatus, error: KernelErrorInfo): void {
    const running = this.running;
    if (!running) return;
    this.running = undefined;
    running.sink.error(error);
    running.resolve({ status, durationMs: Date.now() - running.startedAt });
  }

  private cancelQueued(): void {
    for (const pending of this.queue.splice(0)) pending.resolve({ status: 'cancelled', durationMs: 0 });
  }

  /**
   * Terminates the kernel: its training thread first, then its kernel thread. The kernel thread
   * never runs ONNX Runtime, so once it has loaded, terminating it is safe at any moment; it goes
   * second so that its training thread does not see its port close while a call is in flight.
   */
  private async terminateWorker(): Promise<void> {
    const worker = this.worker;
    const loaded = this.loaded;
    this.worker = undefined; // first, so its exit is not taken for a crash
    await this.stopTrainingWorker(this.interruptFlag);
    // Terminating a thread while it still loads its modules can abort the process in Node:
    // wait for its 'ready' (bounded, like the native drain).
    if (worker) {
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([loaded, new Promise(resolve => { timer = setTimeout(resolve, NATIVE_DRAIN_MS); })]);
      clearTimeout(timer); // a pending timer would keep a process that is done (the command line) alive for NATIVE_DRAIN_MS
      await worker.terminate();
    }
  }

  /**
   * Stops the training thread, but never inside an ONNX Runtime call: terminating a thread in
   * native code aborts the process (the extension host). TERMINATING makes the thread refuse new
   * native calls; the one in flight, if any, is waited for. One that outlives NATIVE_DRAIN_MS is
   * left to finish: the thread then exits by itself once its kernel's port has closed.
   */
  private async stopTrainingWorker(flags: Int32Array): Promise<void> {
    const training = this.trainingWorker;
    this.trainingWorker = undefined; // first, so its exit is not taken for a death
    if (!training) return;
    Atomics.store(flags, INTERRUPT_SLOT, TERMINATING);
    Atomics.notify(flags, INTERRUPT_SLOT);
    if (await nativeCallsDrained(flags, NATIVE_DRAIN_MS)) await training.terminate();
    else training.unref();
  }

  private post(worker: Worker, message: HostToKernel): void {
    worker.postMessage(message);
  }

  private setState(state: KernelState): void {
    if (state === this.currentState) return;
    this.currentState = state;
    for (const listener of this.stateListeners) listener(state);
  }
}

/** V8 heap limits of a kernel thread for unroll.kernelMemoryMB (none: Node's defaults). */
function heapLimits(memoryMB: number | undefined): ResourceLimits | undefined {
  return memoryMB ? { maxOldGenerationSizeMb: memoryMB } : undefined;
}


function formatSeconds(ms: number): string {
  return `${(ms / 1000).toFixed(ms % 1000 === 0 ? 0 : 1)} s`;
}
