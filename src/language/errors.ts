// The one error type a cell can raise: Python's exception name, its message and where in
// the cell it happened. Parse errors, static diagnostics and run-time exceptions share it,
// so the kernel and the editor show every problem the same way.
import { SourceRange } from './source';

export class CellError extends Error {
  constructor(
    /** Python's name for it: SyntaxError, NameError, TypeError, KeyboardInterrupt… */
    readonly errorName: string,
    message: string,
    readonly range: SourceRange,
  ) {
    super(message);
    this.name = 'CellError';
  }

  /** 1-based line of the start, for the kernel's error output. */
  get line(): number {
    return this.range.line;
  }

  get column(): number {
    return this.range.column;
  }
}

/**
 * An error raised without knowing where it is (host objects, value helpers). The
 * interpreter gives it the range of the expression being evaluated when it passes by.
 */
export class PyException extends Error {
  constructor(readonly errorName: string, message: string) {
    super(message);
    this.name = 'PyException';
  }
}
