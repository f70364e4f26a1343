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
    const cache = tokenCache(db, Object.values(weights).join(','));
    if (cache.size + ids.length > MAX_CACHED_DOCS) cache.clear();
    this.docs = ftsObservationTexts(db, ids).map((row) => {
      // Keyed by id and checked against the text: a forgotten record's id can be reused.
      const source = [row.title, row.subtitle, row.facts, row.concepts, row.narrative, row.files].join('\u0000');
      const hit = cache.get(row.id);
      if (hit?.source === source) return hit.doc;
      const doc = tokenise(row, weights);
      cache.set(row.id, { source, doc });
      return doc;
    });
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

/**
 * Tokenising the pool is most of a common-word query's cost, and the same newest records make the
 * pool query after query in a long-lived process (the MCP server, the viewer), so tokenised
 * records are kept per connection (and per set of field weights).
 */
const tokenCaches = new WeakMap<Db, { key: string; docs: Map<number, { source: string; doc: PoolDoc }> }>();
const MAX_CACHED_DOCS = 5_000;

function tokenCache(db: Db, key: string): Map<number, { source: string; doc: PoolDoc }> {
  let entry = tokenCaches.get(db);
  if (!entry || entry.key !== key) {
    entry = { key, docs: new Map() };
    tokenCaches.set(db, entry);
  }
  return entry.docs;
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
