import type { MemoryMarks, Observation, ObservationDraft, ObservationType, Origin } from '../contracts';
import { anchorsOf, recordedStaleness } from './anchors';
import type { Db } from './db';
import { marks } from './filters';
import { parseList } from './json';
import { recordKeys, type NewRecordKeys, type RecordKeysRow } from './record-keys';
import { relatedSource, relatedWords } from './related';

export interface NewObservation extends ObservationDraft, NewRecordKeys {
  inputTokens?: number;
  outputTokens?: number;
}

/** Above every id ever used, so a deleted observation's id never comes back (migration 4). */
const NEXT_ID = `(SELECT MAX(COALESCE((SELECT MAX(id) FROM observations), 0),
  COALESCE((SELECT CAST(value AS INTEGER) FROM meta WHERE key = 'observations_id_floor'), 0)) + 1)`;

/** Insert one observation; with a `uid` already stored, nothing is written and `undefined` is returned. */
export function insertObservation(db: Db, o: NewObservation): number | undefined {
  const info = db
    .prepare(
      `INSERT INTO observations (id, uid, project_id, session_id, prompt_number, type, title, subtitle, facts, narrative,
         concepts, files_read, files_modified, created_at, model, input_tokens, output_tokens, origin, related, author)
       VALUES (${NEXT_ID}, @uid, @projectId, @sessionId, @promptNumber, @type, @title, @subtitle, @facts, @narrative,
         @concepts, @filesRead, @filesModified, @createdAt, @model, @inputTokens, @outputTokens, @origin, @related, @author)
       ON CONFLICT(uid) DO NOTHING`,
    )
    .run({
      // node:crypto loads at first use: an import would cost every hook and search a few ms at start.
      uid: o.uid ?? process.getBuiltinModule('node:crypto').randomUUID(),
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
      author: o.author ?? null,
    });
  return info.changes === 1 ? Number(info.lastInsertRowid) : undefined;
}

export interface ObservationRowRaw extends RecordKeysRow {
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
  merged_into?: number | null;
  superseded_by?: number | null;
  author?: string | null;
}

/** SELECT list (with the project name) that `toObservation` maps; alias the table `o`. */
export const OBSERVATION_SELECT = `SELECT o.*, p.name AS project FROM observations o JOIN projects p ON p.id = o.project_id`;

export function toObservation(r: ObservationRowRaw): Observation {
  const o: Observation = {
    ...recordKeys(r),
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
  if (r.author) o.author = r.author;
  const m: MemoryMarks = {};
  if (r.merged_into) m.mergedInto = r.merged_into;
  if (r.superseded_by) m.supersededBy = r.superseded_by;
  if (Object.keys(m).length) o.memory = m;
  return o;
}

/**
 * Full records for ids, in the order asked; unknown ids are left out. Each carries its memory
 * marks (docs/search.md): merged duplicates, what it supersedes, files changed since (as the
 * worker's last background check saw them).
 */
export function getObservations(db: Db, ids: number[]): Observation[] {
  if (ids.length === 0) return [];
  const rows = db
    .prepare(`${OBSERVATION_SELECT} WHERE o.id IN (${ids.map(() => '?').join(',')})`)
    .all(...ids) as ObservationRowRaw[];
  const byId = new Map(rows.map((r) => [r.id, toObservation(r)]));
  attachMarks(db, [...byId.values()]);
  return ids.flatMap((id) => byId.get(id) ?? []);
}

/** Add merged / supersedes / stale marks to observations, in three indexed queries. */
export function attachMarks(db: Db, list: Observation[]): void {
  if (list.length === 0) return;
  const ids = list.map((o) => o.id);
  const related = db
    .prepare(
      `SELECT id, created_at, merged_into, superseded_by FROM observations
       WHERE merged_into IN (${marks(ids)}) OR superseded_by IN (${marks(ids)}) ORDER BY created_at, id`,
    )
    .all(...ids, ...ids) as Array<{ id: number; created_at: string; merged_into: number | null; superseded_by: number | null }>;
  const anchors = anchorsOf(db, ids);
  for (const o of list) {
    const m: MemoryMarks = { ...o.memory };
    const dups = related.filter((r) => r.merged_into === o.id);
    if (dups.length) {
      const all = [...dups.map((d) => ({ id: d.id, at: d.created_at })), { id: o.id, at: o.createdAt }].sort((a, b) => a.at.localeCompare(b.at) || a.id - b.id);
      m.merged = { count: all.length, ids: dups.map((d) => d.id), dates: all.map((d) => d.at) };
    }
    const older = related.filter((r) => r.superseded_by === o.id && r.merged_into === null).map((r) => r.id);
    if (older.length) m.supersedes = older;
    const rows = anchors.get(o.id);
    if (rows) {
      const s = recordedStaleness(rows);
      if (s.stale.length) m.stale = s.stale;
      if (s.unknown.length) m.unknown = s.unknown;
      if (s.commit) m.commit = s.commit.slice(0, 12);
    }
    if (Object.keys(m).length) o.memory = m;
  }
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
  /** Leave out merged duplicates and superseded notes (the session-start memory). */
  currentOnly?: boolean;
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
  if (opts.currentOnly) where.push('o.merged_into IS NULL AND o.superseded_by IS NULL');
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
