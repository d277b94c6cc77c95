// Positions in a cell: lezer works in UTF-16 offsets, editors and error outputs want
// 1-based lines and columns. Every diagnostic and run-time error carries both.

/** A half-open span [from, to) of UTF-16 offsets into the cell's source. */
export interface Span {
  readonly from: number;
  readonly to: number;
}

/** A span with its 1-based start and end line/column, as shown to the user. */
export interface SourceRange extends Span {
  readonly line: number;
  readonly column: number;
  readonly endLine: number;
  readonly endColumn: number;
}

/** Maps offsets to lines and columns for one source text. */
export class LineIndex {
  private readonly lineStarts: number[] = [0];

  constructor(readonly text: string) {
    for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) this.lineStarts.push(i + 1);
  }

  /** 1-based line and column of an offset (clamped into the text). */
  position(offset: number): { line: number; column: number } {
    const at = Math.max(0, Math.min(offset, this.text.length));
    let low = 0;
    let high = this.lineStarts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if (this.lineStarts[mid] <= at) low = mid;
      else high = mid - 1;
    }
    return { line: low + 1, column: at - this.lineStarts[low] + 1 };
  }

  range(span: Span): SourceRange {
    const from = Math.max(0, Math.min(span.from, this.text.length));
    const to = Math.max(from, Math.min(span.to, this.text.length));
    const start = this.position(from);
    const end = this.position(to);
    return { from, to, line: start.line, column: start.column, endLine: end.line, endColumn: end.column };
  }
}
