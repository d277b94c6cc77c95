import * as assert from 'assert';
import * as tf from '@tensorflow/tfjs';
import { gateCount, initTfjsBackend, measureConfig, trainStepFlops } from '../../../bench/tfjs-peer';

describe('bench/tfjs-peer', function () {
  this.timeout(60000);

  it('FLOPs per train step: matmul count of the forward pass, ×3 with the backward pass', () => {
    // Forward matmuls of one step: x_t·W ([B, I]·[I, G·H]) and h·U ([B, H]·[H, G·H]).
    const B = 32, T = 50, I = 32, H = 64;
    for (const cell of ['SimpleRNN', 'LSTM', 'GRU'] as const) {
      const G = gateCount(cell);
      const perStep = 2 * B * I * G * H + 2 * B * H * G * H;
      const f = trainStepFlops(cell, B, T, I, H);
      assert.strictEqual(f.forward, T * perStep);
      assert.strictEqual(f.backward, 2 * f.forward);
      assert.strictEqual(f.total, 3 * f.forward);
    }
    assert.strictEqual(trainStepFlops('LSTM', 32, 200, 32, 256).total, 11324620800);
  });

  it('the wasm backend initialises in Node (SIMD), and a tiny training step runs', async () => {
    const before = tf.getBackend();
    try {
      const info = await initTfjsBackend('wasm');
      assert.strictEqual(info.backend, 'wasm', info.fallbackReason);
      assert.strictEqual(info.simd, true);
      const r = await measureConfig('GRU', 5, 4, { batch: 2, inputDim: 3, warmupSteps: 1, budgetMs: 0, minSteps: 2 });
      assert.strictEqual(r.steps, 2);
      assert.ok(r.stepsPerSec > 0 && Number.isFinite(r.stepsPerSec));
    } finally {
      // Other tests compare against the cpu backend.
      await tf.setBackend(before || 'cpu');
    }
  });
});
