// Every request a model makes to the engine thread goes through here, so pending weights
// are cleared exactly when the engine has taken them and engine errors become cell errors.
import { PyException } from '../../language';
import { TrainingError, RequestHandlers } from '../trainingClient';
import type { TrainingRequest } from '../../protocol/training';
import type { KerasModel } from './model';

export function runEngine<T>(model: KerasModel, request: TrainingRequest, handlers: RequestHandlers = {}): T {
  const context = model.context;
  const engine = context.engine;
  for (const id of context.takeUnreachable()) engine.request({ op: 'release', id });
  try {
    const result = engine.request<T>(request, handlers);
    model.pendingWeights = undefined;
    context.watchTrainer(model, model.id);
    model.trained = true;
    return result;
  } catch (e) {
    if (e instanceof TrainingError) throw new PyException('ValueError', e.message);
    throw e;
  }
}
