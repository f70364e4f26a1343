import { readFileSync, realpathSync, statSync } from 'node:fs';
import { basename, dirname, isAbsolute, join, resolve } from 'node:path';

/** A project: the git top-level of a working directory (worktrees map to their main repo), else the directory itself. */
export interface ProjectIdentity {
  /** Absolute path that identifies the project. Two folders with the same name are two projects. */
  root: string;
  /** Display name: the last path segment of `root`. */
  name: string;
}

/**
 * The one resolver every read and write path uses. It reads `.git` files instead of spawning
 * git, because it runs inside hooks where every millisecond counts. Symlinks are resolved first,
 * so one folder reached by two paths is one project (git records worktrees by real path too).
 */
export function resolveProject(cwd: string): ProjectIdentity {
  const start = realOrResolved(cwd);
  let dir = start;
  for (;;) {
    const root = rootAt(dir);
    if (root) return { root, name: basename(root) || root };
    const parent = dirname(dir);
    if (parent === dir) return { root: start, name: basename(start) || start };
    dir = parent;
  }
}

/** The project root if `dir` holds a `.git` directory or file, else undefined. */
function rootAt(dir: string): string | undefined {
  const dotGit = join(dir, '.git');
  let isDir: boolean;
  try {
    isDir = statSync(dotGit).isDirectory();
  } catch (err) {
    void err; // ENOENT (the common case), or unreadable: either way no repository here
    return undefined;
  }
  return isDir ? dir : (mainRepoOfGitFile(dotGit) ?? dir);
}

/**
 * A `.git` *file* points at a git dir. For a linked worktree that git dir has a `commondir`
 * naming the main repository's `.git`; its parent is the project. A submodule has no
 * `commondir` and stays its own project. An unreadable or odd file also leaves it its own project.
 */
function mainRepoOfGitFile(dotGitFile: string): string | undefined {
  const text = readOrUndefined(dotGitFile);
  const m = text === undefined ? null : /^gitdir:\s*(.+?)\s*$/m.exec(text);
  if (!m?.[1]) return undefined;
  const gitDir = resolve(dirname(dotGitFile), m[1]);
  const common = readOrUndefined(join(gitDir, 'commondir'))?.trim();
  if (!common) return undefined;
  const commonDir = realOrResolved(isAbsolute(common) ? common : resolve(gitDir, common));
  return basename(commonDir) === '.git' ? dirname(commonDir) : commonDir;
}

function readOrUndefined(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch (err) {
    void err; // missing (a submodule has no commondir) or unreadable: the caller falls back
    return undefined;
  }
}

function realOrResolved(path: string): string {
  try {
    return realpathSync(resolve(path));
  } catch (err) {
    void err; // a cwd that no longer exists still names a project
    return resolve(path);
  }
}
