import { chmodSync, existsSync } from 'node:fs';
import { MemError } from '../contracts';
import { openDatabase, sqliteErrorCode, type Db } from './driver';

/** An OS-level lock held for as long as this process lives (or until `release`). */
export interface ProcessLock {
  release(): void;
}

/**
 * Take the single-instance lock: `path` is opened as a SQLite database in exclusive locking mode
 * and written once, which leaves SQLite holding an OS file lock until the connection closes or
 * the process dies (even by SIGKILL, the kernel drops it). Returns `undefined` when another
 * process holds it. A short busy timeout settles the race of several processes starting at once
 * (two SHARED locks both wanting EXCLUSIVE) so exactly one wins instead of none.
 */
export function acquireLock(path: string, opts: { busyTimeoutMs?: number } = {}): ProcessLock | undefined {
  const fresh = !existsSync(path);
  let db: Db;
  try {
    db = openDatabase(path);
  } catch (err) {
    throw new MemError('storage_unwritable', `Cannot open the lock file ${path}: ${(err as Error).message}.`, {
      hint: 'Check the permissions of the data dir, or set CLAUDE_MEM_DATA_DIR to a writable folder.',
      cause: err,
    });
  }
  try {
    if (fresh) chmodSync(path, 0o600);
    db.pragma(`busy_timeout = ${opts.busyTimeoutMs ?? 1000}`);
    db.pragma('locking_mode = EXCLUSIVE');
    // The write is what takes the EXCLUSIVE lock; exclusive locking mode keeps it after COMMIT.
    db.exec(
      `BEGIN EXCLUSIVE;
       CREATE TABLE IF NOT EXISTS holder (id INTEGER PRIMARY KEY CHECK (id = 1), pid INTEGER NOT NULL, since TEXT NOT NULL);
       INSERT INTO holder (id, pid, since) VALUES (1, ${process.pid}, '${new Date().toISOString()}')
         ON CONFLICT(id) DO UPDATE SET pid = excluded.pid, since = excluded.since;
       COMMIT;`,
    );
  } catch (err) {
    if (db.inTransaction) db.exec('ROLLBACK');
    db.close();
    if (isBusy(err)) return undefined;
    throw new MemError('internal', `Could not take the lock ${path}: ${(err as Error).message}`, { cause: err });
  }
  let held = true;
  return {
    release() {
      if (!held) return;
      held = false;
      db.close();
    },
  };
}

/**
 * Whether some process holds the lock at `path` right now. A reader gets SQLITE_BUSY at once
 * while the holder is alive; a missing file means nobody ever took it.
 */
export function isLockHeld(path: string): boolean {
  if (!existsSync(path)) return false;
  let db: Db;
  try {
    db = openDatabase(path, { readonly: true });
  } catch (err) {
    if (isBusy(err)) return true;
    // Deleted between the check and the open, or unreadable: nobody can be holding it through
    // SQLite; a worker that tries `acquireLock` will repair or report it.
    return false;
  }
  try {
    db.pragma('busy_timeout = 0');
    db.prepare('SELECT COUNT(*) FROM sqlite_master').get();
    return false;
  } catch (err) {
    // Only BUSY means "held". A hot journal left by a kill mid-write (a read-only reader cannot
    // roll it back) or a damaged file is not a holder either.
    return isBusy(err);
  } finally {
    db.close();
  }
}

function isBusy(err: unknown): boolean {
  const code = sqliteErrorCode(err);
  return code === 'SQLITE_BUSY' || code === 'SQLITE_LOCKED';
}
