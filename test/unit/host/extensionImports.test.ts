// The extension host bundle (dist/extension.js) is loaded on every VS Code start and carries
// no engine, kernel, interpreter or numpy implementation (DESIGN.md §2): the editor reads
// declarations only. Checked without building, by walking the import graph from
// src/extension.ts with TypeScript's own parser and module resolution. Type-only imports are
// skipped (they leave no code); every other import counts, so the walk may see more than
// webpack keeps, never less.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as ts from 'typescript';

const REPO = path.join(__dirname, '..', '..', '..', '..');
const OPTIONS: ts.CompilerOptions = { moduleResolution: ts.ModuleResolutionKind.Node10, allowJs: false };

/** The modules the extension host must not reach: they run only in the kernel's worker threads. */
const KERNEL_ONLY = ['src/engine/', 'src/kernel/', 'src/language/interp/', 'src/language/numpy/'];

/** The specifiers of a file's imports that leave code behind (not `import type`/`export type`); `dynamic`: `import()` and `require()` too. */
function valueImports(file: string, dynamic = true): string[] {
  const source = ts.createSourceFile(file, fs.readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
  const specifiers: string[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isImportDeclaration(node) && !node.importClause?.isTypeOnly && ts.isStringLiteral(node.moduleSpecifier)) specifiers.push(node.moduleSpecifier.text);
    else if (ts.isExportDeclaration(node) && !node.isTypeOnly && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier)) specifiers.push(node.moduleSpecifier.text);
    else if (ts.isImportEqualsDeclaration(node) && !node.isTypeOnly && ts.isExternalModuleReference(node.moduleReference) && ts.isStringLiteral(node.moduleReference.expression)) specifiers.push(node.moduleReference.expression.text);
    else if (dynamic && ts.isCallExpression(node) && (node.expression.kind === ts.SyntaxKind.ImportKeyword || (ts.isIdentifier(node.expression) && node.expression.text === 'require'))) {
      const [arg] = node.arguments;
      if (arg && ts.isStringLiteralLike(arg)) specifiers.push(arg.text);
      else assert.fail(`${path.relative(REPO, file)}: a dynamic import or require of a computed name cannot be checked`);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return specifiers;
}

/** Every source file of this repository reachable from `entry`, with the file that first imported it; `dynamic`: through `import()` too. */
function reachable(entry: string, dynamic = true): Map<string, string | undefined> {
  const parents = new Map<string, string | undefined>([[entry, undefined]]);
  const queue = [entry];
  while (queue.length) {
    const file = queue.shift()!;
    for (const specifier of valueImports(path.join(REPO, file), dynamic)) {
      const resolved = ts.resolveModuleName(specifier, path.join(REPO, file), OPTIONS, ts.sys).resolvedModule;
      if (!resolved || resolved.isExternalLibraryImport) {
        assert.ok(!specifier.startsWith('.'), `${file}: '${specifier}' does not resolve`);
        continue;
      }
      const target = path.relative(REPO, resolved.resolvedFileName).split(path.sep).join('/');
      if (parents.has(target)) continue;
      parents.set(target, file);
      queue.push(target);
    }
  }
  return parents;
}

function chain(parents: Map<string, string | undefined>, file: string): string {
  const files = [file];
  for (let p = parents.get(file); p !== undefined; p = parents.get(p)) files.unshift(p);
  return files.join(' → ');
}

const kernelOnly = (file: string): boolean => KERNEL_ONLY.some(prefix => file.startsWith(prefix));

describe('host: the extension bundle reaches no kernel-side module', () => {
  it('src/extension.ts imports no engine, kernel, interpreter or numpy module, directly or through others', () => {
    const parents = reachable('src/extension.ts');
    const offending = [...parents.keys()].filter(kernelOnly).map(file => chain(parents, file));
    assert.deepEqual(offending, []);
  });

  it('the editor still reaches the analyser and the declarations it reads', () => {
    const files = reachable('src/extension.ts');
    for (const file of [
      'src/host/editor/languageProviders.ts', 'src/language/analysis/analyser.ts', 'src/keras/surface.ts',
      'src/language/declarations/numpy.ts', 'src/language/declarations/stdlib.ts', 'src/language/declarations/builtins.ts',
    ]) assert.ok(files.has(file), file);
  });

  it('the analyser and the Python parser load on first use (a chunk of their own), not with the bundle VS Code loads at start', () => {
    const parents = reachable('src/extension.ts', false);
    const eager = [...parents.keys()].filter(f => f.startsWith('src/language/parse/') || f.startsWith('src/language/analysis/')).map(file => chain(parents, file));
    assert.deepEqual(eager, []);
    assert.ok(reachable('src/extension.ts').has('src/language/analysis/editorServices.ts'), 'loaded by import()');
  });

    it('the walk finds kernel-side modules where they are imported (the kernel worker reaches numpy, the interpreter and the engine)', () => {
    const files = reachable('src/kernel/kernelWorker.ts');
    for (const file of ['src/language/numpy/module.ts', 'src/language/interp/builtins.ts', 'src/language/interp/stdlib.ts']) assert.ok(files.has(file), file);
    assert.ok([...files.keys()].some(f => f.startsWith('src/engine/')), 'an engine module');
  });
});
