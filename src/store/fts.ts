import type { Observation, Summary } from '../contracts';
import type { Db } from './db';
import { cached, marks, observationFilterSql, whereClause, type ObservationFilter } from './filters';
import { OBSERVATION_SELECT, toObservation, type ObservationRowRaw } from './observations';
import { getSummaries } from './summaries';

export type { ObservationFilter } from './filters';

/**
 * Column weights for bm25() over observations_fts, in the table's column order:
 * title, subtitle, facts, concepts, narrative, files.
 */
export interface FtsWeights {
  title: number;
  subtitle: number;
  facts: number;
  concepts: number;
  narrative: number;
  files: number;
}

export interface FtsHit {
  id: number;
  /** FTS5 bm25(): lower (more negative) is better. */
  bm25: number;
}

/**
 * Observations matching an FTS5 expression under a filter, best bm25 first. The caller builds
 * `match` from quoted terms only (see search/query), so user text never reaches FTS5 syntax.
 */
export function ftsObservationHits(
  db: Db,
  opts: { match: string; weights: FtsWeights; filter: ObservationFilter; limit: number },
): FtsHit[] {
  const { where, args } = observationFilterSql(opts.filter);
  const w = opts.weights;
  const sql = `SELECT f.rowid AS id,
      bm25(observations_fts, ${num(w.title)}, ${num(w.subtitle)}, ${num(w.facts)}, ${num(w.concepts)}, ${num(w.narrative)}, ${num(w.files)}) AS bm25
    FROM observations_fts f JOIN observations o ON o.id = f.rowid
    ${whereClause(['observations_fts MATCH ?', ...where])}
    ORDER BY bm25 LIMIT ?`;
  return cached(db, sql).all(opts.match, ...args, opts.limit) as FtsHit[];
}

/** How many observations match `match`: under `filter`, or in the whole index without one. */
export function ftsObservationCount(db: Db, match: string, filter?: ObservationFilter): number {
  if (!filter) {
    return (cached(db, 'SELECT COUNT(*) AS n FROM observations_fts WHERE observations_fts MATCH ?').get(match) as { n: number })
      .n;
  }
  const { where, args } = observationFilterSql(filter);
  const sql = `SELECT COUNT(*) AS n FROM observations_fts f JOIN observations o ON o.id = f.rowid
    ${whereClause(['observations_fts MATCH ?', ...where])}`;
  return (cached(db, sql).get(match, ...args) as { n: number }).n;
}

/** One indexed term (after stemming) and how many observations hold it. */
export interface FtsVocabTerm {
  term: string;
  docs: number;
}

const vocabReady = new WeakSet<Db>();

/**
 * Indexed terms starting with `prefix` (already in the index's stemmed form), for spelling
 * correction. A temp fts5vocab table, created once per connection, reads the index's term list
 * without a migration; the range is a seek in FTS5's term b-tree, not a scan.
 */
export function ftsVocabWithPrefix(db: Db, prefix: string, limit: number): FtsVocabTerm[] {
  if (!vocabReady.has(db)) {
    db.exec('CREATE VIRTUAL TABLE IF NOT EXISTS temp.observations_fts_terms USING fts5vocab(main, observations_fts, row)');
    vocabReady.add(db);
  }
  const sql = 'SELECT term, doc AS docs FROM temp.observations_fts_terms WHERE term >= ? AND term < ? LIMIT ?';
  return cached(db, sql).all(prefix, `${prefix}\u{10FFFF}`, limit) as FtsVocabTerm[];
}

/** Rows in the observation index: the N of bm25's IDF. */
export function ftsObservationTotal(db: Db): number {
  return (cached(db, 'SELECT COUNT(*) AS n FROM observations_fts').get() as { n: number }).n;
}

/** How many observations a filter admits. */
export function countFilteredObservations(db: Db, filter: ObservationFilter): number {
  const { where, args } = observationFilterSql(filter);
  return (db.prepare(`SELECT COUNT(*) AS n FROM observations o ${whereClause(where)}`).get(...args) as { n: number }).n;
}

/** Newest matching observations first: what an empty query with filters returns. */
export function filterObservations(
  db: Db,
  filter: ObservationFilter,
  page: { limit: number; offset?: number },
): Observation[] {
  const { where, args } = observationFilterSql(filter);
  const sql = `${OBSERVATION_SELECT} ${whereClause(where)} ORDER BY o.created_at DESC, o.id DESC LIMIT ? OFFSET ?`;
  return (db.prepare(sql).all(...args, page.limit, page.offset ?? 0) as ObservationRowRaw[]).map(toObservation);
}

/** Streams every observation a filter admits, oldest first (export reads through this). */
export function* iterateObservations(db: Db, filter: ObservationFilter): Generator<Observation> {
  const { where, args } = observationFilterSql(filter);
  const sql = `${OBSERVATION_SELECT} ${whereClause(where)} ORDER BY o.created_at, o.id`;
  for (const r of db.prepare(sql).iterate(...args)) yield toObservation(r as ObservationRowRaw);
}

/** Streams summaries of some projects (or all), oldest first. */
export function* iterateSummaries(db: Db, projectIds?: readonly number[]): Generator<Summary> {
  const where = projectIds ? [projectIds.length ? `project_id IN (${marks(projectIds)})` : '0'] : [];
  const stmt = db.prepare(`SELECT id FROM summaries ${whereClause(where)} ORDER BY created_at, id`);
  const ids = (stmt.all(...(projectIds ?? [])) as Array<{ id: number }>).map((r) => r.id);
  for (let i = 0; i < ids.length; i += 500) {
    const chunk = ids.slice(i, i + 500);
    const byId = new Map(getSummaries(db, chunk).map((s) => [s.id, s]));
    for (const id of chunk) {
      const s = byId.get(id);
      if (s) yield s;
    }
  }
}

function num(n: number): string {
  if (!Number.isFinite(n)) throw new Error(`bm25 weight must be finite, got ${n}`);
  return String(n);
}
