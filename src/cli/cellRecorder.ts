// One cell's outputs as `unroll run` receives them from the kernel: recorded in the shape the
// extension's CellOutputSink gives VS Code (so the saved notebook is the one the extension would
// save), and echoed to the terminal as text, with fit's live progress as one status line.
import type { ExecuteSink } from '../host/kernelClient';
import type { Metadata, RnnbCell } from '../host/notebook/rnnbFormat';
import { KernelErrorInfo, OutputItem, describeKernelError, isBinaryOutputMime } from '../protocol/kernel';
import { fitRunOf } from '../protocol/renderer';
import { PANEL_REQUEST_MIME } from '../protocol/gradients/outputs';
import { displayOutputMetadata } from '../host/notebook/outputMetadata';
import { ERROR_MIME, STDERR_MIME, STDOUT_MIME } from './notebookFile';

/** Where the terminal text goes; `live` when stderr is a terminal that can redraw a line. */
export interface Terminal {
  out(text: string): void;
  err(text: string): void;
  live: boolean;
}

/** How often a fit's progress line is printed when it cannot be redrawn in place (a log, CI). */
const LOGGED_PROGRESS_MS = 10_000;

interface RecordedOutput {
  items: OutputItem[];
  metadata: Metadata;
}

export class CellRecorder implements ExecuteSink {
  private readonly outputs: RecordedOutput[] = [];
  /** The output consecutive prints of one stream go into, as in the extension (one block per print loop). */
  private openStream: { name: 'stdout' | 'stderr'; output: RecordedOutput } | undefined;
  /** Outputs replaced in place by later displays of the same id (fit's progress, the gradient map). */
  private readonly displays = new Map<string, RecordedOutput>();
  /** The progress line now drawn on a live terminal (cleared before anything else is printed). */
  private progressShown = false;
  private lastLoggedProgress = 0;
  private firstError: KernelErrorInfo | undefined;

  constructor(private readonly source: string, private readonly executionOrder: number, private readonly terminal: Terminal) {}

  /** The first error the cell reported (the kernel's, or the supervisor's on a restart or crash). */
  get firstErrorReported(): KernelErrorInfo | undefined { return this.firstError; }

  started(): void {}

  stream(name: 'stdout' | 'stderr', text: string): void {
    this.clearProgress();
    if (name === 'stdout') this.terminal.out(text);
    else this.terminal.err(text);
    if (this.openStream?.name === name) {
      this.openStream.output.items[0].data += text;
      return;
    }
    const output = { items: [{ mime: name === 'stdout' ? STDOUT_MIME : STDERR_MIME, data: text }], metadata: {} };
    this.openStream = { name, output };
    this.outputs.push(output);
  }

  display(items: OutputItem[], displayId?: string, update?: boolean, metadata?: Record<string, unknown>): void {
    const existing = displayId === undefined ? undefined : this.displays.get(displayId);
    if (update && existing) existing.items = items;
    else {
      const output = this.append(items, displayOutputMetadata(metadata) as Metadata);
      if (displayId !== undefined) this.displays.set(displayId, output);
    }
    const fit = fitRunOf(items);
    if (fit) this.showProgress(items, fit.running);
    else if (displayId === undefined) this.print(items);
    // Other displays replaced in place (the gradient map) are printed once, as they end: see finish().
  }

  result(items: OutputItem[]): void {
    this.append(items, { outputType: 'execute_result', executionCount: this.executionOrder });
    this.print(items);
  }

  error(error: KernelErrorInfo): void {
    this.firstError ??= error;
    this.openStream = undefined;
    // What vscode.NotebookCellOutputItem.error writes: {name, message, stack} as tab-indented JSON.
    const data = JSON.stringify({ name: error.name, message: describeKernelError(error, this.source), stack: error.stack }, undefined, '\t');
    this.outputs.push({ items: [{ mime: ERROR_MIME, data }], metadata: {} });
  }

  /** The cell's outputs for the notebook file; prints the final state of outputs that were replaced in place. */
  finish(): RnnbCell['outputs'] {
    this.clearProgress();
    for (const output of this.displays.values()) {
      if (!fitRunOf(output.items)) this.print(output.items);
    }
    return this.outputs.map(output => ({
      items: output.items.map(item => ({ mime: item.mime, data: isBase64(item.mime) ? new Uint8Array(Buffer.from(item.data, 'base64')) : new TextEncoder().encode(item.data) })),
      metadata: output.metadata,
    }));
  }

  private append(items: OutputItem[], metadata: Metadata): RecordedOutput {
    this.openStream = undefined;
    const output = { items, metadata };
    this.outputs.push(output);
    return output;
  }

  /** A display's text/plain, as a person reads it where the renderer is absent. */
  private print(items: OutputItem[]): void {
    // show_graph()/show_heatmap() open a panel in VS Code; their text says so, which is not true here.
    if (items.some(item => item.mime === PANEL_REQUEST_MIME)) return;
    const plain = items.find(item => item.mime === 'text/plain');
    if (!plain) return;
    this.clearProgress();
    this.terminal.out(plain.data.endsWith('\n') ? plain.data : `${plain.data}\n`);
  }

  /**
   * fit's progress text is "Epoch 2/3\n12/19 ━━━━░░ ETA… - loss: …": one line on the terminal,
   * redrawn in place where it can be, else logged every LOGGED_PROGRESS_MS. The final display's
   * last line ("done; history: …") is printed without the history, which the epoch lines gave.
   */
  private showProgress(items: OutputItem[], running: boolean): void {
    const text = items.find(item => item.mime === 'text/plain')?.data ?? '';
    const lines = text.split('\n').filter(line => line.trim() !== '');
    if (!running) {
      this.clearProgress();
      if (lines.length) this.terminal.err(`${lines[lines.length - 1].split('; history:')[0]}\n`);
      return;
    }
    const line = lines.slice(0, 2).join(' ');
    if (this.terminal.live) {
      this.terminal.err(`\r\x1b[K${line}`);
      this.progressShown = true;
    } else if (Date.now() - this.lastLoggedProgress >= LOGGED_PROGRESS_MS) {
      this.lastLoggedProgress = Date.now();
      this.terminal.err(`${line}\n`);
    }
  }

  private clearProgress(): void {
    if (!this.progressShown) return;
    this.terminal.err('\r\x1b[K');
    this.progressShown = false;
  }
}

/** Whether a recorded item's data is base64: the kernel's binary mimes; streams and errors are recorded here as text. */
function isBase64(mime: string): boolean {
  return mime !== STDOUT_MIME && mime !== STDERR_MIME && mime !== ERROR_MIME && isBinaryOutputMime(mime);
}
