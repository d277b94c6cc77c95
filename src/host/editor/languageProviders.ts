// Completion, hover and signature help for rnn cells: thin adapters from VS Code positions
// to the pure functions (completion.ts, hover.ts, signatureHelp.ts) and back.
import * as vscode from 'vscode';
import type { CompletionEntry, CompletionKind } from '../../language/analysis/completion';
import type { EditorEnv } from '../../language/analysis/env';
import type { EditorServices } from '../../language/analysis/editorServices';
import type { ServicesSource } from './index';
import { RNN_LANGUAGE, RNN_SELECTOR, sourcesAbove } from './notebookCells';

function envFor(document: vscode.TextDocument, services: EditorServices): EditorEnv {
  return { registry: services.registry, cellsAbove: sourcesAbove(document) };
}

/** rnn cells in Unroll and Jupyter notebooks, and plain .rnn files. */
const SELECTOR: vscode.DocumentSelector = [...RNN_SELECTOR, { language: RNN_LANGUAGE, scheme: 'file' }, { language: RNN_LANGUAGE, scheme: 'untitled' }];

export function registerLanguageProviders(services: ServicesSource): vscode.Disposable {
  return vscode.Disposable.from(
    vscode.languages.registerCompletionItemProvider(SELECTOR, new RnnCompletionProvider(services), '.', '(', ',', '\'', '"', '=', '['),
    vscode.languages.registerHoverProvider(SELECTOR, new RnnHoverProvider(services)),
    vscode.languages.registerSignatureHelpProvider(SELECTOR, new RnnSignatureHelpProvider(services), { triggerCharacters: ['(', ','], retriggerCharacters: ['='] }),
  );
}

class RnnCompletionProvider implements vscode.CompletionItemProvider {
  constructor(private readonly services: ServicesSource) {}

  async provideCompletionItems(document: vscode.TextDocument, position: vscode.Position): Promise<vscode.CompletionItem[]> {
    const s = await this.services();
    const entries = s.completionsAt(envFor(document, s), document.getText(), document.offsetAt(position));
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
  constructor(private readonly services: ServicesSource) {}

  async provideHover(document: vscode.TextDocument, position: vscode.Position): Promise<vscode.Hover | undefined> {
    const s = await this.services();
    const hover = s.hoverAt(envFor(document, s), document.getText(), document.offsetAt(position));
    if (!hover) return undefined;
    const range = new vscode.Range(document.positionAt(hover.range[0]), document.positionAt(hover.range[1]));
    return new vscode.Hover(new vscode.MarkdownString(hover.markdown), range);
  }
}

class RnnSignatureHelpProvider implements vscode.SignatureHelpProvider {
  constructor(private readonly services: ServicesSource) {}

  async provideSignatureHelp(document: vscode.TextDocument, position: vscode.Position): Promise<vscode.SignatureHelp | undefined> {
    const s = await this.services();
    const found = s.signatureHelpAt(envFor(document, s), document.getText(), document.offsetAt(position));
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
