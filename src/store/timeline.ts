import type { Db } from './db';
import { marks } from './filters';

/** A position in the merged, time-ordered stream of observations and summaries. */
export interface TimelineKey {
  kind: 'observation' | 'summary';
  id: number;
  createdAt: string;
}

/**
 * Keys of observations and summaries on either side of a point in time, nearest first on each
 * side. Ties on created_at order observations before the summary of the same turn.
 * `before` holds rows strictly earlier than `at`, `after` rows at or later than it.
 */
export function timelineKeys(
  db: Db,
  opts: {
    at: { createdAt: string; kind: '' | 'observation' | 'summary'; id: number };
    before: number;
    after: number;
    projectIds?: readonly number[];
  },
): { before: TimelineKey[]; after: TimelineKey[] } {
  const scope = (alias: string) =>
    opts.projectIds ? (opts.projectIds.length ? `WHERE ${alias}.project_id IN (${marks(opts.projectIds)})` : 'WHERE 0') : '';
  const scoped = opts.projectIds ?? [];
  const stream = `SELECT 'observation' AS kind, o.id AS id, o.created_at AS createdAt FROM observations o ${scope('o')}
    UNION ALL SELECT 'summary' AS kind, s.id AS id, s.created_at AS createdAt FROM summaries s ${scope('s')}`;
  const key = [opts.at.createdAt, opts.at.kind, opts.at.id];
  const before = db
    .prepare(
      `SELECT * FROM (${stream}) WHERE (createdAt, kind, id) < (?, ?, ?) ORDER BY createdAt DESC, kind DESC, id DESC LIMIT ?`,
    )
    .all(...scoped, ...scoped, ...key, opts.before) as TimelineKey[];
  const after = db
    .prepare(`SELECT * FROM (${stream}) WHERE (createdAt, kind, id) >= (?, ?, ?) ORDER BY createdAt, kind, id LIMIT ?`)
    .all(...scoped, ...scoped, ...key, opts.after) as TimelineKey[];
  return { before, after };
}
