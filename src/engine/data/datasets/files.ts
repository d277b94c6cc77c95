// The one place a loader touches the file system. Loaders receive a `DataFiles` reader rather
// than a path, so a host without `fs` (a web worker) can hand in its own reader over the same
// relative paths; the Node kernel passes nodeDataFiles(<extension>/media/data).
import * as fs from 'fs';
import * as path from 'path';

/** Reads a shipped data file by its path relative to media/data ('sentiment/sentences.jsonl'). */
export type DataFiles = (relativePath: string) => string;

export function nodeDataFiles(baseDir: string): DataFiles {
  const root = path.resolve(baseDir);
  return (relativePath) => {
    const full = path.resolve(root, relativePath);
    // Shipped names are fixed by the loaders; refusing '..' keeps a reader rooted at baseDir.
    if (!full.startsWith(root + path.sep)) throw new Error(`data file outside ${root}: ${relativePath}`);
    return fs.readFileSync(full, 'utf8');
  };
}
