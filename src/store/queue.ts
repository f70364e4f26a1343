import { FAILURE_KINDS, isFailureKind, type FailureKind, type QueuedEvent, type QueuedPayload, type QueueState } from '../contracts';
import { withStorageErrors, type Db } from './db';

/**
 * The durable queue between hooks and the worker. Hooks insert (idempotently, by key); the worker
 * claims rows with a lease, and every row ends in exactly one terminal state.
 */

export interface EnqueueInput {
  key: string;
  sessionId: number;
  projectId: number;
  promptNumber: number;
  payload: QueuedPayload;
  now: string;
}

/**
 * Insert one event; the same key twice leaves one row. Returns whether a row was added. A full
 * disk or a lock held too long throws a MemError (`storage_full`, `storage_busy`) naming the file.
 */
export function enqueueEvent(db: Db, e: EnqueueInput): boolean {
  const info = withStorageErrors(db, () =>
    db
      .prepare(
        `INSERT INTO queue (key, session_id, project_id, prompt_number, kind, payload, created_at, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT(key) DO NOTHING`,
      )
      .run(e.key, e.sessionId, e.projectId, e.promptNumber, e.payload.kind, JSON.stringify(e.payload), e.now, e.now),
  );
  return info.changes === 1;
}

interface QueueRowRaw {
  id: number;
  key: string;
  session_id: number;
  project_id: number;
  prompt_number: number;
  payload: string;
  state: QueueState;
  attempts: number;
  created_at: string;
  last_error_kind: string | null;
  last_error_message: string | null;
}

function toEvent(r: QueueRowRaw): QueuedEvent {
  return {
    id: r.id,
    key: r.key,
    sessionId: r.session_id,
    projectId: r.project_id,
    promptNumber: r.prompt_number,
    payload: JSON.parse(r.payload) as QueuedPayload,
    state: r.state,
    attempts: r.attempts,
    createdAt: r.created_at,
    // A kind this version does not know (written by another build) reads as none: the message stays.
    lastErrorKind: r.last_error_kind !== null && isFailureKind(r.last_error_kind) ? r.last_error_kind : null,
    lastErrorMessage: r.last_error_message,
  };
}

/** A user turn with queued events ready to process (not waiting on a retry delay). */
export interface PendingTurn {
  sessionId: number;
  projectId: number;
  promptNumber: number;
  events: number;
  hasTurnEnd: boolean;
  oldestAt: string;
  /** A later prompt exists in the same session, so this turn is over even without a Stop. */
  laterPrompt: boolean;
  /** Whether the session has ended. */
  sessionEnded: boolean;
}

export function pendingTurns(db: Db, now: string, limit = 100): PendingTurn[] {
  const rows = db
    .prepare(
      `SELECT q.session_id AS sessionId, q.project_id AS projectId, q.prompt_number AS promptNumber,
              COUNT(*) AS events,
              MAX(q.kind = 'turn_end') AS hasTurnEnd, MIN(q.created_at) AS oldestAt,
              (s.prompt_count > q.prompt_number) AS laterPrompt,
              (s.ended_at IS NOT NULL) AS sessionEnded
       FROM queue q JOIN sessions s ON s.id = q.session_id
       WHERE q.state = 'queued' AND (q.not_before IS NULL OR q.not_before <= ?)
       GROUP BY q.session_id, q.prompt_number
       ORDER BY MIN(q.id) LIMIT ?`,
    )
    .all(now, limit) as Array<Omit<PendingTurn, 'hasTurnEnd' | 'laterPrompt' | 'sessionEnded'> & Record<string, number>>;
  return rows.map((r) => ({
    ...r,
    hasTurnEnd: Boolean(r.hasTurnEnd),
    laterPrompt: Boolean(r.laterPrompt),
    sessionEnded: Boolean(r.sessionEnded),
  })) as PendingTurn[];
}

/**
 * Characters of a turn's ready queued payloads. Kept out of `pendingTurns`: measuring a payload
 * reads all of it, which made listing a large backlog slow; the drain asks only when it must.
 */
export function queuedChars(db: Db, sessionId: number, promptNumber: number, now: string): number {
  return (
    db
      .prepare(
        `SELECT COALESCE(SUM(LENGTH(payload)), 0) AS n FROM queue WHERE session_id = ? AND prompt_number = ?
           AND state = 'queued' AND (not_before IS NULL OR not_before <= ?)`,
      )
      .get(sessionId, promptNumber, now) as { n: number }
  ).n;
}

/**
 * Claim up to `maxEvents` ready events of one turn (oldest first), leasing them until `leaseUntil`.
 * With `maxChars`, stop before the payloads would exceed it (at least one event is always claimed).
 */
export function claimTurn(
  db: Db,
  t: { sessionId: number; promptNumber: number; now: string; leaseUntil: string; maxEvents: number; maxChars?: number },
): QueuedEvent[] {
  return db.transaction(() => {
    const all = db
      .prepare(
        `SELECT * FROM queue WHERE session_id = ? AND prompt_number = ? AND state = 'queued'
           AND (not_before IS NULL OR not_before <= ?)
         ORDER BY id LIMIT ?`,
      )
      .all(t.sessionId, t.promptNumber, t.now, t.maxEvents) as QueueRowRaw[];
    const rows = t.maxChars === undefined ? all : withinChars(all, t.maxChars);
    const mark = db.prepare(
      `UPDATE queue SET state = 'processing', attempts = attempts + 1, lease_until = ?, updated_at = ? WHERE id = ?`,
    );
    for (const r of rows) mark.run(t.leaseUntil, t.now, r.id);
    return rows.map((r) => toEvent({ ...r, state: 'processing', attempts: r.attempts + 1 }));
  }).immediate();
}

function withinChars(rows: QueueRowRaw[], maxChars: number): QueueRowRaw[] {
  let total = 0;
  const out: QueueRowRaw[] = [];
  for (const r of rows) {
    total += r.payload.length;
    if (out.length > 0 && total > maxChars) break;
    out.push(r);
  }
  return out;
}

/** How many events of a turn are still waiting (including those delayed for a retry). */
export function countQueuedInTurn(db: Db, sessionId: number, promptNumber: number): number {
  return (
    db
      .prepare(`SELECT COUNT(*) AS n FROM queue WHERE session_id = ? AND prompt_number = ? AND state = 'queued'`)
      .get(sessionId, promptNumber) as { n: number }
  ).n;
}

/** Record the error that led claimed events where they are going (kept raw after retries, split, ...). */
export function noteEventError(db: Db, ids: number[], kind: FailureKind, message: string, now: string): void {
  const stmt = db.prepare(
    `UPDATE queue SET last_error_kind = ?, last_error_message = ?, updated_at = ? WHERE id = ? AND state = 'processing'`,
  );
  db.transaction(() => {
    for (const id of ids) stmt.run(kind, message, now, id);
  }).immediate();
}

/** Put claimed events back to wait: for a retry (`notBefore`) or because the provider is paused. */
export function requeueEvents(
  db: Db,
  ids: number[],
  opts: { now: string; notBefore?: string; errorKind?: FailureKind; errorMessage?: string; refundAttempt?: boolean },
): void {
  const stmt = db.prepare(
    `UPDATE queue SET state = 'queued', lease_until = NULL, not_before = ?, updated_at = ?,
       attempts = attempts - ?,
       last_error_kind = COALESCE(?, last_error_kind), last_error_message = COALESCE(?, last_error_message)
     WHERE id = ? AND state = 'processing'`,
  );
  db.transaction(() => {
    for (const id of ids)
      stmt.run(
        opts.notBefore ?? null,
        opts.now,
        opts.refundAttempt ? 1 : 0,
        opts.errorKind ?? null,
        opts.errorMessage ?? null,
        id,
      );
  }).immediate();
}

/** End claimed events in `failed` with a typed kind. */
export function failEvents(db: Db, ids: number[], kind: FailureKind, message: string, now: string): void {
  const stmt = db.prepare(
    `UPDATE queue SET state = 'failed', lease_until = NULL, last_error_kind = ?, last_error_message = ?, updated_at = ?
     WHERE id = ? AND state = 'processing'`,
  );
  db.transaction(() => {
    for (const id of ids) stmt.run(kind, message, now, id);
  }).immediate();
}

/**
 * Return events whose lease has expired (a worker that died mid-batch) to the queue. With
 * `all`, every `processing` row is returned: used at worker start, when the lock proves no other
 * worker owns them.
 */
export function recoverLeases(db: Db, now: string, all = false): number {
  return db
    .prepare(
      `UPDATE queue SET state = 'queued', lease_until = NULL, updated_at = ?
       WHERE state = 'processing' AND (? OR lease_until < ?)`,
    )
    .run(now, all ? 1 : 0, now).changes;
}

export function queueCounts(db: Db): Record<QueueState, number> {
  const counts: Record<QueueState, number> = { queued: 0, processing: 0, compressed: 0, raw: 0, failed: 0 };
  for (const r of db.prepare('SELECT state, COUNT(*) AS n FROM queue GROUP BY state').all() as Array<{
    state: QueueState;
    n: number;
  }>)
    counts[r.state] = r.n;
  return counts;
}

export function getEvents(db: Db, ids: number[]): QueuedEvent[] {
  if (ids.length === 0) return [];
  return (
    db.prepare(`SELECT * FROM queue WHERE id IN (${ids.map(() => '?').join(',')}) ORDER BY id`).all(...ids) as QueueRowRaw[]
  ).map(toEvent);
}

/** The most recent failure recorded on any queue row (of a kind this version knows). */
export function lastQueueError(db: Db): { kind: FailureKind; message: string; at: string } | undefined {
  return db
    .prepare(
      `SELECT last_error_kind AS kind, last_error_message AS message, updated_at AS at FROM queue
       WHERE last_error_kind IN (${FAILURE_KINDS.map(() => '?').join(', ')})
       ORDER BY updated_at DESC, id DESC LIMIT 1`,
    )
    .get(...FAILURE_KINDS) as { kind: FailureKind; message: string; at: string } | undefined;
}
