import { statSync } from 'node:fs';

/**
 * Notices edits to `.env` and `settings.json` (mtime, size, existence) so a paused worker resumes
 * once the user fixes a key, without a restart. Cheap: two stat calls per drain tick.
 */
export function createConfigWatch(files: string[] | (() => string[])): { changed(): boolean } {
  // A function: the list may follow the configuration (the claude-code provider adds the CLI's login files).
  const list = typeof files === 'function' ? files : () => files;
  const stamp = () => list().map((f) => `${f}=${fingerprint(f)}`).join('|');
  let last = stamp();
  return {
    changed() {
      const now = stamp();
      if (now === last) return false;
      last = now;
      return true;
    },
  };
}

function fingerprint(path: string): string {
  try {
    const s = statSync(path);
    return `${s.mtimeMs}:${s.size}`;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return 'absent';
    throw err;
  }
}
