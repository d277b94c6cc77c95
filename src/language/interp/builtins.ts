// The Python builtins an rnn cell can call. Each is a PyFunction with a declared
// signature, so calls are bound and checked like every host call.
import { PyException } from '../errors';
import { CallContext, HostClass, HostObject, PyCallable, PyFunction } from '../host/objects';
import { BoundArgs, Param, Signature } from '../host/signature';
import { binaryOp, intToFloat } from '../values/arithmetic';
import { lessThan } from '../values/compare';
import { roundFloat } from '../values/floats';
import { formatValue } from '../values/format';
import { MAX_INT_STR_DIGITS } from '../values/limits';
import { iterate, len, truthy } from '../values/protocols';
import { repr, str } from '../values/repr';
import { PyDict, PyIterator, PyList, PyRange, PySet, PyTuple, Value, isInt, typeName } from '../values/types';
import { collect } from './collect';
import { sortValues } from './methods';

const only = (name: string, extra: Partial<Param> = {}): Param => ({ name, kind: 'positional-only', ...extra });
const star = (name: string): Param => ({ name, kind: 'var-positional' });
const kw = (name: string, extra: Partial<Param> = {}): Param => ({ name, kind: 'keyword-only', ...extra });

function builtin(signature: Signature, impl: (args: BoundArgs, ctx: CallContext) => Value): [string, PyFunction] {
  return [signature.name, new PyFunction(signature, impl, 'builtin')];
}

function asIndex(v: Value): bigint {
  if (typeof v === 'boolean') return BigInt(v);
  if (typeof v === 'bigint') return v;
  throw new PyException('TypeError', `'${typeName(v)}' object cannot be interpreted as an integer`);
}

function callWith(f: PyCallable, ctx: CallContext, ...args: Value[]): Value {
  return f.call(args, new Map(), ctx);
}

/** min()/max(): one iterable or several arguments, optional key and default. */
function extreme(name: 'min' | 'max', a: BoundArgs, ctx: CallContext): Value {
  const given = (a.args as PyTuple).items;
  if (given.length === 0) throw new PyException('TypeError', `${name} expected at least 1 argument, got 0`);
  const items = given.length === 1 ? collect(given[0]) : [...given];
  if (!items.length) {
    if (a.default !== undefined && a.default !== NO_VALUE) return a.default;
    throw new PyException('ValueError', `${name}() iterable argument is empty`);
  }
  const key = (v: Value) => (a.key instanceof PyCallable ? callWith(a.key, ctx, v) : v);
  let best = items[0];
  let bestKey = key(best);
  for (const item of items.slice(1)) {
    const k = key(item);
    if (name === 'min' ? lessThan(k, bestKey) : lessThan(bestKey, k)) {
      best = item;
      bestKey = k;
    }
  }
  return best;
}

const NO_VALUE = Symbol('no value') as unknown as Value;

function toInt(v: Value): bigint {
  if (isInt(v)) return asIndex(v);
  if (typeof v === 'number') {
    if (Number.isNaN(v)) throw new PyException('ValueError', 'cannot convert float NaN to integer');
    if (!Number.isFinite(v)) throw new PyException('OverflowError', 'cannot convert float infinity to integer');
    return BigInt(Math.trunc(v));
  }
  if (typeof v === 'string') {
    const text = v.trim();
    if (/^[+-]?\d+(_\d+)*$/.test(text)) {
      const digits = text.replace(/[_+-]/g, '').length;
      if (digits > MAX_INT_STR_DIGITS) throw new PyException('ValueError', `Exceeds the limit (${MAX_INT_STR_DIGITS} digits) for integer string conversion: value has ${digits} digits`);
      return BigInt(text.replace(/_/g, ''));
    }
    throw new PyException('ValueError', `invalid literal for int() with base 10: ${repr(v)}`);
  }
  throw new PyException('TypeError', `int() argument must be a string, a bytes-like object or a real number, not '${typeName(v)}'`);
}

function toFloat(v: Value): number {
  if (isInt(v)) return intToFloat(v);
  if (typeof v === 'number') return v;
  if (typeof v === 'string') {
    const text = v.trim().toLowerCase().replace(/_/g, '');
    if (/^[+-]?(inf|infinity)$/.test(text)) return text.startsWith('-') ? -Infinity : Infinity;
    if (/^[+-]?nan$/.test(text)) return NaN;
    if (/^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/.test(text)) return Number(text);
    throw new PyException('ValueError', `could not convert string to float: ${repr(v)}`);
  }
  throw new PyException('TypeError', `float() argument must be a string or a real number, not '${typeName(v)}'`);
}

function* zipItems(iterators: Iterator<Value>[]): Iterator<Value> {
  if (!iterators.length) return;
  for (;;) {
    const row: Value[] = [];
    for (const it of iterators) {
      const r = it.next();
      if (r.done) return;
      row.push(r.value);
    }
    yield new PyTuple(row);
  }
}

function* enumerateItems(it: Iterator<Value>, start: bigint): Iterator<Value> {
  let i = start;
  for (let r = it.next(); !r.done; r = it.next()) yield new PyTuple([i++, r.value]);
}

function* mapItems(f: PyCallable, iterators: Iterator<Value>[], ctx: CallContext): Iterator<Value> {
  for (;;) {
    const row: Value[] = [];
    for (const it of iterators) {
      const r = it.next();
      if (r.done) return;
      row.push(r.value);
    }
    yield f.call(row, new Map(), ctx);
  }
}

function* filterItems(f: Value, it: Iterator<Value>, ctx: CallContext): Iterator<Value> {
  if (f !== null && !(f instanceof PyCallable)) throw new PyException('TypeError', `'${typeName(f)}' object is not callable`);
  for (let r = it.next(); !r.done; r = it.next()) {
    if (truthy(f === null ? r.value : callWith(f, ctx, r.value))) yield r.value;
  }
}

/** The builtin types isinstance() knows by the builtin that makes them (int, str, list…). */
const TYPE_TESTS: Record<string, (v: Value) => boolean> = {
  int: v => typeof v === 'bigint' || typeof v === 'boolean',
  float: v => typeof v === 'number',
  str: v => typeof v === 'string',
  bool: v => typeof v === 'boolean',
  list: v => v instanceof PyList,
  tuple: v => v instanceof PyTuple,
  dict: v => v instanceof PyDict,
  set: v => v instanceof PySet,
  range: v => v instanceof PyRange,
};

function isInstance(obj: Value, cls: Value): boolean {
  if (cls instanceof PyTuple) return cls.items.some(c => isInstance(obj, c));
  if (cls instanceof HostClass) return obj instanceof HostObject && obj.typeNames().includes(cls.name);
  if (cls instanceof PyFunction && cls.typeName === 'builtin_function_or_method' && TYPE_TESTS[cls.name]) return TYPE_TESTS[cls.name](obj);
  throw new PyException('TypeError', 'isinstance() arg 2 must be a type, a tuple of types, or a union');
}

export function createBuiltins(): Map<string, Value> {
  return new Map<string, Value>([
    builtin({ name: 'print', params: [star('values'), kw('sep', { default: ' ', types: ['str', 'None'] }), kw('end', { default: '\n', types: ['str', 'None'] })], doc: 'Prints the values, separated by sep and followed by end.' },
      (a, ctx) => {
        const text = (a.values as PyTuple).items.map(v => str(v)).join(a.sep === null ? ' ' : (a.sep as string));
        ctx.write(text + (a.end === null ? '\n' : (a.end as string)));
        return null;
      }),
    builtin({ name: 'len', params: [only('obj')], doc: 'The number of items of a container.' }, a => BigInt(len(a.obj))),
    builtin({ name: 'range', params: [only('start'), only('stop', { default: null }), only('step', { default: 1n })], doc: 'range(stop) or range(start, stop[, step]): a lazy sequence of ints.' },
      a => {
        const [start, stop] = a.stop === null ? [0n, asIndex(a.start)] : [asIndex(a.start), asIndex(a.stop)];
        const step = asIndex(a.step);
        if (step === 0n) throw new PyException('ValueError', 'range() arg 3 must not be zero');
        return new PyRange(start, stop, step);
      }),
    builtin({ name: 'min', params: [star('args'), kw('key', { default: null }), kw('default', { default: NO_VALUE })], doc: 'The smallest item.' }, (a, ctx) => extreme('min', a, ctx)),
    builtin({ name: 'max', params: [star('args'), kw('key', { default: null }), kw('default', { default: NO_VALUE })], doc: 'The largest item.' }, (a, ctx) => extreme('max', a, ctx)),
    builtin({ name: 'sum', params: [only('iterable'), { name: 'start', default: 0n }], doc: 'The sum of the items, plus start.' }, a => {
      if (typeof a.start === 'string') throw new PyException('TypeError', "sum() can't sum strings [use ''.join(seq) instead]");
      let total: Value = a.start;
      const it = iterate(a.iterable);
      for (let r = it.next(); !r.done; r = it.next()) total = binaryOp('+', total, r.value);
      return total;
    }),
    builtin({ name: 'abs', params: [only('x')], doc: 'The absolute value.' }, a => {
      const x = a.x;
      if (isInt(x)) {
        const n = asIndex(x);
        return n < 0n ? -n : n;
      }
      if (typeof x === 'number') return Math.abs(x);
      throw new PyException('TypeError', `bad operand type for abs(): '${typeName(x)}'`);
    }),
    builtin({ name: 'round', params: [{ name: 'number' }, { name: 'ndigits', default: null, types: ['int', 'None'] }], doc: 'Rounds half to even, like Python.' }, a => {
      const x = a.number;
      if (isInt(x)) {
        const n = asIndex(x);
        if (a.ndigits === null || asIndex(a.ndigits) >= 0n) return n;
        const unit = 10n ** -asIndex(a.ndigits);
        let q = n / unit;
        let r = n % unit;
        if (r < 0n) { q -= 1n; r += unit; }
        if (r * 2n > unit || (r * 2n === unit && q % 2n !== 0n)) q += 1n;
        return q * unit;
      }
      if (typeof x !== 'number') throw new PyException('TypeError', `type ${typeName(x)} doesn't define __round__ method`);
      if (a.ndigits === null) return toInt(roundFloat(x, 0));
      return roundFloat(x, Number(asIndex(a.ndigits)));
    }),
    builtin({ name: 'int', params: [only('x', { default: 0n })], doc: 'Converts to an int (truncating floats).' }, a => toInt(a.x)),
    builtin({ name: 'float', params: [only('x', { default: 0 })], doc: 'Converts to a float.' }, a => toFloat(a.x)),
    builtin({ name: 'str', params: [{ name: 'object', default: '' }], doc: 'The text of a value.' }, a => str(a.object)),
    builtin({ name: 'repr', params: [only('obj')], doc: 'The Python representation of a value.' }, a => repr(a.obj)),
    builtin({ name: 'bool', params: [only('x', { default: false })], doc: 'The truth value.' }, a => truthy(a.x)),
    builtin({ name: 'format', params: [only('value'), only('format_spec', { default: '', types: ['str'] })], doc: 'format(value, spec).' }, a => formatValue(a.value, a.format_spec as string)),
    builtin({ name: 'list', params: [only('iterable', { default: NO_VALUE })], doc: 'A new list.' }, a => new PyList(a.iterable === NO_VALUE ? [] : collect(a.iterable))),
    builtin({ name: 'tuple', params: [only('iterable', { default: NO_VALUE })], doc: 'A new tuple.' }, a => new PyTuple(a.iterable === NO_VALUE ? [] : collect(a.iterable, 'tuple'))),
    builtin({ name: 'dict', params: [only('mapping', { default: NO_VALUE }), { name: 'kwargs', kind: 'var-keyword' }], doc: 'A new dict.' }, a => {
      const d = new PyDict();
      if (a.mapping instanceof PyDict) for (const [k, v] of a.mapping.entries()) d.set(k, v);
      else if (a.mapping !== NO_VALUE) {
        collect(a.mapping).forEach((pair, i) => {
          const kv = collect(pair);
          if (kv.length !== 2) throw new PyException('ValueError', `dictionary update sequence element #${i} has length ${kv.length}; 2 is required`);
          d.set(kv[0], kv[1]);
        });
      }
      for (const [k, v] of (a.kwargs as PyDict).entries()) d.set(k, v);
      return d;
    }),
    builtin({ name: 'zip', params: [star('iterables')], doc: 'Tuples of the i-th items of each iterable (lazy).' },
      a => new PyIterator('zip', zipItems((a.iterables as PyTuple).items.map(iterate)))),
    builtin({ name: 'enumerate', params: [{ name: 'iterable' }, { name: 'start', default: 0n, types: ['int'] }], doc: '(index, item) pairs (lazy).' },
      a => new PyIterator('enumerate', enumerateItems(iterate(a.iterable), asIndex(a.start)))),
    builtin({ name: 'reversed', params: [only('sequence')], doc: 'The items in reverse order.' }, a => {
      const s = a.sequence;
      if (s instanceof PyRange) return s.count === 0n ? new PyRange(0n, 0n, 1n) : new PyRange(s.at(s.count - 1n), s.start - s.step, -s.step);
      if (!(s instanceof PyList || s instanceof PyTuple || typeof s === 'string')) throw new PyException('TypeError', `'${typeName(s)}' object is not reversible`);
      return new PyIterator('reversed', collect(s).reverse()[Symbol.iterator]());
    }),
    builtin({ name: 'sorted', params: [only('iterable'), kw('key', { default: null }), kw('reverse', { default: false, types: ['bool', 'int'] })], doc: 'A new sorted list.' },
      (a, ctx) => new PyList(sortValues(collect(a.iterable), a.key, truthy(a.reverse), (f, v) => callWith(f, ctx, v)))),
    builtin({ name: 'any', params: [only('iterable')], doc: 'True if any item is true.' }, a => {
      const it = iterate(a.iterable);
      for (let r = it.next(); !r.done; r = it.next()) if (truthy(r.value)) return true;
      return false;
    }),
    builtin({ name: 'all', params: [only('iterable')], doc: 'True if every item is true.' }, a => {
      const it = iterate(a.iterable);
      for (let r = it.next(); !r.done; r = it.next()) if (!truthy(r.value)) return false;
      return true;
    }),
    builtin({ name: 'map', params: [only('function', { types: ['callable'] }), star('iterables')], doc: 'function(item, …) for the items of the iterables, in step (lazy).' }, (a, ctx) => {
      const iterators = (a.iterables as PyTuple).items.map(iterate);
      if (!iterators.length) throw new PyException('TypeError', 'map() must have at least two arguments.');
      return new PyIterator('map', mapItems(a.function as PyCallable, iterators, ctx));
    }),
    builtin({ name: 'filter', params: [only('function'), only('iterable')], doc: 'The items for which function(item) is true; with None, the true items (lazy).' },
      (a, ctx) => new PyIterator('filter', filterItems(a.function, iterate(a.iterable), ctx))),
    builtin({ name: 'next', params: [only('iterator'), only('default', { default: NO_VALUE })], doc: 'The next item of an iterator.' }, a => {
      if (!(a.iterator instanceof PyIterator)) throw new PyException('TypeError', `'${typeName(a.iterator)}' object is not an iterator`);
      const r = a.iterator.source.next();
      if (!r.done) return r.value;
      if (a.default !== NO_VALUE) return a.default;
      throw new PyException('StopIteration', '');
    }),
    builtin({ name: 'iter', params: [only('iterable')], doc: 'An iterator over the items.' }, a => (a.iterable instanceof PyIterator ? a.iterable : new PyIterator('iterator', iterate(a.iterable)))),
    builtin({ name: 'set', params: [only('iterable', { default: NO_VALUE })], doc: 'A new set.' }, a => (a.iterable === NO_VALUE ? new PySet() : PySet.of(collect(a.iterable, 'set')))),
    builtin({ name: 'divmod', params: [only('x'), only('y')], doc: '(x // y, x % y).' }, a => new PyTuple([binaryOp('//', a.x, a.y), binaryOp('%', a.x, a.y)])),
    builtin({ name: 'isinstance', params: [only('obj'), only('class_or_tuple')], doc: 'Whether obj is an instance of the class (or of one of a tuple of classes).' }, a => isInstance(a.obj, a.class_or_tuple)),
    builtin({ name: 'callable', params: [only('obj')], doc: 'Whether obj can be called.' }, a => a.obj instanceof PyCallable || (a.obj instanceof HostObject && !!a.obj.hostClass.method('__call__'))),
    builtin({ name: 'chr', params: [only('i', { types: ['int'] })], doc: 'The character with this Unicode code point.' }, a => {
      const i = asIndex(a.i);
      if (i < 0n || i > 0x10ffffn) throw new PyException('ValueError', 'chr() arg not in range(0x110000)');
      return String.fromCodePoint(Number(i));
    }),
    builtin({ name: 'ord', params: [only('c', { types: ['str'] })], doc: 'The Unicode code point of a one-character string.' }, a => {
      const chars = [...(a.c as string)];
      if (chars.length !== 1) throw new PyException('TypeError', `ord() expected a character, but string of length ${chars.length} found`);
      return BigInt(chars[0].codePointAt(0)!);
    }),
  ]);
}
