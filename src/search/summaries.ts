import { filterSummaryIds, ftsSummaryCount, ftsSummaryHits, getSummaries, type Db, type ScopeFilter } from '../store';
import type { SearchParams } from './params';
import { ftsAll, ftsAny, ftsTerm, type ParsedQuery } from './query';
import { fromSummary } from './timeline';

/** A turn summary that matches a search: what was asked, and what was done or learned. */
export interface SummaryHit {
  kind: 'summary';
  id: number;
  /** created_at, ISO 8601. */
  date: string;
  project: string;
  /** The turn's request. */
  title: string;
  snippet: string;
  /** The teammate who shared it (team memory); absent for this machine's own. */
  author?: string;
}

/** Summary hits shown beside the observations: a few, on the first page only. */
const SUMMARY_HITS = 3;
/** Words in more summaries than this are not ranked over (bm25 would score every one of them). */
const RARE_LIMIT = 200;

/**
 * Turn summaries matching the query's content words, best first. Summaries have no type, concepts
 * or files, so a search filtered by any of those gets none (a filter is never silently dropped);
 * project, session and dates apply as for observations.
 */
export function searchSummaries(db: Db, params: SearchParams, query: ParsedQuery): SummaryHit[] {
  if (params.offset > 0 || params.types?.length || params.concepts?.length || params.file) return [];
  const words = query.terms.filter((t) => !t.stop).map((t) => t.text);
  if (words.length === 0) return [];
  return hydrate(db, rankedSummaryIds(db, params, words, SUMMARY_HITS));
}

/**
 * A search of turn summaries alone (`type: "summaries"`), paged like observations: matching ones
 * best first, or without words the newest (or oldest) under the filters.
 */
export function searchSummariesOnly(db: Db, params: SearchParams, query: ParsedQuery): SummaryHit[] {
  const words = query.terms.filter((t) => !t.stop).map((t) => t.text);
  if (words.length === 0) {
    const page = { limit: params.limit, offset: params.offset, oldestFirst: params.order === 'oldest' };
    return hydrate(db, filterSummaryIds(db, scopeOf(params), page));
  }
  return hydrate(db, rankedSummaryIds(db, params, words, params.offset + params.limit).slice(params.offset));
}

function rankedSummaryIds(db: Db, params: SearchParams, words: string[], limit: number): number[] {
  // Rank over the query's rarer words; when every word is common, take the most recently stored
  // summaries holding them all. Either way the cost stays bounded on a large store.
  const rare = words.filter((w) => ftsSummaryCount(db, ftsTerm(w), RARE_LIMIT + 1) <= RARE_LIMIT);
  const hits = ftsSummaryHits(db, {
    match: rare.length ? ftsAny(rare) : ftsAll(words),
    order: rare.length ? 'rank' : 'newest',
    filter: scopeOf(params),
    limit,
  });
  return hits.map((h) => h.id);
}

function scopeOf({ projectIds, since, until, sessionId, author }: SearchParams): ScopeFilter {
  return {
    ...(author ? { author } : {}),
    ...(projectIds ? { projectIds } : {}),
    ...(since ? { since } : {}),
    ...(until ? { until } : {}),
    ...(sessionId !== undefined ? { sessionId } : {}),
  };
}

function hydrate(db: Db, ids: number[]): SummaryHit[] {
  const byId = new Map(getSummaries(db, ids).map((s) => [s.id, s]));
  return ids.flatMap((i) => {
    const s = byId.get(i);
    if (!s) return [];
    const { id, date, project, title, snippet } = fromSummary(s);
    return [{ kind: 'summary' as const, id, date, project, title, snippet, ...(s.author ? { author: s.author } : {}) }];
  });
}
