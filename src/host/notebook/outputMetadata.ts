// What a display output's metadata looks like in the notebook, pure so the unit tests use it too.
// VS Code's convention (its .ipynb serializer reads it): `outputType`, and the Jupyter output's own
// metadata under `metadata`, which is what .ipynb saves of it; .rnnb saves the whole object.

/** The NotebookCellOutput metadata of a display output whose own (Jupyter) metadata is `own`. */
export function displayOutputMetadata(own?: Record<string, unknown>): Record<string, unknown> {
  return own ? { outputType: 'display_data', metadata: own } : { outputType: 'display_data' };
}
