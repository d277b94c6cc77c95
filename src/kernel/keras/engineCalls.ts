// Every request a model makes to the engine thread goes through here, so pending weights
// are cleared exactly when the engine has taken them and engine errors become cell errors.
//
// It also gives memory back. A model the cells no longer reach (rebuilt under the same name,
// `del`-ed, or a temporary) still has a trainer (sessions, parameters, optimizer state) in the
// training thread, and each of its layers stored weights there. Weak references find them once
// the garbage collector has run, checked in a task of their own between cells: a weak reference
// keeps its target alive until the end of the task that made or read it (the spec's "kept
// during job"), so reading them in a cell would keep every model forever. Not
// FinalizationRegistry: its callbacks are tasks that a Run All of back-to-back cells never lets run.
import * as v8 from 'node:v8';
import * as vm from 'node:vm';
import type { Layer } from '../../engine/layers';
import { PyException } from '../../language';
import { TrainingClient, TrainingError, RequestHandlers } from '../trainingClient';
import type { ModelSpec, TrainingRequest } from '../../protocol/training';
import { kerasEnvironment } from './env';
import type { KerasModel } from './model';

/** Models with a trainer, and layers with stored weights, by their ids in the training thread. */
const watchedModels = new Map<number, WeakRef<KerasModel>>();
const watchedLayers = new Map<number, WeakRef<Layer>>();
/** Set when a cell used the engine: the garbage it left may hold trainers. */
let engineUsedSinceCollect = false;

function dropped<T extends object>(watched: Map<number, WeakRef<T>>): number[] {
  const ids: number[] = [];
  for (const [id, ref] of watched) {
    if (ref.deref() !== undefined) continue;
    ids.push(id);
    watched.delete(id);
  }
  return ids;
}

function releaseDropped(engine: TrainingClient): void {
  const models = dropped(watchedModels), layers = dropped(watchedLayers);
  if (models.length > 0 || layers.length > 0) engine.request({ op: 'release', models, layers });
}

function watch(model: KerasModel, spec: ModelSpec | undefined): void {
  if (!watchedModels.has(model.id)) watchedModels.set(model.id, new WeakRef(model));
  if (!spec) return;
  for (const layer of model.engineLayers()) {
    const id = spec.layerIds[layer.name];
    if (id !== undefined && !watchedLayers.has(id)) watchedLayers.set(id, new WeakRef(layer));
  }
}

export function runEngine<T>(model: KerasModel, request: TrainingRequest, handlers: RequestHandlers = {}): T {
  const engine = kerasEnvironment().engine;
  engineUsedSinceCollect = true;
  try {
    const result = engine.request<T>(request, handlers);
    model.pendingWeights = undefined;
    watch(model, 'model' in request ? request.model : undefined);
    model.trained = true;
    return result;
  } catch (e) {
    if (e instanceof TrainingError) throw new PyException(e.kind === 'memory' ? 'MemoryError' : 'ValueError', e.message);
    throw e;
  }
}

let collect: (() => void) | undefined;
/** A full collection in this thread (the kernel's heap is small; its trainers live elsewhere, so V8 alone would seldom look). */
function collectGarbage(): void {
  if (!collect) {
    v8.setFlagsFromString('--expose-gc');
    collect = vm.runInNewContext('gc') as () => void;
  }
  collect();
}

/**
 * Between cells, in a task of its own after one that used the engine: collects garbage and
 * frees in the training thread the models and layers the cells dropped.
 */
export function releaseAfterCell(): void {
  if (!engineUsedSinceCollect) return;
  engineUsedSinceCollect = false;
  collectGarbage();
  try {
    releaseDropped(kerasEnvironment().engine);
  } catch {
    // The training thread is gone: the host replaces this kernel, and its ids with it.
  }
}
