// The Python builtins an rnn cell can call, as declarations: each one's signature (name,
// parameters, doc) as data, which the editor reads without the implementations; the
// interpreter attaches one implementation per declared builtin (src/language/interp/builtins.ts).
import type { MemberDecl } from '../host/declared';
import type { Param, Signature } from '../host/signature';
import type { Value } from '../values/types';

/** The default of a parameter that may be left out but has no Python value (min's default, list's iterable). */
export const NO_VALUE = Symbol('no value') as unknown as Value;

const only = (name: string, extra: Partial<Param> = {}): Param => ({ name, kind: 'positional-only', ...extra });
const star = (name: string): Param => ({ name, kind: 'var-positional' });
const kw = (name: string, extra: Partial<Param> = {}): Param => ({ name, kind: 'keyword-only', ...extra });

const SIGNATURES: readonly Signature[] = [
  { name: 'print', params: [star('values'), kw('sep', { default: ' ', types: ['str', 'None'] }), kw('end', { default: '\n', types: ['str', 'None'] })], doc: 'Prints the values, separated by sep and followed by end.' },
  { name: 'len', params: [only('obj')], doc: 'The number of items of a container.' },
  { name: 'range', params: [only('start'), only('stop', { default: null }), only('step', { default: 1n })], doc: 'range(stop) or range(start, stop[, step]): a lazy sequence of ints.' },
  { name: 'min', params: [star('args'), kw('key', { default: null }), kw('default', { default: NO_VALUE })], doc: 'The smallest item.' },
  { name: 'max', params: [star('args'), kw('key', { default: null }), kw('default', { default: NO_VALUE })], doc: 'The largest item.' },
  { name: 'sum', params: [only('iterable'), { name: 'start', default: 0n }], doc: 'The sum of the items, plus start.' },
  { name: 'abs', params: [only('x')], doc: 'The absolute value.' },
  { name: 'round', params: [{ name: 'number' }, { name: 'ndigits', default: null, types: ['int', 'None'] }], doc: 'Rounds half to even, like Python.' },
  { name: 'int', params: [only('x', { default: 0n })], doc: 'Converts to an int (truncating floats).' },
  { name: 'float', params: [only('x', { default: 0 })], doc: 'Converts to a float.' },
  { name: 'str', params: [{ name: 'object', default: '' }], doc: 'The text of a value.' },
  { name: 'repr', params: [only('obj')], doc: 'The Python representation of a value.' },
  { name: 'bool', params: [only('x', { default: false })], doc: 'The truth value.' },
  { name: 'format', params: [only('value'), only('format_spec', { default: '', types: ['str'] })], doc: 'format(value, spec).' },
  { name: 'list', params: [only('iterable', { default: NO_VALUE })], doc: 'A new list.' },
  { name: 'tuple', params: [only('iterable', { default: NO_VALUE })], doc: 'A new tuple.' },
  { name: 'dict', params: [only('mapping', { default: NO_VALUE }), { name: 'kwargs', kind: 'var-keyword' }], doc: 'A new dict.' },
  { name: 'zip', params: [star('iterables')], doc: 'Tuples of the i-th items of each iterable (lazy).' },
  { name: 'enumerate', params: [{ name: 'iterable' }, { name: 'start', default: 0n, types: ['int'] }], doc: '(index, item) pairs (lazy).' },
  { name: 'reversed', params: [only('sequence')], doc: 'The items in reverse order.' },
  { name: 'sorted', params: [only('iterable'), kw('key', { default: null }), kw('reverse', { default: false, types: ['bool', 'int'] })], doc: 'A new sorted list.' },
  { name: 'any', params: [only('iterable')], doc: 'True if any item is true.' },
  { name: 'all', params: [only('iterable')], doc: 'True if every item is true.' },
  { name: 'map', params: [only('function', { types: ['callable'] }), star('iterables')], doc: 'function(item, …) for the items of the iterables, in step (lazy).' },
  { name: 'filter', params: [only('function'), only('iterable')], doc: 'The items for which function(item) is true; with None, the true items (lazy).' },
  { name: 'next', params: [only('iterator'), only('default', { default: NO_VALUE })], doc: 'The next item of an iterator.' },
  { name: 'iter', params: [only('iterable')], doc: 'An iterator over the items.' },
  { name: 'set', params: [only('iterable', { default: NO_VALUE })], doc: 'A new set.' },
  { name: 'divmod', params: [only('x'), only('y')], doc: '(x // y, x % y).' },
  { name: 'isinstance', params: [only('obj'), only('class_or_tuple')], doc: 'Whether obj is an instance of the class (or of one of a tuple of classes).' },
  { name: 'callable', params: [only('obj')], doc: 'Whether obj can be called.' },
  { name: 'chr', params: [only('i', { types: ['int'] })], doc: 'The character with this Unicode code point.' },
  { name: 'ord', params: [only('c', { types: ['str'] })], doc: 'The Unicode code point of a one-character string.' },
];

/** Every builtin, by name (its path: builtins live in no module). */
export const BUILTIN_DECLARATIONS: readonly MemberDecl[] = SIGNATURES.map(signature => ({ path: signature.name, signature, builtin: true }));
