// Reads and writes .rnnb files for VS Code, through the pure format in rnnbFormat.ts.
import * as vscode from 'vscode';
import { RnnbCell, RnnbFormatError, deserializeRnnb, serializeRnnb, unreadablePreview } from './rnnbFormat';

export const NOTEBOOK_TYPE = 'unroll';

/**
 * Notebook metadata key that marks a notebook opened from a file we could not read. Such a
 * notebook shows the problem and the file's text, and saving it is refused: the file on
 * disk stays exactly as it was until the user repairs it as text.
 */
export const UNREADABLE_KEY = 'unrollUnreadable';

export class RnnbSerializer implements vscode.NotebookSerializer {
  static register(): vscode.Disposable {
    return vscode.workspace.registerNotebookSerializer(NOTEBOOK_TYPE, new RnnbSerializer());
  }

  deserializeNotebook(content: Uint8Array): vscode.NotebookData {
    try {
      const notebook = deserializeRnnb(content);
      const data = new vscode.NotebookData(notebook.cells.map(toCellData));
      data.metadata = notebook.metadata;
      return data;
    } catch (error) {
      // deserializeRnnb names every problem it knows of; anything else (VS Code refusing a value
      // the format allowed) still opens as unreadable rather than failing the editor.
      return unreadableNotebook(content, error instanceof RnnbFormatError ? error : new RnnbFormatError(`Unroll could not open it (${String(error)})`));
    }
  }

  serializeNotebook(data: vscode.NotebookData): Uint8Array {
    // Set by unreadableNotebook to the read error's message.
    const unreadable: unknown = data.metadata?.[UNREADABLE_KEY];
    if (unreadable) {
      const why = typeof unreadable === 'string' ? unreadable : JSON.stringify(unreadable);
      throw new Error(`Unroll will not save this notebook: the file could not be read (${why}), and saving would overwrite it. Fix the file as text (Reopen Editor With… → Text Editor), then reopen it.`);
    }
    const includeOutputs = vscode.workspace.getConfiguration('unroll').get<boolean>('saveOutputs', true);
    return serializeRnnb({ metadata: data.metadata ?? {}, cells: data.cells.map(fromCellData) }, { includeOutputs });
  }
}

function unreadableNotebook(content: Uint8Array, error: RnnbFormatError): vscode.NotebookData {
  const explanation = new vscode.NotebookCellData(vscode.NotebookCellKind.Markup,
    `**This file is not a readable Unroll notebook:** ${error.message}.\n\n` +
    'Nothing was changed, and Unroll will not save over it. Below is the file as it is on disk; ' +
    'to repair it, use *Reopen Editor With… → Text Editor*.', 'markdown');
  const raw = new vscode.NotebookCellData(vscode.NotebookCellKind.Code, unreadablePreview(content), 'json');
  const data = new vscode.NotebookData([explanation, raw]);
  data.metadata = { [UNREADABLE_KEY]: error.message };
  return data;
}

function toCellData(cell: RnnbCell): vscode.NotebookCellData {
  const kind = cell.kind === 'code' ? vscode.NotebookCellKind.Code : vscode.NotebookCellKind.Markup;
  const data = new vscode.NotebookCellData(kind, cell.source, cell.language);
  data.metadata = cell.metadata;
  data.outputs = cell.outputs.map(output => new vscode.NotebookCellOutput(
    output.items.map(item => new vscode.NotebookCellOutputItem(item.data, item.mime)), output.metadata));
  if (cell.execution) {
    const { order, success, startTime, endTime } = cell.execution;
    data.executionSummary = {
      executionOrder: order,
      success,
      timing: startTime !== undefined && endTime !== undefined ? { startTime, endTime } : undefined,
    };
  }
  return data;
}

function fromCellData(cell: vscode.NotebookCellData): RnnbCell {
  const summary = cell.executionSummary;
  const rnnb: RnnbCell = {
    kind: cell.kind === vscode.NotebookCellKind.Code ? 'code' : 'markdown',
    language: cell.languageId,
    source: cell.value,
    metadata: cell.metadata ?? {},
    outputs: (cell.outputs ?? []).map(output => ({
      items: output.items.map(item => ({ mime: item.mime, data: item.data })),
      metadata: output.metadata ?? {},
    })),
  };
  if (summary && (summary.executionOrder !== undefined || summary.success !== undefined || summary.timing)) {
    rnnb.execution = {
      order: summary.executionOrder,
      success: summary.success,
      startTime: summary.timing?.startTime,
      endTime: summary.timing?.endTime,
    };
  }
  return rnnb;
}
