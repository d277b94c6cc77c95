// `unroll run` end to end, as a child process: the errors it reports (cell, line, column) and its
// exit statuses, parameters, the executed notebook it writes in both formats, --timeout, Ctrl-C.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { EXIT } from '../../../src/cli/args';
import { ERROR_MIME, STDOUT_MIME, readNotebook } from '../../../src/cli/notebookFile';
import { deserializeRnnb } from '../../../src/host/notebook/rnnbFormat';
import type { RnnbCell } from '../../../src/host/notebook/rnnbFormat';
import { readRichOutput } from '../../../src/protocol/rendererData';
import { GRADIENT_MAP_MIME, SUMMARY_MIME, TRAINING_MIME } from '../../../src/protocol/renderer';
import { runCli, tempFolder, transcript, writeRnnb } from './cliTesting';

const text = (data: Uint8Array) => new TextDecoder().decode(data);
const stdoutOf = (cell: RnnbCell) => cell.outputs.flatMap(o => o.items).filter(i => i.mime === STDOUT_MIME).map(i => text(i.data)).join('');
const errorOf = (cell: RnnbCell) => {
  const item = cell.outputs.flatMap(o => o.items).find(i => i.mime === ERROR_MIME);
  return item && JSON.parse(text(item.data)) as { name: string; message: string };
};

describe('unroll run: running notebooks', function () {
  this.timeout(180_000);
  let folder: string;
  beforeEach(() => { folder = tempFolder(); });
  afterEach(() => fs.rmSync(folder, { recursive: true, force: true }));

  it('stops at the first failing cell, naming the cell, line and column, exits 1, and writes the notebook up to there', async () => {
    writeRnnb(folder, 'failing.rnnb', [
      { kind: 'markdown', source: '# Failing' },
      { source: "x = 1\nprint('first cell ran', x)" },
      { source: 'y = x + 1\nz = y * undefined_name\nprint(z)' },
      { source: "print('never runs')" },
    ]);
    const run = await runCli(['failing.rnnb', '-o', 'out.rnnb'], folder);
    assert.equal(run.code, EXIT.cellFailed, transcript(run));
    assert.match(run.stdout, /first cell ran 1/);
    assert.doesNotMatch(run.stdout, /never runs/);
    assert.match(run.stderr, /unroll: failing\.rnnb, cell 3, line 2, column 9: NameError: name 'undefined_name' is not defined\n {4}z = y \* undefined_name\n {12}\^/, transcript(run));
    const out = deserializeRnnb(fs.readFileSync(path.join(folder, 'out.rnnb')));
    assert.deepEqual(out.cells.map(c => c.execution?.success), [undefined, true, false, undefined]);
    assert.equal(stdoutOf(out.cells[1]), 'first cell ran 1\n');
    const error = errorOf(out.cells[2]);
    assert.equal(error?.name, 'NameError');
    assert.match(error?.message ?? '', /\(line 2, column 9\)\n {4}z = y \* undefined_name\n {12}\^/, 'the error output the extension shows, caret included');
    assert.deepEqual(out.cells[3].outputs, []);
  });

  it('reports a syntax error at its line and column before running the cell', async () => {
    writeRnnb(folder, 'syntax.rnnb', [{ source: "print('ok')" }, { source: 'a = 1\nb = (2 +\n' }]);
    const run = await runCli(['syntax.rnnb'], folder);
    assert.equal(run.code, EXIT.cellFailed, transcript(run));
    assert.match(run.stderr, /syntax\.rnnb, cell 2, line \d+, column \d+: SyntaxError: /, transcript(run));
  });

  it('injects parameters after the cell tagged "parameters", in .rnnb and .ipynb, and replaces an earlier injection', async () => {
    writeRnnb(folder, 'params.rnnb', [
      { kind: 'markdown', source: 'Parameters below.' },
      { source: "EPOCHS = 1\nNAME = 'default'\nRATE = 0.5", tags: ['parameters'] },
      { source: "print(EPOCHS * 10, NAME.upper() + '!', RATE * 2)" },
    ]);
    const run = await runCli(['params.rnnb', '-p', 'EPOCHS=3', '-p', "NAME=it's me", '-o', 'out.ipynb'], folder);
    assert.equal(run.code, EXIT.ok, transcript(run));
    assert.match(run.stdout, /^30 IT'S ME! 1\.0$/m, transcript(run));
    const doc = JSON.parse(fs.readFileSync(path.join(folder, 'out.ipynb'), 'utf8')) as { cells: { cell_type: string; metadata: { tags?: string[] }; source: string[] }[] };
    assert.deepEqual(doc.cells.map(c => c.metadata.tags ?? []), [[], ['parameters'], ['injected-parameters'], []]);
    assert.equal(doc.cells[2].source.join(''), "# Parameters injected by unroll run\nEPOCHS = 3\nNAME = 'it\\'s me'");

    // The executed notebook runs again with new values: one injected cell, the new one.
    const again = await runCli(['out.ipynb', '-p', 'RATE=2', '-o', 'again.rnnb'], folder);
    assert.equal(again.code, EXIT.ok, transcript(again));
    assert.match(again.stdout, /^10 DEFAULT! 4$/m, transcript(again));
    const rerun = deserializeRnnb(fs.readFileSync(path.join(folder, 'again.rnnb')));
    assert.deepEqual(rerun.cells.map(c => (c.metadata.tags as string[] | undefined) ?? []), [[], ['parameters'], ['injected-parameters'], []]);
    assert.equal(rerun.cells[2].source, '# Parameters injected by unroll run\nRATE = 2');
  });

  it('without a "parameters" cell, sets them in a first cell and says how to tag one', async () => {
    writeRnnb(folder, 'untagged.rnnb', [{ source: 'print(SIZE + 1)' }]);
    const run = await runCli(['untagged.rnnb', '-p', 'SIZE=41'], folder);
    assert.equal(run.code, EXIT.ok, transcript(run));
    assert.match(run.stdout, /^42$/m);
    assert.match(run.stderr, /no cell is tagged "parameters".*"tags": \["parameters"\]/);
  });

  it('writes the outputs the extension writes (summary, live training chart, gradient map, text) to .rnnb and .ipynb', async () => {
    writeRnnb(folder, 'train.rnnb', [
      { source: "(x, y), _ = datasets.adding(n_train=64, n_test=8, T=5)\nmodel = Sequential([SimpleRNN(4, input_shape=(5, 2)), Dense(1)], name='tiny')\nmodel.compile(loss='mse', optimizer='adam')\nmodel.summary()" },
      { source: 'history = model.fit(x, y, epochs=2, batch_size=16)\nlen(history.history["loss"])' },
    ]);
    const run = await runCli(['train.rnnb', '-o', 'out.rnnb', '--provider', 'cpu'], folder);
    assert.equal(run.code, EXIT.ok, transcript(run));
    assert.match(run.stdout, /Model: "tiny"/);
    assert.match(run.stdout, /Epoch 2\/2\n4\/4 - /, 'the Keras epoch lines');
    assert.match(run.stderr, /^done$/m, 'the fit\'s end on the progress line');
    const copy = await runCli(['out.rnnb', '-o', 'out.ipynb', '--provider', 'cpu'], folder);
    assert.equal(copy.code, EXIT.ok, transcript(copy));

    for (const file of ['out.rnnb', 'out.ipynb']) {
      const { notebook } = readNotebook(path.join(folder, file));
      const [summaryCell, fitCell] = notebook.cells;
      assert.deepEqual(notebook.cells.map(c => c.execution?.order), [1, 2], file);
      const mimes = (cell: RnnbCell) => cell.outputs.map(o => o.items.map(i => i.mime).join(' + '));
      assert.equal(mimes(summaryCell).length, 1, file);
      assert.match(mimes(summaryCell)[0], new RegExp(`^${SUMMARY_MIME.replace(/[.+]/g, '\\$&')} \\+ .*text/plain`), file);
      for (const mime of [STDOUT_MIME, TRAINING_MIME, GRADIENT_MAP_MIME]) assert.ok(mimes(fitCell).some(m => m.startsWith(mime)), `${file}: ${mime} in ${mimes(fitCell).join(', ')}`);
      // The renderer's own check of each rich output accepts what was written.
      for (const item of notebook.cells.flatMap(c => c.outputs.flatMap(o => o.items)).filter(i => i.mime.startsWith('application/vnd.unroll.'))) {
        const read = readRichOutput(item.mime, text(item.data));
        assert.ok(!('error' in read), `${file}: ${'error' in read ? read.error : ''}`);
        if (read.mime === TRAINING_MIME) assert.equal(read.data.status, 'done', `${file}: the chart was saved in its final state`);
      }
      // fit's run record travels in its output's own metadata (Jupyter's display_data metadata), kept by both formats.
      const record = fitCell.outputs.find(o => text(o.items[0].data).startsWith('Run record:'));
      const own = record?.metadata.metadata as Record<string, { seeds?: unknown }> | undefined;
      assert.equal(record?.metadata.outputType, 'display_data', file);
      assert.ok(own && Object.values(own).some(r => r.seeds !== undefined), `${file}: the run record in the output's metadata: ${JSON.stringify(record?.metadata).slice(0, 200)}`);
      const result = fitCell.outputs.find(o => o.metadata.outputType === 'execute_result');
      assert.equal(result && text(result.items[0].data), '2', `${file}: the cell's value`);
    }
    const ipynb = JSON.parse(fs.readFileSync(path.join(folder, 'out.ipynb'), 'utf8')) as { metadata: { language_info: { name: string } }; cells: { outputs: { output_type: string; data?: Record<string, unknown> }[] }[] };
    assert.equal(ipynb.metadata.language_info.name, 'rnn');
    const training = ipynb.cells[1].outputs.find(o => o.data?.[TRAINING_MIME]);
    assert.equal(training?.output_type, 'display_data');
    assert.equal(typeof training?.data?.[TRAINING_MIME], 'object', 'JSON mimes are stored as JSON, as VS Code stores them');
  });

  it('runs a Jupyter notebook\'s rnn and python cells and skips cells in other languages', async () => {
    fs.writeFileSync(path.join(folder, 'jupyter.ipynb'), JSON.stringify({
      nbformat: 4, nbformat_minor: 5, metadata: { language_info: { name: 'rnn' } },
      cells: [
        { id: 'a', cell_type: 'code', metadata: {}, execution_count: null, source: "print('rnn cell')", outputs: [] },
        { id: 'b', cell_type: 'code', metadata: { vscode: { languageId: 'python' } }, execution_count: null, source: "print('python cell')", outputs: [] },
        { id: 'c', cell_type: 'code', metadata: { vscode: { languageId: 'r' } }, execution_count: null, source: 'print("R")', outputs: [] },
      ],
    }));
    const run = await runCli(['jupyter.ipynb', '-o', 'jupyter.ipynb'], folder);
    assert.equal(run.code, EXIT.ok, transcript(run));
    assert.equal(run.stdout, 'rnn cell\npython cell\n');
    assert.match(run.stderr, /cell 3 is in language "r", not rnn: skipped/);
    const doc = JSON.parse(fs.readFileSync(path.join(folder, 'jupyter.ipynb'), 'utf8')) as { cells: { id: string; execution_count: number | null }[] };
    assert.deepEqual(doc.cells.map(c => [c.id, c.execution_count]), [['a', 1], ['b', 2], ['c', null]]);
  });

  it('--timeout interrupts a cell that runs too long, exits 3, and writes the notebook', async () => {
    writeRnnb(folder, 'slow.rnnb', [{ source: "print('before')" }, { source: "print('sleeping')\nunroll_test.sleep(60)" }, { source: "print('after')" }]);
    const run = await runCli(['slow.rnnb', '--timeout', '1', '-o', 'out.rnnb'], folder);
    assert.equal(run.code, EXIT.timeout, transcript(run));
    assert.ok(run.seconds < 30, `stopped soon after the timeout: ${run.seconds} s`);
    assert.match(run.stderr, /slow\.rnnb, cell 2: Timeout: the cell ran past --timeout 1 s and was interrupted/, transcript(run));
    assert.doesNotMatch(run.stdout, /after/);
    const out = deserializeRnnb(fs.readFileSync(path.join(folder, 'out.rnnb')));
    assert.deepEqual(out.cells.map(c => c.execution?.success), [true, false, undefined]);
    assert.equal(errorOf(out.cells[1])?.name, 'KeyboardInterrupt');
  });

  it('--timeout restarts the kernel when the cell does not stop at the interrupt', async () => {
    writeRnnb(folder, 'hang.rnnb', [{ source: 'unroll_test.hang()' }]);
    const run = await runCli(['hang.rnnb', '--timeout', '0.5'], folder);
    assert.equal(run.code, EXIT.timeout, transcript(run));
    assert.match(run.stderr, /cell 1: Timeout: the cell ran past --timeout 0\.5 s and did not stop within 5 s of the interrupt, so the kernel was restarted/, transcript(run));
  });

  it('Ctrl-C interrupts the running cell, runs no further cell, and exits 130', async () => {
    writeRnnb(folder, 'long.rnnb', [{ source: "print('sleeping')\nunroll_test.sleep(60)" }, { source: "print('after')" }]);
    let sent = false;
    const run = await runCli(['long.rnnb', '-o', 'out.ipynb'], folder, (soFar, child) => {
      if (!sent && soFar.includes('sleeping')) {
        sent = true;
        child.kill('SIGINT');
      }
    });
    assert.equal(run.code, EXIT.interrupted, transcript(run));
    assert.ok(run.seconds < 30, `stopped at once: ${run.seconds} s`);
    assert.match(run.stderr, /unroll: interrupted in cell 1/);
    assert.doesNotMatch(run.stdout, /after/);
    const { notebook } = readNotebook(path.join(folder, 'out.ipynb'));
    assert.equal(errorOf(notebook.cells[0])?.name, 'KeyboardInterrupt');
  });

  it('exits 4 when the kernel crashes, saying so', async () => {
    writeRnnb(folder, 'crash.rnnb', [{ source: "print('about to crash')" }, { source: "unroll_test.crash('native code fell over')" }]);
    const run = await runCli(['crash.rnnb'], folder);
    assert.equal(run.code, EXIT.crashed, transcript(run));
    assert.match(run.stderr, /crash\.rnnb, cell 2: KernelCrashed: The kernel crashed: native code fell over/, transcript(run));
  });

  it('lets cells read files in the --workspace folder (the current directory by default) and nowhere else', async () => {
    fs.mkdirSync(path.join(folder, 'data'));
    fs.writeFileSync(path.join(folder, 'data', 'words.txt'), 'from the workspace\n');
    writeRnnb(folder, 'files.rnnb', [{ source: "print(load_text('words.txt').strip())" }]);
    const inData = await runCli(['files.rnnb', '--workspace', 'data'], folder);
    assert.equal(inData.code, EXIT.ok, transcript(inData));
    assert.equal(inData.stdout, 'from the workspace\n');
    const here = await runCli(['files.rnnb'], folder);
    assert.equal(here.code, EXIT.cellFailed, transcript(here));
    assert.match(here.stderr, /files\.rnnb, cell 1, line 1, column \d+: \w+Error: .*words\.txt/, transcript(here));
  });

  it('exits 2 with a message for a bad command line or an unreadable notebook, running nothing', async () => {
    const usage = await runCli(['--provider', 'tpu'], folder);
    assert.equal(usage.code, EXIT.usage, transcript(usage));
    assert.match(usage.stderr, /unroll: no notebook given|--provider must be one of/);
    assert.match(usage.stderr, /Usage: unroll run NOTEBOOK/);
    fs.writeFileSync(path.join(folder, 'broken.rnnb'), '{"cells": [\n  {"kind": "cod"}\n]}');
    const broken = await runCli(['broken.rnnb'], folder);
    assert.equal(broken.code, EXIT.usage, transcript(broken));
    assert.match(broken.stderr, /broken\.rnnb is not a readable notebook: line 2, column \d+: cell 1: "kind" must be "code" or "markdown"/);
  });

  it('unroll export runs the notebook, then writes the PyTorch script of the model it names, with its weights and data', async () => {
    writeRnnb(folder, 'train.rnnb', [
      { source: "x = [[[0.1], [0.2], [0.3]], [[0.3], [0.2], [0.1]]]\ny = [[1.0], [0.0]]\nnet = Sequential([Input(shape=(3, 1)), GRU(4), Dense(1, activation='sigmoid')])\nnet.compile(loss='binary_crossentropy', optimizer='adam')\nnet.fit(x, y, epochs=1, verbose=0)" },
    ]);
    const run = await runCli(['export', 'train.rnnb', '--model', 'net', '--script', 'out/train.py'], folder);
    assert.equal(run.code, EXIT.ok, transcript(run));
    assert.match(run.stdout, /Wrote out\/train\.py, out\/train\.weights\.npz/);
    assert.match(fs.readFileSync(path.join(folder, 'out', 'train.py'), 'utf8'), /nn\.GRU/);
    // A name that holds no model fails at the export, named as such, with the run's exit status for a failed cell.
    const wrong = await runCli(['export', 'train.rnnb', '--model', 'y', '--script', 'b.py'], folder);
    assert.equal(wrong.code, EXIT.cellFailed, transcript(wrong));
    assert.match(wrong.stderr, /train\.rnnb, the export, line 1, column \d+: AttributeError/, transcript(wrong));
    const usage = await runCli(['export', 'train.rnnb', '--script', 'b.py'], folder);
    assert.equal(usage.code, EXIT.usage);
    assert.match(usage.stderr, /needs --model NAME/);
    // Keras 3: the notebook's cells as a script and a notebook, Python that parses (the keras3 unit tests check names and loader).
    const keras3 = await runCli(['export', 'train.rnnb', '--to', 'keras3', '--script', 'k3/train.py'], folder);
    assert.equal(keras3.code, EXIT.ok, transcript(keras3));
    const script = fs.readFileSync(path.join(folder, 'k3', 'train.py'), 'utf8');
    assert.match(script, /from keras\.layers import .*GRU/);
    assert.ok(fs.existsSync(path.join(folder, 'k3', 'train.ipynb')), transcript(keras3));
  });
});
