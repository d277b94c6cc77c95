// Physical core count: ORT runs fastest with one intra-op thread per physical core (hyperthreads
// share the FPU). Node has no API for it, so read /proc/cpuinfo on Linux; elsewhere use half of
// the logical count when it is even (SMT is the common case), else all of them.
import * as os from 'os';
import * as fs from 'fs';

/** Read once: a session asks at every training step (runtime/threads.ts), and the machine does not change. */
let counted: number | undefined;

export function physicalCores(): number {
  return (counted ??= countPhysicalCores());
}

function countPhysicalCores(): number {
  try {
    if (process.platform === 'linux') {
      const text = fs.readFileSync('/proc/cpuinfo', 'utf8');
      const cores = new Set<string>();
      let phys = '0';
      for (const line of text.split('\n')) {
        const [k, v] = line.split(':').map((s) => s?.trim());
        if (k === 'physical id') phys = v;
        else if (k === 'core id') cores.add(`${phys}:${v}`);
      }
      if (cores.size > 0) return Math.min(cores.size, logicalCores());
    }
  } catch {
    /* fall through */
  }
  const n = logicalCores();
  return n >= 4 && n % 2 === 0 ? n / 2 : n;
}

function logicalCores(): number {
  return typeof os.availableParallelism === 'function' ? os.availableParallelism() : os.cpus().length;
}
