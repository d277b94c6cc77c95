// The training loop around the one-step graph: parameters and optimizer slots live as tensors
// between steps; each step feeds them in and takes the new ones out. Cancellation is checked
// between steps, so a stop keeps the weights of the last finished step.
import type { FloatDType, TensorData } from '../graph/types';
import type { InputSpec, Sequential } from '../layers/sequential';
import type { Runtime, Session, SessionOptions } from '../runtime/types';
import { SessionCache } from '../runtime/cache';
import { Rng } from '../util/rng';
import { batchIndices, takeRows } from './batches';
import { buildPredict, buildTrainStep, CompileOptions, TargetSpec, TrainStepGraph } from './step';

export interface Dataset {
  x: TensorData; // [N, ...]
  y: TensorData; // [N, ...]
}

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
  /** Seed for the shuffle order (the same seed gives the same run). */
  seed?: number;
  /** Checked between steps; true stops after the step in flight, keeping its weights. */
  shouldStop?: () => boolean;
  /** Called after every step (the caller throttles what it forwards). */
  onStep?: (r: StepReport) => void;
  onEpochEnd?: (epoch: number, logs: Record<string, number>) => void;
}

export interface History {
  epochs: Record<string, number>[];
  stopped: boolean;
  stopReason?: string;
}

export interface TrainerOptions {
  dtype?: FloatDType;
  lowering?: 'scan' | 'unrolled';
  session?: SessionOptions;
  /** Seed for weight initialisation. */
  seed?: number;
}

export class Trainer {
  readonly params = new Map<string, TensorData>();
  readonly slots = new Map<string, TensorData>();
  iterations = 0;
  learningRate: number;
  private readonly cache: SessionCache;
  private readonly dtype: FloatDType;
  /** The provider actually used and why a requested one was not, once a session exists. */
  provider?: string;
  fallbackReason?: string;

  constructor(
    readonly runtime: Runtime,
    readonly model: Sequential,
    readonly input: InputSpec,
    readonly target: TargetSpec,
    readonly compile: CompileOptions,
    readonly opts: TrainerOptions = {},
  ) {
    this.dtype = opts.dtype ?? 'float32';
    this.cache = new SessionCache(runtime, opts.session ?? {});
    const init = model.initParams(input, new Rng(opts.seed ?? 0));
    for (const e of model.paramEntries(input)) this.params.set(e.key, this.floatTensor(e.spec.shape, init.get(e.key)!));
    const probe = this.stepGraph(undefined);
    this.learningRate = probe.optimizer.config.learning_rate;
    for (const s of probe.slots) this.slots.set(s.input, this.floatTensor(s.shape, new Float64Array(s.shape.reduce((a, b) => a * b, 1)).fill(s.init)));
  }

  private floatTensor(dims: number[], v: Float64Array): TensorData {
    return { dtype: this.dtype, dims, data: this.dtype === 'float32' ? Float32Array.from(v) : Float64Array.from(v) };
  }

  private stepGraphs = new Map<string, TrainStepGraph>();
  private lowering() {
    return this.opts.lowering ?? 'scan';
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

  private seqLen(x: TensorData): number | undefined {
    return x.dims.length >= 2 ? x.dims[1] : undefined;
  }

  async session(T: number | undefined): Promise<{ sg: TrainStepGraph; session: Session }> {
    const sg = this.stepGraph(T);
    const key = `train/${this.lowering() === 'scan' ? 'scan' : T}`;
    const r = await this.cache.get(key, () => sg.encode());
    this.provider = r.provider;
    this.fallbackReason = r.fallbackReason;
    return { sg, session: r.session };
  }

  /** One optimizer step on one batch. Parameters change only after the run has finished. */
  async trainBatch(x: TensorData, y: TensorData): Promise<Omit<StepReport, 'epoch' | 'batch' | 'batches'>> {
    const { sg, session } = await this.session(this.seqLen(x));
    const scalar = (v: number): TensorData => ({ dtype: this.dtype, dims: [], data: this.dtype === 'float32' ? new Float32Array([v]) : new Float64Array([v]) });
    const feeds: Record<string, TensorData> = { [sg.inputs.x]: x, [sg.inputs.y]: y, [sg.inputs.step]: scalar(this.iterations + 1), [sg.inputs.lr]: scalar(this.learningRate) };
    for (const [k, v] of this.params) feeds[k] = v;
    for (const [k, v] of this.slots) feeds[k] = v;
    const out = await session.run(feeds);
    for (const p of sg.params) this.params.set(p.key, out[p.output]);
    for (const s of sg.slots) this.slots.set(s.input, out[s.output]);
    this.iterations++;
    const num = (name: string) => Number(out[name].data[0]);
    const arr = (name: string) => Array.from(out[name].data as Float32Array);
    return {
      iteration: this.iterations,
      loss: num(sg.loss),
      metrics: Object.fromEntries(Object.entries(sg.metrics).map(([m, n]) => [m, num(n)])),
      dhMean: Object.fromEntries(sg.diagnostics.dh.map((d) => [`${d.layer}.${d.direction}`, arr(d.mean)])),
      globalNorm: num(sg.diagnostics.globalNorm),
      gradNorm: Object.fromEntries(Object.entries(sg.diagnostics.gradNorm).map(([k, n]) => [k, num(n)])),
      updateRatio: Object.fromEntries(Object.entries(sg.diagnostics.updateRatio).map(([k, n]) => [k, num(n)])),
      nonFinite: num(sg.diagnostics.nonFinite) !== 0,
    };
  }

  async fit(data: Dataset, o: FitOptions = {}): Promise<History> {
    const epochs = o.epochs ?? 1;
    const bs = o.batchSize ?? 32;
    const N = data.x.dims[0];
    const rng = new Rng(o.seed ?? 0);
    const history: History = { epochs: [], stopped: false };
    for (let epoch = 0; epoch < epochs; epoch++) {
      const order = o.shuffle === false ? Int32Array.from({ length: N }, (_, i) => i) : rng.permutation(N);
      const batches = batchIndices(order, bs);
      const sums: Record<string, number> = {};
      let seen = 0;
      for (let b = 0; b < batches.length; b++) {
        if (o.shouldStop?.()) {
          history.stopped = true;
          history.stopReason = 'cancelled';
          return history;
        }
        const idx = batches[b];
        const r = await this.trainBatch(takeRows(data.x, idx), takeRows(data.y, idx));
        seen += idx.length;
        sums.loss = (sums.loss ?? 0) + r.loss * idx.length;
        for (const [m, v] of Object.entries(r.metrics)) sums[m] = (sums[m] ?? 0) + v * idx.length;
        o.onStep?.({ ...r, epoch, batch: b, batches: batches.length });
      }
      const logs = Object.fromEntries(Object.entries(sums).map(([k, v]) => [k, v / seen]));
      history.epochs.push(logs);
      o.onEpochEnd?.(epoch, logs);
    }
    return history;
  }

  /** Predictions for x, batch by batch (one predict session for every T under Scan). */
  async predict(x: TensorData, batchSize = 32): Promise<TensorData[]> {
    const T = this.seqLen(x);
    const key = `predict/${this.lowering() === 'scan' ? 'scan' : T}`;
    const pg = buildPredict(this.model, this.input, { dtype: this.dtype, lowering: this.lowering(), T: this.lowering() === 'scan' ? undefined : T });
    const { session } = await this.cache.get(key, () => pg.encode());
    const N = x.dims[0];
    const outs: TensorData[] = [];
    for (const idx of batchIndices(Int32Array.from({ length: N }, (_, i) => i), batchSize)) {
      const feeds: Record<string, TensorData> = { x: takeRows(x, idx) };
      for (const [k, v] of this.params) feeds[k] = v;
      outs.push((await session.run(feeds, [pg.output]))[pg.output]);
    }
    return outs;
  }

  async dispose(): Promise<void> {
    await this.cache.dispose();
  }
}
