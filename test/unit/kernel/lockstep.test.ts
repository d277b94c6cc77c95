// The turn order compare() runs under: round robin, one step each, and a participant that ends
// leaves the rotation without stalling the others.
import * as assert from 'node:assert/strict';
import { Lockstep } from '../../../src/kernel/lockstep';

/** Participants that each run `steps[i]` steps, recording who stepped, as the training thread's fits do. */
async function run(steps: number[]): Promise<string[]> {
  const lockstep = new Lockstep(steps.length);
  const order: string[] = [];
  await Promise.all(steps.map(async (n, who) => {
    await lockstep.wait(who);
    try {
      for (let s = 1; s <= n; s++) {
        await new Promise(resolve => setImmediate(resolve)); // a step is asynchronous (session.run)
        order.push(`${'ABCD'[who]}${s}`);
        if (s < n) await lockstep.pass(who);
      }
    } finally {
      lockstep.leave(who);
    }
  }));
  return order;
}

describe('kernel: Lockstep turn order', () => {
  it('runs one step of each participant in turn', async () => {
    assert.deepEqual(await run([3, 3, 3]), ['A1', 'B1', 'C1', 'A2', 'B2', 'C2', 'A3', 'B3', 'C3']);
  });

  it('goes on without a participant that ended early (a callback stopped it)', async () => {
    assert.deepEqual(await run([3, 1, 2, 3]), ['A1', 'B1', 'C1', 'D1', 'A2', 'C2', 'D2', 'A3', 'D3']);
  });
});
