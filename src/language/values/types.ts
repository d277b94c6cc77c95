// Python values as the interpreter sees them. Primitives map to JS primitives so the hot
// paths stay cheap: None → null, bool → boolean, int → bigint (Python ints are exact and
// unbounded), float → number, str → string. Everything else is a PyObject subclass.
import { PyException } from '../errors';

export type Value = null | boolean | bigint | number | string | PyObject;

export abstract class PyObject {
  /** Python's `type(x).__name__`, used in every error message. */
  abstract get typeName(): string;

  /** `repr(x)`; `inner` renders nested values (with cycle and depth guards). */
  repr(_inner: (v: Value) => string): string {
    return `<${this.typeName} object>`;
  }

  /** `str(x)`: the same as repr unless a type says otherwise. */
  str(inner: (v: Value) => string): string {
    return this.repr(inner);
  }

  // Optional protocols a type may implement (host objects do, for arrays and datasets):
  /** `len(x)` */
  length?(): number;
  /** `x[key]`; key is an int, a PySlice, a PyTuple of those, or Ellipsis. */
  getItem?(key: Value): Value;
  setItem?(key: Value, value: Value): void;
  /** `for v in x` */
  iterate?(): Iterator<Value>;
  /** `bool(x)`; objects without it are true unless they have a length of 0. */
  truthy?(): boolean;
  /** `x op y` (or `y op x` when `reflected`) for a type that defines operators (arrays); undefined: not for this operand. */
  binaryOp?(op: string, other: Value, reflected: boolean): Value | undefined;
  /** `x < y` and friends giving a value other than a bool (arrays compare elementwise). */
  compareOp?(op: string, other: Value, reflected: boolean): Value | undefined;
  unaryOp?(op: '-' | '+' | '~'): Value;
}

export class PyList extends PyObject {
  constructor(public items: Value[]) {
    super();
  }
  get typeName(): string {
    return 'list';
  }
}

export class PyTuple extends PyObject {
  constructor(readonly items: readonly Value[]) {
    super();
  }
  get typeName(): string {
    return 'tuple';
  }
}

/** Python's lazy range: `range(10**9)` costs nothing until iterated. */
export class PyRange extends PyObject {
  constructor(readonly start: bigint, readonly stop: bigint, readonly step: bigint) {
    super();
  }
  get typeName(): string {
    return 'range';
  }
  get count(): bigint {
    const { start, stop, step } = this;
    if (step > 0n) return stop > start ? (stop - start + step - 1n) / step : 0n;
    return start > stop ? (start - stop - step - 1n) / -step : 0n;
  }
  at(index: bigint): bigint {
    return this.start + index * this.step;
  }
}

export class PySlice extends PyObject {
  constructor(readonly start: Value, readonly stop: Value, readonly step: Value) {
    super();
  }
  get typeName(): string {
    return 'slice';
  }
}

export class PyEllipsis extends PyObject {
  static readonly instance = new PyEllipsis();
  get typeName(): string {
    return 'ellipsis';
  }
}

/** A one-shot iterator (zip, enumerate, iter over a dict's items…), lazy like Python's. */
export class PyIterator extends PyObject {
  constructor(private readonly name: string, readonly source: Iterator<Value>) {
    super();
  }
  get typeName(): string {
    return this.name;
  }
}

/** `d.keys()`, `d.values()`, `d.items()`: live views, iterated lazily. */
export class PyDictView extends PyObject {
  constructor(readonly dict: PyDict, readonly which: 'keys' | 'values' | 'items') {
    super();
  }
  get typeName(): string {
    return 'dict_' + this.which;
  }
  override *iterate(): Iterator<Value> {
    for (const [key, value] of this.dict.entries()) {
      if (this.which === 'keys') yield key;
      else if (this.which === 'values') yield value;
      else yield new PyTuple([key, value]);
    }
  }
}

// Process-wide on purpose: these ids only make identity hashes distinct (a dict key, a set
// member), are never shown, and are never compared across sessions, so they need uniqueness and
// nothing else; a counter per session would only add a parameter to every hash.
const objectIds = new WeakMap<object, number>();
let nextObjectId = 1;

/** The identity part of a hash for objects that hash by identity (host objects, functions). */
function objectId(o: object): number {
  let id = objectIds.get(o);
  if (id === undefined) objectIds.set(o, (id = nextObjectId++));
  return id;
}

/**
 * Python's hash equivalence as a string: 1, 1.0 and True are the same key, as are equal
 * tuples. Lists and dicts are unhashable.
 */
function hashKey(v: Value, depth = 0): string {
  if (depth > 200) throw new PyException('RecursionError', 'maximum recursion depth exceeded while hashing');
  if (v === null) return 'N';
  switch (typeof v) {
    case 'boolean':
      return v ? 'i1' : 'i0';
    case 'bigint':
      return 'i' + v.toString();
    case 'number':
      if (Number.isInteger(v)) return 'i' + BigInt(v).toString();
      return 'f' + String(v);
    case 'string':
      return 's' + v;
  }
  if (v instanceof PyTuple) return 't(' + v.items.map(i => hashKey(i, depth + 1)).join('\u0000') + ')';
  if (v instanceof PyList || v instanceof PyDict || v instanceof PyDictView || v instanceof PySet) {
    throw new PyException('TypeError', `unhashable type: '${v.typeName}'`);
  }
  return 'o' + objectId(v);
}

/** Insertion-ordered like Python's dict. */
export class PyDict extends PyObject {
  private readonly map = new Map<string, [Value, Value]>();

  get typeName(): string {
    return 'dict';
  }
  get size(): number {
    return this.map.size;
  }
  get(key: Value): Value | undefined {
    return this.map.get(hashKey(key))?.[1];
  }
  has(key: Value): boolean {
    return this.map.has(hashKey(key));
  }
  set(key: Value, value: Value): void {
    const k = hashKey(key);
    const existing = this.map.get(k);
    // Python keeps the first key object when the value is replaced ({1: 'a', 1.0: 'b'} → {1: 'b'}).
    this.map.set(k, [existing ? existing[0] : key, value]);
  }
  delete(key: Value): boolean {
    return this.map.delete(hashKey(key));
  }
  clear(): void {
    this.map.clear();
  }
  entries(): IterableIterator<[Value, Value]> {
    return this.map.values();
  }
  static of(entries: Iterable<[Value, Value]>): PyDict {
    const d = new PyDict();
    for (const [k, v] of entries) d.set(k, v);
    return d;
  }
}

/**
 * The numbers a call has already shown (show_saliency, show_bptt, bptt_terms, chain_of_partials
 * print their reading and open a panel): a dict in every way, whose repr names what it holds in
 * one line, as Keras's History does, rather than printing every array again under the cell.
 */
export class ResultDict extends PyDict {
  constructor(private readonly about: string) {
    super();
  }
  static about(about: string, entries: Iterable<[Value, Value]>): ResultDict {
    const d = new ResultDict(about);
    for (const [k, v] of entries) d.set(k, v);
    return d;
  }
  override repr(inner: (v: Value) => string): string {
    return `<${this.about}: a dict of ${[...this.entries()].map(([k]) => inner(k)).join(', ')}>`;
  }
}

/** Python's set: insertion-ordered here (CPython's order is by hash; code should not rely on either). */
export class PySet extends PyObject {
  private readonly map = new Map<string, Value>();

  get typeName(): string {
    return 'set';
  }
  get size(): number {
    return this.map.size;
  }
  has(v: Value): boolean {
    return this.map.has(hashKey(v));
  }
  add(v: Value): void {
    const k = hashKey(v);
    if (!this.map.has(k)) this.map.set(k, v);
  }
  delete(v: Value): boolean {
    return this.map.delete(hashKey(v));
  }
  clear(): void {
    this.map.clear();
  }
  values(): Value[] {
    return [...this.map.values()];
  }
  override length(): number {
    return this.map.size;
  }
  override *iterate(): Iterator<Value> {
    const before = this.map.size;
    for (const v of this.map.values()) {
      if (this.map.size !== before) throw new PyException('RuntimeError', 'Set changed size during iteration');
      yield v;
    }
  }
  override repr(inner: (v: Value) => string): string {
    return this.map.size ? '{' + this.values().map(inner).join(', ') + '}' : 'set()';
  }
  static of(items: Iterable<Value>): PySet {
    const s = new PySet();
    for (const v of items) s.add(v);
    return s;
  }
}

export function isInt(v: Value): v is bigint | boolean {
  return typeof v === 'bigint' || typeof v === 'boolean';
}

export function isNumber(v: Value): v is bigint | boolean | number {
  return typeof v === 'bigint' || typeof v === 'boolean' || typeof v === 'number';
}

/** Python's type name of any value (`type(x).__name__`). */
export function typeName(v: Value): string {
  if (v === null) return 'NoneType';
  switch (typeof v) {
    case 'boolean': return 'bool';
    case 'bigint': return 'int';
    case 'number': return 'float';
    case 'string': return 'str';
  }
  return v.typeName;
}
