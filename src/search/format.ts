import type { MemoryMarks } from '../contracts';
import type { PromptHit } from './prompts';
import type { SearchHit } from './search';
import type { SummaryHit } from './summaries';
import type { TimelineItem } from './timeline';

/**
 * The compact index line every text surface shows (MCP tools, CLI): id, day, type, title and a
 * one-line snippet. Cheap in tokens; the full record is one `get_observations`/`show` away.
 */
export function formatHitLine(h: SearchHit, withProject = false): string {
  const project = withProject ? ` [${h.project}]` : '';
  const snippet = h.snippet && h.snippet !== h.title ? ` — ${h.snippet}` : '';
  return `#${h.id} ${h.date.slice(0, 10)} ${h.type}${project}${byAuthor(h.author)}: ${h.title}${snippet}${memoryNote(h.memory)}`;
}

/**
 * A short bracketed note on whether to trust a hit: files changed since it was recorded, a newer
 * note that supersedes it, how many near-duplicates were merged into it.
 */
export function memoryNote(m: MemoryMarks | undefined): string {
  if (!m) return '';
  const parts: string[] = [];
  if (m.stale?.length) parts.push(`may be out of date: ${m.stale.map((f) => `${f.path} ${f.change}`).slice(0, 3).join(', ')}${m.stale.length > 3 ? ' …' : ''}`);
  if (m.supersededBy) parts.push(`superseded by #${m.supersededBy}`);
  if (m.merged) parts.push(`seen ${m.merged.count}×`);
  return parts.length ? ` [${parts.join('; ')}]` : '';
}

/** A matching turn summary, in the timeline's notation (`S<id>`); its turn is one `timeline` away. */
export function formatSummaryLine(h: SummaryHit, withProject = false): string {
  const project = withProject ? ` [${h.project}]` : '';
  const snippet = h.snippet && h.snippet !== h.title ? ` — ${h.snippet}` : '';
  return `S${h.id} ${h.date.slice(0, 10)} turn${project}${byAuthor(h.author)}: ${h.title}${snippet}`;
}

/** Team memory: a teammate's note names its author; this machine's own notes say nothing. */
export function byAuthor(author: string | undefined): string {
  return author ? ` (by ${author})` : '';
}

export function formatTimelineLine(t: TimelineItem, withProject = false): string {
  const marker = t.anchor ? '▶ ' : '';
  const id = t.kind === 'summary' ? `S${t.id}` : `#${t.id}`;
  const project = withProject ? ` [${t.project}]` : '';
  const snippet = t.snippet && t.snippet !== t.title ? ` — ${t.snippet}` : '';
  return `${marker}${id} ${t.date.slice(0, 16).replace('T', ' ')} ${t.type}${project}: ${t.title}${snippet}`;
}

/** A matching user prompt (`P<id>`), with its session and turn; its turn is one `timeline` away. */
export function formatPromptLine(h: PromptHit, withProject = false): string {
  const project = withProject ? ` [${h.project}]` : '';
  return `P${h.id} ${h.date.slice(0, 16).replace('T', ' ')} prompt${project} (session ${h.sessionId}, turn ${h.promptNumber}): ${h.snippet}`;
}
