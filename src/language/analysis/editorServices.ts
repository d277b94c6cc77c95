// What the editor asks of the analyser (completion, hover, signature help, a notebook's
// diagnostics) over the Keras surface as declared, in one module: the extension host loads it
// when the first rnn cell needs it, so that this code (the Python parser most of all) is a bundle
// of its own rather than part of the one VS Code loads at every start.
import type { KerasRegistry } from '../host/registry';
import { notebookDiagnostics } from './cellDiagnostics';
import { completionsAt } from './completion';
import { declaredRegistry } from './declaredRegistry';
import { hoverAt } from './hover';
import { signatureHelpAt } from './signatureHelp';

export interface EditorServices {
  registry: KerasRegistry;
  completionsAt: typeof completionsAt;
  hoverAt: typeof hoverAt;
  signatureHelpAt: typeof signatureHelpAt;
  notebookDiagnostics: typeof notebookDiagnostics;
}

/** The services over the declared Keras surface (built once per call: the host keeps it). */
export function editorServices(): EditorServices {
  return { registry: declaredRegistry(), completionsAt, hoverAt, signatureHelpAt, notebookDiagnostics };
}
