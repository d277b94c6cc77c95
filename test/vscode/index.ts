// Mocha runner inside the VS Code extension host.
//
// Loaded by VS Code through `extensionTestsPath` (desktop: @vscode/test-electron; here and in
// CI: code-server + Chromium, see scripts/run-vscode-tests.js). VS Code calls `run()` and
// treats a rejected promise as a failed run (exit code 1).
//
// Output: the spec reporter writes through console.log, which the extension host forwards to
// the workbench (and from there to the harness). When UNROLL_TEST_REPORT is set (the
// code-server harness sets it), the reporter's text and the counts are also written to that
// file, so the harness can print the summary even if log forwarding is lossy.
import * as fs from 'fs';
import * as path from 'path';
import * as util from 'util';
import { pathToFileURL } from 'url';
import { findTests } from '../findTests';

type MochaModule = typeof import('mocha');

// mocha 12's package entry is ESM; its CommonJS build sits next to it but still require()s ESM
// files, which needs Node >= 20.19 (code-server uses the system Node). Older hosts (Electron's
// Node in desktop VS Code) fall back to a real dynamic import().
// eslint-disable-next-line @typescript-eslint/no-implied-eval -- a real import() that TypeScript's CommonJS output would turn into require()
const dynamicImport = new Function('specifier', 'return import(specifier)') as (s: string) => Promise<{ default: MochaModule }>;

/** A thrown value as text, whatever was thrown. */
function errorText(err: unknown): string {
  if (err === undefined || err === null) return '';
  return err instanceof Error ? err.message : typeof err === 'string' ? err : JSON.stringify(err);
}

async function loadMocha(): Promise<{ Mocha: MochaModule; esm: boolean }> {
  if (process.env.UNROLL_MOCHA_ESM !== '1') {
    try {
      // eslint-disable-next-line @typescript-eslint/no-require-imports -- mocha's CommonJS build, loaded synchronously where the host's Node allows it
      return { Mocha: require('mocha/lib/mocha.cjs') as MochaModule, esm: false };
    } catch {
      /* fall through to import() */
    }
  }
  const mod = await dynamicImport(pathToFileURL(require.resolve('mocha')).href);
  return { Mocha: mod.default ?? (mod as unknown as MochaModule), esm: true };
}

export async function run(): Promise<void> {
  const { Mocha, esm } = await loadMocha();
  const reportFile = process.env.UNROLL_TEST_REPORT;
  const captured: string[] = [];

  // Tee everything the reporter prints (Base.consoleLog is console.log; some reporters also
  // use process.stdout.write) into `captured`.
  const base = (Mocha as unknown as { reporters: { Base: { consoleLog: (...a: unknown[]) => void } } }).reporters.Base;
  const origConsoleLog = base.consoleLog;
  // Format here: the web workbench forwards console arguments joined, not printf-formatted.
  base.consoleLog = (...args: unknown[]) => {
    const line = util.format(...args);
    captured.push(line + '\n');
    origConsoleLog.call(console, line);
  };

  const mocha = new Mocha({
    ui: 'bdd',
    timeout: 120_000,
    color: false,
    reporter: 'spec',
    // Only the tests whose full title matches (scripts/run-vscode-tests.js passes the environment through).
    ...(process.env.UNROLL_TEST_GREP ? { grep: process.env.UNROLL_TEST_GREP } : {}),
  });
  (Mocha as unknown as { reporters: { Base: { useColors: boolean } } }).reporters.Base.useColors = false;

  const suiteDir = path.join(__dirname, 'suite');
  const files = findTests(suiteDir);
  for (const f of files) mocha.addFile(f);

  const writeReport = (data: Record<string, unknown>) => {
    if (!reportFile) return;
    try {
      fs.writeFileSync(reportFile, JSON.stringify({ ...data, output: captured.join('') }, null, 2));
    } catch (e) {
      console.error(`[unroll-tests] could not write ${reportFile}: ${errorText(e)}`);
    }
  };

  const fail = (msg: string, err?: unknown): never => {
    console.error(msg, err ?? '');
    captured.push(`${msg} ${err instanceof Error ? err.stack : errorText(err)}\n`);
    writeReport({ passes: 0, failures: 1, pending: 0, tests: 0, error: `${msg} ${errorText(err)}` });
    base.consoleLog = origConsoleLog;
    throw err instanceof Error ? err : new Error(msg);
  };

  if (files.length === 0) fail(`[unroll-tests] no *.test.js files under ${suiteDir}`);
  console.log(`[unroll-tests] running ${files.length} file(s) from ${suiteDir}${esm ? ' (mocha loaded with import())' : ''}`);
  if (esm) {
    try {
      await mocha.loadFilesAsync();
    } catch (err) {
      fail('[unroll-tests] could not load the test files:', err);
    }
  }

  const failures = await new Promise<number>((resolve, reject) => {
    try {
      const runner = mocha.run((n: number) => {
        const stats = runner.stats ?? { passes: 0, failures: n, pending: 0, tests: 0 };
        const summary = `[unroll-tests] done: ${stats.passes} passing, ${n} failing, ${stats.pending} pending`;
        console.log(summary);
        captured.push(summary + '\n');
        writeReport({ passes: stats.passes, failures: n, pending: stats.pending, tests: stats.tests });
        resolve(n);
      });
    } catch (err) {
      reject(err instanceof Error ? err : new Error(errorText(err)));
    }
  }).catch((err) => fail('[unroll-tests] mocha crashed:', err));
  base.consoleLog = origConsoleLog;
  if (failures > 0) throw new Error(`${failures} test(s) failed.`);
}
