// Declared signatures for everything callable from a cell (builtins, Keras classes and
// functions, methods). Arguments are bound and checked here, in one place, with
// Python's messages; the static checker reads the same declarations.
import { PyException } from '../errors';
import { closest } from '../suggest';
import { repr } from '../values/repr';
import { PyDict, PyObject, PyTuple, Value, typeName } from '../values/types';

import type { Param as KerasParam, ParamKind, ParamType, Signature as KerasSignature } from '../../keras/signature';


/** A parameter as the language binds it: a Keras declaration, or a builtin's (whose default may be any value). */
export type Param = KerasParam<Value>;
export type Signature = KerasSignature<Value>;

/** Bound arguments by parameter name; *args is a PyTuple, **kwargs a PyDict. */
export type BoundArgs = Readonly<Record<string, Value>>;

export function isOptional(p: Param): boolean {
  return 'default' in p || p.kind === 'var-positional' || p.kind === 'var-keyword';
}

function kindOf(p: Param): ParamKind {
  return p.kind ?? 'positional-or-keyword';
}

/** Whether `value` is one of `types` (host classes matched by name along their bases). */
function matchesType(value: Value, type: ParamType): boolean {
  switch (type) {
    case 'any': return true;
    case 'int': return typeof value === 'bigint' || typeof value === 'boolean';
    case 'float': return typeof value === 'number' || typeof value === 'bigint' || typeof value === 'boolean';
    case 'str': return typeof value === 'string';
    case 'bool': return typeof value === 'boolean';
    case 'None': return value === null;
    case 'callable': return value instanceof PyObject && 'call' in value && typeof (value as { call: unknown }).call === 'function';
    default: {
      if (!(value instanceof PyObject)) return false;
      const names = (value as { typeNames?: () => string[] }).typeNames?.() ?? [value.typeName];
      return names.includes(type);
    }
  }
}

function describeTypes(types: readonly ParamType[]): string {
  return types.length <= 2 ? types.join(' or ') : types.slice(0, -1).join(', ') + ' or ' + types[types.length - 1];
}

/** Checks one argument against its declared types and choices. */
export function checkArgument(signature: Signature, param: Param, value: Value): void {
  if (param.types && !param.types.some(t => matchesType(value, t))) {
    throw new PyException('TypeError', `${signature.name}() argument '${param.name}' must be ${describeTypes(param.types)}, not ${typeName(value)}`);
  }
  if (param.choices && typeof value === 'string' && !param.choices.includes(value)) {
    const guess = closest(value, param.choices);
    const hint = guess ? `. Did you mean '${guess}'?` : ` (one of ${param.choices.map(c => repr(c)).join(', ')})`;
    throw new PyException('ValueError', `${signature.name}() got an unknown ${param.name} ${repr(value)}${hint}`);
  }
}

export function unexpectedKeywordMessage(signature: Signature, keyword: string): string {
  const names = signature.params.filter(p => kindOf(p) !== 'positional-only' && kindOf(p) !== 'var-positional' && kindOf(p) !== 'var-keyword').map(p => p.name);
  const guess = closest(keyword, names);
  return `${signature.name}() got an unexpected keyword argument '${keyword}'` + (guess ? `. Did you mean '${guess}'?` : '');
}

/** Binds call arguments to a signature like Python does; throws TypeError/ValueError. */
export function bindArguments(signature: Signature, args: readonly Value[], kwargs: ReadonlyMap<string, Value>): BoundArgs {
  const bound = Object.create(null) as Record<string, Value>;
  const positional = signature.params.filter(p => kindOf(p) === 'positional-only' || kindOf(p) === 'positional-or-keyword');
  const varPositional = signature.params.find(p => kindOf(p) === 'var-positional');
  const varKeyword = signature.params.find(p => kindOf(p) === 'var-keyword');

  if (args.length > positional.length && !varPositional) {
    const required = positional.filter(p => !isOptional(p)).length;
    const takes = required === positional.length ? `${positional.length}` : `from ${required} to ${positional.length}`;
    const plural = positional.length === 1 && required === positional.length ? 'argument' : 'arguments';
    throw new PyException('TypeError', `${signature.name}() takes ${takes} positional ${plural} but ${args.length} ${args.length === 1 ? 'was' : 'were'} given`);
  }
  positional.forEach((p, i) => {
    if (i < args.length) bound[p.name] = args[i];
  });
  if (varPositional) bound[varPositional.name] = new PyTuple(args.slice(positional.length));

  const extra = new PyDict();
  for (const [keyword, value] of kwargs) {
    const param = signature.params.find(p => p.name === keyword && kindOf(p) !== 'var-positional' && kindOf(p) !== 'var-keyword');
    if (!param || kindOf(param) === 'positional-only') {
      if (varKeyword) {
        extra.set(keyword, value);
        continue;
      }
      if (param) throw new PyException('TypeError', `${signature.name}() got some positional-only arguments passed as keyword arguments: '${keyword}'`);
      throw new PyException('TypeError', unexpectedKeywordMessage(signature, keyword));
    }
    if (keyword in bound) throw new PyException('TypeError', `${signature.name}() got multiple values for argument '${keyword}'`);
    bound[keyword] = value;
  }
  if (varKeyword) bound[varKeyword.name] = extra;

  for (const p of signature.params) {
    if (p.name in bound) {
      if (kindOf(p) !== 'var-positional' && kindOf(p) !== 'var-keyword') checkArgument(signature, p, bound[p.name]);
      continue;
    }
    if (!isOptional(p)) throw new PyException('TypeError', `${signature.name}() missing required argument '${p.name}'`);
    bound[p.name] = p.default ?? null;
  }
  return bound;
}
