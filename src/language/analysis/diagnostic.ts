// What the editor shows for a cell: a message, how bad it is, and where.
import { SourceRange } from '../source';

export type Severity = 'error' | 'warning' | 'information';

export interface Diagnostic {
  readonly message: string;
  readonly severity: Severity;
  readonly range: SourceRange;
  /** Python's exception name the problem would raise at run time (SyntaxError, NameError…). */
  readonly code: string;
}
