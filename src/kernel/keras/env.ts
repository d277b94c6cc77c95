// What the Keras surface needs from the kernel that hosts it: the engine thread (training)
// and the workspace folder (files). The kernel sets it once; without it (the editor importing
// signatures) everything but running works.
import { PyException } from '../../language';
import type { EngineClient } from '../engine/client';

export interface KerasEnvironment {
  /** The engine thread's client; started on first use. */
  readonly engine: EngineClient;
  /** Absolute path of the workspace folder; files are read and written only inside it. */
  readonly workspaceRoot: string | undefined;
}

let current: KerasEnvironment | undefined;

export function setKerasEnvironment(env: KerasEnvironment | undefined): void {
  current = env;
}

export function kerasEnvironment(): KerasEnvironment {
  if (!current) throw new PyException('RuntimeError', 'this needs a running Unroll kernel');
  return current;
}
