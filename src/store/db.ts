import { chmodSync, existsSync, statSync } from 'node:fs';
import { MemError } from '../contracts';
import { openDatabase, sqliteErrorCode, type Db } from './driver';
import { MIGRATIONS } from './migrations';

export type { Db, RunResult, SqliteDriver, Statement } from './driver';
export { availableDrivers, openDatabase, sqliteDriver, sqliteErrorCode } from './driver';

export interface OpenOptions {
  readonly?: boolean;
  /** How long a writer waits for another writer before `storage_busy` (ms). */
  busyTimeoutMs?: number;
}

/**
 * Open (creating when missing, mode 0600) and migrate the database. WAL lets readers (hooks,
 * MCP, CLI) run while the worker writes; busy_timeout absorbs short writer contention.
 */
export function openStore(path: string, opts: OpenOptions = {}): Db {
  const onDisk = path !== '' && path !== ':memory:';
  if (opts.readonly && onDisk && !existsSync(path)) {
    throw new MemError('not_found', `The database ${path} does not exist yet.`, {
      hint: 'It is created when the first hook or the worker runs.',
    });
  }
  let db: Db;
  try {
    db = openDatabase(path, { readonly: opts.readonly ?? false });
  } catch (err) {
    throw storageError(err, path);
  }
  try {
    db.pragma(`busy_timeout = ${opts.busyTimeoutMs ?? 5000}`);
    if (!opts.readonly) {
      // Memories and prompts are private: 0600 for a new file, and tightened if someone loosened it.
      if (onDisk && (statSync(path).mode & 0o077) !== 0) chmodSync(path, 0o600);
      // A new file frees space in small steps (the worker's maintenance); SQLite takes the mode
      // only before the first table exists. Older files keep theirs until `claude-mem vacuum`.
      if (db.pragma('user_version', { simple: true }) === 0 && !hasTables(db)) db.pragma('auto_vacuum = INCREMENTAL');
      db.pragma('journal_mode = WAL');
      db.pragma('synchronous = NORMAL');
      db.pragma('foreign_keys = ON');
      migrate(db);
    }
    return db;
  } catch (err) {
    db.close();
    throw storageError(err, path);
  }
}

/**
 * Apply pending migrations; safe to call again and from several processes at once. A failing
 * migration rolls back whole and leaves `user_version` where it was. (`migrations` is a
 * parameter so tests can prove that.)
 */
export function migrate(db: Db, migrations: readonly string[] = MIGRATIONS): number {
  // The common case (every hook run): already current. A plain read takes no write lock, so
  // hooks do not queue behind the worker just to learn there is nothing to do.
  const start = db.pragma('user_version', { simple: true }) as number;
  for (let i = start; i < migrations.length; i++) {
    const target = i + 1;
    const apply = db.transaction(() => {
      const current = db.pragma('user_version', { simple: true }) as number;
      if (current >= target) return;
      db.exec(migrations[i] as string);
      db.pragma(`user_version = ${target}`);
    });
    apply.immediate();
  }
  return db.pragma('user_version', { simple: true }) as number;
}

function hasTables(db: Db): boolean {
  return db.prepare(`SELECT 1 FROM sqlite_schema LIMIT 1`).get() !== undefined;
}

export function schemaVersion(db: Db): number {
  return db.pragma('user_version', { simple: true }) as number;
}

/** Map a driver error to a kind and a message that names the path and the fix. */
export function storageError(err: unknown, path: string): MemError {
  if (err instanceof MemError) return err;
  const code = sqliteErrorCode(err);
  // Drivers report extended codes (SQLITE_BUSY_SNAPSHOT, SQLITE_READONLY_DBMOVED…): match the primary code.
  const primary = code.split('_').slice(0, 2).join('_');
  const msg = (err as Error).message ?? String(err);
  if (primary === 'SQLITE_BUSY' || primary === 'SQLITE_LOCKED') {
    return new MemError('storage_busy', `The database ${path} is busy: ${msg}.`, {
      hint: 'Another claude-mem process holds a write lock; try again in a moment.',
      cause: err,
    });
  }
  if (primary === 'SQLITE_FULL' || code === 'SQLITE_IOERR_SHMSIZE') {
    return new MemError('storage_full', `The disk holding ${path} is full.`, {
      hint: 'Free some disk space; nothing already stored was lost.',
      cause: err,
    });
  }
  if (primary === 'SQLITE_CANTOPEN' || primary === 'SQLITE_READONLY' || primary === 'SQLITE_PERM') {
    return new MemError('storage_unwritable', `Cannot open ${path} for writing (${code}).`, {
      hint: 'Check the permissions of the data dir, or set CLAUDE_MEM_DATA_DIR to a writable folder.',
      cause: err,
    });
  }
  return new MemError('internal', `Database error on ${path}: ${msg}`, { cause: err });
}

/**
 * Run a store write and turn a driver failure into a MemError naming the database file
 * (`storage_full`, `storage_busy`, `storage_unwritable`), so callers log a kind, not an SQLite code.
 */
export function withStorageErrors<T>(db: Db, fn: () => T): T {
  try {
    return fn();
  } catch (err) {
    throw storageError(err, db.name);
  }
}
