// Methods of the builtin types a cell uses: list, dict, str, tuple. Declared with the
// same MethodSpec/Signature as host classes, so binding and messages are shared.
import { PyException } from '../errors';
import { BoundMethod, MethodSpec } from '../host/objects';
import { Param } from '../host/signature';
import { equals, lessThan } from '../values/compare';
import { formatValue } from '../values/format';
import { pollInterrupt } from '../values/interrupt';
import { checkSequenceGrowth, checkSequenceLength, checkStringLength } from '../values/limits';
import { repr, str } from '../values/repr';
import { sequenceIndex } from '../values/subscript';
import { PyDict, PyDictView, PyList, PySet, PyTuple, Value, isInt, typeName } from '../values/types';
import { PyCallable } from '../host/objects';
import { collect } from './collect';

type Methods<T> = Record<string, MethodSpec<T>>;

function method<T>(owner: string, name: string, params: Param[], call: MethodSpec<T>['call']): [string, MethodSpec<T>] {
  return [name, { signature: { name: `${owner}.${name}`, params }, call }];
}

const positional = (name: string, extra: Partial<Param> = {}): Param => ({ name, kind: 'positional-only', ...extra });

function toIndex(v: Value, what: string): number {
  if (!isInt(v)) throw new PyException('TypeError', `'${typeName(v)}' object cannot be interpreted as an integer (${what})`);
  return Number(v);
}

/** Python's list.sort / sorted: stable, with an optional key function and reverse. */
export function sortValues(items: Value[], key: Value, reverse: boolean, call: (f: PyCallable, v: Value) => Value): Value[] {
  const keyed = items.map(item => {
    pollInterrupt();
    return { item, key: key instanceof PyCallable ? call(key, item) : item };
  });
  // A sort of millions of items is one call: each comparison polls the interrupt.
  keyed.sort((a, b) => {
    pollInterrupt();
    return lessThan(a.key, b.key) ? -1 : lessThan(b.key, a.key) ? 1 : 0;
  });
  if (reverse) {
    // Python keeps equal elements in their original order even when reversed.
    keyed.reverse();
    const out: typeof keyed = [];
    for (let i = 0; i < keyed.length; ) {
      let j = i + 1;
      while (j < keyed.length && !lessThan(keyed[j].key, keyed[i].key) && !lessThan(keyed[i].key, keyed[j].key)) j++;
      out.push(...keyed.slice(i, j).reverse());
      i = j;
    }
    return out.map(k => k.item);
  }
  return keyed.map(k => k.item);
}

const LIST_METHODS: Methods<PyList> = Object.fromEntries([
  method<PyList>('list', 'append', [positional('object')], (self, a) => {
    checkSequenceGrowth(self.items.length + 1);
    self.items.push(a.object);
    return null;
  }),
  method<PyList>('list', 'extend', [positional('iterable')], (self, a) => {
    const items = collect(a.iterable);
    checkSequenceLength(self.items.length + items.length);
    self.items.push(...items);
    return null;
  }),
  method<PyList>('list', 'pop', [positional('index', { default: -1n, types: ['int'] })], (self, a) => {
    if (!self.items.length) throw new PyException('IndexError', 'pop from empty list');
    const i = sequenceIndex(a.index, self.items.length, 'pop');
    return self.items.splice(i, 1)[0];
  }),
  method<PyList>('list', 'insert', [positional('index', { types: ['int'] }), positional('object')], (self, a) => {
    checkSequenceGrowth(self.items.length + 1);
    let i = toIndex(a.index, 'index');
    if (i < 0) i = Math.max(0, i + self.items.length);
    self.items.splice(Math.min(i, self.items.length), 0, a.object);
    return null;
  }),
  method<PyList>('list', 'remove', [positional('value')], (self, a) => {
    const i = self.items.findIndex(x => equals(x, a.value));
    if (i < 0) throw new PyException('ValueError', 'list.remove(x): x not in list');
    self.items.splice(i, 1);
    return null;
  }),
  method<PyList>('list', 'index', [positional('value')], (self, a) => {
    const i = self.items.findIndex(x => equals(x, a.value));
    if (i < 0) throw new PyException('ValueError', `${repr(a.value)} is not in list`);
    return BigInt(i);
  }),
  method<PyList>('list', 'count', [positional('value')], (self, a) => BigInt(self.items.filter(x => equals(x, a.value)).length)),
  method<PyList>('list', 'reverse', [], self => {
    self.items.reverse();
    return null;
  }),
  method<PyList>('list', 'sort', [{ name: 'key', kind: 'keyword-only', default: null }, { name: 'reverse', kind: 'keyword-only', default: false, types: ['bool', 'int'] }], (self, a, ctx) => {
    self.items = sortValues(self.items, a.key, !!a.reverse && a.reverse !== 0n, (f, v) => f.call([v], new Map(), ctx));
    return null;
  }),
  method<PyList>('list', 'copy', [], self => new PyList([...self.items])),
  method<PyList>('list', 'clear', [], self => {
    self.items = [];
    return null;
  }),
]);

const TUPLE_METHODS: Methods<PyTuple> = Object.fromEntries([
  method<PyTuple>('tuple', 'index', [positional('value')], (self, a) => {
    const i = self.items.findIndex(x => equals(x, a.value));
    if (i < 0) throw new PyException('ValueError', 'tuple.index(x): x not in tuple');
    return BigInt(i);
  }),
  method<PyTuple>('tuple', 'count', [positional('value')], (self, a) => BigInt(self.items.filter(x => equals(x, a.value)).length)),
]);

const NO_DEFAULT = Symbol('no default');

const DICT_METHODS: Methods<PyDict> = Object.fromEntries([
  method<PyDict>('dict', 'keys', [], self => new PyDictView(self, 'keys')),
  method<PyDict>('dict', 'values', [], self => new PyDictView(self, 'values')),
  method<PyDict>('dict', 'items', [], self => new PyDictView(self, 'items')),
  method<PyDict>('dict', 'get', [positional('key'), positional('default', { default: null })], (self, a) => self.get(a.key) ?? a.default),
  method<PyDict>('dict', 'pop', [positional('key'), positional('default', { default: NO_DEFAULT as unknown as Value })], (self, a) => {
    const value = self.get(a.key);
    if (value !== undefined) {
      self.delete(a.key);
      return value;
    }
    if ((a.default as unknown) === NO_DEFAULT) throw new PyException('KeyError', repr(a.key));
    return a.default;
  }),
  method<PyDict>('dict', 'setdefault', [positional('key'), positional('default', { default: null })], (self, a) => {
    const value = self.get(a.key);
    if (value !== undefined) return value;
    self.set(a.key, a.default);
    return a.default;
  }),
  method<PyDict>('dict', 'update', [positional('other', { default: null }), { name: 'kwargs', kind: 'var-keyword' }], (self, a) => {
    if (a.other instanceof PyDict) for (const [k, v] of a.other.entries()) self.set(k, v);
    else if (a.other !== null) for (const pair of collect(a.other)) {
      const kv = collect(pair);
      if (kv.length !== 2) throw new PyException('ValueError', `dictionary update sequence element has length ${kv.length}; 2 is required`);
      self.set(kv[0], kv[1]);
    }
    for (const [k, v] of (a.kwargs as PyDict).entries()) self.set(k, v);
    return null;
  }),
  method<PyDict>('dict', 'copy', [], self => PyDict.of(self.entries())),
  method<PyDict>('dict', 'clear', [], self => {
    self.clear();
    return null;
  }),
]);

function strArg(v: Value, name: string, owner: string): string {
  if (typeof v !== 'string') throw new PyException('TypeError', `${owner}() argument '${name}' must be str, not ${typeName(v)}`);
  return v;
}

function stripChars(s: string, chars: Value, left: boolean, right: boolean): string {
  const set = chars === null ? null : new Set(strArg(chars, 'chars', 'strip'));
  const strip = (c: string) => (set ? set.has(c) : /\s/.test(c));
  let start = 0;
  let end = s.length;
  if (left) while (start < end && strip(s[start])) start++;
  if (right) while (end > start && strip(s[end - 1])) end--;
  return s.slice(start, end);
}

/** str.format: `{}`, `{0}`, `{name}`, each with an optional `!r` and `:spec`. */
function strFormat(template: string, args: readonly Value[], kwargs: PyDict): string {
  let auto = 0;
  return template.replace(/\{\{|\}\}|\{([^{}!:]*)(?:!([rsa]))?(?::([^{}]*))?\}/g, (match, field: string | undefined, conversion: string | undefined, spec: string | undefined) => {
    if (match === '{{') return '{';
    if (match === '}}') return '}';
    let value: Value | undefined;
    if (field === undefined || field === '') value = args[auto++];
    else if (/^\d+$/.test(field)) value = args[Number(field)];
    else value = kwargs.get(field);
    if (value === undefined) {
      if (field && !/^\d+$/.test(field)) throw new PyException('KeyError', repr(field));
      throw new PyException('IndexError', `Replacement index ${field || auto - 1} out of range for positional args tuple`);
    }
    const converted = conversion === 'r' || conversion === 'a' ? repr(value) : conversion === 's' ? str(value) : value;
    return formatValue(converted, spec ?? '');
  });
}

const STR_METHODS: Methods<string> = Object.fromEntries([
  method<string>('str', 'join', [positional('iterable')], (self, a) => {
    const parts = collect(a.iterable).map((p, i) => {
      pollInterrupt();
      if (typeof p !== 'string') throw new PyException('TypeError', `sequence item ${i}: expected str instance, ${typeName(p)} found`);
      return p;
    });
    checkStringLength(parts.reduce((n, p) => n + p.length, 0) + self.length * Math.max(0, parts.length - 1));
    return parts.join(self);
  }),
  method<string>('str', 'split', [{ name: 'sep', default: null, types: ['str', 'None'] }, { name: 'maxsplit', default: -1n, types: ['int'] }], (self, a) => {
    const max = Number(a.maxsplit);
    if (a.sep === '') throw new PyException('ValueError', 'empty separator');
    const parts: string[] = [];
    if (a.sep === null) {
      let rest = self.replace(/^\s+/, '');
      while (rest.length) {
        if (max >= 0 && parts.length === max) {
          parts.push(rest.replace(/\s+$/, ''));
          break;
        }
        const m = /\s+/.exec(rest);
        if (!m) {
          parts.push(rest);
          break;
        }
        parts.push(rest.slice(0, m.index));
        rest = rest.slice(m.index + m[0].length);
      }
    } else {
      const sep = a.sep as string;
      let rest = self;
      for (let at = rest.indexOf(sep); at >= 0 && (max < 0 || parts.length < max); at = rest.indexOf(sep)) {
        parts.push(rest.slice(0, at));
        rest = rest.slice(at + sep.length);
      }
      parts.push(rest);
    }
    return new PyList(parts);
  }),
  method<string>('str', 'splitlines', [], self => new PyList(self.split(/\r\n|\r|\n/).filter((p, i, all) => i < all.length - 1 || p !== ''))),
  method<string>('str', 'strip', [positional('chars', { default: null })], (self, a) => stripChars(self, a.chars, true, true)),
  method<string>('str', 'lstrip', [positional('chars', { default: null })], (self, a) => stripChars(self, a.chars, true, false)),
  method<string>('str', 'rstrip', [positional('chars', { default: null })], (self, a) => stripChars(self, a.chars, false, true)),
  method<string>('str', 'upper', [], self => self.toUpperCase()),
  method<string>('str', 'lower', [], self => self.toLowerCase()),
  method<string>('str', 'title', [], self => self.toLowerCase().replace(/(^|[^a-zA-Z])([a-z])/g, (_m, p: string, c: string) => p + c.toUpperCase())),
  method<string>('str', 'capitalize', [], self => self.charAt(0).toUpperCase() + self.slice(1).toLowerCase()),
  method<string>('str', 'replace', [positional('old', { types: ['str'] }), positional('new', { types: ['str'] }), positional('count', { default: -1n, types: ['int'] })], (self, a) => {
    const [oldText, newText, count] = [a.old as string, a.new as string, Number(a.count)];
    const pieces = self.split(oldText);
    if (count >= 0 && pieces.length - 1 > count) {
      const head = pieces.slice(0, count + 1).join(newText);
      const out = head + oldText + pieces.slice(count + 1).join(oldText);
      checkStringLength(out.length);
      return out;
    }
    checkStringLength(self.length + (pieces.length - 1) * (newText.length - oldText.length));
    return pieces.join(newText);
  }),
  method<string>('str', 'startswith', [positional('prefix', { types: ['str', 'tuple'] })], (self, a) =>
    a.prefix instanceof PyTuple ? a.prefix.items.some(p => typeof p === 'string' && self.startsWith(p)) : self.startsWith(a.prefix as string)),
  method<string>('str', 'endswith', [positional('suffix', { types: ['str', 'tuple'] })], (self, a) =>
    a.suffix instanceof PyTuple ? a.suffix.items.some(p => typeof p === 'string' && self.endsWith(p)) : self.endsWith(a.suffix as string)),
  method<string>('str', 'find', [positional('sub', { types: ['str'] })], (self, a) => BigInt(self.indexOf(a.sub as string))),
  method<string>('str', 'rfind', [positional('sub', { types: ['str'] })], (self, a) => BigInt(self.lastIndexOf(a.sub as string))),
  method<string>('str', 'index', [positional('sub', { types: ['str'] })], (self, a) => {
    const i = self.indexOf(a.sub as string);
    if (i < 0) throw new PyException('ValueError', 'substring not found');
    return BigInt(i);
  }),
  method<string>('str', 'rindex', [positional('sub', { types: ['str'] })], (self, a) => {
    const i = self.lastIndexOf(a.sub as string);
    if (i < 0) throw new PyException('ValueError', 'substring not found');
    return BigInt(i);
  }),
  method<string>('str', 'ljust', [positional('width', { types: ['int'] }), positional('fillchar', { default: ' ', types: ['str'] })], (self, a) => justify(self, a, 'left')),
  method<string>('str', 'rjust', [positional('width', { types: ['int'] }), positional('fillchar', { default: ' ', types: ['str'] })], (self, a) => justify(self, a, 'right')),
  method<string>('str', 'center', [positional('width', { types: ['int'] }), positional('fillchar', { default: ' ', types: ['str'] })], (self, a) => justify(self, a, 'center')),
  method<string>('str', 'zfill', [positional('width', { types: ['int'] })], (self, a) => {
    const width = Math.min(Number(a.width), 10_000_000);
    const signed = /^[+-]/.test(self);
    const body = signed ? self.slice(1) : self;
    return (signed ? self[0] : '') + '0'.repeat(Math.max(0, width - self.length)) + body;
  }),
  method<string>('str', 'isspace', [], self => self.length > 0 && /^\s+$/.test(self)),
  method<string>('str', 'isalnum', [], self => self.length > 0 && /^[\p{L}\p{N}]+$/u.test(self)),
  method<string>('str', 'isupper', [], self => /\p{Lu}/u.test(self) && !/\p{Ll}/u.test(self)),
  method<string>('str', 'islower', [], self => /\p{Ll}/u.test(self) && !/\p{Lu}/u.test(self)),
  method<string>('str', 'count', [positional('sub', { types: ['str'] })], (self, a) => {
    const sub = a.sub as string;
    return BigInt(sub === '' ? self.length + 1 : self.split(sub).length - 1);
  }),
  method<string>('str', 'isdigit', [], self => self.length > 0 && /^\d+$/.test(self)),
  method<string>('str', 'isalpha', [], self => self.length > 0 && /^\p{L}+$/u.test(self)),
  method<string>('str', 'format', [{ name: 'args', kind: 'var-positional' }, { name: 'kwargs', kind: 'var-keyword' }], (self, a) =>
    strFormat(self, (a.args as PyTuple).items, a.kwargs as PyDict)),
]);

/** str.ljust / rjust / center: Python puts the odd fill character of center on the right (or left for odd widths). */
function justify(self: string, a: Readonly<Record<string, Value>>, how: 'left' | 'right' | 'center'): string {
  const fill = a.fillchar as string;
  if ([...fill].length !== 1) throw new PyException('TypeError', 'The fill character must be exactly one character long');
  const missing = Math.max(0, Math.min(Number(a.width), 10_000_000) - [...self].length);
  if (how === 'left') return self + fill.repeat(missing);
  if (how === 'right') return fill.repeat(missing) + self;
  const left = Math.floor(missing / 2) + (missing & Number(a.width) & 1);
  return fill.repeat(left) + self + fill.repeat(missing - left);
}

const SET_METHODS: Methods<PySet> = Object.fromEntries([
  method<PySet>('set', 'add', [positional('elem')], (self, a) => {
    checkSequenceGrowth(self.size + 1, 'set');
    self.add(a.elem);
    return null;
  }),
  method<PySet>('set', 'remove', [positional('elem')], (self, a) => {
    if (!self.delete(a.elem)) throw new PyException('KeyError', repr(a.elem));
    return null;
  }),
  method<PySet>('set', 'discard', [positional('elem')], (self, a) => {
    self.delete(a.elem);
    return null;
  }),
  method<PySet>('set', 'pop', [], self => {
    const [first] = self.values();
    if (first === undefined) throw new PyException('KeyError', "'pop from an empty set'");
    self.delete(first);
    return first;
  }),
  method<PySet>('set', 'update', [{ name: 'others', kind: 'var-positional' }], (self, a) => {
    for (const other of (a.others as PyTuple).items) for (const v of collect(other)) self.add(v);
    return null;
  }),
  method<PySet>('set', 'union', [{ name: 'others', kind: 'var-positional' }], (self, a) => PySet.of([...self.values(), ...(a.others as PyTuple).items.flatMap(o => collect(o))])),
  method<PySet>('set', 'intersection', [{ name: 'others', kind: 'var-positional' }], (self, a) => {
    const others = (a.others as PyTuple).items.map(o => PySet.of(collect(o)));
    return PySet.of(self.values().filter(v => others.every(o => o.has(v))));
  }),
  method<PySet>('set', 'difference', [{ name: 'others', kind: 'var-positional' }], (self, a) => {
    const others = (a.others as PyTuple).items.map(o => PySet.of(collect(o)));
    return PySet.of(self.values().filter(v => !others.some(o => o.has(v))));
  }),
  method<PySet>('set', 'issubset', [positional('other')], (self, a) => {
    const other = PySet.of(collect(a.other));
    return self.values().every(v => other.has(v));
  }),
  method<PySet>('set', 'copy', [], self => PySet.of(self.values())),
  method<PySet>('set', 'clear', [], self => {
    self.clear();
    return null;
  }),
]);

function tableFor(v: Value): Methods<never> | undefined {
  if (v instanceof PyList) return LIST_METHODS;
  if (v instanceof PyDict) return DICT_METHODS;
  if (v instanceof PyTuple) return TUPLE_METHODS;
  if (v instanceof PySet) return SET_METHODS;
  if (typeof v === 'string') return STR_METHODS;
  return undefined;
}

/** `[].append` and friends as bound methods; undefined when the type has no such method. */
export function builtinMethod(v: Value, name: string): BoundMethod | undefined {
  const table = tableFor(v);
  const spec = table && Object.prototype.hasOwnProperty.call(table, name) ? table[name] : undefined;
  return spec ? new BoundMethod(v, name, spec) : undefined;
}

export function builtinMethodNames(v: Value): string[] {
  return Object.keys(tableFor(v) ?? {});
}
