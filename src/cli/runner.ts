// Runs a notebook's code cells in order through the extension's own kernel supervisor
// (KernelClient: the same kernel worker, training thread, interrupt and restart), records each
// cell's outputs into the notebook, and stops at the first cell that does not succeed.
import { KernelClient } from '../host/kernelClient';
import type { RnnbNotebook } from '../host/notebook/rnnbFormat';
import type { ExecutionProvider, KernelErrorInfo } from '../protocol/kernel';
import { CellRecorder, Terminal } from './cellRecorder';
import { RUNNABLE_LANGUAGES } from './notebookFile';

export interface RunSettings {
  /** The kernel worker script; its training worker is beside it. */
  workerPath: string;
  provider: ExecutionProvider;
  /** The folder cells may read and write files in. */
  workspaceRoot: string;
  memoryMB: number;
  /** The most one cell may run (none: no limit). */
  cellTimeoutMs?: number;
  /** After an interrupt, how long the cell has to stop before the kernel is restarted (unroll.interruptTimeoutSeconds). */
  interruptTimeoutMs: number;
}

export type RunStatus = 'ok' | 'error' | 'timeout' | 'interrupted' | 'crashed';

export interface RunResult {
  status: RunStatus;
  /** The cell that did not succeed: its index in the notebook's cells, its source and its error. */
  failed?: { index: number; source: string; error?: KernelErrorInfo; detail?: string };
  cellsRun: number;
}

export class NotebookRunner {
  private readonly client: KernelClient;
  private userInterrupted = false;

  constructor(private readonly settings: RunSettings, private readonly terminal: Terminal) {
    this.client = new KernelClient({
      workerPath: settings.workerPath,
      interruptTimeoutMs: () => settings.interruptTimeoutMs,
      workerSettings: () => ({ workspaceRoot: settings.workspaceRoot, executionProvider: settings.provider, threads: 0, memoryMB: settings.memoryMB }),
    });
  }

  /** Runs the notebook's code cells, filling in their outputs and execution summaries. */
  async run(notebook: RnnbNotebook, describeCell: (index: number) => string): Promise<RunResult> {
    await this.startKernel();
    let order = 0;
    for (const [index, cell] of notebook.cells.entries()) {
      if (cell.kind !== 'code') continue;
      if (!RUNNABLE_LANGUAGES.includes(cell.language)) {
        this.terminal.err(`${describeCell(index)} is in language "${cell.language}", not rnn: skipped\n`);
        continue;
      }
      if (this.userInterrupted) return { status: 'interrupted', cellsRun: order };
      order++;
      this.terminal.err(`── ${describeCell(index)}\n`);
      const recorder = new CellRecorder(cell.source, order, this.terminal);
      const startTime = Date.now();
      const { status, detail } = await this.execute(cell.source, recorder);
      cell.outputs = recorder.finish();
      cell.execution = { order, success: status === 'ok', startTime, endTime: Date.now() };
      if (status !== 'ok') return { status, failed: { index, source: cell.source, error: recorder.firstErrorReported, detail }, cellsRun: order };
    }
    return { status: 'ok', cellsRun: order };
  }

  /** Runs code after the notebook (what `unroll export` asks of the kernel), printed but not recorded in the notebook. */
  async runAfter(source: string, label: string): Promise<RunResult> {
    this.terminal.err(`── ${label}\n`);
    const recorder = new CellRecorder(source, 0, this.terminal);
    const { status, detail } = await this.execute(source, recorder);
    recorder.finish();
    return status === 'ok' ? { status, cellsRun: 1 } : { status, failed: { index: -1, source, error: recorder.firstErrorReported, detail }, cellsRun: 0 };
  }

  /**
   * Starts the kernel with an empty cell, so that loading it (seconds on a busy machine) does not
   * count against the first cell's --timeout. Nothing it does is recorded.
   */
  private async startKernel(): Promise<void> {
    const ignore = () => {};
    await this.client.execute('', { started: ignore, stream: ignore, display: ignore, result: ignore, error: ignore });
  }

  /** Ctrl-C: the running cell is interrupted (the kernel restarted if it does not stop in time), and no further cell runs. */
  async interrupt(): Promise<void> {
    this.userInterrupted = true;
    await this.client.interrupt();
  }

  async dispose(): Promise<void> {
    await this.client.dispose();
  }

  private async execute(source: string, recorder: CellRecorder): Promise<{ status: RunStatus; detail?: string }> {
    const execution = this.client.execute(source, recorder);
    const limit = this.settings.cellTimeoutMs;
    let timer: NodeJS.Timeout | undefined;
    const timedOut = limit === undefined ? undefined : new Promise<'timeout'>(resolve => { timer = setTimeout(() => resolve('timeout'), limit); });
    const first = await Promise.race(timedOut ? [execution, timedOut] : [execution]);
    clearTimeout(timer);
    if (first === 'timeout') {
      const seconds = (limit! / 1000).toString();
      const how = await this.client.interrupt();
      await execution;
      const detail = how === 'restarted'
        ? `the cell ran past --timeout ${seconds} s and did not stop within ${this.settings.interruptTimeoutMs / 1000} s of the interrupt, so the kernel was restarted`
        : `the cell ran past --timeout ${seconds} s and was interrupted`;
      return { status: 'timeout', detail };
    }
    switch (first.status) {
      case 'ok': return { status: 'ok' };
      case 'error': return { status: 'error' };
      case 'interrupted': case 'restarted': case 'cancelled':
        return { status: this.userInterrupted ? 'interrupted' : 'error' };
      case 'crashed': return { status: 'crashed' };
    }
  }
}
