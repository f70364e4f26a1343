import type { Origin, Summary, SummaryDraft } from '../contracts';
import type { Db } from './db';
import { recordKeys, type NewRecordKeys, type RecordKeysRow } from './record-keys';

export type NewSummary = SummaryDraft & NewRecordKeys;

export function insertSummary(db: Db, s: NewSummary): number | undefined {
  const info = db
    .prepare(
      `INSERT INTO summaries (uid, project_id, session_id, prompt_number, request, investigated, learned, completed,
         next_steps, notes, created_at, model, origin, author)
       VALUES (@uid, @projectId, @sessionId, @promptNumber, @request, @investigated, @learned, @completed,
         @nextSteps, @notes, @createdAt, @model, @origin, @author)
       ON CONFLICT(uid) DO NOTHING`,
    )
    .run({ ...s, uid: s.uid ?? process.getBuiltinModule('node:crypto').randomUUID(), author: s.author ?? null });
  return info.changes === 1 ? Number(info.lastInsertRowid) : undefined;
}

interface SummaryRowRaw extends RecordKeysRow {
  request: string;
  investigated: string;
  learned: string;
  completed: string;
  next_steps: string;
  notes: string;
  created_at: string;
  origin: Origin;
  author?: string | null;
}

function toSummary(r: SummaryRowRaw): Summary {
  return {
    ...recordKeys(r),
    request: r.request,
    investigated: r.investigated,
    learned: r.learned,
    completed: r.completed,
    nextSteps: r.next_steps,
    notes: r.notes,
    createdAt: r.created_at,
    origin: r.origin,
    ...(r.author ? { author: r.author } : {}),
  };
}

export const SUMMARY_SELECT = `SELECT s.*, p.name AS project FROM summaries s JOIN projects p ON p.id = s.project_id`;

/** Newest first. */
export function listSummaries(db: Db, opts: { projectIds?: number[]; limit: number; beforeId?: number }): Summary[] {
  const where: string[] = [];
  const args: unknown[] = [];
  if (opts.projectIds) {
    where.push(`s.project_id IN (${opts.projectIds.map(() => '?').join(',') || 'NULL'})`);
    args.push(...opts.projectIds);
  }
  if (opts.beforeId !== undefined) {
    where.push('s.id < ?');
    args.push(opts.beforeId);
  }
  const sql = `${SUMMARY_SELECT} ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY s.created_at DESC, s.id DESC LIMIT ?`;
  return (db.prepare(sql).all(...args, opts.limit) as SummaryRowRaw[]).map(toSummary);
}

export function getSummaries(db: Db, ids: number[]): Summary[] {
  if (ids.length === 0) return [];
  return (
    db.prepare(`${SUMMARY_SELECT} WHERE s.id IN (${ids.map(() => '?').join(',')})`).all(...ids) as SummaryRowRaw[]
  ).map(toSummary);
}

export function deleteSummaries(db: Db, ids: number[]): number {
  const stmt = db.prepare('DELETE FROM summaries WHERE id = ?');
  return db.transaction(() => ids.reduce((n, id) => n + stmt.run(id).changes, 0)).immediate();
}
