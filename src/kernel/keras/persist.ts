// model.save / load_model.
//   'm.onnx'        the inference model from exportInferenceModel (native RNN/LSTM/GRU ops):
//                   opens in Netron and runs in any ONNX Runtime; it cannot be loaded back.
//                   A layer that reads a mask (Embedding(mask_zero=True), Masking) is exported
//                   as a Scan instead: sequence_lens would only be right for post-padding, and
//                   pad_sequences (and datasets.sentiment) pad in front by default.
//   'm.unroll.json' (any .json) Unroll's own format, everything load_model needs to restore a
//                   trainable model:
//     { "format": "unroll.model", "version": 1,
//       "model":   ModelConfig (Keras-style: class_name, name, layers[{class_name, config}]
//                  or a functional graph of inputs, layer calls and outputs),
//       "input":   the per-sample input spec or null, "compile": compile() arguments or null,
//       "weights": { "<layer>.<param>": { "shape": [...], "dtype": "float32",
//                    "data": base64 of little-endian float32 values } } }
//   Optimizer state is not stored: a loaded model trains on with fresh optimizer slots.
import { exportInferenceModel } from '../../engine/export/export';
import type { InputSpec } from '../../engine/layers/sequential';
import { Model as EngineModel } from '../../engine/model/model';
import { PyException } from '../../language';
import { buildModel, ModelConfig } from './config';
import { CompileConfig, KerasBindings, KerasModel, KerasSequential, currentWeights, modelFromConfig, sendPendingWeights } from './model';
import { checkModelSize, checkWeightsFit, parseSavedModel, SAVED_MODEL_FORMAT, SAVED_MODEL_VERSION } from './savedModel';
import { readWorkspaceFile, writeWorkspaceFile } from './workspace';

interface SavedModel {
  format: typeof SAVED_MODEL_FORMAT;
  version: number;
  model: ModelConfig;
  input: InputSpec | null;
  compile: CompileConfig | null;
  weights: Record<string, { shape: number[]; dtype: 'float32'; data: string }>;
}

export function saveModel(model: KerasModel, file: string): void {
  const lower = file.toLowerCase();
  if (lower.endsWith('.onnx')) return saveOnnx(model, file);
  if (lower.endsWith('.json')) return saveJson(model, file);
  throw new PyException('ValueError', `cannot save '${file}': use a name ending in .onnx (inference model) or .unroll.json (config and weights for load_model)`);
}

function saveOnnx(model: KerasModel, file: string): void {
  const input = model.requireInput();
  const weights = currentWeights(model);
  const values = new Map(Object.entries(weights).map(([k, v]) => [k, v.data as ArrayLike<number>]));
  let bytes: Uint8Array;
  try {
    const engineModel = buildModel(model.config());
    bytes = exportInferenceModel(engineModel, values, { input: engineModel instanceof EngineModel ? undefined : input, name: model.name, masks: 'scan' }).bytes;
  } catch (e) {
    throw new PyException('ValueError', `cannot export ${model.name} to ONNX: ${(e as Error).message}`);
  }
  writeWorkspaceFile(model.context.workspaceRoot, file, bytes);
}

function saveJson(model: KerasModel, file: string): void {
  writeWorkspaceFile(model.context.workspaceRoot, file, savedModelText(model));
}

/** The model as a .unroll.json text (config, input, compile settings, weights). */
export function savedModelText(model: KerasModel): string {
  const input = model instanceof KerasSequential ? model.inputSpec() ?? null : model.requireInput();
  const weights = input ? currentWeights(model) : {};
  const saved: SavedModel = {
    format: SAVED_MODEL_FORMAT,
    version: SAVED_MODEL_VERSION,
    model: model.config(),
    input,
    compile: model.compiled ?? null,
    weights: Object.fromEntries(Object.entries(weights).map(([k, v]) => [k, { shape: v.dims, dtype: 'float32', data: Buffer.from(v.data.buffer, v.data.byteOffset, v.data.byteLength).toString('base64') }])),
  };
  return JSON.stringify(saved);
}

export function loadModel(bindings: KerasBindings, file: string): KerasModel {
  if (file.toLowerCase().endsWith('.onnx')) throw new PyException('ValueError', `'${file}' is an inference-only ONNX export; load_model reads the .unroll.json files model.save writes`);
  const saved = parseSavedModel(readWorkspaceFile(bindings.context.workspaceRoot, file), file);
  const model = fromSavedConfig(file, () => modelFromConfig(bindings, saved.model));
  if (model instanceof KerasSequential && saved.input) model.inferred = saved.input;
  checkModelSize(file, fromSavedConfig(file, () => model.summaryRows()));
  model.compiled = saved.compile ?? undefined;
  if (Object.keys(saved.weights).length) {
    // The model's own weights (fresh ones, from the engine) say which names and shapes fit.
    if (model.inputSpec()) checkWeightsFit(file, fromSavedConfig(file, () => currentWeights(model), 'its weights do not fit its model'), saved.weights);
    model.pendingWeights = saved.weights;
    // The layers hold the weights from now on, for any model built from them too.
    fromSavedConfig(file, () => sendPendingWeights(model), 'its weights do not fit its model');
  }
  return model;
}

/** Builds what the file describes; a config the builders refuse is the file's fault, and the message names it. */
function fromSavedConfig<T>(file: string, build: () => T, what = 'its "model" config cannot be built'): T {
  try {
    return build();
  } catch (e) {
    if (e instanceof PyException && e.errorName === 'KeyboardInterrupt') throw e;
    const message = e instanceof Error ? e.message : String(e);
    throw new PyException('ValueError', `'${file}' is not a model Unroll can load: ${what}: ${message}`);
  }
}
