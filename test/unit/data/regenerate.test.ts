// media/data is exactly what scripts/data/build-all.js makes from its sources.
import * as assert from 'assert';
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { DATA_DIR, REPO } from './helpers';

function listFiles(root: string, dir = ''): string[] {
  return fs.readdirSync(path.join(root, dir), { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? listFiles(root, path.join(dir, e.name)) : [path.join(dir, e.name)],
  ).sort();
}

describe('datasets: regeneration', () => {
  it('scripts/data/build-all.js reproduces media/data byte for byte', () => {
    const out = fs.mkdtempSync(path.join(os.tmpdir(), 'unroll-data-'));
    try {
      execFileSync(process.execPath, [path.join(REPO, 'scripts', 'data', 'build-all.js'), '--out', out], { cwd: REPO, stdio: 'pipe' });
      const built = listFiles(out), shipped = listFiles(DATA_DIR);
      assert.deepStrictEqual(built, shipped);
      for (const f of built) assert.ok(fs.readFileSync(path.join(out, f)).equals(fs.readFileSync(path.join(DATA_DIR, f))), `${f} differs`);
    } finally {
      fs.rmSync(out, { recursive: true, force: true });
    }
  });

  it('keeps the shipped data small (under 4 MB, as issue 6 asks: a few MB in all) and every set has a README with source and licence', () => {
    const files = listFiles(DATA_DIR);
    const total = files.reduce((s, f) => s + fs.statSync(path.join(DATA_DIR, f)).size, 0);
    assert.ok(total < 4_000_000, `${total} bytes`);
    for (const dir of new Set(files.map((f) => f.split(path.sep)[0]).filter((d) => d !== 'README.md'))) {
      const readme = fs.readFileSync(path.join(DATA_DIR, dir, 'README.md'), 'utf8');
      assert.match(readme, /Source/);
      assert.match(readme, /Licen[cs]e/);
    }
  });
});
