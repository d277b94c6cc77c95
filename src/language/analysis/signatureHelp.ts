// Signature help: the call around the cursor, its signature and the active parameter
// (by keyword when the argument has one, else by position), as VS Code shows it.
import type { Param, Signature } from '..';
import { Frame, framesAt, inComment, innermostCall, tokenize } from './cursor';
import { isPositionalParam } from './calls';
import { signatureLabel } from './describe';
import { EditorEnv, scopeAt } from './env';
import type { Scope } from './scope';
import { signatureOf } from './staticValue';

export interface SignatureHelpResult {
  readonly label: string;
  readonly doc?: string;
  readonly params: readonly { readonly span: readonly [number, number]; readonly name: string; readonly doc?: string }[];
  /** Index into params; -1 when the argument matches no parameter. */
  readonly activeParameter: number;
}

export function signatureHelpAt(env: EditorEnv, source: string, offset: number): SignatureHelpResult | undefined {
  if (inComment(source.slice(0, offset))) return undefined;
  const frame = innermostCall(framesAt(tokenize(source.slice(0, offset)), offset));
  if (!frame) return undefined;
  const scope = scopeAt(env, source, offset);
  const signature = callSignature(scope, frame);
  if (!signature) return undefined;
  const displayName = frame.callee!.join('.');
  const { label, paramSpans } = signatureLabel(signature, displayName);
  return {
    label,
    doc: signature.doc,
    params: signature.params.map((param, i) => ({ span: paramSpans[i], name: param.name, doc: param.doc })),
    activeParameter: activeParameterIndex(signature, frame),
  };
}

/** The signature of the function, class or method a call frame calls. */
export function callSignature(scope: Scope, frame: Frame): Signature | undefined {
  return frame.callee ? signatureOf(scope.resolveChain(frame.callee)) : undefined;
}

/** The parameter the current argument binds to, as Python's binding would decide. */
function activeParameterIndex(signature: Signature, frame: Frame): number {
  const params = signature.params;
  if (frame.keyword !== undefined) {
    const byName = params.findIndex(p => p.name === frame.keyword && p.kind !== 'var-positional' && p.kind !== 'var-keyword' && p.kind !== 'positional-only');
    return byName >= 0 ? byName : params.findIndex(p => p.kind === 'var-keyword');
  }
  // A positional argument: count positional arguments before this one (keywords do not shift).
  const positionalIndex = frame.argIndex - frame.usedKeywords.length;
  const positional = params.map((p, i) => ({ p, i })).filter(({ p }) => isPositionalParam(p));
  if (positionalIndex < positional.length) return positional[positionalIndex].i;
  return params.findIndex(p => p.kind === 'var-positional');
}

/** The parameter a frame's current argument is for, or undefined. */
export function activeParameter(signature: Signature, frame: Frame): Param | undefined {
  const index = activeParameterIndex(signature, frame);
  return index >= 0 ? signature.params[index] : undefined;
}
