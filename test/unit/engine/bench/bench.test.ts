// Keeps `npm run bench` from rotting: the --quick preset's code path on one tiny row (engine,
// TF.js wasm peer, MatMul reference, build+create, memory), the table and the JSON. No
// wall-clock assertions: only that every number is there, finite and positive.
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { formatTable, preset, runBench, writeJson } from '../../../../bench/run';

describe('bench: --quick logic on one tiny row', function () {
  this.timeout(300000);

  it('measures, prints every target as held / not held, and writes JSON', async () => {
    const o = preset('quick');
    Object.assign(o, {
      cells: ['LSTM'], Ts: [5, 10], Hs: [8, 256], batch: 4, inputDim: 3,
      windows: 1, windowMs: 20, unrolled: true, matmulN: 32,
      peer: { budgetMsPerConfig: 0, totalBudgetMs: 0 },
      build: { cell: 'LSTM', H: 8, reps: 1 },
      memory: { cell: 'LSTM', T: 5, H: 8, epochs: 2, samples: 8 },
      panels: null, // needs the webpack bundles and Chromium, which the unit layer runs without
    });
    const r = await runBench(o);
    assert.strictEqual(r.rows.length, 4);
    for (const row of r.rows) {
      assert.ok(Number.isInteger(row.scan.threads) && row.scan.threads! >= 1, `threads ${row.scan.threads}`);
      // At H ≥ 256 the MatMul reference is timed between the row's own windows.
      assert.strictEqual(row.scan.matmulBeside?.length, row.H >= 256 ? o.windows : undefined);
      for (const v of [row.scan.stepsPerSec, row.unrolled!.stepsPerSec, row.peer!.stepsPerSec, row.ratio!, row.gflopsPerSec, row.matmulShare]) {
        assert.ok(Number.isFinite(v) && v > 0, `${row.cell} T=${row.T}: ${v}`);
      }
    }
    assert.ok(r.matmul.gflopsPerSec > 0);
    assert.ok(r.build.scanSameBytesForEveryT, 'the Scan graph must not depend on T');
    assert.deepStrictEqual(r.build.timings.map((b) => `${b.lowering}${b.T}`), ['scan5', 'scan10', 'unrolled5', 'unrolled10']);
    assert.strictEqual(r.memory.rssMB.length, 2);
    assert.strictEqual(r.linearInT.length, 2);
    const table = formatTable(r);
    for (const t of r.targets) assert.ok(table.includes(t.name), t.name);
    assert.ok(/\[(held|NOT held)\] ≥30× TF\.js-wasm/.test(table));
    assert.ok(table.includes('build + create'));
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'unroll-bench-')), 'bench.json');
    writeJson(r, file);
    const back = JSON.parse(fs.readFileSync(file, 'utf8')) as { rows: unknown[]; targets: unknown };
    assert.strictEqual(back.rows.length, 4);
    assert.ok(Array.isArray(back.targets));
  });

  it('the full preset covers the DESIGN §7 grid', () => {
    const o = preset('full');
    assert.deepStrictEqual([o.cells, o.Ts, o.Hs, o.batch, o.inputDim, o.matmulN], [['SimpleRNN', 'LSTM', 'GRU'], [50, 200], [64, 256], 32, 32, 1024]);
  });
});
