// Editor support for rnn cells in the real extension host: squiggles while typing,
// completion, hover and signature help through VS Code's own provider commands.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { activateUnroll, closeActiveEditor, notebookWith, waitFor } from './helpers';

const CELL = 'model = Sequential()\nmodel.add(LSTM(unit=32))\nmodel.fit(X, y, epochs=EPOCHS)';

function diagnosticsOf(cell: vscode.NotebookCell): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(cell.document.uri).filter(d => d.source === 'unroll');
}

/** The position of the n-th occurrence of `text` in the cell, plus `delta` characters. */
function positionOf(cell: vscode.NotebookCell, text: string, delta = 0): vscode.Position {
  const offset = cell.document.getText().indexOf(text);
  assert.ok(offset >= 0, `${text} not in the cell`);
  return cell.document.positionAt(offset + delta);
}

describe('editor support for rnn cells in the extension host', () => {
  before(activateUnroll);
  afterEach(closeActiveEditor);

  it('shows diagnostics with Python codes and ranges, names from the cell above count, and edits update them', async () => {
    const editor = await notebookWith('editor-diagnostics.rnnb', 'X = y = 0', CELL);
    const cell = editor.notebook.cellAt(1);
    await waitFor(() => diagnosticsOf(cell).length === 2, 'two diagnostics in the second cell');
    const [keyword, name] = diagnosticsOf(cell).sort((a, b) => a.range.start.compareTo(b.range.start));
    assert.equal(keyword.message, "LSTM() got an unexpected keyword argument 'unit'. Did you mean 'units'?");
    assert.equal(keyword.code, 'TypeError');
    assert.equal(keyword.severity, vscode.DiagnosticSeverity.Error);
    assert.deepEqual([keyword.range.start.line, keyword.range.start.character, keyword.range.end.line, keyword.range.end.character], [1, 15, 1, 19]);
    assert.equal(name.message, "name 'EPOCHS' is not defined");
    assert.equal(name.code, 'NameError');
    assert.equal(cell.document.getText(name.range), 'EPOCHS');
    assert.deepEqual(diagnosticsOf(editor.notebook.cellAt(0)), [], 'the first cell is clean');

    // Fixing the keyword while typing clears its squiggle; the other stays.
    const edit = new vscode.WorkspaceEdit();
    edit.insert(cell.document.uri, positionOf(cell, 'unit=', 4), 's');
    assert.ok(await vscode.workspace.applyEdit(edit));
    await waitFor(() => diagnosticsOf(cell).length === 1, 'one diagnostic after the fix');
    assert.equal(diagnosticsOf(cell)[0].code, 'NameError');
  });

  it('flags a shape mismatch before anything runs: a stacked LSTM fed a layer without return_sequences', async () => {
    const editor = await notebookWith('editor-shapes.rnnb', 'model = Sequential()\nmodel.add(Embedding(5000, 32))\nmodel.add(LSTM(32))', 'model.add(LSTM(16))');
    const cell = editor.notebook.cellAt(1);
    await waitFor(() => diagnosticsOf(cell).some(d => d.code === 'ValueError'), 'a ValueError on the second cell');
    const shape = diagnosticsOf(cell).find(d => d.code === 'ValueError')!;
    assert.equal(cell.document.getText(shape.range), 'LSTM(16)');
    assert.match(shape.message, /give it return_sequences=True/);
    assert.equal(shape.severity, vscode.DiagnosticSeverity.Error);
    assert.deepEqual(diagnosticsOf(editor.notebook.cellAt(0)), [], 'the cell that builds the model is clean');
  });

  it('completes keyword arguments, members and string choices', async () => {
    const editor = await notebookWith('editor-completion.rnnb', CELL + "\nmodel.compile(optimizer='')");
    const cell = editor.notebook.cellAt(0);
    const inCall = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', cell.document.uri, positionOf(cell, 'LSTM(', 5));
    const units = inCall.items.find(i => i.label === 'units=');
    assert.ok(units, `units= in ${inCall.items.slice(0, 20).map(i => (typeof i.label === 'string' ? i.label : i.label.label)).join(', ')}`);
    assert.equal(units.detail, 'int, required');

    const members = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', cell.document.uri, positionOf(cell, 'model.add', 6));
    for (const name of ['add', 'compile', 'fit', 'summary']) assert.ok(members.items.some(i => i.label === name), name);

    const choices = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', cell.document.uri, positionOf(cell, "optimizer='", 11));
    assert.ok(choices.items.some(i => i.label === 'adam'), 'adam');
  });

  it('hovers LSTM with its doc and shows signature help inside the call', async () => {
    const editor = await notebookWith('editor-hover.rnnb', CELL);
    const cell = editor.notebook.cellAt(0);
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', cell.document.uri, positionOf(cell, 'LSTM', 2));
    const text = hovers.flatMap(h => h.contents).map(c => (typeof c === 'string' ? c : c.value)).join('\n');
    assert.match(text, /LSTM\(units, activation='tanh'/);
    assert.match(text, /Long Short-Term Memory/);

    const help = await vscode.commands.executeCommand<vscode.SignatureHelp>('vscode.executeSignatureHelpProvider', cell.document.uri, positionOf(cell, 'LSTM(', 5));
    assert.ok(help && help.signatures.length === 1, 'one signature');
    assert.match(help.signatures[0].label, /^LSTM\(units, /);
    assert.equal(help.activeParameter, help.signatures[0].parameters.findIndex(p => Array.isArray(p.label) && help.signatures[0].label.slice(p.label[0], p.label[1]) === "units"));
  });
});
