// Every numbered sample in samples/, run through `unroll run` as CI runs it, with the learning
// outcome it states checked from what it printed and the notebook it wrote: the same checks as
// the in-host sample tests (test/vscode/suite/samples.test.ts), with the panels' part read from
// the saved outputs (the gradient map instead of the host's gradient stream, the panel requests
// instead of open tabs). Each run's wall time is printed.
//
// `npm test` (and so CI) sets UNROLL_SAMPLES=all and runs every sample here. `npm run test:unit`
// alone runs the samples in FAST, about 1 minute together on a 2-core machine; the others
// (04-10) take 0.5 to 2 minutes each, and the in-host layer runs them all in VS Code too.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { EXIT } from '../../../src/cli/args';
import { STDERR_MIME, STDOUT_MIME } from '../../../src/cli/notebookFile';
import { deserializeRnnb } from '../../../src/host/notebook/rnnbFormat';
import type { RnnbCell, RnnbNotebook } from '../../../src/host/notebook/rnnbFormat';
import { PANEL_REQUEST_MIME, PanelRequest } from '../../../src/protocol/gradients/outputs';
import { readRichOutput } from '../../../src/protocol/rendererData';
import { GRADIENT_MAP_MIME, MELODY_MIME, TEXT_MIME } from '../../../src/protocol/renderer';
import { REPO_ROOT, runCli, tempFolder, transcript } from './cliTesting';
import { numberAfter } from '../../outputNumbers';

const FAST = new Set(['hello.rnnb', '01-sentiment-simplernn.rnnb', '02-vanishing-gradients-adding.rnnb', '03-exploding-gradients-clipping.rnnb']);
const RUN_ALL = process.env.UNROLL_SAMPLES === 'all';

const decode = (data: Uint8Array) => new TextDecoder().decode(data);
const codeCells = (notebook: RnnbNotebook) => notebook.cells.filter(cell => cell.kind === 'code');

/** What a person reads in a cell's outputs: its printed lines and the text/plain of its displays, one item a line. */
function plainText(cell: RnnbCell): string {
  const readable = new Set(['text/plain', STDOUT_MIME, STDERR_MIME]);
  return cell.outputs.flatMap(o => o.items).filter(item => readable.has(item.mime)).map(item => decode(item.data)).join('\n');
}

/** The fit cell whose source trains `variable`. */
function fitCellOf(notebook: RnnbNotebook, variable: string): RnnbCell {
  const cell = codeCells(notebook).find(c => c.source.includes(`${variable}.fit(`));
  assert.ok(cell, `no cell trains ${variable}`);
  return cell;
}

/**
 * ‖dL/dh_1‖ / ‖dL/dh_T‖ of the model `variable` trains, from the gradient map its fit saved: the
 * median over the map's last 10 columns (one frame swings by decades from step to step).
 */
function earlyToLateGradient(notebook: RnnbNotebook, variable: string): number {
  const item = fitCellOf(notebook, variable).outputs.flatMap(o => o.items).find(i => i.mime === GRADIENT_MAP_MIME);
  assert.ok(item, `no gradient map in the cell that trains ${variable}`);
  const map = readRichOutput(item.mime, decode(item.data));
  assert.ok(!('error' in map) && map.mime === GRADIENT_MAP_MIME, `the gradient map of ${variable} reads: ${'error' in map ? map.error : ''}`);
  const columns = map.data.series[0].columns.slice(-10);
  assert.ok(columns.length > 0, `no gradient column for ${variable}`);
  const ratios = columns.map(dh => dh[0] / dh[dh.length - 1]).sort((a, b) => a - b);
  return ratios[Math.floor(ratios.length / 2)];
}

function hasOutput(notebook: RnnbNotebook, mime: string): boolean {
  return codeCells(notebook).some(cell => cell.outputs.some(output => output.items.some(item => item.mime === mime)));
}

/** The panels the notebook asked VS Code to open (show_graph, show_heatmap), by command. */
function panelsRequested(notebook: RnnbNotebook): string[] {
  return codeCells(notebook).flatMap(cell => cell.outputs.flatMap(o => o.items))
    .filter(item => item.mime === PANEL_REQUEST_MIME).map(item => (JSON.parse(decode(item.data)) as PanelRequest).command);
}

const GRAPH = 'unroll.showUnrolledGraph';
const HEATMAP = 'unroll.showGradientHeatmap';

/** Outcome checks, by sample file; each returns the outcome line for the summary. */
const OUTCOMES: Record<string, (notebook: RnnbNotebook, text: string) => string> = {
  // The walkthrough's first notebook (not numbered, so not in the in-host table): its SimpleRNN beats always answering 1.
  'hello.rnnb': (notebook, text) => {
    const baseline = numberAfter(text, /always answering 1: test MSE/);
    const model = numberAfter(text, /SimpleRNN: test MSE/);
    assert.ok(model < 0.5 * baseline, `the SimpleRNN's test MSE ${model} is well under always answering 1: ${baseline}`);
    assert.ok(panelsRequested(notebook).includes(GRAPH) && panelsRequested(notebook).includes(HEATMAP), `panels: ${panelsRequested(notebook)}`);
    return `test MSE ${model} vs always answering 1: ${baseline}`;
  },
  '01-sentiment-simplernn.rnnb': (notebook, text) => {
    const accuracy = numberAfter(text, /test accuracy:/);
    assert.ok(accuracy >= 0.7, `test accuracy ${accuracy} < 0.70`);
    assert.ok(panelsRequested(notebook).includes(HEATMAP) && panelsRequested(notebook).includes(GRAPH), `panels: ${panelsRequested(notebook)}`);
    return `test accuracy ${accuracy.toFixed(3)} (≥ 0.70)`;
  },
  '02-vanishing-gradients-adding.rnnb': (notebook, text) => {
    const baseline = 1 / 6;
    const mse = {
      SimpleRNN: numberAfter(text, /\nSimpleRNN\s+/),
      LSTM: numberAfter(text, /\nLSTM\s+/),
      GRU: numberAfter(text, /\nGRU\s+/),
    };
    assert.ok(mse.SimpleRNN > 0.8 * baseline, `SimpleRNN stays near the 0.167 baseline: ${mse.SimpleRNN}`);
    assert.ok(mse.LSTM < 0.3 * baseline, `LSTM well under the baseline: ${mse.LSTM}`);
    assert.ok(mse.GRU < 0.3 * baseline, `GRU well under the baseline: ${mse.GRU}`);
    const simple = earlyToLateGradient(notebook, 'simple_rnn');
    const lstm = earlyToLateGradient(notebook, 'lstm');
    assert.ok(simple < 1e-2, `SimpleRNN: the gradient vanishes, ‖dL/dh_1‖/‖dL/dh_50‖ = ${simple}`);
    assert.ok(lstm > 10 * simple, `LSTM: the gradient survives, ratio ${lstm} vs SimpleRNN's ${simple}`);
    assert.ok(panelsRequested(notebook).includes(HEATMAP), `panels: ${panelsRequested(notebook)}`);
    // show_chain on the trained models: the SimpleRNN's product of Jacobians from step 1 vanishes, the LSTM's [h; c] product does not.
    assert.match(text, /simple_rnn \(SimpleRNN\(32\)\): the product shrinks to 10\^-\d+ over 50 steps .*: a SimpleRNN's gradient from step 1 vanishes/);
    assert.match(text, /lstm \(LSTM\(32\)\): the product (stays at|grows to) \S+ over 50 steps/);
    assert.ok(panelsRequested(notebook).includes('unroll.showChainOfPartials'), `panels: ${panelsRequested(notebook)}`);
    // bptt_terms: the SimpleRNN's ∂L/∂U gets next to nothing from the first half (where the first marked value is), the LSTM's a real share.
    const firstHalf = { SimpleRNN: numberAfter(text, /SimpleRNN: steps 1-25 give/), LSTM: numberAfter(text, /LSTM: steps 1-25 give/) };
    assert.ok(firstHalf.SimpleRNN < 5 && firstHalf.LSTM > 5 * firstHalf.SimpleRNN, `share of the BPTT terms from steps 1-25: SimpleRNN ${firstHalf.SimpleRNN}%, LSTM ${firstHalf.LSTM}%`);
    assert.match(text, /Opened the BPTT Step-Through/);
    return `test MSE SimpleRNN ${mse.SimpleRNN.toFixed(4)}, LSTM ${mse.LSTM.toFixed(4)}, GRU ${mse.GRU.toFixed(4)}; ‖dL/dh_1‖/‖dL/dh_50‖ SimpleRNN ${simple.toExponential(1)}, LSTM ${lstm.toExponential(1)}`;
  },
  '03-exploding-gradients-clipping.rnnb': (notebook, text) => {
    const baseline = numberAfter(text, /predicting 0: test MSE/);
    const unclipped = numberAfter(text, /without clipnorm: test MSE/);
    const clipped = numberAfter(text, /with clipnorm=1\.0: test MSE/);
    assert.ok(!Number.isFinite(unclipped) || unclipped > baseline, `without clipping the run diverges: test MSE ${unclipped}`);
    assert.ok(clipped < 0.2 * baseline, `with clipnorm it learns: test MSE ${clipped} vs predicting 0: ${baseline}`);
    const norms = [...plainText(fitCellOf(notebook, 'unclipped')).matchAll(/global norm ([^,\s]+)/g)].map(m => Number(m[1]));
    assert.ok(norms.some(n => !Number.isFinite(n) || n > 1e3), `the unclipped gradient explodes: global norms ${norms}`);
    assert.ok(panelsRequested(notebook).includes(HEATMAP), `panels: ${panelsRequested(notebook)}`);
    return `test MSE without clipnorm ${unclipped}, with clipnorm=1.0 ${clipped.toFixed(4)} (predicting 0: ${baseline.toFixed(3)})`;
  },
  '04-text-generation-moby-dick.rnnb': (notebook, text) => {
    const unigram = numberAfter(text, /unigram baseline: validation loss/);
    const model = numberAfter(text, /LSTM: validation loss/);
    assert.ok(model < 0.9 * unigram, `validation loss ${model} well below the unigram baseline ${unigram}`);
    for (const temperature of ['0.5', '1.0']) {
      const marker = `--- temperature ${temperature}\n`;
      const at = text.indexOf(marker);
      assert.ok(at >= 0, `no text sampled at temperature ${temperature}`);
      const sampled = text.slice(at + marker.length).split('--- temperature')[0].split('\nunigram baseline')[0];
      assert.ok(sampled.trim().length >= 200, `300 characters sampled at temperature ${temperature}: ${JSON.stringify(sampled)}`);
    }
    assert.ok(hasOutput(notebook, TEXT_MIME), 'the generated text for the renderer');
    return `validation loss ${model} vs unigram ${unigram} (nats/char)`;
  },
  '05-pos-tagging-bilstm.rnnb': (notebook, text) => {
    const baseline = numberAfter(text, /most-frequent-tag baseline: token accuracy/);
    const tagger = numberAfter(text, /tagger: token accuracy/);
    assert.ok(tagger > baseline, `the tagger ${tagger} beats the most-frequent-tag baseline ${baseline}`);
    assert.match(text, /\w+\/(NOUN|VERB|DET|ADP) /, 'a tagged test sentence');
    assert.ok(panelsRequested(notebook).includes(GRAPH), `panels: ${panelsRequested(notebook)}`);
    assert.ok(panelsRequested(notebook).includes('unroll.showSaliency'), `panels: ${panelsRequested(notebook)}`);
    assert.match(text, /Saliency of tagger over 40 steps at training step 0: y = the logit of class \d+ at output position 3 \(<oov>\)/);
    return `token accuracy ${tagger} vs most-frequent-tag baseline ${baseline}`;
  },
  '06-melody-generation.rnnb': (notebook, text) => {
    const majority = numberAfter(text, /majority baseline: next-note accuracy/);
    const model = numberAfter(text, /LSTM: next-note accuracy/);
    assert.ok(model > majority, `next-note accuracy ${model} above the majority baseline ${majority}`);
    assert.match(text, /notes: 32/);
    assert.ok(hasOutput(notebook, MELODY_MIME), 'the melody as a piano roll');
    return `next-note accuracy ${model} vs majority ${majority}`;
  },
  '07-date-translation-seq2seq.rnnb': (notebook, text) => {
    const exact = numberAfter(text, /greedy decoding: exact-match accuracy/);
    assert.ok(exact >= 0.5, `greedy decoding gets held-out dates exactly right: ${exact}`);
    assert.match(text, / → \d{4}-\d\d-\d\d/, 'decoded examples');
    assert.ok(panelsRequested(notebook).includes(GRAPH), `panels: ${panelsRequested(notebook)}`);
    return `exact-match accuracy of greedy decoding ${exact}`;
  },
  '08-question-answering.rnnb': (_notebook, text) => {
    const majority = numberAfter(text, /majority answer: test accuracy/);
    const reader = numberAfter(text, /reader: test accuracy/);
    assert.ok(reader > majority + 0.1, `test accuracy ${reader} clearly above the majority answer ${majority}`);
    return `test accuracy ${reader} vs majority answer ${majority}`;
  },
  '09-airline-forecasting.rnnb': (notebook, text) => {
    const last = numberAfter(text, /last value: test RMSE/);
    const seasonal = numberAfter(text, /seasonal naive: test RMSE/);
    const gru = numberAfter(text, /GRU ensemble: test RMSE/);
    assert.ok(gru < last && gru < seasonal, `the GRU ensemble beats both naive forecasts: ${gru} vs last value ${last}, seasonal ${seasonal}`);
    assert.ok(panelsRequested(notebook).includes(GRAPH), `panels: ${panelsRequested(notebook)}`);
    return `test RMSE GRU ensemble ${gru}, last value ${last}, seasonal naive ${seasonal}`;
  },
  '10-date-translation-attention.rnnb': (notebook, text) => {
    const exact = numberAfter(text, /greedy decoding: exact-match accuracy/);
    const long = numberAfter(text, /long inputs \(25\+ characters\): exact-match accuracy/);
    assert.ok(exact >= 0.9, `with attention, two epochs get held-out dates exactly right: ${exact}`);
    assert.ok(long >= 0.9, `and the long ones: ${long}`);
    assert.match(text, / → \d{4}-\d\d-\d\d/, 'decoded examples');
    assert.match(text, /alignment \(10, 35\)/, 'the alignment of one example, from the aligner model');
    assert.ok(panelsRequested(notebook).includes(GRAPH), `panels: ${panelsRequested(notebook)}`);
    return `exact-match accuracy of greedy decoding ${exact} (long inputs ${long})`;
  },
};

describe('Samples through unroll run: each runs to completion and meets its learning outcome', function () {
  this.timeout(600_000);
  const samples = path.join(REPO_ROOT, 'samples');
  let folder: string;
  before(() => { folder = tempFolder(); });
  after(() => fs.rmSync(folder, { recursive: true, force: true }));

  it('every numbered sample has an outcome check here', () => {
    const numbered = fs.readdirSync(samples).filter(f => /^\d\d-.*\.rnnb$/.test(f)).sort();
    assert.ok(numbered.length >= 9, `samples found: ${numbered}`);
    assert.deepEqual(numbered.filter(f => !OUTCOMES[f]), [], 'samples without an outcome check');
    assert.deepEqual([...FAST].filter(f => !fs.existsSync(path.join(samples, f))), [], 'FAST names samples that exist');
  });

  for (const [file, check] of Object.entries(OUTCOMES)) {
    it(file, async function () {
      if (!FAST.has(file) && !RUN_ALL) this.skip(); // minutes each here: the in-host layer runs it (UNROLL_SAMPLES=all runs it here)
      const output = path.join(folder, file);
      const run = await runCli([path.join(samples, file), '--output', output, '--provider', 'cpu'], REPO_ROOT);
      assert.equal(run.code, EXIT.ok, transcript(run));
      const notebook = deserializeRnnb(fs.readFileSync(output));
      for (const [i, cell] of notebook.cells.entries()) {
        if (cell.kind === 'code') assert.equal(cell.execution?.success, true, `cell ${i + 1} of ${file} did not succeed`);
      }
      const outcome = check(notebook, codeCells(notebook).map(plainText).join('\n'));
      console.log(`      ${file}: ${run.seconds.toFixed(1)} s through unroll run; ${outcome}`);
    });
  }
});
