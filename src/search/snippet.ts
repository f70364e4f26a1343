import type { Observation } from '../contracts';
import type { ParsedQuery } from './query';

const MAX = 160;

/**
 * One line that shows why a record matched: the sentence of subtitle, facts or narrative holding
 * the most query words (matched loosely by stem-like prefix), else the subtitle or the narrative's
 * start. Never the title, which the hit already carries.
 */
export function snippetFor(o: Observation, query: ParsedQuery | undefined): string {
  const sentences = [o.subtitle, ...o.facts, ...splitSentences(o.narrative)].map(oneLine).filter(Boolean);
  const stems = (query?.terms ?? []).map((t) => t.text.slice(0, Math.max(3, t.text.length - 2)));
  let best = '';
  let bestScore = 0;
  if (stems.length) {
    for (const s of sentences) {
      const words = s.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
      const score = stems.filter((st) => words.some((w) => w.startsWith(st))).length;
      if (score > bestScore) {
        best = s;
        bestScore = score;
      }
    }
  }
  const chosen = best || sentences.find((s) => s !== oneLine(o.title)) || '';
  return clip(chosen);
}

export function clip(s: string, max = MAX): string {
  const line = oneLine(s);
  return line.length <= max ? line : `${line.slice(0, max - 1).trimEnd()}…`;
}

function oneLine(s: string): string {
  return s.replace(/\s+/g, ' ').trim();
}

function splitSentences(text: string): string[] {
  return text.split(/(?<=[.!?])\s+|\n+/);
}

/** A title from free text: its first line, clipped. */
export function clipTitle(text: string, max = 80): string {
  return clip(text.split('\n').find((l) => l.trim()) ?? text, max);
}
