import { iterateVectors, type Db, type ObservationFilter } from '../../store';

/**
 * Nearest observations to a query vector by cosine similarity: a scan over the stored vectors of
 * the filtered set, in process. Linear, which is fine for one person's memory (tens of thousands
 * of rows scan in milliseconds) and needs no native extension.
 */
export function rankVectors(
  db: Db,
  model: string,
  query: Float32Array,
  filter: ObservationFilter,
  k: number,
): Array<{ id: number; score: number }> {
  const qn = norm(query);
  if (qn === 0) return [];
  const top: Array<{ id: number; score: number }> = [];
  for (const { id, vector } of iterateVectors(db, model, filter)) {
    if (vector.length !== query.length) continue;
    const vn = norm(vector);
    if (vn === 0) continue;
    let dot = 0;
    for (let i = 0; i < vector.length; i++) dot += (vector[i] as number) * (query[i] as number);
    top.push({ id, score: dot / (qn * vn) });
  }
  return top.sort((a, b) => b.score - a.score || b.id - a.id).slice(0, k);
}

function norm(v: Float32Array): number {
  let s = 0;
  for (let i = 0; i < v.length; i++) s += (v[i] as number) * (v[i] as number);
  return Math.sqrt(s);
}

/**
 * Reciprocal rank fusion: each list contributes 1/(k + rank). Scores from BM25 and cosine live on
 * different scales; ranks do not, which is why RRF needs no calibration.
 */
export function reciprocalRankFusion(lists: Array<Array<{ id: number }>>, k = 60): Array<{ id: number; score: number }> {
  const acc = new Map<number, number>();
  for (const list of lists) list.forEach((h, rank) => acc.set(h.id, (acc.get(h.id) ?? 0) + 1 / (k + rank + 1)));
  return [...acc].map(([id, score]) => ({ id, score })).sort((a, b) => b.score - a.score || b.id - a.id);
}
