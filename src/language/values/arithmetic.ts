// Python's arithmetic on ints (exact bigint), floats and sequences, with CPython's error
// messages. bool is an int here, as in Python (True + 1 == 2).
import { BinaryOperator } from '../ast';
import { PyException } from '../errors';
import { percentFormat } from './format';
import { pollInterrupt } from './interrupt';
import { checkSequenceLength, checkStringLength, MAX_INT_BITS } from './limits';
import { PyList, PyObject, PySet, PyTuple, Value, isInt, typeName } from './types';

function asBig(v: bigint | boolean): bigint {
  return typeof v === 'boolean' ? (v ? 1n : 0n) : v;
}

/** int → float as Python does: an int too large for a double is an OverflowError. */
export function intToFloat(v: bigint | boolean): number {
  const x = Number(asBig(v));
  if (!Number.isFinite(x)) throw new PyException('OverflowError', 'int too large to convert to float');
  return x;
}

function unsupported(op: string, a: Value, b: Value): PyException {
  return new PyException('TypeError', `unsupported operand type(s) for ${op}: '${typeName(a)}' and '${typeName(b)}'`);
}

export function binaryOp(op: BinaryOperator, a: Value, b: Value): Value {
  if (isInt(a) && isInt(b)) {
    if (typeof a === 'boolean' && typeof b === 'boolean' && (op === '&' || op === '|' || op === '^')) return intOp(op, asBig(a), asBig(b)) === 1n;
    return intOp(op, asBig(a), asBig(b));
  }
  const hooked = (a instanceof PyObject ? a.binaryOp?.(op, b, false) : undefined) ?? (b instanceof PyObject ? b.binaryOp?.(op, a, true) : undefined);
  if (hooked !== undefined) return hooked;
  const fa = typeof a === 'number' ? a : isInt(a) ? null : undefined;
  const fb = typeof b === 'number' ? b : isInt(b) ? null : undefined;
  if (fa !== undefined && fb !== undefined) {
    return floatOp(op, fa ?? intToFloat(a as bigint | boolean), fb ?? intToFloat(b as bigint | boolean));
  }
  return sequenceOp(op, a, b);
}

function intOp(op: BinaryOperator, a: bigint, b: bigint): Value {
  switch (op) {
    case '+': return checkedInt(a + b);
    case '-': return checkedInt(a - b);
    case '*': return checkedInt(a * b);
    case '/':
      if (b === 0n) throw new PyException('ZeroDivisionError', 'division by zero');
      return trueDivide(a, b);
    case '//':
      if (b === 0n) throw new PyException('ZeroDivisionError', 'integer division or modulo by zero');
      return floorDiv(a, b);
    case '%':
      if (b === 0n) throw new PyException('ZeroDivisionError', 'integer modulo by zero');
      return a - floorDiv(a, b) * b;
    case '**':
      if (b < 0n) {
        if (a === 0n) throw new PyException('ZeroDivisionError', '0.0 cannot be raised to a negative power');
        return floatOp('**', intToFloat(a), Number(b));
      }
      return intPower(a, b);
    case '&': return a & b;
    case '|': return a | b;
    case '^': return a ^ b;
    default:
      throw unsupported(op, a, b);
  }
}

function checkedInt(v: bigint): bigint {
  // Only multiplication and powers grow ints fast; a cheap size test covers +/- too.
  if (v > 0n ? v >> BigInt(MAX_INT_BITS) !== 0n : -v >> BigInt(MAX_INT_BITS) !== 0n) {
    throw new PyException('MemoryError', `an int of more than ${MAX_INT_BITS} bits is over the limit of rnn cells`);
  }
  return v;
}

function intPower(a: bigint, b: bigint): bigint {
  const magnitude = a < 0n ? -a : a;
  if (magnitude <= 1n) return a === -1n && b % 2n === 1n ? -1n : magnitude === 0n ? (b === 0n ? 1n : 0n) : 1n;
  const bits = magnitude.toString(2).length;
  if (BigInt(bits - 1) * b > BigInt(MAX_INT_BITS)) {
    throw new PyException('MemoryError', `an int of more than ${MAX_INT_BITS} bits is over the limit of rnn cells`);
  }
  return a ** b;
}

function floorDiv(a: bigint, b: bigint): bigint {
  const q = a / b;
  return (a % b !== 0n) && ((a < 0n) !== (b < 0n)) ? q - 1n : q;
}

function trueDivide(a: bigint, b: bigint): number {
  const x = Number(a);
  const y = Number(b);
  if (Number.isFinite(x) && Number.isFinite(y)) return x / y;
  // Huge operands: divide exactly first, as Python's correctly rounded int/int does.
  const scaled = (a * 10n ** 20n) / b;
  const result = Number(scaled) / 1e20;
  if (!Number.isFinite(result)) throw new PyException('OverflowError', 'integer division result too large for a float');
  return result;
}

function floatOp(op: BinaryOperator, a: number, b: number): number {
  switch (op) {
    case '+': return a + b;
    case '-': return a - b;
    case '*': return a * b;
    case '/':
      if (b === 0) throw new PyException('ZeroDivisionError', 'float division by zero');
      return a / b;
    case '//':
      if (b === 0) throw new PyException('ZeroDivisionError', 'float floor division by zero');
      return Math.floor(a / b);
    case '%': {
      if (b === 0) throw new PyException('ZeroDivisionError', 'float modulo by zero');
      const r = a % b;
      return r !== 0 && (r < 0) !== (b < 0) ? r + b : r === 0 ? (b < 0 ? -0 : 0) : r;
    }
    case '**': {
      if (a === 0 && b < 0) throw new PyException('ZeroDivisionError', '0.0 cannot be raised to a negative power');
      if (a < 0 && !Number.isInteger(b) && Number.isFinite(b)) {
        throw new PyException('ValueError', 'a negative number raised to a fractional power is complex; complex numbers are not supported in rnn cells');
      }
      const r = Math.pow(a, b);
      if (!Number.isFinite(r) && Number.isFinite(a) && Number.isFinite(b)) throw new PyException('OverflowError', '(34, \'Numerical result out of range\')');
      return r;
    }
    default:
      throw unsupported(op, a, b);
  }
}

function sequenceOp(op: BinaryOperator, a: Value, b: Value): Value {
  if (op === '+') {
    if (typeof a === 'string') {
      if (typeof b !== 'string') throw new PyException('TypeError', `can only concatenate str (not "${typeName(b)}") to str`);
      checkStringLength(a.length + b.length);
      return a + b;
    }
    if (a instanceof PyList) {
      if (!(b instanceof PyList)) throw new PyException('TypeError', `can only concatenate list (not "${typeName(b)}") to list`);
      checkSequenceLength(a.items.length + b.items.length);
      return new PyList([...a.items, ...b.items]);
    }
    if (a instanceof PyTuple) {
      if (!(b instanceof PyTuple)) throw new PyException('TypeError', `can only concatenate tuple (not "${typeName(b)}") to tuple`);
      checkSequenceLength(a.items.length + b.items.length, 'tuple');
      return new PyTuple([...a.items, ...b.items]);
    }
  }
  if (op === '*') {
    if (isInt(b) && (typeof a === 'string' || a instanceof PyList || a instanceof PyTuple)) return repeat(a, asBig(b));
    if (isInt(a) && (typeof b === 'string' || b instanceof PyList || b instanceof PyTuple)) return repeat(b, asBig(a));
    const sequence = [a, b].find(v => typeof v === 'string' || v instanceof PyList || v instanceof PyTuple);
    const other = sequence === a ? b : a;
    if (sequence !== undefined) throw new PyException('TypeError', `can't multiply sequence by non-int of type '${typeName(other)}'`);
  }
  if (op === '%' && typeof a === 'string') return percentFormat(a, b);
  if (a instanceof PySet && b instanceof PySet) {
    switch (op) {
      case '&': return PySet.of(a.values().filter(v => b.has(v)));
      case '|': return PySet.of([...a.values(), ...b.values()]);
      case '-': return PySet.of(a.values().filter(v => !b.has(v)));
      case '^': return PySet.of([...a.values().filter(v => !b.has(v)), ...b.values().filter(v => !a.has(v))]);
    }
  }
  throw unsupported(op, a, b);
}

function repeat(seq: string | PyList | PyTuple, times: bigint): Value {
  const n = times < 0n ? 0n : times;
  if (typeof seq === 'string') {
    checkStringLength(BigInt(seq.length) * n);
    return seq.repeat(Number(n));
  }
  const total = BigInt(seq.items.length) * n;
  checkSequenceLength(total, seq.typeName);
  // [] * 10**9 is empty: no billion rounds of nothing (they would not poll the interrupt).
  if (total === 0n) return seq instanceof PyList ? new PyList([]) : new PyTuple([]);
  const items: Value[] = [];
  for (let i = 0n; i < n; i++) {
    for (const item of seq.items) {
      pollInterrupt();
      items.push(item);
    }
  }
  return seq instanceof PyList ? new PyList(items) : new PyTuple(items);
}

export function unaryOp(op: '-' | '+' | '~', v: Value): Value {
  if (isInt(v)) return op === '-' ? -asBig(v) : op === '~' ? ~asBig(v) : asBig(v);
  if (v instanceof PyObject && v.unaryOp) return v.unaryOp(op);
  if (typeof v === 'number') return op === '-' ? -v : v;
  throw new PyException('TypeError', `bad operand type for unary ${op}: '${typeName(v)}'`);
}
