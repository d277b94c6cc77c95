// Registers the Keras surface under its keras/tensorflow paths (tensorflow.keras.* and tf.*
// resolve to the same), plus Unroll's own globals (datasets, load_text/csv/jsonl): for every
// path src/keras declares (KERAS_SURFACE), the kernel's implementation. A declared path without
// an implementation, or an implementation of an undeclared path, fails at startup.
import { bpttTermsFunction, showBpttFunction } from './bpttTerms';
import { KERAS_SURFACE } from '../../keras/surface';
import { LOAD_MODEL } from '../../keras/models';
import { HostClass, HostObject, KerasRegistry, PyFunction, Value, implementFunction } from '../../language';
import { CALLBACK_CLASSES } from './callbacks';
import { chainOfPartialsFunction } from './chainOfPartials';
import { compareFunction } from './compare';
import { toStr } from './convert';
import { loadCsvFunction, loadJsonlFunction, loadTextFunction } from './files';
import { INITIALIZER_CLASSES } from './initializers';
import { LOSS_CLASSES, METRIC_CLASSES } from './losses';
import { lambdaClass } from './layers';
import { KerasBindings, kerasBindings } from './model';
import { OPTIMIZER_CLASSES } from './optimizers';
import { showAttentionFunction, showGraphFunction, showHeatmapFunction, showSaliencyFunction, showStatesFunction } from './panelRequests';

import { showChainFunction } from './showChain';
import { setRandomSeedFunction, tfSetSeedFunction } from './random';
import { DatasetsModule } from './datasets';
import { inputClass } from './tensors';
import { TestHookHost, makeTestHooks } from './testHooks';
import { padSequencesFunction, toCategoricalFunction, tokenizerClass } from './text';
import type { KernelContext } from '../kernelContext';

const loadModelFunction = (bindings: KerasBindings) => implementFunction(LOAD_MODEL, a => {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- lazy: persist pulls in the ONNX exporter, which registering the surface does not need
  const { loadModel } = require('./persist') as typeof import('./persist');
  return loadModel(bindings, toStr(a.filepath, 'filepath'));
});

function byPath(module: string, classes: ReadonlyMap<string, HostClass>): [string, Value][] {
  return [...classes].map(([name, cls]) => [`${module}.${name}`, cls]);
}

/** The kernel's implementation of every declared path; what counts or reaches outside is `context`'s. */
export function kernelImplementations(context: KernelContext): Map<string, Value> {
  const bindings = kerasBindings(context);
  return new Map<string, Value>([
    ...byPath('keras.layers', bindings.layerClasses),
    ['keras.layers.Lambda', lambdaClass],
    ['keras.layers.Input', inputClass(context.names)],
    ['keras.models.Sequential', bindings.sequentialClass],
    ['keras.models.Model', bindings.functionalClass],
    ['keras.models.load_model', loadModelFunction(bindings)],
    ...byPath('keras.optimizers', OPTIMIZER_CLASSES),
    ...byPath('keras.losses', LOSS_CLASSES),
    ...byPath('keras.metrics', METRIC_CLASSES),
    ...byPath('keras.callbacks', CALLBACK_CLASSES),
    ...byPath('keras.initializers', INITIALIZER_CLASSES),
    ['keras.preprocessing.sequence.pad_sequences', padSequencesFunction],
    ['keras.preprocessing.text.Tokenizer', tokenizerClass],
    ['keras.utils.to_categorical', toCategoricalFunction],
    ['keras.utils.set_random_seed', setRandomSeedFunction(context)],
    ['tensorflow.random.set_seed', tfSetSeedFunction(context)],
    ['unroll.datasets', new DatasetsModule(context.dataFiles)],
    ['unroll.load_text', loadTextFunction(context)],
    ['unroll.load_csv', loadCsvFunction(context)],
    ['unroll.load_jsonl', loadJsonlFunction(context)],
    ['unroll.show_graph', showGraphFunction],
    ['unroll.show_heatmap', showHeatmapFunction],
    ['unroll.show_states', showStatesFunction],
    ['unroll.show_saliency', showSaliencyFunction],
    ['unroll.show_attention', showAttentionFunction],
    ['unroll.chain_of_partials', chainOfPartialsFunction],
    ['unroll.bptt_terms', bpttTermsFunction],
    ['unroll.show_bptt', showBpttFunction],
    ['unroll.compare', compareFunction],
    ['unroll.show_chain', showChainFunction],
  ]);
}

/** Throws unless `implementations` covers exactly the declared surface, each with the declared kind. */
export function checkImplementations(implementations: ReadonlyMap<string, Value>): void {
  const declared = new Map(KERAS_SURFACE.map(e => [e.path, e.declared]));
  const missing = [...declared.keys()].filter(p => !implementations.has(p));
  const extra = [...implementations.keys()].filter(p => !declared.has(p));
  if (missing.length) throw new Error(`the kernel implements no ${missing.join(', ')}`);
  if (extra.length) throw new Error(`the kernel implements undeclared ${extra.join(', ')}`);
  for (const [path, value] of implementations) {
    const kind = declared.get(path)!.kind;
    const fits = kind === 'class' ? value instanceof HostClass : kind === 'function' ? value instanceof PyFunction : value instanceof HostObject;
    if (!fits) throw new Error(`${path} is declared as a ${kind}, implemented otherwise`);
  }
}

export interface RegisterOptions {
  /** Registers `unroll_test` (see testHooks.ts); the kernel passes it only when UNROLL_TEST_HOOKS=1. */
  testHooks?: TestHookHost;
}

/** Registers one kernel's Keras surface in `registry`: one context per registry, made by the kernel. */
export function registerKeras(registry: KerasRegistry, context: KernelContext, options: RegisterOptions = {}): KerasRegistry {
  const implementations = kernelImplementations(context);
  checkImplementations(implementations);
  for (const { path } of KERAS_SURFACE) registry.register(path, implementations.get(path)!);
  if (options.testHooks) registry.register('unroll.unroll_test', makeTestHooks(options.testHooks));
  context.seedOthers = (seed, ctx) => {
    for (const path of ['numpy.random.seed', 'random.seed']) {
      const seedFunction = registry.resolve(path);
      if (seedFunction instanceof PyFunction) seedFunction.call([BigInt(seed)], new Map(), ctx);
    }
  };
  return registry;
}
