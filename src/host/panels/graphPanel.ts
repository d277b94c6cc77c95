// The Unrolled Graph editor panel, as a kind of model panel (modelPanel.ts): it draws the model
// named (or the latest) and colours the BPTT arrows by the latest gradient frame.
import * as vscode from 'vscode';
import { graphOnModel, graphOnUpdate } from '../../protocol/gradients/panelFeeds';
import { GRAPH_VIEW_TYPE, GraphState, GraphToHost, HostToGraph } from '../../protocol/webview';
import { isGraphToHost } from '../../protocol/guards';
import { ModelPanelKind } from './modelPanel';

/** Internal: posts a HostToGraph message to the open graph panel (the BPTT Step-Through's highlight). */
export const GRAPH_RELAY_COMMAND = 'unroll.internal.graphMessage';

export const GRAPH_PANEL: ModelPanelKind<GraphState, HostToGraph, GraphToHost> = {
  command: 'unroll.showUnrolledGraph',
  viewType: GRAPH_VIEW_TYPE,
  title: 'Unrolled Graph',
  titleOf: name => `Unrolled · ${name}`,
  bundle: 'graph',
  noModelYet: 'No model yet. A model appears here when a notebook cell trains it (model.fit sends its diagram as training starts). show_graph(model) opens this panel on a model: at once if it has trained, else when its fit starts.',
  restoredModelId: state => state?.diagram?.modelId,
  onModel: graphOnModel,
  // only the latest frame matters to the graph
  onUpdate: graphOnUpdate,
  isMessage: isGraphToHost,
  relayCommand: GRAPH_RELAY_COMMAND,
  async onMessage(m) {
    if (m.type === 'openHeatmap') {
      void vscode.commands.executeCommand('unroll.showGradientHeatmap', m.modelId);
    } else if (m.type === 'openStates') {
      void vscode.commands.executeCommand('unroll.showStateInspector', m.modelId);
    } else if (m.type === 'openChain') {
      void vscode.commands.executeCommand('unroll.showChainOfPartials', m.modelId);
    }
  },
};
