// Hover text at a position: a keyword argument's parameter doc (`units=` in LSTM(units=3)),
// or the doc of the name under the cursor resolved through its dotted chain
// (`layers.LSTM`, `model.fit`, `datasets.sentiment`).
import { chainEndingAt, framesAt, innermostCall, nameAt, tokenize } from './cursor';
import { paramMarkdown, symbolMarkdown } from './describe';
import { EditorEnv, scopeAt } from './env';
import { callSignature } from './signatureHelp';

export interface HoverResult {
  /** Markdown. */
  readonly markdown: string;
  /** Offsets [from, to) of the word hovered. */
  readonly range: readonly [number, number];
}

export function hoverAt(env: EditorEnv, source: string, offset: number): HoverResult | undefined {
  const tokens = tokenize(source);
  const hit = nameAt(tokens, offset);
  if (!hit) return undefined;
  const { token, index } = hit;
  const range: [number, number] = [token.from, token.to];
  const scope = scopeAt(env, source, token.to);

  // `name=` inside a call's argument list is a keyword argument: show its parameter.
  const next = tokens[index + 1];
  if (next?.kind === 'op' && next.text === '=') {
    const frames = framesAt(tokens, token.from);
    const call = innermostCall(frames);
    if (call && frames[frames.length - 1] === call) {
      const signature = callSignature(scope, call);
      const param = signature?.params.find(p => p.name === token.text);
      if (param) return { markdown: `${paramMarkdown(param)}\n\n*argument of* \`${signature!.name}\``, range };
      return undefined;
    }
  }
  const chain = chainEndingAt(tokens, index);
  if (chain.length === 0) return undefined;
  const markdown = symbolMarkdown(scope.resolveChain(chain), chain.join('.'));
  return markdown ? { markdown, range } : undefined;
}
