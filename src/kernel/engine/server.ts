// The engine thread: owns the trainers (one per model) and ONNX Runtime, answers the kernel's
// requests one at a time. onnxruntime-node is required here, lazily, on the first request
// that needs a session, so importing the Keras surface never loads it.
import type { MessagePort } from 'node:worker_threads';
import type { TensorData } from '../../engine/graph/types';
import type { Sequential } from '../../engine/layers/sequential';
import type { Runtime } from '../../engine/runtime/types';
import { Callback, EarlyStopping, ReduceLROnPlateau, TerminateOnNaN } from '../../engine/train/callbacks';
import { Trainer } from '../../engine/train/trainer';
import { diagramFromSequential, frameFromStepReport } from '../diagnostics';
import { buildModel } from '../keras/config';
import { INTERRUPT_SLOT } from '../protocol';
import { CallbackConfig, EngineEvent, EngineReply, EngineRequest, EngineWorkerData, FitResult, ModelSpec, Weights } from './protocol';

/** Frames and progress go out at most this often; the last one of a run always goes. */
const EVENT_INTERVAL_MS = 125;

interface Entry {
  key: string;
  trainer: Trainer;
}

export function runEngineServer(data: EngineWorkerData): void {
  const port: MessagePort = data.port;
  const signal = new Int32Array(data.signal);
  const interrupt = new Int32Array(data.interruptBuffer);
  const send = (reply: EngineReply) => {
    port.postMessage(reply);
    Atomics.add(signal, 0, 1);
    Atomics.notify(signal, 0);
  };
  const server = new EngineServer(data, () => Atomics.load(interrupt, INTERRUPT_SLOT) !== 0);
  // Requests are answered strictly in order: the kernel sends one and waits for it.
  let chain = Promise.resolve();
  port.on('message', (message: { requestId: number; request: EngineRequest }) => {
    chain = chain.then(async () => {
      const emit = (event: EngineEvent) => send({ requestId: message.requestId, event });
      try {
        const result = await server.handle(message.request, emit);
        send({ requestId: message.requestId, result });
      } catch (e) {
        send({ requestId: message.requestId, error: e instanceof Error ? e.message : String(e) });
      }
    });
  });
}

class EngineServer {
  private runtime: Runtime | undefined;
  private readonly trainers = new Map<number, Entry>();
  private providerReported = false;

  constructor(private readonly data: EngineWorkerData, private readonly interrupted: () => boolean) {}

  async handle(request: EngineRequest, emit: (e: EngineEvent) => void): Promise<unknown> {
    switch (request.op) {
      case 'release': {
        const entry = this.trainers.get(request.id);
        this.trainers.delete(request.id);
        await entry?.trainer.dispose();
        return null;
      }
      case 'weights':
        return toWeights(this.trainer(request.model).getWeights());
      case 'fit':
        return this.fit(request, emit);
      case 'evaluate': {
        const trainer = this.trainer(request.model);
        const logs = await trainer.evaluate(request.x, request.y, request.batchSize);
        this.reportProvider(trainer, emit);
        return logs;
      }
      case 'predict': {
        const trainer = this.trainer(request.model);
        const out = await trainer.predict(request.x, request.batchSize);
        this.reportProvider(trainer, emit);
        return out;
      }
      case 'generate': {
        const trainer = this.trainer(request.model);
        return trainer.generate(request.start, { length: request.length, temperature: request.temperature, seed: request.seed });
      }
    }
  }

  private getRuntime(): Runtime {
    if (!this.runtime) {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const { NodeRuntime } = require('../../engine/runtime/node') as typeof import('../../engine/runtime/node');
      this.runtime = new NodeRuntime();
    }
    return this.runtime;
  }

  /** The model's trainer; a changed config or compile makes a new one that keeps matching weights (Keras recompile). */
  private trainer(spec: ModelSpec): Trainer {
    const key = JSON.stringify([spec.config, spec.input, spec.target, spec.compile]);
    let entry = this.trainers.get(spec.id);
    if (!entry || entry.key !== key) {
      const model = buildModel(spec.config) as Sequential;
      const session = { provider: this.data.provider, intraOpThreads: this.data.threads > 0 ? this.data.threads : undefined };
      const trainer = new Trainer(this.getRuntime(), model, spec.input, spec.target, spec.compile, { seed: spec.id, session });
      if (entry) {
        try {
          trainer.setWeights(entry.trainer.getWeights());
        } catch {
          // The architecture changed: the new trainer keeps its fresh initial weights.
        }
        void entry.trainer.dispose();
      }
      entry = { key, trainer };
      this.trainers.set(spec.id, entry);
    }
    if (spec.weights) entry.trainer.setWeights(fromWeights(spec.weights));
    return entry.trainer;
  }

  private reportProvider(trainer: Trainer, emit: (e: EngineEvent) => void): void {
    if (this.providerReported || !trainer.provider) return;
    this.providerReported = true;
    emit({ kind: 'provider', provider: trainer.provider, fallbackReason: trainer.fallbackReason });
  }

  private async fit(request: Extract<EngineRequest, { op: 'fit' }>, emit: (e: EngineEvent) => void): Promise<FitResult> {
    const trainer = this.trainer(request.model);
    const f = request.fit;
    const throttle = new LatestThrottle<EngineEvent>(EVENT_INTERVAL_MS, emit);
    let epochStart = performance.now();
    let steps = 0;
    emit({ kind: 'diagram', diagram: diagramFromSequential(trainer.model, request.model.input, { modelId: String(request.model.id), T: request.x.dims[1] }) });
    const history = await trainer.fit({ x: request.x, y: request.y }, {
      epochs: f.epochs,
      batchSize: f.batchSize,
      shuffle: f.shuffle,
      initialEpoch: f.initialEpoch,
      validationSplit: f.validationSplit || undefined,
      validationData: f.validationData,
      callbacks: f.callbacks.map(makeCallback),
      shouldStop: this.interrupted,
      onStep: r => {
        steps = r.batches;
        if (r.batch === 0) this.reportProvider(trainer, emit);
        throttle.offer('gradients', { kind: 'gradients', frame: frameFromStepReport(String(request.model.id), r) });
      },
      onProgress: p => throttle.offer('progress', { kind: 'progress', progress: p }),
      onEpochEnd: (epoch, logs) => {
        throttle.flush();
        emit({ kind: 'epoch', epoch, epochs: f.epochs, logs: { ...logs }, seconds: (performance.now() - epochStart) / 1000, steps });
        epochStart = performance.now();
      },
    });
    throttle.flush();
    return { history: history.history, epochs: history.epoch, stopReason: history.stopReason, stoppedBy: history.stoppedBy };
  }
}

/** Per channel, keeps the latest event and sends it at most once per interval (plus on flush). */
class LatestThrottle<T> {
  private readonly pending = new Map<string, T>();
  private readonly last = new Map<string, number>();
  constructor(private readonly intervalMs: number, private readonly send: (e: T) => void) {}
  offer(channel: string, event: T): void {
    const now = performance.now();
    if (now - (this.last.get(channel) ?? -Infinity) >= this.intervalMs) {
      this.last.set(channel, now);
      this.pending.delete(channel);
      this.send(event);
    } else {
      this.pending.set(channel, event);
    }
  }
  flush(): void {
    for (const [channel, event] of this.pending) {
      this.last.set(channel, performance.now());
      this.send(event);
    }
    this.pending.clear();
  }
}

function makeCallback(c: CallbackConfig): Callback {
  switch (c.class_name) {
    case 'EarlyStopping': return new EarlyStopping(c.config as never);
    case 'TerminateOnNaN': return new TerminateOnNaN();
    case 'ReduceLROnPlateau': return new ReduceLROnPlateau(c.config as never);
  }
}

function toWeights(w: Map<string, TensorData>): Weights {
  const out: Weights = {};
  for (const [k, v] of w) out[k] = { dims: v.dims.slice(), data: Float32Array.from(v.data as Float32Array) };
  return out;
}

function fromWeights(w: Weights): Map<string, TensorData> {
  return new Map(Object.entries(w).map(([k, v]) => [k, { dtype: 'float32', dims: v.dims, data: v.data } as TensorData]));
}
