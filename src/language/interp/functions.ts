// Functions a cell defines with `def` or `lambda`. Calling one binds the arguments with the
// same rules (and messages) as every host call, then runs the body in a scope of its own.
// A function defined in one cell and called from another reports an error inside it at the
// call, naming where in the defining cell it happened: a range can only point into one cell.
import { CellError, PyException } from '../errors';
import { CallContext, PyCallable } from '../host/objects';
import { BoundArgs, Signature, bindArguments } from '../host/signature';
import { LineIndex } from '../source';
import { Value } from '../values/types';

/** Python's default sys.getrecursionlimit(). */
const MAX_CALL_DEPTH = 1000;

// Module state on purpose, like the interrupt hook: a thread runs one cell at a time,
// synchronously, and these describe the call stack of that one run.
let callDepth = 0;
/** The cell whose code is running now (the session's cell, or a function body's). */
let activeLines: LineIndex | undefined;

/** Marks the code of `lines` as running; returns the restore. */
export function enterCell(lines: LineIndex): () => void {
  const previous = activeLines;
  const previousDepth = callDepth;
  activeLines = lines;
  return () => {
    activeLines = previous;
    callDepth = previousDepth;
  };
}

/** No regular expression here: this runs with the stack nearly full. */
function isStackOverflow(e: RangeError): boolean {
  return e.message.indexOf('call stack') >= 0;
}

export class UserFunction extends PyCallable {
  constructor(
    readonly name: string,
    readonly signature: Signature,
    /** Runs the body with the bound arguments. */
    private readonly run: (args: BoundArgs) => Value,
    /** The cell that defines it. */
    private readonly lines: LineIndex,
  ) {
    super();
  }

  get typeName(): string {
    return 'function';
  }

  override repr(): string {
    return `<function ${this.name}>`;
  }

  call(args: readonly Value[], kwargs: ReadonlyMap<string, Value>, _ctx: CallContext): Value {
    const bound = this.bind(args, kwargs);
    if (callDepth >= MAX_CALL_DEPTH) throw new PyException('RecursionError', 'maximum recursion depth exceeded');
    const caller = activeLines;
    callDepth++;
    activeLines = this.lines;
    try {
      return this.run(bound);
    } catch (e) {
      // A JS stack that runs out before the depth limit is the same error to the user.
      if (e instanceof RangeError && isStackOverflow(e)) throw new PyException('RecursionError', 'maximum recursion depth exceeded');
      if (e instanceof CellError && caller !== this.lines) {
        throw new PyException(e.errorName, `${e.message} (in ${this.name}() at line ${e.line}, column ${e.column} of the cell that defines it)`);
      }
      throw e;
    } finally {
      callDepth--;
      activeLines = caller;
    }
  }

  private bind(args: readonly Value[], kwargs: ReadonlyMap<string, Value>): BoundArgs {
    return bindArguments(this.signature, args, kwargs);
  }
}

