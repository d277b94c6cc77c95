// What one cell's walk offers the parts of the analyser: the names in scope, where to
// report, and whether the code being read is certain to run once (not in a branch or loop).
import type { KerasRegistry } from '../host/registry';
import type { Span } from '../source';
import type { Severity } from './diagnostic';
import type { StaticValue } from './staticValue';

export interface WalkContext {
  readonly registry: KerasRegistry;
  /** Every name the notebook has bound so far (builtins, prelude, cells above, this cell). */
  readonly names: Map<string, StaticValue>;
  /** Inside an `if` or a `for`: the code may run any number of times; shapes are not checked. */
  readonly uncertain: boolean;
  /** A problem that running the cell would raise (NameError, TypeError…). */
  report(where: Span, code: string, message: string, severity?: Severity): void;
  /** A shape mismatch (ValueError; UserWarning when it is a warning); dropped while uncertain. */
  reportShape(where: Span, message: string, severity?: Severity): void;
  /** How the cell wrote a span, on one line. */
  text(span: Span): string;
}
