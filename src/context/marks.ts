import type { Observation } from '../contracts';
import type { Logger } from '../log';
import { attachMarks, liveStaleness, type Db } from '../store';

/**
 * Give the few observations a session start lists their marks: merged duplicates (stored) and
 * files changed since (checked now: a stat of each anchored file, a hash only when the stat
 * moved; no tree walk, no git). A failure leaves them unmarked: the memory still goes out.
 */
export function markForSessionStart(db: Db, list: Observation[], now: Date, logger?: Logger): void {
  try {
    attachMarks(db, list);
    const live = liveStaleness(db, list.map((o) => o.id), now.toISOString());
    for (const o of list) {
      const l = live.get(o.id);
      if (!l) continue;
      // The disk now beats the worker's last background check.
      const m = { ...o.memory };
      delete m.stale;
      delete m.unknown;
      if (l.stale.length) m.stale = l.stale;
      if (l.unknown.length) m.unknown = l.unknown;
      o.memory = m;
    }
  } catch (err) {
    logger?.warn('Checking memory staleness failed; notes go out unmarked', { error: (err as Error).message });
  }
}

/** The short note after an index line: how often it was seen and whether its files changed. */
export function markSuffix(o: Observation): string {
  const m = o.memory;
  if (!m) return '';
  const parts: string[] = [];
  if (m.merged) parts.push(`seen ${m.merged.count}× ${m.merged.dates[0]?.slice(0, 10)}…${m.merged.dates.at(-1)?.slice(0, 10)}`);
  if (m.stale?.length) {
    const files = m.stale.slice(0, 3).map((f) => `${f.path} ${f.change}${f.at ? ` ${f.at.slice(0, 16).replace('T', ' ')}` : ''}`);
    const more = m.stale.length > 3 ? ` +${m.stale.length - 3} more` : '';
    parts.push(`may be out of date: ${files.join(', ')}${more}`);
  }
  return parts.length ? `(${parts.join('; ')})` : '';
}
