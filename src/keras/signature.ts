// The shape of a declared signature (parameters with defaults, accepted types and docs) and the
// shorthand Keras declarations use. Pure data: the language binds arguments against it, the
// editor completes and documents from it, the kernel attaches implementations to it.

/** A declaration's default value: Keras defaults are Python literals (int as bigint). */
export type Primitive = null | boolean | bigint | number | string;

export type ParamKind = 'positional-only' | 'positional-or-keyword' | 'keyword-only' | 'var-positional' | 'var-keyword';

/**
 * A type a parameter accepts: a builtin type name, or the Python-visible name of a host
 * class (a subclass matches too). 'float' accepts ints, 'int' accepts bools, as Python does.
 */
export type ParamType =
  | 'int' | 'float' | 'str' | 'bool' | 'None' | 'list' | 'tuple' | 'dict' | 'callable' | 'any'
  | (string & { readonly hostClassName?: never });

/**
 * One parameter. `Default` is generic because the language declares a few builtins whose
 * default is a sentinel object; every Keras declaration needs only primitives.
 */
export interface Param<Default = Primitive> {
  readonly name: string;
  /** Default 'positional-or-keyword'. */
  readonly kind?: ParamKind;
  /** Present means optional: the value used when the argument is not given. */
  readonly default?: Default;
  /** Accepted types; omitted means any. */
  readonly types?: readonly ParamType[];
  /** For string options (activation='tanh'): the accepted values, checked with "did you mean". */
  readonly choices?: readonly string[];
  readonly doc?: string;
}

export interface Signature<Default = Primitive> {
  /** How errors name the callable: 'LSTM', 'print', 'Sequential.fit'. */
  readonly name: string;
  readonly params: readonly Param<Default>[];
  readonly doc?: string;
}

/** A required parameter. */
export function req(name: string, types: readonly ParamType[] | undefined, doc: string, choices?: readonly string[]): Param {
  return choices ? { name, types, doc, choices } : { name, types, doc };
}

/** An optional parameter with its default. */
export function opt(name: string, defaultValue: Primitive, types: readonly ParamType[] | undefined, doc: string, choices?: readonly string[]): Param {
  return { name, default: defaultValue, types, doc, choices };
}

export const NAME = opt('name', null, ['str', 'None'], 'The layer name; unique in a model (default: the class name in snake case, numbered).');
export const INPUT_SHAPE = opt('input_shape', null, ['tuple', 'list', 'None'], 'Per-sample input shape of the first layer, e.g. (None, 8); None marks a variable length.');
