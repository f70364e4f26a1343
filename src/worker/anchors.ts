import { execFile } from 'node:child_process';
import { isAbsolute, relative, resolve } from 'node:path';
import type { Logger } from '../log';
import { anchorTargets, probeFile, recordAnchors, type Db, type NewAnchor } from '../store';

/** Where a stored observation's files live: the repository top level and HEAD, when git knows them. */
export interface RepoState {
  top: string | null;
  head: string | null;
}

/** Ask git for the top level and HEAD of the repository at `dir`; nulls when git is missing or there are no commits. */
export type GitProbe = (dir: string) => Promise<RepoState>;

/**
 * Record, for each file a just-stored observation read or modified, the repository HEAD and the
 * file's size, mtime and sha256 (store/anchors.ts), so a later change marks the note "may be out
 * of date". Runs in the worker after the batch is stored, never in a hook; a file outside the
 * repository, a folder, or an unreadable file is recorded as unknown. Never throws.
 */
export async function anchorObservations(
  deps: { db: Db; logger: Logger; now: () => Date; git?: GitProbe },
  ids: readonly number[],
): Promise<void> {
  if (ids.length === 0) return;
  const git = deps.git ?? gitProbe();
  try {
    const repos = new Map<string, Promise<RepoState>>();
    for (const t of anchorTargets(deps.db, ids)) {
      if (t.files.length === 0) continue;
      const base = t.cwd ?? t.root;
      let repo = repos.get(base);
      if (!repo) repos.set(base, (repo = git(base)));
      const { top, head } = await repo;
      const inside = top ?? t.root;
      const anchors: NewAnchor[] = t.files.map((path) => {
        const abs = resolve(base, path);
        const rel = relative(inside, abs);
        const within = rel !== '' && !rel.startsWith('..') && !isAbsolute(rel);
        return within
          ? { path, absPath: abs, commit: head, probe: probeFile(abs) }
          : { path, absPath: null, commit: head, probe: null };
      });
      recordAnchors(deps.db, t.id, anchors, deps.now().toISOString());
    }
  } catch (err) {
    // Staleness is a hint: a failure leaves the notes unmarked ("unknown"), the memory itself is stored.
    deps.logger.warn('Recording file anchors failed', { error: (err as Error).message });
  }
}

/** `git rev-parse`: one short child process per batch and directory, bounded by a timeout. */
export const gitProbe =
  (bin = 'git'): GitProbe =>
  (dir) =>
    new Promise((done) => {
      execFile(
        bin,
        ['-C', dir, 'rev-parse', '--show-toplevel', '--verify', '-q', 'HEAD'],
        { timeout: 5_000, windowsHide: true },
        (err, stdout) => {
          const [top, head] = String(stdout).trim().split('\n');
          // No commits yet: rev-parse prints the top level, then fails on HEAD. Git missing: ENOENT.
          const goodHead = !err && head && /^[0-9a-f]{40,64}$/.test(head) ? head : null;
          done({ top: top && isAbsolute(top) ? top : null, head: goodHead });
        },
      );
    });
