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

type MochaModule = typeof import('mocha');

// mocha 12's package entry is ESM; its CommonJS build sits next to it.
function loadMocha(): MochaModule {
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return require('mocha/lib/mocha.cjs');
  } catch {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return require('mocha');
  }
}

function findTests(dir: string, out: string[] = []): string[] {
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(dir, { withFileTypes: true });
  } catch {
    return out;
  }
  for (const e of entries.sort((a, b) => a.name.localeCompare(b.name))) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) findTests(p, out);
    else if (e.isFile() && e.name.endsWith('.test.js')) out.push(p);
  }
  return out;
}

export function run(): Promise<void> {
  const Mocha = loadMocha();
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
      console.error(`[unroll-tests] could not write ${reportFile}: ${e}`);
    }
  };

  return new Promise<void>((resolve, reject) => {
    if (files.length === 0) {
      const msg = `[unroll-tests] no *.test.js files under ${suiteDir}`;
      console.error(msg);
      writeReport({ passes: 0, failures: 1, pending: 0, tests: 0, error: msg });
      base.consoleLog = origConsoleLog;
      reject(new Error(msg));
      return;
    }
    console.log(`[unroll-tests] running ${files.length} file(s) from ${suiteDir}`);
    try {
      const runner = mocha.run((failures: number) => {
        const stats = runner.stats ?? { passes: 0, failures, pending: 0, tests: 0 };
        const summary = `[unroll-tests] done: ${stats.passes} passing, ${failures} failing, ${stats.pending} pending`;
        console.log(summary);
        captured.push(summary + '\n');
        writeReport({ passes: stats.passes, failures, pending: stats.pending, tests: stats.tests });
        base.consoleLog = origConsoleLog;
        if (failures > 0) reject(new Error(`${failures} test(s) failed.`));
        else resolve();
      });
    } catch (err) {
      console.error('[unroll-tests] mocha crashed:', err);
      captured.push(`mocha crashed: ${err instanceof Error ? err.stack : String(err)}\n`);
      writeReport({ passes: 0, failures: 1, pending: 0, tests: 0, error: String(err) });
      base.consoleLog = origConsoleLog;
      reject(err);
    }
  });
}
