// Every request a model makes to the engine thread goes through here, so pending weights
// are cleared exactly when the engine has taken them and engine errors become cell errors.
//
// It also gives memory back. A model the cells no longer reach (rebuilt under the same name,
// `del`-ed, or a temporary) still has a trainer (sessions, parameters, optimizer state) in the
// training thread, and each of its layers stored weights there. The garbage collector finds such
// models and layers; FinalizationRegistry tells us, and the ids go back to the training thread.
import * as v8 from 'node:v8';
import * as vm from 'node:vm';
import type { Layer } from '../../engine/layers';
import { PyException } from '../../language';
import { TrainingClient, TrainingError, RequestHandlers } from '../trainingClient';
import type { ModelSpec, TrainingRequest } from '../../protocol/training';
import { kerasEnvironment } from './env';
import type { KerasModel } from './model';

const dropped = { models: [] as number[], layers: [] as number[] };
const droppedModels = new FinalizationRegistry<number>(id => dropped.models.push(id));
const droppedLayers = new FinalizationRegistry<number>(id => dropped.layers.push(id));
const watched = new WeakSet<KerasModel | Layer>();
/** Set when a cell used the engine: the garbage it left may hold trainers. */
let engineUsedSinceCollect = false;

function releaseDropped(engine: TrainingClient): void {
  if (dropped.models.length === 0 && dropped.layers.length === 0) return;
  engine.request({ op: 'release', models: dropped.models.splice(0), layers: dropped.layers.splice(0) });
}

function watch(model: KerasModel, spec: ModelSpec | undefined): void {
  if (!watched.has(model)) {
    watched.add(model);
    droppedModels.register(model, model.id);
  }
  if (!spec) return;
  for (const layer of model.engineLayers()) {
    const id = spec.layerIds[layer.name];
    if (id === undefined || watched.has(layer)) continue;
    watched.add(layer);
    droppedLayers.register(layer, id);
  }
}

export function runEngine<T>(model: KerasModel, request: TrainingRequest, handlers: RequestHandlers = {}): T {
  const engine = kerasEnvironment().engine;
  releaseDropped(engine);
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
 * Between cells, after one that used the engine: collects garbage, and once the finalizers
 * have run (on the event loop, right after), frees in the training thread what was dropped.
 */
export function releaseAfterCell(): void {
  if (!engineUsedSinceCollect) return;
  engineUsedSinceCollect = false;
  collectGarbage();
  // Finalization callbacks are tasks of their own; a short timer runs after them.
  setTimeout(() => {
    try {
      releaseDropped(kerasEnvironment().engine);
    } catch {
      // The training thread is gone: the host replaces this kernel, and the ids with it.
    }
  }, 10);
}
