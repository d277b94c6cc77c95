// Parameters injected the way papermill injects them: the notebook marks one code cell with the
// tag "parameters" (its defaults), and the run adds a cell right after it, tagged
// "injected-parameters", that assigns the values given on the command line. Tags live in the
// cell's metadata as `tags: [...]`, the key nbformat uses, in .rnnb files as in .ipynb ones.
import type { JsonValue, RnnbCell, RnnbNotebook } from '../host/notebook/rnnbFormat';

const PARAMETERS_TAG = 'parameters';
const INJECTED_TAG = 'injected-parameters';

function tagsOf(cell: RnnbCell): string[] {
  const tags = cell.metadata.tags;
  return Array.isArray(tags) ? tags.filter((t): t is string => typeof t === 'string') : [];
}

export interface Injection {
  /** Index of the injected cell in the notebook's cells, or undefined when nothing was injected. */
  index?: number;
  /** Why the cell went where it did, when that needs saying (no parameters cell). */
  warning?: string;
}

/**
 * Adds the injected cell (replacing one a previous run left, as papermill does) after the cell
 * tagged "parameters", or first when none is. Changes `notebook` in place.
 */
export function injectParameters(notebook: RnnbNotebook, parameters: ReadonlyMap<string, string>): Injection {
  if (parameters.size === 0) return {};
  const previous = notebook.cells.findIndex(cell => tagsOf(cell).includes(INJECTED_TAG));
  if (previous >= 0) notebook.cells.splice(previous, 1);
  const anchor = notebook.cells.findIndex(cell => cell.kind === 'code' && tagsOf(cell).includes(PARAMETERS_TAG));
  const language = anchor >= 0 ? notebook.cells[anchor].language : notebook.cells.find(cell => cell.kind === 'code')?.language ?? 'rnn';
  const source = ['# Parameters injected by unroll run', ...[...parameters].map(([name, literal]) => `${name} = ${literal}`)].join('\n');
  const cell: RnnbCell = { kind: 'code', language, source, metadata: { tags: [INJECTED_TAG] as JsonValue }, outputs: [] };
  const index = anchor + 1; // 0 when there is no parameters cell
  notebook.cells.splice(index, 0, cell);
  return anchor >= 0 ? { index } : {
    index,
    warning: `no cell is tagged "${PARAMETERS_TAG}", so the parameters are set in a cell before the first one (tag the cell that sets their defaults: "tags": ["${PARAMETERS_TAG}"] in its metadata)`,
  };
}
