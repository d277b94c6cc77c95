// The Attention Alignment editor panel, as a kind of model panel (modelPanel.ts): one example's
// attention weights, decoder steps × encoder steps, with the snapshots kept during training to
// scrub through.
import * as vscode from 'vscode';
import { attentionOnModel, attentionOnUpdate, attentionStandIn } from '../../protocol/gradients/panelFeeds';
import { ATTENTION_VIEW_TYPE, AttentionToHost, AttentionViewState, HostToAttention } from '../../protocol/webview';
import { isAttentionToHost } from '../../protocol/guards';
import { ModelPanelKind } from './modelPanel';

export const ATTENTION_PANEL: ModelPanelKind<AttentionViewState, HostToAttention, AttentionToHost> = {
  command: 'unroll.showAttentionAlignment',
  viewType: ATTENTION_VIEW_TYPE,
  title: 'Attention Alignment',
  titleOf: name => `Alignment · ${name}`,
  bundle: 'attention',
  noModelYet: 'No alignment yet. Call show_attention(model, x) in an RNN notebook on a model with an Attention or AdditiveAttention layer: one example\'s attention weights (decoder steps × encoder steps) appear here, and a fit after it keeps snapshots to scrub through.',
  restoredModelId: state => state?.modelId,
  onModel: attentionOnModel,
  onUpdate: attentionOnUpdate,
  standIn: attentionStandIn,
  isMessage: isAttentionToHost,
  async onMessage(m) {
    if (m.type === 'openGraph') await vscode.commands.executeCommand('unroll.showUnrolledGraph', m.modelId);
  },
};
