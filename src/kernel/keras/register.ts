// Registers the Keras surface under its keras/tensorflow paths (tensorflow.keras.* and tf.*
// resolve to the same), plus Unroll's own globals (datasets, load_text/csv/jsonl). Importing
// this module loads no ONNX Runtime, so the editor can read every signature from it.
import { KerasRegistry, PyFunction, defaultRegistry } from '../../language';
import { CALLBACK_CLASSES } from './callbacks';
import { toStr } from './convert';
import { loadCsvFunction, loadJsonlFunction, loadTextFunction } from './files';
import { INITIALIZER_CLASSES } from './initializers';
import { LAYER_CLASSES } from './layers';
import { LOSS_CLASSES, METRIC_CLASSES } from './losses';
import { functionalClass, sequentialClass } from './model';
import { OPTIMIZER_CLASSES } from './optimizers';
import { showGraphFunction, showHeatmapFunction } from './panelRequests';
import { req } from './params';
import { DatasetsModule } from './datasets';
import { inputFunction } from './tensors';
import { TestHookHost, makeTestHooks } from './testHooks';
import { padSequencesFunction, toCategoricalFunction, tokenizerClass } from './text';

const loadModelFunction = new PyFunction({
  name: 'load_model',
  params: [req('filepath', ['str'], "A '.unroll.json' file written by model.save, inside the workspace.")],
  doc: 'Restores a model saved with model.save(...unroll.json): layers, compile settings and weights.',
}, a => {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- lazy: persist pulls in the ONNX exporter, which the editor's import of the registry does not need
  const { loadModel } = require('./persist') as typeof import('./persist');
  return loadModel(toStr(a.filepath, 'filepath'));
});

export interface RegisterOptions {
  /** Registers `unroll_test` (see testHooks.ts); the kernel passes it only when UNROLL_TEST_HOOKS=1. */
  testHooks?: TestHookHost;
}

export function registerKeras(registry: KerasRegistry = defaultRegistry, options: RegisterOptions = {}): KerasRegistry {
  for (const [name, cls] of LAYER_CLASSES) registry.register(`keras.layers.${name}`, cls);
  registry.register('keras.layers.Input', inputFunction);
  registry.register('keras.models.Sequential', sequentialClass);
  registry.register('keras.models.Model', functionalClass);
  registry.register('keras.models.load_model', loadModelFunction);
  for (const [name, cls] of OPTIMIZER_CLASSES) registry.register(`keras.optimizers.${name}`, cls);
  for (const [name, cls] of LOSS_CLASSES) registry.register(`keras.losses.${name}`, cls);
  for (const [name, cls] of METRIC_CLASSES) registry.register(`keras.metrics.${name}`, cls);
  for (const [name, cls] of CALLBACK_CLASSES) registry.register(`keras.callbacks.${name}`, cls);
  for (const [name, cls] of INITIALIZER_CLASSES) registry.register(`keras.initializers.${name}`, cls);
  registry.register('keras.preprocessing.sequence.pad_sequences', padSequencesFunction);
  registry.register('keras.preprocessing.text.Tokenizer', tokenizerClass);
  registry.register('keras.utils.to_categorical', toCategoricalFunction);
  registry.register('unroll.datasets', new DatasetsModule());
  registry.register('unroll.load_text', loadTextFunction);
  registry.register('unroll.load_csv', loadCsvFunction);
  registry.register('unroll.load_jsonl', loadJsonlFunction);
  registry.register('unroll.show_graph', showGraphFunction);
  registry.register('unroll.show_heatmap', showHeatmapFunction);
  if (options.testHooks) registry.register('unroll.unroll_test', makeTestHooks(options.testHooks));
  return registry;
}
