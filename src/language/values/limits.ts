// Bounds on what one cell can allocate, so a cell raises MemoryError instead of taking
// the kernel worker down. Generous for real notebooks (datasets live in typed arrays
// owned by host objects, not in Python lists).

export const MAX_SEQUENCE_LENGTH = 10_000_000;
const MAX_STRING_LENGTH = 10_000_000;
/** Bits of an int result; 2**1_000_000 is fine, 2**10**9 would stall the worker. */
export const MAX_INT_BITS = 1_000_000;
/**
 * Digits of a str → int conversion (Python's default sys.get_int_max_str_digits()): the
 * conversion is one native call, quadratic in the digits, that no interrupt can stop.
 */
export const MAX_INT_STR_DIGITS = 4300;
/** Nesting of repr/==/hash before Python-style RecursionError (the JS stack is the real limit). */
export const MAX_VALUE_DEPTH = 200;

import { PyException } from '../errors';

export function checkSequenceLength(n: number | bigint, what = 'list'): void {
  if (n > MAX_SEQUENCE_LENGTH) {
    throw new PyException('MemoryError', `a ${what} of ${n} elements is over the ${MAX_SEQUENCE_LENGTH.toLocaleString('en-US')}-element limit of rnn cells`);
  }
}

export function checkStringLength(n: number | bigint): void {
  if (n > MAX_STRING_LENGTH) {
    throw new PyException('MemoryError', `a string of ${n} characters is over the ${MAX_STRING_LENGTH.toLocaleString('en-US')}-character limit of rnn cells`);
  }
}
