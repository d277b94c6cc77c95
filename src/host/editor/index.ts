// Editor support for rnn cells: diagnostics while typing, completion, hover, signature
// help. extension.ts pushes the returned disposable into its subscriptions.
import * as vscode from 'vscode';
import type { EditorServices } from '../../language/analysis/editorServices';
import { RnnDiagnostics } from './diagnosticsProvider';
import { registerLanguageProviders } from './languageProviders';

/** Loads the analyser on first use: the first rnn cell opened, not every VS Code start, pays for it (a bundle of its own). */
export type ServicesSource = () => Promise<EditorServices>;

export function registerRnnEditorSupport(_context?: vscode.ExtensionContext): vscode.Disposable {
  let services: Promise<EditorServices> | undefined;
  const load: ServicesSource = () => (services ??= import(/* webpackChunkName: "editorServices" */ '../../language/analysis/editorServices').then(m => m.editorServices()));
  return vscode.Disposable.from(new RnnDiagnostics(load), registerLanguageProviders(load));
}
