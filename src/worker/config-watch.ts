import { statSync } from 'node:fs';

/**
 * Notices edits to `.env` and `settings.json` (mtime, size, existence) so a paused worker resumes
 * once the user fixes a key, without a restart. Cheap: two stat calls per drain tick.
 */
export function createConfigWatch(files: string[]): { changed(): boolean } {
  const stamp = () => files.map((f) => fingerprint(f)).join('|');
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
