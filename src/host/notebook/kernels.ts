// One kernel per open notebook, created on its first run and ended when it closes.
import * as path from 'node:path';
import { DEFAULT_KERNEL_MEMORY_MB } from '../../keras/allocation';
import * as vscode from 'vscode';
import type { GradientStream } from '../../protocol/gradients';
import { KernelClient } from '../kernelClient';
import { panelRequests } from '../../protocol/gradients/outputs';
import { bpttViews } from '../../protocol/bptt';
import { fitRunOf } from '../../protocol/renderer';
import type { KernelWorkerData } from '../../protocol/kernel';
import type { KernelSummary } from '../../protocol/webview';
export type { KernelSummary } from '../../protocol/webview';

export interface NotebookKernel {
  readonly client: KernelClient;
  /** Jupyter-style In[n] counter; a restart starts it again at 1. */
  executionCount: number;
  /** The fit run training now, as its outputs say: a renderer's Stop names the run it means. */
  runningFit?: string;
  /** The provider its training ran on, as the kernel last said. */
  provider?: string;
}

/** What the side panel and tests see of a kernel. */
export class KernelRegistry implements vscode.Disposable {
  private readonly kernels = new Map<string, NotebookKernel>();
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;
  private readonly disposables: vscode.Disposable[] = [this.changed];

  constructor(private readonly extensionPath: string, private readonly panels: GradientStream) {
    this.disposables.push(vscode.workspace.onDidCloseNotebookDocument(notebook => void this.shutdown(notebook)));
  }

  get(notebook: vscode.NotebookDocument): NotebookKernel {
    const key = notebook.uri.toString();
    let kernel = this.kernels.get(key);
    if (!kernel) {
      const client = new KernelClient({
        workerPath: path.join(this.extensionPath, 'dist', 'kernelWorker.js'),
        interruptTimeoutMs: () => 1000 * vscode.workspace.getConfiguration('unroll').get<number>('interruptTimeoutSeconds', 5),
        workerSettings: () => workerSettings(notebook, this.extensionPath),
        onDisplay: items => {
          const fit = fitRunOf(items);
          if (fit && kernel) kernel.runningFit = fit.running ? fit.run : kernel.runningFit === fit.run ? undefined : kernel.runningFit;
          for (const request of panelRequests(items)) void vscode.commands.executeCommand(request.command, request.modelId);
          for (const view of bpttViews(items)) void vscode.commands.executeCommand('unroll.showBpttStepThrough', view);
        },
        onTelemetry: message => {
          if (message.kind !== 'provider') return this.panels.receive(message);
          if (kernel) kernel.provider = message.summary;
          this.changed.fire();
        },
      });
      client.onStateChange(state => {
        if (state !== 'busy' && kernel) kernel.runningFit = undefined; // a cell that failed mid-fit leaves no run
        this.changed.fire();
      });
      kernel = { client, executionCount: 0 };
      this.kernels.set(key, kernel);
      this.changed.fire();
    }
    return kernel;
  }

  find(notebook: vscode.NotebookDocument): NotebookKernel | undefined {
    return this.kernels.get(notebook.uri.toString());
  }

  async restart(notebook: vscode.NotebookDocument): Promise<void> {
    const kernel = this.get(notebook);
    await kernel.client.restart();
    kernel.executionCount = 0;
    kernel.provider = undefined;
    this.panels.clear('The kernel was restarted: run the notebook again to see its model.');
    this.changed.fire();
  }

  summaries(): KernelSummary[] {
    return [...this.kernels.entries()].map(([uri, kernel]) => ({
      notebookUri: uri,
      notebookName: path.basename(vscode.Uri.parse(uri).path),
      state: kernel.client.state,
      executionCount: kernel.executionCount,
      provider: kernel.provider,
    }));
  }

  private async shutdown(notebook: vscode.NotebookDocument): Promise<void> {
    const key = notebook.uri.toString();
    const kernel = this.kernels.get(key);
    if (!kernel) return;
    this.kernels.delete(key);
    this.changed.fire();
    await kernel.client.dispose();
  }

  dispose(): void {
    for (const kernel of this.kernels.values()) void kernel.client.dispose();
    this.kernels.clear();
    vscode.Disposable.from(...this.disposables).dispose();
  }
}

/** What a new kernel worker gets: the notebook's workspace folder, provider and threads settings. */
function workerSettings(notebook: vscode.NotebookDocument, extensionPath: string): Omit<KernelWorkerData, 'interruptBuffer'> {
  const config = vscode.workspace.getConfiguration('unroll', notebook.uri);
  const folder = vscode.workspace.getWorkspaceFolder(notebook.uri) ?? vscode.workspace.workspaceFolders?.[0];
  return {
    workspaceRoot: folder?.uri.scheme === 'file' ? folder.uri.fsPath : undefined,
    executionProvider: config.get<KernelWorkerData['executionProvider']>('executionProvider', 'auto'),
    threads: config.get<number>('threads', 0),
    memoryMB: config.get<number>('kernelMemoryMB', DEFAULT_KERNEL_MEMORY_MB),
    dataDir: path.join(extensionPath, 'media', 'data'),
  };
}

