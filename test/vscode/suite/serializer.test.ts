import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { RnnbNotebook, deserializeRnnb, serializeRnnb } from '../../../src/host/notebook/rnnbFormat';
import { UNREADABLE_KEY } from '../../../src/host/notebook/serializer';
import { activateUnroll, closeActiveEditor, workspaceUri } from './helpers';

const SAMPLE: RnnbNotebook = {
  metadata: { title: 'round trip', tags: ['a', 'b'] },
  cells: [
    { kind: 'markdown', language: 'markdown', source: '# Title\n\nSome *text* with é and 🙂', metadata: {}, outputs: [] },
    {
      kind: 'code', language: 'rnn', source: "x = 1\r\nprint('x', x)\n", metadata: { collapsed: false },
      outputs: [{ metadata: { outputType: 'stream' }, items: [{ mime: 'application/vnd.code.notebook.stdout', data: new TextEncoder().encode('x 1\n') }] },
        { metadata: {}, items: [{ mime: 'image/png', data: Uint8Array.from([137, 80, 78, 71, 0, 255]) }] }],
      execution: { order: 3, success: true, startTime: 1_700_000_000_000, endTime: 1_700_000_000_250 },
    },
  ],
};

describe('.rnnb serializer in the extension host', () => {
  before(activateUnroll);
  afterEach(closeActiveEditor);

  it('opens a file and saves it back with the same cells, outputs and execution data', async () => {
    const uri = workspaceUri('roundtrip.rnnb');
    await vscode.workspace.fs.writeFile(uri, serializeRnnb(SAMPLE));
    const notebook = await vscode.workspace.openNotebookDocument(uri);
    assert.equal(notebook.notebookType, 'unroll');
    assert.equal(notebook.cellCount, 2);
    assert.equal(notebook.cellAt(1).document.getText(), "x = 1\r\nprint('x', x)\n".replace(/\r\n/g, '\n'));
    assert.equal(notebook.cellAt(1).executionSummary?.executionOrder, 3);

    // An edit makes the notebook dirty; saving goes through serializeNotebook.
    const edit = new vscode.WorkspaceEdit();
    edit.set(uri, [vscode.NotebookEdit.updateNotebookMetadata({ ...notebook.metadata, edited: true })]);
    assert.ok(await vscode.workspace.applyEdit(edit));
    assert.ok(await notebook.save(), 'save failed');

    const saved = deserializeRnnb(await vscode.workspace.fs.readFile(uri));
    assert.deepEqual(saved.metadata, { ...SAMPLE.metadata, edited: true });
    assert.equal(saved.cells.length, 2);
    assert.deepEqual(saved.cells[1].outputs.map(o => o.items.map(i => [i.mime, Array.from(i.data)])),
      SAMPLE.cells[1].outputs.map(o => o.items.map(i => [i.mime, Array.from(i.data)])));
    assert.deepEqual(saved.cells[1].execution, SAMPLE.cells[1].execution);
    assert.equal(saved.cells[0].source, SAMPLE.cells[0].source);
  });

  it('opens a truncated file with a clear error, and never saves over it', async () => {
    const uri = workspaceUri('truncated.rnnb');
    const full = new TextDecoder().decode(serializeRnnb(SAMPLE));
    const truncated = new TextEncoder().encode(full.slice(0, 200));
    await vscode.workspace.fs.writeFile(uri, truncated);

    const notebook = await vscode.workspace.openNotebookDocument(uri);
    await vscode.window.showNotebookDocument(notebook);
    assert.match(String(notebook.metadata[UNREADABLE_KEY]), /ends too early \(truncated\?\)/);
    assert.match(notebook.cellAt(0).document.getText(), /This file is not a readable Unroll notebook:.*line \d+, column \d+: the file ends too early/);
    assert.equal(notebook.cellAt(1).document.getText(), full.slice(0, 200));

    const edit = new vscode.WorkspaceEdit();
    edit.set(uri, [vscode.NotebookEdit.insertCells(0, [new vscode.NotebookCellData(vscode.NotebookCellKind.Code, 'x = 1', 'rnn')])]);
    assert.ok(await vscode.workspace.applyEdit(edit));
    assert.ok(notebook.isDirty);
    const saved = await notebook.save().then(ok => ok, () => false);
    assert.equal(saved, false, 'saving an unreadable notebook must fail');
    assert.deepEqual(Array.from(await vscode.workspace.fs.readFile(uri)), Array.from(truncated), 'the file on disk changed');
  });

  it('opens a file with a wrong structure naming the cell and field', async () => {
    const uri = workspaceUri('wrong.rnnb');
    await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode('{"cells": [{"kind": "code"}, {"kind": "picture"}]}'));
    const notebook = await vscode.workspace.openNotebookDocument(uri);
    assert.match(notebook.cellAt(0).document.getText(), /cell 2: "kind" must be "code" or "markdown", not "picture"/);
  });

  it('drops outputs on save when unroll.saveOutputs is off', async () => {
    const config = vscode.workspace.getConfiguration('unroll');
    await config.update('saveOutputs', false, vscode.ConfigurationTarget.Global);
    try {
      const uri = workspaceUri('no-outputs.rnnb');
      await vscode.workspace.fs.writeFile(uri, serializeRnnb(SAMPLE));
      const notebook = await vscode.workspace.openNotebookDocument(uri);
      const edit = new vscode.WorkspaceEdit();
      edit.set(uri, [vscode.NotebookEdit.updateNotebookMetadata({ ...notebook.metadata, edited: true })]);
      await vscode.workspace.applyEdit(edit);
      assert.ok(await notebook.save());
      const saved = deserializeRnnb(await vscode.workspace.fs.readFile(uri));
      assert.deepEqual(saved.cells[1].outputs, []);
      assert.equal(saved.cells[1].source, SAMPLE.cells[1].source.replace(/\r\n/g, '\n'));
    } finally {
      await config.update('saveOutputs', undefined, vscode.ConfigurationTarget.Global);
    }
  });
});
