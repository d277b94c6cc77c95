// Wiring only: each part registers itself and owns its disposables.
import * as vscode from 'vscode';
import { registerRnnEditorSupport } from './editor';
import { registerNotebookCommands } from './notebook/commands';
import { UnrollController } from './notebook/controller';
import { KernelRegistry } from './notebook/kernels';
import { RendererMessaging } from './notebook/rendererMessaging';
import { RnnbSerializer } from './notebook/serializer';
import { GraphPanel } from './panels/graphPanel';
import { HeatmapPanel } from './panels/heatmapPanel';
import { DiagnosticsStream } from './engine/diagram/modelView';
import { SidePanelProvider } from './panels/sidePanel';

/** Returned from activate(); the in-host tests read kernel state through it. */
export interface UnrollApi {
  kernels: KernelRegistry;
  diagnostics: DiagnosticsStream;
}

export function activate(context: vscode.ExtensionContext): UnrollApi {
  const diagnostics = new DiagnosticsStream();
  const kernels = new KernelRegistry(context.extensionPath, diagnostics);
  const controller = new UnrollController(kernels);
  context.subscriptions.push(
    { dispose: () => diagnostics.dispose() },
    kernels,
    controller,
    RendererMessaging.register(controller, kernels),
    RnnbSerializer.register(),
    SidePanelProvider.register(context.extensionUri, kernels, diagnostics),
    GraphPanel.register(context.extensionUri, diagnostics),
    HeatmapPanel.register(context.extensionUri, diagnostics),
    registerRnnEditorSupport(context),
  );
  registerNotebookCommands(context, kernels, controller);
  return { kernels, diagnostics };
}

export function deactivate(): void {}
