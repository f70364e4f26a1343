import { openDatabase, type Db } from './driver';
import { closeSync, copyFileSync, existsSync, mkdtempSync, openSync, readSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MemError } from '../contracts';

/**
 * Read-only access to the original claude-mem's database (13.x, `claude-mem.db`). The file is
 * never opened by SQLite where it lies: opening a WAL database, even read-only, can create
 * `-wal`/`-shm` beside it or write to an existing `-shm`. We copy the bytes into a private temp
 * dir and open the copy, so the original stays byte-identical whatever happens here.
 */

/** Highest `schema_versions.version` this importer knows (the original 13.15.3 stops at 49). */
export const ORIGINAL_MAX_SCHEMA = 49;

const REQUIRED: Record<string, string[]> = {
  sdk_sessions: ['id', 'content_session_id', 'project', 'started_at'],
  observations: ['id', 'memory_session_id', 'project', 'type', 'created_at'],
  session_summaries: ['id', 'memory_session_id', 'project', 'created_at'],
  user_prompts: ['id', 'content_session_id', 'prompt_number', 'prompt_text', 'created_at'],
  schema_versions: ['version'],
};

export type OriginalRow = Record<string, unknown>;

export interface OriginalSource {
  path: string;
  /** Stable id of this original database (from its creation stamp): ledger and uid prefix. */
  fingerprint: string;
  schemaVersion: number;
  counts: { sessions: number; prompts: number; observations: number; summaries: number };
  rows(kind: OriginalKind): IterableIterator<OriginalRow>;
  close(): void;
}

export type OriginalKind = 'session' | 'prompt' | 'observation' | 'summary';

const TABLE: Record<OriginalKind, string> = {
  session: 'sdk_sessions',
  prompt: 'user_prompts',
  observation: 'observations',
  summary: 'session_summaries',
};

/**
 * Check `path` is the original's database and open a private snapshot of it. Every refusal is a
 * MemError naming the file and what to do; nothing is written anywhere but the temp dir.
 */
export function openOriginal(path: string): OriginalSource {
  const advice = 'Pass the original claude-mem database, usually ~/.claude-mem/claude-mem.db: claude-mem import --from-claude-mem PATH';
  if (!existsSync(path)) {
    throw new MemError('not_found', `No original claude-mem database at ${path}.`, { hint: advice });
  }
  const st = statSync(path);
  if (!st.isFile()) throw new MemError('validation', `${path} is not a file.`, { hint: advice });
  if (!hasSqliteHeader(path)) {
    throw new MemError('validation', `${path} is not an SQLite database (corrupt, or not the original claude-mem's file).`, {
      hint: `${advice}. If the file is damaged, restore it from ${join(path, '..', 'backups')} first.`,
    });
  }
  const wal = `${path}-wal`;
  if (existsSync(wal) && statSync(wal).size > 0) {
    throw new MemError('storage_busy', `${path} is in use: its write-ahead log ${wal} holds changes not yet written back, so the original claude-mem worker is running (or stopped uncleanly).`, {
      hint: 'Stop the original claude-mem worker (quit the Claude Code sessions that use it, or stop its worker-service process), then run the import again. Nothing was imported.',
    });
  }
  const dir = mkdtempSync(join(tmpdir(), 'claude-mem-import-'));
  const copy = join(dir, 'snapshot.db');
  let db: Db | undefined;
  try {
    copyFileSync(path, copy);
    const after = statSync(path);
    if (after.size !== st.size || after.mtimeMs !== st.mtimeMs || existsSync(wal) && statSync(wal).size > 0) {
      throw new MemError('storage_busy', `${path} changed while it was being read: the original claude-mem worker is writing to it.`, {
        hint: 'Stop the original claude-mem worker, then run the import again. Nothing was imported.',
      });
    }
    db = openDatabase(copy);
    const check = db.pragma('quick_check', { simple: true });
    if (check !== 'ok') throw new Error(`quick_check: ${String(check)}`);
    const source = describe(db, path);
    const opened = db;
    return {
      ...source,
      rows: (kind) => opened.prepare(`SELECT * FROM ${TABLE[kind]} ORDER BY id`).iterate() as IterableIterator<OriginalRow>,
      close: () => {
        opened.close();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  } catch (err) {
    db?.close();
    rmSync(dir, { recursive: true, force: true });
    if (err instanceof MemError) throw err;
    throw new MemError('validation', `${path} cannot be read as the original claude-mem's database: ${(err as Error).message}.`, {
      hint: `${advice}. If the file is damaged, restore it from a copy in the backups folder beside it.`,
      cause: err,
    });
  }
}

function describe(db: Db, path: string): Omit<OriginalSource, 'rows' | 'close'> {
  const tables = new Set(
    (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as Array<{ name: string }>).map((r) => r.name),
  );
  const missing = Object.keys(REQUIRED).filter((t) => !tables.has(t));
  if (missing.length) {
    throw new MemError('validation', `${path} is not the original claude-mem's database: it has no ${missing.join(', ')} table(s).`, {
      hint: 'Point --from-claude-mem at the claude-mem.db the original claude-mem 13.x keeps in its data dir. (A JSONL export of ours is imported with `claude-mem import FILE`.)',
    });
  }
  for (const [table, cols] of Object.entries(REQUIRED)) {
    const have = new Set((db.prepare(`PRAGMA table_info(${table})`).all() as Array<{ name: string }>).map((c) => c.name));
    const lacking = cols.filter((c) => !have.has(c));
    if (lacking.length) {
      throw new MemError('validation', `${path} does not look like the original claude-mem's database: ${table} lacks ${lacking.join(', ')}.`, {
        hint: 'Only databases written by the original claude-mem 13.x can be imported.',
      });
    }
  }
  const { v, first } = db.prepare('SELECT MAX(version) AS v, (SELECT applied_at FROM schema_versions ORDER BY id LIMIT 1) AS first FROM schema_versions').get() as {
    v: number | null;
    first: string | null;
  };
  const schemaVersion = v ?? 0;
  if (schemaVersion > ORIGINAL_MAX_SCHEMA) {
    throw new MemError('validation', `${path} was written by a newer original claude-mem (schema version ${schemaVersion}; this importer knows up to ${ORIGINAL_MAX_SCHEMA}).`, {
      hint: 'Update claude-mem (ours) to a release that knows this schema, or export from the original first. Nothing was imported.',
    });
  }
  const count = (kind: OriginalKind) => (db.prepare(`SELECT COUNT(*) AS n FROM ${TABLE[kind]}`).get() as { n: number }).n;
  // The first migration's stamp is written when the database is created and never changes
  // (rows come and go: deleting the oldest session must not make every row look new).
  const fingerprint = process.getBuiltinModule('node:crypto').createHash('sha256')
    .update(`claude-mem|${first ?? ''}`)
    .digest('hex')
    .slice(0, 12);
  return {
    path,
    fingerprint,
    schemaVersion,
    counts: { sessions: count('session'), prompts: count('prompt'), observations: count('observation'), summaries: count('summary') },
  };
}

function hasSqliteHeader(path: string): boolean {
  const fd = openSync(path, 'r');
  try {
    const buf = Buffer.alloc(16);
    return readSync(fd, buf, 0, 16, 0) === 16 && buf.toString('latin1') === 'SQLite format 3\0';
  } finally {
    closeSync(fd);
  }
}
