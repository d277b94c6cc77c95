// The native-call gate around ONNX Runtime: once the thread is being stopped, new runs are refused
// (an error the caller sees) but a disposal resolves, because disposal is often fire-and-forget
// and the sessions end with the thread; a refused disposal once surfaced as an uncaught error.
import * as assert from 'node:assert/strict';
import { gatedRuntime } from '../../../src/engine/runtime/gate';
import type { Runtime, Session } from '../../../src/engine/runtime/types';

function fakeRuntime(log: string[]): Runtime {
  const session: Session = {
    inputNames: ['x'], outputNames: ['y'], provider: 'cpu',
    run: async () => { log.push('run'); return {}; },
    dispose: async () => { log.push('dispose'); },
  };
  return {
    name: 'fake', version: '0',
    availableProviders: () => ['cpu'],
    plannedProvider: () => 'cpu',
    createSession: async () => ({ session, provider: 'cpu' }),
  } as unknown as Runtime;
}

describe('engine: the native-call gate', () => {
  it('counts each call in and out; once stopping, a run is refused and a disposal resolves without the native call', async () => {
    const log: string[] = [];
    let inFlight = 0;
    let stopping = false;
    const gate = {
      enter() {
        inFlight++;
        if (stopping) {
          inFlight--;
          throw new Error('the kernel is being restarted');
        }
      },
      leave() { inFlight--; },
    };
    const { session } = await gatedRuntime(fakeRuntime(log), gate).createSession(new Uint8Array());
    await session.run({});
    assert.equal(inFlight, 0);
    stopping = true;
    await assert.rejects(session.run({}), /being restarted/);
    await session.dispose(); // resolves: nothing to free, the thread is going
    assert.deepEqual(log, ['run'], 'neither refused call reached the runtime');
    assert.equal(inFlight, 0);
    stopping = false;
    await session.dispose();
    assert.deepEqual(log, ['run', 'dispose']);
    assert.equal(inFlight, 0);
  });
});
