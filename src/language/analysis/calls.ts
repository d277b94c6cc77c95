// Calls against declared signatures: keyword names, the number of positional arguments,
// required arguments, and literal arguments of the wrong declared type (certain to fail, so
// said now); and the binding of argument values to parameter names that the shape rules read.
import type * as ast from '../ast';
import { PyException } from '../errors';
import { Param, Signature, checkArgument, isOptional, unexpectedKeywordMessage } from '../host/signature';
import type { Span } from '../source';
import { PyDict, PyList, PyTuple, Value } from '../values/types';
import type { WalkContext } from './context';
import type { StaticValue } from './staticValue';

export type ArgValues = { arg: ast.Argument; value: StaticValue }[];

export function isPositionalParam(p: Param): boolean {
  return p.kind === undefined || p.kind === 'positional-only' || p.kind === 'positional-or-keyword';
}

/** The parameter a keyword argument names, as Python's binding finds it. */
function keywordParam(signature: Signature, name: string): Param | undefined {
  return signature.params.find(p => p.name === name && p.kind !== 'var-positional' && p.kind !== 'var-keyword' && p.kind !== 'positional-only');
}

export function checkArguments(context: WalkContext, signature: Signature, call: ast.CallExpr): void {
  const params = signature.params;
  const positional = params.filter(isPositionalParam);
  const hasVarPositional = params.some(p => p.kind === 'var-positional');
  const hasVarKeyword = params.some(p => p.kind === 'var-keyword');
  const spreads = call.args.some(a => a.kind === 'star' || a.kind === 'doublestar');
  const given = new Set<string>();
  let unknownKeyword = false;
  let index = 0;
  for (const arg of call.args) {
    if (arg.kind === 'positional') {
      const param = positional[index++];
      if (param) {
        given.add(param.name);
        checkLiteral(context, signature, param, arg.value);
      } else if (!hasVarPositional && !spreads) {
        context.report(arg.span, 'TypeError', `${signature.name}() takes ${positional.length} positional argument${positional.length === 1 ? '' : 's'} but ${call.args.filter(a => a.kind === 'positional').length} were given`);
        return;
      }
    } else if (arg.kind === 'keyword') {
      const param = keywordParam(signature, arg.name);
      if (!param) {
        if (!hasVarKeyword) context.report(arg.nameSpan, 'TypeError', unexpectedKeywordMessage(signature, arg.name));
        unknownKeyword = true;
        continue;
      }
      given.add(param.name);
      checkLiteral(context, signature, param, arg.value);
    }
  }
  // Python reports the unexpected keyword, not the parameter it was probably meant for.
  if (spreads || unknownKeyword) return;
  const missing = params.find(p => !isOptional(p) && !given.has(p.name));
  if (missing) context.report(call.span, 'TypeError', `${signature.name}() missing required argument '${missing.name}'`);
}

/** A literal argument of the wrong declared type is certain to fail: say so now. */
function checkLiteral(context: WalkContext, signature: Signature, param: Param, value: ast.Expr): void {
  const literal = literalValue(value);
  if (literal === undefined) return;
  try {
    checkArgument(signature, param, literal);
  } catch (e) {
    if (!(e instanceof PyException)) throw e;
    context.report(value.span, e.errorName, e.message);
  }
}

/** The value of a literal expression, or undefined when it is not a plain literal. */
function literalValue(e: ast.Expr): Value | undefined {
  switch (e.kind) {
    case 'int': case 'float': case 'str': case 'const': return e.value;
    case 'fstring': return '';
    case 'unary': {
      const inner = literalValue(e.operand);
      if (e.op === '-' && typeof inner === 'bigint') return -inner;
      if (e.op === '-' && typeof inner === 'number') return -inner;
      return undefined;
    }
    case 'list': return new PyList([]);
    case 'tuple': return new PyTuple([]);
    case 'dict': return new PyDict();
    default: return undefined;
  }
}

export type BoundArguments = Map<string, { value: StaticValue; span: Span }>;

/** Binds call arguments to a signature's parameters by name; undefined when they do not fit. */
export function bindArguments(signature: Signature | undefined, args: ArgValues): BoundArguments | undefined {
  if (!signature) return undefined;
  const positional = signature.params.filter(isPositionalParam);
  const out: BoundArguments = new Map();
  let index = 0;
  for (const { arg, value } of args) {
    if (arg.kind === 'positional') {
      const param = positional[index++];
      if (!param) return undefined;
      out.set(param.name, { value, span: arg.value.span });
    } else if (arg.kind === 'keyword') {
      const param = keywordParam(signature, arg.name);
      if (!param || out.has(param.name)) return undefined;
      out.set(param.name, { value, span: arg.value.span });
    } else return undefined;
  }
  return out;
}
