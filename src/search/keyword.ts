import {
  ftsObservationCount,
  ftsObservationHits,
  ftsObservationTotal,
  type Db,
  type FtsWeights,
  type ObservationFilter,
} from '../store';
import { feedbackTerms } from './feedback';
import { ftsNear, ftsPhrase, ftsTerm, type ParsedQuery, type QueryTerm } from './query';
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
  perTermLimit: 2000,
};

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
 */
export function rankKeyword(
  db: Db,
  query: ParsedQuery,
  filter: ObservationFilter,
  want: number,
  tuning: KeywordTuning = DEFAULT_TUNING,
): KeywordScore[] {
  if (query.terms.length === 0) return [];
  const ctx: TermContext = { db, filter, tuning, total: ftsObservationTotal(db) };
  const acc = new Accumulator();
  const content = query.terms.filter((t) => !t.stop);
  const idf = new Map<string, number>();
  for (const term of content) {
    let w = scoreTerm(ctx, acc, term.text, ftsTerm(term.text), 1, true);
    // A word no record holds is likely misspelt or run together: search for the likeliest fix.
    if (w === 0 && tuning.correctUnknown) {
      for (const c of correctUnknownWord(db, term.text)) w = Math.max(w, scoreTerm(ctx, acc, term.text, c.match, c.weight, true));
    }
    idf.set(term.text, w);
  }
  if (acc.size < want) {
    for (const term of content) {
      if (term.text.length < tuning.prefixMinLength) continue;
      const w = scoreTerm(ctx, acc, term.text, ftsTerm(term.text, true), tuning.prefixWeight, true);
      if (!idf.get(term.text)) idf.set(term.text, w * tuning.prefixWeight);
    }
  }
  if (tuning.stopWeight > 0) {
    for (const term of query.terms) {
      if (term.stop) scoreTerm(ctx, acc, term.text, ftsTerm(term.text), tuning.stopWeight, false);
    }
  }
  if (tuning.proximity > 0) addProximity(ctx, acc, content, query.compounds, idf);
  const totalIdf = [...idf.values()].reduce((a, b) => a + b, 0);
  const first = acc.finish(totalIdf, tuning.coverage);
  if (tuning.feedbackDocs <= 0 || first.length === 0) return first;
  const known = new Set(query.terms.map((t) => t.text));
  for (const t of feedbackTerms(db, first.slice(0, tuning.feedbackDocs), known, tuning.feedbackTerms, ctx.total)) {
    scoreTerm(ctx, acc, t.text, ftsTerm(t.text), tuning.feedbackWeight * t.weight, false);
  }
  return acc.finish(totalIdf, tuning.coverage);
}

interface TermContext {
  db: Db;
  filter: ObservationFilter;
  tuning: KeywordTuning;
  /** Rows in the index: the N of IDF. */
  total: number;
}

/** Adds one term's contribution; returns the term's IDF (0 when nothing matched). */
function scoreTerm(ctx: TermContext, acc: Accumulator, term: string, match: string, weight: number, covers: boolean): number {
  const hits = ftsObservationHits(ctx.db, {
    match,
    weights: ctx.tuning.weights,
    filter: ctx.filter,
    limit: ctx.tuning.perTermLimit,
  });
  if (hits.length === 0) return 0;
  const n = ftsObservationCount(ctx.db, match);
  const idf = termIdf(ctx.total, n);
  const fts5 = fts5Idf(ctx.total, n);
  for (const h of hits) acc.add(h.id, covers ? term : undefined, (weight * idf * -h.bm25) / fts5, idf * weight);
  return idf;
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
  acc: Accumulator,
  terms: QueryTerm[],
  compounds: string[][],
  idf: Map<string, number>,
): void {
  const pairs: Array<{ match: string; weight: number }> = [];
  for (let i = 0; i + 1 < terms.length; i++) {
    const a = (terms[i] as QueryTerm).text;
    const b = (terms[i + 1] as QueryTerm).text;
    const w = Math.min(idf.get(a) ?? 0, idf.get(b) ?? 0);
    if (w > 0) pairs.push({ match: ftsNear(a, b, ctx.tuning.proximityDistance), weight: w });
  }
  for (const tokens of compounds) {
    const w = Math.min(...tokens.map((t) => idf.get(t) ?? 0));
    if (w > 0) pairs.push({ match: ftsPhrase(tokens), weight: w * 2 });
  }
  for (const p of pairs.slice(0, 12)) {
    const hits = ftsObservationHits(ctx.db, {
      match: p.match,
      weights: ctx.tuning.weights,
      filter: ctx.filter,
      limit: ctx.tuning.perTermLimit,
    });
    for (const h of hits) acc.bonus(h.id, ctx.tuning.proximity * p.weight);
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
