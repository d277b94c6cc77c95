// The GPU rows of `npm run gpu-check`: one training step (forward + BPTT + Adam; LSTM → Dense(1),
// mse, input dim 32) timed on each GPU provider and lowering against our CPU step (Scan, intra-op
// threads = physical cores), in the same process on the same machine. Prints a table.
//
//   node out/test/webgpu/gpuSteps.js [--providers webgpu,cuda] [--B 64] [--T 200] [--H 512] [--seconds 20]
//
// Not a mocha file: scripts/gpu-check.js runs it with the Vulkan environment WebGPU needs.
import { Dense, LSTM, Sequential, resetNames } from '../../src/engine/layers';
import { NodeRuntime, physicalCores, type ProviderName, tensor } from '../../src/engine/runtime';
import { Trainer } from '../../src/engine/train';
import { Rng } from '../../src/engine/util/rng';

interface Options {
  providers: ProviderName[];
  B: number;
  T: number;
  H: number;
  /** Time budget for the timed steps of one row (after its first step). */
  seconds: number;
}

function parseArgs(argv: string[]): Options {
  const o: Options = { providers: ['webgpu'], B: 64, T: 200, H: 512, seconds: 20 };
  for (let i = 0; i < argv.length; i++) {
    const [flag, value] = [argv[i], argv[i + 1]];
    if (flag === '--providers') o.providers = value.split(',').filter(Boolean) as ProviderName[];
    else if (flag === '--B' || flag === '--T' || flag === '--H' || flag === '--seconds') {
      const n = Number(value);
      if (!Number.isFinite(n) || n <= 0) throw new Error(`${flag} takes a positive number, got ${value}`);
      o[flag.slice(2) as 'B' | 'T' | 'H' | 'seconds'] = n;
    } else throw new Error(`gpuSteps: unknown argument ${flag}`);
    i++;
  }
  return o;
}

interface Row {
  provider: ProviderName;
  lowering: 'scan' | 'unrolled';
  ranOn?: ProviderName;
  note?: string;
  firstMs?: number;
  medianMs?: number;
  steps?: number;
  onCpu?: string;
}

const INPUT_DIM = 32;

async function timeRow(rt: NodeRuntime, o: Options, provider: ProviderName, lowering: 'scan' | 'unrolled'): Promise<Row> {
  resetNames();
  const trainer = new Trainer(rt, new Sequential().add(new LSTM(o.H)).add(new Dense(1)), { shape: ['T', INPUT_DIM], dtype: 'float' }, { shape: [1], dtype: 'float' }, { loss: 'mse', optimizer: 'adam' }, { seed: 1, lowering, session: { provider, intraOpThreads: physicalCores() } });
  const rng = new Rng(2);
  const x = tensor('float32', [o.B, o.T, INPUT_DIM], Float32Array.from({ length: o.B * o.T * INPUT_DIM }, () => rng.uniform(-1, 1)));
  const y = tensor('float32', [o.B, 1], Float32Array.from({ length: o.B }, () => rng.uniform(-1, 1)));
  const row: Row = { provider, lowering };
  try {
    const t0 = performance.now();
    await trainer.trainBatch(x, y); // session creation and, on WebGPU, every shader's compilation
    row.firstMs = performance.now() - t0;
    row.ranOn = trainer.provider;
    if (trainer.fallbackReason) row.note = trainer.fallbackReason;
    if (trainer.placement) row.onCpu = `${trainer.placement.onCpu}/${trainer.placement.nodes}`;
    const times: number[] = [];
    const until = performance.now() + o.seconds * 1000;
    while (times.length < 3 || (performance.now() < until && times.length < 200)) {
      const s = performance.now();
      await trainer.trainBatch(x, y);
      times.push(performance.now() - s);
    }
    times.sort((a, b) => a - b);
    row.medianMs = times[times.length >> 1];
    row.steps = times.length;
    row.ranOn = trainer.provider;
  } catch (e) {
    row.note = `failed: ${(e as Error).message.split('\n')[0].slice(0, 160)}`;
  } finally {
    await trainer.dispose();
  }
  return row;
}

async function main(): Promise<void> {
  const o = parseArgs(process.argv.slice(2));
  const rt = new NodeRuntime();
  console.log(`GPU step times: LSTM B${o.B} T${o.T} H${o.H} (input ${INPUT_DIM}, Dense(1), mse, Adam); CPU with ${physicalCores()} intra-op threads`);
  const rows: Row[] = [await timeRow(rt, o, 'cpu', 'scan')];
  for (const p of o.providers) for (const lowering of ['unrolled', 'scan'] as const) rows.push(await timeRow(rt, o, p, lowering));
  const cpuMs = rows[0].medianMs;
  const fmt = (v: number | undefined, digits = 1) => (v === undefined ? '-' : v.toFixed(digits));
  console.log(`\n| provider | lowering | ran on | first step ms | median step ms | steps | CPU step / this | nodes on CPU | note |`);
  console.log(`|---|---|---|---|---|---|---|---|---|`);
  for (const r of rows) {
    const ratio = cpuMs !== undefined && r.medianMs !== undefined ? `${(cpuMs / r.medianMs).toFixed(2)}×` : '-';
    console.log(`| ${r.provider} | ${r.lowering} | ${r.ranOn ?? '-'} | ${fmt(r.firstMs, 0)} | ${fmt(r.medianMs)} | ${r.steps ?? '-'} | ${ratio} | ${r.onCpu ?? '-'} | ${r.note ?? ''} |`);
  }
}

main().then(
  () => process.exit(0),
  (e) => {
    console.error(e);
    process.exit(1);
  },
);
