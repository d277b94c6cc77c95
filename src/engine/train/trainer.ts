// The training loop around the one-step graph: parameters and optimizer slots live as tensors
// between steps; each step feeds them in and takes the new ones out. Cancellation is checked
// between steps, so a stop keeps the weights of the last finished step. Around it, Keras's
// `fit` (validation, callbacks, History, initial_epoch), `evaluate`, `predict`, `generate`, the
// connectivity view and the probes of the state inspector, saliency, the attention alignment and
// BPTT step-through, each on its own cached session. One class of about 700 lines, on purpose: every entry point reads and
// writes the same live parameters, optimizer slots and session cache, which a split would have
// to pass around. The run record's hashing and replay checks live in runRecord.ts, the probes'
// graphs in connectivity.ts, saliency.ts, states.ts, attention.ts and bptt.ts; here are only the lines that read and
// reset that live state. Next to move out: generate and the five probes, which
// only read the parameters and a session.
import type { FloatDType, TensorData } from '../graph/types';
import { Sequential, type InputSpec } from '../layers/sequential';
import { Model } from '../model/model';
import { lossOptions } from './step';
import type { NodePlacement, ProviderName, Runtime, Session, SessionOptions, SessionResult } from '../runtime/types';
import { preferredLowering } from '../runtime/providers';
import { SessionCache } from '../runtime/cache';
import { intraOpThreadsFor } from '../runtime/threads';
import type { Graph } from '../graph/graph';
import { Batcher, trainValidationSplit } from '../data/batcher';
import { Rng } from '../util/rng';
import { makeDropoutFeeds } from '../layers/dropout';
import { batchIndices, takeRows } from './batches';
import { Callback, CallbackList, CallbackModel } from './callbacks';
import { buildConnectivity, ConnectivityGraph } from './connectivity';
import { buildSaliency, repeatRow, Saliency, SaliencyGraph, saliencySeed } from './saliency';
import { buildStateProbe, ChainStates, sequenceStates, StateProbeGraph } from './states';
import { AttentionProbeGraph, AttentionWeights, buildAttentionProbe, sampleAttention } from './attention';
import { BpttProbeGraph, buildBpttProbe, WeightTerms, weightTerms } from './bptt';
import { buildEval, EvalGraph, WeightedMeans } from './evaluate';
import { buildStatefulStep, CharVocab, GenerateOptions, GenerateResult, sampleSequence } from './generate';
import { History, Logs, StopReason } from './history';
import { ProgressEvent, rateAndEta } from './progress';
import { argmax } from './sampling';
import { makeOptimizer } from '../optim/optimizers';
import { buildPredict, buildTrainStep, CompileOptions, slotInputName, TargetSpec, TrainStepGraph } from './step';
import { DataOrder, replayDifferences, RUN_RECORD_VERSION, RunRecord, RunSettings, sha256Hex, stateBytes } from './runRecord';

/** Several inputs (functional models) come as one tensor per input, several outputs as one target per output. */
export interface Dataset {
  x: TensorData | TensorData[]; // [N, ...] each
  y: TensorData | TensorData[]; // [N, ...] each
}

const asList = (t: TensorData | TensorData[]): TensorData[] => (Array.isArray(t) ? t : [t]);
const rowsOf = (ts: TensorData[], idx: ArrayLike<number>): TensorData[] => ts.map((t) => takeRows(t, idx));

export interface StepReport {
  epoch: number;
  batch: number;
  batches: number;
  iteration: number;
  loss: number;
  metrics: Record<string, number>;
  /** ‖dL/dh_t‖ batch mean per recurrence ("layer.direction") → [T]. */
  dhMean: Record<string, number[]>;
  globalNorm: number;
  gradNorm: Record<string, number>;
  updateRatio: Record<string, number>;
  nonFinite: boolean;
}

export interface FitOptions {
  epochs?: number;
  batchSize?: number;
  shuffle?: boolean;
  /** Seed for the shuffle order (the same seed gives the same run); epoch e's order depends on (seed, e) only. */
  seed?: number;
  /** Keras initial_epoch: the first epoch index to run (epochs is the index to stop before). */
  initialEpoch?: number;
  /** Keras validation_split: the last fraction of the samples, taken before any shuffling. */
  validationSplit?: number;
  /** Keras validation_data; overrides validationSplit. */
  validationData?: Dataset;
  /** Defaults to batchSize. */
  validationBatchSize?: number;
  /** Keras validation_steps: validate on the first this many batches only (all of them by default). */
  validationSteps?: number;
  callbacks?: Callback[];
  /** Checked between steps; true stops after the step in flight, keeping its weights. */
  shouldStop?: () => boolean;
  /** Called after every step, unthrottled (gradient telemetry); a promise it returns is awaited, so it may run the model (state snapshots). */
  onStep?: (r: StepReport) => unknown;
  /**
   * Progress after every batch, with rate and ETA. Not throttled here: whoever shows it throttles
   * (the training thread's one throttle, protocol/gradients/throttle.ts).
   */
  onProgress?: (p: ProgressEvent) => void;
  /** Milliseconds clock for rates (tests inject one). */
  clock?: () => number;
  /** Awaited before the next epoch starts, so it may run the model (the per-epoch connectivity probe). */
  onEpochEnd?: (epoch: number, logs: Logs) => void | Promise<void>;
  /**
   * Replay this run record: its settings and seeds replace the ones above, the model starts from
   * the recorded state (rebuilt from the init seed when the record started from it), and the fit
   * refuses to run when the graph, provider or a setting differs (runRecord.ts says which).
   */
  replay?: RunRecord;
}

export interface TrainerOptions {
  dtype?: FloatDType;
  lowering?: 'scan' | 'unrolled';
  session?: SessionOptions;
  /** Seed for weight initialisation. */
  seed?: number;
}

export interface ConnectivityOptions {
  /** Output unit k of y_T; default: each sample's argmax (the single unit for 1-unit outputs). */
  unit?: number;
}

const range = (n: number) => Int32Array.from({ length: n }, (_, i) => i);

export class Trainer {
  readonly params = new Map<string, TensorData>();
  readonly slots = new Map<string, TensorData>();
  iterations = 0;
  learningRate: number;
  /** Dropout masks are drawn here, one stream per trainer, so the same seed gives the same masks. */
  private dropoutRng!: Rng;
  /** Seeded the initial weights (the run record's init seed). */
  private initSeed: number;
  /** The weights are still the init seed's (no set_weights); with no step run, a replay can rebuild them. */
  private pristine = true;
  /** SHA-256 of each training step graph's ONNX bytes, by session key, hashed once when the session is built. */
  private readonly graphHashes = new Map<string, Promise<string>>();
  private readonly cache: SessionCache;
  private readonly dtype: FloatDType;
  /** The provider actually used, why a requested one was not, and where nodes ran, once a step has run. */
  provider?: ProviderName;
  fallbackReason?: string;
  placement?: NodePlacement;

  constructor(
    readonly runtime: Runtime,
    readonly model: Sequential | Model,
    readonly input: InputSpec,
    /** One per model output (a single TargetSpec for a single-output model). */
    readonly target: TargetSpec | TargetSpec[],
    readonly compile: CompileOptions,
    readonly opts: TrainerOptions = {},
  ) {
    this.dtype = opts.dtype ?? 'float32';
    this.cache = new SessionCache(runtime, opts.session ?? {});
    this.initSeed = opts.seed ?? 0;
    this.learningRate = this.initState(this.initSeed);
  }

  /** Weights, optimizer slots, step count and dropout stream as a new trainer seeded `seed` has them; returns the learning rate. */
  private initState(seed: number): number {
    const { model, input } = this;
    const init = model.initParams(input, new Rng(seed));
    this.dropoutRng = new Rng(seed).fork('dropout');
    for (const e of model.paramEntries(input)) this.params.set(e.key, this.floatTensor(e.spec.shape, init.get(e.key)!));
    // Slots from the optimizer alone: building a step graph here would need a T when unrolled.
    const optimizer = makeOptimizer(this.compile.optimizer);
    for (const e of model.paramEntries(input)) {
      const n = e.spec.shape.reduce((a, b) => a * b, 1);
      for (const s of optimizer.slots()) this.slots.set(slotInputName(e.key, s.name), this.floatTensor(e.spec.shape, new Float64Array(n).fill(s.init)));
    }
    this.iterations = 0;
    this.initSeed = seed;
    this.pristine = true;
    return optimizer.config.learning_rate;
  }

  private floatTensor(dims: number[], v: ArrayLike<number>): TensorData {
    return { dtype: this.dtype, dims, data: this.dtype === 'float32' ? Float32Array.from(v) : Float64Array.from(v) };
  }

  private stepGraphs = new Map<string, TrainStepGraph>();
  /** Scan or unrolled: as asked, else what suits the provider in use (or planned, before the first session). */
  lowering(): 'scan' | 'unrolled' {
    return this.opts.lowering ?? preferredLowering(this.provider ?? this.runtime.plannedProvider(this.opts.session?.provider));
  }
  /** Static T for the unrolled lowering; undefined under Scan (one graph for every T). */
  private staticT(x: TensorData | TensorData[]): number | undefined {
    return this.lowering() === 'scan' ? undefined : this.seqLen(x);
  }
  private shapeKey(x: TensorData | TensorData[]): string {
    return this.lowering() === 'scan' ? 'scan' : `T=${this.seqLen(x)}`;
  }
  /** One graph for every T under Scan; one per T when unrolled. */
  private stepGraph(T: number | undefined): TrainStepGraph {
    const key = this.lowering() === 'scan' ? 'scan' : `T=${T}`;
    let sg = this.stepGraphs.get(key);
    if (!sg) {
      sg = buildTrainStep(this.model, this.input, this.target, this.compile, { dtype: this.dtype, lowering: this.lowering(), T: this.lowering() === 'scan' ? undefined : T });
      this.stepGraphs.set(key, sg);
    }
    return sg;
  }

  private seqLen(x: TensorData | TensorData[]): number | undefined {
    const first = asList(x)[0];
    return first.dims.length >= 2 ? first.dims[1] : undefined;
  }

  /**
   * The training step's session for sequences of T steps and batches of `batch` rows (the batch
   * the fit asked for: its short last batch runs on the same session).
   */
  async session(T: number | undefined, batch: number): Promise<{ sg: TrainStepGraph; session: Session }> {
    const sg = this.stepGraph(T);
    const key = this.trainKey(T);
    const r = await this.sizedSession(key, sg, batch, (bytes) => this.graphHashes.set(key, sha256Hex([bytes])));
    this.observe(r.session, r.fallbackReason);
    return { sg, session: r.session };
  }

  private trainKey(T: number | undefined): string {
    return `train/${this.lowering() === 'scan' ? 'scan' : T}`;
  }

  /** Intra-op threads for a session of `g` on batches of `batch` rows: as configured, else chosen (runtime/threads.ts). */
  private threadsFor(g: Graph, batch: number): number {
    return this.opts.session?.intraOpThreads || intraOpThreadsFor(g, batch);
  }

  /** The cached session of a graph run on batches of `batch` rows, with the thread count that suits it. */
  private sizedSession(key: string, built: { graph: Graph; encode(): Uint8Array }, batch: number, onEncoded?: (bytes: Uint8Array) => void): Promise<SessionResult> {
    const threads = this.threadsFor(built.graph, batch);
    return this.cache.get(`${key}/t${threads}`, () => {
      const bytes = built.encode();
      onEncoded?.(bytes);
      return bytes;
    }, threads);
  }

  /** The provider a session uses now (a run may have moved it to cpu) and where its nodes ran. */
  private observe(session: Session, loadReason?: string): void {
    this.provider = session.provider;
    this.fallbackReason = session.fallbackReason ?? loadReason ?? this.fallbackReason;
    this.placement = session.placement ?? (session.provider === 'cpu' ? undefined : this.placement);
  }

  /** Sizes of the symbolic dims of a batch ('B', and 'T' or whatever the input spec names). */
  private symbolSizes(x: TensorData[]): Record<string, number> {
    const dims: Record<string, number> = { B: x[0].dims[0] };
    const specs = this.model instanceof Model ? this.model.inputSpecs : [this.input];
    specs.forEach((spec, k) => spec.shape.forEach((d, i) => {
      if (typeof d === 'string' && x[k]) dims[d] = x[k].dims[i + 1];
    }));
    return dims;
  }

  private scalar(v: number): TensorData {
    return { dtype: this.dtype, dims: [], data: this.dtype === 'float32' ? new Float32Array([v]) : new Float64Array([v]) };
  }

  private paramFeeds(): Record<string, TensorData> {
    return Object.fromEntries(this.params);
  }

  /**
   * One optimizer step on one batch. Parameters change only after the run has finished.
   * `batchSize`: the batch the run asked for, which picks the session (default: x's rows).
   */
  async trainBatch(x: TensorData | TensorData[], y: TensorData | TensorData[], batchSize = asList(x)[0].dims[0]): Promise<Omit<StepReport, 'epoch' | 'batch' | 'batches'>> {
    const { sg, session } = await this.session(this.seqLen(x), batchSize);
    const xs = asList(x);
    const feeds: Record<string, TensorData> = { ...this.namedFeeds(sg.inputs.xs, xs, 'input'), ...this.namedFeeds(sg.inputs.ys, asList(y), 'target'), [sg.inputs.step]: this.scalar(this.iterations + 1), [sg.inputs.lr]: this.scalar(this.learningRate) };
    for (const [k, v] of this.params) feeds[k] = v;
    for (const [k, v] of this.slots) feeds[k] = v;
    Object.assign(feeds, makeDropoutFeeds(sg.dropout, this.symbolSizes(xs), this.dropoutRng, this.dtype));
    const out = await session.run(feeds);
    this.observe(session);
    for (const p of sg.params) this.params.set(p.key, out[p.output]);
    for (const s of sg.slots) this.slots.set(s.input, out[s.output]);
    this.iterations++;
    const num = (name: string) => Number(out[name].data[0]);
    const arr = (name: string) => Array.from(out[name].data as Float32Array);
    return {
      iteration: this.iterations,
      loss: num(sg.loss),
      metrics: Object.fromEntries(Object.entries(sg.metrics).map(([m, n]) => [m, num(n)])),
      dhMean: Object.fromEntries(sg.telemetry.dh.map((d) => [`${d.layer}.${d.direction}`, arr(d.mean)])),
      globalNorm: num(sg.telemetry.globalNorm),
      gradNorm: Object.fromEntries(Object.entries(sg.telemetry.gradNorm).map(([k, n]) => [k, num(n)])),
      updateRatio: Object.fromEntries(Object.entries(sg.telemetry.updateRatio).map(([k, n]) => [k, num(n)])),
      nonFinite: num(sg.telemetry.nonFinite) !== 0,
    };
  }

  /** Graph inputs by name from tensors in model order; the counts must agree. */
  private namedFeeds(names: string[], tensors: TensorData[], what: 'input' | 'target'): Record<string, TensorData> {
    if (names.length !== tensors.length) throw new Error(`${this.model.name} has ${names.length} ${what}(s), got ${tensors.length} array(s)`);
    return Object.fromEntries(names.map((n, i) => [n, tensors[i]]));
  }

  // ------------------------------------------------------------------ weights

  /** Copies of the parameters (Keras get_weights). */
  getWeights(): Map<string, TensorData> {
    return new Map([...this.params].map(([k, v]) => [k, { ...v, dims: v.dims.slice(), data: v.data.slice() }]));
  }

  /** Replace the parameters (Keras set_weights); names and shapes must match. */
  setWeights(w: Map<string, TensorData>): void {
    for (const [k, v] of w) {
      const cur = this.params.get(k);
      if (!cur || cur.data.length !== v.data.length) throw new Error(`setWeights: ${k} does not match the model`);
      this.params.set(k, { ...v, dims: v.dims.slice(), data: v.data.slice() });
    }
    this.pristine = false;
  }

  /**
   * Goes on from `from`, a trainer of the same model built for another input or target spec (a
   * predict or show_states between two fits asks with the model's own outputs as the target): its
   * weights, optimizer slots, step count, learning rate and dropout stream, as Keras keeps one
   * optimizer whatever the model is called on. Only when both have the same parameters, slots and
   * compile settings; returns whether it did.
   */
  continueFrom(from: Trainer): boolean {
    const sameShapes = (a: Map<string, TensorData>, b: Map<string, TensorData>) => a.size === b.size && [...a].every(([k, v]) => b.get(k)?.data.length === v.data.length);
    if (this.dtype !== from.dtype || JSON.stringify(this.compile) !== JSON.stringify(from.compile)) return false;
    if (!sameShapes(this.params, from.params) || !sameShapes(this.slots, from.slots)) return false;
    // Tensors are replaced after each step, never written into: the two may share them.
    for (const [k, v] of from.params) this.params.set(k, v);
    for (const [k, v] of from.slots) this.slots.set(k, v);
    Object.assign(this, from.trainingScalars());
    return true;
  }

  /** The training state besides the tensors: what continueFrom takes over and a refused replay puts back. */
  private trainingScalars() {
    return { iterations: this.iterations, learningRate: this.learningRate, initSeed: this.initSeed, pristine: this.pristine, dropoutRng: this.dropoutRng };
  }

  /** The handle callbacks get: the stop flag, the learning rate, the weights. */
  private callbackModel(): CallbackModel {
    // eslint-disable-next-line @typescript-eslint/no-this-alias -- the returned object's getters and methods read the trainer, not themselves
    const trainer = this;
    return {
      stopTraining: false,
      get learningRate() {
        return trainer.learningRate;
      },
      set learningRate(v: number) {
        trainer.learningRate = v;
      },
      getWeights: () => trainer.getWeights(),
      setWeights: (w) => trainer.setWeights(w),
    };
  }

  // ------------------------------------------------------------------ fit

  async fit(data: Dataset, options: FitOptions = {}): Promise<History> {
    const o = options.replay ? { ...options, ...replayedOptions(options.replay) } : options;
    const epochs = o.epochs ?? 1;
    const initialEpoch = o.initialEpoch ?? 0;
    const bs = o.batchSize ?? 32;
    const clock = o.clock ?? (() => performance.now());
    const xs = asList(data.x);
    const ys = asList(data.y);
    const N = xs[0].dims[0];
    const counts = (ts: TensorData[]) => ts.map((t) => t.dims[0]).join(', ');
    if ([...xs, ...ys].some((t) => t.dims[0] !== N)) throw new Error(`fit: x has ${counts(xs)} samples but y has ${counts(ys)}`);

    // Validation: explicit data wins; otherwise the last fraction, before shuffling (Keras).
    let trainIdx: Int32Array = range(N);
    let val: { data: Dataset; idx: Int32Array } | undefined;
    if (o.validationData) val = { data: o.validationData, idx: range(asList(o.validationData.x)[0].dims[0]) };
    else if (o.validationSplit) {
      const split = trainValidationSplit(N, o.validationSplit);
      trainIdx = split.train;
      val = { data, idx: split.validation };
    }
    const valBatchSize = o.validationBatchSize ?? bs;
    if (val && o.validationSteps !== undefined) val.idx = val.idx.slice(0, o.validationSteps * valBatchSize);
    const batcher = new Batcher(trainIdx, { batchSize: bs, shuffle: o.shuffle ?? true, seed: o.seed ?? 0 });
    const history = new History({ epochs, steps: batcher.numBatches, initialEpoch });
    const settings = this.runSettings(o, N, xs);
    if (o.replay) history.replayWarnings = await this.startReplay(o.replay, settings, data.x);
    const start = await this.startRecord();
    const order = new DataOrder();
    const model = this.callbackModel();
    const callbacks = new CallbackList(o.callbacks ?? []);
    callbacks.setModel(model);
    callbacks.trainBegin({});

    let reason: StopReason = 'completed';
    let lastLogs: Logs = {};
    epochs: for (let epoch = initialEpoch; epoch < epochs; epoch++) {
      callbacks.epochBegin(epoch, {});
      const batches = batcher.epochBatches(epoch);
      order.epoch(epoch, batches);
      const means = new WeightedMeans();
      const start = clock();
      for (let b = 0; b < batches.length; b++) {
        if (o.shouldStop?.()) {
          reason = 'cancelled';
          break epochs;
        }
        callbacks.batchBegin(b, {});
        const idx = batches[b];
        const r = await this.trainBatch(rowsOf(xs, idx), rowsOf(ys, idx), bs);
        order.step();
        means.add({ loss: r.loss, ...r.metrics }, idx.length);
        const running = means.result();
        await o.onStep?.({ ...r, epoch, batch: b, batches: batches.length });
        callbacks.batchEnd(b, { ...running, non_finite: r.nonFinite ? 1 : 0 });
        if (o.onProgress) {
          const { loss, ...metrics } = running;
          const rate = rateAndEta(start, clock(), b + 1, batches.length - b - 1, (epochs - epoch - 1) * batches.length);
          o.onProgress({ epoch, epochs, batch: b, batches: batches.length, loss, metrics, ...rate, epochEnd: b === batches.length - 1 });
        }
        // Keras 3: a stop asked for inside an epoch ends the epoch; validation and logs still run.
        if (model.stopTraining) break;
      }
      const logs: Logs = means.result();
      if (val) {
        const v = await this.evaluateRows(val.data, val.idx, valBatchSize, o.shouldStop);
        if (!v) {
          reason = 'cancelled';
          break;
        }
        for (const [k, x] of Object.entries(v)) logs[`val_${k}`] = x;
      }
      callbacks.epochEnd(epoch, logs);
      history.record(epoch, logs);
      await o.onEpochEnd?.(epoch, logs);
      lastLogs = logs;
      if (model.stopTraining) {
        reason = 'callback';
        break;
      }
    }
    history.stopReason = reason;
    if (reason === 'callback') history.stoppedBy = this.whoStopped(o.callbacks ?? []);
    callbacks.trainEnd(lastLogs, reason);
    history.runRecord = await this.runRecord(start, order, settings, data.x, o.seed ?? 0);
    return history;
  }

  // ------------------------------------------------------------------ run record

  /** What this fit is asked to do, as the run record keeps it. */
  private runSettings(o: FitOptions, samples: number, x: TensorData[]): RunSettings {
    const c = this.compile;
    const batchSize = o.batchSize ?? 32;
    return {
      epochs: o.epochs ?? 1, initialEpoch: o.initialEpoch ?? 0, batchSize, shuffle: o.shuffle ?? true, samples,
      validationSplit: o.validationData ? 0 : o.validationSplit ?? 0, validationData: !!o.validationData,
      validationSteps: o.validationSteps ?? null, validationBatchSize: o.validationBatchSize ?? null,
      optimizer: makeOptimizer(c.optimizer).config, loss: c.loss, lossWeights: c.lossWeights ?? null,
      lowering: this.lowering(), intraOpThreads: this.threadsFor(this.stepGraph(this.seqLen(x)).graph, batchSize), dtype: this.dtype,
      callbacks: (o.callbacks ?? []).map(cb => cb.constructor.name),
    };
  }

  /** The state the fit starts from, hashed (weights and slots by name, and the step count). */
  private async startRecord(): Promise<Pick<RunRecord, 'start'> & { dropout: number[] }> {
    const state = await sha256Hex(stateBytes(new Map([...this.params, ...this.slots]), [this.iterations, this.learningRate]));
    return { start: { fromSeed: this.pristine && this.iterations === 0, iterations: this.iterations, state }, dropout: this.dropoutRng.getState() };
  }

  private async graphHash(x: TensorData | TensorData[], batchSize: number): Promise<string> {
    await this.session(this.seqLen(x), batchSize);
    return this.graphHashes.get(this.trainKey(this.seqLen(x)))!;
  }

  /**
   * Checks the record against this model (refusing with every difference named), then puts the
   * recorded start state back: rebuilt from the init seed, or found unchanged. Returns the
   * differences that may, but need not, change the numbers.
   */
  private async startReplay(record: RunRecord, settings: RunSettings, x: TensorData | TensorData[]): Promise<string[]> {
    const graph = await this.graphHash(x, settings.batchSize);
    const { errors, warnings } = replayDifferences(record, { graph, provider: this.provider ?? '?', runtime: this.runtime.name, ortVersion: this.runtime.version ?? 'unknown', settings });
    if (errors.length) throw new Error(`run_record: this fit cannot repeat the recorded one:\n  - ${errors.join('\n  - ')}`);
    // Tensors are replaced after each step, never written into: shallow copies restore a refused replay's model.
    const params = new Map(this.params);
    const slots = new Map(this.slots);
    const scalars = this.trainingScalars();
    if (record.start.fromSeed) this.learningRate = this.initState(record.seeds.init);
    const { start } = await this.startRecord();
    if (start.state !== record.start.state || start.iterations !== record.start.iterations) {
      for (const [live, kept] of [[this.params, params], [this.slots, slots]]) {
        live.clear();
        for (const [k, v] of kept) live.set(k, v);
      }
      Object.assign(this, scalars);
      throw new Error(record.start.fromSeed
        ? `run_record: the initial weights from seed ${record.seeds.init} differ from the recorded ones (the layers' initializers or shapes changed)`
        : `run_record: the recorded fit started after ${record.start.iterations} training steps from weights this model does not have (it has taken ${this.iterations}); run the cells before that fit first, or replay a fit that started from a fresh model`);
    }
    this.dropoutRng = Rng.fromState(record.seeds.dropout as [number, number, number, number]);
    return warnings;
  }

  private async runRecord(begin: Awaited<ReturnType<Trainer['startRecord']>>, order: DataOrder, settings: RunSettings, x: TensorData | TensorData[], shuffleSeed: number): Promise<RunRecord> {
    const graph = await this.graphHash(x, settings.batchSize);
    return {
      version: RUN_RECORD_VERSION,
      seeds: { init: this.initSeed, shuffle: shuffleSeed, dropout: begin.dropout },
      start: begin.start,
      dataOrder: await order.digest(),
      steps: order.steps,
      provider: this.provider ?? '?',
      runtime: this.runtime.name,
      ortVersion: this.runtime.version ?? 'unknown',
      graph,
      settings,
    };
  }

  private whoStopped(cbs: Callback[]): string | undefined {
    const c = cbs.find((cb) => (cb as { stoppedEpoch?: number }).stoppedEpoch || (cb as { terminatedAtBatch?: number }).terminatedAtBatch !== undefined);
    return c?.constructor.name;
  }

  // ------------------------------------------------------------------ evaluate / predict

  private evalGraphs = new Map<string, EvalGraph>();
  private async evalSession(x: TensorData | TensorData[], batchSize: number): Promise<{ eg: EvalGraph; session: Session }> {
    const key = this.shapeKey(x);
    let eg = this.evalGraphs.get(key);
    if (!eg) {
      eg = buildEval(this.model, this.input, this.target, this.compile, { dtype: this.dtype, lowering: this.lowering(), T: this.staticT(x) });
      this.evalGraphs.set(key, eg);
    }
    const r = await this.sizedSession(`eval/${key}`, eg, batchSize);
    return { eg, session: r.session };
  }

  /** Loss and metrics over rows `idx`, sample-weighted over batches; undefined when cancelled. */
  private async evaluateRows(data: Dataset, idx: Int32Array, batchSize: number, shouldStop?: () => boolean): Promise<Logs | undefined> {
    const { eg, session } = await this.evalSession(data.x, batchSize);
    const xs = asList(data.x);
    const ys = asList(data.y);
    const means = new WeightedMeans();
    for (const rows of batchIndices(idx, batchSize)) {
      if (shouldStop?.()) return undefined;
      const out = await session.run({ ...this.paramFeeds(), ...this.namedFeeds(eg.xs, rowsOf(xs, rows), 'input'), ...this.namedFeeds(eg.ys, rowsOf(ys, rows), 'target') });
      const values: Logs = { loss: Number(out[eg.loss].data[0]) };
      for (const [m, name] of Object.entries(eg.metrics)) values[m] = Number(out[name].data[0]);
      means.add(values, rows.length);
    }
    return means.result();
  }

  /** Keras evaluate(x, y, batch_size, return_dict=True): {loss, <metrics>}, means over samples. */
  async evaluate(x: TensorData | TensorData[], y: TensorData | TensorData[], batchSize = 32): Promise<Logs> {
    const N = asList(x)[0].dims[0];
    if (N === 0) throw new Error('evaluate: no samples');
    return (await this.evaluateRows({ x, y }, range(N), batchSize))!;
  }

  /** Predictions for x, batch by batch, concatenated along the sample axis (Keras predict). */
  async predict(x: TensorData, batchSize = 32): Promise<TensorData> {
    return (await this.predictAll(x, batchSize))[0];
  }

  private predictGraphs = new Map<string, ReturnType<typeof buildPredict>>();
  /** Every output of the model for x (one tensor per input), each concatenated over batches. */
  async predictAll(x: TensorData | TensorData[], batchSize = 32): Promise<TensorData[]> {
    const key = this.shapeKey(x);
    let pg = this.predictGraphs.get(key);
    if (!pg) {
      pg = buildPredict(this.model, this.input, { dtype: this.dtype, lowering: this.lowering(), T: this.staticT(x) });
      this.predictGraphs.set(key, pg);
    }
    const { session } = await this.sizedSession(`predict/${key}`, pg, batchSize);
    const xs = asList(x);
    const N = xs[0].dims[0];
    const parts: TensorData[][] = pg.outputs.map(() => []);
    for (const idx of batchIndices(range(N), batchSize)) {
      const out = await session.run({ ...this.paramFeeds(), ...this.namedFeeds(pg.inputs, rowsOf(xs, idx), 'input') }, pg.outputs);
      pg.outputs.forEach((name, k) => parts[k].push(out[name]));
    }
    return parts.map(concatRows);
  }

  /** Sampling walks a Sequential's layers; functional models have no such path yet. */
  private sequential(what: string): Sequential {
    if (!(this.model instanceof Sequential)) throw new Error(`${what} takes a Sequential model; ${this.model.name} is functional`);
    return this.model;
  }

  // ------------------------------------------------------------------ generate

  private fromLogits(): boolean {
    return !!lossOptions(this.compile.loss).from_logits;
  }

  /**
   * Sample `length` tokens after `start` (ids), one step graph call per token with the recurrent
   * state carried between calls. Float-input models get one-hot vectors of their feature size.
   */
  async generate(start: number[], o: GenerateOptions): Promise<GenerateResult> {
    const sg = buildStatefulStep(this.sequential('generate'), this.input, this.dtype);
    const { session } = await this.cache.get('generate/step', () => sg.encode());
    let states: Record<string, TensorData> = Object.fromEntries(sg.states.map((s) => [s.input, this.floatTensor([1, ...s.shape], new Float64Array(s.shape[0]))]));
    const F = this.input.dtype === 'int64' ? 0 : (this.input.shape[this.input.shape.length - 1] as number);
    const encode = (token: number): TensorData => {
      if (this.input.dtype === 'int64') return { dtype: 'int64', dims: [1, 1], data: BigInt64Array.of(BigInt(token)) };
      const v = new Float64Array(F);
      v[token] = 1;
      return this.floatTensor([1, 1, F], v);
    };
    const step = async (token: number) => {
      const out = await session.run({ ...this.paramFeeds(), ...states, [sg.x]: encode(token) });
      states = Object.fromEntries(sg.states.map((s) => [s.input, out[s.output]]));
      return out[sg.pred].data as Float32Array;
    };
    return sampleSequence(step, start, o, this.fromLogits(), new Rng(o.seed ?? 0));
  }

  /** Character text: start string → continuation, through a character vocabulary. */
  async generateText(start: string, vocab: CharVocab, o: GenerateOptions): Promise<{ text: string } & GenerateResult> {
    const r = await this.generate(vocab.encode(start), o);
    return { text: vocab.decode(r.ids), ...r };
  }

  /**
   * Melodies: start note(s) → note sequence. `noteToId`/`idToNote` map pitches to model ids
   * (default: the pitch is the id).
   */
  async generateMelody(start: number | number[], o: GenerateOptions & { noteToId?: (n: number) => number; idToNote?: (i: number) => number }): Promise<{ notes: number[] } & GenerateResult> {
    const notes = Array.isArray(start) ? start : [start];
    const r = await this.generate(notes.map(o.noteToId ?? ((n) => n)), o);
    return { notes: r.ids.map(o.idToNote ?? ((i) => i)), ...r };
  }

  // ------------------------------------------------------------------ connectivity

  private connectivityGraphs = new Map<string, ConnectivityGraph>();
  /**
   * ‖∂y_T[k]/∂x_t‖ for every step t of every sample: [B, T]. y_T is the model's output at the
   * last step (its only output for many-to-one models). A functional model: over its first
   * input, for its first output (the other inputs are fed as given).
   */
  async connectivity(x: TensorData | TensorData[], o: ConnectivityOptions = {}): Promise<TensorData> {
    const key = this.shapeKey(x);
    let cg = this.connectivityGraphs.get(key);
    if (!cg) {
      cg = buildConnectivity(this.model, this.input, { dtype: this.dtype, lowering: this.lowering(), T: this.staticT(x) });
      this.connectivityGraphs.set(key, cg);
    }
    const xs = asList(x);
    const { session } = await this.sizedSession(`connectivity/${key}`, cg, xs[0].dims[0]);
    const pred = (await this.predictAll(xs, xs[0].dims[0]))[0];
    const seed = new Float64Array(pred.data.length);
    const B = pred.dims[0];
    const C = pred.dims[pred.dims.length - 1];
    const rowLen = pred.data.length / B;
    for (let b = 0; b < B; b++) {
      const last = b * rowLen + rowLen - C; // y_T of sample b: the last C values of its row
      const k = o.unit ?? (C === 1 ? 0 : argmax(Array.from(pred.data.subarray(last, last + C) as Float32Array)));
      seed[last + k] = 1;
    }
    const out = await session.run({ ...this.paramFeeds(), ...this.namedFeeds(cg.xs, xs, 'input'), [cg.seed]: this.floatTensor(pred.dims, seed) }, [cg.connectivity]);
    return out[cg.connectivity];
  }

  private saliencyGraphs = new Map<string, SaliencyGraph>();
  /** Saliency of sample `sample` of x for every output position (saliency.ts): one predict, one probe run. */
  async saliency(x: TensorData | TensorData[], sample = 0): Promise<Saliency> {
    const row = asList(x).map((t) => repeatRow(t, sample, 1));
    const key = this.shapeKey(row);
    let sg = this.saliencyGraphs.get(key);
    if (!sg) {
      sg = buildSaliency(this.model, this.input, { dtype: this.dtype, lowering: this.lowering(), T: this.staticT(row) });
      this.saliencyGraphs.set(key, sg);
    }
    const s = saliencySeed((await this.predictAll(row, 1))[0], sg.activation);
    const { session } = await this.sizedSession(`saliency/${key}`, sg, s.dims[0]);
    const repeated = row.map((t) => repeatRow(t, 0, s.dims[0]));
    const out = await session.run({ ...this.paramFeeds(), ...this.namedFeeds(sg.xs, repeated, 'input'), [sg.seed]: this.floatTensor(s.dims, s.seed) }, [sg.norm, sg.gradInput]);
    const T = out[sg.norm].dims[1];
    // Row o of the repeated batch holds position o's gradients: [T_out, T] as they come.
    return { outputs: s.outputs, T, norm: Float32Array.from(out[sg.norm].data as Float32Array), gradInput: Float32Array.from(out[sg.gradInput].data as Float32Array), classes: s.classes, target: sg.target, activation: sg.activation };
  }

  private stateProbes = new Map<string, StateProbeGraph>();
  /** Every recurrence's states and gates over sample `sample` of x (state inspector; see states.ts). */
  async states(x: TensorData | TensorData[], sample = 0): Promise<ChainStates[]> {
    const xs = asList(x).map((t) => takeRows(t, [sample]));
    const key = this.shapeKey(xs);
    let probe = this.stateProbes.get(key);
    if (!probe) {
      probe = buildStateProbe(this.model, this.input, { dtype: this.dtype, lowering: this.lowering(), T: this.staticT(xs) });
      this.stateProbes.set(key, probe);
    }
    const { session } = await this.sizedSession(`states/${key}`, probe, 1);
    const out = await session.run({ ...this.paramFeeds(), ...this.namedFeeds(probe.xs, xs, 'input') }, probe.outputs);
    return sequenceStates(probe, out, 0);
  }

  private attentionProbes = new Map<string, AttentionProbeGraph>();
  /** Every attention layer's softmax weights over sample `sample` of x (attention alignment; see attention.ts). */
  async attention(x: TensorData | TensorData[], sample = 0): Promise<AttentionWeights[]> {
    const xs = asList(x).map((t) => takeRows(t, [sample]));
    const key = this.shapeKey(xs);
    let probe = this.attentionProbes.get(key);
    if (!probe) {
      probe = buildAttentionProbe(this.model, this.input, { dtype: this.dtype, lowering: this.lowering(), T: this.staticT(xs) });
      this.attentionProbes.set(key, probe);
    }
    const { session } = await this.sizedSession(`attention/${key}`, probe, 1);
    const out = await session.run({ ...this.paramFeeds(), ...this.namedFeeds(probe.xs, xs, 'input') }, probe.outputs);
    return sampleAttention(probe, out, 0);
  }

  private bpttProbes = new Map<string, BpttProbeGraph>();
  /** ∂L/∂W of `layer`'s weights on sample `sample` of (x, y), per time step (BPTT step-through; see bptt.ts). */
  async bpttTerms(x: TensorData | TensorData[], y: TensorData | TensorData[], layer: string, sample = 0): Promise<{ loss: number; terms: WeightTerms[] }> {
    const xs = asList(x).map((t) => takeRows(t, [sample]));
    const ys = asList(y).map((t) => takeRows(t, [sample]));
    const key = `${layer}/${this.shapeKey(xs)}`;
    let probe = this.bpttProbes.get(key);
    if (!probe) {
      probe = buildBpttProbe(this.model, this.input, this.target, this.compile, layer, { dtype: this.dtype, lowering: this.lowering(), T: this.staticT(xs) });
      this.bpttProbes.set(key, probe);
    }
    const { session } = await this.sizedSession(`bptt/${key}`, probe, 1);
    const out = await session.run({ ...this.paramFeeds(), ...this.namedFeeds(probe.xs, xs, 'input'), ...this.namedFeeds(probe.ys, ys, 'target') }, [probe.loss, ...Object.values(probe.terms)]);
    return { loss: Number(out[probe.loss].data[0]), terms: weightTerms(probe, out) };
  }

  async dispose(): Promise<void> {
    await this.cache.dispose();
  }
}

/** The fit options a run record fixes: its settings and its shuffle seed. */
function replayedOptions(r: RunRecord): FitOptions {
  const s = r.settings;
  return {
    epochs: s.epochs, initialEpoch: s.initialEpoch, batchSize: s.batchSize, shuffle: s.shuffle, seed: r.seeds.shuffle,
    validationSplit: s.validationData ? undefined : s.validationSplit || undefined,
    validationSteps: s.validationSteps ?? undefined, validationBatchSize: s.validationBatchSize ?? undefined,
  };
}

/** Concatenate [n_i, ...] tensors along the first axis. */
function concatRows(parts: TensorData[]): TensorData {
  if (parts.length === 1) return parts[0];
  const rest = parts[0].dims.slice(1);
  const n = parts.reduce((s, p) => s + p.dims[0], 0);
  const total = parts.reduce((s, p) => s + p.data.length, 0);
  const Ctor = parts[0].data.constructor as { new (n: number): Float32Array };
  const data = new Ctor(total);
  let off = 0;
  for (const p of parts) {
    data.set(p.data as Float32Array, off);
    off += p.data.length;
  }
  return { dtype: parts[0].dtype, dims: [n, ...rest], data };
}
