// Every numbered sample in samples/, run as a person would run it: open it in the real VS Code,
// run all cells, and check that each cell succeeded and that the sample reached the learning
// outcome it states (parsed from the lines it prints). Each run's wall time and outcome go to
// test-results/samples.json and samples.md, for the README's samples table.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { EXTENSION_ID, activateUnroll, closeActiveEditor, openNotebook, outputText, runCells, waitFor } from './helpers';
import { numberAfter } from '../../outputNumbers';

/** Each sample must finish within this (the issue asks for under 2 minutes on 2 cores). */
const SAMPLE_LIMIT_SECONDS = 120;

interface SampleResult {
  file: string;
  title: string;
  seconds: number;
  outcome: string;
  passed: boolean;
}

const results: SampleResult[] = [];

function codeCells(notebook: vscode.NotebookDocument): vscode.NotebookCell[] {
  return notebook.getCells().filter(cell => cell.kind === vscode.NotebookCellKind.Code);
}

/** What a person reads in a cell's outputs: its printed lines and the text/plain of its displays, one item a line. */
function plainText(cell: vscode.NotebookCell): string {
  const readable = new Set(['text/plain', 'application/vnd.code.notebook.stdout', 'application/vnd.code.notebook.stderr']);
  return cell.outputs.flatMap(o => o.items).filter(item => readable.has(item.mime)).map(item => new TextDecoder().decode(item.data)).join('\n');
}

function allOutput(notebook: vscode.NotebookDocument): string {
  return codeCells(notebook).map(plainText).join('\n');
}

/**
 * ‖dL/dh_1‖ / ‖dL/dh_T‖ of the model named, from the frames the host's gradient stream received:
 * the median over its last 10 frames (one frame swings by decades from step to step).
 */
async function earlyToLateGradient(modelName: string): Promise<number> {
  const stream = (await activateUnroll()).gradients;
  const diagram = [...stream.diagrams.values()].filter(d => d.name === modelName).at(-1);
  assert.ok(diagram, `no model named ${modelName} reached the gradient stream`);
  const frames = (stream.frames.get(diagram.modelId) ?? []).slice(-10);
  assert.ok(frames.length > 0, `no gradient frame for ${modelName}`);
  const ratios = frames.map(f => {
    const dh = f.dh[diagram.dhKeys[0]];
    return dh[0] / dh[dh.length - 1];
  }).sort((a, b) => a - b);
  return ratios[Math.floor(ratios.length / 2)];
}

function hasOutput(notebook: vscode.NotebookDocument, mime: string): boolean {
  return codeCells(notebook).some(cell => cell.outputs.some(output => output.items.some(item => item.mime === mime)));
}

function openTabLabels(): string[] {
  return vscode.window.tabGroups.all.flatMap(group => group.tabs.map(tab => tab.label));
}

/** A panel takes its model's name as its title once its webview has loaded. */
async function waitForTab(label: RegExp): Promise<void> {
  await waitFor(() => openTabLabels().some(l => label.test(l)), `a tab ${label} (tabs: ${openTabLabels()})`, 30_000);
}

/** The fit cell whose source trains `variable`. */
function fitCellOf(notebook: vscode.NotebookDocument, variable: string): vscode.NotebookCell {
  const cell = codeCells(notebook).find(c => c.document.getText().includes(`${variable}.fit(`));
  assert.ok(cell, `no cell trains ${variable}`);
  return cell;
}

/** Outcome checks, by sample file; each returns the outcome line for the summary. */
const OUTCOMES: Record<string, (notebook: vscode.NotebookDocument, text: string) => Promise<string>> = {
  '01-sentiment-simplernn.rnnb': async (_notebook, text) => {
    const accuracy = numberAfter(text, /test accuracy:/);
    assert.ok(accuracy >= 0.7, `test accuracy ${accuracy} < 0.70`);
    await waitForTab(/Gradients · SimpleRNN/);
    // Behind the heatmap in the same group, the graph's webview loads (and takes the model's name) when shown.
    await waitForTab(/^Unrolled/);
    return `test accuracy ${accuracy.toFixed(3)} (≥ 0.70)`;
  },
  '02-vanishing-gradients-adding.rnnb': async (_notebook, text) => {
    const baseline = 1 / 6;
    const mse = {
      SimpleRNN: numberAfter(text, /\nSimpleRNN\s+/),
      LSTM: numberAfter(text, /\nLSTM\s+/),
      GRU: numberAfter(text, /\nGRU\s+/),
    };
    assert.ok(mse.SimpleRNN > 0.8 * baseline, `SimpleRNN stays near the 0.167 baseline: ${mse.SimpleRNN}`);
    assert.ok(mse.LSTM < 0.3 * baseline, `LSTM well under the baseline: ${mse.LSTM}`);
    assert.ok(mse.GRU < 0.3 * baseline, `GRU well under the baseline: ${mse.GRU}`);
    // One decade apart at least: across runs SimpleRNN's ratio ranged from 1e-11 to 6e-3, LSTM's about 0.1-0.2.
    const simple = await earlyToLateGradient('SimpleRNN');
    const lstm = await earlyToLateGradient('LSTM');
    assert.ok(simple < 1e-2, `SimpleRNN: the gradient vanishes, ‖dL/dh_1‖/‖dL/dh_50‖ = ${simple}`);
    assert.ok(lstm > 10 * simple, `LSTM: the gradient survives, ratio ${lstm} vs SimpleRNN's ${simple}`);
    // bptt_terms: the SimpleRNN's ∂L/∂U gets next to nothing from the first half (where the first marked value is), the LSTM's a real share.
    const firstHalf = { SimpleRNN: numberAfter(text, /SimpleRNN: steps 1-25 give/), LSTM: numberAfter(text, /LSTM: steps 1-25 give/) };
    assert.ok(firstHalf.SimpleRNN < 5 && firstHalf.LSTM > 5 * firstHalf.SimpleRNN, `share of the BPTT terms from steps 1-25: SimpleRNN ${firstHalf.SimpleRNN}%, LSTM ${firstHalf.LSTM}%`);
    await waitForTab(/BPTT/);
    await waitForTab(/Gradients · LSTM/);
    return `test MSE SimpleRNN ${mse.SimpleRNN.toFixed(4)}, LSTM ${mse.LSTM.toFixed(4)}, GRU ${mse.GRU.toFixed(4)} (baseline 0.167); ‖dL/dh_1‖/‖dL/dh_50‖ SimpleRNN ${simple.toExponential(1)}, LSTM ${lstm.toExponential(1)} (medians of the last 10 frames)`;
  },
  '03-exploding-gradients-clipping.rnnb': async (notebook, text) => {
    const baseline = numberAfter(text, /predicting 0: test MSE/);
    const unclipped = numberAfter(text, /without clipnorm: test MSE/);
    const clipped = numberAfter(text, /with clipnorm=1\.0: test MSE/);
    assert.ok(!Number.isFinite(unclipped) || unclipped > baseline, `without clipping the run diverges: test MSE ${unclipped}`);
    assert.ok(clipped < 0.2 * baseline, `with clipnorm it learns: test MSE ${clipped} vs predicting 0: ${baseline}`);
    await waitForTab(/Gradients · clipped/);
    const unclippedFit = plainText(fitCellOf(notebook, 'unclipped'));
    const norms = [...unclippedFit.matchAll(/global norm ([^,\s]+)/g)].map(m => Number(m[1]));
    assert.ok(norms.some(n => !Number.isFinite(n) || n > 1e3), `the unclipped gradient explodes: global norms ${norms}`);
    return `test MSE without clipnorm ${unclipped}, with clipnorm=1.0 ${clipped.toFixed(4)} (predicting 0: ${baseline.toFixed(3)}); unclipped global norm up to ${Math.max(...norms.map(n => (Number.isNaN(n) ? Infinity : n)))}`;
  },
  '04-text-generation-moby-dick.rnnb': async (notebook, text) => {
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
    assert.ok(hasOutput(notebook, 'application/vnd.unroll.text+json'), 'the generated text for the renderer');
    return `validation loss ${model} vs unigram ${unigram} (nats/char); text sampled at temperatures 0.5 and 1.0`;
  },
  '05-pos-tagging-bilstm.rnnb': async (_notebook, text) => {
    const baseline = numberAfter(text, /most-frequent-tag baseline: token accuracy/);
    const tagger = numberAfter(text, /tagger: token accuracy/);
    assert.ok(tagger > baseline, `the tagger ${tagger} beats the most-frequent-tag baseline ${baseline}`);
    assert.match(text, /\w+\/(NOUN|VERB|DET|ADP) /, 'a tagged test sentence');
    await waitForTab(/Unrolled · tagger/);
    return `token accuracy ${tagger} vs most-frequent-tag baseline ${baseline}`;
  },
  '06-melody-generation.rnnb': async (notebook, text) => {
    const majority = numberAfter(text, /majority baseline: next-note accuracy/);
    const model = numberAfter(text, /LSTM: next-note accuracy/);
    assert.ok(model > majority, `next-note accuracy ${model} above the majority baseline ${majority}`);
    assert.match(text, /notes: 32/);
    assert.ok(hasOutput(notebook, 'application/vnd.unroll.melody+json'), 'the melody as a piano roll');
    return `next-note accuracy ${model} vs majority ${majority} on held-out tunes; a 32-note melody from C4 as a piano roll`;
  },
  '07-date-translation-seq2seq.rnnb': async (_notebook, text) => {
    const exact = numberAfter(text, /greedy decoding: exact-match accuracy/);
    assert.ok(exact >= 0.5, `greedy decoding gets held-out dates exactly right: ${exact}`);
    assert.match(text, / → \d{4}-\d\d-\d\d/, 'decoded examples');
    await waitForTab(/Unrolled · translator/);
    return `exact-match accuracy of greedy decoding ${exact} on 2,400 held-out dates`;
  },
  '08-question-answering.rnnb': async (_notebook, text) => {
    const majority = numberAfter(text, /majority answer: test accuracy/);
    const reader = numberAfter(text, /reader: test accuracy/);
    assert.ok(reader > majority + 0.1, `test accuracy ${reader} clearly above the majority answer ${majority}`);
    return `test accuracy ${reader} vs majority answer ${majority}`;
  },
  '09-airline-forecasting.rnnb': async (_notebook, text) => {
    const last = numberAfter(text, /last value: test RMSE/);
    const seasonal = numberAfter(text, /seasonal naive: test RMSE/);
    const gru = numberAfter(text, /GRU ensemble: test RMSE/);
    assert.ok(gru < last && gru < seasonal, `the GRU ensemble beats both naive forecasts: ${gru} vs last value ${last}, seasonal ${seasonal}`);
    await waitForTab(/Unrolled · forecaster_3/);
    return `test RMSE GRU ensemble ${gru}, last value ${last}, seasonal naive ${seasonal} (thousand passengers)`;
  },
  '10-date-translation-attention.rnnb': async (_notebook, text) => {
    // After its two epochs; sample 07's model (no attention) got 0.27 after two epochs and 0.99 after five when measured.
    const exact = numberAfter(text, /greedy decoding: exact-match accuracy/);
    const long = numberAfter(text, /long inputs \(25\+ characters\): exact-match accuracy/);
    assert.ok(exact >= 0.9, `with attention, two epochs get held-out dates exactly right: ${exact}`);
    assert.ok(long >= 0.9, `and the long ones: ${long}`);
    assert.match(text, / → \d{4}-\d\d-\d\d/, 'decoded examples');
    assert.match(text, /alignment \(10, 35\)/, 'the alignment of one example, from the aligner model');
    await waitForTab(/Unrolled · attentive_translator/);
    return `exact-match accuracy of greedy decoding ${exact} (long inputs ${long}) on 2,400 held-out dates after 2 epochs`;
  },
};

function writeSummary(): void {
  const root = vscode.extensions.getExtension(EXTENSION_ID)!.extensionPath;
  const dir = path.join(root, 'test-results');
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, 'samples.json'), JSON.stringify(results, null, 2) + '\n');
  const rows = results.map(r => `| ${r.file} | ${r.title} | ${r.seconds.toFixed(1)} s | ${r.passed ? 'met' : 'NOT MET'}: ${r.outcome} |`);
  fs.writeFileSync(path.join(dir, 'samples.md'), ['| Sample | Title | Wall time | Outcome |', '|---|---|---|---|', ...rows].join('\n') + '\n');
}

describe('Samples: each runs to completion in VS Code and meets its learning outcome', function () {
  this.timeout((SAMPLE_LIMIT_SECONDS + 60) * 1000);
  before(activateUnroll);
  afterEach(async () => {
    writeSummary();
    await closeActiveEditor();
  });

  it('every numbered sample has an outcome check here', () => {
    const folder = vscode.workspace.workspaceFolders![0].uri.fsPath;
    const samples = fs.readdirSync(folder).filter(f => /^\d\d-.*\.rnnb$/.test(f)).sort();
    assert.ok(samples.length >= 10, `samples found: ${samples}`);
    assert.deepEqual(samples.filter(f => !OUTCOMES[f]), [], 'samples without an outcome check');
  });

  it('Open Sample with a name (as the walkthrough links do) opens an untitled copy; the shipped file stays as it is', async () => {
    const root = vscode.extensions.getExtension(EXTENSION_ID)!.extensionPath;
    const shipped = path.join(root, 'samples', '02-vanishing-gradients-adding.rnnb');
    const before = fs.readFileSync(shipped, 'utf8');
    await vscode.commands.executeCommand('unroll.openSample', '02-vanishing-gradients-adding');
    await waitFor(() => vscode.window.activeNotebookEditor?.notebook.isUntitled === true, 'the untitled copy to be shown');
    const notebook = vscode.window.activeNotebookEditor!.notebook;
    const expected = JSON.parse(before) as { metadata: { title: string }; cells: { source: string[] }[] };
    assert.equal(notebook.metadata.title, expected.metadata.title);
    assert.equal(notebook.cellCount, expected.cells.length);
    assert.equal(notebook.cellAt(1).document.getText(), expected.cells[1].source.join(''));
    assert.equal(fs.readFileSync(shipped, 'utf8'), before, 'the shipped sample is unchanged');
  });

  for (const [file, check] of Object.entries(OUTCOMES)) {
    it(file, async () => {
      const { notebook } = await openNotebook(file);
      const title = String(notebook.metadata?.title ?? file);
      const started = Date.now();
      await runCells(notebook);
      const seconds = (Date.now() - started) / 1000;
      const result: SampleResult = { file, title, seconds, outcome: '', passed: false };
      results.push(result);
      for (const cell of codeCells(notebook)) {
        assert.equal(cell.executionSummary?.success, true, `cell ${cell.index + 1} of ${file} failed:\n${cell.document.getText()}\n→ ${outputText(cell).slice(-2000)}`);
      }
      const text = allOutput(notebook);
      try {
        result.outcome = await check(notebook, text);
      } catch (e) {
        result.outcome = e instanceof Error ? e.message.split('\n')[0] : String(e);
        throw e;
      }
      assert.ok(seconds < SAMPLE_LIMIT_SECONDS, `${file} ran in ${seconds.toFixed(1)} s (limit ${SAMPLE_LIMIT_SECONDS} s)`);
      result.passed = true;
      console.log(`      ${file}: ${seconds.toFixed(1)} s; ${result.outcome}`);
    });
  }
});
