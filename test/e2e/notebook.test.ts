// End to end: a person opens the hello sample, runs it (a SimpleRNN trains and the graph and
// heatmap panels open beside the notebook), restarts the kernel and asks for the panels, in the
// real workbench (code-server + Chromium). Screenshots of every step land in test-results/e2e/.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import type { Frame } from 'playwright-core';
import { RESULTS_DIR, ROOT, Workbench, sleep, waitUntil } from './workbench';

const SAMPLE = 'hello.rnnb';
/** The last cell of hello.rnnb prints the outcome against the baseline. */
const HELLO_OUTCOME = /SimpleRNN: test MSE (\d+\.\d+)\s+always answering 1: test MSE (\d+\.\d+)/;

describe('e2e: hello.rnnb in the workbench', function () {
  this.timeout(180_000);
  const wb = new Workbench();
  let failed = false;

  before(async function () {
    this.timeout(300_000);
    await wb.start();
    console.log(`      screenshot: ${await wb.screenshot('workbench-ready')}`);
  });

  afterEach(async function () {
    if (this.currentTest?.state === 'failed') {
      failed = true;
      const file = await wb.screenshot(`FAILED-${this.currentTest.title}`).catch(() => '(no screenshot)');
      console.log(`      failure screenshot: ${file}`);
    }
  });

  after(async function () {
    this.timeout(60_000);
    await wb.stop();
  });

  it('opens hello.rnnb with Quick Open', async () => {
    await wb.quickOpen(SAMPLE);
    const tab = wb.page.locator('.tabs-container .tab.active', { hasText: SAMPLE });
    await tab.waitFor({ timeout: 60_000 });
    await wb.notebook().waitFor({ state: 'visible', timeout: 60_000 });
    // Cells rendered (the markdown cell and at least one code cell).
    await wb.notebook().locator('.code-cell-row').first().waitFor({ timeout: 60_000 });
    await sleep(1000);
    console.log(`      screenshot: ${await wb.screenshot('notebook-open')}`);
  });

  it('runs all cells: the SimpleRNN trains, the graph and heatmap open beside, the outcome beats the baseline', async () => {
    const runAll = wb.notebook().locator('.notebook-toolbar-container a.action-label[aria-label^="Run All"]').first();
    await runAll.waitFor({ state: 'visible', timeout: 60_000 });
    await runAll.click();
    await wb.page.mouse.move(900, 700); // no hover tooltip in the screenshots
    // If VS Code asks which kernel to use, take the first (Unroll's) one.
    const picker = wb.page.locator('.quick-input-widget .quick-input-list .monaco-list-row').first();
    if (await picker.waitFor({ timeout: 3000 }).then(() => true, () => false)) {
      console.log(`      kernel picker offered: ${(await picker.innerText()).replace(/\s+/g, ' ')}`);
      await wb.page.keyboard.press('Enter');
    }
    // show_heatmap(model) opens the heatmap beside the notebook before the fit cell trains the model.
    const heatmap = await wb.waitForWebviewText(/hello_rnn · ‖dL\/dh_t‖/, 150_000);
    assert.match(heatmap, /simple_rnn/);
    // The graph panel, opened by show_graph(model), is the other tab of the panels' group.
    await wb.page.locator('.tabs-container .tab', { hasText: 'Unrolled · hello_rnn' }).first().waitFor({ timeout: 60_000 });
    // The outcome is printed by the last cell; VS Code renders only the outputs in view. The panels
    // took the focus: give it back to the notebook and go to its last cell (Ctrl+End), scrolling
    // further if need be.
    await wb.runCommand('View: Focus First Editor Group');
    await wb.page.keyboard.press('Escape');
    await wb.page.keyboard.press('Control+End');
    const deadline = Date.now() + 150_000;
    let text = '';
    while (!text && Date.now() < deadline) {
      text = await wb.waitForWebviewText(HELLO_OUTCOME, 3_000).catch(() => '');
      if (text) break;
      await wb.page.mouse.move(450, 500);
      await wb.page.mouse.wheel(0, 800);
    }
    assert.ok(text, 'the last cell printed the outcome');
    const [, mse, baseline] = HELLO_OUTCOME.exec(text)!.map(Number);
    console.log(`      hello: test MSE ${mse} vs always answering 1: ${baseline}`);
    assert.ok(mse < baseline, `the SimpleRNN beats the baseline: ${mse} vs ${baseline}`);
    // Every code cell finished (no cell left running or failed).
    await wb.page
      .locator('.notebookOverlay .code-cell-row .codicon-notebook-state-executing, .notebookOverlay .code-cell-row .codicon-sync.codicon-modifier-spin')
      .first()
      .waitFor({ state: 'detached', timeout: 120_000 })
      .catch(() => undefined);
    const errors = await wb.page.locator('.notebookOverlay .code-cell-row .codicon-notebook-state-error').count();
    await sleep(500);
    console.log(`      output text: ${JSON.stringify(text.trim().slice(0, 300))}`);
    console.log(`      screenshot: ${await wb.screenshot('run-all-outputs')}`);
    assert.strictEqual(errors, 0, `${errors} cell(s) ended in error`);
    // show_graph(model) ran before the model trained: the graph came with the fit's diagram.
    await wb.page.locator('.tabs-container .tab', { hasText: 'Unrolled · hello_rnn' }).first().click();
    const graph = await wb.waitForWebviewText(/hello_rnn — many-to-one/, 30_000);
    assert.match(graph, /Shared weights/);
    // It was behind the heatmap while the model trained, and got no frames then: its page, loaded
    // when the tab is clicked, asks for the model and gets it with its latest gradients.
    await wb.waitForWebviewText(/‖dL\/dh_t‖ \(log\) at step [1-9]\d*/, 30_000);
    await sleep(1500);
    console.log(`      screenshot: ${await wb.screenshot('hello-unrolled-graph')}`);
  });

  it('restarts the kernel from the command palette', async () => {
    await wb.clearNotifications();
    // The command is offered while a notebook has the focus (hello's panels may have taken it).
    await wb.runCommand('View: Focus First Editor Group');
    await wb.runCommand('Unroll: Restart Kernel');
    const msg = await wb.waitForNotification(/kernel restarted/i, 60_000);
    console.log(`      notification: ${JSON.stringify(msg)}`);
    console.log(`      screenshot: ${await wb.screenshot('restart-kernel')}`);
    assert.match(msg, /Unroll: kernel restarted/);
  });

  it('opens the Unrolled Graph and Gradient Heatmap panels from the palette', async () => {
    await wb.clearNotifications();
    await wb.runCommand('Unroll: Show Unrolled Graph');
    // After the restart the panels (opened by the hello run) say so, or that no model is there yet
    // (text that the notebook's own outputs do not have).
    const graph = await wb.waitForWebviewText(/No model yet|kernel was restarted/, 60_000);
    await sleep(800);
    console.log(`      graph panel: ${JSON.stringify(graph.trim().slice(0, 200))}`);
    console.log(`      screenshot: ${await wb.screenshot('unrolled-graph')}`);
    await wb.focusWorkbench();
    await wb.runCommand('Unroll: Show Gradient Heatmap');
    const heatmap = await wb.waitForWebviewText(/kernel was restarted|gradients appear here|Waiting for a model/, 60_000);
    await sleep(800);
    console.log(`      heatmap panel: ${JSON.stringify(heatmap.trim().slice(0, 200))}`);
    console.log(`      screenshot: ${await wb.screenshot('gradient-heatmap')}`);
  });

  it('trains the sentiment sample; the open panels show its graph and gradients', async () => {
    await wb.runCommand('View: Close All Editors');
    await wb.quickOpen('01-sentiment-simplernn.rnnb');
    await wb.notebook().locator('.code-cell-row').first().waitFor({ timeout: 60_000 });
    await wb.runAllCells();
    await wb.page.mouse.move(900, 900);
    // The fit cell's per-epoch lines (its text/plain beside the renderer's chart). VS Code renders
    // only the outputs in view, and the sample's teaching text comes first: scroll down until
    // they appear. (The in-host samples test checks the held-out accuracy.)
    const LAST_EPOCH = /Epoch 3\/3\n75\/75 - [^\n]*accuracy: (\d\.\d{4})/;
    const deadline = Date.now() + 170_000;
    let text = '';
    while (!text && Date.now() < deadline) {
      await wb.page.mouse.move(450, 500);
      await wb.page.mouse.wheel(0, 600);
      text = await wb.waitForWebviewText(LAST_EPOCH, 3_000).catch(() => '');
    }
    assert.ok(text, 'the fit cell showed its third epoch');
    const accuracy = Number(LAST_EPOCH.exec(text)![1]);
    console.log(`      sentiment training accuracy after 3 epochs: ${accuracy}`);
    assert.ok(accuracy > 0.7, `the SimpleRNN learned: ${accuracy}`);
    console.log(`      screenshot: ${await wb.screenshot('sentiment-trained')}`);
    await wb.runCommand('Unroll: Show Unrolled Graph');
    const graph = await wb.waitForWebviewText(/SimpleRNN — many-to-one/, 30_000);
    assert.match(graph, /Shared weights/);
    await sleep(1500);
    console.log(`      screenshot: ${await wb.screenshot('unrolled-graph-trained')}`);
    await wb.runCommand('Unroll: Show Gradient Heatmap');
    const heatmap = await wb.waitForWebviewText(/GRADIENT NORM PER PARAMETER|per parameter/i, 30_000);
    assert.match(heatmap, /simple_rnn/);
    await sleep(1500);
    console.log(`      screenshot: ${await wb.screenshot('gradient-heatmap-trained')}`);
    await wb.runCommand('Unroll: Focus on Kernels & Runs View');
    const side = await wb.waitForWebviewText(/Models[\s\S]*SimpleRNN[\s\S]*step 225 · loss/i, 30_000);
    assert.match(side, /01-sentiment-simplernn\.rnnb/);
    await sleep(800);
    console.log(`      screenshot: ${await wb.screenshot('side-panel-trained')}`);
    // The workbench starts in Default Light Modern (scripts/code-server.js). The same panels in a
    // dark and a high-contrast theme: they take their colours from the theme's variables.
    await wb.colorTheme('Dark Modern', 'vs-dark');
    console.log(`      screenshot: ${await wb.screenshot('panels-dark-theme')}`);
    await wb.colorTheme('Dark High Contrast', 'hc-black');
    console.log(`      screenshot: ${await wb.screenshot('panels-high-contrast-theme')}`);
    await wb.colorTheme('Light Modern', 'vs');
  }).timeout(240_000);

  it('renders rich outputs: the summary table, a live training chart whose Stop interrupts, a gradient map that opens the heatmap', async () => {
    await wb.runCommand('View: Close All Editors');
    const cells = [
      { kind: 'code', language: 'rnn', source: "(X, y), _ = datasets.sentiment(max_vocab=500, max_len=20)\nmodel = Sequential(name='tiny')\nmodel.add(Embedding(500, 8, mask_zero=True))\nmodel.add(SimpleRNN(8))\nmodel.add(Dense(1, activation='sigmoid'))\nmodel.compile(loss='binary_crossentropy', optimizer='adam', metrics=['accuracy'])\nmodel.summary()", metadata: {}, outputs: [] },
      { kind: 'code', language: 'rnn', source: 'history = model.fit(X, y, epochs=400, batch_size=16, validation_split=0.2)', metadata: {}, outputs: [] },
    ];
    fs.writeFileSync(path.join(wb.workspace, 'renderer.rnnb'), JSON.stringify({ cells }));
    await wb.runCommand('View: Show Explorer');
    const row = wb.page.locator('.explorer-folders-view .monaco-list-row', { hasText: 'renderer.rnnb' }).first();
    await row.waitFor({ state: 'visible', timeout: 30_000 });
    await row.click();
    await wb.notebook().locator('.code-cell-row').first().waitFor({ timeout: 60_000 });
    await wb.runAllCells();
    await wb.page.mouse.move(900, 900);
    // This notebook's summary (hello.rnnb, still open, has a summary table of its own, without an Embedding).
    const summary = await wb.frameWith('table.summary:has-text("embedding")');
    assert.ok(await summary.locator('table.summary tbody tr').count() >= 3, 'a row per layer');
    const fit = await wb.frameWith('.unroll-training button.stop');
    await sleep(4000);
    console.log(`      screenshot: ${await wb.screenshot('renderer-training')}`);
    // The output is replaced in place ~8 times a second: always act on the visible one. Outputs
    // live in one tall webview behind the notebook's own scrolling, so an element can be shown
    // yet outside the frame's viewport: the click is dispatched to it rather than made by the mouse.
    await fit.locator('.unroll-training button.stop:visible').first().dispatchEvent('click');
    await fit.locator('.unroll-training .badge.interrupted:visible').first().waitFor({ timeout: 30_000 });
    const status = (await fit.locator('.unroll-training .status:visible').first().textContent()) ?? '';
    console.log(`      stopped: ${JSON.stringify(status.trim())}`);
    assert.doesNotMatch(status, /400\/400/, 'stopped before the last epoch');
    console.log(`      screenshot: ${await wb.screenshot('renderer-stopped')}`);
    // The map in this notebook's outputs (the same webview as the chart; the sentiment notebook's
    // hidden output webview has a map too).
    await fit.locator('.gmap:visible').first().dispatchEvent('click');
    // The heatmap panel (already open on the sentiment model) switches to the model of the map.
    const heatmap = await wb.waitForWebviewText(/tiny · ‖dL\/dh_t‖[\s\S]*per parameter/i, 30_000);
    assert.match(heatmap, /simple_rnn/);
    await sleep(1500);
    console.log(`      screenshot: ${await wb.screenshot('renderer-map-opened-heatmap')}`);
  }).timeout(240_000);

  it('shows a diagnostic squiggle with its hover while typing', async () => {
    // A notebook with a misspelt keyword argument, as a person might type it.
    const cells = [{ kind: 'code', language: 'rnn', source: 'model = Sequential()\nmodel.add(LSTM(unit=32))\n', metadata: {}, outputs: [] }];
    fs.writeFileSync(path.join(wb.workspace, 'typo.rnnb'), JSON.stringify({ cells }));
    // Quick Open's file index may lag behind a file made a moment ago; the Explorer's watcher does not.
    await wb.runCommand('View: Show Explorer');
    const row = wb.page.locator('.explorer-folders-view .monaco-list-row', { hasText: 'typo.rnnb' }).first();
    await row.waitFor({ state: 'visible', timeout: 30_000 });
    await row.click();
    const squiggle = wb.page.locator('.notebookOverlay .squiggly-error').first();
    await squiggle.waitFor({ state: 'visible', timeout: 60_000 });
    const box = await squiggle.boundingBox();
    assert.ok(box, 'the squiggle has a place on screen');
    await wb.page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    const hover = wb.page.locator('.monaco-hover:not(.hidden)', { hasText: 'unexpected keyword argument' }).first();
    await hover.waitFor({ state: 'visible', timeout: 30_000 });
    const text = await hover.innerText();
    console.log(`      hover: ${JSON.stringify(text.trim().slice(0, 200))}`);
    console.log(`      screenshot: ${await wb.screenshot('diagnostic-hover')}`);
    assert.match(text, /LSTM\(\) got an unexpected keyword argument 'unit'/);
    assert.match(text, /units/);
  });

  it('an exploding SimpleRNN: the heatmap shows Inf/NaN in magenta and flags the first non-finite training step', async () => {
    await wb.runCommand('View: Close All Editors');
    // Sample 3's unclipped model (orthogonal recurrent weights × 1.5, SGD 0.1), trained without
    // TerminateOnNaN, so the run goes on past the first Inf/NaN.
    const source = [
      'from keras.initializers import Orthogonal',
      'from keras.optimizers import SGD',
      '(x_train, y_train), _ = datasets.noisy_sines(T=30)',
      "model = Sequential([SimpleRNN(32, recurrent_initializer=Orthogonal(gain=1.5), input_shape=(30, 1)), Dense(1)], name='exploding')",
      "model.compile(loss='mse', optimizer=SGD(learning_rate=0.1))",
      'model.fit(x_train, y_train, epochs=3, batch_size=32)',
    ].join('\n');
    const cells = [
      { kind: 'code', language: 'rnn', source, metadata: {}, outputs: [] },
      { kind: 'code', language: 'rnn', source: 'show_heatmap(model)', metadata: {}, outputs: [] },
    ];
    fs.writeFileSync(path.join(wb.workspace, 'exploding.rnnb'), JSON.stringify({ cells }));
    await wb.runCommand('View: Show Explorer');
    const row = wb.page.locator('.explorer-folders-view .monaco-list-row', { hasText: 'exploding.rnnb' }).first();
    await row.waitFor({ state: 'visible', timeout: 30_000 });
    await row.click();
    await wb.notebook().locator('.code-cell-row').first().waitFor({ timeout: 60_000 });
    await wb.runAllCells();
    await wb.page.mouse.move(900, 900);
    await wb.waitForWebviewText(/exploding · ‖dL\/dh_t‖/, 120_000);
    const heatmap = await wb.frameWith('#flags #first-nonfinite', 60_000);
    await sleep(1500); // the last throttled frames, and the canvas drawn
    const flags = (await heatmap.locator('#flags').innerText()).replace(/\s+/g, ' ');
    console.log(`      flags: ${JSON.stringify(flags.slice(0, 400))}`);
    assert.match(flags, /step \d+: exploding — /);
    const first = /first Inf\/NaN at training step (\d+)/.exec(flags);
    assert.ok(first, `the flags name the first Inf/NaN step: ${flags}`);
    // The run has 3 epochs of 32 steps; the first non-finite step is inside it.
    assert.ok(Number(first[1]) >= 1 && Number(first[1]) <= 96, `first Inf/NaN at step ${first[1]}`);
    // The map's non-finite cells are drawn in magenta (255, 0, 255).
    const magenta = await heatmap.locator('canvas#heatmap').evaluate((c: HTMLCanvasElement) => {
      const data = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
      let n = 0;
      for (let i = 0; i < data.length; i += 4) if (data[i] === 255 && data[i + 1] === 0 && data[i + 2] === 255) n++;
      return n / (c.width * c.height);
    });
    console.log(`      magenta share of the heatmap canvas: ${(100 * magenta).toFixed(1)}%`);
    assert.ok(magenta > 0.05, `Inf/NaN cells drawn in magenta: ${magenta}`);
    const file = path.join(RESULTS_DIR, 'heatmap-exploding.png');
    await heatmap.locator('body').screenshot({ path: file, animations: 'disabled', timeout: 30_000 });
    console.log(`      screenshot: ${path.relative(ROOT, file)} (the heatmap panel)`);
    console.log(`      screenshot: ${await wb.screenshot('heatmap-exploding-workbench')}`);
  }).timeout(240_000);

  it('the views inside the recurrence open from cells, answer the pointer and keys, export SVG, and read in three themes', async () => {
    await wb.runCommand('View: Close All Editors');
    const code = (...lines: string[]) => ({ kind: 'code', language: 'rnn', source: lines.join('\n'), metadata: {}, outputs: [] });
    const cells = [
      code(
        '(x_train, y_train), _ = datasets.adding(n_train=256, n_test=8, T=20)',
        "rnn = Sequential([SimpleRNN(8, input_shape=(20, 2)), Dense(1)], name='rnn')",
        "rnn.compile(loss='mse', optimizer='adam')",
        'show_states(rnn, x_train[0])',
        'show_saliency(rnn, x_train[0])',
      ),
      code('rnn.fit(x_train, y_train, epochs=2, batch_size=32)', 'show_chain(rnn, x_train[0])'),
      code('show_bptt(rnn, x_train[:1], y_train[:1])'),
      // Two more models trained after rnn: the panels opened on rnn must stay on it.
      code(
        "simple = Sequential([SimpleRNN(8, input_shape=(20, 2)), Dense(1)], name='simple')",
        "lstm = Sequential([LSTM(8, input_shape=(20, 2)), Dense(1)], name='lstm')",
        'for m in [simple, lstm]:',
        "    m.compile(loss='mse', optimizer='adam')",
        'runs = compare([simple, lstm], x_train, y_train, epochs=2, batch_size=32)',
      ),
      // A copy task with Luong attention, its alignment kept over 12 epochs (too few to reach the diagonal).
      code(
        'import numpy as np',
        'np.random.seed(0)',
        "source = np.random.randint(1, 9, size=(256, 6)).astype('int32')",
        "so_far = np.concatenate([np.ones((256, 1), dtype='int32'), source[:, :5]], axis=1)",
        "source_in = Input(shape=(None,), dtype='int32', name='source')",
        "so_far_in = Input(shape=(None,), dtype='int32', name='so_far')",
        'encoded, h, c = LSTM(16, return_sequences=True, return_state=True)(Embedding(10, 8)(source_in))',
        'decoded = LSTM(16, return_sequences=True)(Embedding(10, 8)(so_far_in), initial_state=[h, c])',
        "context = Attention(name='luong')([decoded, encoded])",
        "outputs = Dense(10, activation='softmax')(Concatenate()([decoded, context]))",
        "copier = Model([source_in, so_far_in], outputs, name='copier')",
        "copier.compile(loss='sparse_categorical_crossentropy', optimizer=Adam(learning_rate=0.02))",
        'digits = [str(i) for i in source[0]]',
        'show_attention(copier, [source[:1], so_far[:1]], input_tokens=digits, output_tokens=digits)',
        'copier.fit([source, so_far], source, epochs=12, batch_size=16)',
      ),
    ];
    fs.writeFileSync(path.join(wb.workspace, 'inside.rnnb'), JSON.stringify({ cells }));
    await wb.runCommand('View: Show Explorer');
    const row = wb.page.locator('.explorer-folders-view .monaco-list-row', { hasText: 'inside.rnnb' }).first();
    await row.waitFor({ state: 'visible', timeout: 30_000 });
    await row.click();
    await wb.notebook().locator('.code-cell-row').first().waitFor({ timeout: 60_000 });
    await wb.runAllCells();
    await wb.page.mouse.move(900, 900);
    // Every cell has run when the alignment shows the last cell's fit ended (16 steps × 12 epochs).
    await wb.waitForWebviewText(/step 192 \(epoch 12\)/, 240_000);

    // Each view's page marks its body once it has drawn (data-rendered); a hidden webview is not
    // kept, so each is brought back by its command, which keeps the model it was opened on.
    type View = { rendered: string; command: string; title: RegExp; interact?: (f: Frame) => Promise<void> };
    const views: View[] = [
      {
        rendered: 'states', command: 'Unroll: Show State Inspector', title: /rnn · states/,
        interact: async f => {
          // a click on the h map traces that unit; the scrubber goes back to the untrained model
          const map = f.locator('canvas.st-map[data-series="h"]');
          const box = (await map.boundingBox())!;
          await map.click({ position: { x: box.width * 0.5, y: box.height * (2.5 / 8) } });
          await waitUntil(async () => (await f.getAttribute('body', 'data-unit')) === '2', 'the click traces unit 2');
          assert.ok(await f.locator('svg.st-trace path.st-line').count() >= 2, 'the unit\'s trace is drawn');
          await f.locator('#scrub').fill('0');
          await waitUntil(async () => (await f.getAttribute('body', 'data-step')) === '0', 'scrubbed to step 0');
        },
      },
      {
        rendered: 'saliency', command: 'Unroll: Show Saliency', title: /rnn · saliency/,
        interact: async f => {
          await f.locator('.toolbar button', { hasText: 'gradient × input' }).click();
          await waitUntil(async () => (await f.getAttribute('body', 'data-mode')) === 'gradInput', 'gradient × input shown');
        },
      },
      { rendered: 'chain', command: 'Unroll: Show Chain of Partials', title: /rnn · chain of partials/ },
      {
        rendered: 'bptt', command: 'Unroll: Show BPTT Step-Through', title: /rnn/,
        interact: async f => {
          // BPTT starts at the last step; ← three times walks back to t = 17 of 20
          const start = Number(await f.getAttribute('body', 'data-cursor'));
          assert.equal(start, 19, 'the cursor starts at the last step');
          for (let i = 0; i < 3; i++) await f.locator('body').press('ArrowLeft');
          await waitUntil(async () => (await f.getAttribute('body', 'data-cursor')) === '16', 'three steps back');
          assert.match(await f.locator('#readout').innerText(), /t = 17 of 20/);
        },
      },
      {
        rendered: 'compare', command: 'Unroll: Show Lockstep Comparison', title: /simple[\s\S]*lstm/,
        // The page marks itself drawn with the models' rows; their frames follow in the next message.
        interact: async f => waitUntil(async () => (await f.locator('canvas.cmp-heatmap').count()) === 2, 'a heatmap row per model'),
      },
      {
        rendered: 'attention', command: 'Unroll: Show Attention Alignment', title: /copier/,
        interact: async f => {
          await f.locator('#scrub').fill('0');
          await waitUntil(async () => (await f.getAttribute('body', 'data-step')) === '0', 'scrubbed to the untrained alignment');
          await f.locator('#scrub').press('End');
        },
      },
    ];
    const shoot = async (f: Frame, name: string) => {
      await wb.page.mouse.move(900, 900);
      await sleep(600);
      const file = path.join(RESULTS_DIR, `${name}.png`);
      await f.locator('body').screenshot({ path: file, animations: 'disabled', timeout: 30_000 });
      console.log(`      screenshot: ${path.relative(ROOT, file)}`);
    };
    const bringBack = async (v: View) => {
      await wb.runCommand(v.command);
      const f = await wb.frameWith(`body[data-rendered="${v.rendered}"]`, 120_000);
      assert.match(await f.locator('body').innerText(), v.title);
      return f;
    };
    for (const v of views) {
      const f = await bringBack(v);
      await v.interact?.(f);
      await shoot(f, `inside-${v.rendered}-light`);
    }

    // Export… → SVG (print) from the state inspector: the save dialog proposes the workspace folder.
    const states = await bringBack(views[0]);
    await states.locator('#export').click();
    await states.locator('.export-menu button[data-export="svg-print"]').click();
    const dialog = wb.page.locator('.quick-input-widget');
    await dialog.waitFor({ state: 'visible', timeout: 30_000 });
    await wb.page.keyboard.press('Enter');
    let saved: string | undefined;
    await waitUntil(async () => {
      saved = fs.readdirSync(wb.workspace).find(n => /^states-rnn.*-print\.svg$/.test(n));
      return saved !== undefined;
    }, 'the exported SVG in the workspace');
    const picture = fs.readFileSync(path.join(wb.workspace, saved!), 'utf8');
    assert.match(picture, /^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
    assert.ok(picture.includes('<image '), 'the state maps are in the picture');
    console.log(`      exported: ${saved} (${picture.length} bytes)`);

    for (const [theme, workbenchClass, name] of [['Dark Modern', 'vs-dark', 'dark'], ['Dark High Contrast', 'hc-black', 'high-contrast']]) {
      await wb.colorTheme(theme, workbenchClass);
      for (const v of views) await shoot(await bringBack(v), `inside-${v.rendered}-${name}`);
    }
    await wb.colorTheme('Light Modern', 'vs');
    console.log(`      screenshot: ${await wb.screenshot('inside-views-workbench')}`);
  }).timeout(600_000);

  it('logged no Content-Security-Policy violation in the browser console (workbench and every webview frame)', () => {
    const violations = wb.consoleLines.filter(l => /Content[- ]Security[- ]Policy|Refused to (load|execute|apply|connect|frame|create)/i.test(l));
    assert.deepEqual(violations, []);
  });

  after(function () {
    if (failed) console.log('      (browser console and code-server log saved under test-results/e2e/)');
  });
});
