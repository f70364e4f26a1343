import { getObservations, type Db } from '../store';
import { STOP_WORDS } from './stopwords';

const WORD = /[\p{L}\p{N}]+/gu;

/**
 * Words that best characterise the top records (frequent in them, rare in the index), weighted
 * by the records' scores: classic pseudo-relevance feedback, RM3-style. It reaches records that
 * share vocabulary with the best matches but not with the question's wording. Weights are
 * relative to the strongest word (1).
 */
export function feedbackTerms(
  db: Db,
  top: Array<{ id: number; score: number }>,
  exclude: ReadonlySet<string>,
  count: number,
  totalRows: number,
  /** Rows holding a word (the n of its IDF). */
  docsWith: (word: string) => number,
): Array<{ text: string; weight: number }> {
  const best = top[0]?.score || 1;
  const scoreOf = new Map(top.map((t) => [t.id, t.score / best]));
  const weights = new Map<string, number>();
  for (const o of getObservations(db, top.map((t) => t.id))) {
    const words = `${o.title} ${o.subtitle} ${o.facts.join(' ')} ${o.narrative}`.toLowerCase().match(WORD) ?? [];
    const tf = new Map<string, number>();
    for (const w of words) if (w.length > 2 && !STOP_WORDS.has(w) && !exclude.has(w)) tf.set(w, (tf.get(w) ?? 0) + 1);
    const docWeight = scoreOf.get(o.id) ?? 0;
    for (const [w, n] of tf) weights.set(w, (weights.get(w) ?? 0) + (docWeight * n) / words.length);
  }
  // Only the strongest candidates are worth an index lookup for their rarity.
  const candidates = [...weights].sort((a, b) => b[1] - a[1]).slice(0, count * 2);
  const scored = candidates.map(([text, w]) => {
    const n = docsWith(text);
    return { text, weight: w * Math.log(1 + (totalRows - n + 0.5) / (n + 0.5)) };
  });
  scored.sort((a, b) => b.weight - a.weight);
  const chosen = scored.slice(0, count);
  const strongest = chosen[0]?.weight || 1;
  return chosen.map((c) => ({ text: c.text, weight: c.weight / strongest }));
}
