// A kernel session: the globals of one notebook, living across cells like a Jupyter
// kernel. run() parses a cell (nothing runs if any of it is invalid), executes it and
// returns the display text of its last expression, as Jupyter's Out[n].
import { AllocationTooLarge, isAllocationFailure } from '../../keras/allocation';
import { CellError, PyException } from '../errors';
import { CallContext, DisplayItem } from '../host/objects';
import type { KerasRegistry } from '../host/registry';
import { parseCell } from '../parse';
import { Span } from '../source';
import { setIterationTick } from '../values/interrupt';
import { repr } from '../values/repr';
import { Value, typeName } from '../values/types';
import { createBuiltins } from './builtins';
import { Evaluator } from './evaluator';
import { enterCell } from './functions';

export interface SessionHost {
  /** Text the cell writes to stdout (print adds its own newline). */
  write(text: string): void;
  /** Rich outputs from host objects (summary, training progress); optional. */
  display?(items: DisplayItem[], id?: string, metadata?: Record<string, unknown>): void;
  /**
   * Polled at every statement, loop iteration and long iteration step: return true to
   * stop the cell with KeyboardInterrupt. Must be cheap (an Atomics.load).
   */
  interrupted(): boolean;
}

export interface RunResult {
  /** repr() of the last expression statement's value, unless it is None. */
  readonly value?: string;
  /** The value itself, for hosts that render rich outputs of known objects. */
  readonly rawValue?: Value;
}

export class KernelSession {
  private readonly globals = new Map<string, Value>();
  private readonly builtins = createBuiltins();

  constructor(private readonly host: SessionHost, readonly registry: KerasRegistry) {
    this.reset();
  }

  /** Forgets every global (what Restart does, without a new worker). */
  reset(): void {
    this.globals.clear();
    for (const [name, value] of this.registry.prelude()) this.globals.set(name, value);
  }

  /** Names defined so far with their Python type names, for the editor's static checks. */
  globalTypes(): Map<string, string> {
    return new Map([...this.globals].map(([name, value]) => [name, typeName(value)]));
  }

  get(name: string): Value | undefined {
    return this.globals.get(name);
  }

  run(source: string): RunResult {
    const parsed = parseCell(source);
    if (parsed.errors.length) throw parsed.errors[0];
    let current: Span = { from: 0, to: 0 };
    const interruptAt = (where: Span) => {
      if (this.host.interrupted()) throw new CellError('KeyboardInterrupt', 'interrupted by the user', parsed.lines.range(where));
    };
    const callContext: CallContext = {
      write: text => this.host.write(text),
      display: (items, id, metadata) => this.host.display?.(items, id, metadata),
      checkInterrupt: () => {
        if (this.host.interrupted()) throw new PyException('KeyboardInterrupt', 'interrupted by the user');
      },
    };
    const evaluator = new Evaluator({
      globals: this.globals,
      builtins: this.builtins,
      registry: this.registry,
      lines: parsed.lines,
      callContext,
      tick: where => {
        current = where;
        interruptAt(where);
      },
    });
    const restoreTick = setIterationTick(() => interruptAt(current));
    const leaveCell = enterCell(parsed.lines);
    try {
      const value = evaluator.execCell(parsed.module.body);
      if (value === undefined || value === null) return {};
      return { value: asCellError(() => repr(value), parsed.lines.range(current)), rawValue: value };
    } catch (e) {
      if (isStackOverflow(e)) {
        throw new CellError('RecursionError', 'maximum recursion depth exceeded', parsed.lines.range(current));
      }
      if (e instanceof PyException) throw new CellError(e.errorName, e.message, parsed.lines.range(current));
      // A host call that would pass the kernel's memory ceiling, or that V8 could not allocate.
      if (isAllocationFailure(e)) throw new CellError('MemoryError', e instanceof AllocationTooLarge ? e.message : `out of memory: ${e.message}`, parsed.lines.range(current));
      throw e;
    } finally {
      leaveCell();
      restoreTick();
    }
  }
}

function asCellError<T>(fn: () => T, where: CellError['range']): T {
  try {
    return fn();
  } catch (e) {
    if (e instanceof PyException) throw new CellError(e.errorName, e.message, where);
    throw e;
  }
}

function isStackOverflow(e: unknown): boolean {
  return e instanceof RangeError && /call stack/i.test(e.message);
}
