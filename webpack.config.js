// Three kinds of bundle: the extension host code, the kernel workers and the command line
// (Node), one bundle per webview (browser), and the notebook renderer (an ES module). onnxruntime-node
// stays external: it is a native module shipped beside the bundle in node_modules (see .vscodeignore).
const path = require('node:path');

const tsRule = { test: /\.ts$/, exclude: /node_modules/, use: { loader: 'ts-loader', options: { transpileOnly: true } } };
const common = {
  devtool: 'source-map',
  resolve: { extensions: ['.ts', '.js'] },
  module: { rules: [tsRule] },
  infrastructureLogging: { level: 'warn' },
  stats: 'errors-warnings',
};

const nodeCommon = {
  ...common,
  target: 'node20',
  output: { path: path.resolve(__dirname, 'dist'), filename: '[name].js', libraryTarget: 'commonjs2', devtoolModuleFilenameTemplate: '../[resource-path]' },
  externals: { vscode: 'commonjs vscode', 'onnxruntime-node': 'commonjs onnxruntime-node' },
  node: { __dirname: false, __filename: false },
};

// The extension host bundle is transpiled to ES modules so webpack can drop unused exports and
// concatenate modules: it is loaded on every VS Code start, and must stay small (under 300 KB;
// it carries no engine or kernel, see DESIGN.md §2; the editor's analyser is a chunk loaded on
// first use).
const extensionHost = {
  ...nodeCommon,
  entry: { extension: './src/extension.ts' },
  // The editor's analyser (src/language/analysis/editorServices.ts, the Python parser most of all)
  // is a chunk of its own, loaded when the first rnn cell needs it.
  output: { ...nodeCommon.output, chunkFilename: '[name].js' },
  optimization: { splitChunks: false },
  module: { rules: [{ ...tsRule, use: { ...tsRule.use, options: { ...tsRule.use.options, compilerOptions: { module: 'es2020' } } } }] },
};

const workers = {
  ...nodeCommon,
  name: 'workers',
  entry: { kernelWorker: './src/kernel/kernelWorker.ts', trainingWorker: './src/kernel/trainingWorker.ts' },
};

// `unroll run` (bin/unroll.js builds this and `workers` on first use). No vscode external here:
// a vscode import reaching the command line fails its build instead of failing at run time.
const cli = {
  ...nodeCommon,
  name: 'cli',
  entry: { cli: './src/cli/main.ts' },
  externals: { 'onnxruntime-node': 'commonjs onnxruntime-node' },
};

const webviews = {
  ...common,
  target: 'web',
  entry: { sidePanel: './webview/sidePanel/main.ts', graph: './webview/graph/main.ts', heatmap: './webview/heatmap/main.ts', states: './webview/states/main.ts', compare: './webview/compare/main.ts', saliency: './webview/saliency/main.ts', attention: './webview/attention/main.ts', chain: './webview/chain/main.ts', bpttStep: './webview/bpttStep/main.ts' },
  output: { path: path.resolve(__dirname, 'dist', 'webview'), filename: '[name].js' },
};

// VS Code loads notebook renderers as ES modules that export activate().
const renderer = {
  ...common,
  name: 'renderer',
  target: 'web',
  entry: { renderer: './webview/renderer/main.ts' },
  experiments: { outputModule: true },
  output: { path: path.resolve(__dirname, 'dist', 'renderer'), filename: '[name].js', library: { type: 'module' }, module: true },
};

module.exports = [extensionHost, workers, cli, webviews, renderer];
