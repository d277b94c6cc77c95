// The Saliency editor panel, as a kind of model panel (modelPanel.ts): how strongly the output
// depends on each input token (‖∂y/∂x_t‖, gradient × input, or the fit's connectivity), over the
// text and as a time × training-step map, with the snapshots kept during training to scrub through.
import * as vscode from 'vscode';
import { saliencyOnModel, saliencyOnUpdate, saliencyStandIn } from '../../protocol/gradients/panelFeeds';
import { HostToSaliency, SALIENCY_VIEW_TYPE, SaliencyToHost, SaliencyViewState } from '../../protocol/webview';
import { isSaliencyToHost } from '../../protocol/guards';
import { ModelPanelKind } from './modelPanel';

export const SALIENCY_PANEL: ModelPanelKind<SaliencyViewState, HostToSaliency, SaliencyToHost> = {
  command: 'unroll.showSaliency',
  viewType: SALIENCY_VIEW_TYPE,
  title: 'Saliency',
  titleOf: name => `Saliency · ${name}`,
  bundle: 'saliency',
  noModelYet: 'No saliency yet. Call show_saliency(model, x) in an RNN notebook: how much each input token moves the output appears here, and a fit after it keeps snapshots to scrub through.',
  restoredModelId: state => state?.modelId,
  onModel: saliencyOnModel,
  onUpdate: saliencyOnUpdate,
  standIn: saliencyStandIn,
  isMessage: isSaliencyToHost,
  async onMessage(m) {
    if (m.type === 'openGraph') await vscode.commands.executeCommand('unroll.showUnrolledGraph', m.modelId);
  },
};
