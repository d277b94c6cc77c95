// Shorthand for declaring Keras signatures: every parameter with its default, accepted types
// and a one-line doc, which binding errors, completion and hover all read.
import type { Param, ParamType, Value } from '../../language';

export function req(name: string, types: readonly ParamType[] | undefined, doc: string): Param {
  return { name, types, doc };
}

export function opt(name: string, defaultValue: Value, types: readonly ParamType[] | undefined, doc: string, choices?: readonly string[]): Param {
  return { name, default: defaultValue, types, doc, choices };
}

export const NAME = opt('name', null, ['str', 'None'], 'The layer name; unique in a model (default: the class name in snake case, numbered).');
export const INPUT_SHAPE = opt('input_shape', null, ['tuple', 'list', 'None'], 'Per-sample input shape of the first layer, e.g. (None, 8); None marks a variable length.');
