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
import type { Weights } from '../../protocol/training';
import { buildModel, ModelConfig } from './config';
import { CompileConfig, KerasBindings, KerasModel, KerasSequential, currentWeights, modelFromConfig, sendPendingWeights } from './model';
import { readWorkspaceFile, writeWorkspaceFile } from './workspace';

const FORMAT = 'unroll.model';
const VERSION = 1;

interface SavedModel {
  format: typeof FORMAT;
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
  const input = model instanceof KerasSequential ? model.inputSpec() ?? null : model.requireInput();
  const weights = input ? currentWeights(model) : {};
  const saved: SavedModel = {
    format: FORMAT,
    version: VERSION,
    model: model.config(),
    input,
    compile: model.compiled ?? null,
    weights: Object.fromEntries(Object.entries(weights).map(([k, v]) => [k, { shape: v.dims, dtype: 'float32', data: Buffer.from(v.data.buffer, v.data.byteOffset, v.data.byteLength).toString('base64') }])),
  };
  writeWorkspaceFile(model.context.workspaceRoot, file, JSON.stringify(saved));
}

export function loadModel(bindings: KerasBindings, file: string): KerasModel {
  if (file.toLowerCase().endsWith('.onnx')) throw new PyException('ValueError', `'${file}' is an inference-only ONNX export; load_model reads the .unroll.json files model.save writes`);
  let saved: SavedModel;
  try {
    saved = JSON.parse(readWorkspaceFile(bindings.context.workspaceRoot, file)) as SavedModel;
  } catch (e) {
    if (e instanceof PyException) throw e;
    throw new PyException('ValueError', `'${file}' is not a saved Unroll model (not JSON)`);
  }
  if (saved.format !== FORMAT) throw new PyException('ValueError', `'${file}' is not a saved Unroll model (format ${JSON.stringify(saved.format)})`);
  if (saved.version > VERSION) throw new PyException('ValueError', `'${file}' was saved by a newer Unroll (version ${saved.version})`);
  const model = modelFromConfig(bindings, saved.model);
  if (model instanceof KerasSequential && saved.input) model.inferred = saved.input;
  model.compiled = saved.compile ?? undefined;
  const weights: Weights = {};
  for (const [k, v] of Object.entries(saved.weights)) {
    const bytes = Buffer.from(v.data, 'base64');
    weights[k] = { dims: v.shape, data: new Float32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength)) };
  }
  if (Object.keys(weights).length) {
    model.pendingWeights = weights;
    // The layers hold the weights from now on, for any model built from them too.
    sendPendingWeights(model);
  }
  return model;
}
