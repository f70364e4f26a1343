import { randomUUID } from 'node:crypto';
import type { Observation, ObservationDraft, ObservationType, Origin } from '../contracts';
import type { Db } from './db';
import { parseList } from './json';
import { relatedSource, relatedWords } from './related';

export interface NewObservation extends ObservationDraft {
  uid?: string;
  projectId: number;
  sessionId: number | null;
  promptNumber: number | null;
  createdAt: string;
  model: string | null;
  inputTokens?: number;
  outputTokens?: number;
  origin: Origin;
}

/** Above every id ever used, so a deleted observation's id never comes back (migration 4). */
const NEXT_ID = `(SELECT MAX(COALESCE((SELECT MAX(id) FROM observations), 0),
  COALESCE((SELECT CAST(value AS INTEGER) FROM meta WHERE key = 'observations_id_floor'), 0)) + 1)`;

/** Insert one observation; with a `uid` already stored, nothing is written and `undefined` is returned. */
export function insertObservation(db: Db, o: NewObservation): number | undefined {
  const info = db
    .prepare(
      `INSERT INTO observations (id, uid, project_id, session_id, prompt_number, type, title, subtitle, facts, narrative,
         concepts, files_read, files_modified, created_at, model, input_tokens, output_tokens, origin, related)
       VALUES (${NEXT_ID}, @uid, @projectId, @sessionId, @promptNumber, @type, @title, @subtitle, @facts, @narrative,
         @concepts, @filesRead, @filesModified, @createdAt, @model, @inputTokens, @outputTokens, @origin, @related)
       ON CONFLICT(uid) DO NOTHING`,
    )
    .run({
      uid: o.uid ?? randomUUID(),
      projectId: o.projectId,
      sessionId: o.sessionId,
      promptNumber: o.promptNumber,
      type: o.type,
      title: o.title,
      subtitle: o.subtitle,
      facts: JSON.stringify(o.facts),
      narrative: o.narrative,
      concepts: JSON.stringify(o.concepts),
      filesRead: JSON.stringify(o.filesRead),
      filesModified: JSON.stringify(o.filesModified),
      createdAt: o.createdAt,
      model: o.model,
      inputTokens: o.inputTokens ?? 0,
      outputTokens: o.outputTokens ?? 0,
      origin: o.origin,
      related: relatedWords(relatedSource(o)),
    });
  return info.changes === 1 ? Number(info.lastInsertRowid) : undefined;
}

export interface ObservationRowRaw {
  id: number;
  uid: string;
  project_id: number;
  project: string;
  session_id: number | null;
  prompt_number: number | null;
  type: string;
  title: string;
  subtitle: string;
  facts: string;
  narrative: string;
  concepts: string;
  files_read: string;
  files_modified: string;
  created_at: string;
  model: string | null;
  input_tokens: number;
  output_tokens: number;
  origin: Origin;
}

/** SELECT list (with the project name) that `toObservation` maps; alias the table `o`. */
export const OBSERVATION_SELECT = `SELECT o.*, p.name AS project FROM observations o JOIN projects p ON p.id = o.project_id`;

export function toObservation(r: ObservationRowRaw): Observation {
  return {
    id: r.id,
    uid: r.uid,
    projectId: r.project_id,
    project: r.project,
    sessionId: r.session_id,
    promptNumber: r.prompt_number,
    type: r.type as ObservationType,
    title: r.title,
    subtitle: r.subtitle,
    facts: parseList(r.facts),
    narrative: r.narrative,
    concepts: parseList(r.concepts),
    filesRead: parseList(r.files_read),
    filesModified: parseList(r.files_modified),
    createdAt: r.created_at,
    model: r.model,
    inputTokens: r.input_tokens,
    outputTokens: r.output_tokens,
    origin: r.origin,
  };
}

/** Full records for ids, in the order asked; unknown ids are left out. */
export function getObservations(db: Db, ids: number[]): Observation[] {
  if (ids.length === 0) return [];
  const rows = db
    .prepare(`${OBSERVATION_SELECT} WHERE o.id IN (${ids.map(() => '?').join(',')})`)
    .all(...ids) as ObservationRowRaw[];
  const byId = new Map(rows.map((r) => [r.id, toObservation(r)]));
  return ids.flatMap((id) => byId.get(id) ?? []);
}

export interface ListObservationsOptions {
  projectIds?: number[];
  types?: string[];
  /** Session-start tuning: none of these types; any / none of these concepts; created at or after `since`. */
  excludeTypes?: string[];
  concepts?: string[];
  excludeConcepts?: string[];
  since?: string;
  limit: number;
  /** Keyset pagination: only rows with id below this. */
  beforeId?: number;
  sinceId?: number;
}

/** Newest first. */
export function listObservations(db: Db, opts: ListObservationsOptions): Observation[] {
  const where: string[] = [];
  const args: unknown[] = [];
  if (opts.projectIds) {
    where.push(`o.project_id IN (${opts.projectIds.map(() => '?').join(',') || 'NULL'})`);
    args.push(...opts.projectIds);
  }
  if (opts.types?.length) {
    where.push(`o.type IN (${opts.types.map(() => '?').join(',')})`);
    args.push(...opts.types);
  }
  if (opts.excludeTypes?.length) {
    where.push(`o.type NOT IN (${opts.excludeTypes.map(() => '?').join(',')})`);
    args.push(...opts.excludeTypes);
  }
  if (opts.concepts?.length) {
    where.push(`EXISTS (SELECT 1 FROM json_each(o.concepts) c WHERE c.value IN (${opts.concepts.map(() => '?').join(',')}))`);
    args.push(...opts.concepts);
  }
  if (opts.excludeConcepts?.length) {
    where.push(`NOT EXISTS (SELECT 1 FROM json_each(o.concepts) c WHERE c.value IN (${opts.excludeConcepts.map(() => '?').join(',')}))`);
    args.push(...opts.excludeConcepts);
  }
  if (opts.since !== undefined) {
    where.push('o.created_at >= ?');
    args.push(opts.since);
  }
  if (opts.beforeId !== undefined) {
    where.push('o.id < ?');
    args.push(opts.beforeId);
  }
  if (opts.sinceId !== undefined) {
    where.push('o.id > ?');
    args.push(opts.sinceId);
  }
  const sql = `${OBSERVATION_SELECT} ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY o.created_at DESC, o.id DESC LIMIT ?`;
  return (db.prepare(sql).all(...args, opts.limit) as ObservationRowRaw[]).map(toObservation);
}

export function countObservations(db: Db, projectId?: number): number {
  const row = (
    projectId === undefined
      ? db.prepare('SELECT COUNT(*) AS n FROM observations').get()
      : db.prepare('SELECT COUNT(*) AS n FROM observations WHERE project_id = ?').get(projectId)
  ) as { n: number };
  return row.n;
}

/** Really delete observations (their FTS rows go with them through triggers). Returns how many. */
export function deleteObservations(db: Db, ids: number[]): number {
  const stmt = db.prepare('DELETE FROM observations WHERE id = ?');
  return db.transaction(() => ids.reduce((n, id) => n + stmt.run(id).changes, 0)).immediate();
}

/** Observations per UTC day and type since `sinceDay` (YYYY-MM-DD), for charts. */
export function observationsPerDay(
  db: Db,
  sinceDay: string,
  projectId?: number,
): Array<{ day: string; type: string; n: number }> {
  return db
    .prepare(
      `SELECT substr(created_at, 1, 10) AS day, type, COUNT(*) AS n FROM observations
       WHERE created_at >= ? AND (? IS NULL OR project_id = ?) GROUP BY day, type ORDER BY day`,
    )
    .all(sinceDay, projectId ?? null, projectId ?? null) as Array<{ day: string; type: string; n: number }>;
}
