// Python's format-spec mini-language, for f-strings (`{x:>8.3f}`) and format():
// [[fill]align][sign][#][0][width][,|_][.precision][type].
import { PyException } from '../errors';
import { floatRepr, formatExponent, formatFixed, formatGeneral } from './floats';
import { repr, str } from './repr';
import { PyDict, PyObject, PyTuple, Value, typeName } from './types';

interface Spec {
  fill: string;
  align?: '<' | '>' | '^' | '=';
  sign: '+' | '-' | ' ';
  alternate: boolean;
  width: number;
  grouping?: ',' | '_';
  precision?: number;
  type: string;
}

function parseSpec(spec: string, forType: string): Spec {
  const m = /^(?:(.)?([<>=^]))?([+\- ])?(z)?(#)?(0)?(\d+)?([,_])?(?:\.(\d+))?([bcdeEfFgGnosxX%])?$/su.exec(spec);
  if (!m) throw new PyException('ValueError', `Invalid format specifier '${spec}' for object of type '${forType}'`);
  const zero = m[6] === '0';
  return {
    fill: m[1] ?? (zero && !m[2] ? '0' : ' '),
    align: (m[2] as Spec['align']) ?? (zero ? '=' : undefined),
    sign: (m[3] as Spec['sign']) ?? '-',
    alternate: m[5] === '#',
    width: m[7] ? Math.min(parseInt(m[7], 10), 10_000) : 0,
    grouping: m[8] as Spec['grouping'],
    precision: m[9] !== undefined ? Math.min(parseInt(m[9], 10), 1000) : undefined,
    type: m[10] ?? '',
  };
}

/** format(value, spec) */
export function formatValue(v: Value, spec: string): string {
  if (spec === '') return str(v);
  const kind = typeName(v);
  if (typeof v === 'string') return formatString(v, parseSpec(spec, kind));
  if (typeof v === 'bigint' || typeof v === 'boolean') return formatInt(typeof v === 'boolean' ? BigInt(v) : v, parseSpec(spec, kind));
  if (typeof v === 'number') return formatFloat(v, parseSpec(spec, kind));
  if (v instanceof PyObject || v === null) throw new PyException('TypeError', `unsupported format string passed to ${kind}.__format__`);
  return str(v);
}

function formatString(s: string, spec: Spec): string {
  if (spec.type !== '' && spec.type !== 's') throw new PyException('ValueError', `Unknown format code '${spec.type}' for object of type 'str'`);
  if (spec.sign !== '-' || spec.align === '=') throw new PyException('ValueError', 'Sign not allowed in string format specifier');
  const body = spec.precision !== undefined ? s.slice(0, spec.precision) : s;
  return pad(body, '', spec, '<');
}

function formatInt(n: bigint, spec: Spec): string {
  if ('eEfFgG%'.includes(spec.type) && spec.type !== '') return formatFloat(Number(n), spec);
  if (spec.precision !== undefined) throw new PyException('ValueError', 'Precision not allowed in integer format specifier');
  const negative = n < 0n;
  const magnitude = negative ? -n : n;
  let digits: string;
  let prefix = '';
  switch (spec.type) {
    case 'b': digits = magnitude.toString(2); prefix = spec.alternate ? '0b' : ''; break;
    case 'o': digits = magnitude.toString(8); prefix = spec.alternate ? '0o' : ''; break;
    case 'x': digits = magnitude.toString(16); prefix = spec.alternate ? '0x' : ''; break;
    case 'X': digits = magnitude.toString(16).toUpperCase(); prefix = spec.alternate ? '0X' : ''; break;
    case 'c': return pad(String.fromCodePoint(Number(n)), '', spec, '<');
    case '': case 'd': case 'n': digits = magnitude.toString(); break;
    default: throw new PyException('ValueError', `Unknown format code '${spec.type}' for object of type 'int'`);
  }
  if (spec.grouping) digits = group(digits, spec.grouping, spec.type === 'b' || spec.type === 'o' || spec.type === 'x' || spec.type === 'X' ? 4 : 3);
  return pad(digits, signOf(negative, spec) + prefix, spec, '>');
}

function formatFloat(x: number, spec: Spec): string {
  const negative = x < 0 || Object.is(x, -0);
  const magnitude = Math.abs(x);
  const upper = spec.type === 'E' || spec.type === 'F' || spec.type === 'G';
  let body: string;
  if (!Number.isFinite(magnitude)) {
    body = Number.isNaN(magnitude) ? 'nan' : 'inf';
    if (upper) body = body.toUpperCase();
    if (spec.type === '%') body += '%';
  } else {
    const precision = spec.precision ?? 6;
    switch (spec.type) {
      case 'f': case 'F': body = formatFixed(magnitude, precision); break;
      case 'e': case 'E': body = formatExponent(magnitude, precision); break;
      case 'g': case 'G': case 'n': body = formatGeneral(magnitude, precision, spec.alternate); break;
      case '%': body = formatFixed(magnitude * 100, precision) + '%'; break;
      case '':
        if (spec.precision === undefined) body = floatRepr(magnitude);
        else {
          body = formatGeneral(magnitude, spec.precision, spec.alternate);
          if (!/[.e]/.test(body)) body += '.0';
        }
        break;
      default: throw new PyException('ValueError', `Unknown format code '${spec.type}' for object of type 'float'`);
    }
    if (upper) body = body.toUpperCase();
    if (spec.alternate && !body.includes('.') && /^\d+$/.test(body.replace('%', ''))) body = body.replace(/(\d+)/, '$1.');
    if (spec.grouping) {
      const [intPart, ...rest] = body.split('.');
      body = group(intPart, spec.grouping, 3) + (rest.length ? '.' + rest.join('.') : '');
    }
  }
  return pad(body, signOf(negative && !Number.isNaN(x), spec), spec, '>');
}

function signOf(negative: boolean, spec: Spec): string {
  if (negative) return '-';
  return spec.sign === '-' ? '' : spec.sign;
}

function group(digits: string, separator: string, every: number): string {
  const parts: string[] = [];
  for (let end = digits.length; end > 0; end -= every) parts.unshift(digits.slice(Math.max(0, end - every), end));
  return parts.join(separator);
}

function pad(body: string, sign: string, spec: Spec, defaultAlign: '<' | '>'): string {
  const length = [...sign].length + [...body].length;
  const missing = Math.max(0, spec.width - length);
  if (!missing) return sign + body;
  const fill = spec.fill.repeat(missing);
  switch (spec.align ?? defaultAlign) {
    case '<': return sign + body + fill;
    case '>': return fill + sign + body;
    case '=': return sign + fill + body;
    case '^': {
      const left = Math.floor(missing / 2);
      return spec.fill.repeat(left) + sign + body + spec.fill.repeat(missing - left);
    }
  }
}

const PERCENT = /%(?:\(([^)]*)\))?([-+ 0#]*)(\*|\d+)?(?:\.(\*|\d+))?([diouxXeEfFgGcrsa%])/gs;

/** printf-style `'%d/%s %.3f' % (a, b, c)` and `'%(name)s' % {'name': v}`, with Python's errors. */
export function percentFormat(template: string, right: Value): string {
  const mapping = right instanceof PyDict ? right : undefined;
  const args = right instanceof PyTuple ? [...right.items] : [right];
  let next = 0;
  const take = (): Value => {
    if (next >= args.length) throw new PyException('TypeError', `not enough arguments for format string`);
    return args[next++];
  };
  let usedMapping = false;
  const out = template.replace(PERCENT, (_m, key: string | undefined, flags: string, width: string | undefined, precision: string | undefined, type: string) => {
    if (type === '%') return '%';
    let value: Value = null;
    if (key !== undefined) {
      if (!mapping) throw new PyException('TypeError', 'format requires a mapping');
      usedMapping = true;
      const found = mapping.get(key);
      if (found === undefined) throw new PyException('KeyError', `'${key}'`);
      value = found;
    }
    const w = width === '*' ? Number(asInt(take(), '* wants int')) : width ? parseInt(width, 10) : 0;
    const p = precision === '*' ? Number(asInt(take(), '* wants int')) : precision !== undefined ? parseInt(precision, 10) : undefined;
    if (key === undefined) value = take();
    return percentOne(value, flags, w, p, type);
  });
  if (!usedMapping && !mapping && next < args.length) throw new PyException('TypeError', 'not all arguments converted during string formatting');
  // A stray `%` that is no conversion (`'100%'` with an argument, `'%z'`) is Python's ValueError.
  const stray = /%(?![-+ 0#*\d.(]*[diouxXeEfFgGcrsa%])/.exec(template.replace(PERCENT, ''));
  if (stray) throw new PyException('ValueError', `incomplete format`);
  return out;
}

function asInt(v: Value, message: string): bigint {
  if (typeof v === 'bigint') return v;
  if (typeof v === 'boolean') return BigInt(v);
  throw new PyException('TypeError', message);
}

function percentOne(value: Value, flags: string, width: number, precision: number | undefined, type: string): string {
  const left = flags.includes('-');
  const sign = flags.includes('+') ? '+' : flags.includes(' ') ? ' ' : '';
  const zero = flags.includes('0') && !left;
  const alternate = flags.includes('#') ? '#' : '';
  const w = width ? String(Math.min(width, 10_000)) : '';
  if (type === 's' || type === 'r' || type === 'a') {
    let text = type === 's' ? str(value) : repr(value);
    if (precision !== undefined) text = text.slice(0, precision);
    return formatValue(text, (left ? '<' : '>') + w);
  }
  if (type === 'c') {
    const c = typeof value === 'string' ? value : String.fromCodePoint(Number(asInt(value, '%c requires an int or a unicode character, not ' + typeName(value))));
    return formatValue(c, (left ? '<' : '>') + w);
  }
  const numeric = typeof value === 'bigint' || typeof value === 'boolean' || typeof value === 'number';
  if (!numeric) {
    const what = 'diouxX'.includes(type) ? (type === 'x' || type === 'X' || type === 'o' ? 'an integer' : 'a real number') : 'a real number';
    throw new PyException('TypeError', `%${type} format: ${what} is required, not ${typeName(value)}`);
  }
  const align = left ? '<' : zero ? '' : '>';
  const pad = zero ? '0' : '';
  if ('diu'.includes(type)) {
    const n = typeof value === 'number' ? truncate(value) : BigInt(value);
    return formatValue(n, align + sign + pad + w + 'd');
  }
  if ('oxX'.includes(type)) {
    if (typeof value === 'number') throw new PyException('TypeError', `%${type} format: an integer is required, not float`);
    return formatValue(BigInt(value), align + sign + alternate + pad + w + type);
  }
  const x = typeof value === 'number' ? value : Number(value);
  return formatValue(x, align + sign + alternate + pad + w + '.' + (precision ?? 6) + type);
}

function truncate(x: number): bigint {
  if (!Number.isFinite(x)) throw new PyException(Number.isNaN(x) ? 'ValueError' : 'OverflowError', `cannot convert float ${x > 0 ? 'infinity' : Number.isNaN(x) ? 'NaN' : '-infinity'} to integer`);
  return BigInt(Math.trunc(x));
}
