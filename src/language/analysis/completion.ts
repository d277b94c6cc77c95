// What to offer at a cursor: members after a dot, keyword arguments at the start of a
// call's argument, string choices inside a string argument (activation='…'), module paths
// in imports, and otherwise every name the cell can see. VS Code filters by the typed prefix.
import type { Signature } from '..';
import { CursorContext, Frame, cursorContext, innermostCall } from './cursor';
import { isPositionalParam } from './calls';
import { firstSentence, paramDetail, paramMarkdown, signatureLabel, symbolMarkdown } from './describe';
import { EditorEnv, scopeAt } from './env';
import { activeParameter, callSignature } from './signatureHelp';
import { stringChoices } from './stringSuggestions';
import type { Scope } from './scope';
import type { EditorSymbol } from './staticValue';

export type CompletionKind = 'class' | 'function' | 'method' | 'module' | 'property' | 'variable' | 'keyword-argument' | 'value' | 'keyword';

export interface CompletionEntry {
  readonly label: string;
  readonly kind: CompletionKind;
  readonly detail?: string;
  /** Markdown. */
  readonly documentation?: string;
  /** Defaults to the label. */
  readonly insertText?: string;
  /** Sorts before the label when set (keyword arguments first inside a call). */
  readonly sortText?: string;
  /** Offsets [from, to) of the text the item replaces (the word typed so far). */
  readonly replace: readonly [number, number];
}

export function completionsAt(env: EditorEnv, source: string, offset: number): CompletionEntry[] {
  const context = cursorContext(source, offset);
  if (context.kind === 'none') return [];
  const scope = scopeAt(env, source, offset);
  const replace: [number, number] = [context.replaceFrom, offset];
  switch (context.kind) {
    case 'member': return memberCompletions(scope, context.object, replace);
    case 'string': return stringChoiceCompletions(scope, context.frames, context.inList, replace);
    case 'import': return importCompletions(scope, context, replace);
    case 'name': return nameCompletions(scope, context, replace);
  }
}

function memberCompletions(scope: Scope, object: readonly string[], replace: [number, number]): CompletionEntry[] {
  if (object.length === 0) return [];
  const owner = scope.resolveChain(object);
  return scope.memberNames(owner)
    .filter(name => !name.startsWith('_'))
    .map(name => symbolEntry(name, scope.member(owner, name), replace));
}

/** `activation='|'`, `loss="|"`, `metrics=['|`: the parameter's declared choices. */
function stringChoiceCompletions(scope: Scope, frames: readonly Frame[], inList: boolean, replace: [number, number]): CompletionEntry[] {
  // In a list, the call is the frame around the list: `metrics=[` belongs to compile(.
  const frame = inList ? callAround(frames) : frames[frames.length - 1];
  if (!frame || frame.bracket !== '(' || !frame.callee) return [];
  const signature = callSignature(scope, frame);
  const param = signature && activeParameter(signature, frame);
  const choices = param && stringChoices(param);
  if (!choices) return [];
  return choices.map((choice, i) => ({
    label: choice,
    kind: 'value' as const,
    detail: `${param.name} of ${signature.name}`,
    documentation: param.doc,
    sortText: String(i).padStart(3, '0'),
    replace,
  }));
}

/** The call frame directly around an innermost list: `f(x=[` → f's frame. */
function callAround(frames: readonly Frame[]): Frame | undefined {
  return frames.length >= 2 && frames[frames.length - 1].bracket === '[' ? frames[frames.length - 2] : undefined;
}

function nameCompletions(scope: Scope, context: Extract<CursorContext, { kind: 'name' }>, replace: [number, number]): CompletionEntry[] {
  const entries: CompletionEntry[] = [];
  const call = innermostCall(context.frames);
  const signature = call && callSignature(scope, call);
  const top = context.frames[context.frames.length - 1];
  if (signature && context.atArgumentStart) entries.push(...keywordArgumentCompletions(signature, call, replace));
  // `activation=|`: the quoted choices come first, then any name (a variable holding one).
  if (signature && top === call && call.keyword !== undefined) {
    const param = activeParameter(signature, call);
    const choices = param && stringChoices(param);
    if (choices) entries.push(...choices.map((choice, i) => ({
      label: `'${choice}'`, kind: 'value' as const, detail: `${param.name} of ${signature.name}`, documentation: param.doc,
      sortText: '0' + String(i).padStart(3, '0'), replace,
    })));
  }
  for (const [name, symbol] of scope.entries()) {
    if (name.startsWith('_')) continue;
    // Cell-defined names before the prelude's long list of Keras names, builtins last.
    const rank = scope.isPredefined(name) ? (symbol.kind === 'function' && symbol.builtin ? '3' : '2') : '1';
    entries.push({ ...symbolEntry(name, symbol, replace), sortText: rank + name });
  }
  for (const keyword of ['True', 'False', 'None']) entries.push({ label: keyword, kind: 'keyword', sortText: '4' + keyword, replace });
  if (context.statementStart) {
    for (const keyword of ['import', 'from', 'for', 'if', 'while', 'def']) entries.push({ label: keyword, kind: 'keyword', sortText: '4' + keyword, replace });
  }
  return entries;
}

/** `LSTM(|` → `units=`, `return_sequences=`…, skipping those already given and positional-only ones. */
function keywordArgumentCompletions(signature: Signature, call: Frame, replace: [number, number]): CompletionEntry[] {
  // The positional arguments before the cursor filled the first positional parameters.
  const positionalGiven = call.argIndex - call.usedKeywords.length;
  const filled = new Set(signature.params.filter(isPositionalParam).slice(0, positionalGiven).map(p => p.name));
  return signature.params
    .filter(p => p.kind !== 'var-positional' && p.kind !== 'var-keyword' && p.kind !== 'positional-only')
    .filter(p => !call.usedKeywords.includes(p.name) && !filled.has(p.name))
    .map((param, i) => ({
      label: `${param.name}=`,
      kind: 'keyword-argument' as const,
      detail: paramDetail(param),
      documentation: paramMarkdown(param),
      insertText: `${param.name}=`,
      // Declaration order, before every other name.
      sortText: '0' + String(i).padStart(3, '0'),
      replace,
    }));
}

function importCompletions(scope: Scope, context: Extract<CursorContext, { kind: 'import' }>, replace: [number, number]): CompletionEntry[] {
  const registry = scope.registry;
  if (context.module.includes('as') || context.module.includes('import')) return [];
  if (context.module.length === 0) {
    return context.afterImport ? [] : ['keras', 'tensorflow'].map(name => ({ label: name, kind: 'module' as const, replace }));
  }
  const path = context.module.join('.');
  if (!registry.isModule(path)) return [];
  const names = registry.memberNames(path).filter(name => !name.startsWith('_'));
  return names
    // `import keras.` takes modules only; `from keras.layers import` takes any name.
    .filter(name => context.afterImport || registry.isModule(`${path}.${name}`))
    .map(name => {
      const value = registry.resolve(`${path}.${name}`);
      return symbolEntry(name, value === undefined ? { kind: 'unknown' } : scope.member({ kind: 'module', path: registry.canonical(path) }, name), replace);
    });
}

function symbolEntry(name: string, symbol: EditorSymbol, replace: [number, number]): CompletionEntry {
  return {
    label: name,
    kind: completionKind(symbol),
    detail: symbolDetail(symbol, name),
    documentation: symbolMarkdown(symbol, name),
    replace,
  };
}

function completionKind(symbol: EditorSymbol): CompletionKind {
  switch (symbol.kind) {
    case 'class': return 'class';
    case 'function': return 'function';
    case 'method': return 'method';
    case 'module': return 'module';
    case 'attribute': return 'property';
    case 'unavailable': return 'class';
    default: return 'variable';
  }
}

/** One line: the signature for callables, the class for instances. */
function symbolDetail(symbol: EditorSymbol, name: string): string | undefined {
  switch (symbol.kind) {
    case 'class': return signatureLabel(symbol.hostClass.signature ?? { name, params: [] }, name).label;
    case 'function': return symbol.signature ? signatureLabel(symbol.signature, name).label : undefined;
    case 'method': return signatureLabel(symbol.signature, name).label;
    case 'instance': return symbol.hostClass.name;
    case 'attribute': return symbol.type ?? firstSentence(symbol.doc);
    case 'module': return `module ${symbol.path}`;
    case 'unavailable': return 'not available yet';
    default: return undefined;
  }
}

