// What the command-line tests share: `unroll run` started as a user starts it (a child process
// running the compiled out/src/cli/main.js, which finds the compiled kernel worker beside it),
// and small notebooks written to a temporary folder.
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { serializeRnnb } from '../../../src/host/notebook/rnnbFormat';
import type { Metadata } from '../../../src/host/notebook/rnnbFormat';

export const CLI = path.join(__dirname, '..', '..', '..', 'src', 'cli', 'main.js');
export const REPO_ROOT = path.join(__dirname, '..', '..', '..', '..');

export interface CliRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  seconds: number;
}

/**
 * Runs `unroll run ARGS` in `cwd`. `onStdout` sees stdout as it arrives and may signal the
 * process (the Ctrl-C test). UNROLL_TEST_HOOKS=1 gives cells unroll_test.sleep and .hang.
 */
export function runCli(args: string[], cwd: string, onStdout?: (soFar: string, child: ReturnType<typeof spawn>) => void): Promise<CliRun> {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    // `run` unless the arguments name another command.
    const argv = args[0] === 'export' ? args : ['run', ...args];
    const child = spawn(process.execPath, [CLI, ...argv], { cwd, env: { ...process.env, UNROLL_TEST_HOOKS: '1' }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      onStdout?.(stdout, child);
    });
    child.stderr.on('data', (chunk: Buffer) => { stderr += chunk.toString(); });
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr, seconds: (Date.now() - started) / 1000 }));
  });
}

export function tempFolder(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'unroll-cli-'));
}

export interface CellSpec {
  source: string;
  kind?: 'code' | 'markdown';
  language?: string;
  tags?: string[];
}

/** Writes a .rnnb with these cells (code in rnn unless said otherwise) and returns its path. */
export function writeRnnb(folder: string, name: string, cells: CellSpec[]): string {
  const file = path.join(folder, name);
  fs.writeFileSync(file, serializeRnnb({
    metadata: { title: name },
    cells: cells.map(cell => {
      const metadata: Metadata = cell.tags ? { tags: cell.tags } : {};
      return { kind: cell.kind ?? 'code', language: cell.language ?? (cell.kind === 'markdown' ? 'markdown' : 'rnn'), source: cell.source, metadata, outputs: [] };
    }),
  }));
  return file;
}

/** The process's whole story, for an assertion message. */
export function transcript(run: CliRun): string {
  return `exit ${run.code}${run.signal ? ` (${run.signal})` : ''}\n--- stdout\n${run.stdout.slice(-3000)}\n--- stderr\n${run.stderr.slice(-3000)}`;
}
