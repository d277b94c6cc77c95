// The state of one kernel, in one object instead of module globals: what the Keras bindings need
// from the kernel that hosts them (the training thread, the workspace folder, the gradient
// channel, the shipped data files) and what they count (model, layer and run ids, Keras default
// names, trainers to release). The kernel worker makes one per kernel and hands it to
// registerKeras (keras/register.ts); every model a cell makes keeps the context it was made in.
// A test makes a fresh context where it needs fresh ids or names.
import type { DataFiles } from '../engine/data/datasets';
import { type Layer, NameScope } from '../engine/layers/layer';
import { Rng } from '../engine/util/rng';
import { CallContext, PyException } from '../language';
import type { TelemetryMessage } from '../protocol/gradients';
import type { TrainingClient } from './trainingClient';

export interface KernelContextOptions {
  /** The training thread's client (started on first use); without one, everything but running works. */
  readonly engine?: TrainingClient;
  /** Absolute path of the workspace folder; files are read and written only inside it (none: no file access). */
  readonly workspaceRoot?: string;
  /** The gradient channel to the host (diagrams, gradient frames); absent where nobody listens. */
  readonly telemetry?: (message: TelemetryMessage) => void;
  /** The reader for the shipped files in media/data (datasets.*). */
  readonly dataFiles?: DataFiles;
  /** The first model id; the kernel worker gives each kernel a range of its own (see kernelWorker.ts). */
  readonly firstModelId?: number;
}

export class KernelContext {
  readonly workspaceRoot: string | undefined;
  readonly telemetry: ((message: TelemetryMessage) => void) | undefined;
  readonly dataFiles: DataFiles | undefined;
  /** Keras default names of layers and inputs (lstm, lstm_1, input_layer…), per kernel as Keras counts per session. */
  readonly names = new NameScope();
  /** Keras default names of models (sequential, sequential_1, functional…). */
  readonly modelNames = new NameScope();

  private readonly client: TrainingClient | undefined;
  private nextModelId: number;
  /** Kernel-wide ids of layer objects: the training thread keeps weights per layer id (see trainingServer.ts). */
  private readonly layerIds = new WeakMap<Layer, number>();
  private nextLayerId = 1;
  private nextRunId = 1;
  private providerNoted?: string;
  /** Set by keras.utils.set_random_seed / tf.random.set_seed: the stream models and fits draw their seeds from. */
  private seeds: Rng | undefined;
  /**
   * Models with a trainer (sessions, parameters, optimizer state) and layers with stored weights
   * in the training thread, by their ids there, held weakly: once the cells no longer reach one,
   * the collector clears its reference and the training thread can free it (engineCalls.ts).
   */
  private readonly trainedModels = new Map<number, WeakRef<object>>();
  private readonly storedLayers = new Map<number, WeakRef<Layer>>();
  constructor(options: KernelContextOptions = {}) {
    this.client = options.engine;
    this.workspaceRoot = options.workspaceRoot;
    this.telemetry = options.telemetry;
    this.dataFiles = options.dataFiles;
    this.nextModelId = options.firstModelId ?? 1;
  }

  /** The training thread's client; a RuntimeError in a context without one (the registry alone). */
  get engine(): TrainingClient {
    if (!this.client) throw new PyException('RuntimeError', 'this needs a running Unroll kernel');
    return this.client;
  }

  newModelId(): number {
    return this.nextModelId++;
  }

  layerId(layer: Layer): number {
    let id = this.layerIds.get(layer);
    if (id === undefined) this.layerIds.set(layer, (id = this.nextLayerId++));
    return id;
  }

  /** Numbers fit runs, which name their live outputs (fit-1, gradients-1…). */
  newRunId(): number {
    return this.nextRunId++;
  }

  /**
   * Keras's global seed: from here on, each model (its initial weights, dropout) and each fit
   * (its shuffle order) draws its seed from one stream, so the same cells after the same seed
   * give the same weights and losses. None goes back to unseeded.
   */
  /**
   * Seeds what keras.utils.set_random_seed seeds besides this stream: numpy's and Python's
   * `random` (registerKeras sets it, since those live in the cell language's registry).
   */
  seedOthers: (seed: number, ctx: CallContext) => void = () => {};

  setRandomSeed(seed: number | null): void {
    this.seeds = seed === null ? undefined : new Rng(seed);
  }

  /** The next seed of the set_random_seed stream; undefined when no seed was set. */
  drawSeed(): number | undefined {
    return this.seeds?.int(0, 0x7fffffff);
  }

  /** True when `note` differs from the last provider note: each kernel says which provider runs once, and again when it changes. */
  noteProviderChange(note: string): boolean {
    const changed = note !== this.providerNoted;
    this.providerNoted = note;
    return changed;
  }

  /** From now on, `model` (trainer `id`) and its layers (`layerIds`: name → id) are released once unreachable. */
  watchTrainer(model: object, id: number, layers: readonly Layer[], layerIds: Readonly<Record<string, number>>): void {
    if (!this.trainedModels.has(id)) this.trainedModels.set(id, new WeakRef(model));
    for (const layer of layers) {
      const layerId = layerIds[layer.name];
      if (layerId !== undefined && !this.storedLayers.has(layerId)) this.storedLayers.set(layerId, new WeakRef(layer));
    }
  }

  /**
   * The ids of models and layers the collector has found unreachable since the last call. Reading
   * a weak reference keeps its target alive to the end of the current task, so call this in a
   * task of its own, after a collection (releaseAfterCell).
   */
  takeUnreachable(): { models: number[]; layers: number[] } {
    return { models: cleared(this.trainedModels), layers: cleared(this.storedLayers) };
  }
}

/** Removes and returns the ids whose weak references the collector has cleared. */
function cleared(watched: Map<number, WeakRef<object>>): number[] {
  const ids: number[] = [];
  for (const [id, ref] of watched) {
    if (ref.deref() !== undefined) continue;
    ids.push(id);
    watched.delete(id);
  }
  return ids;
}
