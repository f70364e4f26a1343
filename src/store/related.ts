import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { schemaVersion, type Db } from './db';
import { openDatabase } from './driver';
import { parseList } from './json';

/**
 * Related words: for each English noun in a record, the synonyms of its common sense and the
 * names of the more general concepts above it (from WordNet, built into `dist/lexicon.db` by
 * `scripts/lexicon.mjs`). They are indexed with the record at a low weight, so a question that
 * names a category finds records that name a member: "countries" finds "Spain", "sports" finds
 * "surfing". Stored in `observations.related`; NULL means not computed yet (the worker fills
 * those in, see `fillRelatedWords`).
 */

/**
 * At most this many related words per record, to bound the index's growth (a long technical
 * record would otherwise gain twice its own length in loosely related words). More found no
 * more on the retrieval benchmark.
 */
const MAX_WORDS = 24;

/** The lexicon sits in dist/: beside the bundles (dist/bin/*.js), or reached from src/store/. */
const LEXICON_PATHS = ['../lexicon.db', '../../dist/lexicon.db'];

interface Entry {
  instance: number;
  words: string;
}

let lexicon: { get: (word: string) => Entry | undefined; pairStarts: ReadonlySet<string> } | null | undefined;

/** The lexicon, opened read-only on first use; null when it is not there (not built). */
function openLexicon(): typeof lexicon {
  if (lexicon !== undefined) return lexicon;
  lexicon = null;
  for (const rel of LEXICON_PATHS) {
    const path = fileURLToPath(new URL(rel, import.meta.url));
    if (!existsSync(path)) continue;
    try {
      const db = openDatabase(path, { readonly: true });
      const stmt = db.prepare('SELECT instance, words FROM related WHERE word = ?');
      const starts = db.prepare(`SELECT value FROM meta WHERE key = 'pair_starts'`).get() as { value: string } | undefined;
      lexicon = { get: (word) => stmt.get(word) as Entry | undefined, pairStarts: new Set(starts?.value.split(' ')) };
      break;
    } catch {
      // An unreadable lexicon only costs the related words: search still works without them.
    }
  }
  return lexicon;
}

/** Whether related words can be computed here (the lexicon is built and readable). */
export function relatedWordsAvailable(): boolean {
  return openLexicon() !== null;
}

/**
 * The related words of a text, space-separated (words the text already holds are left out);
 * null when the lexicon is unavailable. A capitalised word mid-sentence is taken as a name and
 * expanded only when WordNet knows it as one (a place: "Chicago" → city), so "John" never
 * becomes a toilet.
 */
export function relatedWords(text: string): string | null {
  const lex = openLexicon();
  if (!lex) return null;
  const tokens = [...text.matchAll(/[A-Za-z]+|[.!?:;\n]/g)].map((m) => m[0]);
  const own = new Set(tokens.map((t) => t.toLowerCase()));
  const out = new Set<string>();
  const seen = new Set<string>();
  const lookup = (forms: string[], name: boolean): void => {
    for (const form of forms) {
      const key = `${name ? 'N' : 'n'}${form}`;
      if (seen.has(key)) return;
      seen.add(key);
      const e = lex.get(form);
      if (!e) continue;
      if (name && !e.instance) return;
      for (const w of e.words.split(' ')) if (!own.has(w) && out.size < MAX_WORDS) out.add(w);
      return;
    }
  };
  let sentenceStart = true;
  for (let i = 0; i < tokens.length && out.size < MAX_WORDS; i++) {
    const t = tokens[i] as string;
    if (!/^[A-Za-z]/.test(t)) {
      sentenceStart = true;
      continue;
    }
    const name = /^[A-Z]/.test(t) && (!sentenceStart || /^[A-Z]{2,}$/.test(t));
    sentenceStart = false;
    const lower = t.toLowerCase();
    const next = tokens[i + 1];
    if (next && lex.pairStarts.has(lower) && /^[A-Za-z]/.test(next)) lookup(nounForms(next.toLowerCase()).map((n) => `${lower}_${n}`), name);
    if (lower.length > 2) lookup(nounForms(lower), name);
  }
  return [...out].join(' ');
}

/** The word and the singulars it may be the plural of (WordNet lists nouns in the singular). */
function nounForms(w: string): string[] {
  const forms = [w];
  if (w.endsWith('ies')) forms.push(`${w.slice(0, -3)}y`);
  if (w.endsWith('men')) forms.push(`${w.slice(0, -3)}man`);
  if (w.endsWith('es')) forms.push(w.slice(0, -2));
  if (w.endsWith('s') && !w.endsWith('ss')) forms.push(w.slice(0, -1));
  return forms;
}

/** The text of an observation that related words are computed from. */
export function relatedSource(o: { title: string; subtitle: string; facts: readonly string[]; narrative: string }): string {
  return [o.title, o.subtitle, ...o.facts, o.narrative].join('\n');
}

/**
 * Compute related words for up to `limit` observations that have none yet (written before the
 * lexicon existed, or before this feature); returns how many were filled. Each update re-indexes
 * the row through the FTS trigger.
 */
export function fillRelatedWords(db: Db, limit: number): number {
  if (!relatedWordsAvailable()) return 0;
  const rows = db
    .prepare(
      `SELECT id, title, subtitle, facts, narrative FROM observations WHERE related IS NULL ORDER BY id DESC LIMIT ?`,
    )
    .all(limit) as Array<{ id: number; title: string; subtitle: string; facts: string; narrative: string }>;
  const update = db.prepare('UPDATE observations SET related = ? WHERE id = ? AND related IS NULL');
  db.transaction(() => {
    for (const r of rows) {
      update.run(relatedWords(relatedSource({ ...r, facts: parseList(r.facts) })) ?? '', r.id);
    }
  })();
  return rows.length;
}

/** Observations still waiting for their related words. */
export function countMissingRelatedWords(db: Db): number {
  // A database opened read-only before migration 5 has no such column (and nothing to fill).
  if (schemaVersion(db) < 5) return 0;
  return (db.prepare('SELECT COUNT(*) AS n FROM observations WHERE related IS NULL').get() as { n: number }).n;
}
