// Three kinds of bundle: the extension host code and the kernel worker (Node), one
// bundle per webview (browser), and the notebook renderer (an ES module). onnxruntime-node
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

const node = {
  ...common,
  target: 'node20',
  entry: { extension: './src/extension.ts', kernelWorker: './src/kernel/kernelWorker.ts', trainingWorker: './src/kernel/trainingWorker.ts' },
  output: { path: path.resolve(__dirname, 'dist'), filename: '[name].js', libraryTarget: 'commonjs2', devtoolModuleFilenameTemplate: '../[resource-path]' },
  externals: { vscode: 'commonjs vscode', 'onnxruntime-node': 'commonjs onnxruntime-node' },
  node: { __dirname: false, __filename: false },
};

const webviews = {
  ...common,
  target: 'web',
  entry: { sidePanel: './webview/sidePanel/main.ts', graph: './webview/graph/main.ts', heatmap: './webview/heatmap/main.ts' },
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

module.exports = [node, webviews, renderer];
