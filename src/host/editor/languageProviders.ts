// Completion, hover and signature help for rnn cells: thin adapters from VS Code positions
// to the pure functions (completion.ts, hover.ts, signatureHelp.ts) and back.
import * as vscode from 'vscode';
import type { KerasRegistry } from '../../language';
import { CompletionEntry, CompletionKind, completionsAt } from '../../language/analysis/completion';
import { EditorEnv } from '../../language/analysis/env';
import { hoverAt } from '../../language/analysis/hover';
import { RNN_LANGUAGE, RNN_SELECTOR, sourcesAbove } from './notebookCells';
import { signatureHelpAt } from '../../language/analysis/signatureHelp';

type RegistrySource = () => KerasRegistry;

function envFor(document: vscode.TextDocument, registry: RegistrySource): EditorEnv {
  return { registry: registry(), cellsAbove: sourcesAbove(document) };
}

/** rnn cells in Unroll and Jupyter notebooks, and plain .rnn files. */
const SELECTOR: vscode.DocumentSelector = [...RNN_SELECTOR, { language: RNN_LANGUAGE, scheme: 'file' }, { language: RNN_LANGUAGE, scheme: 'untitled' }];

export function registerLanguageProviders(registry: RegistrySource): vscode.Disposable {
  return vscode.Disposable.from(
    vscode.languages.registerCompletionItemProvider(SELECTOR, new RnnCompletionProvider(registry), '.', '(', ',', '\'', '"', '=', '['),
    vscode.languages.registerHoverProvider(SELECTOR, new RnnHoverProvider(registry)),
    vscode.languages.registerSignatureHelpProvider(SELECTOR, new RnnSignatureHelpProvider(registry), { triggerCharacters: ['(', ','], retriggerCharacters: ['='] }),
  );
}

class RnnCompletionProvider implements vscode.CompletionItemProvider {
  constructor(private readonly registry: RegistrySource) {}

  provideCompletionItems(document: vscode.TextDocument, position: vscode.Position): vscode.CompletionItem[] {
    const entries = completionsAt(envFor(document, this.registry), document.getText(), document.offsetAt(position));
    return entries.map(entry => toCompletionItem(document, entry));
  }
}

function toCompletionItem(document: vscode.TextDocument, entry: CompletionEntry): vscode.CompletionItem {
  const item = new vscode.CompletionItem(entry.label, COMPLETION_KINDS[entry.kind]);
  item.detail = entry.detail;
  if (entry.documentation) item.documentation = new vscode.MarkdownString(entry.documentation);
  item.insertText = entry.insertText ?? entry.label;
  item.sortText = entry.sortText;
  item.range = new vscode.Range(document.positionAt(entry.replace[0]), document.positionAt(entry.replace[1]));
  // Typing `units=` should not require deleting the `=` VS Code would otherwise filter on.
  if (entry.kind === 'keyword-argument') item.filterText = entry.label.slice(0, -1);
  return item;
}

const COMPLETION_KINDS: Record<CompletionKind, vscode.CompletionItemKind> = {
  'class': vscode.CompletionItemKind.Class,
  'function': vscode.CompletionItemKind.Function,
  'method': vscode.CompletionItemKind.Method,
  'module': vscode.CompletionItemKind.Module,
  'property': vscode.CompletionItemKind.Property,
  'variable': vscode.CompletionItemKind.Variable,
  'keyword-argument': vscode.CompletionItemKind.Field,
  'value': vscode.CompletionItemKind.EnumMember,
  'keyword': vscode.CompletionItemKind.Keyword,
};

class RnnHoverProvider implements vscode.HoverProvider {
  constructor(private readonly registry: RegistrySource) {}

  provideHover(document: vscode.TextDocument, position: vscode.Position): vscode.Hover | undefined {
    const hover = hoverAt(envFor(document, this.registry), document.getText(), document.offsetAt(position));
    if (!hover) return undefined;
    const range = new vscode.Range(document.positionAt(hover.range[0]), document.positionAt(hover.range[1]));
    return new vscode.Hover(new vscode.MarkdownString(hover.markdown), range);
  }
}

class RnnSignatureHelpProvider implements vscode.SignatureHelpProvider {
  constructor(private readonly registry: RegistrySource) {}

  provideSignatureHelp(document: vscode.TextDocument, position: vscode.Position): vscode.SignatureHelp | undefined {
    const found = signatureHelpAt(envFor(document, this.registry), document.getText(), document.offsetAt(position));
    if (!found) return undefined;
    const signature = new vscode.SignatureInformation(found.label, found.doc ? new vscode.MarkdownString(found.doc) : undefined);
    signature.parameters = found.params.map(p => new vscode.ParameterInformation([p.span[0], p.span[1]], p.doc ? new vscode.MarkdownString(p.doc) : undefined));
    signature.activeParameter = found.activeParameter;
    const help = new vscode.SignatureHelp();
    help.signatures = [signature];
    help.activeSignature = 0;
    help.activeParameter = found.activeParameter;
    return help;
  }
}
