import type { Db } from './db';

export interface SessionRow {
  id: number;
  host: string;
  hostSessionId: string;
  projectId: number;
  cwd: string;
  startedAt: string;
  endedAt: string | null;
  promptCount: number;
}

const COLUMNS = `id, host, host_session_id AS hostSessionId, project_id AS projectId, cwd,
  started_at AS startedAt, ended_at AS endedAt, prompt_count AS promptCount`;

/** The session row for a host's session id, created on first sight (any hook may be first). */
export function upsertSession(
  db: Db,
  s: { host: string; hostSessionId: string; projectId: number; cwd: string; now: string },
): SessionRow {
  db.prepare(
    `INSERT INTO sessions (host, host_session_id, project_id, cwd, started_at)
     VALUES (?, ?, ?, ?, ?) ON CONFLICT(host, host_session_id) DO NOTHING`,
  ).run(s.host, s.hostSessionId, s.projectId, s.cwd, s.now);
  return db
    .prepare(`SELECT ${COLUMNS} FROM sessions WHERE host = ? AND host_session_id = ?`)
    .get(s.host, s.hostSessionId) as SessionRow;
}

export function endSession(db: Db, id: number, reason: string, now: string): void {
  db.prepare('UPDATE sessions SET ended_at = ?, end_reason = ? WHERE id = ?').run(now, reason, id);
}

/** When the project's `n`-th most recent session started, or `undefined` when it has fewer. */
export function nthSessionStart(db: Db, projectId: number, n: number): string | undefined {
  if (n < 1) return undefined;
  const row = db
    .prepare(`SELECT started_at AS at FROM sessions WHERE project_id = ? ORDER BY started_at DESC LIMIT 1 OFFSET ?`)
    .get(projectId, n - 1) as { at: string } | undefined;
  return row?.at;
}
