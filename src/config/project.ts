import { existsSync, readFileSync, statSync } from 'node:fs';
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
 * git, because it runs inside hooks where every millisecond counts.
 */
export function resolveProject(cwd: string): ProjectIdentity {
  const start = resolve(cwd);
  let dir = start;
  for (;;) {
    const dotGit = join(dir, '.git');
    if (existsSync(dotGit)) {
      const root = statSync(dotGit).isDirectory() ? dir : (mainRepoOfGitFile(dotGit) ?? dir);
      return { root, name: basename(root) || root };
    }
    const parent = dirname(dir);
    if (parent === dir) return { root: start, name: basename(start) || start };
    dir = parent;
  }
}

/**
 * A `.git` *file* points at a git dir. For a linked worktree that git dir has a `commondir`
 * naming the main repository's `.git`; its parent is the project. A submodule has no
 * `commondir` and stays its own project.
 */
function mainRepoOfGitFile(dotGitFile: string): string | undefined {
  const m = /^gitdir:\s*(.+)\s*$/m.exec(readFileSync(dotGitFile, 'utf8'));
  if (!m?.[1]) return undefined;
  const gitDir = resolve(dirname(dotGitFile), m[1].trim());
  const commonFile = join(gitDir, 'commondir');
  if (!existsSync(commonFile)) return undefined;
  const common = readFileSync(commonFile, 'utf8').trim();
  const commonDir = isAbsolute(common) ? common : resolve(gitDir, common);
  return basename(commonDir) === '.git' ? dirname(commonDir) : commonDir;
}
