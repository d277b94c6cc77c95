// The implementations of the Python builtins an rnn cell can call, one per builtin declared
// in ../declarations/builtins.ts, so calls are bound and checked like every host call.
import { PyException } from '../errors';
import { CallContext, HostClass, HostObject, PyCallable, PyFunction } from '../host/objects';
import { BUILTIN_DECLARATIONS, NO_VALUE } from '../declarations/builtins';
import { FunctionImpl, implementMembers } from '../host/declared';
import type { BoundArgs } from '../host/signature';
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

function builtin(name: string, impl: FunctionImpl): [string, FunctionImpl] {
  return [name, impl];
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

/** The builtins a session starts with: the declared ones (../declarations/builtins.ts), each with its implementation. */
export function createBuiltins(): Map<string, Value> {
  return new Map(implementMembers('the builtins', BUILTIN_DECLARATIONS, builtinImplementations()));
}

/** One implementation per declared builtin, by name. */
export function builtinImplementations(): Map<string, FunctionImpl> {
  return new Map<string, FunctionImpl>([
    builtin('print',
      (a, ctx) => {
        const text = (a.values as PyTuple).items.map(v => str(v)).join(a.sep === null ? ' ' : (a.sep as string));
        ctx.write(text + (a.end === null ? '\n' : (a.end as string)));
        return null;
      }),
    builtin('len', a => BigInt(len(a.obj))),
    builtin('range',
      a => {
        const [start, stop] = a.stop === null ? [0n, asIndex(a.start)] : [asIndex(a.start), asIndex(a.stop)];
        const step = asIndex(a.step);
        if (step === 0n) throw new PyException('ValueError', 'range() arg 3 must not be zero');
        return new PyRange(start, stop, step);
      }),
    builtin('min', (a, ctx) => extreme('min', a, ctx)),
    builtin('max', (a, ctx) => extreme('max', a, ctx)),
    builtin('sum', a => {
      if (typeof a.start === 'string') throw new PyException('TypeError', "sum() can't sum strings [use ''.join(seq) instead]");
      let total: Value = a.start;
      const it = iterate(a.iterable);
      for (let r = it.next(); !r.done; r = it.next()) total = binaryOp('+', total, r.value);
      return total;
    }),
    builtin('abs', a => {
      const x = a.x;
      if (isInt(x)) {
        const n = asIndex(x);
        return n < 0n ? -n : n;
      }
      if (typeof x === 'number') return Math.abs(x);
      throw new PyException('TypeError', `bad operand type for abs(): '${typeName(x)}'`);
    }),
    builtin('round', a => {
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
    builtin('int', a => toInt(a.x)),
    builtin('float', a => toFloat(a.x)),
    builtin('str', a => str(a.object)),
    builtin('repr', a => repr(a.obj)),
    builtin('bool', a => truthy(a.x)),
    builtin('format', a => formatValue(a.value, a.format_spec as string)),
    builtin('list', a => new PyList(a.iterable === NO_VALUE ? [] : collect(a.iterable))),
    builtin('tuple', a => new PyTuple(a.iterable === NO_VALUE ? [] : collect(a.iterable, 'tuple'))),
    builtin('dict', a => {
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
    builtin('zip',
      a => new PyIterator('zip', zipItems((a.iterables as PyTuple).items.map(iterate)))),
    builtin('enumerate',
      a => new PyIterator('enumerate', enumerateItems(iterate(a.iterable), asIndex(a.start)))),
    builtin('reversed', a => {
      const s = a.sequence;
      if (s instanceof PyRange) return s.count === 0n ? new PyRange(0n, 0n, 1n) : new PyRange(s.at(s.count - 1n), s.start - s.step, -s.step);
      if (!(s instanceof PyList || s instanceof PyTuple || typeof s === 'string')) throw new PyException('TypeError', `'${typeName(s)}' object is not reversible`);
      return new PyIterator('reversed', collect(s).reverse()[Symbol.iterator]());
    }),
    builtin('sorted',
      (a, ctx) => new PyList(sortValues(collect(a.iterable), a.key, truthy(a.reverse), (f, v) => callWith(f, ctx, v)))),
    builtin('any', a => {
      const it = iterate(a.iterable);
      for (let r = it.next(); !r.done; r = it.next()) if (truthy(r.value)) return true;
      return false;
    }),
    builtin('all', a => {
      const it = iterate(a.iterable);
      for (let r = it.next(); !r.done; r = it.next()) if (!truthy(r.value)) return false;
      return true;
    }),
    builtin('map', (a, ctx) => {
      const iterators = (a.iterables as PyTuple).items.map(iterate);
      if (!iterators.length) throw new PyException('TypeError', 'map() must have at least two arguments.');
      return new PyIterator('map', mapItems(a.function as PyCallable, iterators, ctx));
    }),
    builtin('filter',
      (a, ctx) => new PyIterator('filter', filterItems(a.function, iterate(a.iterable), ctx))),
    builtin('next', a => {
      if (!(a.iterator instanceof PyIterator)) throw new PyException('TypeError', `'${typeName(a.iterator)}' object is not an iterator`);
      const r = a.iterator.source.next();
      if (!r.done) return r.value;
      if (a.default !== NO_VALUE) return a.default;
      throw new PyException('StopIteration', '');
    }),
    builtin('iter', a => (a.iterable instanceof PyIterator ? a.iterable : new PyIterator('iterator', iterate(a.iterable)))),
    builtin('set', a => (a.iterable === NO_VALUE ? new PySet() : PySet.of(collect(a.iterable, 'set')))),
    builtin('divmod', a => new PyTuple([binaryOp('//', a.x, a.y), binaryOp('%', a.x, a.y)])),
    builtin('isinstance', a => isInstance(a.obj, a.class_or_tuple)),
    builtin('callable', a => a.obj instanceof PyCallable || (a.obj instanceof HostObject && !!a.obj.hostClass.method('__call__'))),
    builtin('chr', a => {
      const i = asIndex(a.i);
      if (i < 0n || i > 0x10ffffn) throw new PyException('ValueError', 'chr() arg not in range(0x110000)');
      return String.fromCodePoint(Number(i));
    }),
    builtin('ord', a => {
      const chars = [...(a.c as string)];
      if (chars.length !== 1) throw new PyException('TypeError', `ord() expected a character, but string of length ${chars.length} found`);
      return BigInt(chars[0].codePointAt(0)!);
    }),
  ]);
}
