import Database from 'better-sqlite3';
import { chmodSync, existsSync } from 'node:fs';
import { MemError } from '../contracts';
import { MIGRATIONS } from './migrations';

/** A handle on the memory database. Other folders pass it around but never query it directly. */
export type Db = Database.Database;

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
  const fresh = !existsSync(path);
  let db: Db;
  try {
    db = new Database(path, { readonly: opts.readonly ?? false, fileMustExist: opts.readonly ?? false });
  } catch (err) {
    throw storageError(err, path);
  }
  try {
    db.pragma(`busy_timeout = ${opts.busyTimeoutMs ?? 5000}`);
    if (!opts.readonly) {
      if (fresh) chmodSync(path, 0o600);
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

/** Apply pending migrations; safe to call again and from several processes at once. */
export function migrate(db: Db): number {
  for (let i = 0; i < MIGRATIONS.length; i++) {
    const target = i + 1;
    const apply = db.transaction(() => {
      const current = db.pragma('user_version', { simple: true }) as number;
      if (current >= target) return;
      db.exec(MIGRATIONS[i] as string);
      db.pragma(`user_version = ${target}`);
    });
    apply.immediate();
  }
  return db.pragma('user_version', { simple: true }) as number;
}

export function schemaVersion(db: Db): number {
  return db.pragma('user_version', { simple: true }) as number;
}

/** Map a driver error to a kind and a message that names the path and the fix. */
export function storageError(err: unknown, path: string): MemError {
  if (err instanceof MemError) return err;
  const code = (err as { code?: string }).code ?? '';
  const msg = (err as Error).message ?? String(err);
  if (code === 'SQLITE_BUSY' || code === 'SQLITE_LOCKED') {
    return new MemError('storage_busy', `The database ${path} is busy: ${msg}.`, {
      hint: 'Another claude-mem process holds a write lock; try again in a moment.',
      cause: err,
    });
  }
  if (code === 'SQLITE_FULL') {
    return new MemError('storage_full', `The disk holding ${path} is full.`, {
      hint: 'Free some disk space; nothing already stored was lost.',
      cause: err,
    });
  }
  if (code === 'SQLITE_CANTOPEN' || code === 'SQLITE_READONLY' || code === 'SQLITE_PERM') {
    return new MemError('storage_unwritable', `Cannot open ${path} for writing (${code}).`, {
      hint: 'Check the permissions of the data dir, or set CLAUDE_MEM_DATA_DIR to a writable folder.',
      cause: err,
    });
  }
  return new MemError('internal', `Database error on ${path}: ${msg}`, { cause: err });
}
