// Every request a model makes to the engine thread goes through here, so pending weights
// are cleared exactly when the engine has taken them and engine errors become cell errors.
//
// It also gives memory back. A model the cells no longer reach (rebuilt under the same name,
// `del`-ed, or a temporary) still has a trainer (sessions, parameters, optimizer state) in the
// training thread, and each of its layers stored weights there. The kernel context holds them
// by weak references, which the garbage collector clears; they are read in a task of their own
// between cells, because a weak reference keeps its target alive until the end of the task that
// made or read it (the spec's "kept during job"), so reading them in a cell would keep every
// model forever. Not FinalizationRegistry: its callbacks are tasks that a Run All of
// back-to-back cells never lets run.
import * as v8 from 'node:v8';
import * as vm from 'node:vm';
import { PyException } from '../../language';
import { TrainingError, RequestHandlers } from '../trainingClient';
import type { TrainingRequest } from '../../protocol/training';
import type { KernelContext } from '../kernelContext';
import type { KerasModel } from './model';

/** Contexts whose cells used the engine since their last collection: the garbage may hold trainers. */
const usedEngine = new WeakSet<KernelContext>();

export function runEngine<T>(model: KerasModel, request: TrainingRequest, handlers: RequestHandlers = {}): T {
  const context = model.context;
  const engine = context.engine;
  usedEngine.add(context);
  try {
    const result = engine.request<T>(request, handlers);
    model.pendingWeights = undefined;
    if ('model' in request) context.watchTrainer(model, model.id, model.engineLayers(), request.model.layerIds);
    model.trained = true;
    return result;
  } catch (e) {
    if (e instanceof TrainingError) throw new PyException(e.kind === 'memory' ? 'MemoryError' : 'ValueError', e.message);
    throw e;
  }
}

/** runEngine for a request that names several models (compare): each is watched and marked trained alike. */
export function runEngineOnModels<T>(models: readonly KerasModel[], request: Extract<TrainingRequest, { op: 'compare' }>, handlers: RequestHandlers = {}): T {
  const context = models[0].context;
  usedEngine.add(context);
  try {
    const result = context.engine.request<T>(request, handlers);
    models.forEach((model, i) => {
      model.pendingWeights = undefined;
      context.watchTrainer(model, model.id, model.engineLayers(), request.runs[i].model.layerIds);
      model.trained = true;
    });
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
export function releaseAfterCell(context: KernelContext): void {
  if (!usedEngine.has(context)) return;
  usedEngine.delete(context);
  collectGarbage();
  const { models, layers } = context.takeUnreachable();
  if (models.length === 0 && layers.length === 0) return;
  try {
    context.engine.request({ op: 'release', models, layers });
  } catch {
    // The training thread is gone: the host replaces this kernel, and its ids with it.
  }
}
