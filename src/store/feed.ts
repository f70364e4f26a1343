import type { Observation, Summary } from '../contracts';
import type { Db } from './db';
import { getObservations } from './observations';
import type { PromptRow } from './prompts';
import { getSummaries } from './summaries';

/** Highest row id per record type: the cursor of the live feed (SSE) and of change polling. */
export interface FeedCursor {
  obs: number;
  sum: number;
  prm: number;
}

export function feedMaxIds(db: Db): FeedCursor {
  return db
    .prepare(
      `SELECT (SELECT COALESCE(MAX(id), 0) FROM observations) AS obs,
              (SELECT COALESCE(MAX(id), 0) FROM summaries) AS sum,
              (SELECT COALESCE(MAX(id), 0) FROM prompts) AS prm`,
    )
    .get() as FeedCursor;
}

export interface FeedRows {
  observations: Observation[];
  summaries: Summary[];
  prompts: PromptRow[];
}

/** Rows with `after < id <= upTo` per type, oldest first, at most `limit` of each. */
export function feedRowsBetween(db: Db, after: FeedCursor, upTo: FeedCursor, limit: number): FeedRows {
  const ids = (table: string, from: number, to: number): number[] =>
    from >= to
      ? []
      : (
          db.prepare(`SELECT id FROM ${table} WHERE id > ? AND id <= ? ORDER BY id LIMIT ?`).all(from, to, limit) as Array<{
            id: number;
          }>
        ).map((r) => r.id);
  const promptIds = ids('prompts', after.prm, upTo.prm);
  const prompts = promptIds.length
    ? (db
        .prepare(
          `SELECT id, session_id AS sessionId, project_id AS projectId, prompt_number AS promptNumber, text, created_at AS createdAt
           FROM prompts WHERE id IN (${promptIds.map(() => '?').join(',')}) ORDER BY id`,
        )
        .all(...promptIds) as PromptRow[])
    : [];
  const summaries = getSummaries(db, ids('summaries', after.sum, upTo.sum)).sort((a, b) => a.id - b.id);
  return { observations: getObservations(db, ids('observations', after.obs, upTo.obs)), summaries, prompts };
}
