// The "Unroll" notebook controller: one for .rnnb notebooks (preferred, so no kernel
// picker appears) and one for Jupyter notebooks, where users may pick it.
import * as vscode from 'vscode';
import { CellOutputSink } from './cellOutputs';
import { KernelRegistry } from './kernels';
import { NOTEBOOK_TYPE } from './serializer';

const JUPYTER_NOTEBOOK_TYPE = 'jupyter-notebook';
const CONTROLLER_LABEL = 'Unroll';

export class UnrollController implements vscode.Disposable {
  private readonly controllers: vscode.NotebookController[];
  private readonly disposables: vscode.Disposable[] = [];

  constructor(private readonly kernels: KernelRegistry) {
    this.controllers = [NOTEBOOK_TYPE, JUPYTER_NOTEBOOK_TYPE].map(notebookType => {
      const controller = vscode.notebooks.createNotebookController(`unroll-${notebookType}`, notebookType, CONTROLLER_LABEL);
      controller.description = 'RNN cells trained with ONNX Runtime';
      controller.supportedLanguages = ['rnn', 'python'];
      controller.supportsExecutionOrder = true;
      controller.executeHandler = (cells, notebook, ctrl) => this.execute(cells, notebook, ctrl);
      controller.interruptHandler = notebook => this.interrupt(notebook);
      return controller;
    });
    const unrollController = this.controllers[0];
    const prefer = (notebook: vscode.NotebookDocument) => {
      if (notebook.notebookType === NOTEBOOK_TYPE) unrollController.updateNotebookAffinity(notebook, vscode.NotebookControllerAffinity.Preferred);
    };
    vscode.workspace.notebookDocuments.forEach(prefer);
    this.disposables.push(vscode.workspace.onDidOpenNotebookDocument(prefer), ...this.controllers);
  }

  async interrupt(notebook: vscode.NotebookDocument): Promise<void> {
    const result = await this.kernels.find(notebook)?.client.interrupt();
    if (result === 'restarted') {
      const kernel = this.kernels.find(notebook);
      if (kernel) kernel.executionCount = 0;
      void vscode.window.showWarningMessage('Unroll: the cell did not stop in time, so the kernel was restarted and its state cleared.');
    }
  }

  private async execute(cells: vscode.NotebookCell[], notebook: vscode.NotebookDocument, controller: vscode.NotebookController): Promise<void> {
    if (!vscode.workspace.isTrusted) {
      for (const cell of cells) refuseInRestrictedMode(controller, cell);
      return;
    }
    const kernel = this.kernels.get(notebook);
    for (const cell of cells) {
      const execution = controller.createNotebookCellExecution(cell);
      const sink = new CellOutputSink(execution, () => ++kernel.executionCount);
      const outcome = await kernel.client.execute(cell.document.getText(), sink);
      await sink.settled(); // outputs land before the execution ends (edits after end are refused)
      if (outcome.status === 'cancelled') {
        execution.end(undefined); // it never ran
      } else {
        if (outcome.status === 'restarted' || outcome.status === 'crashed') kernel.executionCount = 0;
        execution.end(outcome.status === 'ok', Date.now());
      }
      // Like Jupyter's Run All: the cells after one that failed or was stopped do not run.
      if (outcome.status !== 'ok') break;
    }
  }

  dispose(): void {
    vscode.Disposable.from(...this.disposables).dispose();
  }
}

function refuseInRestrictedMode(controller: vscode.NotebookController, cell: vscode.NotebookCell): void {
  const execution = controller.createNotebookCellExecution(cell);
  execution.start(Date.now());
  void execution.replaceOutput(new vscode.NotebookCellOutput([vscode.NotebookCellOutputItem.error({
    name: 'Restricted Mode',
    message: 'Unroll runs no cell in Restricted Mode. Trust this workspace to run cells.',
  })]));
  execution.end(false, Date.now());
}
