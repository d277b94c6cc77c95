// The memory ceiling of one kernel (the unroll.kernelMemoryMB setting). Typed arrays live
// outside the JavaScript heap, so a worker's resourceLimits do not bound them: a
// `pad_sequences(..., maxlen=10**9)` would take 4 GB before anything noticed. Every large
// allocation a cell can cause (arrays from data, padding, one-hot targets, layer weights)
// asks `checkAllocation` first and gets a MemoryError that names the call instead.
//
// The ceiling is per thread on purpose: a kernel worker and its training thread each hold one
// kernel, and each sets the ceiling once when it starts (like the thread's own resourceLimits).

const MIB = 1024 * 1024;
/** unroll.kernelMemoryMB's default: generous for learning-sized data, far below a laptop's RAM. */
export const DEFAULT_KERNEL_MEMORY_MB = 2048;

let ceilingBytes = DEFAULT_KERNEL_MEMORY_MB * MIB;

export function setKernelMemoryMB(mb: number): void {
  if (!(mb > 0)) throw new RangeError(`kernelMemoryMB must be positive, got ${mb}`);
  ceilingBytes = mb * MIB;
}

/** An allocation over the ceiling. Its name is Python's, so every layer reports it as MemoryError. */
export class AllocationTooLarge extends RangeError {
  override readonly name = 'MemoryError';
}

/** Throws AllocationTooLarge when `elements` of `bytesPerElement` bytes would pass the ceiling. */
export function checkAllocation(what: string, elements: number, bytesPerElement: number): void {
  const bytes = elements * bytesPerElement;
  if (Number.isFinite(bytes) && bytes <= ceilingBytes) return;
  throw new AllocationTooLarge(
    `${what} would need ${formatBytes(bytes)}, over the kernel's memory limit of ` +
    `${Math.round(ceilingBytes / MIB).toLocaleString('en-US')} MB (the unroll.kernelMemoryMB setting)`,
  );
}

/** Whether an error is a failed allocation: our ceiling, or V8's own typed-array and buffer limits. */
export function isAllocationFailure(e: unknown): e is RangeError {
  return e instanceof RangeError
    && (e instanceof AllocationTooLarge || /Array buffer allocation failed|Invalid typed array length|Invalid array buffer length/i.test(e.message));
}

function formatBytes(bytes: number): string {
  if (!Number.isFinite(bytes)) return 'more memory than can be counted';
  const units = ['bytes', 'KB', 'MB', 'GB', 'TB', 'PB', 'EB'];
  let value = bytes, unit = 0;
  while (value >= 1024 && unit < units.length - 1) { value /= 1024; unit++; }
  return `${value.toFixed(value >= 100 || unit === 0 ? 0 : 1)} ${units[unit]}`;
}
