import { ftsSummaryCount, ftsSummaryHits, getSummaries, type Db } from '../store';
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
  const { projectIds, since, until, sessionId } = params;
  // Rank over the query's rarer words; when every word is common, take the most recently stored
  // summaries holding them all. Either way the cost stays bounded on a large store.
  const rare = words.filter((w) => ftsSummaryCount(db, ftsTerm(w), RARE_LIMIT + 1) <= RARE_LIMIT);
  const hits = ftsSummaryHits(db, {
    match: rare.length ? ftsAny(rare) : ftsAll(words),
    order: rare.length ? 'rank' : 'newest',
    filter: {
      ...(projectIds ? { projectIds } : {}),
      ...(since ? { since } : {}),
      ...(until ? { until } : {}),
      ...(sessionId !== undefined ? { sessionId } : {}),
    },
    limit: SUMMARY_HITS,
  });
  const byId = new Map(getSummaries(db, hits.map((h) => h.id)).map((s) => [s.id, s]));
  return hits.flatMap((h) => {
    const s = byId.get(h.id);
    if (!s) return [];
    const { id, date, project, title, snippet } = fromSummary(s);
    return [{ kind: 'summary' as const, id, date, project, title, snippet }];
  });
}
