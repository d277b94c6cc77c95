// The Chain of Partials editor panel, as a kind of model panel (modelPanel.ts): for the sequence
// show_chain was given, each recurrent layer's step Jacobian norms and singular values, the norm
// of their product from each step to the last, and ρ / σ_max of W_hh over training, live per epoch.
import * as vscode from 'vscode';
import { chainOnModel, chainOnUpdate, chainStandIn } from '../../protocol/gradients/panelFeeds';
import { CHAIN_VIEW_TYPE, ChainToHost, ChainViewState, HostToChain } from '../../protocol/webview';
import { isChainToHost } from '../../protocol/guards';
import { ModelPanelKind } from './modelPanel';

export const CHAIN_PANEL: ModelPanelKind<ChainViewState, HostToChain, ChainToHost> = {
  command: 'unroll.showChainOfPartials',
  viewType: CHAIN_VIEW_TYPE,
  title: 'Chain of Partials',
  titleOf: name => `Chain · ${name}`,
  bundle: 'chain',
  noModelYet: 'No chain yet. Call show_chain(model, x) in an RNN notebook: the Jacobians ∂h_k/∂h_{k−1} of one sequence, the norm of their product back to each step, and ρ(W_hh) over training appear here.',
  restoredModelId: state => state?.modelId,
  onModel: chainOnModel,
  onUpdate: chainOnUpdate,
  standIn: chainStandIn,
  isMessage: isChainToHost,
  async onMessage(m) {
    if (m.type === 'openGraph') await vscode.commands.executeCommand('unroll.showUnrolledGraph', m.modelId);
  },
};
