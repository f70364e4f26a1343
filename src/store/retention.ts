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
  const res = db
    .prepare(
      `UPDATE queue SET payload = '' WHERE id IN (
         SELECT id FROM queue INDEXED BY queue_payload_kept
         WHERE payload <> '' AND state IN ('compressed', 'raw') AND updated_at < ?
         LIMIT ?)`,
    )
    .run(olderThan, Math.max(0, Math.floor(limit)));
  return res.changes;
}

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
