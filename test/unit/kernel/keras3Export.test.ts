// The Keras 3 export: every sample notebook translates to a .py and an .ipynb that Python's own
// parser accepts, whose every name is defined (imported, assigned or a builtin), and whose every
// Keras name is in the pinned Keras 3 API list (test/oracles/keras3-api.json). Keras 3 itself
// cannot run here (no TensorFlow or JAX), so the loader module is checked with NumPy alone: the
// data sets it reads back equal the kernel's, bound by position or keyword, and
// load_unroll_weights hands each Keras 3 weight (named as Keras 3 names them) the right array.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { DatasetsModule } from '../../../src/kernel/keras/datasets';
import { keras3ExportOfSession } from '../../../src/kernel/keras/keras3Export';
import { KERAS_SURFACE } from '../../../src/keras/surface';
import { NotebookCellText, translateToKeras3 } from '../../../src/language/export/keras3';
import { keras3LoaderModule } from '../../../src/language/export/keras3Loader';
import { HostToKernel, INTERRUPT_BUFFER_BYTES, KernelToHost } from '../../../src/protocol/kernel';
import { until } from '../host/kernelTesting';
import { REPO, TestKernel } from './harness';

const PYTHON = '/usr/bin/python3';
const hasNumpy = fs.existsSync(PYTHON) && spawnSync(PYTHON, ['-c', 'import numpy'], { encoding: 'utf8' }).status === 0;

/** Reads [label, source] pairs on stdin; per program: syntax error, or its Keras names and undefined names. */
const CHECKER = String.raw`
import ast, builtins, json, sys
out = []
for label, text in json.load(sys.stdin):
    try:
        tree = ast.parse(text, filename=label)
    except SyntaxError as e:
        out.append({"label": label, "error": f"{e.msg} at line {e.lineno}: {e.text!r}"})
        continue
    keras, loaded, defined = set(), set(), set(dir(builtins))
    for n in ast.walk(tree):
        if isinstance(n, ast.ImportFrom) and n.module and n.module.split(".")[0] == "keras":
            keras.update(f"{n.module}.{a.name}" for a in n.names)
        if isinstance(n, ast.Import):
            keras.update(a.name for a in n.names if a.name.split(".")[0] == "keras")
        if isinstance(n, ast.Attribute):
            chain, x = [], n
            while isinstance(x, ast.Attribute):
                chain.append(x.attr)
                x = x.value
            if isinstance(x, ast.Name) and x.id == "keras":
                keras.add(".".join(["keras"] + chain[::-1]))
        if isinstance(n, ast.Name):
            (loaded if isinstance(n.ctx, ast.Load) else defined).add(n.id)
        elif isinstance(n, (ast.FunctionDef, ast.ClassDef)):
            defined.add(n.name)
        elif isinstance(n, ast.arg):
            defined.add(n.arg)
        elif isinstance(n, (ast.Import, ast.ImportFrom)):
            defined.update((a.asname or a.name).split(".")[0] for a in n.names)
    out.append({"label": label, "keras": sorted(keras), "undefined": sorted(loaded - defined)})
print(json.dumps(out))
`;

interface Checked {
  label: string;
  error?: string;
  keras?: string[];
  undefined?: string[];
}

function pythonCheck(programs: [label: string, source: string][]): Checked[] {
  const r = spawnSync(PYTHON, ['-c', CHECKER], { input: JSON.stringify(programs), encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  return JSON.parse(r.stdout) as Checked[];
}

const API = JSON.parse(fs.readFileSync(path.join(REPO, 'test', 'oracles', 'keras3-api.json'), 'utf8')) as { modules: Record<string, string[]> };

function inKeras3(name: string): boolean {
  if (name in API.modules) return true;
  const cut = name.lastIndexOf('.');
  return API.modules[name.slice(0, cut)]?.includes(name.slice(cut + 1)) ?? false;
}

function sampleCells(file: string): NotebookCellText[] {
  const nb = JSON.parse(fs.readFileSync(path.join(REPO, 'samples', file), 'utf8')) as { cells: { kind: string; source: string | string[] }[] };
  return nb.cells.map(c => ({ kind: c.kind === 'markdown' ? 'markdown' : 'code', source: ([] as string[]).concat(c.source).join('') }));
}

/** Parses the .py, each code cell of the .ipynb, and the cells together; returns the programs' checks. */
function checkTranslation(label: string, python: string, notebook: string): Checked[] {
  const nb = JSON.parse(notebook) as { nbformat: number; cells: { cell_type: string; source: string[] }[] };
  assert.equal(nb.nbformat, 4);
  const code = nb.cells.filter(c => c.cell_type === 'code').map(c => c.source.join(''));
  return pythonCheck([[`${label}.py`, python], ...code.map((c, i): [string, string] => [`${label}.ipynb cell ${i + 1}`, c]), [`${label}.ipynb (all cells)`, code.join('\n')]]);
}

describe('Keras 3 export', function () {
  this.timeout(120000);
  before(function () {
    if (!fs.existsSync(PYTHON)) this.skip();
  });

  for (const file of fs.readdirSync(path.join(REPO, 'samples')).filter(f => f.endsWith('.rnnb'))) {
    it(`${file}: the .py and .ipynb parse, define every name they use, and use only Keras 3 API names`, () => {
      const t = translateToKeras3(sampleCells(file), { weights: { model: 'export_data/model.unroll.json' }, notebookName: file });
      const checked = checkTranslation(file, t.python, t.notebook);
      for (const c of checked) assert.equal(c.error, undefined, `${c.label}: ${c.error}`);
      for (const c of checked.filter(c => c.label.endsWith('.py') || c.label.endsWith('(all cells)'))) {
        assert.deepEqual(c.undefined, [], `${c.label} uses names it never defines`);
        assert.ok(c.keras!.length > 0, `${c.label} imports nothing from keras`);
        for (const name of c.keras!) assert.ok(inKeras3(name), `${c.label}: ${name} is not in the pinned Keras 3 API`);
      }
      assert.doesNotMatch(t.python, /^\s*show_(graph|heatmap)\(/m, 'panel calls are commented out');
      assert.doesNotMatch(t.python, /\.generate\(/, 'model.generate goes through the loader');
    });
  }

  it('every name the Keras surface offers bare imports from a Keras 3 module that has it (Tokenizer, gone in Keras 3, is named instead)', () => {
    const bare = [...new Set(KERAS_SURFACE.filter(e => !e.path.startsWith('unroll.')).map(e => e.path.slice(e.path.lastIndexOf('.') + 1)))];
    const t = translateToKeras3([{ kind: 'code', source: `everything = [${bare.join(', ')}]` }]);
    const [c] = pythonCheck([['surface.py', t.python]]);
    assert.equal(c.error, undefined, c.error);
    assert.deepEqual(c.undefined, ['Tokenizer']);
    for (const name of c.keras!) assert.ok(inKeras3(name), `${name} is not in the pinned Keras 3 API`);
    assert.match(t.python, /^# Tokenizer: Keras 3 has no keras\.preprocessing\.text\.Tokenizer/m);
    assert.deepEqual(t.notes.map(n => n.split(':')[0]), ['Tokenizer']);
  });

  it('the loader module parses', () => {
    const [c] = pythonCheck([['unroll_data.py', keras3LoaderModule('x_data')]]);
    assert.equal(c.error, undefined, c.error);
  });

  it("the loader's generate returns the continuation, like model.generate, from 3-D and 2-D predictions", function () {
    if (!hasNumpy) this.skip();
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'unroll-k3g-'));
    try {
      fs.writeFileSync(path.join(dir, 'unroll_data.py'), keras3LoaderModule('d'));
      // A stand-in model whose next token is always (last id + 1) mod 5.
      const script = String.raw`
import numpy as np, unroll_data
class Next:
    def __init__(self, sequences): self.sequences = sequences
    def predict(self, x, verbose=0):
        p = np.zeros((x.shape[0], x.shape[1], 5)); p[np.arange(x.shape[0])[:, None], np.arange(x.shape[1]), (x + 1) % 5] = 1
        return p if self.sequences else p[:, -1]
print(unroll_data.generate(Next(True), "ab", length=4, temperature=0, vocab="abcde"))
print(unroll_data.generate(Next(False), [3], length=3, temperature=0.5, seed=1))
`;
      const r = spawnSync(PYTHON, ['-c', script], { cwd: dir, encoding: 'utf8' });
      assert.equal(r.status, 0, r.stderr);
      assert.deepEqual(r.stdout.trim().split('\n'), ['cdea', '[4, 0, 1]']);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('rewrites what Keras 3 lacks and says so, cell and line', () => {
    const t = translateToKeras3([
      { kind: 'code', source: 'from tensorflow.keras.layers import GRU\nm = Sequential([Embedding(input_length=5, input_dim=9, output_dim=2), GRU(3)])\nm.compile(loss=\'mse\', optimizer=Adam())' },
      { kind: 'code', source: "for k in range(2):\n    show_graph(m)\nm.save('m.onnx')\nm.export_pytorch('t.py')\nids = m.generate(1)\nold = load_model('m.unroll.json')" },
      { kind: 'code', source: "for layer in ['gru']:\n    terms = bptt_terms(m, ids, 1.0, layer=layer)\n    print(terms['shares'][0])\nchain = chain_of_partials(m, ids)" },
    ], { weights: { m: 'd/m.unroll.json' } });
    assert.match(t.python, /^from keras\.layers import GRU$/m);
    assert.match(t.python, /^from keras\.layers import Embedding$/m);
    assert.match(t.python, /^from keras\.optimizers import Adam$/m);
    assert.match(t.python, /Embedding\(input_dim=9, output_dim=2\)/);
    assert.match(t.python, /^m\.compile\(.*\)\nif START_FROM_UNROLL_WEIGHTS:\n {4}load_unroll_weights\(m, "d\/m\.unroll\.json"\)$/m);
    assert.match(t.python, /^ {4}pass {2}# show_graph opens an Unroll panel.*\n {4}# show_graph\(m\)$/m);
    assert.match(t.python, /^ids = generate\(m, 1\)$/m);
    assert.match(t.python, /^# m\.save\('m\.onnx'\)$/m);
    assert.match(t.python, /^# m\.export_pytorch\('t\.py'\)$/m);
    assert.match(t.python, /^# old = load_model\('m\.unroll\.json'\)$/m);
    // An analysis's results are used around it: the whole loop goes, not the call alone.
    assert.match(t.python, /^# Unroll-only: bptt_terms is Unroll's analysis of the model.*\n# for layer in \['gru'\]:\n# {5}terms = bptt_terms\(.*\n# {5}print\(terms\['shares'\]\[0\]\)$/m);
    assert.match(t.python, /^# chain = chain_of_partials\(m, ids\)$/m);
    assert.deepEqual(t.notes.map(n => n.slice(0, n.indexOf(':'))), ['cell 1, line 2', 'cell 2, line 2', 'cell 2, line 3', 'cell 2, line 4', 'cell 2, line 5', 'cell 2, line 6', 'cell 3, line 1', 'cell 3, line 4']);
    const [py] = checkTranslation('rewrites', t.python, t.notebook);
    assert.equal(py.error, undefined, py.error);
    assert.deepEqual(py.undefined, []);
  });

  describe('from a kernel that ran the cells', () => {
    let k: TestKernel;
    let dir: string;
    beforeEach(() => {
      k = new TestKernel();
      dir = fs.mkdtempSync(path.join(os.tmpdir(), 'unroll-k3-'));
    });
    afterEach(async () => {
      await k.dispose();
      fs.rmSync(dir, { recursive: true, force: true });
    });

    it('writes the data Unroll loaded and the trained weights, and the loader reads them back the same', async function () {
      if (!hasNumpy) this.skip();
      const cells: NotebookCellText[] = [
        { kind: 'code', source: '(x_train, y_train), (x_test, y_test) = datasets.adding(n_train=40, n_test=8, T=5)\ndates = datasets.dates(max_samples=30)' },
        { kind: 'code', source: "model = Sequential([Bidirectional(LSTM(3)), Dense(1)], name='adder')\nmodel.compile(loss='mse', optimizer='adam')\nmodel.fit(x_train, y_train, epochs=1, batch_size=8, verbose=0)" },
      ];
      for (const c of cells) k.run(c.source);
      const exported = keras3ExportOfSession(k.session, cells, 'adder');
      for (const f of exported.files) {
        fs.mkdirSync(path.dirname(path.join(dir, f.name)), { recursive: true });
        fs.writeFileSync(path.join(dir, f.name), f.bytes);
      }
      assert.deepEqual(exported.files.slice(0, 3).map(f => f.name), ['adder.py', 'adder.ipynb', 'unroll_data.py']);
      assert.ok(fs.existsSync(path.join(dir, 'adder_data', 'model.unroll.json')));
      // What the kernel holds, byte for byte, to compare with what Python reads back.
      const loaded = (k.session.get('datasets') as DatasetsModule).loaded;
      const sha = (a: { data: Float32Array | Int32Array }, dtype: 'float32' | 'int64') =>
        createHash('sha256').update(dtype === 'float32' ? Buffer.from(a.data.buffer, a.data.byteOffset, a.data.byteLength) : Buffer.from(BigInt64Array.from(a.data, BigInt).buffer)).digest('hex');
      const adding = loaded[0].dataset;
      const dates = loaded[1].dataset;
      const expected = [sha(adding.train[0], 'float32'), sha(adding.test[1], 'float32'), sha(dates.multiInputs!.train[1], 'int64'), dates.vocabulary!.size, dates.targetVocabulary!.tokens!.length];
      const weights = JSON.parse(fs.readFileSync(path.join(dir, 'adder_data', 'model.unroll.json'), 'utf8')) as { weights: Record<string, { shape: number[] }> };
      const script = String.raw`
import json, numpy as np, unroll_data
(x_train, y_train), (x_test, y_test) = unroll_data.datasets.adding(40, T=5, n_test=8.0)
dates = unroll_data.datasets.dates(max_samples=30)
import hashlib
sha = lambda a, t: hashlib.sha256(np.ascontiguousarray(a, dtype=t).tobytes()).hexdigest()
print(json.dumps([sha(x_train, "<f4"), sha(y_test, "<f4"), sha(dates.train[0][1], "<i8"), dates.vocab_size, len(dates.target_tokens)]))
try:
    unroll_data.datasets.adding(n_train=41)
except KeyError as e:
    print("missing:", "not exported with these arguments" in str(e))

class W:  # a Keras 3 variable: .name is the last part of .path
    def __init__(self, path, shape):
        self.path, self.name, self.shape = path, path.split("/")[-1], tuple(shape)
class L:
    def __init__(self, name, weights):
        self.name, self.weights, self.got = name, weights, None
    def set_weights(self, values):
        self.got = values
class M:
    def __init__(self, layers):
        self.layers, self.built = layers, False
    def build(self, shape):
        self.built = shape
saved = json.load(open("adder_data/model.unroll.json"))["weights"]
bname = next(k.split(".")[0] for k in saved if "/" in k)  # Unroll's name of the Bidirectional
dname = next(k.split(".")[0] for k in saved if "/" not in k)  # and of the Dense
# Keras 3 names them differently (and auto-names by a global counter): matched by order
bi = L("bidirectional_3", [W(f"bidirectional_3/{d}_lstm_3/lstm_cell/{p}", saved[f"{bname}.{d}/{p}"]["shape"]) for d in ("forward", "backward") for p in ("kernel", "recurrent_kernel", "bias")])
dense = L("dense_7", [W(f"dense_7/{p}", saved[f"{dname}.{p}"]["shape"]) for p in ("kernel", "bias")])
model = M([L("input_layer", []), bi, dense])
unroll_data.load_unroll_weights(model, "adder_data/model.unroll.json")
print("built:", model.built)
import base64
raw = lambda k: np.frombuffer(base64.b64decode(saved[k]["data"]), dtype="<f4")
ok = all(np.array_equal(v.ravel(), raw(f"{bname}.{w.path.split('/')[1].split('_')[0]}/{w.name}")) for w, v in zip(bi.weights, bi.got))
ok = ok and all(np.array_equal(v.ravel(), raw(f"{dname}.{w.name}")) for w, v in zip(dense.weights, dense.got))
print("weights:", ok, [v.shape for v in dense.got])
try:
    unroll_data.load_unroll_weights(M([bi]), "adder_data/model.unroll.json")
except ValueError as e:
    print("count:", e)
`;
      const r = spawnSync(PYTHON, ['-c', script], { cwd: dir, encoding: 'utf8' });
      assert.equal(r.status, 0, r.stderr);
      const lines = r.stdout.trim().split('\n');
      assert.deepEqual(JSON.parse(lines[0]), expected);
      assert.equal(lines[1], 'missing: True');
      const denseKernel = Object.entries(weights.weights).find(([name]) => name.endsWith('.kernel') && !name.includes('/'))![1].shape;
      assert.equal(lines[2], 'built: (None, None, 2)', 'built on Unroll\'s per-sample input, any length');
      lines.splice(2, 1);
      assert.equal(lines[2], `weights: True [(${denseKernel.join(', ')}), (1,)]`);
      assert.match(lines[3], /count: .*has weights for 2 layers, the Keras model has 1/);
      // The exported program itself: parses, and every name is defined or imported.
      const checked = checkTranslation('adder', fs.readFileSync(path.join(dir, 'adder.py'), 'utf8'), fs.readFileSync(path.join(dir, 'adder.ipynb'), 'utf8'));
      for (const c of checked) assert.equal(c.error, undefined, `${c.label}: ${c.error}`);
      assert.deepEqual(checked[0].undefined, []);
      assert.match(fs.readFileSync(path.join(dir, 'adder.py'), 'utf8'), /load_unroll_weights\(model, "adder_data\/model\.unroll\.json"\)/);
    });
  });
});

describe("the kernel worker's exportKeras3 request", function () {
  this.timeout(120000);
  let worker: Worker;
  let workspace: string;
  const messages: KernelToHost[] = [];
  before(async () => {
    workspace = fs.mkdtempSync(path.join(os.tmpdir(), 'unroll-k3w-'));
    worker = new Worker(path.join(__dirname, '..', '..', '..', 'src', 'kernel', 'kernelWorker.js'), {
      workerData: { interruptBuffer: new SharedArrayBuffer(INTERRUPT_BUFFER_BYTES), workspaceRoot: workspace, threads: 1 },
    });
    worker.on('message', (m: KernelToHost) => messages.push(m));
    await until(() => messages.some(m => m.type === 'ready'), 'the kernel to start');
  });
  after(async () => {
    await worker.terminate();
    fs.rmSync(workspace, { recursive: true, force: true });
  });

  const request = async (message: HostToKernel & { requestId: number }) => {
    worker.postMessage(message);
    await until(() => messages.some(m => m.type === 'done' && m.requestId === message.requestId), `request ${message.requestId}`);
    return messages.filter(m => 'requestId' in m && m.requestId === message.requestId);
  };

  it('writes the script, notebook, loader and data into the workspace, and reports the notes', async () => {
    const cells: NotebookCellText[] = [
      { kind: 'markdown', source: '# Adding' },
      { kind: 'code', source: '(x_train, y_train), (x_test, y_test) = datasets.adding(n_train=20, n_test=4, T=3)\nshow_graph(None)' },
    ];
    await request({ type: 'execute', requestId: 1, code: '(x_train, y_train), (x_test, y_test) = datasets.adding(n_train=20, n_test=4, T=3)' });
    const replies = await request({ type: 'exportKeras3', requestId: 2, file: 'k3/adding.py', cells });
    assert.deepEqual(replies.at(-1), { type: 'done', requestId: 2, status: 'ok' });
    const text = replies.flatMap(m => (m.type === 'stream' ? [m.text] : [])).join('');
    assert.match(text, /^Wrote k3\/adding\.py, k3\/adding\.ipynb, k3\/unroll_data\.py and 5 data and weight files beside them\./);
    assert.match(text, /cell 2, line 2: show_graph opens an Unroll panel/);
    assert.deepEqual(fs.readdirSync(path.join(workspace, 'k3', 'adding_data')).sort(), ['adding_0.x_test.npy', 'adding_0.x_train.npy', 'adding_0.y_test.npy', 'adding_0.y_train.npy', 'manifest.json']);
    assert.match(fs.readFileSync(path.join(workspace, 'k3', 'adding.ipynb'), 'utf8'), /"# Adding"/);
  });

  it('refuses a name that is not a .py, with a ValueError, and stays up', async () => {
    const replies = await request({ type: 'exportKeras3', requestId: 3, file: 'k3/adding.txt', cells: [] });
    const error = replies.find(m => m.type === 'error');
    assert.ok(error && error.type === 'error');
    assert.equal(error.error.name, 'ValueError');
    assert.match(error.error.message, /give a name ending in \.py, not 'k3\/adding\.txt'/);
    assert.deepEqual((await request({ type: 'execute', requestId: 4, code: '1 + 1' })).find(m => m.type === 'result'), { type: 'result', requestId: 4, items: [{ mime: 'text/plain', data: '2' }] });
  });
});
