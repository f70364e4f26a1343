import { ftsObservationTexts, type Db, type FtsRowText, type FtsWeights } from '../store';
import { porterStem } from './stem';

/** FTS5's bm25 constants, so pool scores and index scores add up on one scale. */
const K1 = 1.2;
const B = 0.75;
const TOKEN = /[\p{L}\p{N}]+/gu;

interface PoolDoc {
  id: number;
  /** Stem → field-weighted term frequency. */
  tf: Map<string, number>;
  /** Tokens in all fields, as FTS5 counts a row's size. */
  length: number;
}

/**
 * The best candidates so far, tokenised the way the index tokenises them (unicode61, diacritics
 * removed, Porter stems). Terms too common to rank through FTS5 in full (a ranked walk of tens of
 * thousands of rows costs tens of milliseconds) are scored here instead, on a few hundred records:
 * what a common word can still change is the order among records that rarer words already found.
 */
export class CandidatePool {
  private readonly docs: PoolDoc[];
  private readonly avgLength: number;

  constructor(db: Db, ids: number[], weights: FtsWeights) {
    this.docs = ftsObservationTexts(db, ids).map((row) => tokenise(row, weights));
    this.avgLength = this.docs.reduce((a, d) => a + d.length, 0) / Math.max(1, this.docs.length) || 1;
  }

  get size(): number {
    return this.docs.length;
  }

  /** bm25's term-frequency part of a stemmed term, for every pool record holding it. */
  termFrequencyPart(stem: string): Array<{ id: number; part: number }> {
    const out: Array<{ id: number; part: number }> = [];
    for (const d of this.docs) {
      const tf = d.tf.get(stem);
      if (!tf) continue;
      out.push({ id: d.id, part: (tf * (K1 + 1)) / (tf + K1 * (1 - B + (B * d.length) / this.avgLength)) });
    }
    return out;
  }
}

/** Index-side form of a word: lower case, diacritics removed, Porter stem. */
export function indexForm(word: string): string {
  return porterStem(word.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase());
}

/** Word → index form, shared across queries: stemming dominates tokenising otherwise. */
const stems = new Map<string, string>();

function tokenise(row: FtsRowText, w: FtsWeights): PoolDoc {
  const fields: Array<[string | null, number]> = [
    [row.title, w.title],
    [row.subtitle, w.subtitle],
    [row.facts, w.facts],
    [row.concepts, w.concepts],
    [row.narrative, w.narrative],
    [row.files, w.files],
  ];
  const tf = new Map<string, number>();
  let length = 0;
  for (const [text, weight] of fields) {
    if (!text) continue;
    const lower = text.toLowerCase();
    // unicode61 splits ASCII text on anything but letters and digits; the simple pattern is faster.
    const words = (ASCII.test(lower) ? lower.match(ASCII_TOKEN) : lower.match(TOKEN)) ?? [];
    for (const raw of words) {
      let stem = stems.get(raw);
      if (stem === undefined) {
        stem = indexForm(raw);
        if (stems.size > 100_000) stems.clear();
        stems.set(raw, stem);
      }
      tf.set(stem, (tf.get(stem) ?? 0) + weight);
      length++;
    }
  }
  return { id: row.id, tf, length };
}

const ASCII = /^[\x00-\x7f]*$/;
const ASCII_TOKEN = /[a-z0-9]+/g;
