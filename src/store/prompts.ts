import type { Db } from './db';

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
