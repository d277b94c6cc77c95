// The command line of `unroll run`, parsed by hand: four options do not justify a dependency,
// and every mistake gets a message that names the argument.
import type { ExecutionProvider } from '../protocol/kernel';

export const USAGE = `Usage: unroll run NOTEBOOK [options]
       unroll export NOTEBOOK --model NAME --script FILE.py [--to pytorch] [options]

run: runs every code cell of NOTEBOOK (.rnnb, or .ipynb with rnn cells) in order, in the same
kernel as the VS Code extension, and prints what the cells print.
export: runs the notebook the same way, then exports the model held by the variable NAME as a
PyTorch training script FILE.py (inside --workspace), with its weights and data beside it, as
NAME.export_pytorch('FILE.py') does in a cell.

Options:
  -p, --parameter NAME=VALUE  set NAME in an injected cell after the cell tagged "parameters"
                              (VALUE: a number, True/False/None, else a string); repeatable
  -o, --output FILE           write the executed notebook (.rnnb or .ipynb, outputs included)
      --provider NAME         ONNX Runtime execution provider: auto (default), cpu, webgpu,
                              cuda, dml, coreml
      --timeout SECONDS       the most one cell may run; then it is interrupted, the kernel
                              restarted if the cell does not stop, and the run fails
      --workspace DIR         the folder cells may read and write files in (default: the
                              current directory)
  -h, --help                  show this help

Exit status: 0 every cell ran; 1 a cell failed; 2 bad command line or unreadable notebook;
3 a cell ran past --timeout; 4 the kernel crashed; 130 interrupted (Ctrl-C).`;

/** The exit statuses USAGE lists. */
export const EXIT = { ok: 0, cellFailed: 1, usage: 2, timeout: 3, crashed: 4, interrupted: 130 } as const;

const PROVIDERS: readonly ExecutionProvider[] = ['auto', 'cpu', 'webgpu', 'cuda', 'dml', 'coreml'];

export interface RunArguments {
  notebook: string;
  output?: string;
  /** NAME → the rnn literal to assign, in the order given (a repeated NAME keeps its last value). */
  parameters: Map<string, string>;
  provider: ExecutionProvider;
  timeoutSeconds?: number;
  workspace?: string;
}

/** What `unroll export` writes after the run. */
export interface ExportArguments {
  /** The notebook variable that holds the model. */
  model: string;
  to: 'pytorch';
  /** The script to write, relative to the workspace. */
  script: string;
}

export type ParsedCommand =
  | { command: 'help' }
  | { command: 'run'; args: RunArguments }
  | { command: 'export'; args: RunArguments; export: ExportArguments };

/** A command line that cannot run; the message says which argument and why. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

export function parseCommandLine(argv: readonly string[]): ParsedCommand {
  if (argv.length === 0 || argv.includes('-h') || argv.includes('--help')) return { command: 'help' };
  const [command, ...rest] = argv;
  if (command !== 'run' && command !== 'export') throw new UsageError(`unknown command "${command}" (the commands are "run" and "export")`);
  const exporting: Partial<ExportArguments> = { to: 'pytorch' };
  const exportOnly = (flag: string) => {
    if (command !== 'export') throw new UsageError(`${flag} belongs to "unroll export", not "unroll run"`);
  };
  const args: Partial<RunArguments> & { parameters: Map<string, string>; provider: ExecutionProvider } = { parameters: new Map(), provider: 'auto' };
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i];
    // --name=value and --name value are both accepted, as most command lines do.
    const eq = arg.startsWith('--') ? arg.indexOf('=') : -1;
    const flag = eq > 0 ? arg.slice(0, eq) : arg;
    const value = (): string => {
      if (eq > 0) return arg.slice(eq + 1);
      const next = rest[++i];
      if (next === undefined) throw new UsageError(`${flag} needs a value`);
      return next;
    };
    switch (flag) {
      case '-p': case '--parameter': {
        const [name, literal] = parseParameter(value());
        args.parameters.delete(name);
        args.parameters.set(name, literal);
        break;
      }
      case '-o': case '--output': args.output = value(); break;
      case '--provider': {
        const provider = value();
        if (!PROVIDERS.includes(provider as ExecutionProvider)) throw new UsageError(`--provider must be one of ${PROVIDERS.join(', ')}, not "${provider}"`);
        args.provider = provider as ExecutionProvider;
        break;
      }
      case '--timeout': {
        const text = value();
        const seconds = Number(text);
        if (text.trim() === '' || !Number.isFinite(seconds) || seconds <= 0) throw new UsageError(`--timeout must be a number of seconds above 0, not "${text}"`);
        args.timeoutSeconds = seconds;
        break;
      }
      case '--workspace': args.workspace = value(); break;
      case '--model': {
        exportOnly(flag);
        const name = value();
        if (!IDENTIFIER.test(name)) throw new UsageError(`--model takes the name of the variable that holds the model, not "${name}"`);
        exporting.model = name;
        break;
      }
      case '--script': {
        exportOnly(flag);
        const script = value();
        if (!script.endsWith('.py')) throw new UsageError(`--script names the Python script to write (.py), not "${script}"`);
        exporting.script = script;
        break;
      }
      case '--to': {
        exportOnly(flag);
        const to = value();
        if (to !== 'pytorch') throw new UsageError(`--to must be pytorch, not "${to}"`);
        exporting.to = to;
        break;
      }
      default:
        if (arg.startsWith('-') && arg !== '-') throw new UsageError(`unknown option "${arg}"`);
        if (args.notebook !== undefined) throw new UsageError(`one notebook at a time ("${args.notebook}" and "${arg}")`);
        args.notebook = arg;
    }
  }
  if (args.notebook === undefined) throw new UsageError('no notebook given (unroll run NOTEBOOK.rnnb)');
  for (const file of [args.notebook, args.output]) {
    if (file !== undefined && !/\.(rnnb|ipynb)$/i.test(file)) throw new UsageError(`"${file}" is neither a .rnnb nor a .ipynb notebook`);
  }
  const run = { ...args, notebook: args.notebook };
  if (command === 'run') return { command, args: run };
  if (exporting.model === undefined) throw new UsageError('unroll export needs --model NAME (the variable that holds the model)');
  if (exporting.script === undefined) throw new UsageError('unroll export needs --script FILE.py (where to write the training script)');
  return { command, args: run, export: { model: exporting.model, to: 'pytorch', script: exporting.script } };
}

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;
const NUMBER = /^[-+]?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?$/;
const KEYWORDS = new Set(['True', 'False', 'None']);

/**
 * "EPOCHS=3" → ["EPOCHS", "3"]. Like papermill's -p, the value's type is inferred: a number or
 * True/False/None stays as written, anything else becomes a string literal.
 */
export function parseParameter(text: string): [string, string] {
  const eq = text.indexOf('=');
  if (eq < 0) throw new UsageError(`-p takes NAME=VALUE, not "${text}"`);
  const name = text.slice(0, eq).trim();
  if (!IDENTIFIER.test(name)) throw new UsageError(`-p ${text}: "${name}" is not a variable name`);
  return [name, toLiteral(text.slice(eq + 1))];
}

function toLiteral(value: string): string {
  const trimmed = value.trim();
  if (NUMBER.test(trimmed) || KEYWORDS.has(trimmed)) return trimmed;
  return pythonString(value);
}

/** A single-quoted string literal with the escapes the rnn parser (Python's) reads back as `value`. */
export function pythonString(value: string): string {
  const escaped = value.replace(/[\\'\n\r\t]/g, c => ({ '\\': '\\\\', "'": "\\'", '\n': '\\n', '\r': '\\r', '\t': '\\t' }[c] ?? c));
  return `'${escaped}'`;
}
