// The Lockstep Comparison editor panel, as a kind of model panel (modelPanel.ts): it follows a
// comparison id (compare() opens it with one) and shows its models' rows, live.
import * as vscode from 'vscode';
import { COMPARE_PANEL } from '../../keras/unroll';
import { COMPARE_VIEW_TYPE, CompareToHost, CompareViewState, HostToCompare, compareOnModel, compareOnUpdate, comparisonStandIn } from '../../protocol/compareView';
import { isCompareToHost } from '../../protocol/guards';
import { ModelPanelKind } from './modelPanel';

export const COMPARISON_PANEL: ModelPanelKind<CompareViewState, HostToCompare, CompareToHost> = {
  command: COMPARE_PANEL.command,
  viewType: COMPARE_VIEW_TYPE,
  title: COMPARE_PANEL.title,
  titleOf: name => `Lockstep · ${name}`,
  bundle: 'compare',
  noModelYet: 'No comparison yet. Call compare([model_a, model_b, ...], x, y, epochs=...) in an RNN notebook: the models train step for step on the same batches, and their gradients and losses appear here side by side.',
  restoredModelId: state => state?.comparisonId,
  onModel: compareOnModel,
  onUpdate: compareOnUpdate,
  standIn: comparisonStandIn,
  isMessage: isCompareToHost,
  async onMessage(m) {
    if (m.type === 'openHeatmap') await vscode.commands.executeCommand('unroll.showGradientHeatmap', m.modelId);
  },
};
