import { findPrompts, type Db } from '../store';
import type { SearchParams } from './params';
import { ftsAny, type ParsedQuery } from './query';
import { clip } from './snippet';

/** A user prompt that matches a search: what was typed, in which session and turn. */
export interface PromptHit {
  kind: 'prompt';
  id: number;
  /** created_at, ISO 8601. */
  date: string;
  project: string;
  /** Local session id and the turn the prompt opened (`timeline` with its date shows the turn). */
  sessionId: number;
  promptNumber: number;
  /** The prompt on one line, clipped. */
  snippet: string;
}

/**
 * Prompts matching the query's words (any of them; stop words only when nothing else is left),
 * best bm25 first; no words: the newest. Prompts have no type, concepts or files, so those
 * filters are refused by the caller rather than ignored here.
 */
export function searchPrompts(db: Db, params: SearchParams, query: ParsedQuery): PromptHit[] {
  const content = query.terms.filter((t) => !t.stop).map((t) => t.text);
  const words = content.length ? content : query.terms.map((t) => t.text);
  const { projectIds, since, until, sessionId, author } = params;
  const rows = findPrompts(db, {
    ...(words.length ? { match: ftsAny(words) } : {}),
    filter: {
      ...(projectIds ? { projectIds } : {}),
      ...(since ? { since } : {}),
      ...(until ? { until } : {}),
      ...(sessionId !== undefined ? { sessionId } : {}),
      ...(author ? { author } : {}),
    },
    limit: params.limit,
    offset: params.offset,
    oldestFirst: params.order === 'oldest',
  });
  return rows.map((p) => ({
    kind: 'prompt' as const,
    id: p.id,
    date: p.createdAt,
    project: p.project,
    sessionId: p.sessionId,
    promptNumber: p.promptNumber,
    snippet: clip(p.text, 160),
  }));
}
