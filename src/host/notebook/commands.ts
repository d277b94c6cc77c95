// Commands about notebooks and their kernels: New RNN Notebook, Open Sample…, Restart
// Kernel, Interrupt, Select Execution Provider.
import * as vscode from 'vscode';
import { UnrollController } from './controller';
import { KernelRegistry } from './kernels';
import { NOTEBOOK_TYPE, RnnbSerializer } from './serializer';

// The New RNN Notebook template: a working start that trains in a few seconds (checked by the
// in-host test "New RNN Notebook opens the template, and every cell of it runs").
const STARTER_CELLS: Array<[vscode.NotebookCellKind, string, string]> = [
  [vscode.NotebookCellKind.Markup, [
    '# A new RNN notebook',
    '',
    'Cells are written in `rnn`, a Python subset with the Keras names ready to use (`Sequential`, `SimpleRNN`, `LSTM`, `GRU`, `Dense`, `Adam`, `datasets`, …; `from keras.layers import LSTM` works too). Hover a name for its documentation. This notebook has its own Unroll kernel: **Interrupt** stops a run, **Restart** clears its state.',
    '',
    'The cells below are a working start: a small SimpleRNN learns the adding problem (the sum of the two marked values in a sequence of 15 steps) in a few seconds. `show_graph(model)` and `show_heatmap(model)` open the **Unrolled Graph** and the **Gradient Heatmap** (log10 ‖dL/dh_t‖ per time step and training step) beside the notebook; both fill in as `model.fit` trains.',
    '',
    'For whole lessons (sentiment, vanishing and exploding gradients, text and melody generation, tagging, seq2seq, question answering, forecasting), run **Unroll: Open Sample…**.',
  ].join('\n'), 'markdown'],
  [vscode.NotebookCellKind.Code, [
    '# other data sets: datasets.parity, datasets.copy_task, datasets.noisy_sines, datasets.sentiment, …',
    'T = 15',
    '(x_train, y_train), (x_test, y_test) = datasets.adding(n_train=1000, n_test=200, T=T)',
    "print('train', x_train.shape, 'test', x_test.shape)",
  ].join('\n'), 'rnn'],
  [vscode.NotebookCellKind.Code, [
    'model = Sequential([SimpleRNN(32, input_shape=(T, 2)), Dense(1)])  # or LSTM(32), GRU(32)',
    "model.compile(loss='mse', optimizer=Adam(learning_rate=0.005))",
    'model.summary()',
  ].join('\n'), 'rnn'],
  [vscode.NotebookCellKind.Code, [
    'show_graph(model)',
    'show_heatmap(model)',
    'history = model.fit(x_train, y_train, epochs=25, batch_size=32)',
  ].join('\n'), 'rnn'],
  [vscode.NotebookCellKind.Code, [
    'mse = model.evaluate(x_test, y_test, verbose=0)',
    "print(f'test MSE {mse:.4f}; always answering 1 scores about 0.167')",
  ].join('\n'), 'rnn'],
];

const EXECUTION_PROVIDERS: Array<{ id: string; detail: string }> = [
  { id: 'auto', detail: 'CUDA when its libraries are installed, else WebGPU on a hardware GPU, else CPU' },
  { id: 'cpu', detail: 'ONNX Runtime CPU provider: always available' },
  { id: 'webgpu', detail: 'WebGPU through Dawn (Linux x64, Windows, macOS): needs a GPU adapter; nodes it has no kernel for run on the CPU' },
  { id: 'cuda', detail: 'NVIDIA CUDA: needs onnxruntime-node installed with ONNXRUNTIME_NODE_INSTALL=cuda12, CUDA 12 and cuDNN 9' },
  { id: 'dml', detail: 'DirectML: Windows' },
  { id: 'coreml', detail: 'CoreML: macOS' },
];

export function registerNotebookCommands(context: vscode.ExtensionContext, kernels: KernelRegistry, controller: UnrollController): void {
  const activeNotebook = (): vscode.NotebookDocument | undefined => {
    const notebook = vscode.window.activeNotebookEditor?.notebook;
    if (!notebook) void vscode.window.showInformationMessage('Unroll: open a notebook first.');
    return notebook;
  };

  context.subscriptions.push(
    vscode.commands.registerCommand('unroll.newNotebook', async () => {
      const data = new vscode.NotebookData(STARTER_CELLS.map(([kind, value, language]) => new vscode.NotebookCellData(kind, value, language)));
      const notebook = await vscode.workspace.openNotebookDocument(NOTEBOOK_TYPE, data);
      await vscode.window.showNotebookDocument(notebook);
    }),

    // With a sample's file name (the walkthrough's links), opens that one; otherwise lets the user pick.
    vscode.commands.registerCommand('unroll.openSample', async (name?: unknown) => {
      const samples = await readSamples(context.extensionUri);
      let picked: Sample | undefined;
      if (typeof name === 'string') {
        picked = samples.find(sample => sample.file === name || sample.file === `${name}.rnnb`);
        if (!picked) {
          void vscode.window.showErrorMessage(`Unroll: there is no sample "${name}" (samples: ${samples.map(s => s.file).join(', ')}).`);
          return;
        }
      } else {
        picked = (await vscode.window.showQuickPick(
          samples.map(sample => ({ label: sample.title, detail: sample.description, description: sample.file, sample })),
          { title: 'Unroll: Open Sample', placeHolder: 'Opens an untitled copy; the sample itself stays as it is', matchOnDetail: true },
        ))?.sample;
      }
      if (!picked) return;
      // An untitled copy, so running and editing it never touches the file shipped with the extension.
      const notebook = await vscode.workspace.openNotebookDocument(NOTEBOOK_TYPE, picked.data);
      await vscode.window.showNotebookDocument(notebook);
    }),

    vscode.commands.registerCommand('unroll.restartKernel', async () => {
      const notebook = activeNotebook();
      if (!notebook) return;
      await kernels.restart(notebook);
      void vscode.window.showInformationMessage('Unroll: kernel restarted; its state is cleared.');
    }),

    vscode.commands.registerCommand('unroll.interrupt', async () => {
      const notebook = activeNotebook();
      if (notebook) await controller.interrupt(notebook);
    }),

    vscode.commands.registerCommand('unroll.selectExecutionProvider', async () => {
      const config = vscode.workspace.getConfiguration('unroll');
      const current = config.get<string>('executionProvider', 'auto');
      const picked = await vscode.window.showQuickPick(
        EXECUTION_PROVIDERS.map(p => ({ label: p.id, detail: p.detail, description: p.id === current ? 'current' : undefined })),
        { title: 'Unroll: Select Execution Provider' });
      if (!picked) return;
      await config.update('executionProvider', picked.label, vscode.ConfigurationTarget.Global);
      void vscode.window.showInformationMessage(`Unroll: execution provider set to "${picked.label}". Kernels started from now on use it (Unroll: Restart Kernel switches a running one); a provider that fails to load or to run falls back to the CPU, and the fit output says which one ran.`);
    }),
  );
}

interface Sample {
  file: string;
  title: string;
  description: string;
  data: vscode.NotebookData;
}

/** The notebooks in the extension's samples/ folder, in file name order (the numbered ones first). */
async function readSamples(extensionUri: vscode.Uri): Promise<Sample[]> {
  const samplesDir = vscode.Uri.joinPath(extensionUri, 'samples');
  const entries = await vscode.workspace.fs.readDirectory(samplesDir);
  const serializer = new RnnbSerializer();
  const files = entries.map(([file]) => file).filter(file => file.endsWith('.rnnb')).sort();
  return Promise.all(files.map(async file => {
    const data = serializer.deserializeNotebook(await vscode.workspace.fs.readFile(vscode.Uri.joinPath(samplesDir, file)));
    const title = typeof data.metadata?.title === 'string' ? data.metadata.title : file;
    const description = typeof data.metadata?.description === 'string' ? data.metadata.description : '';
    return { file, title, description, data };
  }));
}
