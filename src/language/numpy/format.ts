// numpy's array text (repr and str): one width for every element, floats in numpy's 'maxprec'
// mode (at most 8 fractional digits, padded to a common column), scientific notation when the
// magnitudes call for it, lines wrapped at 75 characters, and arrays over 1000 elements
// summarised with '...' after 3 edge items per axis. The layout follows numpy's _formatArray.
import { Arr, isFloatType, sizeOf, strides } from './core';

const LINE_WIDTH = 75;
const THRESHOLD = 1000;
const EDGE_ITEMS = 3;
const PRECISION = 8;

/** The element values that will be shown (all, or the edges of a summarised array). */
function shownValues(a: Arr, summarise: boolean): number[] {
  if (!summarise) return Array.from(a.data);
  const out: number[] = [];
  const own = strides(a.shape);
  const visit = (axis: number, offset: number): void => {
    if (axis === a.shape.length) {
      out.push(a.data[offset]);
      return;
    }
    const n = a.shape[axis];
    const picks = n > 2 * EDGE_ITEMS ? [0, 1, 2, n - 3, n - 2, n - 1] : [...Array(n).keys()];
    for (const i of picks) visit(axis + 1, offset + i * own[axis]);
  };
  visit(0, 0);
  return out;
}

/** The shortest decimal that reads back as the same float32 (numpy prints float32 with its own digits). */
function shortestFloat32(x: number): number {
  for (let p = 1; p < 9; p++) {
    const y = Number(x.toPrecision(p));
    if (Math.fround(y) === x) return y;
  }
  return Number(x.toPrecision(9));
}

function trimFraction(text: string): string {
  return text.replace(/0+$/, '');
}

/** The function that writes one element at the common width of `values`. */
function elementFormatter(a: Arr, values: number[]): (x: number) => string {
  if (a.dtype === 'bool') return x => (x ? ' True' : 'False');
  if (!isFloatType(a.dtype)) {
    const width = Math.max(...values.map(x => String(x).length), 1);
    return x => String(x).padStart(width);
  }
  const finite = values.filter(Number.isFinite);
  const special = (x: number) => (Number.isNaN(x) ? 'nan' : x > 0 ? 'inf' : '-inf');
  const abs = finite.map(Math.abs).filter(x => x !== 0);
  const max = abs.length ? Math.max(...abs) : 0;
  const min = abs.length ? Math.min(...abs) : 0;
  const scientific = max >= 1e8 || (abs.length > 0 && (min < 1e-4 || max / min > 1e3));
  if (scientific) {
    const parts = finite.map(x => {
      const [m, e] = Math.abs(x).toExponential(PRECISION).split('e');
      const [whole, frac] = m.split('.');
      return { whole, frac: trimFraction(frac), exp: e };
    });
    const fracWidth = Math.max(...parts.map(p => p.frac.length), 0);
    const expWidth = Math.max(...parts.map(p => p.exp.replace(/^[+-]/, '').length), 2);
    const signed = finite.some(x => x < 0 || Object.is(x, -0));
    const text = (x: number) => {
      if (!Number.isFinite(x)) return special(x);
      const [m, e] = Math.abs(x).toExponential(fracWidth).split('e');
      const exp = (e.startsWith('-') ? '-' : '+') + e.replace(/^[+-]/, '').padStart(expWidth, '0');
      return (x < 0 || Object.is(x, -0) ? '-' : signed ? ' ' : '') + (m.includes('.') ? m : m + '.') + 'e' + exp;
    };
    const width = Math.max(...values.map(x => text(x).length));
    return x => text(x).padStart(width);
  }
  const shortest = a.dtype === 'float32' ? shortestFloat32 : (x: number) => x;
  const parts = finite.map(x => {
    const fixed = Math.abs(shortest(x)).toFixed(PRECISION);
    const [whole, frac] = fixed.split('.');
    return { whole: (x < 0 || Object.is(x, -0) ? '-' : '') + whole, frac: trimFraction(frac) };
  });
  const fracWidth = Math.max(...parts.map(p => p.frac.length), 0);
  const nonFinite = values.filter(x => !Number.isFinite(x));
  const negInf = nonFinite.some(x => x === -Infinity) ? 1 : 0;
  const wholeWidth = Math.max(...parts.map(p => p.whole.length), nonFinite.length ? 3 + negInf - fracWidth - 1 : 0, finite.length ? 1 : 0);
  return x => {
    if (!Number.isFinite(x)) return special(x).padStart(wholeWidth + 1 + fracWidth);
    const fixed = Math.abs(shortest(x)).toFixed(PRECISION);
    const [whole, frac] = fixed.split('.');
    const sign = x < 0 || Object.is(x, -0) ? '-' : '';
    return (sign + whole).padStart(wholeWidth) + '.' + trimFraction(frac).padEnd(fracWidth);
  };
}

function extendLine(s: string, line: string, word: string, width: number, prefix: string): [string, string] {
  if (line.length + word.length > width && line.length > prefix.length) {
    s += line.trimEnd() + '\n';
    line = prefix;
  }
  return [s, line + word];
}

/** numpy's repr (`array([0., 1.])`, with `dtype=` for float32, int32 and empty arrays) or str (`[0. 1.]`). */
export function formatArray(a: Arr, mode: 'repr' | 'str'): string {
  const showDType = a.dtype === 'float32' || a.dtype === 'int32' || a.data.length === 0;
  const suffix = mode === 'repr' && showDType ? `, dtype=${a.dtype})` : mode === 'repr' ? ')' : '';
  const open = mode === 'repr' ? 'array(' : '';
  if (a.data.length === 0) {
    const empty = '['.repeat(Math.max(a.shape.length, 1)) + ']'.repeat(Math.max(a.shape.length, 1));
    if (mode === 'str') return empty;
    return a.shape.length > 1 ? `array([], shape=(${a.shape.join(', ')}), dtype=${a.dtype})` : `array([]${suffix}`;
  }
  const summarise = sizeOf(a.shape) > THRESHOLD;
  const format = elementFormatter(a, shownValues(a, summarise));
  if (a.shape.length === 0) return open + format(a.data[0]).trim() + suffix;
  const separator = mode === 'repr' ? ', ' : ' ';
  const own = strides(a.shape);
  const recurse = (axis: number, offset: number, indent: string, width: number): string => {
    if (axis === a.shape.length) return format(a.data[offset]);
    const n = a.shape[axis];
    const summary = summarise && n > 2 * EDGE_ITEMS;
    const picks: (number | '...')[] = summary ? [0, 1, 2, '...', n - 3, n - 2, n - 1] : [...Array(n).keys()];
    const nextIndent = indent + ' ';
    let s = '';
    if (axis === a.shape.length - 1) {
      const sepWidth = separator.trimEnd().length;
      let line = indent;
      picks.forEach((p, k) => {
        const last = k === picks.length - 1;
        const word = p === '...' ? '...' : recurse(axis + 1, offset + p * own[axis], nextIndent, width - 1);
        [s, line] = extendLine(s, line, word, last ? width - Math.max(sepWidth, 1) : width - sepWidth, indent);
        if (!last) line += separator;
      });
      s += line;
    } else {
      const lineSep = separator.trimEnd() + '\n'.repeat(a.shape.length - axis - 1);
      picks.forEach((p, k) => {
        const nested = p === '...' ? '...' : recurse(axis + 1, offset + p * own[axis], nextIndent, width - 1);
        s += indent + nested + (k === picks.length - 1 ? '' : lineSep);
      });
    }
    return '[' + s.slice(indent.length) + ']';
  };
  const prefix = ' '.repeat(open.length + 1);
  const shape = summarise && mode === 'repr' ? `, shape=(${a.shape.join(', ')}${a.shape.length === 1 ? ',' : ''})` : '';
  return open + recurse(0, 0, prefix, mode === 'repr' ? LINE_WIDTH - 1 : LINE_WIDTH) + shape + suffix;
}
