import type { Db } from './db';
import { cached, scopeFilterSql, whereClause, type ScopeFilter } from './filters';

export interface PromptRow {
  id: number;
  sessionId: number;
  projectId: number;
  promptNumber: number;
  text: string;
  createdAt: string;
}

/**
 * Record a user prompt and open a new turn: bumps the session's prompt counter and returns the
 * new prompt number, in one transaction.
 */
export function recordPrompt(db: Db, p: { sessionId: number; projectId: number; text: string; now: string }): number {
  return db.transaction(() => {
    db.prepare('UPDATE sessions SET prompt_count = prompt_count + 1 WHERE id = ?').run(p.sessionId);
    const { n } = db.prepare('SELECT prompt_count AS n FROM sessions WHERE id = ?').get(p.sessionId) as { n: number };
    db.prepare(
      'INSERT INTO prompts (session_id, project_id, prompt_number, text, created_at) VALUES (?, ?, ?, ?, ?)',
    ).run(p.sessionId, p.projectId, n, p.text, p.now);
    return n;
  }).immediate();
}

export function listPrompts(db: Db, opts: { projectId?: number; limit: number; beforeId?: number }): PromptRow[] {
  return db
    .prepare(
      `SELECT id, session_id AS sessionId, project_id AS projectId, prompt_number AS promptNumber, text, created_at AS createdAt
       FROM prompts WHERE (@projectId IS NULL OR project_id = @projectId) AND (@beforeId IS NULL OR id < @beforeId)
       ORDER BY id DESC LIMIT @limit`,
    )
    .all({ projectId: opts.projectId ?? null, beforeId: opts.beforeId ?? null, limit: opts.limit }) as PromptRow[];
}

export function getPrompt(db: Db, sessionId: number, promptNumber: number): PromptRow | undefined {
  return db
    .prepare(
      `SELECT id, session_id AS sessionId, project_id AS projectId, prompt_number AS promptNumber, text, created_at AS createdAt
       FROM prompts WHERE session_id = ? AND prompt_number = ?`,
    )
    .get(sessionId, promptNumber) as PromptRow | undefined;
}

/** A stored prompt with its project's name: what a prompt search returns. */
export interface PromptMatch extends PromptRow {
  project: string;
}

/**
 * User prompts under a scope filter: those matching an FTS5 expression, best bm25 first, or
 * (without `match`) the newest first. `match` is built from quoted terms only (see
 * search/query), so user text never reaches FTS5 syntax.
 */
export function findPrompts(
  db: Db,
  opts: { match?: string; filter: ScopeFilter; limit: number; offset: number; oldestFirst?: boolean },
): PromptMatch[] {
  const { where, args } = scopeFilterSql(opts.filter, 'p');
  const select = `SELECT p.id, p.session_id AS sessionId, p.project_id AS projectId, p.prompt_number AS promptNumber,
      p.text, p.created_at AS createdAt, j.name AS project`;
  const byDate = opts.oldestFirst ? 'p.created_at, p.id' : 'p.created_at DESC, p.id DESC';
  const sql = opts.match
    ? // CROSS JOIN: the index drives the loop, as for observations.
      `${select} FROM prompts_fts f CROSS JOIN prompts p ON p.id = f.rowid JOIN projects j ON j.id = p.project_id
       ${whereClause(['prompts_fts MATCH ?', ...where])} ORDER BY bm25(prompts_fts), p.id DESC LIMIT ? OFFSET ?`
    : `${select} FROM prompts p JOIN projects j ON j.id = p.project_id ${whereClause(where)} ORDER BY ${byDate} LIMIT ? OFFSET ?`;
  const head = opts.match ? [opts.match] : [];
  return cached(db, sql).all(...head, ...args, opts.limit, opts.offset) as PromptMatch[];
}
