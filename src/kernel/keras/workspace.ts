// Files a cell may touch: only inside the workspace folder, done the way hardened tools do it.
// A path is resolved against the folder (`\` counts as a separator, as on Windows); the path as
// written and the real path of its folder (symlinks followed) must stay inside the folder's real
// path. The file itself is opened with O_NOFOLLOW for writing (a symlink as the last component,
// dangling or not, is refused), and what was opened is checked again through the descriptor
// before a byte is read or written, so a folder swapped for a symlink between the check and the
// open cannot lead out either. Reads and writes then go through that checked descriptor.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { PyException } from '../../language';
import { decodeUtf8 } from '../../protocol/utf8';

function inside(root: string, p: string): boolean {
  const rel = path.relative(root, p);
  return rel === '' || (rel !== '..' && !rel.startsWith(`..${path.sep}`) && !path.isAbsolute(rel));
}

function present(p: string): boolean {
  try {
    fs.lstatSync(p); // a link counts, even one that points to nothing
    return true;
  } catch {
    return false;
  }
}

/** The nearest present ancestor's real path joined with the rest (for folders about to be made). */
function realPathOfNearest(p: string): string {
  let existing = p;
  const rest: string[] = [];
  while (!present(existing)) {
    rest.unshift(path.basename(existing));
    const parent = path.dirname(existing);
    if (parent === existing) break;
    existing = parent;
  }
  return path.join(fs.realpathSync(existing), ...rest);
}

const outside = (file: string) => new PyException('PermissionError', `'${file}' is outside the workspace folder; cells only read and write files inside it`);
const throughLink = (file: string) => new PyException('PermissionError', `'${file}' leads outside the workspace folder through a symbolic link; cells only read and write files inside it`);

interface Target {
  /** The workspace folder's real path. */
  realRoot: string;
  /** The file's absolute path as written (resolved against the folder). */
  resolved: string;
}

/** Where `file` is, or a PermissionError that says why it may not be used. */
function target(root: string | undefined, file: string): Target {
  if (!root) throw new PyException('PermissionError', `cannot use '${file}': no workspace folder is open, and cells only read and write files inside the workspace`);
  const resolved = path.resolve(root, file.replace(/\\/g, '/'));
  if (!inside(root, resolved)) throw outside(file);
  const realRoot = fs.realpathSync(root);
  let realFolder: string;
  try {
    realFolder = realPathOfNearest(path.dirname(resolved));
  } catch {
    throw new PyException('PermissionError', `'${file}' goes through a symbolic link that points to nothing; cells only read and write files inside the workspace`);
  }
  if (!inside(realRoot, realFolder)) throw throughLink(file);
  return { realRoot, resolved };
}

/** The real path of what the descriptor opened (Linux and macOS name it; elsewhere undefined). */
function openedPath(fd: number): string | undefined {
  for (const link of [`/proc/self/fd/${fd}`, `/dev/fd/${fd}`]) {
    try {
      return fs.realpathSync(link);
    } catch {
      /* not this platform's way */
    }
  }
  return undefined;
}

/**
 * Checks what `fd` opened: a regular file inside the workspace. Where the platform cannot name
 * an open descriptor, the file's identity (device and inode) must match the path's real target.
 */
function checkOpened(fd: number, t: Target, file: string): void {
  const stat = fs.fstatSync(fd);
  if (!stat.isFile()) throw new PyException('IsADirectoryError', `'${file}' is not a regular file`);
  const opened = openedPath(fd);
  if (opened !== undefined) {
    if (!inside(t.realRoot, opened)) throw throughLink(file);
    return;
  }
  const real = fs.statSync(fs.realpathSync(t.resolved));
  if (real.dev !== stat.dev || real.ino !== stat.ino || !inside(t.realRoot, fs.realpathSync(t.resolved))) throw throughLink(file);
}

function osError(e: unknown, file: string, what: 'read' | 'write'): PyException {
  if (e instanceof PyException) return e;
  const code = (e as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return new PyException('FileNotFoundError', `No such file in the workspace: '${file}'`);
  if (code === 'EISDIR') return new PyException('IsADirectoryError', `'${file}' is a directory`);
  if (code === 'ELOOP') return new PyException('PermissionError', `'${file}' is a symbolic link; cells write files only, never through links`);
  return new PyException('OSError', `cannot ${what} '${file}': ${(e as Error).message}`);
}

/** For tests of the check-then-open race: runs between the checks on the path and the open. */
export interface ConfinementProbe {
  beforeOpen?(): void;
}

/** The file's text; bytes that are not UTF-8 are an error that says where, as Python's open() would raise. */
function utf8Text(bytes: Uint8Array, file: string): string {
  const decoded = decodeUtf8(bytes);
  if ('text' in decoded) return decoded.text;
  const { byte, line, column } = decoded.problem;
  throw new PyException('UnicodeDecodeError', `'${file}' is not UTF-8 text: line ${line}, column ${column} (byte 0x${byte.toString(16).padStart(2, '0')})`);
}

/** `root`: the kernel's workspace folder (KernelContext.workspaceRoot); none refuses every file. */
export function readWorkspaceFile(root: string | undefined, file: string, probe: ConfinementProbe = {}): string {
  const t = target(root, file);
  let fd: number | undefined;
  try {
    probe.beforeOpen?.();
    fd = fs.openSync(t.resolved, fs.constants.O_RDONLY);
    checkOpened(fd, t, file);
    return utf8Text(fs.readFileSync(fd), file);
  } catch (e) {
    throw osError(e, file, 'read');
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}

/**
 * Writes `data` to `file` in the workspace and returns its path. The file is opened without
 * truncating, checked, then truncated and written through the descriptor: a failed check leaves
 * whatever the path led to as it was (at most an empty new file, where a folder was swapped for
 * a link in the instant between the checks and the open: Node has no openat to close that).
 */
export function writeWorkspaceFile(root: string | undefined, file: string, data: string | Uint8Array, probe: ConfinementProbe = {}): string {
  const t = target(root, file);
  let fd: number | undefined;
  try {
    fs.mkdirSync(path.dirname(t.resolved), { recursive: true });
    if (!inside(t.realRoot, fs.realpathSync(path.dirname(t.resolved)))) throw throughLink(file);
    probe.beforeOpen?.();
    fd = fs.openSync(t.resolved, fs.constants.O_WRONLY | fs.constants.O_CREAT | fs.constants.O_NOFOLLOW, 0o666);
    checkOpened(fd, t, file);
    fs.ftruncateSync(fd, 0);
    fs.writeFileSync(fd, data);
  } catch (e) {
    throw osError(e, file, 'write');
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
  return t.resolved;
}
