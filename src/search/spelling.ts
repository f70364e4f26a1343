import { ftsObservationCount, ftsVocabWithPrefix, type Db } from '../store';
import { ftsPhrase, ftsTerm } from './query';
import { porterStem } from './stem';

/** A stand-in for a query word the index has never seen. */
export interface Correction {
  /** FTS5 expression (quoted terms only). */
  match: string;
  /** Relative to the word itself: a guess is worth less than the word as typed. */
  weight: number;
}

/** Vocabulary entries compared per unknown word, at most: bounds the cost on a large index. */
const MAX_VOCAB = 5_000;

/**
 * What to search for instead of a word no record contains: a run-together compound split in two
 * (`roadtrip` → "road trip", when the pair occurs as a phrase), and the closest indexed term by
 * edit distance (`fesetival` → festival; one edit for 5–7 letters, two for longer ones, same first
 * two letters, or those swapped, or the first and third; the most common term on ties). Only for words of 5+ letters:
 * shorter ones have too many neighbours to guess well.
 */
export function correctUnknownWord(db: Db, word: string): Correction[] {
  if (word.length < 5 || !/^[a-z]+$/.test(word)) return [];
  const out: Correction[] = [];
  const split = bestSplit(db, word);
  if (split) out.push({ match: ftsPhrase(split), weight: 0.8 });
  const near = nearestTerm(db, word);
  if (near) out.push({ match: ftsTerm(near), weight: 0.7 });
  return out;
}

function bestSplit(db: Db, word: string): [string, string] | undefined {
  let best: { parts: [string, string]; n: number } | undefined;
  for (let i = 3; i <= word.length - 3; i++) {
    const parts: [string, string] = [word.slice(0, i), word.slice(i)];
    // Both halves must be indexed words (a one-row probe each) before the costlier phrase count.
    if (parts.some((p) => ftsObservationCount(db, ftsTerm(p), undefined, 1) === 0)) continue;
    const n = ftsObservationCount(db, ftsPhrase(parts), undefined, 50);
    if (n > 0 && (!best || n > best.n)) best = { parts, n };
  }
  return best?.parts;
}

function nearestTerm(db: Db, word: string): string | undefined {
  // Compared as typed and as stemmed: a typo can change how the word stems (torunament → toruna,
  // tournament stays whole), so either form may be the close one.
  const forms = [...new Set([word, porterStem(word)])];
  let best: { term: string; d: number; docs: number } | undefined;
  // Candidates start with the same two letters, those two swapped, or the first and third
  // (`wroker` → wo…): reading the term list walks each term's postings, so a one-letter range
  // is too dear on large stores.
  const [a = '', b = '', c = ''] = word;
  const prefixes = [...new Set([a + b, b + a, a + c])];
  const vocabulary = prefixes.flatMap((p) => ftsVocabWithPrefix(db, p, MAX_VOCAB));
  for (const v of vocabulary) {
    let d = Infinity;
    for (const f of forms) {
      const max = allowedEdits(f);
      if (max === 0 || Math.abs(v.term.length - f.length) > max) continue;
      const e = editDistance(f, v.term, max);
      if (e <= max) d = Math.min(d, e);
    }
    if (d === Infinity || d === 0) continue;
    // A vocabulary entry is a stem; it is usable only if the tokenizer maps it to itself.
    if (porterStem(v.term) !== v.term) continue;
    if (!best || d < best.d || (d === best.d && v.docs > best.docs)) best = { term: v.term, d, docs: v.docs };
  }
  return best?.term;
}

function allowedEdits(form: string): number {
  return form.length >= 8 ? 2 : form.length >= 5 ? 1 : 0;
}

/** Optimal-string-alignment distance (a swap of neighbours is one edit), cut off above `max`. */
export function editDistance(a: string, b: string, max: number): number {
  const rows: number[][] = [];
  for (let i = 0; i <= a.length; i++) {
    const row = new Array<number>(b.length + 1).fill(0);
    row[0] = i;
    rows.push(row);
  }
  const first = rows[0] as number[];
  for (let j = 0; j <= b.length; j++) first[j] = j;
  for (let i = 1; i <= a.length; i++) {
    const row = rows[i] as number[];
    const prev = rows[i - 1] as number[];
    let rowMin = Infinity;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min((prev[j] as number) + 1, (row[j - 1] as number) + 1, (prev[j - 1] as number) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        d = Math.min(d, ((rows[i - 2] as number[])[j - 2] as number) + 1);
      }
      row[j] = d;
      rowMin = Math.min(rowMin, d);
    }
    if (rowMin > max) return max + 1;
  }
  return (rows[a.length] as number[])[b.length] as number;
}
