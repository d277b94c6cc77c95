// What the Keras surface needs from the kernel that hosts it: the engine thread (training)
// and the workspace folder (files). The kernel sets it once; without it (the editor importing
// signatures) everything but running works.
import { PyException } from '../../language';
import type { TelemetryMessage } from '../../protocol/gradients';
import type { TrainingClient } from '../trainingClient';

export interface KerasEnvironment {
  /** The engine thread's client; started on first use. */
  readonly engine: TrainingClient;
  /** Absolute path of the workspace folder; files are read and written only inside it. */
  readonly workspaceRoot: string | undefined;
  /** The gradient channel to the host (diagrams, gradient frames); absent where nobody listens. */
  readonly telemetry?: (message: TelemetryMessage) => void;
}

let current: KerasEnvironment | undefined;

export function setKerasEnvironment(env: KerasEnvironment | undefined): void {
  current = env;
}

export function kerasEnvironment(): KerasEnvironment {
  if (!current) throw new PyException('RuntimeError', 'this needs a running Unroll kernel');
  return current;
}
