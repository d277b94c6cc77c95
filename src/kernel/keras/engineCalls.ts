// Every request a model makes to the engine thread goes through here, so pending weights
// are cleared exactly when the engine has taken them and engine errors become cell errors.
import { PyException } from '../../language';
import { TrainingClient, TrainingError, RequestHandlers } from '../trainingClient';
import type { TrainingRequest } from '../../protocol/training';
import { kerasEnvironment } from './env';
import type { KerasModel } from './model';

/**
 * Ids of models the cell language no longer reaches whose trainers (sessions, parameters,
 * optimizer state) the training thread still holds. The registry hears of them when the garbage
 * collector does, between cells; the next request releases them first.
 */
const unreachable: number[] = [];
const trainedModels = new FinalizationRegistry<number>(id => unreachable.push(id));
const registered = new WeakSet<KerasModel>();

function releaseUnreachable(engine: TrainingClient): void {
  for (const id of unreachable.splice(0)) engine.request({ op: 'release', id });
}

export function runEngine<T>(model: KerasModel, request: TrainingRequest, handlers: RequestHandlers = {}): T {
  const engine = kerasEnvironment().engine;
  releaseUnreachable(engine);
  try {
    const result = engine.request<T>(request, handlers);
    model.pendingWeights = undefined;
    if (!registered.has(model)) {
      registered.add(model);
      trainedModels.register(model, model.id);
    }
    model.trained = true;
    return result;
  } catch (e) {
    if (e instanceof TrainingError) throw new PyException('ValueError', e.message);
    throw e;
  }
}
