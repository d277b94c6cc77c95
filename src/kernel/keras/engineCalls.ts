// Every request a model makes to the engine thread goes through here, so pending weights
// are cleared exactly when the engine has taken them and engine errors become cell errors.
import { PyException } from '../../language';
import { TrainingError, RequestHandlers } from '../trainingClient';
import type { TrainingRequest } from '../../protocol/training';
import { kerasEnvironment } from './env';
import type { KerasModel } from './model';

export function runEngine<T>(model: KerasModel, request: TrainingRequest, handlers: RequestHandlers = {}): T {
  const engine = kerasEnvironment().engine;
  try {
    const result = engine.request<T>(request, handlers);
    model.pendingWeights = undefined;
    model.trained = true;
    return result;
  } catch (e) {
    if (e instanceof TrainingError) throw new PyException('ValueError', e.message);
    throw e;
  }
}
