/**
 * Prints the TensorFlow.js peer table: `node out/bench/run-peer.js [--cpu] [--quick] [--json]`.
 * --quick shrinks the per-configuration budget (smoke runs); --json prints rows as JSON.
 */
import { formatHeader, measureTfjsPeer } from './tfjs-peer';

async function main(): Promise<void> {
  const args = new Set(process.argv.slice(2));
  const json = args.has('--json');
  const started = performance.now();
  const { info, rows } = await measureTfjsPeer({
    backend: args.has('--cpu') ? 'cpu' : 'wasm',
    budgetMsPerConfig: args.has('--quick') ? 300 : 3000,
    totalBudgetMs: args.has('--quick') ? 30000 : 120000,
    log: json ? undefined : (line) => console.log(line),
  });
  if (json) {
    console.log(JSON.stringify({ info, rows }, null, 2));
    return;
  }
  const note = info.backend === 'wasm'
    ? `wasm (SIMD ${info.simd ? 'on' : 'off'}, threads ${info.multithread ? 'on' : 'off: single-threaded'})`
    : `cpu FALLBACK — ${info.fallbackReason}`;
  console.log(`TensorFlow.js 4.22 peer: ${note}; sweep took ${((performance.now() - started) / 1000).toFixed(1)} s`);
}

// Header first, then rows stream in as they are measured.
if (!process.argv.includes('--json')) console.log(formatHeader());
main().catch((e) => {
  console.error(e);
  process.exit(1);
});
