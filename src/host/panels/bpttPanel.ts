// The BPTT Step-Through editor panel: one layer's ∂L/∂W for one example as per-step terms (the
// view show_bptt computed, which arrives in a cell output, notebook/kernels.ts). Not a model
// panel: it shows the numbers of one call, not the gradient stream. Its cursor is relayed to the
// Unrolled Graph, which highlights the path of the term under it.
import * as vscode from 'vscode';
import { BPTT_VIEW_TYPE, BpttToHost, BpttView, BpttViewState, HostToBptt, isBpttToHost, isBpttView } from '../../protocol/bptt';
import { fromWire, toMessage } from '../../protocol/gradients/codec';
import { GRAPH_RELAY_COMMAND } from './graphPanel';
import { handleExportMessage, makeExportable } from './panelExport';
import { createUnrollPanel, webviewHtml, webviewOptions } from './webviewHtml';

const BPTT_COMMAND = 'unroll.showBpttStepThrough';
const TITLE = 'BPTT Step-Through';
const NO_VIEW = 'Nothing to step through yet. Call show_bptt(model, x, y) in an RNN notebook: ∂L/∂W of one recurrent layer on one example appears here as a term per time step.';

/** The view a panel showed before a reload: its saved state is in the gradient codec's wire form. */
function restoredView(state: unknown): BpttView | undefined {
  try {
    const view = state === undefined ? undefined : fromWire<BpttViewState>(state).view;
    return isBpttView(view) ? view : undefined;
  } catch {
    return undefined;
  }
}

export function registerBpttPanel(extensionUri: vscode.Uri): vscode.Disposable {
  let current: vscode.WebviewPanel | undefined;
  let latest: BpttView | undefined;
  const post = (m: HostToBptt) => void current?.webview.postMessage(toMessage(m));
  const attach = (panel: vscode.WebviewPanel, restored: BpttView | undefined) => {
    current?.dispose();
    current = panel;
    latest ??= restored;
    panel.webview.options = webviewOptions(extensionUri);
    panel.webview.html = webviewHtml(panel.webview, extensionUri, 'bpttStep', TITLE);
    panel.iconPath = vscode.Uri.joinPath(extensionUri, 'media', 'unroll-activity.svg');
    const subscriptions = [
      makeExportable(panel),
      panel.webview.onDidReceiveMessage((m: unknown) => {
        if (handleExportMessage(panel.webview, m)) return;
        if (!isBpttToHost(m)) return console.warn(`Unroll: a malformed message from the ${TITLE} panel was dropped`);
        void onMessage(m);
      }),
      panel.onDidDispose(() => {
        if (current === panel) current = undefined;
        vscode.Disposable.from(...subscriptions).dispose();
      }),
    ];
  };
  const onMessage = async (m: BpttToHost) => {
    if (m.type === 'ready') {
      if (latest) {
        post({ type: 'view', view: latest });
        if (current) current.title = `BPTT · ${latest.layer}`;
      } else post({ type: 'clear', reason: NO_VIEW });
    } else if (m.type === 'cursor') await vscode.commands.executeCommand(GRAPH_RELAY_COMMAND, m.highlight);
    else if (m.type === 'openGraph') await vscode.commands.executeCommand('unroll.showUnrolledGraph', m.modelId);
  };
  const show = (arg: unknown) => {
    if (isBpttView(arg)) latest = arg;
    if (current) {
      current.reveal();
      if (latest) {
        current.title = `BPTT · ${latest.layer}`;
        post({ type: 'view', view: latest });
      }
    } else attach(createUnrollPanel(BPTT_VIEW_TYPE, TITLE, { ...webviewOptions(extensionUri), retainContextWhenHidden: false }), undefined);
  };
  return vscode.Disposable.from(
    vscode.commands.registerCommand(BPTT_COMMAND, show),
    vscode.window.registerWebviewPanelSerializer(BPTT_VIEW_TYPE, {
      deserializeWebviewPanel: async (panel: vscode.WebviewPanel, state: unknown) => attach(panel, restoredView(state)),
    }),
    { dispose: () => { current?.dispose(); } },
  );
}
