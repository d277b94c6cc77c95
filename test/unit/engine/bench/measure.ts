// Measurements for the engine alone (run: node out/test/unit/engine/bench/measure.js):
// graph build + encode + session creation for a train step at several T, both lowerings, and
// training steps per second at B=32, H=64 (T = 50 by default). Not a test: prints a table.
import { Dense, GRU, LSTM, Sequential, SimpleRNN, resetNames } from '../../../../src/engine/layers';
import { buildTrainStep, TargetSpec } from '../../../../src/engine/train';
import type { InputSpec } from '../../../../src/engine/layers';
import { NodeRuntime, tensor, physicalCores } from '../../../../src/engine/runtime';
import { Rng } from '../../../../src/engine/util/rng';
import type { TensorData } from '../../../../src/engine/graph';

const rt = new NodeRuntime();
type Kind = 'SimpleRNN' | 'LSTM' | 'GRU';

function model(kind: Kind, H: number) {
  resetNames();
  const cell = kind === 'SimpleRNN' ? new SimpleRNN(H) : kind === 'LSTM' ? new LSTM(H) : new GRU(H);
  return new Sequential().add(cell).add(new Dense(1));
}

const input: InputSpec = { shape: ['T', 8], dtype: 'float' };
const target: TargetSpec = { shape: [1], dtype: 'float' };
const compile = { loss: 'mse', optimizer: 'adam' as const };

async function buildAndCreate(kind: Kind, H: number, T: number, lowering: 'scan' | 'unrolled') {
  const t0 = performance.now();
  const sg = buildTrainStep(model(kind, H), input, target, compile, { lowering, T });
  const bytes = sg.encode();
  const t1 = performance.now();
  const { session } = await rt.createSession(bytes);
  const t2 = performance.now();
  return { sg, session, buildMs: t1 - t0, createMs: t2 - t1, bytes: bytes.length };
}

async function stepsPerSecond(kind: Kind, H: number, T: number, B: number, lowering: 'scan' | 'unrolled', seconds = 3) {
  const { sg, session } = await buildAndCreate(kind, H, T, lowering);
  const r = new Rng(1);
  const m = model(kind, H);
  const init = m.initParams(input, r);
  const feeds: Record<string, TensorData> = {
    x: tensor('float32', [B, T, 8], Float32Array.from(r.uniformArray(B * T * 8, -1, 1))),
    y: tensor('float32', [B, 1], Float32Array.from(r.uniformArray(B, -1, 1))),
    step: tensor('float32', [], [1]),
    lr: tensor('float32', [], [1e-3]),
  };
  for (const p of sg.params) feeds[p.key] = tensor('float32', p.shape, Float32Array.from(init.get(p.key)!));
  for (const s of sg.slots) feeds[s.input] = tensor('float32', s.shape, new Float32Array(s.shape.reduce((a, b) => a * b, 1)).fill(s.init));
  for (let i = 0; i < 3; i++) await session.run(feeds); // warm-up
  // Best of three windows: the machine may be shared, and the best window is the least disturbed.
  let best = 0;
  for (let w = 0; w < 3; w++) {
    let n = 0;
    const t0 = performance.now();
    while (performance.now() - t0 < (seconds / 3) * 1000) {
      const out = await session.run(feeds);
      for (const p of sg.params) feeds[p.key] = out[p.output];
      for (const s of sg.slots) feeds[s.input] = out[s.output];
      n++;
    }
    best = Math.max(best, n / ((performance.now() - t0) / 1000));
  }
  await session.dispose();
  return best;
}

async function main() {
  console.log(`onnxruntime-node, CPU, intra-op threads = ${physicalCores()}`);
  console.log('\nbuild+encode and session creation, SimpleRNN H=64 train step (Adam):');
  console.log('lowering   T    build ms  create ms  model bytes');
  for (const lowering of ['scan', 'unrolled'] as const) {
    for (const T of [50, 200]) {
      // first call pays module warm-up; report the second
      await buildAndCreate('SimpleRNN', 64, T, lowering).then((r) => r.session.dispose());
      // median of three
      const runs = [];
      for (let k = 0; k < 3; k++) runs.push(await buildAndCreate('SimpleRNN', 64, T, lowering));
      runs.sort((a, b) => a.buildMs + a.createMs - (b.buildMs + b.createMs));
      const r = runs[1];
      for (const x of runs) if (x !== r) await x.session.dispose();
      console.log(`${lowering.padEnd(9)} ${String(T).padStart(4)} ${r.buildMs.toFixed(1).padStart(9)} ${r.createMs.toFixed(1).padStart(10)} ${String(r.bytes).padStart(12)}`);
      await r.session.dispose();
    }
  }
  const T = Number(process.env.T ?? 50);
  console.log(`\ntraining steps/s, B=32, H=64, T=${T}, F=8, Adam:`);
  console.log('cell        scan     unrolled');
  for (const kind of ['SimpleRNN', 'LSTM', 'GRU'] as Kind[]) {
    const a = await stepsPerSecond(kind, 64, T, 32, 'scan');
    const b = await stepsPerSecond(kind, 64, T, 32, 'unrolled');
    console.log(`${kind.padEnd(10)} ${a.toFixed(1).padStart(6)} ${b.toFixed(1).padStart(10)}`);
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
