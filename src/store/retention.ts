import type { Db } from './db';

/**
 * Empty the stored payload (the tool input and output) of queue events that reached `compressed`
 * or `raw` before `olderThan`: their observations and summary already hold what mattered, and
 * the payloads are most of the database after a few months. The row stays (its idempotency key
 * keeps a replayed hook from queueing the event again; observation_sources still names it).
 * `failed` and pending events keep theirs: they may still be retried.
 * At most `limit` rows per call, so one call holds the write lock only briefly.
 */
export function dropOldPayloads(db: Db, olderThan: string, limit: number): number {
  const trim = db.transaction(() => {
    const ids = (
      db
        .prepare(
          `SELECT id FROM queue INDEXED BY queue_payload_kept
           WHERE payload <> '' AND state IN ('compressed', 'raw') AND updated_at < ? LIMIT ?`,
        )
        .all(olderThan, Math.max(0, Math.floor(limit))) as Array<{ id: number }>
    ).map((r) => r.id);
    if (ids.length === 0) return 0;
    // Delete and re-insert rather than UPDATE: SQLite never merges pages a shrinking row leaves
    // nearly empty (a year of 2 KB payloads kept one 4 KB page per row), but a DELETE rebalances
    // the b-tree, so the small rows land packed and the pages go to the freelist.
    const list = JSON.stringify(ids);
    db.exec(`CREATE TEMP TABLE IF NOT EXISTS queue_trim AS SELECT ${COLUMNS} FROM queue WHERE 0`);
    db.prepare(`INSERT INTO temp.queue_trim SELECT ${COLUMNS} FROM queue WHERE id IN (SELECT value FROM json_each(?))`).run(list);
    db.prepare(`DELETE FROM queue WHERE id IN (SELECT value FROM json_each(?))`).run(list);
    db.exec(`INSERT INTO queue (${COLUMNS}) SELECT ${COLUMNS.replace('payload', "'' AS payload")} FROM temp.queue_trim;
      DELETE FROM temp.queue_trim;`);
    return ids.length;
  });
  return trim.immediate();
}

const COLUMNS = `id, key, session_id, project_id, prompt_number, kind, payload, state, attempts, not_before,
  lease_until, last_error_kind, last_error_message, created_at, updated_at`;

/**
 * Give free pages back to the file system, a few at a time. Only a database created with
 * auto_vacuum = INCREMENTAL can (see `openStore`); on an older one this is a no-op, and
 * `claude-mem stats` shows the free space a one-time `claude-mem vacuum` would reclaim.
 */
export function incrementalVacuum(db: Db, pages: number): { mode: VacuumMode; freePages: number } {
  const mode = vacuumMode(db);
  if (mode === 'incremental') db.pragma(`incremental_vacuum(${Math.max(0, Math.floor(pages))})`);
  return { mode, freePages: db.pragma('freelist_count', { simple: true }) as number };
}

export type VacuumMode = 'none' | 'full' | 'incremental';

export function vacuumMode(db: Db): VacuumMode {
  const v = db.pragma('auto_vacuum', { simple: true }) as number;
  return v === 2 ? 'incremental' : v === 1 ? 'full' : 'none';
}

/**
 * Rewrite the whole file once with auto_vacuum = INCREMENTAL: the only way SQLite changes the
 * mode of an existing database. Needs free disk about the size of the database and an exclusive
 * lock for the duration, so it runs only when a user asks (`claude-mem vacuum`), never by itself.
 */
export function fullVacuum(db: Db): void {
  db.pragma('auto_vacuum = INCREMENTAL');
  db.exec('VACUUM');
  // In WAL mode the rewritten file sits in the -wal until a checkpoint: fold it in now.
  db.pragma('wal_checkpoint(TRUNCATE)');
}

export interface SpaceUse {
  name: string;
  bytes: number;
}

/**
 * Bytes per table and index from the dbstat virtual table, biggest first (FTS5 shadow tables
 * are folded into their index), or `undefined` when this SQLite build has no dbstat.
 */
export function spaceByTable(db: Db): SpaceUse[] | undefined {
  let rows: Array<{ name: string; bytes: number }>;
  try {
    rows = db.prepare(`SELECT name, SUM(pgsize) AS bytes FROM dbstat GROUP BY name`).all() as typeof rows;
  } catch (err) {
    if (/no such table: dbstat/i.test((err as Error).message)) return undefined;
    throw err;
  }
  const folded = new Map<string, number>();
  for (const r of rows) {
    const name = r.name.replace(/_(data|idx|content|docsize|config)$/, '');
    folded.set(name, (folded.get(name) ?? 0) + r.bytes);
  }
  return [...folded].map(([name, bytes]) => ({ name, bytes })).sort((a, b) => b.bytes - a.bytes);
}
