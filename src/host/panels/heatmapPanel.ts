// The Gradient Heatmap editor panel, as a kind of model panel (modelPanel.ts): it draws the
// whole history of the model named (or the latest), live.
import * as vscode from 'vscode';
import { heatmapOnModel, heatmapOnUpdate } from '../../protocol/gradients/panelFeeds';
import { HEATMAP_VIEW_TYPE, HeatmapState, HeatmapToHost, HostToHeatmap } from '../../protocol/webview';
import { isHeatmapToHost } from '../../protocol/guards';
import { ModelPanelKind } from './modelPanel';

export const HEATMAP_PANEL: ModelPanelKind<HeatmapState, HostToHeatmap, HeatmapToHost> = {
  command: 'unroll.showGradientHeatmap',
  viewType: HEATMAP_VIEW_TYPE,
  title: 'Gradient Heatmap',
  titleOf: name => `Gradients · ${name}`,
  bundle: 'heatmap',
  noModelYet: 'No model yet. Build and train a model in an RNN notebook; its gradients appear here, live.',
  restoredModelId: state => state?.modelId,
  onModel: heatmapOnModel,
  // every frame: the heatmap draws the history
  onUpdate: heatmapOnUpdate,
  isMessage: isHeatmapToHost,
  async onMessage(m) {
    if (m.type === 'openGraph') {
      void vscode.commands.executeCommand('unroll.showUnrolledGraph', m.modelId);
    }
  },
};
