// The whole Keras surface a cell sees, by canonical import path (tensorflow.keras.* and the
// aliases resolve to these): what the kernel implements and the editor knows, one list.
import { CALLBACKS, callbackClass } from './callbacks';
import { Declared, SurfaceEntry, declaredClass, declaredFunction } from './declarations';
import { INITIALIZERS, initializerClass } from './initializers';
import { LAMBDA, LAYERS, layerClass } from './layers';
import { LOSSES, METRICS, lossClass, metricClass } from './losses';
import { FUNCTIONAL, INPUT, LOAD_MODEL, SEQUENTIAL } from './models';
import { OPTIMIZERS, optimizerClass } from './optimizers';
import { SET_RANDOM_SEED, TF_SET_SEED } from './random';
import { PAD_SEQUENCES, TOKENIZER, TO_CATEGORICAL } from './text';
import { BPTT_TERMS, CHAIN_OF_PARTIALS, COMPARE, DATASETS, LOAD_CSV, LOAD_JSONL, LOAD_TEXT, panelSignature, SHOW_ATTENTION, SHOW_BPTT, SHOW_CHAIN, SHOW_SALIENCY, SHOW_STATES } from './unroll';

const entry = (path: string, declared: Declared): SurfaceEntry => ({ path, declared });

export const KERAS_SURFACE: readonly SurfaceEntry[] = [
  ...LAYERS.map(d => entry(`keras.layers.${d.className}`, declaredClass(layerClass(d)))),
  entry('keras.layers.Lambda', declaredClass(LAMBDA)),
  entry('keras.layers.Input', declaredClass(INPUT)),
  entry('keras.models.Sequential', declaredClass(SEQUENTIAL)),
  entry('keras.models.Model', declaredClass(FUNCTIONAL)),
  entry('keras.models.load_model', declaredFunction(LOAD_MODEL)),
  ...OPTIMIZERS.map(d => entry(`keras.optimizers.${d.className}`, declaredClass(optimizerClass(d)))),
  ...LOSSES.map(d => entry(`keras.losses.${d.className}`, declaredClass(lossClass(d)))),
  ...METRICS.map(d => entry(`keras.metrics.${d.className}`, declaredClass(metricClass(d)))),
  ...CALLBACKS.map(d => entry(`keras.callbacks.${d.className}`, declaredClass(callbackClass(d)))),
  ...INITIALIZERS.map(d => entry(`keras.initializers.${d.className}`, declaredClass(initializerClass(d)))),
  entry('keras.preprocessing.sequence.pad_sequences', declaredFunction(PAD_SEQUENCES)),
  entry('keras.preprocessing.text.Tokenizer', declaredClass(TOKENIZER)),
  entry('keras.utils.to_categorical', declaredFunction(TO_CATEGORICAL)),
  entry('keras.utils.set_random_seed', declaredFunction(SET_RANDOM_SEED)),
  entry('tensorflow.random.set_seed', declaredFunction(TF_SET_SEED)),
  entry('unroll.datasets', { kind: 'instance', decl: DATASETS }),
  entry('unroll.load_text', declaredFunction(LOAD_TEXT)),
  entry('unroll.load_csv', declaredFunction(LOAD_CSV)),
  entry('unroll.load_jsonl', declaredFunction(LOAD_JSONL)),
  entry('unroll.show_graph', declaredFunction(panelSignature('show_graph'))),
  entry('unroll.show_heatmap', declaredFunction(panelSignature('show_heatmap'))),
  entry('unroll.show_states', declaredFunction(SHOW_STATES)),
  entry('unroll.show_saliency', declaredFunction(SHOW_SALIENCY)),
  entry('unroll.show_attention', declaredFunction(SHOW_ATTENTION)),
  entry('unroll.show_chain', declaredFunction(SHOW_CHAIN)),
  entry('unroll.chain_of_partials', declaredFunction(CHAIN_OF_PARTIALS)),
  entry('unroll.bptt_terms', declaredFunction(BPTT_TERMS)),
  entry('unroll.show_bptt', declaredFunction(SHOW_BPTT)),
  entry('unroll.compare', declaredFunction(COMPARE)),
];
