// `unroll run`: the entry of the command line (bin/unroll.js starts the bundle, dist/cli.js; the
// unit tests start the compiled out/src/cli/main.js). It reads the notebook, injects the
// parameters, runs the cells in the extension's kernel, writes the executed notebook and exits
// with a status that says how the run ended.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { DEFAULT_KERNEL_MEMORY_MB } from '../keras/allocation';
import { describeKernelError } from '../protocol/kernel';
import { EXIT, ExportArguments, USAGE, UsageError, parseCommandLine, pythonString, RunArguments } from './args';
import { NotebookFileError, readNotebook, writeNotebook } from './notebookFile';
import { injectParameters } from './parameters';
import { NotebookRunner, RunResult, RunStatus } from './runner';

const EXIT_OF: Record<RunStatus, number> = { ok: EXIT.ok, error: EXIT.cellFailed, timeout: EXIT.timeout, crashed: EXIT.crashed, interrupted: EXIT.interrupted };

/** The extension's default for unroll.interruptTimeoutSeconds. */
const INTERRUPT_TIMEOUT_MS = 5_000;

async function main(argv: readonly string[]): Promise<number> {
  let args: RunArguments;
  let exporting: ExportArguments | undefined;
  try {
    const parsed = parseCommandLine(argv);
    if (parsed.command === 'help') {
      process.stdout.write(`${USAGE}\n`);
      return EXIT.ok;
    }
    args = parsed.args;
    if (parsed.command === 'export') exporting = parsed.export;
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    process.stderr.write(`unroll: ${error.message}\n\n${USAGE}\n`);
    return EXIT.usage;
  }

  let loaded;
  try {
    loaded = readNotebook(args.notebook);
  } catch (error) {
    if (!(error instanceof NotebookFileError)) throw error;
    process.stderr.write(`unroll: ${error.message}\n`);
    return EXIT.usage;
  }
  const workspaceRoot = path.resolve(args.workspace ?? '.');
  if (!fs.existsSync(workspaceRoot)) {
    process.stderr.write(`unroll: --workspace ${args.workspace}: no such folder\n`);
    return EXIT.usage;
  }

  const { notebook } = loaded;
  const injection = injectParameters(notebook, args.parameters);
  if (injection.warning) process.stderr.write(`unroll: ${injection.warning}\n`);
  // Cells are named by their place in the file as given; the injected one by what it is.
  const describeCell = (index: number): string => {
    if (index === -1) return 'the export';
    if (index === injection.index) return 'the injected parameters cell';
    return `cell ${injection.index !== undefined && index > injection.index ? index : index + 1}`;
  };

  const runner = new NotebookRunner({
    workerPath: kernelWorkerPath(),
    provider: args.provider,
    workspaceRoot,
    memoryMB: DEFAULT_KERNEL_MEMORY_MB,
    cellTimeoutMs: args.timeoutSeconds === undefined ? undefined : args.timeoutSeconds * 1000,
    interruptTimeoutMs: INTERRUPT_TIMEOUT_MS,
  }, {
    out: text => process.stdout.write(text),
    err: text => process.stderr.write(text),
    live: process.stderr.isTTY === true,
  });

  let interrupts = 0;
  const onInterrupt = () => {
    interrupts++;
    if (interrupts === 1) {
      process.stderr.write('\nunroll: interrupting (Ctrl-C again to quit at once)\n');
      void runner.interrupt();
    } else {
      process.stderr.write('unroll: quit\n');
      process.exit(EXIT.interrupted);
    }
  };
  process.on('SIGINT', onInterrupt);
  process.on('SIGTERM', onInterrupt);

  const started = Date.now();
  let result: RunResult;
  try {
    result = await runner.run(notebook, describeCell);
    if (result.status === 'ok' && exporting) {
      const exported = await runner.runAfter(`${exporting.model}.export_pytorch(${pythonString(exporting.script)})`, `export ${exporting.model} to PyTorch`);
      result = exported.status === 'ok' ? result : { ...exported, cellsRun: result.cellsRun };
    }
  } finally {
    await runner.dispose();
    process.off('SIGINT', onInterrupt);
    process.off('SIGTERM', onInterrupt);
  }
  // The notebook is written however the run ended, as papermill does: a failed run's file shows where it failed.
  if (args.output !== undefined) {
    try {
      writeNotebook(args.output, loaded);
    } catch (error) {
      process.stderr.write(`unroll: cannot write ${args.output}: ${error instanceof Error ? error.message : String(error)}\n`);
      return result.status === 'ok' ? EXIT.usage : EXIT_OF[result.status];
    }
  }
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  process.stderr.write(result.status === 'ok' ? `unroll: ${result.cellsRun} cells ran in ${seconds} s\n` : failureReport(args.notebook, result, describeCell));
  if (args.output !== undefined) process.stderr.write(`unroll: wrote ${args.output}\n`);
  return EXIT_OF[result.status];
}

/**
 * "notebook.rnnb, cell 4, line 2, column 7: NameError: name 'x' is not defined" with the line
 * and a caret under the column: the place first, in the file:line:column habit of compilers.
 */
function failureReport(file: string, result: RunResult, describeCell: (index: number) => string): string {
  const failed = result.failed;
  if (result.status === 'interrupted') return `unroll: interrupted${failed ? ` in ${describeCell(failed.index)}` : ''}\n`;
  if (!failed) return `unroll: the run ended: ${result.status}\n`;
  const { error } = failed;
  const place = [file, describeCell(failed.index)];
  // A timeout's KeyboardInterrupt has the place the cell was stopped at, which is not what went wrong.
  if (error?.line !== undefined && result.status !== 'timeout') place.push(`line ${error.line}`, `column ${error.column ?? 1}`);
  const what = result.status === 'timeout' ? `Timeout: ${failed.detail ?? 'the cell ran past --timeout'}`
    : error ? `${error.name}: ${describeKernelError({ ...error, line: undefined }, failed.source)}` : result.status;
  const excerpt = error?.line !== undefined && result.status !== 'timeout' ? describeKernelError(error, failed.source).split('\n').slice(1).join('\n') : '';
  return `unroll: ${place.join(', ')}: ${what}\n${excerpt ? `${excerpt}\n` : ''}`;
}

/** The kernel worker beside this script: dist/kernelWorker.js in the bundle, out/src/kernel/kernelWorker.js compiled. */
function kernelWorkerPath(): string {
  const bundled = path.join(__dirname, 'kernelWorker.js');
  return fs.existsSync(bundled) ? bundled : path.join(__dirname, '..', 'kernel', 'kernelWorker.js');
}

main(process.argv.slice(2)).then(code => { process.exitCode = code; }, (error: unknown) => {
  process.stderr.write(`unroll: internal error: ${error instanceof Error ? error.stack ?? error.message : String(error)}\n`);
  process.exitCode = 70;
});
