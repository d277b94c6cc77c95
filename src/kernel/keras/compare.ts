// unroll.compare([m1, m2, ...], x, y, epochs=..., batch_size=..., seed=...): 2 to 4 compiled
// models trained in lockstep on the same data and the same shuffled batches, one training step of
// each per batch, in turn (the training thread's Lockstep). Their fits are ordinary fits on the
// engine side, so each model's losses equal those of training it alone with the same data-order
// seed; the gradient frames travel on the one gradient channel tagged by model id, and the
// Lockstep Comparison panel shows the models the comparison id names.
//
// It returns {model name: History}: Keras's fit returns a History, and a dict keyed by the name
// the learner gave (Sequential(name='LSTM')) reads as the panel's rows do —
// histories['LSTM'].history['loss'] — without remembering the order of the list.
import { COMPARE, COMPARE_PANEL } from '../../keras/unroll';
import { BoundArgs, CallContext, PyDict, PyException, implementFunction, repr, typeName, type Value } from '../../language';
import { comparisonId } from '../../protocol/compareView';
import { PANEL_REQUEST_MIME, type PanelRequest } from '../../protocol/gradients/outputs';
import type { FitRequest, FitResult, TrainingEvent, TrainingRequest } from '../../protocol/training';
import type { InputSpec } from '../../engine/layers/sequential';
import { isNone, items, toInt, toNumber, toTensor } from './convert';
import { runEngineOnModels } from './engineCalls';
import { epochLine, progressText } from './fitOutput';
import { KerasHistory } from './history';
import { KerasModel } from './model';
import { callbackConfigs, labelledData, noteProvider, requireCompiled, tensors, validationTensors } from './modelRuns';
import { recordSpectrum } from './spectrumOverTraining';

const WHERE = 'compare()';
const MIN_MODELS = 2;
const MAX_MODELS = 4;

/** Runs `f`, naming model `i` of the `models` argument in any Python error it raises. */
function forModel<T>(i: number, model: KerasModel, f: () => T): T {
  try {
    return f();
  } catch (e) {
    if (e instanceof PyException) throw new PyException(e.errorName, `${WHERE}: models[${i}] '${model.name}': ${e.message}`);
    throw e;
  }
}

/** The `models` argument: 2 to 4 distinct, compiled Keras models with distinct names and no shared layers. */
function comparedModels(value: Value): KerasModel[] {
  const list = items(value, `${WHERE}: models`);
  if (list.length < MIN_MODELS || list.length > MAX_MODELS) {
    throw new PyException('ValueError', `${WHERE}: models takes ${MIN_MODELS} to ${MAX_MODELS} models to train side by side, got ${list.length}`);
  }
  const models = list.map((m, i) => {
    if (!(m instanceof KerasModel)) throw new PyException('TypeError', `${WHERE}: models[${i}] is a ${typeName(m)}, not a Keras model (Sequential or Model)`);
    return m;
  });
  models.forEach((m, i) => {
    if (!m.compiled) throw new PyException('RuntimeError', `${WHERE}: models[${i}] '${m.name}' is not compiled; call ${m.name}.compile(optimizer, loss) before comparing it`);
    const j = models.findIndex(other => other === m || other.name === m.name);
    if (j < i) {
      const same = models[j] === m ? 'is the same model as' : 'has the same name as';
      throw new PyException('ValueError', `${WHERE}: models[${i}] ${same} models[${j}] ('${m.name}'); compare distinct models with distinct names (Sequential(name=...)) — the names label the rows and the returned dict`);
    }
  });
  const owner = new Map<number, number>();
  models.forEach((m, i) => {
    for (const layer of m.engineLayers()) {
      const id = m.context.layerId(layer);
      const j = owner.get(id);
      if (j !== undefined && j !== i) throw new PyException('ValueError', `${WHERE}: models[${i}] '${m.name}' shares the layer '${layer.name}' with models[${j}] '${models[j].name}'; in lockstep each would train the other's weights`);
      owner.set(id, i);
    }
  });
  return models;
}

const inputText = (specs: readonly InputSpec[]) => specs.map(s => `(${s.shape.map(d => (typeof d === 'number' ? d : 'steps')).join(', ')}) ${s.dtype === 'int64' ? 'ids' : 'floats'}`).join(' + ');

/** Every model must take the same input (x is shared): refused by name before any data is read. */
function checkSameInputs(models: KerasModel[], specs: (InputSpec[] | undefined)[]): void {
  const first = specs.findIndex(s => s !== undefined);
  if (first < 0) return;
  specs.forEach((s, i) => {
    if (s && JSON.stringify(s) !== JSON.stringify(specs[first])) {
      throw new PyException('ValueError', `${WHERE}: models[${i}] '${models[i].name}' takes inputs ${inputText(s)} but models[${first}] '${models[first].name}' takes ${inputText(specs[first]!)}; the models of a comparison train on the same x, so their input shapes must match`);
    }
  });
}

/** The live progress output: the step every model has reached and its running loss. */
class LockstepProgress {
  private readonly lines: string[];
  constructor(private readonly names: readonly string[]) {
    this.lines = names.map(() => '');
  }
  update(index: number, text: string): void {
    this.lines[index] = text.replace(/\n/g, ' ');
  }
  text(footer = ''): string {
    const width = Math.max(...this.names.map(n => n.length));
    const rows = this.names.map((n, i) => `${n.padEnd(width)}  ${this.lines[i] || 'waiting for its first step'}`);
    return [`Lockstep comparison of ${this.names.length} models (one step of each per batch, in turn)`, ...rows, footer].filter(Boolean).join('\n');
  }
}

export const compareFunction = implementFunction(COMPARE, (a, ctx) => compare(a, ctx));

function compare(a: BoundArgs, ctx: CallContext): Value {
  const models = comparedModels(a.models);
  checkSameInputs(models, models.map(m => m.inputSpecs()));
  const data = models.map((m, i) => forModel(i, m, () => labelledData(m, a, requireCompiled(m, 'comparing'))));
  checkSameInputs(models, data.map(d => d.inputs));
  const epochs = toInt(a.epochs, 'epochs');
  if (epochs <= 0) throw new PyException('ValueError', `${WHERE}: epochs must be a positive integer, got ${epochs}`);
  const batchSize = isNone(a.batch_size) ? 32 : toInt(a.batch_size, 'batch_size');
  if (batchSize <= 0) throw new PyException('ValueError', `${WHERE}: batch_size must be positive, got ${batchSize}`);
  const validationSplit = toNumber(a.validation_split, 'validation_split');
  if (!(validationSplit >= 0 && validationSplit < 1)) throw new PyException('ValueError', `${WHERE}: validation_split must be in [0, 1), got ${validationSplit}`);
  const context = models[0].context;
  // Drawn as fit draws its seed: after set_random_seed(s), compare and a lone fit shuffle alike.
  const seed = isNone(a.seed) ? context.drawSeed() ?? 0 : toInt(a.seed, 'seed');
  const fit: FitRequest = {
    epochs, batchSize, shuffle: a.shuffle !== false, initialEpoch: 0, validationSplit,
    callbacks: callbackConfigs(a.callbacks), seed,
  };
  const runs = models.map((m, i) => {
    const { x, y, inputs, targets } = data[i];
    const xTensors = x.map((t, k) => toTensor(t, inputs[k].dtype));
    const yTensors = y.map((t, k) => toTensor(t, targets[k].dtype));
    m.lastFit = { x: xTensors, y: yTensors, epochs, batchSize, shuffle: fit.shuffle, seed, validationSplit };
    const validation = forModel(i, m, () => validationTensors(m, a.validation_data, m.compiled!, inputs, targets));
    return { run: { model: m.spec(inputs[0], targets), x: tensors(x, inputs.map(s => s.dtype)), y: tensors(y, targets.map(t => t.dtype)) }, validation };
  });
  if (runs[0].validation) fit.validationData = runs[0].validation;
  const request: Extract<TrainingRequest, { op: 'compare' }> = { op: 'compare', runs: runs.map(r => r.run), fit };

  const shown = a.verbose !== 0n && a.verbose !== false;
  const run = context.newRunId();
  const progressId = `compare-${run}`;
  const progress = new LockstepProgress(models.map(m => m.name));
  const panel: PanelRequest = { command: COMPARE_PANEL.command, modelId: comparisonId(run, models.map(m => m.id)) };
  const started = new Set<number>();
  const telemetry = context.telemetry;
  const onEvent = (outer: TrainingEvent) => {
    if (outer.kind !== 'lockstep') return;
    const { index, event: e } = outer;
    const model = models[index];
    if (e.kind === 'diagram') {
      telemetry?.({ kind: 'diagram', diagram: e.diagram });
      started.add(index);
      // Once every model's diagram is on the channel, the panel can name its rows: open it then.
      if (started.size === models.length) ctx.display([{ mime: PANEL_REQUEST_MIME, data: JSON.stringify(panel) }, { mime: 'text/plain', data: `Opened the ${COMPARE_PANEL.title} of ${models.map(m => m.name).join(', ')} (${COMPARE_PANEL.commandTitle} brings it back).` }]);
    } else if (e.kind === 'gradients') {
      telemetry?.({ kind: 'gradients', frame: e.frame });
    } else if (e.kind === 'connectivity') {
      telemetry?.({ kind: 'connectivity', series: e.series });
    } else if (e.kind === 'progress') {
      progress.update(index, progressText(e.progress));
      if (shown) ctx.display([{ mime: 'text/plain', data: progress.text() }], progressId);
    } else if (e.kind === 'epoch') {
      if (shown) ctx.write(`${model.name} · ${epochLine(e)}`);
    } else if (e.kind === 'provider') {
      noteProvider(context, e, ctx, !shown);
    }
  };
  const results = runEngineOnModels<FitResult[]>(models, request, { onEvent });
  const histories = new PyDict();
  const steps = Math.ceil((data[0].x[0].shape[0] * (fit.validationData ? 1 : 1 - validationSplit)) / batchSize);
  results.forEach((result, i) => {
    const model = models[i];
    recordSpectrum(model, result);
    if (result.record) telemetry?.({ kind: 'runRecord', modelId: String(model.id), record: result.record });
    histories.set(model.name, new KerasHistory(result, { epochs, steps }));
  });
  if (shown) {
    const interrupted = results.some(r => r.stopReason === 'cancelled');
    const end = interrupted ? 'interrupted between steps — each model keeps the weights of its last finished step' : 'done';
    const lines = models.map(m => `  ${m.name}: ${repr(histories.get(m.name)!)}`);
    ctx.display([{ mime: 'text/plain', data: progress.text(`${end} (data-order seed ${seed})\n${lines.join('\n')}`) }], progressId);
  }
  // Interrupt stops the lockstep between steps; the cell then ends as interrupted, weights kept.
  if (results.some(r => r.stopReason === 'cancelled')) ctx.checkInterrupt();
  return histories;
}
