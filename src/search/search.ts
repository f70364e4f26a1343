import { isMemError, type MemoryMarks, type Observation } from '../contracts';
import type { Logger } from '../log';
import { attachMarks, filterObservations, getObservations, type Db, type ObservationFilter } from '../store';
import type { Embedder } from './embeddings/types';
import { rankVectors, reciprocalRankFusion } from './embeddings/vector-rank';
import { DEFAULT_TUNING, rankKeyword, type KeywordTuning } from './keyword';
import type { SearchParams } from './params';
import { searchPrompts, type PromptHit } from './prompts';
import { parseQuery, type ParsedQuery } from './query';
import { snippetFor } from './snippet';
import { searchSummaries, searchSummariesOnly, type SummaryHit } from './summaries';

/** One compact search result: enough to decide whether to fetch the full record. */
export interface SearchHit {
  id: number;
  kind: 'observation';
  uid: string;
  /** created_at, ISO 8601. */
  date: string;
  type: string;
  title: string;
  /** One line explaining the match. */
  snippet: string;
  /** Higher is better; comparable only within one result. */
  score: number;
  project: string;
  /** Stale files, superseded by, merged duplicates (docs/search.md); absent when there is nothing to say. */
  memory?: MemoryMarks;
  /** The teammate who shared it (team memory); absent for this machine's own notes. */
  author?: string;
}

export interface SearchResult {
  hits: SearchHit[];
  /** A few matching turn summaries (what was asked, done, learned), on the first page of a query. */
  summaries: SummaryHit[];
  /** Matching user prompts: only in a prompts search (`type: "prompts"`). */
  prompts: PromptHit[];
  /** `recent`: no query words, newest first; `keyword`: BM25 ranking; `hybrid`: keyword + vectors fused. */
  mode: 'recent' | 'keyword' | 'hybrid';
  /** Something the caller should tell the user, e.g. the embeddings endpoint failed. */
  warnings: string[];
}

export interface SearchOptions {
  /** CLAUDE_MEM_SEARCH_RECENCY: give recent records a small boost. */
  recency?: boolean;
  now?: Date;
  /** Semantic search: present only when CLAUDE_MEM_EMBEDDINGS_PROVIDER is not `none`. */
  embedder?: Embedder;
  tuning?: KeywordTuning;
  logger?: Logger;
}

/** Recent records get up to this much extra score, halving every RECENCY_HALF_LIFE_DAYS. */
const RECENCY_BOOST = 0.1;
const RECENCY_HALF_LIFE_DAYS = 30;

/**
 * The one search every surface uses (MCP, CLI, worker HTTP API, viewer). Filters always apply;
 * an empty query returns the newest matching records. With an embedder the keyword and vector
 * rankings are fused; if the embeddings endpoint fails, keyword results come back with a warning.
 */
export async function searchMemory(db: Db, params: SearchParams, opts: SearchOptions = {}): Promise<SearchResult> {
  const query = parseQuery(params.query);
  const other = otherRecords(db, params, query);
  if (other) return other;
  if (query.terms.length === 0) return recent(db, params);
  const want = params.offset + params.limit;
  const keyword = rankKeyword(db, query, filterOf(params), want, opts.tuning ?? DEFAULT_TUNING);
  if (!opts.embedder) return finish(db, params, query, keyword, 'keyword', [], opts);
  try {
    const [vector] = await opts.embedder.embed([params.query]);
    if (!vector) throw new Error('the embeddings endpoint returned no vector');
    const nearest = rankVectors(db, opts.embedder.id, vector, filterOf(params), Math.max(want, 50));
    const fused = reciprocalRankFusion([keyword.slice(0, Math.max(want, 100)), nearest]);
    return finish(db, params, query, fused, 'hybrid', [], opts);
  } catch (err) {
    // The fix (contracts/failures.ts) travels with the warning to MCP, the CLI and the viewer.
    const fix = isMemError(err) && err.hint ? ` Fix: ${err.hint}` : '';
    const message = `Semantic search is unavailable (${(err as Error).message}); showing keyword results.${fix}`;
    opts.logger?.warn('embedding the query failed', { error: (err as Error).message });
    return finish(db, params, query, keyword, 'keyword', [message], opts);
  }
}

/** Keyword-only search, synchronous (no embeddings): for callers that cannot await. */
export function searchKeyword(db: Db, params: SearchParams, opts: Omit<SearchOptions, 'embedder'> = {}): SearchResult {
  const query = parseQuery(params.query);
  const other = otherRecords(db, params, query);
  if (other) return other;
  if (query.terms.length === 0) return recent(db, params);
  const keyword = rankKeyword(db, query, filterOf(params), params.offset + params.limit, opts.tuning ?? DEFAULT_TUNING);
  return finish(db, params, query, keyword, 'keyword', [], opts);
}

/** A search of summaries or prompts alone; `undefined` for observations. */
function otherRecords(db: Db, params: SearchParams, query: ParsedQuery): SearchResult | undefined {
  const mode = query.terms.length ? 'keyword' : 'recent';
  if (params.records === 'prompts') {
    const prompts = inOrder(searchPrompts(db, params, query), params.order);
    return { hits: [], summaries: [], prompts, mode, warnings: [] };
  }
  if (params.records === 'summaries') {
    const summaries = inOrder(searchSummariesOnly(db, params, query), params.order);
    return { hits: [], summaries, prompts: [], mode, warnings: [] };
  }
  return undefined;
}

function recent(db: Db, params: SearchParams): SearchResult {
  const page = { limit: params.limit, offset: params.offset, oldestFirst: params.order === 'oldest' };
  const rows = filterObservations(db, filterOf(params), page);
  attachMarks(db, rows);
  return { hits: rows.map((o) => toHit(o, 0, undefined)), summaries: [], prompts: [], mode: 'recent', warnings: [] };
}

/**
 * Date order reorders a page; it never changes which records are on it (relevance picks them):
 * "newest first" must not fill a page with records that merely share a common word.
 */
function inOrder<T extends { date: string; id: number }>(items: T[], order: SearchParams['order']): T[] {
  if (order !== 'newest' && order !== 'oldest') return items;
  const sign = order === 'newest' ? -1 : 1;
  return [...items].sort((a, b) => sign * (a.date.localeCompare(b.date) || a.id - b.id));
}

function finish(
  db: Db,
  params: SearchParams,
  query: ParsedQuery,
  ranked: Array<{ id: number; score: number }>,
  mode: SearchResult['mode'],
  warnings: string[],
  opts: SearchOptions,
): SearchResult {
  const want = params.offset + params.limit;
  // Recency only reorders near the top, so hydrating a margin beyond the page is enough.
  const pool = ranked.slice(0, opts.recency ? want + 50 : want);
  const records = new Map(getObservations(db, pool.map((r) => r.id)).map((o) => [o.id, o]));
  const now = (opts.now ?? new Date()).getTime();
  const scored = pool.flatMap((r) => {
    const o = records.get(r.id);
    if (!o) return [];
    const ageDays = Math.max(0, (now - Date.parse(o.createdAt)) / 86_400_000);
    const prior = opts.recency ? 1 + RECENCY_BOOST * 0.5 ** (ageDays / RECENCY_HALF_LIFE_DAYS) : 1;
    return [{ o, score: r.score * (Number.isFinite(prior) ? prior : 1) }];
  });
  scored.sort((a, b) => b.score - a.score || b.o.id - a.o.id);
  const page = scored.slice(params.offset, want);
  const hits = inOrder(page.map(({ o, score }) => toHit(o, score, query)), params.order);
  const summaries = params.records === 'observations' ? [] : inOrder(searchSummaries(db, params, query), params.order);
  return { hits, summaries, prompts: [], mode, warnings };
}

function toHit(o: Observation, score: number, query: ParsedQuery | undefined): SearchHit {
  return {
    id: o.id,
    kind: 'observation',
    uid: o.uid,
    date: o.createdAt,
    type: o.type,
    title: o.title,
    snippet: snippetFor(o, query),
    score: Math.round(score * 1e4) / 1e4,
    project: o.project,
    ...(o.memory ? { memory: o.memory } : {}),
    ...(o.author ? { author: o.author } : {}),
  };
}

function filterOf(p: SearchParams): ObservationFilter {
  const { query, limit, offset, order, records, ...filter } = p;
  void query;
  void limit;
  void offset;
  void order;
  void records;
  return filter;
}
