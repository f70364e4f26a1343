import { createHash } from 'node:crypto';
import { chmodSync, cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * A whole `~/.claude-mem` as the original claude-mem 13.15.3 leaves it (see its manifest.json).
 * Never open it in place: even a read-only SQLite open creates claude-mem.db-wal/-shm beside it.
 */
export const ORIGINAL_DATADIR = fileURLToPath(new URL('../fixtures/claude-mem-13.15.3-datadir', import.meta.url));

/** The files the original owns in a data dir: every one must stay byte-identical. */
export const ORIGINAL_FILES = [
  'claude-mem.db',
  // Not in the fixture: opening claude-mem.db for writing would create them, so they must stay absent.
  'claude-mem.db-wal',
  'claude-mem.db-shm',
  'settings.json',
  'supervisor.json',
  '.cleanup-v12.4.3-applied',
  '.cwd-remap-applied-v1',
  '.worker-clean-shutdown',
] as const;

/** Copy the fixture into `<tmp>/<name>` and make the copy writable (the fixture is read-only). */
export function copyOriginalDataDir(name = '.claude-mem'): { root: string; dataDir: string } {
  const root = mkdtempSync(join(tmpdir(), 'cm-original-'));
  const dataDir = join(root, name);
  cpSync(ORIGINAL_DATADIR, dataDir, { recursive: true });
  chmodRecursive(dataDir);
  return { root, dataDir };
}

/**
 * sha256 of every file of the original's in `dataDir` (the list above, plus everything in logs/
 * named claude-mem-*.log and everything in backups/ that the fixture had), keyed by relative path.
 */
export function hashOriginalFiles(dataDir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const files = [
    ...ORIGINAL_FILES.map((f) => join(dataDir, f)),
    ...readdirSync(join(ORIGINAL_DATADIR, 'logs')).map((f) => join(dataDir, 'logs', f)),
    ...readdirSync(join(ORIGINAL_DATADIR, 'backups')).map((f) => join(dataDir, 'backups', f)),
  ];
  for (const f of files) {
    out[relative(dataDir, f)] = existsSync(f) ? createHash('sha256').update(readFileSync(f)).digest('hex') : 'MISSING';
  }
  return out;
}

function chmodRecursive(path: string): void {
  const st = statSync(path);
  chmodSync(path, (st.mode & 0o777) | (st.isDirectory() ? 0o700 : 0o600));
  if (st.isDirectory()) for (const e of readdirSync(path)) chmodRecursive(join(path, e));
}
