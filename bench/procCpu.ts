/**
 * CPU time from Linux /proc, for the panels benches: what the host's main thread and the
 * browser's processes spend while panels are open against closed, a steadier measure than the
 * throughput on machines whose speed changes from minute to minute. Zero where /proc is absent.
 */
import * as fs from 'fs';

interface ProcStat {
  parent: string;
  /** The executable's name as the kernel keeps it (at most 15 characters). */
  comm: string;
  /** utime + stime, at 100 ticks a second. */
  cpuSeconds: number;
}

/** One /proc stat file (a process's or a thread's); undefined when it is gone or not Linux. */
function procStat(file: string): ProcStat | undefined {
  try {
    const text = fs.readFileSync(file, 'utf8');
    const close = text.lastIndexOf(') ');
    const fields = text.slice(close + 2).split(' ');
    return { parent: fields[1], comm: text.slice(text.indexOf('(') + 1, close), cpuSeconds: (Number(fields[11]) + Number(fields[12])) / 100 };
  } catch {
    return undefined;
  }
}

/** One thread's CPU seconds (a process's main thread has the process's id). */
export const threadCpuSeconds = (pid: number | string, tid: number | string = pid): number => procStat(`/proc/${pid}/task/${tid}/stat`)?.cpuSeconds ?? 0;

/** Every live process: one read of each stat. */
function allProcesses(): Map<string, ProcStat> {
  const stats = new Map<string, ProcStat>();
  let pids: string[];
  try { pids = fs.readdirSync('/proc').filter(p => /^\d+$/.test(p)); } catch { return stats; }
  for (const pid of pids) {
    const stat = procStat(`/proc/${pid}/stat`);
    if (stat) stats.set(pid, stat);
  }
  return stats;
}

/** The processes below `root` (children, theirs, …), with their stats. */
export function descendants(root: number | string = process.pid): Map<string, ProcStat> {
  const stats = allProcesses();
  const below = (pid: string): boolean => {
    for (let p = stats.get(pid)?.parent, hops = 0; p && hops < 16; p = stats.get(p)?.parent, hops++) if (p === String(root)) return true;
    return false;
  };
  return new Map([...stats].filter(([pid]) => below(pid)));
}

/** CPU seconds of the processes below this one whose name passes `which` (all of them without it). */
export function descendantsCpuSeconds(which: (comm: string) => boolean = () => true): number {
  return [...descendants().values()].filter(s => which(s.comm)).reduce((sum, s) => sum + s.cpuSeconds, 0);
}

/** The pid of the first process below this one whose command line contains `part`. */
export function descendantWithCommandLine(part: string): string | undefined {
  for (const pid of descendants().keys()) {
    try {
      if (fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(part)) return pid;
    } catch { /* gone */ }
  }
  return undefined;
}
