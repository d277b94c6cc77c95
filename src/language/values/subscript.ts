// x[i], x[a:b:c] and x[i] = v for the builtin sequences and dicts, with Python's negative
// indices, clamped slices and its IndexError/KeyError/TypeError messages. Other types
// (arrays, datasets) answer through their own getItem/setItem.
import { PyException } from '../errors';
import { repr } from './repr';
import { PyDict, PyList, PyObject, PyRange, PySlice, PyTuple, Value, isInt, typeName } from './types';

export interface SliceBounds { start: number; stop: number; step: number; length: number }

function sliceInt(v: Value, what: string): bigint | undefined {
  if (v === null) return undefined;
  if (isInt(v)) return typeof v === 'boolean' ? BigInt(v) : v;
  throw new PyException('TypeError', `slice indices must be integers or None or have an __index__ method (${what} is ${typeName(v)})`);
}

/** Python's slice.indices(length). */
export function sliceBounds(slice: PySlice, length: number): SliceBounds {
  const stepBig = sliceInt(slice.step, 'step') ?? 1n;
  if (stepBig === 0n) throw new PyException('ValueError', 'slice step cannot be zero');
  const step = Number(stepBig);
  const clamp = (v: bigint | undefined, fallback: number, low: number, high: number): number => {
    if (v === undefined) return fallback;
    let n = Number(v);
    if (n < 0) n += length;
    return Math.min(Math.max(n, low), high);
  };
  const start = step > 0 ? clamp(sliceInt(slice.start, 'start'), 0, 0, length) : clamp(sliceInt(slice.start, 'start'), length - 1, -1, length - 1);
  const stop = step > 0 ? clamp(sliceInt(slice.stop, 'stop'), length, 0, length) : clamp(sliceInt(slice.stop, 'stop'), -1, -1, length - 1);
  const count = step > 0 ? Math.max(0, Math.ceil((stop - start) / step)) : Math.max(0, Math.ceil((start - stop) / -step));
  return { start, stop, step, length: count };
}

function sliceItems<T>(items: readonly T[], slice: PySlice): T[] {
  const { start, step, length } = sliceBounds(slice, items.length);
  const out: T[] = [];
  for (let i = 0, at = start; i < length; i++, at += step) out.push(items[at]);
  return out;
}

/** A normalized, checked sequence index; `what` names the type for IndexError. */
export function sequenceIndex(key: Value, length: number, what: string): number {
  if (!isInt(key)) throw new PyException('TypeError', `${what} indices must be integers or slices, not ${typeName(key)}`);
  let i = Number(typeof key === 'boolean' ? BigInt(key) : key);
  if (i < 0) i += length;
  if (i < 0 || i >= length || !Number.isFinite(i)) throw new PyException('IndexError', `${what} index out of range`);
  return i;
}

export function getItem(container: Value, key: Value): Value {
  if (container instanceof PyList) {
    if (key instanceof PySlice) return new PyList(sliceItems(container.items, key));
    return container.items[sequenceIndex(key, container.items.length, 'list')];
  }
  if (container instanceof PyTuple) {
    if (key instanceof PySlice) return new PyTuple(sliceItems(container.items, key));
    return container.items[sequenceIndex(key, container.items.length, 'tuple')];
  }
  if (typeof container === 'string') {
    const chars = [...container];
    if (key instanceof PySlice) return sliceItems(chars, key).join('');
    return chars[sequenceIndex(key, chars.length, 'string')];
  }
  if (container instanceof PyDict) {
    const value = container.get(key);
    if (value === undefined) throw new PyException('KeyError', repr(key));
    return value;
  }
  if (container instanceof PyRange) return rangeItem(container, key);
  if (container instanceof PyObject && container.getItem) return container.getItem(key);
  throw new PyException('TypeError', `'${typeName(container)}' object is not subscriptable`);
}

function rangeItem(r: PyRange, key: Value): Value {
  const n = r.count;
  if (key instanceof PySlice) {
    if (n > BigInt(Number.MAX_SAFE_INTEGER)) throw new PyException('OverflowError', 'range too large to slice');
    const b = sliceBounds(key, Number(n));
    const start = r.at(BigInt(b.start));
    const step = r.step * BigInt(b.step);
    return new PyRange(start, start + step * BigInt(b.length), step);
  }
  if (!isInt(key)) throw new PyException('TypeError', `range indices must be integers or slices, not ${typeName(key)}`);
  let i = typeof key === 'boolean' ? BigInt(key) : key;
  if (i < 0n) i += n;
  if (i < 0n || i >= n) throw new PyException('IndexError', 'range object index out of range');
  return r.at(i);
}

export function setItem(container: Value, key: Value, value: Value, iterateValue: (v: Value) => Value[]): void {
  if (container instanceof PyList) {
    if (key instanceof PySlice) {
      const replacement = iterateValue(value);
      const b = sliceBounds(key, container.items.length);
      if (b.step === 1) {
        container.items.splice(b.start, Math.max(0, b.stop - b.start), ...replacement);
        return;
      }
      if (replacement.length !== b.length) {
        throw new PyException('ValueError', `attempt to assign sequence of size ${replacement.length} to extended slice of size ${b.length}`);
      }
      for (let i = 0, at = b.start; i < b.length; i++, at += b.step) container.items[at] = replacement[i];
      return;
    }
    container.items[sequenceIndex(key, container.items.length, 'list assignment')] = value;
    return;
  }
  if (container instanceof PyDict) {
    container.set(key, value);
    return;
  }
  if (container instanceof PyObject && container.setItem) {
    container.setItem(key, value);
    return;
  }
  throw new PyException('TypeError', `'${typeName(container)}' object does not support item assignment`);
}
