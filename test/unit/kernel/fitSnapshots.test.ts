// When a fit takes its snapshots (the state inspector's, saliency's, attention's): on the budget's
// stride, within the probe's time share, and at most PROBES_PER_SECOND on average after a first
// burst, by a clock the test owns.
import * as assert from 'node:assert/strict';
import { FitSnapshots, PROBE_BURST, PROBES_PER_SECOND, type FitProbe } from '../../../src/kernel/stateSnapshots';
import type { Trainer } from '../../../src/engine/train/trainer';
import type { TrainingEvent, TrainingRequest } from '../../../src/protocol/training';
import type { TensorData } from '../../../src/engine/graph/types';

type FitRequest = Extract<TrainingRequest, { op: 'fit' }>;

/** A fit of `steps` steps, each `stepMs` long, whose probe costs `probeMs`: the steps snapshotted. */
async function snapshotted(steps: number, stepMs: number, probeMs: number): Promise<{ steps: number[]; seconds: number }> {
  let clock = 0;
  const trainer = { iterations: 0 } as unknown as Trainer;
  const example = [{ dtype: 'float32', dims: [1, 5, 2], data: new Float32Array(10) }] as unknown as TensorData[];
  const taken: number[] = [];
  const probe: FitProbe = {
    example,
    async take() {
      clock += probeMs;
      taken.push(trainer.iterations);
      return { event: { kind: 'progress' } as unknown as TrainingEvent, bytes: 1000 };
    },
  };
  const request = {
    op: 'fit',
    x: { dtype: 'float32', dims: [steps, 5, 2], data: new Float32Array(0) },
    fit: { epochs: 1, initialEpoch: 0, batchSize: 1, validationSplit: 0 },
  } as unknown as FitRequest;
  const snapshots = new FitSnapshots(trainer, request, () => {}, probe, () => clock);
  await snapshots.take(undefined, true);
  for (let i = 0; i < steps; i++) {
    clock += stepMs;
    (trainer as { iterations: number }).iterations++;
    await snapshots.take(0);
  }
  await snapshots.take(0, true);
  return { steps: taken, seconds: clock / 1000 };
}

describe('kernel: when a fit snapshots', () => {
  it('a fit of a few steps gets one per step, the first and the last included', async () => {
    assert.deepEqual((await snapshotted(3, 5, 0.1)).steps, [0, 1, 2, 3]);
  });

  it('a fast fit: on the stride, and at most PROBES_PER_SECOND after the first burst, spread over the whole run', async () => {
    // 1000 steps of 10 ms: the budget (64) plans every 16th step, 6 a second; the rate allows 1.
    const { steps, seconds } = await snapshotted(1000, 10, 0.1);
    const during = steps.slice(1, -1);
    assert.ok(during.every(s => s % 16 === 0), `on the stride: ${during}`);
    assert.ok(during.length <= PROBE_BURST + PROBES_PER_SECOND * seconds + 1, `${during.length} probes in ${seconds} s`);
    assert.ok(during.length >= PROBES_PER_SECOND * seconds - 2, `not starved: ${during.length} probes in ${seconds} s`);
    // within one probe's interval (1 s: 100 steps) and one stride of the end
    assert.ok(during[during.length - 1] >= 1000 - 100 / PROBES_PER_SECOND - 16, `up to the end of the run: ${during.at(-1)}`);
    assert.equal(steps.at(-1), 1000, 'the last step is always taken');
  });

  it('a slow probe keeps to its 3% share of the fit\'s time', async () => {
    // 200 steps of 50 ms, a probe of 20 ms: one per step would take 29% of the time.
    const { steps } = await snapshotted(200, 50, 20);
    const probeSeconds = (steps.length - 2) * 0.02;
    assert.ok(probeSeconds <= 0.03 * (200 * 0.05 + probeSeconds) + 0.02, `${steps.length - 2} probes of 20 ms in a 10 s fit`);
    assert.ok(steps.length - 2 >= 10, `${steps.length - 2} probes`);
  });
});
