// Equality and ordering as Python defines them: numbers compare across int/float/bool,
// sequences lexicographically, mismatched types are unequal and unordered (TypeError).
import { CompareOperator } from '../ast';
import { PyException } from '../errors';
import { MAX_VALUE_DEPTH } from './limits';
import { contains } from './protocols';
import { PyDict, PyList, PyObject, PyRange, PySet, PyTuple, Value, isNumber, typeName } from './types';

/** Compares a number pair exactly (bigint vs float included); NaN compares unordered. */
function numberOrder(a: bigint | boolean | number, b: bigint | boolean | number): number {
  const x = typeof a === 'boolean' ? (a ? 1n : 0n) : a;
  const y = typeof b === 'boolean' ? (b ? 1n : 0n) : b;
  if (typeof x === 'bigint' && typeof y === 'bigint') return x < y ? -1 : x > y ? 1 : 0;
  if (typeof x === 'number' && typeof y === 'number') return x < y ? -1 : x > y ? 1 : x === y ? 0 : NaN;
  const [big, float, flip] = typeof x === 'bigint' ? [x, y as number, 1] : [y as bigint, x, -1];
  if (Number.isNaN(float)) return NaN;
  if (float === Infinity) return -flip;
  if (float === -Infinity) return flip;
  const floor = BigInt(Math.floor(float));
  if (big < floor) return -flip;
  if (big > floor) return flip;
  return Number.isInteger(float) ? 0 : -flip;
}

export function equals(a: Value, b: Value, depth = 0): boolean {
  if (a === b) return typeof a !== 'number' || !Number.isNaN(a);
  if (depth > MAX_VALUE_DEPTH) throw new PyException('RecursionError', 'maximum recursion depth exceeded in comparison');
  if (isNumber(a) && isNumber(b)) return numberOrder(a, b) === 0;
  if (a instanceof PyList && b instanceof PyList) return sequenceEquals(a.items, b.items, depth);
  if (a instanceof PyTuple && b instanceof PyTuple) return sequenceEquals(a.items, b.items, depth);
  if (a instanceof PyRange && b instanceof PyRange) {
    const n = a.count;
    return n === b.count && (n === 0n || (a.start === b.start && (n === 1n || a.step === b.step)));
  }
  if (a instanceof PySet && b instanceof PySet) return a.size === b.size && a.values().every(v => b.has(v));
  if (a instanceof PyDict && b instanceof PyDict) {
    if (a.size !== b.size) return false;
    for (const [key, value] of a.entries()) {
      if (!b.has(key)) return false;
      if (!equals(value, b.get(key)!, depth + 1)) return false;
    }
    return true;
  }
  return false;
}

function sequenceEquals(a: readonly Value[], b: readonly Value[], depth: number): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (!equals(a[i], b[i], depth + 1)) return false;
  return true;
}

/** -1, 0, 1 for ordered values; throws TypeError naming the operator for unorderable ones. */
function order(op: string, a: Value, b: Value, depth = 0): number {
  if (depth > MAX_VALUE_DEPTH) throw new PyException('RecursionError', 'maximum recursion depth exceeded in comparison');
  if (isNumber(a) && isNumber(b)) return numberOrder(a, b);
  if (typeof a === 'string' && typeof b === 'string') return a < b ? -1 : a > b ? 1 : 0;
  const bothLists = a instanceof PyList && b instanceof PyList;
  const bothTuples = a instanceof PyTuple && b instanceof PyTuple;
  if (bothLists || bothTuples) {
    const x = a.items;
    const y = b.items;
    for (let i = 0; i < Math.min(x.length, y.length); i++) {
      if (!equals(x[i], y[i], depth + 1)) return order(op, x[i], y[i], depth + 1);
    }
    return x.length - y.length < 0 ? -1 : x.length > y.length ? 1 : 0;
  }
  throw new PyException('TypeError', `'${op}' not supported between instances of '${typeName(a)}' and '${typeName(b)}'`);
}

/** Sets order by inclusion (`a <= b`: a is a subset of b), as Python's. */
function setOrder(op: '<' | '>' | '<=' | '>=', a: PySet, b: PySet): boolean {
  const [small, large] = op === '<' || op === '<=' ? [a, b] : [b, a];
  const within = small.values().every(v => large.has(v));
  return op === '<=' || op === '>=' ? within : within && small.size < large.size;
}

function compare(op: CompareOperator, a: Value, b: Value): boolean {
  if (a instanceof PySet && b instanceof PySet && (op === '<' || op === '>' || op === '<=' || op === '>=')) return setOrder(op, a, b);
  switch (op) {
    case '==': return equals(a, b);
    case '!=': return !equals(a, b);
    case '<': return order(op, a, b) < 0;
    case '>': return order(op, a, b) > 0;
    case '<=': return order(op, a, b) <= 0;
    case '>=': return order(op, a, b) >= 0;
    case 'in': return contains(b, a);
    case 'not in': return !contains(b, a);
    case 'is': return identical(a, b);
    case 'is not': return !identical(a, b);
  }
}

const REFLECTED: Partial<Record<CompareOperator, CompareOperator>> = { '<': '>', '>': '<', '<=': '>=', '>=': '<=', '==': '==', '!=': '!=' };

/** `a op b` as an expression: arrays compare elementwise (an array of bools), everything else gives a bool. */
export function richCompare(op: CompareOperator, a: Value, b: Value): Value {
  if (op in REFLECTED) {
    const hooked = (a instanceof PyObject ? a.compareOp?.(op, b, false) : undefined) ?? (b instanceof PyObject ? b.compareOp?.(REFLECTED[op]!, a, false) : undefined);
    if (hooked !== undefined) return hooked;
  }
  return compare(op, a, b);
}

function identical(a: Value, b: Value): boolean {
  if (typeof a === 'number' && typeof b === 'number') return Object.is(a, b);
  return a === b;
}

/** The ordering used by sorted(), min() and max(): Python's `<`. */
export function lessThan(a: Value, b: Value): boolean {
  return order('<', a, b) < 0;
}
