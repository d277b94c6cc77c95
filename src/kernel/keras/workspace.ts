// Files a cell may touch: only inside the workspace folder. A path is resolved against the
// folder, and both the path as written and the real path (symlinks followed, for the file or,
// when it does not exist yet, its nearest existing parent) must stay inside the folder's real
// path, so neither `..` nor a symlink leads out.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { PyException } from '../../language';
import { kerasEnvironment } from './env';

function inside(root: string, p: string): boolean {
  const rel = path.relative(root, p);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}

/** The nearest existing ancestor's real path joined with the rest (for files about to be written). */
function realPathOfNearest(p: string): string {
  let existing = p;
  const rest: string[] = [];
  while (!fs.existsSync(existing)) {
    rest.unshift(path.basename(existing));
    const parent = path.dirname(existing);
    if (parent === existing) break;
    existing = parent;
  }
  return path.join(fs.realpathSync(existing), ...rest);
}

/** An absolute path inside `root` for `file`, or a PermissionError that says why not. */
function confinedPath(root: string | undefined, file: string): string {
  if (!root) throw new PyException('PermissionError', `cannot use '${file}': no workspace folder is open, and cells only read and write files inside the workspace`);
  const resolved = path.resolve(root, file);
  if (!inside(root, resolved)) throw new PyException('PermissionError', `'${file}' is outside the workspace folder; cells only read and write files inside it`);
  const realRoot = fs.realpathSync(root);
  if (!inside(realRoot, realPathOfNearest(resolved))) throw new PyException('PermissionError', `'${file}' leads outside the workspace folder through a symbolic link; cells only read and write files inside it`);
  return resolved;
}

function workspacePath(file: string): string {
  return confinedPath(kerasEnvironment().workspaceRoot, file);
}

export function readWorkspaceFile(file: string): string {
  const p = workspacePath(file);
  try {
    return fs.readFileSync(p, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new PyException('FileNotFoundError', `No such file in the workspace: '${file}'`);
    if (code === 'EISDIR') throw new PyException('IsADirectoryError', `'${file}' is a directory`);
    throw new PyException('OSError', `cannot read '${file}': ${(e as Error).message}`);
  }
}

export function writeWorkspaceFile(file: string, data: string | Uint8Array): string {
  const p = workspacePath(file);
  try {
    fs.mkdirSync(path.dirname(p), { recursive: true });
    fs.writeFileSync(p, data);
  } catch (e) {
    throw new PyException('OSError', `cannot write '${file}': ${(e as Error).message}`);
  }
  return p;
}
