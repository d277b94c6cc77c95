// What the host-side kernel tests share: real kernel workers started from the compiled tree,
// a sink that records a cell's outputs, and waiting for a condition.
import * as path from 'node:path';
import type { ExecuteSink } from '../../../src/host/kernelClient';
import type { KernelErrorInfo, OutputItem } from '../../../src/protocol/kernel';

export const KERNEL_WORKER = path.join(__dirname, '..', '..', '..', 'src', 'kernel', 'kernelWorker.js');
// unroll_test.* exists only with this set; workers inherit the environment.
process.env.UNROLL_TEST_HOOKS = '1';

export class Sink implements ExecuteSink {
  didStart = false;
  stdout = '';
  stderr = '';
  results: OutputItem[][] = [];
  errors: KernelErrorInfo[] = [];
  started() { this.didStart = true; }
  stream(name: 'stdout' | 'stderr', text: string) {
    if (name === 'stdout') this.stdout += text;
    else this.stderr += text;
  }
  display() {}
  result(items: OutputItem[]) { this.results.push(items); }
  error(error: KernelErrorInfo) { this.errors.push(error); }
}

export async function until(condition: () => boolean, what: string, ms = 60_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise(r => setTimeout(r, 10));
  }
}

export const randomMs = (lo: number, hi: number) => lo + Math.random() * (hi - lo);
export const sleep = (ms: number) => new Promise(r => setTimeout(r, ms));
