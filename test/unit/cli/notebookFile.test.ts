// The notebooks `unroll run` reads and writes: .rnnb through the extension's own format, .ipynb
// the way VS Code's Jupyter serializer reads and writes it (sorted keys, text as lines, JSON
// mimes as JSON, images as base64, stream/error/display_data/execute_result outputs).
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ERROR_MIME, NotebookFileError, STDOUT_MIME, readNotebook, writeNotebook } from '../../../src/cli/notebookFile';
import type { RnnbNotebook } from '../../../src/host/notebook/rnnbFormat';
import { tempFolder } from './cliTesting';

const bytes = (text: string) => new TextEncoder().encode(text);
const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 255, 128]);
const TRAINING = 'application/vnd.unroll.training+json';

function executed(): RnnbNotebook {
  return {
    metadata: { title: 'executed' },
    cells: [
      { kind: 'markdown', language: 'markdown', source: '# Title\n\ntext', metadata: {}, outputs: [] },
      {
        kind: 'code', language: 'rnn', source: 'EPOCHS = 2\nprint(EPOCHS)', metadata: { tags: ['parameters'] },
        outputs: [
          { items: [{ mime: STDOUT_MIME, data: bytes('2\nline two\n') }], metadata: {} },
          { items: [{ mime: TRAINING, data: bytes('{"run":"m-1","status":"done","loss":{"$nan":true}}') }, { mime: 'text/plain', data: bytes('Epoch 1/2\ndone') }], metadata: { outputType: 'display_data' } },
          { items: [{ mime: 'image/png', data: PNG }], metadata: { outputType: 'display_data' } },
          { items: [{ mime: 'text/plain', data: bytes('42') }], metadata: { outputType: 'execute_result', executionCount: 1 } },
          { items: [{ mime: ERROR_MIME, data: bytes(JSON.stringify({ name: 'NameError', message: "name 'x' is not defined (line 2, column 7)" })) }], metadata: {} },
        ],
        execution: { order: 1, success: false, startTime: 1, endTime: 2 },
      },
      { kind: 'code', language: 'python', source: 'print(1)', metadata: {}, outputs: [] },
    ],
  };
}

/** What a reader of the file sees of an output: each item's mime and its text, JSON compared as values. */
function shown(notebook: RnnbNotebook) {
  return notebook.cells.map(cell => cell.outputs.map(output => output.items.map(item => {
    const text = new TextDecoder().decode(item.data);
    if (item.mime === 'image/png') return [item.mime, Buffer.from(item.data).toString('hex')];
    return [item.mime, item.mime.includes('json') || item.mime === ERROR_MIME ? JSON.parse(text) as unknown : text];
  })));
}

describe('unroll run: notebook files', () => {
  let folder: string;
  beforeEach(() => { folder = tempFolder(); });
  afterEach(() => fs.rmSync(folder, { recursive: true, force: true }));

  it('writes a .ipynb as VS Code\'s Jupyter serializer does, and reads it back to the same outputs', () => {
    const file = path.join(folder, 'sub', 'out.ipynb');
    writeNotebook(file, { notebook: executed() });
    const raw = fs.readFileSync(file, 'utf8');
    const doc = JSON.parse(raw) as { nbformat: number; nbformat_minor: number; metadata: Record<string, unknown>; cells: Record<string, unknown>[] };
    assert.equal(doc.nbformat, 4);
    assert.equal(doc.nbformat_minor, 5);
    assert.deepEqual(doc.metadata, { language_info: { name: 'rnn' }, title: 'executed' });
    assert.ok(raw.startsWith('{\n "cells": ['), 'sorted keys, one-space indent');
    const [markdown, code, python] = doc.cells;
    assert.deepEqual(markdown, { cell_type: 'markdown', id: 'unroll-0000', metadata: {}, source: ['# Title\n', '\n', 'text'] });
    assert.equal(code.execution_count, 1);
    assert.deepEqual(code.metadata, { tags: ['parameters'] });
    assert.deepEqual(code.outputs, [
      { output_type: 'stream', name: 'stdout', text: ['2\n', 'line two\n'] },
      { output_type: 'display_data', data: { [TRAINING]: { run: 'm-1', status: 'done', loss: { $nan: true } }, 'text/plain': ['Epoch 1/2\n', 'done'] }, metadata: {} },
      { output_type: 'display_data', data: { 'image/png': Buffer.from(PNG).toString('base64') }, metadata: {} },
      { output_type: 'execute_result', data: { 'text/plain': ['42'] }, execution_count: 1, metadata: {} },
      { output_type: 'error', ename: 'NameError', evalue: "name 'x' is not defined (line 2, column 7)", traceback: ["name 'x' is not defined (line 2, column 7)"] },
    ]);
    assert.deepEqual(python.metadata, { vscode: { languageId: 'python' } }, 'a cell in another language than the notebook\'s says so, as VS Code writes it');

    const back = readNotebook(file);
    assert.deepEqual(back.notebook.cells.map(c => [c.kind, c.language]), [['markdown', 'markdown'], ['code', 'rnn'], ['code', 'python']]);
    const expected = shown(executed());
    expected[1][4] = [[ERROR_MIME, { name: 'NameError', message: "name 'x' is not defined (line 2, column 7)", stack: "name 'x' is not defined (line 2, column 7)" }]];
    assert.deepEqual(shown(back.notebook), expected);
  });

  it('reads a Jupyter notebook: the default language from its metadata, a cell\'s own from vscode.languageId, raw cells kept', () => {
    const file = path.join(folder, 'in.ipynb');
    fs.writeFileSync(file, JSON.stringify({
      nbformat: 4, nbformat_minor: 4,
      metadata: { kernelspec: { language: 'python', name: 'python3' } },
      cells: [
        { cell_type: 'raw', metadata: {}, source: 'raw text' },
        { cell_type: 'code', metadata: { vscode: { languageId: 'rnn' } }, execution_count: 3, source: ['x = 1\n', 'x'], outputs: [{ output_type: 'stream', name: 'stderr', text: 'warn\n' }] },
        { cell_type: 'code', metadata: {}, execution_count: null, source: 'y = 2', outputs: [] },
      ],
    }));
    const { notebook, ipynb } = readNotebook(file);
    assert.deepEqual(notebook.cells.map(c => [c.kind, c.language, c.source]), [['markdown', 'raw', 'raw text'], ['code', 'rnn', 'x = 1\nx'], ['code', 'python', 'y = 2']]);
    assert.deepEqual(notebook.cells[1].execution, { order: 3 });
    assert.deepEqual(shown(notebook)[1], [[['application/vnd.code.notebook.stderr', 'warn\n']]]);
    assert.deepEqual(ipynb, { nbformat: 4, minor: 4, cellIds: [undefined, undefined, undefined] });
    const out = path.join(folder, 'again.ipynb');
    writeNotebook(out, { notebook, ipynb });
    const doc = JSON.parse(fs.readFileSync(out, 'utf8')) as { nbformat_minor: number; metadata: unknown; cells: Record<string, unknown>[] };
    assert.equal(doc.nbformat_minor, 4);
    assert.deepEqual(doc.metadata, { kernelspec: { language: 'python', name: 'python3' } }, 'a Jupyter notebook\'s metadata stays its own');
    assert.equal(doc.cells[0].cell_type, 'raw');
    assert.ok(!('id' in doc.cells[0]), 'nbformat 4.4 cells have no id');
  });

  it('writes a .rnnb through the extension\'s serializer, byte for byte', () => {
    const file = path.join(folder, 'out.rnnb');
    writeNotebook(file, { notebook: executed() });
    const back = readNotebook(file);
    assert.deepEqual(shown(back.notebook), shown(executed()));
    assert.deepEqual(back.notebook.cells[1].execution, { order: 1, success: false, startTime: 1, endTime: 2 });
  });

  it('names the file and the place when a notebook cannot be read', () => {
    const cases: [string, string, RegExp][] = [
      ['missing.rnnb', '', /cannot read .*missing\.rnnb: no such file/],
      ['bad.rnnb', '{\n  "cells": [\n    {"kind": "code", }\n  ]\n}', /bad\.rnnb is not a readable notebook: line 3, column \d+/],
      ['bad.ipynb', '{"cells": ', /bad\.ipynb is not a readable notebook: not JSON/],
      ['old.ipynb', '{"nbformat": 3, "cells": []}', /nbformat 3 is older than 4/],
      ['other.ipynb', '{"worksheets": []}', /no "cells" array/],
    ];
    for (const [name, text, message] of cases) {
      const file = path.join(folder, name);
      if (text) fs.writeFileSync(file, text);
      assert.throws(() => readNotebook(file), (e: unknown) => e instanceof NotebookFileError && message.test(e.message), name);
    }
  });
});
