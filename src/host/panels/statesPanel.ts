// The State Inspector editor panel, as a kind of model panel (modelPanel.ts): one example's states
// and gates per step and unit, with the snapshots kept during training to scrub through.
import * as vscode from 'vscode';
import { standInDiagram, statesOnModel, statesOnUpdate } from '../../protocol/gradients/panelFeeds';
import { HostToStates, STATES_VIEW_TYPE, StatesToHost, StatesViewState } from '../../protocol/webview';
import { isStatesToHost } from '../../protocol/guards';
import { ModelPanelKind } from './modelPanel';

export const STATES_PANEL: ModelPanelKind<StatesViewState, HostToStates, StatesToHost> = {
  command: 'unroll.showStateInspector',
  viewType: STATES_VIEW_TYPE,
  title: 'State Inspector',
  titleOf: name => `States · ${name}`,
  bundle: 'states',
  noModelYet: 'No states yet. Call show_states(model, x) in an RNN notebook: one sequence\'s hidden states and gates appear here, and a fit after it keeps snapshots to scrub through.',
  restoredModelId: state => state?.modelId,
  onModel: statesOnModel,
  onUpdate: statesOnUpdate,
  standIn: standInDiagram,
  isMessage: isStatesToHost,
  async onMessage(m) {
    if (m.type === 'openGraph') await vscode.commands.executeCommand('unroll.showUnrolledGraph', m.modelId);
  },
};
