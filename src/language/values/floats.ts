// Python's text for floats. repr uses the shortest round-trip digits (as JS does) but
// switches to exponent form below 1e-4 and from 1e16, writes the exponent with two digits
// and always shows a '.0' on integral values: 1.0, 0.1, 1e-05, 1e+16, inf, nan.
// Fixed-point formatting ('.3f', round) is done on the double's exact decimal value with
// round-half-even, as CPython does, so 0.125 → '0.12' and 2.675 → '2.67'.

export function floatRepr(x: number): string {
  if (Number.isNaN(x)) return 'nan';
  if (x === Infinity) return 'inf';
  if (x === -Infinity) return '-inf';
  if (x === 0) return Object.is(x, -0) ? '-0.0' : '0.0';
  const { negative, digits, exponent } = shortestDigits(x);
  const sign = negative ? '-' : '';
  if (exponent >= -4 && exponent < 16) return sign + placeDecimalPoint(digits, exponent, true);
  const mantissa = digits.length > 1 ? digits[0] + '.' + digits.slice(1) : digits;
  return sign + mantissa + exponentText(exponent);
}

/** The shortest round-trip digits of |x| and the decimal exponent of the first digit. */
function shortestDigits(x: number): { negative: boolean; digits: string; exponent: number } {
  const [mantissa, exp] = x.toExponential().split('e');
  const negative = mantissa.startsWith('-');
  return { negative, digits: mantissa.replace('-', '').replace('.', ''), exponent: parseInt(exp, 10) };
}

/** 'e+05', 'e-07', 'e+100': Python writes at least two exponent digits. */
function exponentText(exponent: number): string {
  return 'e' + (exponent < 0 ? '-' : '+') + String(Math.abs(exponent)).padStart(2, '0');
}

/** digits d1d2d3… with the first digit at 10^exponent, written in fixed point. */
function placeDecimalPoint(digits: string, exponent: number, forceFraction: boolean): string {
  let intPart: string;
  let frac: string;
  if (exponent >= 0) {
    intPart = digits.slice(0, exponent + 1).padEnd(exponent + 1, '0');
    frac = digits.slice(exponent + 1);
  } else {
    intPart = '0';
    frac = '0'.repeat(-exponent - 1) + digits;
  }
  if (!frac && forceFraction) frac = '0';
  return frac ? intPart + '.' + frac : intPart;
}

/** The exact value of a finite double as scaled / 10^scale (scaled an integer ≥ 0). */
function exactDecimal(x: number): { scaled: bigint; scale: number } {
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, Math.abs(x));
  const bits = view.getBigUint64(0);
  const biased = Number((bits >> 52n) & 0x7ffn);
  let mantissa = bits & 0xfffffffffffffn;
  let exp2: number;
  if (biased === 0) exp2 = -1074;
  else {
    mantissa |= 1n << 52n;
    exp2 = biased - 1075;
  }
  if (exp2 >= 0) return { scaled: mantissa << BigInt(exp2), scale: 0 };
  // m·2^-k = m·5^k / 10^k
  return { scaled: mantissa * 5n ** BigInt(-exp2), scale: -exp2 };
}

/** |x| rounded half-even to `places` decimals, as an integer count of 10^-places. */
function roundedScaled(x: number, places: number): bigint {
  const { scaled, scale } = exactDecimal(x);
  if (scale <= places) return scaled * 10n ** BigInt(places - scale);
  const divisor = 10n ** BigInt(scale - places);
  let kept = scaled / divisor;
  const remainder = scaled % divisor;
  const twice = remainder * 2n;
  if (twice > divisor || (twice === divisor && kept % 2n === 1n)) kept += 1n;
  return kept;
}

/** Python's '%.{places}f' for a finite double (no sign handling of NaN/inf here). */
export function formatFixed(x: number, places: number): string {
  const kept = roundedScaled(x, places).toString().padStart(places + 1, '0');
  const intPart = kept.slice(0, kept.length - places);
  const frac = kept.slice(kept.length - places);
  const negative = x < 0 || Object.is(x, -0);
  return (negative ? '-' : '') + (places > 0 ? intPart + '.' + frac : intPart);
}

/** Python's round(x, places) for a finite double. */
export function roundFloat(x: number, places: number): number {
  if (!Number.isFinite(x)) return x;
  if (places > 330) return x;
  if (places < -330) return x * 0;
  if (places >= 0) return Number(formatFixed(x, places));
  const unit = 10n ** BigInt(-places);
  const whole = roundedScaled(x, 0);
  let kept = whole / unit;
  const rem = whole % unit;
  if (rem * 2n > unit || (rem * 2n === unit && kept % 2n === 1n)) kept += 1n;
  const magnitude = Number(kept * unit);
  return x < 0 ? -magnitude : magnitude;
}

/** Python's '%.{precision}e'. */
export function formatExponent(x: number, precision: number): string {
  const [mantissa, exp] = x.toExponential(Math.min(precision, 100)).split('e');
  return mantissa + exponentText(parseInt(exp, 10));
}

/** Python's '%.{precision}g' (trailing zeros removed unless `alternate`). */
export function formatGeneral(x: number, precision: number, alternate = false): string {
  const p = precision === 0 ? 1 : precision;
  if (x === 0) {
    const zero = alternate ? '0.' + '0'.repeat(p - 1) : '0';
    return (Object.is(x, -0) ? '-' : '') + zero;
  }
  const exponent = parseInt(x.toExponential(Math.min(p - 1, 100)).split('e')[1], 10);
  let text: string;
  if (exponent >= -4 && exponent < p) text = formatFixed(x, p - 1 - exponent);
  else text = formatExponent(x, p - 1);
  if (alternate) return text;
  const [mantissa, exp] = text.split('e');
  const trimmed = mantissa.includes('.') ? mantissa.replace(/0+$/, '').replace(/\.$/, '') : mantissa;
  return exp === undefined ? trimmed : trimmed + 'e' + exp;
}
