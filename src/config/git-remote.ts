import { readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';

/**
 * The URL of a repository's remote, read from `<root>/.git/config` (no git process: the same
 * reasoning as resolveProject). `origin` when there is one, else the first remote with a URL.
 * Returns null for a repository without remotes or a folder that is not a repository.
 */
export function gitRemoteUrl(root: string): { name: string; url: string } | null {
  const text = readGitConfig(root);
  if (text === undefined) return null;
  const remotes: Array<{ name: string; url: string }> = [];
  let current: string | undefined;
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (!line || line.startsWith('#') || line.startsWith(';')) continue;
    const section = /^\[\s*([^\s\]"]+)(?:\s+"((?:[^"\\]|\\.)*)")?\s*\]$/.exec(line);
    if (section) {
      current = section[1]?.toLowerCase() === 'remote' ? section[2] : undefined;
      continue;
    }
    const kv = /^url\s*=\s*(.*)$/i.exec(line);
    if (current !== undefined && kv?.[1] && !remotes.some((r) => r.name === current)) {
      remotes.push({ name: current, url: kv[1].replace(/^"(.*)"$/, '$1').trim() });
    }
  }
  return remotes.find((r) => r.name === 'origin') ?? remotes[0] ?? null;
}

/** `.git/config` of a repository root (a linked worktree's `.git` file is resolved by resolveProject already). */
function readGitConfig(root: string): string | undefined {
  const dotGit = join(root, '.git');
  let dir = dotGit;
  try {
    if (!statSync(dotGit).isDirectory()) {
      // A submodule: `.git` is a file naming its git dir.
      const m = /^gitdir:\s*(.+?)\s*$/m.exec(readFileSync(dotGit, 'utf8'));
      if (!m?.[1]) return undefined;
      dir = resolve(root, m[1]);
    }
    return readFileSync(join(dir, 'config'), 'utf8');
  } catch (err) {
    void err; // not a repository, or unreadable: no remote to name
    return undefined;
  }
}
