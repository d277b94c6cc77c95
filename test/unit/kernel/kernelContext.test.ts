// Two kernels in one process, each with its own KernelContext: default names, ids and the
// environment (workspace folder, shipped data files) are each kernel's own, so nothing one
// kernel's cells do shows in the other's.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Dense } from '../../../src/engine/layers/dense';
import { panelRequests } from '../../../src/protocol/gradients/outputs';
import { TestKernel } from './harness';

/** The model id show_graph sends for a model (what the panels and the training thread know it by). */
function modelId(k: TestKernel, variable: string): string {
  k.shown = [];
  k.run(`show_graph(${variable})`);
  return panelRequests(k.shown.flatMap(s => s.items))[0].modelId;
}

function failure(k: TestKernel, source: string): string {
  const e = k.fails(source);
  return `${e.errorName}: ${e.message}`;
}

describe('kernel: two KernelContexts in one process share nothing', function () {
  this.timeout(60_000);
  let a: TestKernel;
  let b: TestKernel;
  beforeEach(() => {
    a = new TestKernel({ firstModelId: 1_000_001 });
    b = new TestKernel({ firstModelId: 2_000_001, withoutDataFiles: true });
  });
  afterEach(async () => {
    await a.dispose();
    await b.dispose();
  });

  it('count Keras default names per kernel: lstm, lstm_1 in one, lstm again in the other', () => {
    assert.equal(a.run('LSTM(4)'), '<LSTM name=lstm>');
    assert.equal(a.run('LSTM(4)'), '<LSTM name=lstm_1>');
    assert.equal(b.run('LSTM(4)'), '<LSTM name=lstm>');
    assert.equal(a.run('Sequential()'), '<Sequential name=sequential, built=False>');
    assert.equal(a.run('Sequential()'), '<Sequential name=sequential_1, built=False>');
    assert.equal(b.run('Sequential()'), '<Sequential name=sequential, built=False>');
    const functional = 'x = Input(shape=(3,))\nm = Model(x, Dense(1)(x))\nm.input_names';
    assert.equal(a.run(functional), "['input_layer']");
    assert.equal(a.run(functional), "['input_layer_1']");
    assert.equal(b.run(functional), "['input_layer']");
  });

  it('number models, layers and fit runs per kernel, models in the range each kernel was given', () => {
    a.run('m = Sequential(name="m")\nn = Sequential(name="n")');
    b.run('m = Sequential(name="m")');
    assert.deepEqual([modelId(a, 'm'), modelId(a, 'n'), modelId(b, 'm')], ['1000001', '1000002', '2000001']);
    const [one, two, three] = [new Dense(1, { name: 'one' }), new Dense(1, { name: 'two' }), new Dense(1, { name: 'three' })];
    assert.deepEqual([a.context.layerId(one), a.context.layerId(two), a.context.layerId(one)], [1, 2, 1]);
    assert.deepEqual([b.context.layerId(three), b.context.layerId(two)], [1, 2]);
    assert.deepEqual([a.context.newRunId(), a.context.newRunId(), b.context.newRunId()], [1, 2, 1]);
    const cpu = 'Unroll: running on the CPU (Scan graph).';
    const moved = 'Unroll: WebGPU failed while running this model; running on the CPU (unrolled graph) instead.';
    assert.deepEqual([a.context.noteProviderChange(cpu), a.context.noteProviderChange(cpu), b.context.noteProviderChange(cpu), a.context.noteProviderChange(moved)], [true, false, true, true]);
  });

  it('read files in their own workspace folder and data from their own data files', () => {
    fs.writeFileSync(path.join(a.workspace, 'notes.txt'), 'in a');
    assert.equal(a.run("load_text('notes.txt')"), "'in a'");
    assert.match(failure(b, "load_text('notes.txt')"), /^FileNotFoundError: No such file in the workspace: 'notes.txt'/);
    assert.match(a.run('datasets.dates(max_samples=20)'), /^<Dataset dates/);
    assert.match(failure(b, 'datasets.dates(max_samples=20)'), /^ValueError: datasets\.dates\(\) reads shipped data files, but no data directory was given/);
  });
});
