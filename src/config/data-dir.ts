import { accessSync, chmodSync, constants, mkdirSync, readdirSync, statSync } from 'node:fs';
import { MemError } from '../contracts';
import type { Paths } from './paths';

/** What claude-mem keeps in its data dir: a folder holding only these is ours to chmod. */
const OURS = /^(settings\.json(\.bak)?|\.env|claude-mem\.db(-wal|-shm|-journal)?|logs|backups|spool|worker\.(token|json|lock|nudge)|.*\.tmp)$/;

/**
 * Create the data dir (0700) and its logs folder if missing, and tighten the mode if it is looser.
 * Throws `storage_unwritable` naming the path when it cannot be created or written.
 */
export function ensureDataDir(paths: Paths): void {
  try {
    mkdirSync(paths.dataDir, { recursive: true, mode: 0o700 });
    tightenIfOurs(paths.dataDir);
    mkdirSync(paths.logsDir, { recursive: true, mode: 0o700 });
    accessSync(paths.dataDir, constants.W_OK);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? 'error';
    throw new MemError('storage_unwritable', `The data dir ${paths.dataDir} is not writable (${code}).`, {
      hint: 'Fix its permissions (chmod 700, owned by you) or set CLAUDE_MEM_DATA_DIR to a writable folder.',
      cause: err,
    });
  }
}

/**
 * chmod 700 a data dir that others can read, but only when it is really ours (empty, or holding
 * only our files) and not a shared sticky folder: `CLAUDE_MEM_DATA_DIR=/tmp` or `=$HOME` must not
 * lock everyone else out of /tmp or change the home folder's mode.
 */
function tightenIfOurs(dir: string): void {
  const st = statSync(dir);
  if ((st.mode & 0o077) === 0 || (st.mode & 0o1000) !== 0) return;
  const entries = readdirSync(dir);
  if (entries.every((e) => OURS.test(e))) chmodSync(dir, 0o700);
}
