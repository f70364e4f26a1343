import type { Db } from './db';
import { importedCounts } from './imports';

export interface MemoryStats {
  projects: Array<{ name: string; root: string; observations: number; summaries: number; prompts: number }>;
  byType: Record<string, number>;
  byOrigin: Record<string, number>;
  /** Observations still stored per import source (`claude-mem:<fingerprint>`: the original claude-mem). */
  imported: Record<string, number>;
  observations: number;
  summaries: number;
  prompts: number;
  vectors: number;
}

/** Counts for `claude-mem stats`: per project, per type, per origin. */
export function memoryStats(db: Db): MemoryStats {
  const projects = db
    .prepare(
      `SELECT p.name, p.root,
         (SELECT COUNT(*) FROM observations o WHERE o.project_id = p.id) AS observations,
         (SELECT COUNT(*) FROM summaries s WHERE s.project_id = p.id) AS summaries,
         (SELECT COUNT(*) FROM prompts r WHERE r.project_id = p.id) AS prompts
       FROM projects p ORDER BY observations DESC, p.name`,
    )
    .all() as MemoryStats['projects'];
  const group = (col: 'type' | 'origin') =>
    Object.fromEntries(
      (db.prepare(`SELECT ${col} AS k, COUNT(*) AS n FROM observations GROUP BY ${col} ORDER BY n DESC`).all() as Array<{
        k: string;
        n: number;
      }>).map((r) => [r.k, r.n]),
    );
  const count = (table: string) => (db.prepare(`SELECT COUNT(*) AS n FROM ${table}`).get() as { n: number }).n;
  return {
    projects,
    byType: group('type'),
    byOrigin: group('origin'),
    imported: importedCounts(db),
    observations: count('observations'),
    summaries: count('summaries'),
    prompts: count('prompts'),
    vectors: count('observation_vectors'),
  };
}
