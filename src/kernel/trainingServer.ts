// The engine thread: owns the trainers (one per model) and ONNX Runtime, answers the kernel's
// requests one at a time. Weights belong to layers, as in Keras: a layer store keyed by the
// kernel's layer ids holds each layer's latest weights, every trainer publishes to it after it
// changes weights and picks up newer ones before it runs, so models that share layer objects
// (a seq2seq training model and its inference encoder and decoder) see the same weights.
// onnxruntime-node is required here, lazily, on the first request that needs a session, so
// importing the Keras surface never loads it.
import { type MessagePort, resourceLimits as workerResourceLimits } from 'node:worker_threads';
import type { TensorData } from '../engine/graph/types';
import { Sequential } from '../engine/layers/sequential';
import { Model } from '../engine/model/model';
import { gatedRuntime, type NativeGate } from '../engine/runtime/gate';
import type { Runtime } from '../engine/runtime/types';
import { Callback, EarlyStopping, ReduceLROnPlateau, TerminateOnNaN } from '../engine/train/callbacks';
import { takeRows } from '../engine/train/batches';
import { Trainer } from '../engine/train/trainer';
import { connectivityFromTensor, ConnectivitySeries, diagramFromSequential, encoderDecoderDiagram, frameFromStepReport, LatestThrottle, mergeNodes, ModelDiagram } from '../protocol/gradients';
import { buildModel } from './keras/config';
import { SpectrumRecord } from './spectrumRecord';
import { FitSnapshots, stateSnapshot } from './stateSnapshots';
import { bpttResult } from './bpttResult';
import { Lockstep } from './lockstep';
import { saliencyProbe, saliencySnapshot } from './saliencySnapshots';
import { attentionProbe, attentionSnapshot } from './attentionSnapshots';
import { isAllocationFailure, setKernelMemoryMB } from '../keras/allocation';
import { INTERRUPT_SLOT, NATIVE_CALLS_SLOT, TERMINATING } from '../protocol/kernel';
import { CallbackConfig, TrainingCrash, TrainingEvent, TrainingReply, TrainingRequest, TrainingWorkerData, FitResult, ModelSpec, TrainingStats, Weights } from '../protocol/training';


interface Entry {
  key: string;
  trainer: Trainer;
  /** Layer name → its id in the layer store. */
  layerIds: Record<string, number>;
  /** Layer id → the store version this trainer holds. */
  seen: Map<number, number>;
}

/** One layer's weights: parameter name (`kernel`) → tensor, with a version that grows on every publish. */
interface StoredLayer {
  version: number;
  params: Map<string, TensorData>;
}

export function runTrainingServer(data: TrainingWorkerData): void {
  const port: MessagePort = data.port;
  const signal = new Int32Array(data.signal);
  // The interrupt buffer's slots: the interrupt flag, and the native calls in flight.
  const slots = new Int32Array(data.interruptBuffer);
  const send = (reply: TrainingReply) => {
    port.postMessage(reply);
    Atomics.add(signal, 0, 1);
    Atomics.notify(signal, 0);
  };
  if (data.memoryMB) setKernelMemoryMB(data.memoryMB);
  if (data.loadCounted) {
    Atomics.sub(slots, NATIVE_CALLS_SLOT, 1);
    Atomics.notify(slots, NATIVE_CALLS_SLOT);
  }
  const server = new TrainingServer(data, () => Atomics.load(slots, INTERRUPT_SLOT) !== 0);
  // The kernel is gone (terminated by a restart while this thread was still inside a native call
  // the host would not cut short): nobody will ask anything again, so end this thread, but only
  // once no native call is in flight (an async session.run still running would abort the process).
  const exitWhenIdle = (): void => {
    if (Atomics.load(slots, NATIVE_CALLS_SLOT) === 0) process.exit(0);
    else setTimeout(exitWhenIdle, 10);
  };
  port.on('close', exitWhenIdle);
  // Requests are answered strictly in order: the kernel sends one and waits for it.
  let chain = Promise.resolve();
  port.on('message', (message: { requestId: number; request: TrainingRequest }) => {
    chain = chain.then(async () => {
      const emit = (event: TrainingEvent) => send({ requestId: message.requestId, event });
      try {
        const result = await server.handle(message.request, emit);
        send({ requestId: message.requestId, result });
      } catch (e) {
        send({ requestId: message.requestId, error: e instanceof Error ? e.message : String(e), ...(isAllocationFailure(e) ? { kind: 'memory' as const } : {}) });
      }
    });
  });
}

class TrainingServer {
  private runtime: Runtime | undefined;
  private readonly trainers = new Map<number, Entry>();
  private readonly layerStore = new Map<number, StoredLayer>();
  private storeVersion = 0;
  /** The provider event last sent (as JSON), so each change is said once. */
  private providerReported?: string;
  /** A crash armed by a lifecycle test: it happens after this many more training steps. */
  private armedCrash: { how: TrainingCrash; afterSteps: number } | undefined;

  constructor(private readonly data: TrainingWorkerData, private readonly interrupted: () => boolean) {}

  async handle(request: TrainingRequest, emit: (e: TrainingEvent) => void): Promise<unknown> {
    switch (request.op) {
      case 'release': {
        for (const id of request.models) {
          const entry = this.trainers.get(id);
          this.trainers.delete(id);
          await entry?.trainer.dispose();
        }
        for (const id of request.layers) this.layerStore.delete(id);
        return null;
      }
      case 'crashForTest': {
        if (process.env.UNROLL_TEST_HOOKS !== '1') throw new Error('crashForTest is a lifecycle test hook (UNROLL_TEST_HOOKS=1)');
        this.armedCrash = { how: request.how, afterSteps: request.afterSteps };
        if (request.afterSteps === 0) crashForTest(request.how);
        return null;
      }
      case 'stats': {
        const stats: TrainingStats = { trainers: this.trainers.size, layers: this.layerStore.size };
        return stats;
      }
      case 'weights':
        return toWeights(this.trainer(request.model).getWeights());
      case 'fit': {
        try {
          return await this.fit(request, emit);
        } finally {
          // Also after an interrupt or a failure: the steps that ran changed the layers.
          const entry = this.trainers.get(request.model.id);
          if (entry) this.publish(entry);
        }
      }
      case 'compare':
        return this.compare(request, emit);
      case 'evaluate': {
        const trainer = this.trainer(request.model);
        const logs = await trainer.evaluate(request.x, request.y, request.batchSize);
        this.reportProvider(trainer, emit);
        return logs;
      }
      case 'predict': {
        const trainer = this.trainer(request.model);
        const out = await trainer.predictAll(request.x, request.batchSize);
        this.reportProvider(trainer, emit);
        return out;
      }
      case 'generate': {
        const trainer = this.trainer(request.model);
        return trainer.generate(request.start, { length: request.length, temperature: request.temperature, seed: request.seed, shouldStop: this.interrupted });
      }
      case 'connectivity':
        return connectivitySeries(this.trainer(request.model), request.model.id, request.x, request.unit);
      case 'states':
        return stateSnapshot(this.trainer(request.model), request.x);
      case 'bptt':
        return bpttResult(this.trainer(request.model), request.x, request.y, request.layer, request.backwards === true);
      case 'saliency':
        return saliencySnapshot(this.trainer(request.model), request.x);
      case 'attention':
        return attentionSnapshot(this.trainer(request.model), request.x);
    }
  }

  private getRuntime(): Runtime {
    if (!this.runtime) {
      // Loading the addon runs its native initialisation: a thread terminated inside it aborts
      // the process like one terminated inside session.run, so it passes the gate too.
      const gate = nativeGate(this.data.interruptBuffer);
      gate.enter();
      try {
        // eslint-disable-next-line @typescript-eslint/no-require-imports -- lazy: onnxruntime-node loads on the first request that needs a session
        const { NodeRuntime } = require('../engine/runtime/node') as typeof import('../engine/runtime/node');
        this.runtime = gatedRuntime(new NodeRuntime(), gate);
      } finally {
        gate.leave();
      }
    }
    return this.runtime;
  }

  /**
   * The model's trainer, holding the newest weights of its layers. A changed config or compile
   * makes a new trainer (Keras recompile); it takes its layers' weights from the store.
   */
  private trainer(spec: ModelSpec): Trainer {
    const key = JSON.stringify([spec.config, spec.input, spec.target, spec.compile, spec.layerIds]);
    let entry = this.trainers.get(spec.id);
    if (!entry || entry.key !== key) {
      const model = buildModel(spec.config);
      // 0 (the default) leaves the count to the trainer: per session, from the size of its steps.
      const session = { provider: this.data.provider, intraOpThreads: this.data.threads > 0 ? this.data.threads : undefined };
      const trainer = new Trainer(this.getRuntime(), model, spec.input, spec.target, spec.compile, { seed: spec.seed ?? spec.id, session });
      // The same model asked with another input or target spec (predict between two fits): its
      // optimizer goes on where it was, not from step 0 with empty slots.
      if (entry) trainer.continueFrom(entry.trainer);
      if (entry) void entry.trainer.dispose();
      entry = { key, trainer, layerIds: spec.layerIds, seen: new Map() };
      this.trainers.set(spec.id, entry);
    }
    this.pull(entry);
    if (spec.weights) {
      entry.trainer.setWeights(fromWeights(spec.weights));
      this.publish(entry);
    }
    return entry.trainer;
  }

  /** Parameters of the trainer grouped by layer id (keys are `<layer>.<param>`; layer names have no dots). */
  private byLayer(entry: Entry): Map<number, Map<string, TensorData>> {
    const out = new Map<number, Map<string, TensorData>>();
    for (const [k, v] of entry.trainer.params) {
      const dot = k.indexOf('.');
      const id = entry.layerIds[k.slice(0, dot)];
      if (id === undefined) continue;
      if (!out.has(id)) out.set(id, new Map());
      out.get(id)!.set(k.slice(dot + 1), v);
    }
    return out;
  }

  /** Installs newer weights of this trainer's layers; a layer the store has not seen yet starts with this trainer's. */
  private pull(entry: Entry): void {
    const install = new Map<string, TensorData>();
    const fresh: number[] = [];
    for (const [name, id] of Object.entries(entry.layerIds)) {
      const stored = this.layerStore.get(id);
      if (!stored) {
        fresh.push(id);
        continue;
      }
      if (entry.seen.get(id) === stored.version) continue;
      for (const [param, v] of stored.params) install.set(`${name}.${param}`, v);
      entry.seen.set(id, stored.version);
    }
    if (install.size) entry.trainer.setWeights(install);
    if (fresh.length) this.publish(entry, new Set(fresh));
  }

  /** Records the trainer's weights as its layers' newest (all its layers, or `only` these). */
  private publish(entry: Entry, only?: Set<number>): void {
    for (const [id, params] of this.byLayer(entry)) {
      if (only && !only.has(id)) continue;
      const version = ++this.storeVersion;
      // The trainer replaces parameter tensors after each step, never writes into them: no copy needed.
      this.layerStore.set(id, { version, params });
      entry.seen.set(id, version);
    }
  }

  /** Says which provider the steps ran on: after the first, and again when it changes (a run that moved to the CPU). */
  private reportProvider(trainer: Trainer, emit: (e: TrainingEvent) => void): void {
    if (!trainer.provider) return;
    const event: TrainingEvent = { kind: 'provider', provider: trainer.provider, fallbackReason: trainer.fallbackReason, lowering: trainer.lowering(), placement: trainer.placement };
    const key = JSON.stringify(event);
    if (key === this.providerReported) return;
    this.providerReported = key;
    emit(event);
  }

  /**
   * compare(): the runs' fits as coroutines under one Lockstep, so each trains one step and hands
   * the turn on (A1 B1 C1 A2 …). Each fit has its own trainer, callbacks and throttle, and all get
   * the same settings and seed, hence the same batch order. One failing stops the others at their
   * next step and its error is the answer; Interrupt stops each at its next turn.
   */
  private async compare(request: Extract<TrainingRequest, { op: 'compare' }>, emit: (e: TrainingEvent) => void): Promise<FitResult[]> {
    const lockstep = new Lockstep(request.runs.length);
    let failed = false;
    const stop = () => failed || this.interrupted();
    const settled = await Promise.allSettled(request.runs.map(async (run, index) => {
      await lockstep.wait(index);
      try {
        const fit = { op: 'fit' as const, model: run.model, x: run.x, y: run.y, fit: request.fit };
        return await this.fit(fit, event => emit({ kind: 'lockstep', index, event }), { afterStep: () => lockstep.pass(index), stop });
      } catch (e) {
        failed = true;
        throw e;
      } finally {
        const entry = this.trainers.get(run.model.id);
        if (entry) this.publish(entry);
        lockstep.leave(index);
      }
    }));
    const failure = settled.find(s => s.status === 'rejected');
    if (failure) throw failure.reason;
    return settled.map(s => (s as PromiseFulfilledResult<FitResult>).value);
  }

  /** `lockstep`: compare's turn after each step, and its stop (this model's error or another's). */
  private async fit(request: Extract<TrainingRequest, { op: 'fit' }>, emit: (e: TrainingEvent) => void, lockstep?: { afterStep: () => Promise<void>; stop: () => boolean }): Promise<FitResult> {
    const shouldStop = lockstep?.stop ?? this.interrupted;
    const trainer = this.trainer(request.model);
    const f = request.fit;
    // The gradient channel's one throttle: every step is offered, ~8 a second leave this thread.
    const throttle = new LatestThrottle<TrainingEvent>(emit);
    let epochStart = performance.now();
    let steps = 0;
    let probe = connectivityProbe(request);
    const spectrum = new SpectrumRecord(trainer.model.layers);
    emit({ kind: 'diagram', diagram: modelDiagram(trainer.model, request.model, request.x) });
    const snapshots = new FitSnapshots(trainer, request, emit);
    const saliency = new FitSnapshots(trainer, request, emit, saliencyProbe(trainer, request));
    const alignments = new FitSnapshots(trainer, request, emit, attentionProbe(trainer, request));
    await snapshots.take(undefined, true);
    await saliency.take(undefined, true);
    await alignments.take(undefined, true);
    const history = await trainer.fit({ x: request.x, y: request.y }, {
      epochs: f.epochs,
      batchSize: f.batchSize,
      shuffle: f.shuffle,
      initialEpoch: f.initialEpoch,
      validationSplit: f.validationSplit || undefined,
      validationData: f.validationData,
      validationSteps: f.validationSteps,
      validationBatchSize: f.validationBatchSize,
      seed: f.seed,
      replay: f.replay,
      callbacks: f.callbacks.map(makeCallback),
      shouldStop,
      onStep: async r => {
        steps = r.batches;
        if (this.armedCrash && --this.armedCrash.afterSteps <= 0) crashForTest(this.armedCrash.how);
        this.reportProvider(trainer, emit);
        throttle.offer('gradients', { kind: 'gradients', frame: frameFromStepReport(String(request.model.id), r) });
        await snapshots.take(r.epoch);
        await saliency.take(r.epoch);
        await alignments.take(r.epoch);
        await lockstep?.afterStep();
      },
      onProgress: p => throttle.offer('progress', { kind: 'progress', progress: p }),
      onEpochEnd: async (epoch, logs) => {
        throttle.flush();
        emit({ kind: 'epoch', epoch, epochs: f.epochs, logs: { ...logs }, seconds: (performance.now() - epochStart) / 1000, steps });
        spectrum.record(trainer.getWeights());
        // The whole series each time, so the throttle's latest-wins loses no epoch.
        throttle.offer('spectrum', { kind: 'spectrum', series: structuredClone(spectrum.soFar()) });
        if (probe && !shouldStop()) {
          try {
            emit({ kind: 'connectivity', series: await connectivitySeries(trainer, request.model.id, probe) });
          } catch {
            // Connectivity is a view: a model it cannot differentiate that way (no per-step
            // vectors on its first input) still trains; it just sends no curve.
            probe = undefined;
          }
        }
        epochStart = performance.now();
      },
    });
    throttle.flush();
    if (!shouldStop()) {
      await snapshots.take(history.epoch[history.epoch.length - 1], true);
      await saliency.take(history.epoch[history.epoch.length - 1], true);
      await alignments.take(history.epoch[history.epoch.length - 1], true);
    }
    return { history: history.history, epochs: history.epoch, stopReason: history.stopReason, stoppedBy: history.stoppedBy, record: history.runRecord, replayWarnings: history.replayWarnings, ...spectrum.result() };
  }
}

/**
 * Kills this thread the way a lifecycle test asks: `exit` as a native abort of the thread would,
 * `throw` as an uncaught exception, `oom` by filling the heap past its resourceLimits (refused
 * when the thread has none: it would fill the machine instead).
 */
function crashForTest(how: TrainingCrash): void {
  if (how === 'exit') process.exit(70);
  if (how === 'throw') {
    setImmediate(() => { throw new Error('crashForTest: an uncaught exception in the training thread'); });
    return;
  }
  if (!(workerResourceLimits.maxOldGenerationSizeMb && workerResourceLimits.maxOldGenerationSizeMb > 0)) {
    throw new Error('crashForTest: oom needs a heap limit (unroll.kernelMemoryMB)');
  }
  // Many arrays of 10,000 (80 kB each): the shape Node ends a thread for; one allocation larger
  // than its 16 MB of grace past the limit would abort the whole process instead.
  const hog: number[][] = [];
  for (;;) hog.push(new Array<number>(10_000).fill(hog.length + 0.5));
}

/** Thrown instead of starting a native call while the host is terminating the kernel. */
class KernelTerminating extends Error {
  constructor() {
    super('the kernel is being restarted');
  }
}

/**
 * Counts ONNX Runtime calls in flight in the shared buffer the host reads before it terminates the
 * kernel, and refuses new ones once the host has said TERMINATING. The count goes up before the
 * flag is read, so whichever of the two threads acts second sees the other (Atomics are
 * sequentially consistent): the host never terminates this thread inside native code.
 */
function nativeGate(buffer: SharedArrayBuffer): NativeGate {
  const slots = new Int32Array(buffer);
  const leave = () => {
    Atomics.sub(slots, NATIVE_CALLS_SLOT, 1);
    Atomics.notify(slots, NATIVE_CALLS_SLOT);
  };
  return {
    enter() {
      Atomics.add(slots, NATIVE_CALLS_SLOT, 1);
      if (Atomics.load(slots, INTERRUPT_SLOT) === TERMINATING) {
        leave();
        throw new KernelTerminating();
      }
    },
    leave,
  };
}

/** Most samples fit probes connectivity on: it runs every epoch, so its cost stays a few ms. */
const PROBE_SAMPLES = 8;

/**
 * The fixed batch fit measures connectivity on after each epoch: the first min(8, N) training
 * samples (validation_split takes the last ones, so the first rows are training rows), every
 * input sliced alike. Undefined where the first input has no time axis (x [B, F]: nothing to
 * plot over t). Cost, measured on a 2-core CPU for SimpleRNN(16) or LSTM(8) → Dense(1) on the
 * adding problem, T = 20 (epochs of 8 steps took 20–80 ms): 0.2–1 ms per epoch (a predict and
 * one forward+backward on 8 samples), plus 25–85 ms once, in the first epoch, to create the two
 * sessions.
 */
function connectivityProbe(request: Extract<TrainingRequest, { op: 'fit' }>): TensorData[] | undefined {
  const xs = Array.isArray(request.x) ? request.x : [request.x];
  const first = xs[0];
  const sequence = first.dtype === 'int64' ? first.dims.length === 2 : first.dims.length === 3; // ids [N, T] or vectors [N, T, F]
  if (!sequence) return undefined;
  const N = first.dims[0];
  const split = request.fit.validationData ? 0 : request.fit.validationSplit;
  const training = split > 0 ? Math.floor(N * (1 - split)) : N;
  const rows = Int32Array.from({ length: Math.min(PROBE_SAMPLES, training) }, (_, i) => i);
  return rows.length ? xs.map(x => takeRows(x, rows)) : undefined;
}

/** Connectivity [B, T] on x, as the series the gradient channel carries (mean over the samples, and each). */
async function connectivitySeries(trainer: Trainer, modelId: number, x: TensorData | TensorData[], unit?: number): Promise<ConnectivitySeries> {
  const c = await trainer.connectivity(x, { unit }); // [B, T]
  const series = connectivityFromTensor(String(modelId), trainer.iterations, c.data as Float32Array, c.dims);
  return unit === undefined ? series : { ...series, unit };
}

/**
 * The panels' diagram. A functional model whose recurrent layer starts from other layers'
 * states is drawn as an encoder block (the layers those states come from) joined to a decoder
 * block (the rest); other functional models as their layers in call order.
 */
function modelDiagram(model: Sequential | Model, spec: ModelSpec, x: TensorData | TensorData[]): ModelDiagram {
  const xs = Array.isArray(x) ? x : [x];
  const modelId = String(spec.id);
  if (model instanceof Sequential) return diagramFromSequential(model, spec.input, { modelId, T: xs[0].dims[1] });
  const specs = model.inputSpecs;
  const T = (k: number) => (xs[k]?.dims.length >= 2 ? xs[k].dims[1] : undefined);
  const joined = model.calls.find(c => c.initialState.length > 0);
  if (!joined) return withMerges(diagramFromSequential({ name: model.name, layers: model.layers }, specs[0], { modelId, T: T(0) }), model, () => 'model');
  const encoderLayers = new Set<unknown>();
  const visit = (t: Model['inputs'][number]): void => {
    if (t.origin.kind !== 'call') return;
    encoderLayers.add(t.origin.call.layer);
    visit(t.origin.call.input);
  };
  joined.initialState.forEach(visit);
  const inputIndex = (t: Model['inputs'][number]): number => {
    for (let s = t; ; ) {
      if (s.origin.kind === 'input') return Math.max(0, model.inputs.indexOf(s));
      s = s.origin.call.input;
    }
  };
  const encoderIn = inputIndex(joined.initialState[0]);
  const decoderIn = inputIndex(joined.input);
  const encoder = { name: `${model.name}_encoder`, layers: model.layers.filter(l => encoderLayers.has(l)) };
  const decoder = { name: `${model.name}_decoder`, layers: model.layers.filter(l => !encoderLayers.has(l)) };
  const diagram = encoderDecoderDiagram(model.name, { model: encoder, input: specs[encoderIn], T: T(encoderIn) }, { model: decoder, input: specs[decoderIn], T: T(decoderIn) }, modelId);
  const byName = new Map(model.layers.map(l => [l.name, l]));
  return withMerges(diagram, model, name => (encoderLayers.has(byName.get(name)) ? 'encoder' : 'decoder'));
}

/** The diagram with the model's merge and attention layers drawn (so no longer in its notes). */
function withMerges(diagram: ModelDiagram, model: Model, blockOf: (layerName: string) => string): ModelDiagram {
  const merges = mergeNodes(model.calls, blockOf);
  if (!merges.length) return diagram;
  const drawn = new Set(merges.map(m => m.id));
  return { ...diagram, merges, notes: diagram.notes.filter(n => !drawn.has(n.split(' (')[0])) };
}

function makeCallback(c: CallbackConfig): Callback {
  switch (c.class_name) {
    case 'EarlyStopping': return new EarlyStopping(c.config);
    case 'TerminateOnNaN': return new TerminateOnNaN();
    case 'ReduceLROnPlateau': return new ReduceLROnPlateau(c.config);
  }
}

function toWeights(w: Map<string, TensorData>): Weights {
  const out: Weights = {};
  for (const [k, v] of w) out[k] = { dims: v.dims.slice(), data: Float32Array.from(v.data as Float32Array) };
  return out;
}

function fromWeights(w: Weights): Map<string, TensorData> {
  return new Map(Object.entries(w).map(([k, v]) => [k, { dtype: 'float32', dims: v.dims, data: v.data }]));
}
