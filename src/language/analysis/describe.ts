// Text shown for symbols and parameters: signature labels (with each parameter's span, so
// signature help can underline it) and the Markdown of hovers and completion docs.
import { repr } from '../values/repr';
import type { Param, Signature } from '..';
import type { EditorSymbol } from './staticValue';

export interface SignatureLabel {
  readonly label: string;
  /** [start, end) of each parameter in `label`, in signature.params order. */
  readonly paramSpans: readonly (readonly [number, number])[];
}

/** Python-style: `LSTM(units, activation='tanh', *, name=None, **kwargs)`. */
export function signatureLabel(signature: Signature, displayName = signature.name): SignatureLabel {
  let label = displayName + '(';
  const spans: [number, number][] = [];
  let sawKeywordOnlyMarker = false;
  signature.params.forEach((param, i) => {
    if (i > 0) label += ', ';
    if (param.kind === 'keyword-only' && !sawKeywordOnlyMarker && !signature.params.some(q => q.kind === 'var-positional')) {
      label += '*, ';
      sawKeywordOnlyMarker = true;
    }
    const start = label.length;
    label += paramText(param);
    spans.push([start, label.length]);
    const next = signature.params[i + 1];
    if (param.kind === 'positional-only' && next?.kind !== 'positional-only') label += ', /';
  });
  return { label: label + ')', paramSpans: spans };
}

function paramText(param: Param): string {
  if (param.kind === 'var-positional') return '*' + param.name;
  if (param.kind === 'var-keyword') return '**' + param.name;
  return 'default' in param ? `${param.name}=${defaultText(param)}` : param.name;
}

/** A default's repr; a host sentinel (min's "no default") shows as Python's `...`. */
function defaultText(param: Param): string {
  const value = param.default ?? null;
  return typeof value === 'symbol' ? '...' : repr(value);
}

/** The Markdown documentation of one parameter. */
export function paramMarkdown(param: Param): string {
  const lines = [codeBlock(`(parameter) ${paramText(param)}`)];
  if (param.doc) lines.push(param.doc);
  const facts: string[] = [];
  if (param.types?.length) facts.push(`Type: ${param.types.map(t => `\`${t}\``).join(' | ')}`);
  if ('default' in param) facts.push(`Default: \`${defaultText(param)}\``);
  else if (param.kind !== 'var-positional' && param.kind !== 'var-keyword') facts.push('Required');
  if (param.choices?.length) facts.push(`One of: ${param.choices.map(c => `\`'${c}'\``).join(', ')}`);
  if (facts.length) lines.push(facts.join('  \n'));
  return lines.join('\n\n');
}

/** A one-line summary for a completion item's detail. */
export function paramDetail(param: Param): string {
  const type = param.types?.length ? param.types.join(' | ') : '';
  const value = 'default' in param ? `default ${defaultText(param)}` : 'required';
  return [type, value].filter(Boolean).join(', ');
}

function codeBlock(code: string): string {
  return '```python\n' + code + '\n```';
}

/** The first sentence of a doc, for completion details. */
export function firstSentence(doc: string | undefined): string {
  if (!doc) return '';
  const m = /^(.*?[.!?])(\s|$)/s.exec(doc);
  return (m ? m[1] : doc).split('\n')[0];
}

/** Hover/completion Markdown for a symbol; `name` is how the user wrote it. */
export function symbolMarkdown(symbol: EditorSymbol, name: string): string | undefined {
  switch (symbol.kind) {
    case 'class': {
      const cls = symbol.hostClass;
      const signature = cls.signature ?? { name: cls.name, params: [] };
      const where = cls.spec.module ? `*class* \`${cls.spec.module}.${cls.name}\`` : '*class*';
      return [codeBlock(signatureLabel(signature, cls.name).label), where, cls.spec.doc ?? signature.doc].filter(Boolean).join('\n\n');
    }
    case 'function':
      if (!symbol.signature) return codeBlock(`${name}(…)`);
      return [codeBlock(signatureLabel(symbol.signature, symbol.name).label), symbol.builtin ? '*built-in function*' : '', symbol.signature.doc].filter(Boolean).join('\n\n');
    case 'method':
      return [codeBlock(signatureLabel(symbol.signature, `${symbol.owner.name}.${symbol.name}`).label), symbol.signature.doc].filter(Boolean).join('\n\n');
    case 'attribute':
      return [codeBlock(`(attribute) ${symbol.owner.name}.${symbol.name}${symbol.type ? ': ' + symbol.type : ''}`), symbol.doc].filter(Boolean).join('\n\n');
    case 'instance':
      return [codeBlock(`${name}: ${symbol.hostClass.name}`), symbol.hostClass.spec.doc].filter(Boolean).join('\n\n');
    case 'module':
      return codeBlock(`module ${symbol.path}`);
    case 'unavailable': {
      const short = symbol.path.slice(symbol.path.lastIndexOf('.') + 1);
      return `${codeBlock(short)}\n\n\`${symbol.path}\` is a Keras name this version of Unroll does not have yet; using it raises NotImplementedError.`;
    }
    case 'unknown':
      return undefined;
  }
}
