// Editor support for rnn cells: diagnostics while typing, completion, hover, signature
// help. extension.ts pushes the returned disposable into its subscriptions.
import * as vscode from 'vscode';
import type { KerasRegistry } from '../../language';
import { RnnDiagnostics } from './diagnosticsProvider';
import { buildEditorRegistry } from './editorRegistry';
import { registerLanguageProviders } from './languageProviders';

export function registerRnnEditorSupport(_context?: vscode.ExtensionContext): vscode.Disposable {
  // Built on first use: the first cell opened, not extension activation, pays for it.
  let registry: KerasRegistry | undefined;
  const editorRegistry = () => (registry ??= buildEditorRegistry());
  return vscode.Disposable.from(new RnnDiagnostics(editorRegistry), registerLanguageProviders(editorRegistry));
}
