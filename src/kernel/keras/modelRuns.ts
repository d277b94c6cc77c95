// What a model does with data, as cells call it: fit (with its live outputs and the gradient
// channel), evaluate, predict and generate, and the checks that turn cell arrays into the
// tensors the training thread takes. The model classes themselves are in model.ts.
import type { Dim, TensorData } from '../../engine/graph/types';
import type { FeatureShape } from '../../engine/layers/layer';
import type { InputSpec } from '../../engine/layers/sequential';
import { asLossOptions, headLogNames, LossSpec, outputHeads } from '../../engine/train/heads';
import type { TargetSpec } from '../../engine/train/step';
import { BoundArgs, CallContext, NdArray, PyDict, PyException, PyList, PyTuple, ResultDict, Value, repr } from '../../language';
import { providerNote, providerSummary, type CallbackConfig, type FitRequest, type FitResult, type ProviderEvent, type TrainingEvent } from '../../protocol/training';
import { fromTensor, isNone, items, toArray, toInt, toNumber, toStr, toTensor } from './convert';
import { KerasCallback } from './callbacks';
import { diagramText } from '../../protocol/gradients/outputs';
import { GradientMapRecorder, LiveOutput, TrainingRecorder, epochLine, gradientOutputItems, progressText, trainingItems } from './fitOutput';
import { KerasHistory } from './history';
import { generatedTextItems, melodyData, melodyItems, noteTokensFromValue, tokensOfIds } from './generateOutput';
import { runEngine } from './engineCalls';
import { replayRecord, runRecordOutput } from './runRecord';
import { recordSpectrum } from './spectrumOverTraining';
import { chainAfterFit, spectrumMessage } from './showChain';
import type { CompileConfig, KerasModel } from './model';
import type { KernelContext } from '../kernelContext';
import { inspect, inspectedExample, statesMessage, timeLabels } from './inspectedStates';
import { PANEL_REQUEST_MIME, PanelRequest } from '../../protocol/gradients/outputs';
import type { AttentionSnapshot, GradientFrame, SaliencySnapshot, StateSnapshot } from '../../protocol/gradients';
import { chooseSaliencyExample, saliencyExample, saliencyMessage } from './inspectedSaliency';
import { fmt } from '../../protocol/gradients/format';
import { align, alignedExample, attentionMessage, axisLabels, chosenLayer, shownMaps } from './alignedExample';

// --------------------------------------------------------------------------- data → tensors

function targetSpec(y: NdArray, out: FeatureShape, loss: LossSpec): TargetSpec {
  const name = asLossOptions(loss).name;
  const dims: Dim[] = y.shape.slice(1);
  // A sequence target follows the output's time symbol, so one graph serves every length.
  if (typeof out[0] === 'string' && dims.length >= 1 && out.length >= 2) dims[0] = out[0];
  return { shape: dims, dtype: name === 'sparse_categorical_crossentropy' ? 'int64' : 'float' };
}

/** One loss per output, from compile's one-for-all or per-output form. */
function lossPerOutput(compile: CompileConfig, outputs: number): LossSpec[] {
  return Array.isArray(compile.loss) ? compile.loss : Array.from({ length: outputs }, () => compile.loss as LossSpec);
}

/**
 * Arrays for several named slots (a model's inputs or outputs) as Keras takes them: one array
 * for a single slot, else a list in order or a dict keyed by name.
 */
function namedArrays(v: Value, names: readonly string[], what: string, kind: 'input' | 'output'): NdArray[] {
  if (v instanceof PyDict) {
    return names.map(n => {
      const a = v.get(n);
      if (a === undefined) throw new PyException('ValueError', `${what}: no array for the ${kind} '${n}' (the ${kind}s are ${names.map(m => `'${m}'`).join(', ')})`);
      return toArray(a, `${what}['${n}']`);
    });
  }
  const list = v instanceof PyList || v instanceof PyTuple ? v.items : undefined;
  const arrays = list?.length && list.every(a => a instanceof NdArray || a instanceof PyList || a instanceof PyTuple) && (names.length > 1 || list.every(a => a instanceof NdArray));
  if (names.length === 1) return [arrays && list.length === 1 ? toArray(list[0], what) : toArray(v, what)];
  if (!arrays || list.length !== names.length) {
    throw new PyException('ValueError', `${what}: the model has ${names.length} ${kind}s (${names.map(n => `'${n}'`).join(', ')}); pass a list of ${names.length} arrays in that order, or a dict keyed by ${kind} name`);
  }
  return list.map((a, i) => toArray(a, `${what}[${i}]`));
}

function inputArrays(model: KerasModel, v: Value, what: string): NdArray[] {
  return namedArrays(v, model.inputNames(), what, 'input');
}

function targetArrays(model: KerasModel, v: Value, what: string): NdArray[] {
  return namedArrays(v, model.outputNames(), what, 'output');
}

export function requireCompiled(model: KerasModel, what: string): CompileConfig {
  if (!model.compiled) throw new PyException('RuntimeError', `You must compile your model before ${what}. Call model.compile(optimizer, loss).`);
  return model.compiled;
}

function checkSamples(x: NdArray[], y: NdArray[]): void {
  const n = x[0].shape[0];
  for (const a of [...x, ...y]) {
    if (a.shape[0] !== n) throw new PyException('ValueError', `x and y must have the same number of samples: x has ${x.map(b => b.shape[0]).join(', ')}, y has ${y.map(b => b.shape[0]).join(', ')}`);
  }
  if (n === 0) throw new PyException('ValueError', 'no samples to train on');
}

function checkFeatures(model: KerasModel, inputs: InputSpec[], xs: NdArray[]): void {
  const n = xs[0].shape[0];
  xs.forEach((x, k) => {
    const input = inputs[k];
    if (x.shape[0] !== n) throw new PyException('ValueError', `all inputs need the same number of samples, got ${xs.map(a => a.shape[0]).join(', ')}`);
    const want = input.shape.length + 1;
    if (x.shape.length !== want) {
      throw new PyException('ValueError', `Input ${k} of ${model.name} expects ${want}-d data (batch, ${input.shape.map(d => (typeof d === 'number' ? d : 'steps')).join(', ')}), got shape (${x.shape.join(', ')})`);
    }
    input.shape.forEach((d, i) => {
      if (typeof d === 'number' && x.shape[i + 1] !== d) throw new PyException('ValueError', `Input ${k} of ${model.name}: expected size ${d} on axis ${i + 1}, got ${x.shape[i + 1]} (shape (${x.shape.join(', ')}))`);
    });
  });
}

/** The model's inputs for x, checked against the data. */
function requireInputs(model: KerasModel, xs: NdArray[]): InputSpec[] {
  model.requireInput(xs[0]);
  const inputs = model.inputSpecs(xs[0])!;
  checkFeatures(model, inputs, xs);
  return inputs;
}

export const tensors = (arrays: NdArray[], dtypes: ('int64' | 'float')[]): TensorData | TensorData[] => {
  const ts = arrays.map((a, k) => toTensor(a, dtypes[k]));
  return ts.length === 1 ? ts[0] : ts;
};

// --------------------------------------------------------------------------- methods

/**
 * Sparse labels must be class ids in [0, classes): the one-hot of an id outside it is all
 * zeros and adds no loss, so the model would train on wrong targets without a word. Keras
 * (TF) refuses such a label; so do we, before the data leaves for the training thread.
 */
function checkSparseLabels(model: KerasModel, y: NdArray[], compile: CompileConfig, shapes: FeatureShape[], what: string): void {
  const losses = lossPerOutput(compile, shapes.length);
  y.forEach((labels, k) => {
    if (asLossOptions(losses[k]).name !== 'sparse_categorical_crossentropy') return;
    const classes = shapes[k][shapes[k].length - 1];
    if (typeof classes !== 'number') return;
    for (let i = 0; i < labels.data.length; i++) {
      const label = Math.trunc(labels.data[i]);
      if (label >= 0 && label < classes) continue;
      const output = y.length > 1 ? ` for the output '${model.outputNames()[k]}'` : '';
      throw new PyException('ValueError', `${what}: Received a label value of ${labels.data[i]} which is outside the valid range of [0, ${classes})${output}: sparse_categorical_crossentropy takes class ids below the number of units of the last layer (${classes})`);
    }
  });
}

/** The x and y of fit/evaluate, checked against each other and the model, with the input and target specs they give. */
export function labelledData(model: KerasModel, a: BoundArgs, compile: CompileConfig): { x: NdArray[]; y: NdArray[]; inputs: InputSpec[]; targets: TargetSpec[] } {
  const x = inputArrays(model, a.x, 'x');
  const y = targetArrays(model, a.y, 'y');
  checkSamples(x, y);
  const inputs = requireInputs(model, x);
  const shapes = model.outputShapes(inputs[0]);
  checkSparseLabels(model, y, compile, shapes, 'y');
  const losses = lossPerOutput(compile, shapes.length);
  const targets = y.map((t, k) => targetSpec(t, shapes[k], losses[k]));
  return { x, y, inputs, targets };
}

/** fit's validation_data (x_val, y_val), checked against the model like x and y; undefined for None. */
export function validationTensors(model: KerasModel, value: Value, compile: CompileConfig, inputs: InputSpec[], targets: TargetSpec[]): FitRequest['validationData'] {
  if (isNone(value)) return undefined;
  const [vx, vy] = items(value, 'validation_data');
  const xv = inputArrays(model, vx, 'validation x');
  const yv = targetArrays(model, vy, 'validation y');
  checkSamples(xv, yv);
  checkFeatures(model, inputs, xv);
  checkSparseLabels(model, yv, compile, model.outputShapes(inputs[0]), 'validation y');
  return { x: tensors(xv, inputs.map(i => i.dtype)), y: tensors(yv, targets.map(t => t.dtype)) };
}

/** fit's callbacks=[...] as the training thread takes them. */
export function callbackConfigs(value: Value): CallbackConfig[] {
  return isNone(value) ? [] : items(value, 'callbacks').map(c => {
    if (!(c instanceof KerasCallback)) throw new PyException('TypeError', 'callbacks must be Keras callbacks (EarlyStopping, TerminateOnNaN, ReduceLROnPlateau)');
    return c.config;
  });
}

export function fit(model: KerasModel, a: BoundArgs, ctx: CallContext): Value {
  const compile = requireCompiled(model, 'training');
  if (isNone(a.x) || isNone(a.y)) throw new PyException('ValueError', 'fit needs x and y');
  const { x, y, inputs, targets } = labelledData(model, a, compile);
  const xDtypes = inputs.map(i => i.dtype);
  const yDtypes = targets.map(t => t.dtype);
  const replay = replayRecord(a);
  const validationSplit = replay?.settings.validationSplit ?? toNumber(a.validation_split, 'validation_split');
  if (!(validationSplit >= 0 && validationSplit < 1)) throw new PyException('ValueError', `validation_split must be in [0, 1), got ${validationSplit}`);
  const validationData = validationTensors(model, a.validation_data, compile, inputs, targets);
  const callbacks = callbackConfigs(a.callbacks);
  const epochs = replay?.settings.epochs ?? toInt(a.epochs, 'epochs');
  const batchSize = replay?.settings.batchSize ?? (isNone(a.batch_size) ? 32 : toInt(a.batch_size, 'batch_size'));
  if (batchSize <= 0) throw new PyException('ValueError', `batch_size must be positive, got ${batchSize}`);
  const positive = (v: Value, what: string): number | undefined => {
    if (isNone(v)) return undefined;
    const n = toInt(v, what);
    if (n <= 0) throw new PyException('ValueError', `${what} must be a positive integer, got ${n}`);
    return n;
  };
  const request: FitRequest = {
    epochs, batchSize, shuffle: a.shuffle !== false, initialEpoch: toInt(a.initial_epoch, 'initial_epoch'),
    validationSplit, validationData, callbacks,
    validationSteps: positive(a.validation_steps, 'validation_steps'),
    validationBatchSize: positive(a.validation_batch_size, 'validation_batch_size'),
    seed: model.context.drawSeed(),
  };
  // A replay draws from the seed stream all the same, so the cells after it get the seeds they got.
  if (replay) {
    const s = replay.settings;
    Object.assign(request, {
      shuffle: s.shuffle, initialEpoch: s.initialEpoch, validationSteps: s.validationSteps ?? undefined,
      validationBatchSize: s.validationBatchSize ?? undefined, seed: replay.seeds.shuffle, replay,
    });
  }
  model.lastFit = { x: x.map((t, k) => toTensor(t, xDtypes[k])), y: y.map((t, k) => toTensor(t, yDtypes[k])), validation: validationData, epochs, batchSize, shuffle: request.shuffle, seed: request.seed ?? 0, validationSplit };
  const inspecting = inspectedExample(model);
  if (inspecting) request.statesExample = inspecting.x.length === 1 ? inspecting.x[0] : inspecting.x;
  let stateTokens = inspecting?.tokens;
  const salient = saliencyExample(model);
  if (salient) request.saliencyExample = salient.x.length === 1 ? salient.x[0] : salient.x;
  const aligning = alignedExample(model);
  if (aligning) request.attentionExample = aligning.x.length === 1 ? aligning.x[0] : aligning.x;
  const shown = a.verbose !== 0n && a.verbose !== false; // Keras verbose=0: no progress, no epoch lines
  const run = model.context.newRunId();
  // Progress and frames arrive throttled by the training thread (~8 a second); the two live
  // outputs they replace in place are replaced less often (LiveOutput).
  const progressId = `fit-${run}`;
  const gradientsId = `gradients-${run}`;
  const progressOutput = new LiveOutput(items => ctx.display(items, progressId));
  const gradientsOutput = new LiveOutput(items => ctx.display(items, gradientsId));
  const telemetry = model.context.telemetry;
  const training = new TrainingRecorder(`${model.name}-${run}`, model.name, epochs);
  const gradientMap = new GradientMapRecorder();
  let lastFrame: GradientFrame | undefined;
  let last = '';
  const onEvent = (e: TrainingEvent) => {
    if (e.kind === 'progress') {
      last = progressText(e.progress);
      training.progress(e.progress);
      if (shown) progressOutput.update(() => trainingItems(training.data(), last));
    } else if (e.kind === 'epoch') {
      training.epochEnd(e);
      if (shown) ctx.write(epochLine(e));
    } else if (e.kind === 'gradients') {
      telemetry?.({ kind: 'gradients', frame: e.frame });
      gradientMap.push(e.frame);
      lastFrame = e.frame;
      const frame = e.frame;
      gradientsOutput.update(() => gradientOutputItems(gradientMap.data(), frame));
    } else if (e.kind === 'diagram') {
      telemetry?.({ kind: 'diagram', diagram: e.diagram });
      ctx.display([{ mime: 'text/plain', data: diagramText(e.diagram) }]);
    } else if (e.kind === 'connectivity') {
      telemetry?.({ kind: 'connectivity', series: e.series });
    } else if (e.kind === 'states') {
      // Without show_states, fit snapshots its first training sample, labelled by its ids.
      stateTokens ??= timeLabels(toTensor(rowOf(x[0], 0), xDtypes[0]), null);
      telemetry?.({ kind: 'states', states: statesMessage(model, stateTokens, e.snapshot) });
    } else if (e.kind === 'saliency') {
      if (salient) telemetry?.({ kind: 'saliency', saliency: saliencyMessage(model, salient.tokens, e.snapshot) });
    } else if (e.kind === 'attention') {
      if (aligning) telemetry?.({ kind: 'attention', attention: attentionMessage(model, aligning, e.snapshot) });
    } else if (e.kind === 'spectrum') {
      telemetry?.({ kind: 'spectrum', spectrum: spectrumMessage(model, e.series) });
    } else if (e.kind === 'provider') {
      noteProvider(model.context, e, ctx, !shown);
    }
  };
  const result = runEngine<FitResult>(model, { op: 'fit', model: model.spec(inputs[0], targets), x: tensors(x, xDtypes), y: tensors(y, yDtypes), fit: request }, { onEvent });
  const steps = Math.ceil((x[0].shape[0] * (1 - validationSplit)) / batchSize);
  recordSpectrum(model, result);
  // show_chain's sequence, with the weights this fit reached (the spectrum came per epoch).
  const chain = result.stopReason === 'cancelled' ? undefined : chainAfterFit(model, () => ctx.checkInterrupt());
  if (chain) telemetry?.({ kind: 'chain', chain });
  const history = new KerasHistory(result, { epochs, steps });
  // the map once more, with its static picture for viewers without the renderer
  if (lastFrame) gradientsOutput.final(gradientOutputItems(gradientMap.data(), lastFrame, true));
  if (shown) {
    const end = result.stopReason === 'cancelled' ? 'interrupted — the weights are those of the last finished step' : result.stopReason === 'callback' ? `stopped by ${result.stoppedBy ?? 'a callback'}` : 'done';
    training.finish(result.stopReason, result.stoppedBy);
    progressOutput.final(trainingItems(training.data(), `${last}\n${end}; history: ${repr(history.historyDict())}`.trimStart()));
  }
  if (result.replayWarnings?.length) ctx.write(`Unroll: replaying with differences that may change the numbers:\n  - ${result.replayWarnings.join('\n  - ')}\n`);
  if (result.record) {
    telemetry?.({ kind: 'runRecord', modelId: String(model.id), record: result.record });
    if (shown) {
      const out = runRecordOutput(result.record);
      ctx.display(out.items, undefined, out.metadata);
    }
  }
  // Interrupt stops fit between batches; the cell then ends as interrupted, weights kept.
  if (result.stopReason === 'cancelled') ctx.checkInterrupt();
  return history;
}

/**
 * The side panel hears which provider runs; the cell's output says it the first time and when it
 * changes. `quiet` (fit with verbose=0, evaluate, predict): the output only says a fallback.
 */
export function noteProvider(context: KernelContext, e: ProviderEvent, ctx: CallContext, quiet: boolean): void {
  context.telemetry?.({ kind: 'provider', summary: providerSummary(e), fallbackReason: e.fallbackReason });
  if (quiet && !e.fallbackReason) return;
  const note = providerNote(e);
  if (context.noteProviderChange(note)) ctx.write(`${note}\n`);
}

export function evaluate(model: KerasModel, a: BoundArgs, ctx: CallContext): Value {
  const compile = requireCompiled(model, 'evaluating');
  const { x, y, inputs, targets } = labelledData(model, a, compile);
  const batchSize = isNone(a.batch_size) ? 32 : toInt(a.batch_size, 'batch_size');
  const logs = runEngine<Record<string, number>>(model, {
    op: 'evaluate', model: model.spec(inputs[0], targets), x: tensors(x, inputs.map(i => i.dtype)), y: tensors(y, targets.map(t => t.dtype)), batchSize,
  }, { onEvent: e => e.kind === 'provider' && noteProvider(model.context, e, ctx, true) });
  const names = headLogNames(outputHeads(model.outputNames(), compile.loss, compile.metrics, compile.lossWeights));
  if (a.return_dict === true) {
    const d = new PyDict();
    for (const n of names) d.set(n, logs[n]);
    return d;
  }
  return names.length === 1 ? logs.loss : new PyList(names.map(n => logs[n]));
}

/** One array for a single-output model, a list of arrays (in output order) for several, as Keras. */
export function predict(model: KerasModel, a: BoundArgs, ctx: CallContext): Value {
  const x = inputArrays(model, a.x, 'x');
  const inputs = requireInputs(model, x);
  const batchSize = isNone(a.batch_size) ? 32 : toInt(a.batch_size, 'batch_size');
  const out = runEngine<TensorData[]>(model, { op: 'predict', model: model.spec(inputs[0]), x: tensors(x, inputs.map(i => i.dtype)), batchSize }, { onEvent: e => e.kind === 'provider' && noteProvider(model.context, e, ctx, true) });
  return out.length === 1 ? fromTensor(out[0]) : new PyList(out.map(fromTensor));
}

export function generate(model: KerasModel, a: BoundArgs, ctx: CallContext): Value {
  const input = model.requireInput();
  const vocab = isNone(a.vocab) ? undefined : toStr(a.vocab, 'vocab');
  let start: number[];
  if (typeof a.start === 'string') {
    if (!vocab) throw new PyException('ValueError', 'a text start needs vocab= (the characters in id order)');
    start = [...a.start].map(ch => {
      const i = vocab.indexOf(ch);
      if (i < 0) throw new PyException('ValueError', `the character ${JSON.stringify(ch)} is not in vocab`);
      return i;
    });
  } else if (typeof a.start === 'bigint') start = [Number(a.start)];
  else start = items(a.start, 'start').map(v => toInt(v, 'start ids'));
  if (!start.length) throw new PyException('ValueError', 'generate needs at least one start token');
  const noteVocabulary = isNone(a.notes) ? undefined : noteTokensFromValue(a.notes);
  const temperature = toNumber(a.temperature, 'temperature');
  const tempo = toNumber(a.tempo, 'tempo');
  if (!(tempo > 0)) throw new PyException('ValueError', `tempo must be positive, got ${tempo}`);
  const r = runEngine<{ ids: number[]; stopped?: boolean }>(model, {
    op: 'generate', model: model.spec(input), start, length: toInt(a.length, 'length'),
    temperature, seed: toInt(a.seed, 'seed'),
  });
  // Interrupt ended the sampling loop between steps: the cell ends as interrupted, as Python would.
  if (r.stopped) ctx.checkInterrupt();
  if (vocab) {
    const generated = r.ids.map(i => vocab[i] ?? '').join('');
    ctx.display(generatedTextItems({ seed: start.map(i => vocab[i] ?? '').join(''), generated, temperature }));
    return generated;
  }
  if (noteVocabulary) ctx.display(melodyItems(melodyData(tokensOfIds([...start, ...r.ids], noteVocabulary), start.length, tempo, temperature)));
  return new PyList(r.ids.map(i => BigInt(i)));
}


/**
 * show_states(model, x, tokens=None, sample=0): the states and gates of one sequence now, sent to
 * the State Inspector (which it opens), and that sequence becomes the one later fits snapshot.
 */
export function showStates(model: KerasModel, a: BoundArgs, ctx: CallContext): Value {
  const spec = model.inputSpecs()?.[0];
  // One sequence without its batch axis ([T] ids, [T, F] vectors) is a batch of one.
  const batched = (v: NdArray): NdArray => (spec && v.shape.length === spec.shape.length ? new NdArray(v.data, [1, ...v.shape], v.dtype) : v);
  const x = inputArrays(model, a.x, 'x').map(batched);
  const inputs = requireInputs(model, x);
  const sample = toInt(a.sample, 'sample');
  const N = x[0].shape[0];
  if (sample < 0 || sample >= N) throw new PyException('IndexError', `show_states(): sample ${sample} is out of range for ${N} sequence(s)`);
  const row = x.map((v, k) => toTensor(rowOf(v, sample), inputs[k].dtype));
  const tokens = timeLabels(row[0], a.tokens);
  const snapshot = runEngine<StateSnapshot>(model, { op: 'states', model: model.spec(inputs[0]), x: row.length === 1 ? row[0] : row }, { onEvent: e => e.kind === 'provider' && noteProvider(model.context, e, ctx, true) });
  inspect(model, row, tokens);
  model.context.telemetry?.({ kind: 'states', states: statesMessage(model, tokens, snapshot, true) });
  const request: PanelRequest = { command: 'unroll.showStateInspector', modelId: String(model.id) };
  const chains = snapshot.chains.map(c => `${c.layer}${c.direction === 'backward' ? ' (backward)' : ''}: ${c.kind}(${c.units}) ${c.series.map(s => s.name).join(', ')}`);
  ctx.display([
    { mime: PANEL_REQUEST_MIME, data: JSON.stringify(request) },
    { mime: 'text/plain', data: [`States of ${model.name} over ${tokens.length} steps at training step ${snapshot.step}:`, ...chains.map(c => `  ${c}`), 'Unroll: Show State Inspector brings the panel back; a fit from here keeps snapshots of this sequence.'].join('\n') },
  ]);
  return null;
}

/**
 * show_saliency(model, x, tokens=None, sample=0, output=None): one sequence's saliency now (every
 * output position), sent to the Saliency panel (which it opens); that sequence becomes the one
 * later fits snapshot. Prints the most salient tokens for `output` and returns the matrices.
 */
export function showSaliency(model: KerasModel, a: BoundArgs, ctx: CallContext): Value {
  const where = 'show_saliency()';
  const spec = model.inputSpecs()?.[0];
  const batched = (v: NdArray): NdArray => (spec && v.shape.length === spec.shape.length ? new NdArray(v.data, [1, ...v.shape], v.dtype) : v);
  const x = inputArrays(model, a.x, 'x').map(batched);
  const inputs = requireInputs(model, x);
  const sequence = inputs[0].dtype === 'int64' ? x[0].shape.length === 2 : x[0].shape.length === 3;
  if (!sequence) throw new PyException('ValueError', `${where}: x must be sequences, ids (steps,) or vectors (steps, features), or a batch of them; got shape (${x[0].shape.join(', ')})`);
  const sample = toInt(a.sample, 'sample');
  const N = x[0].shape[0];
  if (sample < 0 || sample >= N) throw new PyException('IndexError', `${where}: sample ${sample} is out of range for ${N} sequence(s)`);
  const row = x.map((v, k) => toTensor(rowOf(v, sample), inputs[k].dtype));
  const tokens = timeLabels(row[0], a.tokens, 'show_saliency()');
  const snapshot = runEngine<SaliencySnapshot>(model, { op: 'saliency', model: model.spec(inputs[0]), x: row.length === 1 ? row[0] : row }, { onEvent: e => e.kind === 'provider' && noteProvider(model.context, e, ctx, true) });
  const given = isNone(a.output) ? snapshot.outputs - 1 : toInt(a.output, 'output');
  const output = given < 0 ? snapshot.outputs + given : given;
  if (output < 0 || output >= snapshot.outputs) {
    throw new PyException('IndexError', `${where}: output ${given} is out of range: ${model.name} has ${snapshot.outputs} output position(s) for this sequence${snapshot.outputs === 1 ? ' (one output per sequence: leave output=None)' : ''}`);
  }
  chooseSaliencyExample(model, row, tokens);
  model.context.telemetry?.({ kind: 'saliency', saliency: { ...saliencyMessage(model, tokens, snapshot, true), output } });
  const request: PanelRequest = { command: 'unroll.showSaliency', modelId: String(model.id) };
  ctx.display([{ mime: PANEL_REQUEST_MIME, data: JSON.stringify(request) }, { mime: 'text/plain', data: saliencyText(model.name, tokens, snapshot, output) }]);
  const matrix = (v: ArrayLike<number>) => new NdArray(Float32Array.from(v), [snapshot.outputs, snapshot.T], 'float32');
  return ResultDict.about(`saliency of '${model.name}'`, [['norm', matrix(snapshot.norm)], ['grad_input', matrix(snapshot.gradInput)], ['classes', new PyList(snapshot.classes.map(k => BigInt(k)))]]);
}

/** The cell's text: what y is, and the five most salient tokens for one output position. */
function saliencyText(name: string, tokens: string[], s: SaliencySnapshot, output: number): string {
  const score = s.target === 'logit' ? `the logit of class ${s.classes[output]}` : `output unit ${s.classes[output]}`;
  const at = s.outputs > 1 ? ` at output position ${output} (${tokens[output] ?? output})` : '';
  const row = Array.from({ length: s.T }, (_, t) => ({ t, n: s.norm[output * s.T + t], gi: s.gradInput[output * s.T + t] }));
  const top = row.filter(r => r.n > 0).sort((p, q) => q.n - p.n).slice(0, 5);
  return [
    `Saliency of ${name} over ${s.T} steps at training step ${s.step}: y = ${score}${at}.`,
    `  most salient steps (‖∂y/∂x_t‖, gradient × input): ${top.map(r => `${JSON.stringify(tokens[r.t] || String(r.t + 1))} ${fmt(r.n)} (${r.gi >= 0 ? '+' : ''}${fmt(r.gi)})`).join(', ') || 'none (y does not depend on x)'}`,
    'Unroll: Show Saliency brings the panel back; a fit from here keeps snapshots of this sequence.',
  ].join('\n');
}

/**
 * show_attention(model, x, input_tokens=None, output_tokens=None, sample=0, layer=None): one
 * example's attention weights now, sent to the Attention Alignment panel (which it opens), and
 * that example becomes the one later fits snapshot. x is what predict takes: for an
 * encoder-decoder, [encoder input, decoder input].
 */
export function showAttention(model: KerasModel, a: BoundArgs, ctx: CallContext): Value {
  const specs = model.inputSpecs();
  // One example without its batch axis is a batch of one (judged on the first input).
  const single = !!specs?.[0] && inputArrays(model, a.x, 'x')[0].shape.length === specs[0].shape.length;
  const x = inputArrays(model, a.x, 'x').map(v => (single ? new NdArray(v.data, [1, ...v.shape], v.dtype) : v));
  const inputs = requireInputs(model, x);
  const sample = toInt(a.sample, 'sample');
  const N = x[0].shape[0];
  if (sample < 0 || sample >= N) throw new PyException('IndexError', `show_attention(): sample ${sample} is out of range for ${N} example(s)`);
  const row = x.map((v, k) => toTensor(rowOf(v, sample), inputs[k].dtype));
  const snapshot = runEngine<AttentionSnapshot>(model, { op: 'attention', model: model.spec(inputs[0]), x: row.length === 1 ? row[0] : row }, { onEvent: e => e.kind === 'provider' && noteProvider(model.context, e, ctx, true) });
  const layer = chosenLayer(snapshot.maps, a.layer);
  const first = shownMaps(snapshot, layer).maps[0];
  const sequence = (t: TensorData) => t.dims.length >= 2 ? t : undefined;
  const example = {
    x: row,
    layer,
    // Columns: the value (encoder) steps, from the first input; rows: the query (decoder) steps, from the last.
    inputTokens: axisLabels(first.Tv, sequence(row[0]), a.input_tokens, 'input_tokens'),
    outputTokens: axisLabels(first.Tq, sequence(row[row.length - 1]), a.output_tokens, 'output_tokens'),
  };
  align(model, example);
  model.context.telemetry?.({ kind: 'attention', attention: attentionMessage(model, example, snapshot, true) });
  const request: PanelRequest = { command: 'unroll.showAttentionAlignment', modelId: String(model.id) };
  const lines = shownMaps(snapshot, layer).maps.map(m => `  ${m.layer}: ${m.kind}, ${m.Tq} query steps × ${m.Tv} value steps${m.valueMask ? ` (${m.valueMask.filter(v => v === 0).length} padding)` : ''}`);
  ctx.display([
    { mime: PANEL_REQUEST_MIME, data: JSON.stringify(request) },
    { mime: 'text/plain', data: [`Attention of ${model.name} at training step ${snapshot.step}:`, ...lines, 'Unroll: Show Attention Alignment brings the panel back; a fit from here keeps snapshots of this example.'].join('\n') },
  ]);
  return null;
}

/** Row `i` of a batch, as a batch of one. */
function rowOf(a: NdArray, i: number): NdArray {
  const size = a.shape.slice(1).reduce((p, d) => p * d, 1);
  return new NdArray(a.data.slice(i * size, (i + 1) * size), [1, ...a.shape.slice(1)], a.dtype);
}
