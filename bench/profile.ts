/**
 * Engine-only profiling: `node out/bench/profile.js [cells=LSTM,GRU] [T=50,200] [H=256] [lowerings=scan,unrolled] [ms=1000] [threads=1] [ortprofile]`
 * threads=1 makes the CPU ms/step column a work measure that a busy machine hardly disturbs.
 * Prints steps/s per row (best of 3 windows, with the spread). `ortprofile` also writes an ONNX
 * Runtime profile of 5 steps per row and prints the top ops by total time (Scan bodies included).
 */
import * as fs from 'fs';
import * as ort from 'onnxruntime-node';
import { buildTrainStep } from '../src/engine/train';
import { Dense, GRU, LSTM, Sequential, SimpleRNN, resetNames } from '../src/engine/layers';
import { physicalCores, tensor } from '../src/engine/runtime';
import { Rng } from '../src/engine/util/rng';
import { Cell, engineRate, Lowering, preset } from './run';

function arg(name: string, def: string): string {
  const a = process.argv.find((x) => x.startsWith(name + '='));
  return a ? a.slice(name.length + 1) : def;
}

async function ortProfile(cell: Cell, T: number, H: number, lowering: Lowering): Promise<void> {
  resetNames();
  const rnn = cell === 'SimpleRNN' ? new SimpleRNN(H) : cell === 'LSTM' ? new LSTM(H) : new GRU(H);
  const m = new Sequential().add(rnn).add(new Dense(1));
  const B = 32, I = 32;
  const input = { shape: ['T', I], dtype: 'float' as const };
  const sg = buildTrainStep(m, input, { shape: [1], dtype: 'float' }, { loss: 'mse', optimizer: 'adam' }, { lowering, T: lowering === 'unrolled' ? T : undefined });
  const s = await ort.InferenceSession.create(sg.encode(), {
    intraOpNumThreads: physicalCores(), interOpNumThreads: 1, graphOptimizationLevel: 'all', executionMode: 'sequential',
    enableProfiling: true, profileFilePrefix: `/tmp/unroll_prof_${cell}_${T}_${H}_${lowering}`,
  });
  const r = new Rng(1);
  const init = m.initParams(input, r);
  const feeds: Record<string, ort.Tensor> = {
    x: new ort.Tensor('float32', Float32Array.from(r.uniformArray(B * T * I, -1, 1)), [B, T, I]),
    y: new ort.Tensor('float32', Float32Array.from(r.uniformArray(B, -1, 1)), [B, 1]),
    step: new ort.Tensor('float32', new Float32Array([1]), []),
    lr: new ort.Tensor('float32', new Float32Array([1e-3]), []),
  };
  for (const p of sg.params) feeds[p.key] = new ort.Tensor('float32', Float32Array.from(init.get(p.key)!), p.shape);
  for (const sl of sg.slots) feeds[sl.input] = new ort.Tensor('float32', new Float32Array(sl.shape.reduce((a, b) => a * b, 1)).fill(sl.init), sl.shape);
  for (let i = 0; i < 5; i++) await s.run(feeds);
  const file = (s as unknown as { endProfiling(): string }).endProfiling?.();
  await s.release();
  void tensor;
  const prefix = `unroll_prof_${cell}_${T}_${H}_${lowering}`;
  const found = fs.readdirSync('/tmp').filter((x) => x.startsWith(prefix)).sort().pop();
  const path = typeof file === 'string' && fs.existsSync(file) ? file : found ? `/tmp/${found}` : '';
  if (!path || !fs.existsSync(path)) { console.log('  (no profile file found)'); return; }
  const ev = JSON.parse(fs.readFileSync(path, 'utf8')) as { cat: string; name: string; dur: number; args?: { op_name?: string } }[];
  const byOp = new Map<string, number>();
  let total = 0;
  for (const e of ev) {
    if (e.cat !== 'Node' || !e.name.endsWith('_kernel_time')) continue;
    const k = e.args?.op_name ?? '?';
    byOp.set(k, (byOp.get(k) ?? 0) + e.dur);
    if (k !== 'Scan') total += e.dur;
  }
  const top = [...byOp.entries()].sort((a, b) => b[1] - a[1]).slice(0, 14);
  console.log(`  ORT profile (5 steps), µs per step by op (Scan = whole loop incl. body; others are summed incl. inside bodies; non-Scan total ${(total / 5 / 1000).toFixed(1)} ms):`);
  for (const [k, v] of top) console.log(`    ${k.padEnd(22)} ${(v / 5).toFixed(0).padStart(9)}`);
  fs.unlinkSync(path);
}

async function main(): Promise<void> {
  const cells = arg('cells', 'LSTM,GRU,SimpleRNN').split(',') as Cell[];
  const Ts = arg('T', '50,200').split(',').map(Number);
  const Hs = arg('H', '256').split(',').map(Number);
  const lowerings = arg('lowerings', 'scan,unrolled').split(',') as Lowering[];
  const o = preset('full');
  o.windowMs = Number(arg('ms', '1000'));
  if (arg('threads', '')) o.threads = Number(arg('threads', ''));
  for (const cell of cells)
    for (const T of Ts)
      for (const H of Hs)
        for (const l of lowerings) {
          const r = await engineRate(cell, T, H, o, l);
          console.log(`${cell.padEnd(9)} T=${String(T).padEnd(4)} H=${String(H).padEnd(4)} ${l.padEnd(8)} ${r.stepsPerSec.toFixed(2).padStart(8)}/s  (windows ${r.windows.map((x) => x.toFixed(2)).join(', ')})  cpu ${r.cpuMsPerStep.toFixed(2)} ms/step`);
          if (process.argv.includes('ortprofile')) await ortProfile(cell, T, H, l);
        }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
