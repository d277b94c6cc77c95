// The command line runs without VS Code: nothing it imports, directly or through another module,
// may import `vscode`. It borrows three modules from src/host (the kernel supervisor, the .rnnb
// format and the output metadata convention, all pure); this test fails if it reaches any other
// host module, or if one of those starts to import vscode. (The cli webpack bundle, which has no vscode external, fails
// to build in the same case; this test says so without a build.)
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { REPO_ROOT } from './cliTesting';

const IMPORT = /(?:^|\n)\s*(?:import|export)\s[^;]*?from\s+'([^']+)'|(?:^|\n)\s*import\s+'([^']+)'|require\('([^']+)'\)/g;

/** Every module reached from `entry` by its imports: repository-relative paths, and bare package names. */
function importClosure(entry: string): { files: Set<string>; packages: Set<string> } {
  const files = new Set<string>();
  const packages = new Set<string>();
  const visit = (file: string) => {
    const relative = path.relative(REPO_ROOT, file).split(path.sep).join('/');
    if (files.has(relative)) return;
    files.add(relative);
    const text = fs.readFileSync(file, 'utf8');
    for (const match of text.matchAll(IMPORT)) {
      const specifier = match[1] ?? match[2] ?? match[3];
      if (!specifier.startsWith('.')) {
        packages.add(specifier);
        continue;
      }
      const base = path.resolve(path.dirname(file), specifier);
      const resolved = [`${base}.ts`, path.join(base, 'index.ts')].find(candidate => fs.existsSync(candidate));
      assert.ok(resolved, `${relative}: cannot resolve '${specifier}'`);
      visit(resolved);
    }
  };
  visit(entry);
  return { files, packages };
}

describe('unroll run: layering', () => {
  const { files, packages } = importClosure(path.join(REPO_ROOT, 'src', 'cli', 'main.ts'));

  it('imports no vscode, directly or through the modules it uses', () => {
    assert.ok(files.size > 10, `the import walk found too little to mean anything: ${[...files].join(', ')}`);
    assert.ok(!packages.has('vscode'), `vscode is imported by the command line's modules: ${[...packages].join(', ')}`);
  });

  it('uses exactly the vscode-free host modules it shares with the extension (the kernel supervisor, the .rnnb format, output metadata)', () => {
    const host = [...files].filter(file => file.startsWith('src/host/')).sort();
    assert.deepEqual(host, ['src/host/kernelClient.ts', 'src/host/notebook/outputMetadata.ts', 'src/host/notebook/rnnbFormat.ts']);
  });

  it('starts the kernel through the worker script, never by importing the kernel or engine', () => {
    const inside = [...files].filter(file => file.startsWith('src/engine/') || file.startsWith('src/kernel/'));
    assert.deepEqual(inside, []);
  });
});
