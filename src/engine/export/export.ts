// exportInferenceModel: a trained model as a standard ONNX inference model (opset 17) that
// runs in any ONNX Runtime and opens in Netron. Weights are Constant nodes; recurrent layers
// become native RNN/LSTM/GRU nodes (native-recurrent.ts); Embedding is Gather, Dense is
// MatMul + Add, Dropout is gone (inference), masks become sequence_lens.
import { Graph } from '../graph/graph';
import { encodeModel } from '../graph/onnx';
import type { Value } from '../graph/types';
import type { BuildContext } from '../layers/layer';
import { inputDType, InputSpec, Sequential } from '../layers/sequential';
import { declareInputs, Model, modelInputNames } from '../model/model';
import { nativeRecurrent, NativeOptions } from './native-recurrent';

export interface ExportOptions extends Partial<NativeOptions> {
  /** Per-sample input of a Sequential (ids ['T'] or features ['T', F]); a Model knows its own. */
  input?: InputSpec;
  /** Graph name in the file. */
  name?: string;
}

export interface ExportedModel {
  bytes: Uint8Array;
  /** Input names: `x` (or `x.<name>` per input of a multi-input Model). */
  inputs: string[];
  /** Output names: `pred`, then `pred_1`, … */
  outputs: string[];
  graph: Graph;
}

/** weights: `${layer}.${param}` → values (as Trainer.getWeights gives, or initParams). */
export function exportInferenceModel(model: Sequential | Model, weights: Map<string, ArrayLike<number>>, opts: ExportOptions = {}): ExportedModel {
  const g = new Graph(opts.name ?? model.name, 'float32');
  if (!(model instanceof Model) && !opts.input) throw new Error('exportInferenceModel: a Sequential needs opts.input (its per-sample input spec)');
  const entries = model instanceof Model ? model.paramEntries() : model.paramEntries(opts.input!);
  const params = new Map<string, Value>();
  for (const e of entries) {
    const w = weights.get(e.key);
    if (!w) throw new Error(`exportInferenceModel: no weights for ${e.key}`);
    const n = e.spec.shape.reduce((a, b) => a * b, 1);
    if (w.length !== n) throw new Error(`exportInferenceModel: ${e.key} has ${w.length} values, shape [${e.spec.shape}] needs ${n}`);
    params.set(e.key, g.floats(e.spec.shape, w));
  }
  const ctx: BuildContext = {
    g,
    param: (layer, name) => {
      const v = params.get(`${layer}.${name}`);
      if (!v) throw new Error(`no parameter ${layer}.${name}`);
      return v;
    },
    lowering: 'scan',
    training: false,
    recurrences: [],
    native: nativeRecurrent({ masks: opts.masks ?? 'sequence_lens' }),
  };
  let xs: Value[];
  let preds: Value[];
  if (model instanceof Model) {
    xs = declareInputs(g, model);
    preds = model.forwardAll(ctx, xs.map((value) => ({ value }))).map((f) => f.value);
  } else {
    const input = opts.input!;
    xs = [g.input('x', inputDType(input, 'float32'), ['B', ...input.shape])];
    preds = [model.forward(ctx, { value: xs[0] }).value];
  }
  const outputs = preds.map((p, i) => g.output(p, i === 0 ? 'pred' : `pred_${i}`).name);
  return { bytes: encodeModel(g), inputs: model instanceof Model ? modelInputNames(model) : ['x'], outputs, graph: g };
}
