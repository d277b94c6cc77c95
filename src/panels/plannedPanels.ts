// Show Unrolled Graph and Show Gradient Heatmap: the panels are not built yet. The commands
// exist so menus and keybindings are stable, and they say plainly that nothing opens.
import * as vscode from 'vscode';

const PLANNED = [
  { command: 'unroll.showUnrolledGraph', name: 'Unrolled Graph' },
  { command: 'unroll.showGradientHeatmap', name: 'Gradient Heatmap' },
];

export function registerPlannedPanels(context: vscode.ExtensionContext): void {
  for (const { command, name } of PLANNED) {
    context.subscriptions.push(vscode.commands.registerCommand(command, () =>
      vscode.window.showInformationMessage(`Unroll: the ${name} panel is not built yet. It needs the training engine's gradients; nothing was opened.`)));
  }
}
