// Turns what a kernel streams for one cell into VS Code cell outputs.
import * as vscode from 'vscode';
import { ExecuteSink } from '../kernelClient';
import { KernelErrorInfo, OutputItem, describeKernelError, isBinaryOutputMime } from '../../protocol/kernel';
import { displayOutputMetadata } from './outputMetadata';

export class CellOutputSink implements ExecuteSink {
  /** The output that consecutive stdout/stderr text is appended to, so a print loop stays one block. */
  private openStream: { name: 'stdout' | 'stderr'; output: vscode.NotebookCellOutput } | undefined;

  private executionOrder: number | undefined;

  /** Outputs that later messages replace in place (fit's progress), by display id. */
  private readonly displays = new Map<string, vscode.NotebookCellOutput>();

  /**
   * Output edits run one after another: each is async, and an append to an output whose own
   * append has not finished yet could be applied twice (seen as a duplicated print line).
   */
  private edits: Promise<unknown> = Promise.resolve();

  /** `nextExecutionOrder` is asked only when the cell really starts, so queued cells that never run take no number. */
  constructor(private readonly execution: vscode.NotebookCellExecution, private readonly nextExecutionOrder: () => number) {}

  started(): void {
    this.executionOrder = this.nextExecutionOrder();
    this.execution.executionOrder = this.executionOrder;
    this.execution.start(Date.now());
    this.edit(() => this.execution.clearOutput());
  }

  stream(name: 'stdout' | 'stderr', text: string): void {
    const item = name === 'stdout' ? vscode.NotebookCellOutputItem.stdout(text) : vscode.NotebookCellOutputItem.stderr(text);
    if (this.openStream?.name === name) {
      const open = this.openStream.output;
      this.edit(() => this.execution.appendOutputItems(item, open));
      return;
    }
    const output = new vscode.NotebookCellOutput([item]);
    this.openStream = { name, output };
    this.edit(() => this.execution.appendOutput(output));
  }

  display(items: OutputItem[], displayId?: string, update?: boolean, metadata?: Record<string, unknown>): void {
    const existing = displayId === undefined ? undefined : this.displays.get(displayId);
    if (update && existing) {
      this.edit(() => this.execution.replaceOutputItems(items.map(toOutputItem), existing));
      return;
    }
    const output = this.append(items, displayOutputMetadata(metadata));
    if (displayId !== undefined) this.displays.set(displayId, output);
  }

  result(items: OutputItem[]): void {
    this.append(items, { outputType: 'execute_result', executionCount: this.executionOrder });
  }

  error(error: KernelErrorInfo): void {
    this.openStream = undefined;
    const output = new vscode.NotebookCellOutput([
      vscode.NotebookCellOutputItem.error({ name: error.name, message: describeKernelError(error, this.execution.cell.document.getText()), stack: error.stack }),
    ]);
    this.edit(() => this.execution.appendOutput(output));
  }

  private append(items: OutputItem[], metadata: Record<string, unknown>): vscode.NotebookCellOutput {
    this.openStream = undefined;
    const output = new vscode.NotebookCellOutput(items.map(toOutputItem), metadata);
    this.edit(() => this.execution.appendOutput(output));
    return output;
  }

  private edit(apply: () => Thenable<void>): void {
    // A failed edit (the cell was deleted meanwhile) must not stop the ones after it.
    this.edits = this.edits.then(apply, apply);
  }

  /** Resolves when every edit asked for so far has been applied. */
  settled(): Promise<unknown> {
    return this.edits;
  }
}

function toOutputItem(item: OutputItem): vscode.NotebookCellOutputItem {
  return isBinaryOutputMime(item.mime)
    ? new vscode.NotebookCellOutputItem(Buffer.from(item.data, 'base64'), item.mime)
    : vscode.NotebookCellOutputItem.text(item.data, item.mime);
}
