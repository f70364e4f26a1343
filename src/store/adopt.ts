import { closeSync, existsSync, linkSync, openSync, readSync, renameSync, statSync, unlinkSync } from 'node:fs';
import { MemError } from '../contracts';
import { openStore, type Db, type OpenOptions } from './db';
import { acquireLock, isLockHeld } from './lock';
import { openDatabase, sqliteErrorCode } from './driver';

/** The files involved (structurally the config's `Paths`). */
export interface DbFiles {
  /** Our database, `memory.db`. */
  dbPath: string;
  /** `claude-mem.db`: the original claude-mem's database, or ours from an earlier build. */
  originalDbPath: string;
  /** The worker's lock: held by a running worker, of this build or an earlier one. */
  lockPath: string;
}

export type AdoptOutcome =
  /** memory.db exists, or there is no claude-mem.db: nothing to do (the every-run case). */
  | 'none'
  /** claude-mem.db is not ours (the original claude-mem's): never touched. */
  | 'not_ours'
  /** claude-mem.db was ours (an earlier build) and is memory.db now. */
  | 'renamed'
  /** claude-mem.db is ours but in use (an earlier worker runs, or another process is renaming it). */
  | 'busy';

/**
 * Our earlier builds kept their database as `claude-mem.db`, the name the original claude-mem
 * uses. Rename ours (once) to `memory.db`; never the original's. The original's is recognized
 * without opening it (opening it, even read-only, would create -wal/-shm beside it): its
 * `user_version` is 0 (it records migrations in `schema_versions`), ours is at least 1.
 *
 * Safe against concurrent hooks and workers: one process at a time, under `memory.db.adopt.lock`,
 * re-checks that memory.db is still missing; the database is switched out of WAL mode first (which
 * needs every other connection closed, so an earlier worker still using it makes this `busy`), so
 * the single file holds everything; a hard link then makes memory.db appear atomically without
 * ever replacing one that exists.
 */
export function adoptEarlierDatabase(f: DbFiles, opts: { holdsWorkerLock?: boolean } = {}): AdoptOutcome {
  if (existsSync(f.dbPath) || !existsSync(f.originalDbPath)) return 'none';
  if (!looksOurs(f.originalDbPath)) return 'not_ours';
  const mutexPath = `${f.dbPath}.adopt.lock`;
  const mutex = acquireLock(mutexPath, { busyTimeoutMs: 3_000 });
  if (!mutex) return existsSync(f.dbPath) ? 'none' : 'busy';
  try {
    if (existsSync(f.dbPath)) return 'none';
    if (!existsSync(f.originalDbPath)) return 'none';
    if (!opts.holdsWorkerLock && isLockHeld(f.lockPath)) return 'busy';
    const state = confirmOursAndCheckpoint(f.originalDbPath);
    if (state !== 'ready') return state;
    moveWithoutReplacing(f.originalDbPath, f.dbPath);
    return 'renamed';
  } finally {
    mutex.release();
    // Safe to remove: memory.db exists now (or the next adopter re-checks under a fresh lock).
    if (existsSync(f.dbPath)) for (const p of [mutexPath, `${mutexPath}-journal`]) removeIfPresent(p);
  }
}

/**
 * Open (creating when missing) our database after adopting an earlier build's `claude-mem.db`.
 * Throws `storage_busy` rather than create an empty memory.db beside an earlier database that
 * cannot be renamed yet: memory.db existing would stop the rename for good.
 */
export function openOurStore(f: DbFiles, opts: OpenOptions & { holdsWorkerLock?: boolean } = {}): Db {
  const outcome = adoptEarlierDatabase(f, { holdsWorkerLock: opts.holdsWorkerLock ?? false });
  if (outcome === 'busy') {
    throw new MemError('storage_busy', `${f.originalDbPath} (from an earlier claude-mem build) is in use and cannot become ${f.dbPath} yet.`, {
      hint: 'Restart the worker (`claude-mem worker restart`): the new worker renames it when it starts. Nothing is lost meanwhile.',
    });
  }
  return openStore(f.dbPath, opts);
}

/** Whether a `claude-mem.db` of an earlier build still waits to become memory.db (for doctor and status). */
export function earlierDatabasePending(f: DbFiles): boolean {
  return !existsSync(f.dbPath) && existsSync(f.originalDbPath) && looksOurs(f.originalDbPath);
}

/**
 * Recognize our earlier database without SQLite (any SQLite open, even read-only, may create
 * -wal/-shm beside the original's file): the magic string, `user_version` (header bytes 60–63)
 * at least 1 (the original keeps 0), and no `schema_versions` (the original's first table) in the
 * schema text near the start of the file, so a later original that set user_version is still not
 * opened. Our tables are then confirmed with SQLite (`confirmOursAndCheckpoint`).
 */
function looksOurs(path: string): boolean {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (err) {
    void err; // unreadable: not something we may rename
    return false;
  }
  try {
    const header = Buffer.alloc(100);
    if (readSync(fd, header, 0, 100, 0) < 100) return false;
    if (header.subarray(0, 16).toString('latin1') !== 'SQLite format 3\u0000' || header.readUInt32BE(60) < 1) return false;
    const head = Buffer.alloc(SCHEMA_SCAN_BYTES);
    const text = head.subarray(0, readSync(fd, head, 0, SCHEMA_SCAN_BYTES, 0)).toString('latin1');
    return !text.includes('schema_versions');
  } finally {
    closeSync(fd);
  }
}

/** The original creates schema_versions first: its schema row sits on the first pages. */
const SCHEMA_SCAN_BYTES = 1 << 20;

/**
 * Confirm our tables (a `queue`, no `schema_versions`), then leave WAL mode so everything is in the
 * main file. `busy` when another connection holds the database (SQLITE_BUSY).
 */
function confirmOursAndCheckpoint(path: string): 'ready' | 'not_ours' | 'busy' {
  const db = openDatabase(path);
  try {
    db.pragma('busy_timeout = 2000');
    const rows = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as Array<{ name: string }>;
    const tables = new Set(rows.map((t) => t.name));
    if (!tables.has('queue') || tables.has('schema_versions')) return 'not_ours';
    const mode = db.pragma('journal_mode = DELETE', { simple: true });
    return mode === 'delete' && !existsSync(`${path}-wal`) ? 'ready' : 'busy';
  } catch (err) {
    const code = sqliteErrorCode(err);
    if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED')) return 'busy';
    throw err;
  } finally {
    db.close();
  }
}

function moveWithoutReplacing(from: string, to: string): void {
  try {
    linkSync(from, to);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') return; // someone made memory.db meanwhile: keep both, rename nothing
    // File systems without hard links: a plain rename, still under the mutex and after the re-check.
    if (code === 'EPERM' || code === 'ENOTSUP' || code === 'EOPNOTSUPP' || code === 'EXDEV') {
      renameSync(from, to);
      return;
    }
    throw err;
  }
  if (statSync(from).ino === statSync(to).ino) unlinkSync(from);
}

function removeIfPresent(path: string): void {
  try {
    unlinkSync(path);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
}
