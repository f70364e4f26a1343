import type { Db } from './db';

/**
 * Remember that a session was given these observations (at session start or with a prompt), so
 * the recall on a later prompt never hands it the same record twice.
 */
export function markInjected(db: Db, sessionId: number, observationIds: readonly number[], now: string): void {
  if (observationIds.length === 0) return;
  const stmt = db.prepare(
    `INSERT INTO injected (session_id, observation_id, injected_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING`,
  );
  for (const id of observationIds) stmt.run(sessionId, id, now);
}

export function injectedIds(db: Db, sessionId: number): Set<number> {
  const rows = db.prepare(`SELECT observation_id AS id FROM injected WHERE session_id = ?`).all(sessionId) as Array<{
    id: number;
  }>;
  return new Set(rows.map((r) => r.id));
}

/** What the prompt recall shows of an observation: enough for one line, nothing more. */
export interface RecallHit {
  id: number;
  type: string;
  title: string;
  facts: string[];
  createdAt: string;
  /** A teammate's name (team memory); null for this machine's own. */
  author: string | null;
  /** FTS5 bm25(): lower (more negative) is better. */
  bm25: number;
}

/**
 * The lean search behind the prompt recall: one FTS5 query over one project's observations,
 * best bm25 first, title and facts weighing most. `match` is built from quoted terms only, so
 * user text never reaches FTS5 syntax. Unlike search/ it loads no ranking, spelling or
 * embeddings code, which keeps the hook bundle small and the hook fast.
 */
export function recallHits(db: Db, opts: { projectId: number; match: string; limit: number }): RecallHit[] {
  const rows = db
    .prepare(
      `SELECT o.id, o.type, o.title, o.facts, o.created_at AS createdAt, o.author,
         bm25(observations_fts, 4, 2, 2, 1, 1, 0.5) AS bm25
       FROM observations_fts f CROSS JOIN observations o ON o.id = f.rowid
       WHERE observations_fts MATCH ? AND o.project_id = ?
       ORDER BY bm25 LIMIT ?`,
    )
    .all(opts.match, opts.projectId, opts.limit) as Array<Omit<RecallHit, 'facts'> & { facts: string }>;
  return rows.map((r) => ({ ...r, facts: parseFacts(r.facts) }));
}

function parseFacts(raw: string): string[] {
  try {
    const v: unknown = JSON.parse(raw);
    return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
  } catch (err) {
    // A hand-edited or imported row with broken JSON: show the title alone.
    void err;
    return [];
  }
}
