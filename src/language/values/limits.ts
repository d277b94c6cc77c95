// Bounds on what one cell can allocate, so a cell raises MemoryError instead of taking
// the kernel worker down. Generous for real notebooks (datasets live in typed arrays
// owned by host objects, not in Python lists).

const MAX_SEQUENCE_LENGTH = 10_000_000;
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

/**
 * Sequences of at least this many elements (strings of this many characters) are checked against the kernel's free heap before they
 * are made or grown. A kernel thread has a heap limit (unroll.kernelMemoryMB); when one allocation
 * passes it, Node ends the thread only if the allocation fits in 16 MB of grace: a bigger one (the
 * backing store of a list of millions) aborts the whole process, the extension host with it.
 */
const HEAP_CHECKED_FROM = 1 << 20;
/** A list element's slot (a pointer), times the growth of a backing store that fills up. */
const BYTES_PER_SLOT_GROWN = 8 * 1.5;
/** A string's character at worst (two-byte strings). */
const BYTES_PER_CHARACTER = 2;
/** Heap kept free beyond what the list itself needs: the rest of the cell needs some too. */
const HEAP_MARGIN_BYTES = 32 * 2 ** 20;
/** One growth check every this many single-element growths (append, comprehension). */
const GROWTH_CHECK_EVERY = 1 << 16;

/** The heap's limit and what is in use, in bytes: the kernel thread's V8 heap (none: unchecked). */
export type HeapProbe = () => { limitBytes: number; usedBytes: number };
let heapProbe: HeapProbe | undefined;

/** Sets the probe the sequence checks read (the kernel sets V8's); returns a function that restores the previous one. */
export function setHeapProbe(probe: HeapProbe | undefined): () => void {
  const previous = heapProbe;
  heapProbe = probe;
  return () => { heapProbe = previous; };
}

const megabytes = (bytes: number) => `${Math.ceil(bytes / 2 ** 20).toLocaleString('en-US')} MB`;

/** `needed` bytes for `what` ("list of 2,000,000 elements"), or a MemoryError saying what is free. */
function checkHeapFor(needed: number, what: string): void {
  if (!heapProbe) return;
  const { limitBytes, usedBytes } = heapProbe();
  if (limitBytes - usedBytes - needed >= HEAP_MARGIN_BYTES) return;
  throw new PyException('MemoryError', `a ${what} would need about ${megabytes(needed)} of the kernel's heap, which has ${megabytes(Math.max(0, limitBytes - usedBytes))} free of ${megabytes(limitBytes)} (the unroll.kernelMemoryMB setting)`);
}

/** A sequence about to be made, or grown by many elements at once, with `n` elements. */
export function checkSequenceLength(n: number | bigint, what = 'list'): void {
  if (n > MAX_SEQUENCE_LENGTH) {
    throw new PyException('MemoryError', `a ${what} of ${n} elements is over the ${MAX_SEQUENCE_LENGTH.toLocaleString('en-US')}-element limit of rnn cells`);
  }
  if (n >= HEAP_CHECKED_FROM) checkHeapFor(Number(n) * BYTES_PER_SLOT_GROWN, `${what} of ${Number(n).toLocaleString('en-US')} elements`);
}

/** Whether a sequence grown one element at a time to `n` is due for checkSequenceLength: cheap, true now and then. */
export function growthDueForCheck(n: number): boolean {
  return n >= HEAP_CHECKED_FROM && (n > MAX_SEQUENCE_LENGTH || n % GROWTH_CHECK_EVERY === 0);
}

/** A sequence about to grow by one element to `n` (append, list(), a set's add). */
export function checkSequenceGrowth(n: number, what = 'list'): void {
  if (growthDueForCheck(n)) checkSequenceLength(n, what);
}

export function checkStringLength(n: number | bigint): void {
  if (n > MAX_STRING_LENGTH) {
    throw new PyException('MemoryError', `a string of ${n} characters is over the ${MAX_STRING_LENGTH.toLocaleString('en-US')}-character limit of rnn cells`);
  }
  if (n >= HEAP_CHECKED_FROM) checkHeapFor(Number(n) * BYTES_PER_CHARACTER, `string of ${Number(n).toLocaleString('en-US')} characters`);
}
