// repr() and str() of values exactly as CPython writes them, with its guards: a list that
// contains itself prints as [...], and very deep nesting is a RecursionError, not a crash.
import { PyException } from '../errors';
import { floatRepr } from './floats';
import { pollInterrupt } from './interrupt';
import { MAX_VALUE_DEPTH } from './limits';
import { PyDict, PyEllipsis, PyList, PyObject, PyRange, PySlice, PyTuple, ResultDict, Value } from './types';

export function repr(v: Value): string {
  return new Printer().repr(v);
}

export function str(v: Value): string {
  if (typeof v === 'string') return v;
  const printer = new Printer();
  // Only types that define their own str() differ from repr (host objects may).
  if (v instanceof PyObject && v.str !== PyObject.prototype.str) return v.str(inner => printer.repr(inner));
  return printer.repr(v);
}

/** Python's string repr: single quotes unless the text has ' and no ". */
function strRepr(s: string): string {
  const quote = s.includes("'") && !s.includes('"') ? '"' : "'";
  let out = quote;
  for (const ch of s) {
    const code = ch.codePointAt(0)!;
    if (ch === quote || ch === '\\') out += '\\' + ch;
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else if (code < 0x20 || code === 0x7f) out += '\\x' + code.toString(16).padStart(2, '0');
    else if ((code >= 0x80 && code < 0xa0) || code === 0xad) out += '\\x' + code.toString(16).padStart(2, '0');
    else if (code >= 0xd800 && code < 0xe000) out += '\\u' + code.toString(16).padStart(4, '0');
    else out += ch;
  }
  return out + quote;
}

class Printer {
  private readonly active = new Set<object>();
  private depth = 0;

  repr(v: Value): string {
    if (v === null) return 'None';
    switch (typeof v) {
      case 'boolean': return v ? 'True' : 'False';
      case 'bigint': return v.toString();
      case 'number': return floatRepr(v);
      case 'string': return strRepr(v);
    }
    if (v instanceof PyEllipsis) return 'Ellipsis';
    if (v instanceof PyRange) {
      return v.step === 1n ? `range(${v.start}, ${v.stop})` : `range(${v.start}, ${v.stop}, ${v.step})`;
    }
    if (v instanceof PySlice) return `slice(${this.repr(v.start)}, ${this.repr(v.stop)}, ${this.repr(v.step)})`;
    if (v instanceof PyList || v instanceof PyTuple || (v instanceof PyDict && !(v instanceof ResultDict))) return this.container(v);
    return this.nested(v, () => v.repr(inner => this.repr(inner)), '...');
  }

  private container(v: PyList | PyTuple | PyDict): string {
    const cycle = v instanceof PyList ? '[...]' : v instanceof PyDict ? '{...}' : '(...)';
    return this.nested(v, () => {
      if (v instanceof PyList) return '[' + this.items(v.items) + ']';
      if (v instanceof PyTuple) {
        if (v.items.length === 1) return '(' + this.repr(v.items[0]) + ',)';
        return '(' + this.items(v.items) + ')';
      }
      const parts: string[] = [];
      for (const [key, value] of v.entries()) {
        pollInterrupt();
        parts.push(this.repr(key) + ': ' + this.repr(value));
      }
      return '{' + parts.join(', ') + '}';
    }, cycle);
  }

  /** A long list's repr is one builtin call that may run for seconds: it polls the interrupt. */
  private items(items: readonly Value[]): string {
    return items.map(i => {
      pollInterrupt();
      return this.repr(i);
    }).join(', ');
  }

  private nested(v: object, render: () => string, cycle: string): string {
    if (this.active.has(v)) return cycle;
    if (++this.depth > MAX_VALUE_DEPTH) {
      throw new PyException('RecursionError', 'maximum recursion depth exceeded while getting the repr of an object');
    }
    this.active.add(v);
    try {
      return render();
    } finally {
      this.active.delete(v);
      this.depth--;
    }
  }
}
