import type { Observation, Summary } from '../contracts';
import type { Db } from './db';
import { cached, marks, observationFilterSql, scopeFilterSql, whereClause, type ObservationFilter, type ScopeFilter } from './filters';
import { OBSERVATION_SELECT, toObservation, type ObservationRowRaw } from './observations';
import { getSummaries } from './summaries';

export type { ObservationFilter, ScopeFilter } from './filters';

/**
 * Column weights for bm25() over observations_fts, in the table's column order:
 * title, subtitle, facts, concepts, narrative, files (the paths read or modified, and the
 * record's related words: see related.ts).
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
  // CROSS JOIN: the index drives the loop. Otherwise a date filter can make SQLite walk the
  // observations by date and re-run MATCH (and bm25's IDF scan) once per row.
  const sql = `SELECT f.rowid AS id,
      bm25(observations_fts, ${num(w.title)}, ${num(w.subtitle)}, ${num(w.facts)}, ${num(w.concepts)}, ${num(w.narrative)}, ${num(w.files)}) AS bm25
    FROM observations_fts f CROSS JOIN observations o ON o.id = f.rowid
    ${whereClause(['observations_fts MATCH ?', ...where])}
    ORDER BY bm25 LIMIT ?`;
  return cached(db, sql).all(opts.match, ...args, opts.limit) as FtsHit[];
}

/**
 * Turn summaries matching an FTS5 expression: best bm25 first (the request weighs most, then what
 * was learned and completed), or most recently stored first, which FTS5 streams without ranking
 * every match.
 * `match` is built from quoted terms only, as for observations.
 */
export function ftsSummaryHits(
  db: Db,
  opts: { match: string; filter: ScopeFilter; limit: number; order: 'rank' | 'newest' },
): FtsHit[] {
  const { where, args } = scopeFilterSql(opts.filter, 's');
  const sql = `SELECT f.rowid AS id, bm25(summaries_fts, 3, 1, 2, 2, 1, 1) AS bm25
    FROM summaries_fts f CROSS JOIN summaries s ON s.id = f.rowid
    ${whereClause(['summaries_fts MATCH ?', ...where])} ORDER BY ${opts.order === 'rank' ? 'bm25' : 'f.rowid DESC'} LIMIT ?`;
  return cached(db, sql).all(opts.match, ...args, opts.limit) as FtsHit[];
}

/** Summaries matching `match` in the whole index, counting no further than `cap`. */
export function ftsSummaryCount(db: Db, match: string, cap: number): number {
  const sql = `SELECT COUNT(*) AS n FROM (SELECT 1 FROM summaries_fts WHERE summaries_fts MATCH ? LIMIT ${Math.max(0, Math.floor(cap))})`;
  return (cached(db, sql).get(match) as { n: number }).n;
}

/**
 * How many observations match `match`: under `filter`, or in the whole index without one. With
 * `cap`, counting stops there: enough to tell a rare term from a common one without walking a
 * long posting list.
 */
export function ftsObservationCount(db: Db, match: string, filter?: ObservationFilter, cap?: number): number {
  const limit = cap === undefined ? '' : ` LIMIT ${Math.max(0, Math.floor(cap))}`;
  if (!filter) {
    const sql = `SELECT COUNT(*) AS n FROM (SELECT 1 FROM observations_fts WHERE observations_fts MATCH ?${limit})`;
    return (cached(db, sql).get(match) as { n: number }).n;
  }
  const { where, args } = observationFilterSql(filter);
  const sql = `SELECT COUNT(*) AS n FROM (SELECT 1 FROM observations_fts f CROSS JOIN observations o ON o.id = f.rowid
    ${whereClause(['observations_fts MATCH ?', ...where])}${limit})`;
  return (cached(db, sql).get(match, ...args) as { n: number }).n;
}

/**
 * Observations matching `match` under `filter`, newest first, among the newest `scan` matches: a
 * cheap walk of the posting list (no ranking function), for terms too common to rank in full.
 * The scan bound keeps a selective filter from walking the whole list.
 */
export function ftsObservationNewest(
  db: Db,
  match: string,
  filter: ObservationFilter,
  limit: number,
  scan = limit * 10,
): number[] {
  const { where, args } = observationFilterSql(filter);
  // CROSS JOIN keeps SQLite from driving the loop from the filter's index instead.
  const sql = `SELECT o.id AS id
    FROM (SELECT rowid AS id FROM observations_fts WHERE observations_fts MATCH ? ORDER BY rowid DESC LIMIT ?) m
    CROSS JOIN observations o ON o.id = m.id
    ${whereClause(where)} ORDER BY m.id DESC LIMIT ?`;
  return (cached(db, sql).all(match, scan, ...args, limit) as Array<{ id: number }>).map((r) => r.id);
}

/** The text of an observation as the index holds it, one string per column. */
export interface FtsRowText {
  id: number;
  title: string;
  subtitle: string;
  facts: string;
  concepts: string;
  narrative: string;
  files: string;
}

/**
 * The indexed text of some observations, read from the index's own copy: exactly what was
 * tokenised, without hydrating whole records.
 */
export function ftsObservationTexts(db: Db, ids: readonly number[]): FtsRowText[] {
  if (ids.length === 0) return [];
  const sql = `SELECT rowid AS id, title, subtitle, facts, concepts, narrative, files FROM observations_fts
    WHERE rowid IN (SELECT value FROM json_each(?))`;
  return cached(db, sql).all(JSON.stringify(ids)) as FtsRowText[];
}

/** One indexed term (after stemming) and how many observations hold it. */
export interface FtsVocabTerm {
  term: string;
  docs: number;
}

const vocabReady = new WeakSet<Db>();

/**
 * A temp fts5vocab table, created once per connection, reads the index's term list without a
 * migration (and works on read-only connections).
 */
function vocab(db: Db): string {
  if (!vocabReady.has(db)) {
    db.exec('CREATE VIRTUAL TABLE IF NOT EXISTS temp.observations_fts_terms USING fts5vocab(main, observations_fts, row)');
    vocabReady.add(db);
  }
  return 'temp.observations_fts_terms';
}

/**
 * Indexed terms starting with `prefix` (already in the index's stemmed form), for spelling
 * correction. The range is a seek in FTS5's term b-tree, not a scan.
 */
export function ftsVocabWithPrefix(db: Db, prefix: string, limit: number): FtsVocabTerm[] {
  const sql = `SELECT term, doc AS docs FROM ${vocab(db)} WHERE term >= ? AND term < ? LIMIT ?`;
  return cached(db, sql).all(prefix, `${prefix}\u{10FFFF}`, limit) as FtsVocabTerm[];
}

/** Observations holding an indexed (stemmed) term: cheaper than counting MATCH rows for common terms. */
export function ftsTermDocs(db: Db, term: string): number {
  const row = cached(db, `SELECT doc FROM ${vocab(db)} WHERE term = ?`).get(term) as { doc: number } | undefined;
  return row?.doc ?? 0;
}

/**
 * Rows in the observation index (the N of bm25's IDF) and a stamp that changes whenever indexed
 * content does. FTS5 keeps both in its "averages" record (rowid 1 of the %_data table), which
 * bm25 itself reads: the row count, then each column's token total, so an edit that keeps the
 * row count (a delete and an insert, related words filled in) still changes the stamp. COUNT(*)
 * on the FTS5 table would read every row (60 ms at 100k observations); counting the plain table,
 * which triggers keep in step, is the fallback.
 */
export function ftsObservationTotal(db: Db): { total: number; stamp: string } {
  const row = cached(db, 'SELECT block FROM observations_fts_data WHERE id = 1').get() as { block: unknown } | undefined;
  if (row && row.block instanceof Uint8Array && row.block.length > 0) {
    return { total: readVarint(row.block), stamp: Buffer.from(row.block).toString('base64') };
  }
  const n = (cached(db, 'SELECT COUNT(*) AS n FROM observations').get() as { n: number }).n;
  return { total: n, stamp: String(n) };
}

/** SQLite's big-endian varint (7 bits a byte, high bit = more), for counts well below 2^53. */
function readVarint(bytes: Uint8Array): number {
  let v = 0;
  for (let i = 0; i < Math.min(bytes.length, 8); i++) {
    const b = bytes[i] as number;
    v = v * 128 + (b & 0x7f);
    if ((b & 0x80) === 0) return v;
  }
  return v;
}

/** Newest (or, with `oldestFirst`, oldest) matching observations first: what an empty query with filters returns. */
export function filterObservations(
  db: Db,
  filter: ObservationFilter,
  page: { limit: number; offset?: number; oldestFirst?: boolean },
): Observation[] {
  const { where, args } = observationFilterSql(filter);
  const order = page.oldestFirst ? 'o.created_at, o.id' : 'o.created_at DESC, o.id DESC';
  const sql = `${OBSERVATION_SELECT} ${whereClause(where)} ORDER BY ${order} LIMIT ? OFFSET ?`;
  return (db.prepare(sql).all(...args, page.limit, page.offset ?? 0) as ObservationRowRaw[]).map(toObservation);
}

/** Streams every observation a filter admits, oldest first (export reads through this). */
export function* iterateObservations(db: Db, filter: ObservationFilter): Generator<Observation> {
  // Export keeps every record, merged duplicates too: nothing stored is lost on the way out.
  const { where, args } = observationFilterSql({ ...filter, includeMerged: true });
  const sql = `${OBSERVATION_SELECT} ${whereClause(where)} ORDER BY o.created_at, o.id`;
  for (const r of db.prepare(sql).iterate(...args)) yield toObservation(r as ObservationRowRaw);
}

/** Summary ids under a scope filter, newest (or oldest) first: a summaries-only search without words. */
export function filterSummaryIds(
  db: Db,
  filter: ScopeFilter,
  page: { limit: number; offset: number; oldestFirst?: boolean },
): number[] {
  const { where, args } = scopeFilterSql(filter, 's');
  const order = page.oldestFirst ? 's.created_at, s.id' : 's.created_at DESC, s.id DESC';
  const sql = `SELECT s.id FROM summaries s ${whereClause(where)} ORDER BY ${order} LIMIT ? OFFSET ?`;
  return (cached(db, sql).all(...args, page.limit, page.offset) as Array<{ id: number }>).map((r) => r.id);
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
