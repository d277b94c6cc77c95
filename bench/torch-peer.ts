/**
 * The PyTorch CPU peer of `npm run bench` (issue 14): what a learner would pick instead of Unroll.
 * Runs bench/torch-peer.py in Debian's own interpreter (`/usr/bin/python3`, where `apt-get install
 * python3-torch` puts PyTorch; another python3 earlier on the PATH may not see it) as one
 * long-lived process, and asks it for one row at a time, right after the engine's row, so both see
 * the same load on a shared machine.
 *
 * PyTorch's CPU speed depends on the BLAS behind `libblas.so.3`: Debian's reference BLAS (~6
 * GFLOP/s) unless `libopenblas0-pthread` is installed; the bench names which one it found.
 * OPENBLAS_CORETYPE / OPENBLAS_L2_SIZE are unset for the peer: set by some machines, they
 * slow OpenBLAS down.
 */
import * as cp from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import * as readline from 'readline';
import type { PeerCell } from './tfjs-peer';

export interface TorchPeerInfo {
  available: boolean;
  /** PyTorch's version, or why the peer is not available. */
  detail: string;
  /** The library behind libblas.so.3 ('openblas-pthread', 'reference', ...). */
  blas: string;
}

export interface TorchRate {
  stepsPerSec: number;
  windows: number[];
  steps: number;
}

const PYTHON = process.env.UNROLL_TORCH_PYTHON ?? '/usr/bin/python3';
const SCRIPT = path.join(__dirname, '..', '..', 'bench', 'torch-peer.py');

/** Which BLAS Debian's alternatives point libblas.so.3 at (PyTorch 1.13 from Debian links it). */
function blasName(): string {
  for (const arch of ['x86_64-linux-gnu', 'aarch64-linux-gnu']) {
    const link = `/etc/alternatives/libblas.so.3-${arch}`;
    try {
      const target = fs.realpathSync(link);
      if (/openblas/.test(target)) return path.basename(path.dirname(target));
      if (/blis/.test(target)) return 'blis';
      return 'reference BLAS (slow: install libopenblas0-pthread)';
    } catch {
      // not this architecture
    }
  }
  return 'unknown';
}

export class TorchPeer {
  private constructor(
    private readonly child: cp.ChildProcessWithoutNullStreams,
    private readonly lines: AsyncIterator<string>,
    readonly info: TorchPeerInfo,
  ) {}

  /** Starts the peer, or says why it cannot (`why`). */
  static async start(): Promise<TorchPeer | { why: TorchPeerInfo }> {
    const blas = blasName();
    const missing = (detail: string) => ({ why: { available: false, detail, blas } });
    if (!fs.existsSync(PYTHON)) return missing(`${PYTHON} not found`);
    const env = { ...process.env };
    delete env.OPENBLAS_CORETYPE;
    delete env.OPENBLAS_L2_SIZE;
    const child = cp.spawn(PYTHON, [SCRIPT], { env, stdio: ['pipe', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += String(d)));
    const lines = readline.createInterface({ input: child.stdout })[Symbol.asyncIterator]();
    const first = await lines.next();
    if (first.done) {
      const why = /No module named 'torch'/.test(stderr)
        ? `PyTorch is not installed for ${PYTHON}: sudo apt-get install python3-torch libopenblas0-pthread (npm run provision does it as root)`
        : `the peer did not start: ${stderr.trim().split('\n').pop()}`;
      return missing(why);
    }
    const hello = JSON.parse(first.value) as { torch: string };
    return new TorchPeer(child, lines, { available: true, detail: `PyTorch ${hello.torch}`, blas });
  }

  async measure(req: { cell: PeerCell; T: number; H: number; B: number; I: number; threads: number; windows: number; windowMs: number }): Promise<TorchRate> {
    this.child.stdin.write(JSON.stringify(req) + '\n');
    const line = await this.lines.next();
    if (line.done) throw new Error('the PyTorch peer exited');
    const answer = JSON.parse(line.value) as TorchRate & { error?: string };
    if (answer.error) throw new Error(`PyTorch peer: ${answer.error}`);
    return answer;
  }

  close(): void {
    this.child.stdin.end();
  }
}
