// Truthiness, len(), iteration and `in` for every value, Python's way. Iteration is lazy
// (a generator) so `for i in range(10**9)` costs nothing until it runs, and the
// interpreter can check for an interrupt between items.
import { PyException } from '../errors';
import { equals } from './compare';
import { tick } from './interrupt';
import { PyDict, PyDictView, PyIterator, PyList, PyObject, PyRange, PySet, PyTuple, Value, typeName } from './types';


export function truthy(v: Value): boolean {
  if (v === null) return false;
  switch (typeof v) {
    case 'boolean': return v;
    case 'bigint': return v !== 0n;
    case 'number': return v !== 0;
    case 'string': return v.length > 0;
  }
  if (v.truthy) return v.truthy();
  const n = lengthIfSized(v);
  return n === undefined || n > 0;
}

function lengthIfSized(v: PyObject): number | undefined {
  if (v instanceof PyList || v instanceof PyTuple) return v.items.length;
  if (v instanceof PyDict) return v.size;
  if (v instanceof PyRange) return Number(v.count);
  if (v instanceof PyDictView) return v.dict.size;
  if (v.length) return v.length();
  return undefined;
}

export function len(v: Value): number {
  if (typeof v === 'string') return [...v].length;
  const n = v instanceof PyObject ? lengthIfSized(v) : undefined;
  if (n === undefined) throw new PyException('TypeError', `object of type '${typeName(v)}' has no len()`);
  return n;
}

export function isIterable(v: Value): boolean {
  return typeof v === 'string' || v instanceof PyList || v instanceof PyTuple || v instanceof PyDict ||
    v instanceof PyRange || v instanceof PyIterator || v instanceof PyDictView || (v instanceof PyObject && !!v.iterate);
}

export function iterate(v: Value): Iterator<Value> {
  if (typeof v === 'string') return v[Symbol.iterator]();
  if (v instanceof PyList) return listIterator(v);
  if (v instanceof PyTuple) return v.items[Symbol.iterator]();
  if (v instanceof PyDict) return keysOf(v);
  if (v instanceof PyRange) return rangeIterator(v);
  if (v instanceof PyIterator) return v.source;
  if (v instanceof PyDictView) return v.iterate();
  if (v instanceof PyObject && v.iterate) return v.iterate();
  throw new PyException('TypeError', `'${typeName(v)}' object is not iterable`);
}

/** Like Python's list iterator: sees items appended during the loop. */
function* listIterator(list: PyList): Iterator<Value> {
  for (let i = 0; i < list.items.length; i++) {
    tick();
    yield list.items[i];
  }
}

function* keysOf(d: PyDict): Iterator<Value> {
  const before = d.size;
  for (const [key] of d.entries()) {
    if (d.size !== before) throw new PyException('RuntimeError', 'dictionary changed size during iteration');
    yield key;
  }
}

function* rangeIterator(r: PyRange): Iterator<Value> {
  const n = r.count;
  for (let i = 0n; i < n; i++) {
    tick();
    yield r.at(i);
  }
}

export function contains(container: Value, item: Value): boolean {
  if (typeof container === 'string') {
    if (typeof item !== 'string') throw new PyException('TypeError', `'in <string>' requires string as left operand, not ${typeName(item)}`);
    return container.includes(item);
  }
  if (container instanceof PyDict || container instanceof PySet) return container.has(item);
  if (container instanceof PyList || container instanceof PyTuple) return container.items.some(x => equals(x, item));
  if (container instanceof PyRange) {
    if (typeof item !== 'bigint' && typeof item !== 'boolean') return false;
    const i = typeof item === 'boolean' ? BigInt(item) : item;
    const { start, step } = container;
    const n = container.count;
    if (n === 0n) return false;
    const offset = i - start;
    return offset % step === 0n && offset / step >= 0n && offset / step < n;
  }
  if (!isIterable(container)) throw new PyException('TypeError', `argument of type '${typeName(container)}' is not iterable`);
  const it = iterate(container);
  for (let r = it.next(); !r.done; r = it.next()) if (equals(r.value, item)) return true;
  return false;
}
