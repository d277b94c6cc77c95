// Reading a `.unroll.json` model file (the format is described in persist.ts). The file comes
// from outside the kernel (a colleague, a download, a save cut short), so every way it can be
// wrong is a ValueError that names the file and where: the line and column for broken JSON or
// a field of the wrong type, the weight's name for bad weight data. Nothing else is thrown.
import { PyException } from '../../language';
import type { Weights } from '../../protocol/training';
import { JsonPath, findUnsafeJson, positionAt, scanJson } from '../../protocol/jsonText';
import type { CompileConfig } from './model';
import type { InputSpec } from '../../engine/layers/sequential';
import type { ModelConfig } from './config';

export const SAVED_MODEL_FORMAT = 'unroll.model';
export const SAVED_MODEL_VERSION = 1;
/** Model configs are a few levels deep; far deeper nesting is damage, and would overflow the builders. */
const MAX_NESTING = 64;

/** What load_model restores, checked. */
export interface LoadedModelFile {
  model: ModelConfig;
  input: InputSpec | null;
  compile: CompileConfig | null;
  weights: Weights;
}

class FieldError extends Error {
  constructor(readonly path: JsonPath, message: string) {
    super(message);
  }
}

/** Parses and checks a saved model's text; `file` is the name the cell gave, for messages. */
export function parseSavedModel(text: string, file: string): LoadedModelFile {
  const notModel = (offset: number, why: string) => {
    const { line, column } = positionAt(text, offset);
    return new PyException('ValueError', `'${file}' is not a saved Unroll model: line ${line}, column ${column}: ${why}`);
  };
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    const problem = scanJson(text).syntax ?? { offset: 0, message: 'not JSON' };
    throw notModel(problem.offset, problem.message.startsWith('the text ends') ? 'the file ends too early (truncated?)' : `invalid JSON: ${problem.message}`);
  }
  const unsafe = findUnsafeJson(doc, MAX_NESTING);
  if (unsafe?.problem === 'too deep') throw notModel(scanJson(text, { maxDepth: MAX_NESTING }).tooDeep ?? 0, `nested deeper than ${MAX_NESTING} levels`);
  if (unsafe) throw notModel(scanJson(text, { path: unsafe.path }).found?.offset ?? 0, 'a number too large to store (JSON numbers must be finite)');
  try {
    return checkSavedModel(doc, file);
  } catch (e) {
    if (e instanceof FieldError) throw notModel(scanJson(text, { path: e.path }).found?.offset ?? 0, e.message);
    throw e;
  }
}

function checkSavedModel(doc: unknown, file: string): LoadedModelFile {
  const obj = object(doc, [], 'the file');
  if (obj.format !== SAVED_MODEL_FORMAT) throw new FieldError(['format'], `"format" is ${JSON.stringify(obj.format) ?? 'missing'}, expected "${SAVED_MODEL_FORMAT}"`);
  if (typeof obj.version !== 'number') throw new FieldError(['version'], '"version" must be a number');
  if (obj.version > SAVED_MODEL_VERSION) {
    throw new PyException('ValueError', `'${file}' was saved by a newer Unroll (version ${obj.version}; this one reads version ${SAVED_MODEL_VERSION})`);
  }
  return {
    model: modelConfig(obj.model),
    input: obj.input === null || obj.input === undefined ? null : inputSpec(obj.input, ['input']),
    compile: obj.compile === null || obj.compile === undefined ? null : compileConfig(obj.compile),
    weights: weights(obj.weights, file),
  };
}

function object(value: unknown, path: JsonPath, what: string): Record<string, unknown> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw new FieldError(path, `${what} must be a JSON object`);
  return value as Record<string, unknown>;
}

function array(value: unknown, path: JsonPath, what: string): unknown[] {
  if (!Array.isArray(value)) throw new FieldError(path, `${what} must be an array`);
  return value;
}

function string(value: unknown, path: JsonPath, what: string): string {
  if (typeof value !== 'string' || value === '') throw new FieldError(path, `${what} must be a non-empty string`);
  return value;
}

/** A layer config: {class_name, config: {name, ...}}; the builders check each argument. */
function layerConfig(value: unknown, path: JsonPath): void {
  const layer = object(value, path, 'a layer');
  string(layer.class_name, [...path, 'class_name'], 'a layer\'s "class_name"');
  const config = object(layer.config, [...path, 'config'], 'a layer\'s "config"');
  string(config.name, [...path, 'config', 'name'], 'a layer\'s "name"');
  if (config.input_shape !== undefined && config.input_shape !== null) dims(config.input_shape, [...path, 'config', 'input_shape'], true);
  // A wrapper (Bidirectional, TimeDistributed) holds its inner layer's config.
  if (config.layer !== undefined) layerConfig(config.layer, [...path, 'config', 'layer']);
}

function modelConfig(value: unknown): ModelConfig {
  const path = ['model'];
  const model = object(value, path, '"model"');
  string(model.name, [...path, 'name'], 'the model\'s "name"');
  if (model.class_name === 'Sequential') {
    array(model.layers, [...path, 'layers'], 'a Sequential model\'s "layers"').forEach((l, i) => layerConfig(l, [...path, 'layers', i]));
  } else if (model.class_name === 'Functional') {
    const gPath = [...path, 'graph'];
    const graph = object(model.graph, gPath, 'a functional model\'s "graph"');
    array(graph.layers, [...gPath, 'layers'], '"graph.layers"').forEach((l, i) => layerConfig(l, [...gPath, 'layers', i]));
    array(graph.inputs, [...gPath, 'inputs'], '"graph.inputs"').forEach((input, i) => {
      const p = [...gPath, 'inputs', i];
      const spec = object(input, p, 'an input');
      dims(spec.shape, [...p, 'shape'], true);
      if (spec.name !== undefined && spec.name !== null) string(spec.name, [...p, 'name'], 'an input\'s "name"');
    });
    array(graph.calls, [...gPath, 'calls'], '"graph.calls"').forEach((call, i) => {
      const p = [...gPath, 'calls', i];
      const c = object(call, p, 'a layer call');
      string(c.layer, [...p, 'layer'], 'a call\'s "layer"');
      string(c.input, [...p, 'input'], 'a call\'s "input"');
      array(c.initial_state, [...p, 'initial_state'], 'a call\'s "initial_state"').forEach((s, k) => string(s, [...p, 'initial_state', k], 'a state reference'));
      if (c.mask !== undefined) string(c.mask, [...p, 'mask'], 'a call\'s "mask"');
    });
    array(graph.outputs, [...gPath, 'outputs'], '"graph.outputs"').forEach((o, i) => string(o, [...gPath, 'outputs', i], 'an output reference'));
  } else {
    throw new FieldError([...path, 'class_name'], `"model.class_name" must be "Sequential" or "Functional", not ${JSON.stringify(model.class_name) ?? 'missing'}`);
  }
  return value as ModelConfig;
}

/** Per-sample dimensions: whole numbers from 1, a symbol such as "T" or, where `nullable`, null. */
function dims(value: unknown, path: JsonPath, nullable = false): void {
  array(value, path, 'a shape').forEach((d, i) => {
    const ok = (typeof d === 'number' && Number.isInteger(d) && d >= 1) || (typeof d === 'string' && d !== '') || (nullable && d === null);
    if (!ok) throw new FieldError([...path, i], `a shape holds ${JSON.stringify(d)}, not a size of 1 or more`);
  });
}

function inputSpec(value: unknown, path: JsonPath): InputSpec {
  const spec = object(value, path, '"input"');
  dims(spec.shape, [...path, 'shape']);
  if (spec.dtype !== 'int64' && spec.dtype !== 'float') throw new FieldError([...path, 'dtype'], `"input.dtype" must be "int64" or "float", not ${JSON.stringify(spec.dtype) ?? 'missing'}`);
  return value as InputSpec;
}

function compileConfig(value: unknown): CompileConfig {
  const path = ['compile'];
  const c = object(value, path, '"compile"');
  const named = (v: unknown, p: JsonPath, what: string) => {
    if (typeof v === 'string' && v !== '') return;
    string(object(v, p, what).name, [...p, 'name'], `${what}'s "name"`);
  };
  if (Array.isArray(c.loss)) c.loss.forEach((l, i) => named(l, [...path, 'loss', i], 'a loss'));
  else named(c.loss, [...path, 'loss'], '"compile.loss"');
  named(c.optimizer, [...path, 'optimizer'], '"compile.optimizer"');
  if (c.metrics !== undefined) {
    array(c.metrics, [...path, 'metrics'], '"compile.metrics"').forEach((m, i) => {
      if (Array.isArray(m)) m.forEach((x, k) => string(x, [...path, 'metrics', i, k], 'a metric'));
      else string(m, [...path, 'metrics', i], 'a metric');
    });
  }
  if (c.lossWeights !== undefined) {
    array(c.lossWeights, [...path, 'lossWeights'], '"compile.lossWeights"').forEach((w, i) => {
      if (typeof w !== 'number') throw new FieldError([...path, 'lossWeights', i], 'a loss weight must be a number');
    });
  }
  return value as CompileConfig;
}

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/** The weights, decoded: shapes of whole numbers, float32 only, as many bytes as the shape needs, every value finite. */
function weights(value: unknown, file: string): Weights {
  const out: Weights = {};
  if (value === undefined) return out;
  for (const [name, raw] of Object.entries(object(value, ['weights'], '"weights"'))) {
    const p = ['weights', name];
    const what = `weight "${name}"`;
    const w = object(raw, p, what);
    const shape = array(w.shape, [...p, 'shape'], `${what}: "shape"`).map((d, i) => {
      if (typeof d !== 'number' || !Number.isInteger(d) || d < 0 || d > 2 ** 31) throw new FieldError([...p, 'shape', i], `${what}: "shape" holds ${JSON.stringify(d)}, not a size`);
      return d;
    });
    if (w.dtype !== 'float32') throw new FieldError([...p, 'dtype'], `${what}: "dtype" is ${JSON.stringify(w.dtype) ?? 'missing'}; load_model reads float32 weights`);
    if (typeof w.data !== 'string' || !BASE64.test(w.data)) throw new FieldError([...p, 'data'], `${what}: "data" is not base64 text`);
    const bytes = Buffer.from(w.data, 'base64');
    const count = shape.reduce((a, b) => a * b, 1);
    if (bytes.length !== count * 4) {
      throw new PyException('ValueError', `'${file}': ${what} has shape (${shape.join(', ')}), which needs ${count * 4} bytes of float32 data, but its data holds ${bytes.length} bytes (truncated or garbled?)`);
    }
    const data = new Float32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
    const bad = data.findIndex(x => !Number.isFinite(x));
    if (bad >= 0) {
      throw new PyException('ValueError', `'${file}': ${what} holds ${String(data[bad])} (value ${bad + 1} of ${count}); load_model refuses weights that are not finite numbers`);
    }
    out[name] = { dims: shape, data };
  }
  return out;
}

/**
 * Checks the file's weights against the ones the model has (names and shapes, from the engine):
 * the byte count alone cannot tell a (4, 16) kernel from a (16, 4) one, and the engine takes
 * any values of the right count.
 */
export function checkWeightsFit(file: string, expected: Weights, given: Weights): void {
  const shape = (dims: readonly number[]) => `(${dims.join(', ')})`;
  for (const name of Object.keys(expected)) {
    if (!(name in given)) throw new PyException('ValueError', `'${file}': weight "${name}" is missing; the model has ${Object.keys(expected).length} weights (${Object.keys(expected).join(', ')})`);
  }
  for (const [name, w] of Object.entries(given)) {
    const want = expected[name];
    if (!want) throw new PyException('ValueError', `'${file}': weight "${name}" is not a weight of the model (it has ${Object.keys(expected).join(', ')})`);
    if (want.dims.length !== w.dims.length || want.dims.some((d, i) => d !== w.dims[i])) {
      throw new PyException('ValueError', `'${file}': weight "${name}" has shape ${shape(w.dims)}; the model's layer needs ${shape(want.dims)}`);
    }
  }
}

/** Ten times the largest sample model's size and then some; a file declaring more is damage or a trap (the engine would try to allocate it). */
const MAX_LOADED_PARAMETERS = 50_000_000;

/** Refuses a model whose layers (as the file configures them) would hold more parameters than load_model allocates. */
export function checkModelSize(file: string, rows: readonly { layer: string; params: number | undefined }[]): void {
  const total = rows.reduce((sum, r) => sum + (r.params ?? 0), 0);
  if (!(total <= MAX_LOADED_PARAMETERS)) {
    const largest = rows.reduce((a, b) => ((b.params ?? 0) > (a.params ?? 0) ? b : a));
    throw new PyException('ValueError', `'${file}' describes a model of ${total.toExponential(2)} parameters (layer "${largest.layer}" alone ${(largest.params ?? 0).toExponential(2)}); load_model loads up to ${MAX_LOADED_PARAMETERS.toExponential(0)}`);
  }
}
