// The host side of the renderer's messages: Stop interrupts the kernel of the notebook the
// output is in (the same path as the notebook's Interrupt button) when the run it names is the
// one training, so a stale chart cannot stop a later cell; a click on the small gradient map
// opens the Gradient Heatmap panel.
import * as vscode from 'vscode';
import { UnrollController } from './controller';
import { KernelRegistry } from './kernels';
import { RENDERER_ID, RendererToHost, isRendererToHost } from '../../protocol/renderer';

export class RendererMessaging implements vscode.Disposable {
  private readonly subscription: vscode.Disposable;

  static register(controller: UnrollController, kernels: KernelRegistry): RendererMessaging {
    return new RendererMessaging(vscode.notebooks.createRendererMessaging(RENDERER_ID), controller, kernels);
  }

  constructor(messaging: vscode.NotebookRendererMessaging, private readonly controller: UnrollController, private readonly kernels: KernelRegistry) {
    this.subscription = messaging.onDidReceiveMessage(({ editor, message }) => {
      if (isRendererToHost(message)) void this.handle(editor.notebook, message);
    });
  }

  private async handle(notebook: vscode.NotebookDocument, message: RendererToHost): Promise<void> {
    switch (message.type) {
      case 'stop':
        if (this.kernels.find(notebook)?.runningFit === message.run) await this.controller.interrupt(notebook);
        break;
      case 'openHeatmap':
        await vscode.commands.executeCommand('unroll.showGradientHeatmap', message.modelId);
        break;
    }
  }

  dispose(): void {
    this.subscription.dispose();
  }
}
