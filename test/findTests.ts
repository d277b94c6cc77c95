// The one test finder: every `*.test.js` below a folder, sorted, depth first. Used by the in-host
// runner (test/vscode/index.ts) and the e2e runner (scripts/run-e2e.js reads the compiled copy).
import * as fs from 'node:fs';
import * as path from 'node:path';

export function findTests(dir: string, out: string[] = []): string[] {
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
