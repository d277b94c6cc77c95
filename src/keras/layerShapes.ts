// The shape rules applied to a layer described as data (class name + arguments, a wrapper's
// inner layer nested): what the editor knows about a layer a cell makes. Arguments left out
// take the table's defaults (layers.ts); the rules themselves are in shapes.ts, shared with
// the engine's layers.
import { layerDefault } from './layers';
import { Dims, MergeMode, attentionOutputs, bidirectionalOutputs, concatenateOutput, dotOutput, elementwiseMergeOutput, denseOutput, embeddingOutput, isRecurrentClass, recurrentOutput, recurrentStates, repeatVectorOutput, sameOutput, timeDistributedOutput } from './shapes';
import type { Primitive } from './signature';

export interface LayerSpec {
  readonly className: string;
  /** Given arguments; a wrapper's `layer` is the inner spec. */
  readonly args: Readonly<Record<string, Primitive | LayerSpec>>;
}

function arg(spec: LayerSpec, name: string): Primitive | LayerSpec | undefined {
  return name in spec.args ? spec.args[name] : layerDefault(spec.className, name);
}

function size(spec: LayerSpec, name: string): number {
  const v = arg(spec, name);
  if (typeof v === 'bigint' || typeof v === 'number') return Number(v);
  throw new Error(`${spec.className}: '${name}' must be a number`);
}

function inner(spec: LayerSpec): LayerSpec {
  const v = arg(spec, 'layer');
  if (v === null || typeof v !== 'object') throw new Error(`${spec.className}: 'layer' must be a layer`);
  return v;
}

function mergeMode(spec: LayerSpec): MergeMode {
  const v = arg(spec, 'merge_mode');
  if (v === null) return 'none';
  if (typeof v !== 'string') throw new Error(`${spec.className}: 'merge_mode' must be a string or None`);
  return v as MergeMode;
}

/** The layer's outputs for a per-sample input, states left out (two with Bidirectional merge_mode=None). */
function mainOutputs(spec: LayerSpec, input: Dims): Dims[] {
  switch (spec.className) {
    case 'Dense': return [denseOutput(input, size(spec, 'units'))];
    case 'Embedding': return [embeddingOutput(input, size(spec, 'output_dim'))];
    case 'Masking': case 'Dropout': case 'Activation': return [sameOutput(input)];
    case 'SimpleRNN': case 'LSTM': case 'GRU': return [recurrentOutput(input, size(spec, 'units'), arg(spec, 'return_sequences') === true)];
    case 'RepeatVector': return [repeatVectorOutput(input, size(spec, 'n'))];
    case 'Bidirectional': return bidirectionalOutputs(mainOutputs(inner(spec), input)[0], mergeMode(spec));
    case 'TimeDistributed': return [timeDistributedOutput(input, step => mainOutputs(inner(spec), step)[0])];
    default: throw new Error(`unknown layer class '${spec.className}'`);
  }
}

/** The recurrent layer whose states a layer carries: itself, or the one a Bidirectional wraps. */
function recurrentCore(spec: LayerSpec): { core: LayerSpec; bidirectional: boolean } | undefined {
  if (isRecurrentClass(spec.className)) return { core: spec, bidirectional: false };
  if (spec.className === 'Bidirectional') return { core: inner(spec), bidirectional: true };
  return undefined;
}

/** How many states initial_state takes and return_state returns, and their size; undefined for a layer without states. */
export function layerStates(spec: LayerSpec): { count: number; units: number } | undefined {
  const found = recurrentCore(spec);
  return found && recurrentStates(found.core.className, size(found.core, 'units'), found.bidirectional);
}

/**
 * Per-sample shapes of calling the layer (Keras `layer(x)`): the output (two with Bidirectional
 * merge_mode=None), then the final states with return_state. Throws where the rules cannot apply.
 */
export function callOutputShapes(spec: LayerSpec, input: Dims): Dims[] {
  const outputs = mainOutputs(spec, input);
  const found = recurrentCore(spec);
  if (found && arg(found.core, 'return_state') === true) {
    const states = layerStates(spec)!;
    for (let i = 0; i < states.count; i++) outputs.push([states.units]);
  }
  return outputs;
}

function dotAxesArg(spec: LayerSpec): number | [number, number] {
  const v = arg(spec, 'axes');
  if (typeof v === 'bigint' || typeof v === 'number') return Number(v);
  throw new Error(`${spec.className}: 'axes' must be a number`);
}

/**
 * Per-sample shapes of calling a merge or attention layer on a list (`Concatenate()([a, b])`):
 * one output, or Attention's (output, scores) with return_attention_scores. Throws where the
 * rules cannot apply. `axes` of Dot as a pair is given as `dotAxes`.
 */
export function listCallOutputShapes(spec: LayerSpec, inputs: readonly Dims[], options: { returnScores?: boolean; dotAxes?: [number, number] } = {}): Dims[] {
  switch (spec.className) {
    case 'Concatenate': return [concatenateOutput(inputs, size(spec, 'axis'))];
    case 'Add': case 'Multiply': case 'Average': return [elementwiseMergeOutput(inputs, spec.className)];
    case 'Dot': return [dotOutput(inputs, options.dotAxes ?? dotAxesArg(spec))];
    case 'Attention': case 'AdditiveAttention': return attentionOutputs(inputs, spec.className, options.returnScores === true);
    default: throw new Error(`${spec.className} takes one tensor, not a list`);
  }
}
