// The one message channel between the extension host (KernelClient) and a kernel worker.
import type { TelemetryMessage } from './gradients';
import type { TrainingWorkerData } from './training';

// Every message about a cell carries the requestId of the `execute` that caused it, so
// replies are matched to requests even when a restart races a late message.

/** A display item; `data` is text (UTF-8) for text mimes and base64 for binary ones. */
export interface OutputItem {
  mime: string;
  data: string;
}

/** Whether an OutputItem's `data` is base64 (binary mimes) rather than the text itself. */
export function isBinaryOutputMime(mime: string): boolean {
  return !(mime.startsWith('text/') || mime.endsWith('json') || mime === 'image/svg+xml');
}

export interface KernelErrorInfo {
  /** Python-style error class: SyntaxError, NameError, TypeError, KeyboardInterrupt, … */
  name: string;
  message: string;
  /** 1-based position in the cell, when the error has one. */
  line?: number;
  column?: number;
  /** Kernel-side stack, for crashes only (never shown for user errors). */
  stack?: string;
}

export type HostToKernel =
  | { type: 'execute'; requestId: number; code: string }
  /**
   * After the notebook's cells have run: write them as Keras 3 code (`file`, a .py inside the
   * workspace; the .ipynb, unroll_data.py and the data beside it), with what this kernel loaded
   * and trained. Answered like an execute: a 'stream' naming the files and notes, then 'done'.
   */
  | { type: 'exportKeras3'; requestId: number; file: string; cells: { kind: 'code' | 'markdown'; source: string }[]; notebookName?: string }
  | { type: 'shutdown' };

export type KernelToHost =
  | { type: 'ready'; kernelVersion: string; language: string }
  | { type: 'stream'; requestId: number; name: 'stdout' | 'stderr'; text: string }
  /**
   * A rich output. With `displayId`, the first message creates the output and later ones with
   * the same id and `update: true` replace its items in place (fit's progress, gradients).
   * `metadata` (JSON) is a new output's own metadata, as Jupyter's display_data has it: saved with the
   * notebook, .rnnb and .ipynb alike (fit's run record).
   */
  | { type: 'display'; requestId: number; items: OutputItem[]; displayId?: string; update?: boolean; metadata?: Record<string, unknown> }
  | { type: 'result'; requestId: number; items: OutputItem[] }
  /**
   * The gradient channel: a model's diagram when fit starts, then its gradient frames (already
   * throttled in the training thread). Structured clone keeps NaN and ±Inf as they are.
   */
  | { type: 'telemetry'; requestId: number; message: TelemetryMessage }
  | { type: 'error'; requestId: number; error: KernelErrorInfo }
  /**
   * The kernel needs its training thread: the host starts it (trainingWorker.js, with
   * `workerData.port` transferred) and watches it, so its death is seen even while the kernel
   * thread is blocked waiting for it.
   */
  | { type: 'startTraining'; workerData: TrainingWorkerData }
  | { type: 'done'; requestId: number; status: 'ok' | 'error' | 'interrupted' };

/** The unroll.executionProvider setting: the engine's provider names, and 'auto'. */
export type ExecutionProvider = 'auto' | 'cpu' | 'webgpu' | 'cuda' | 'dml' | 'coreml';

/** Data handed to a new worker. */
export interface KernelWorkerData {
  /**
   * Int32Array over a SharedArrayBuffer (INTERRUPT_BUFFER_BYTES): slot INTERRUPT_SLOT is the
   * interrupt flag, slot NATIVE_CALLS_SLOT counts the training thread's native calls in flight.
   * A cell that runs synchronously (a training loop between session.run calls) never sees a
   * message, so interrupt is a shared flag the running code polls, not a message.
   */
  interruptBuffer: SharedArrayBuffer;
  /** The workspace folder: cells read and write files only inside it (none: no file access). */
  workspaceRoot?: string;
  /** Settings unroll.executionProvider and unroll.threads (0 = chosen per model, engine/runtime/threads.ts). */
  executionProvider?: ExecutionProvider;
  threads?: number;
  /** The shipped corpora (media/data); found beside the worker script when absent. */
  dataDir?: string;
  /**
   * unroll.kernelMemoryMB: the heap limit of each of the kernel's threads, and the ceiling that
   * large array allocations are checked against (a MemoryError naming the call).
   */
  memoryMB?: number;
}

/** Slot 0 of the interrupt buffer: 0 running, INTERRUPTED (stop at the next check), TERMINATING. */
export const INTERRUPT_SLOT = 0;
/** The user asked to stop: cells and fit stop at their next check. */
export const INTERRUPTED = 1;
/** The host is about to terminate the worker: the training thread starts no native call any more. */
export const TERMINATING = 2;
/**
 * Slot 1: native ONNX Runtime calls in flight in the training thread. The host terminates a
 * kernel only when this is 0, since terminating a thread inside native code aborts the process.
 */
export const NATIVE_CALLS_SLOT = 1;
/**
 * Slot 2: the training thread's fate, written by the host that watches it: TRAINING_ALIVE, or
 * how it died. The kernel thread, blocked on a request, reads it at every wake-up.
 */
export const TRAINING_THREAD_SLOT = 2;
export const TRAINING_ALIVE = 0;
export const TRAINING_CRASHED = 1;
export const TRAINING_OUT_OF_MEMORY = 2;
/** Bytes of the interrupt buffer (three Int32 slots). */
export const INTERRUPT_BUFFER_BYTES = 12;

/**
 * A kernel's lifecycle as the host sees it: 'interrupting' while a cell is asked to stop,
 * 'restarting' while the old threads are stopped and before the new kernel starts.
 */
export type KernelState = 'not started' | 'starting' | 'idle' | 'busy' | 'interrupting' | 'restarting' | 'dead';

/**
 * An error as a cell's error output shows it: "name 'x' is not defined (line 2, column 5)"
 * followed by the line and a caret under the column. The notebook's error output and the
 * command line both print it, from the cell's source.
 */
export function describeKernelError(error: KernelErrorInfo, source: string): string {
  if (error.line === undefined) return error.message;
  const column = error.column ?? 1;
  const lineText = source.split('\n')[error.line - 1] ?? '';
  return `${error.message} (line ${error.line}, column ${column})\n    ${lineText}\n    ${' '.repeat(column - 1)}^`;
}

/**
 * How long a restart waits for an ONNX Runtime call in flight to return before it gives up on
 * terminating the old thread (which would abort the whole process) and leaves it to wind down.
 */
export const NATIVE_DRAIN_MS = 10_000;

/** Waits until no native call is in flight in the thread whose flags these are; false on timeout. */
export async function nativeCallsDrained(flags: Int32Array, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Atomics.load(flags, NATIVE_CALLS_SLOT) !== 0) {
    if (Date.now() >= deadline) return false;
    await new Promise(resolve => setTimeout(resolve, 2));
  }
  return true;
}
