import { STOP_WORDS } from './stopwords';

/** One content word of a query, as the FTS5 tokenizer (unicode61) would split it. */
export interface QueryTerm {
  text: string;
  /** Position among the kept terms, for proximity pairs. */
  position: number;
  /** A function word: kept only as a faint tie-breaker, never for coverage or proximity. */
  stop: boolean;
}

export interface ParsedQuery {
  raw: string;
  terms: QueryTerm[];
  /**
   * Runs of tokens written as one word (`hook-timeout`, `worker.ts`, `src/cli/index.ts`): a record
   * holding them adjacent earns a phrase bonus.
   */
  compounds: string[][];
}

/** More terms than this cost more queries than they add precision. */
const MAX_TERMS = 24;
const TOKEN = /[\p{L}\p{N}\p{M}]+/gu;

/**
 * Natural-language text → content terms. Never throws: punctuation, FTS5 operators (`AND`,
 * `NEAR(`, `*`, `"`), unicode and empty input all become plain terms or nothing. Stop words are
 * dropped unless nothing else is left; single letters are dropped unless they are digits.
 */
export function parseQuery(raw: string): ParsedQuery {
  const text = raw.normalize('NFKC').toLowerCase();
  const all: string[] = [];
  const compounds: string[][] = [];
  for (const chunk of text.split(/\s+/)) {
    const tokens = chunk.match(TOKEN) ?? [];
    all.push(...tokens);
    const content = tokens.filter((t) => t.length > 1);
    if (content.length > 1 && content.length <= 6) compounds.push(content);
  }
  const useful = all.filter((t) => t.length > 1 || /\p{N}/u.test(t));
  const hasContent = useful.some((t) => !STOP_WORDS.has(t));
  const seen = new Set<string>();
  const terms: QueryTerm[] = [];
  for (const t of useful) {
    if (seen.has(t)) continue;
    seen.add(t);
    terms.push({ text: t, position: terms.length, stop: hasContent && STOP_WORDS.has(t) });
    if (terms.length >= MAX_TERMS) break;
  }
  return { raw, terms, compounds };
}

/**
 * One term as an FTS5 string: always quoted, so the tokenizer (porter stemming included) sees
 * plain text and nothing the user typed is parsed as syntax. Tokens hold only letters, marks and
 * digits, but any `"` is still doubled in case that ever changes.
 */
export function ftsTerm(text: string, prefix = false): string {
  return `"${text.replaceAll('"', '""')}"${prefix ? '*' : ''}`;
}

/** Tokens adjacent, in order: an FTS5 phrase. */
export function ftsPhrase(tokens: readonly string[]): string {
  return ftsTerm(tokens.join(' '));
}

/** Two terms within `distance` tokens of each other, either order. */
export function ftsNear(a: string, b: string, distance: number): string {
  return `NEAR(${ftsTerm(a)} ${ftsTerm(b)}, ${Math.max(0, Math.floor(distance))})`;
}

/** Terms OR-ed: the plain baseline expression. */
export function ftsAny(terms: readonly string[]): string {
  return terms.map((t) => ftsTerm(t)).join(' OR ');
}

/** Terms AND-ed: every one must appear. */
export function ftsAll(terms: readonly string[]): string {
  return terms.map((t) => ftsTerm(t)).join(' AND ');
}
