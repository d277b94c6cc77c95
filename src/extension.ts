// Wiring only: each part registers itself and owns its disposables.
import * as vscode from 'vscode';
import { registerRnnEditorSupport } from './host/editor';
import { registerNotebookCommands } from './host/notebook/commands';
import { registerExportCommand } from './host/notebook/exportCommand';
import { UnrollController } from './host/notebook/controller';
import { KernelRegistry } from './host/notebook/kernels';
import { RendererMessaging } from './host/notebook/rendererMessaging';
import { RnnbSerializer } from './host/notebook/serializer';
import { GRAPH_PANEL } from './host/panels/graphPanel';
import { HEATMAP_PANEL } from './host/panels/heatmapPanel';
import { STATES_PANEL } from './host/panels/statesPanel';
import { registerBpttPanel } from './host/panels/bpttPanel';
import { COMPARISON_PANEL } from './host/panels/comparePanel';
import { SALIENCY_PANEL } from './host/panels/saliencyPanel';
import { ATTENTION_PANEL } from './host/panels/attentionPanel';
import { CHAIN_PANEL } from './host/panels/chainPanel';
import { registerModelPanel } from './host/panels/modelPanel';
import { registerExportPanelCommand } from './host/panels/panelExport';
import { GradientStream } from './protocol/gradients';
import { SidePanelProvider } from './host/panels/sidePanel';

/** Returned from activate(); the in-host tests read kernel state through it. */
export interface UnrollApi {
  kernels: KernelRegistry;
  gradients: GradientStream;
}

export function activate(context: vscode.ExtensionContext): UnrollApi {
  const gradients = new GradientStream();
  const kernels = new KernelRegistry(context.extensionPath, gradients);
  const controller = new UnrollController(kernels);
  context.subscriptions.push(
    { dispose: () => gradients.dispose() },
    kernels,
    controller,
    RendererMessaging.register(controller, kernels),
    RnnbSerializer.register(),
    SidePanelProvider.register(context.extensionUri, kernels, gradients),
    registerModelPanel(GRAPH_PANEL, context.extensionUri, gradients),
    registerModelPanel(HEATMAP_PANEL, context.extensionUri, gradients),
    registerModelPanel(STATES_PANEL, context.extensionUri, gradients),
    registerBpttPanel(context.extensionUri),
    registerModelPanel(COMPARISON_PANEL, context.extensionUri, gradients),
    registerModelPanel(SALIENCY_PANEL, context.extensionUri, gradients),
    registerModelPanel(ATTENTION_PANEL, context.extensionUri, gradients),
    registerModelPanel(CHAIN_PANEL, context.extensionUri, gradients),
    registerExportPanelCommand(),
    registerRnnEditorSupport(context),
  );
  registerNotebookCommands(context, kernels, controller);
  registerExportCommand(context, kernels);
  return { kernels, gradients };
}

export function deactivate(): void {}
