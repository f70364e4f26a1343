import {
  ftsObservationCount,
  ftsObservationHits,
  ftsObservationNewest,
  ftsObservationTotal,
  ftsTermDocs,
  type Db,
  type FtsWeights,
  type ObservationFilter,
} from '../store';
import { feedbackTerms } from './feedback';
import { CandidatePool, indexForm } from './pool';
import { ftsAny, ftsNear, ftsPhrase, ftsTerm, type ParsedQuery, type QueryTerm } from './query';
import { correctUnknownWord } from './spelling';

/** Knobs of the keyword ranker. Defaults were chosen on the retrieval benchmark (docs/search.md). */
export interface KeywordTuning {
  /** Field weights: title above subtitle above facts/concepts above narrative above files. */
  weights: FtsWeights;
  /** Extra weight for a record by the share of the query's information it covers (0 = off). */
  coverage: number;
  /** Bonus for two query terms near each other, relative to their weight (0 = off). */
  proximity: number;
  proximityDistance: number;
  /** Weight of stop words (0 drops them): a faint signal that breaks ties between content matches. */
  stopWeight: number;
  /** Terms at least this long get a prefix variant in the second pass. */
  prefixMinLength: number;
  /** Weight of a prefix variant relative to the exact term. */
  prefixWeight: number;
  /** Pseudo-relevance feedback: words of the top `feedbackDocs` records join the query (0 = off). */
  feedbackDocs: number;
  feedbackTerms: number;
  feedbackWeight: number;
  /** Words no record holds are replaced by a spelling fix or a split compound. */
  correctUnknown: boolean;
  /** Words held by more records than this are scored on the candidate pool, not ranked in full. */
  fullRankLimit: number;
  /** Records in that pool. */
  poolSize: number;
  /** Rows FTS5 may rank in full per query, over all words, pairs and feedback words. */
  fullRankBudget: number;
  /** Candidates read per term. */
  perTermLimit: number;
}

export const DEFAULT_TUNING: KeywordTuning = {
  weights: { title: 4, subtitle: 2.5, facts: 2, concepts: 2, narrative: 1, files: 0.5 },
  coverage: 1,
  proximity: 0.5,
  proximityDistance: 4,
  stopWeight: 0.3,
  prefixMinLength: 3,
  prefixWeight: 0.5,
  feedbackDocs: 3,
  feedbackTerms: 10,
  feedbackWeight: 0.4,
  correctUnknown: true,
  fullRankLimit: 300,
  poolSize: 100,
  fullRankBudget: 3000,
  perTermLimit: 2000,
};

/** Unknown words per query that get a spelling or compound guess. */
const MAX_CORRECTIONS = 3;

export interface KeywordScore {
  id: number;
  score: number;
}

/**
 * Rank observations for a parsed query with OR semantics: one FTS5 query per term, so each term
 * gets its own weight. A term's bm25() is divided by FTS5's IDF to recover its field-weighted
 * term-frequency part, then multiplied by the term's weight: 1 for content words, a small one for
 * stop words (kept as a tie-breaker rather than dropped), a smaller one for prefix variants (a
 * second pass when the exact words find fewer records than wanted) and for feedback words.
 * Records that cover more of the query's information, or hold query words close together, gain.
 *
 * Cost stays bounded on large stores: words are scored rarest first, and a word held by more than
 * `fullRankLimit` records is scored only on a pool of the best candidates so far (or, when every
 * word is that common, the newest records holding them), never by ranking its whole posting list.
 */
export function rankKeyword(
  db: Db,
  query: ParsedQuery,
  filter: ObservationFilter,
  want: number,
  tuning: KeywordTuning = DEFAULT_TUNING,
): KeywordScore[] {
  if (query.terms.length === 0) return [];
  const acc = new Accumulator();
  const { total, stamp } = ftsObservationTotal(db);
  const counts = countsFor(db, stamp);
  const ctx: TermContext = { db, filter, tuning, total, acc, counts, content: [], budget: tuning.fullRankBudget };
  const content = query.terms.filter((t) => !t.stop);
  ctx.content = content.map((t) => t.text);
  const rarestFirst = [...content].sort((a, b) => cappedCount(ctx, ftsTerm(a.text)) - cappedCount(ctx, ftsTerm(b.text)));
  const idf = new Map<string, number>();
  let corrections = 0;
  for (const term of rarestFirst) {
    let w = scoreTerm(ctx, term.text, ftsTerm(term.text), 1, true);
    // A word no record holds is likely misspelt or run together: search for the likeliest fix
    // (for a few words per query: each guess reads part of the term list).
    if (w === 0 && tuning.correctUnknown && corrections++ < MAX_CORRECTIONS) {
      for (const c of correctUnknownWord(db, term.text)) w = Math.max(w, scoreTerm(ctx, term.text, c.match, c.weight, true));
    }
    idf.set(term.text, w);
  }
  if (acc.size < want) {
    for (const term of content) {
      if (term.text.length < tuning.prefixMinLength) continue;
      const w = scoreTerm(ctx, term.text, ftsTerm(term.text, true), tuning.prefixWeight, true);
      if (!idf.get(term.text)) idf.set(term.text, w * tuning.prefixWeight);
    }
  }
  if (tuning.stopWeight > 0) {
    for (const term of query.terms) {
      if (term.stop) scoreTerm(ctx, term.text, ftsTerm(term.text), tuning.stopWeight, false);
    }
  }
  if (tuning.proximity > 0) addProximity(ctx, content, query.compounds, idf);
  const totalIdf = [...idf.values()].reduce((a, b) => a + b, 0);
  const first = acc.finish(totalIdf, tuning.coverage);
  if (tuning.feedbackDocs <= 0 || first.length === 0) return first;
  const known = new Set(query.terms.map((t) => t.text));
  const docs = (text: string) => wordDocs(ctx, text);
  for (const t of feedbackTerms(db, first.slice(0, tuning.feedbackDocs), known, tuning.feedbackTerms, ctx.total, docs)) {
    scoreTerm(ctx, t.text, ftsTerm(t.text), tuning.feedbackWeight * t.weight, false);
  }
  return acc.finish(totalIdf, tuning.coverage);
}

interface TermContext {
  db: Db;
  filter: ObservationFilter;
  tuning: KeywordTuning;
  /** Rows in the index: the N of IDF. */
  total: number;
  acc: Accumulator;
  /** Match expression → rows holding it, counted up to fullRankLimit + 1 (shared, see countsFor). */
  counts: Map<string, number>;
  /** The query's content words, to seed the pool when no rare word found anything. */
  content: string[];
  /** Built on the first common word, from the best records at that point. */
  pool?: CandidatePool;
  /** Rows FTS5 may still rank in full for this query; past it, words go to the pool too. */
  budget: number;
}

/** Rows matching `match` in the whole index, counting no further than just past the limit. */
function cappedCount(ctx: TermContext, match: string): number {
  const cap = ctx.tuning.fullRankLimit + 1;
  const key = `${cap}:${match}`;
  let n = ctx.counts.get(key);
  if (n === undefined) {
    n = ftsObservationCount(ctx.db, match, undefined, cap);
    ctx.counts.set(key, n);
  }
  return n;
}

/** Rows holding a word: exact, from the term list when the word is common. */
function wordDocs(ctx: TermContext, word: string): number {
  const n = cappedCount(ctx, ftsTerm(word));
  if (n <= ctx.tuning.fullRankLimit) return n;
  const key = `docs:${word}`;
  let docs = ctx.counts.get(key);
  if (docs === undefined) {
    docs = ftsTermDocs(ctx.db, indexForm(word)) || n;
    ctx.counts.set(key, docs);
  }
  return docs;
}

const countCache = new WeakMap<Db, { stamp: string; counts: Map<string, number> }>();

/**
 * Counts are most of a query's cost and repeat across queries (the MCP server and worker keep one
 * connection), so they live per connection until the index changes (its stamp: row count and
 * token totals).
 */
function countsFor(db: Db, stamp: string): Map<string, number> {
  let entry = countCache.get(db);
  if (!entry || entry.stamp !== stamp || entry.counts.size > 20_000) {
    entry = { stamp, counts: new Map() };
    countCache.set(db, entry);
  }
  return entry.counts;
}

/**
 * Adds one term's contribution; returns the term's IDF (0 when nothing matched). Rare terms are
 * ranked by FTS5 over all their rows; a common single word is scored on the candidate pool; a
 * common phrase or prefix is skipped (its cost is unbounded and its weight small).
 */
function scoreTerm(ctx: TermContext, term: string, match: string, weight: number, covers: boolean): number {
  const capped = cappedCount(ctx, match);
  if (capped === 0) return 0;
  if (capped > ctx.tuning.fullRankLimit || capped > ctx.budget) {
    const word = singleWord(match);
    if (word === undefined) return 0;
    const idf = termIdf(ctx.total, wordDocs(ctx, word));
    for (const p of poolOf(ctx, match).termFrequencyPart(indexForm(word))) {
      ctx.acc.add(p.id, covers ? term : undefined, weight * idf * p.part, idf * weight);
    }
    return idf;
  }
  const hits = ftsObservationHits(ctx.db, {
    match,
    weights: ctx.tuning.weights,
    filter: ctx.filter,
    limit: ctx.tuning.perTermLimit,
  });
  ctx.budget -= capped;
  if (hits.length === 0) return 0;
  const idf = termIdf(ctx.total, capped);
  const fts5 = fts5Idf(ctx.total, capped);
  for (const h of hits) ctx.acc.add(h.id, covers ? term : undefined, (weight * idf * -h.bm25) / fts5, idf * weight);
  return idf;
}

/** The word of a one-word match expression (`"worker"`), else undefined (phrase, prefix, NEAR). */
function singleWord(match: string): string | undefined {
  return /^"[^" *]+"$/.test(match) ? match.slice(1, -1) : undefined;
}

/**
 * The candidate pool: the best records so far, topped up with the newest records holding any
 * content word of the query or the word being scored (a spelling fix of an unknown word).
 */
function poolOf(ctx: TermContext, match: string): CandidatePool {
  if (!ctx.pool) {
    const size = ctx.tuning.poolSize;
    const ids = ctx.acc.finish(0, 0).slice(0, size).map((r) => r.id);
    if (ids.length < size) {
      const have = new Set(ids);
      const seed = ctx.content.length ? `${ftsAny(ctx.content)} OR ${match}` : match;
      for (const id of ftsObservationNewest(ctx.db, seed, ctx.filter, size)) {
        if (ids.length >= size) break;
        if (!have.has(id)) ids.push(id);
      }
    }
    ctx.pool = new CandidatePool(ctx.db, ids, ctx.tuning.weights);
  }
  return ctx.pool;
}

/** Smoothed IDF (never negative: a word in most records still counts a little). */
export function termIdf(rows: number, hits: number): number {
  return Math.log(1 + (rows - hits + 0.5) / (hits + 0.5));
}

/** FTS5's own IDF (fts5_aux.c), so dividing bm25() by it leaves the term-frequency part. */
function fts5Idf(rows: number, hits: number): number {
  const idf = Math.log((rows - hits + 0.5) / (hits + 0.5));
  return idf <= 0 ? 1e-6 : idf;
}

/**
 * Pairs of terms adjacent in the query, and words written as one compound (`hook-timeout`),
 * score again when they sit close together in a record.
 */
function addProximity(
  ctx: TermContext,
  terms: QueryTerm[],
  compounds: string[][],
  idf: Map<string, number>,
): void {
  const pairs: Array<{ match: string; weight: number; words: string[] }> = [];
  for (let i = 0; i + 1 < terms.length; i++) {
    const a = (terms[i] as QueryTerm).text;
    const b = (terms[i + 1] as QueryTerm).text;
    const w = Math.min(idf.get(a) ?? 0, idf.get(b) ?? 0);
    if (w > 0) pairs.push({ match: ftsNear(a, b, ctx.tuning.proximityDistance), weight: w, words: [a, b] });
  }
  for (const tokens of compounds) {
    const w = Math.min(...tokens.map((t) => idf.get(t) ?? 0));
    if (w > 0) pairs.push({ match: ftsPhrase(tokens), weight: w * 2, words: tokens });
  }
  for (const p of pairs.slice(0, 12)) {
    // NEAR and phrases walk every word's posting list: affordable only when all are rare.
    const cost = p.words.reduce((a, w) => a + cappedCount(ctx, ftsTerm(w)), 0);
    if (p.words.some((w) => cappedCount(ctx, ftsTerm(w)) > ctx.tuning.fullRankLimit) || cost > ctx.budget) continue;
    ctx.budget -= cost;
    const hits = ftsObservationHits(ctx.db, {
      match: p.match,
      weights: ctx.tuning.weights,
      filter: ctx.filter,
      limit: ctx.tuning.perTermLimit,
    });
    for (const h of hits) ctx.acc.bonus(h.id, ctx.tuning.proximity * p.weight);
  }
}

/** Per-record sums: term scores, which terms matched (by their IDF), proximity bonuses. */
class Accumulator {
  private readonly rows = new Map<number, { score: number; covered: Map<string, number>; bonus: number }>();

  get size(): number {
    return this.rows.size;
  }

  add(id: number, term: string | undefined, score: number, idf: number): void {
    let r = this.rows.get(id);
    if (!r) {
      r = { score: 0, covered: new Map(), bonus: 0 };
      this.rows.set(id, r);
    }
    r.score += score;
    if (term !== undefined) r.covered.set(term, Math.max(r.covered.get(term) ?? 0, idf));
  }

  bonus(id: number, amount: number): void {
    const r = this.rows.get(id);
    if (r) r.bonus += amount;
  }

  finish(totalIdf: number, coverage: number): KeywordScore[] {
    const out: KeywordScore[] = [];
    for (const [id, r] of this.rows) {
      const covered = [...r.covered.values()].reduce((a, b) => a + b, 0);
      const share = totalIdf > 0 ? Math.min(1, covered / totalIdf) : 0;
      out.push({ id, score: (r.score + r.bonus) * (1 + coverage * share) });
    }
    return out.sort((a, b) => b.score - a.score || b.id - a.id);
  }
}
