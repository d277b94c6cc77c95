// Wiring only: each part registers itself and owns its disposables.
import * as vscode from 'vscode';
import { registerNotebookCommands } from './notebook/commands';
import { UnrollController } from './notebook/controller';
import { KernelRegistry } from './notebook/kernels';
import { RnnbSerializer } from './notebook/serializer';
import { registerPlannedPanels } from './panels/plannedPanels';
import { SidePanelProvider } from './panels/sidePanel';

/** Returned from activate(); the in-host tests read kernel state through it. */
export interface UnrollApi {
  kernels: KernelRegistry;
}

export function activate(context: vscode.ExtensionContext): UnrollApi {
  const kernels = new KernelRegistry(context.extensionPath);
  const controller = new UnrollController(kernels);
  context.subscriptions.push(kernels, controller, RnnbSerializer.register(), SidePanelProvider.register(context.extensionUri, kernels));
  registerNotebookCommands(context, kernels, controller);
  registerPlannedPanels(context);
  return { kernels };
}

export function deactivate(): void {}
