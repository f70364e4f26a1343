import type { Pool, PoolClient } from 'pg';
import {
  MemError,
  normalizeRemote,
  type PullQuery,
  type PullResponse,
  type PushRequest,
  type PushResponse,
  type SearchHit,
  type SearchQuery,
  type TeamChange,
  type TeamItem,
  type TeamObservation,
  type TeamSummary,
} from '../contracts';
import type { KeyOwner } from './keys';
import { inTransaction } from './migrations';

/**
 * Push, pull and search over one team's projects. Every query is scoped by the key's team id: a
 * project of another team is indistinguishable from no project (`not_found`).
 *
 * Why pushes to one project take a transaction-scoped advisory lock: the change cursor is a
 * sequence, and sequence values are handed out before commit. Two concurrent pushes could commit
 * seq 11 before seq 10; a pull in between would move its cursor past 10 and never see it. With
 * writers to one project taking turns, a project's seq values become visible in order.
 */

export function projectName(remote: string): string {
  const name = normalizeRemote(remote);
  if (!name) {
    throw new MemError('validation', `"${remote.slice(0, 200)}" is not a git remote URL.`, {
      hint: 'Name the project by its git remote, e.g. git@github.com:acme/app.git or https://github.com/acme/app.',
    });
  }
  return name;
}

export async function push(pool: Pool, owner: KeyOwner, req: PushRequest): Promise<PushResponse> {
  const remote = projectName(req.project);
  const client = await pool.connect();
  try {
    return await inTransaction(client, async () => {
      const p = await client.query<{ id: string }>(
        `INSERT INTO projects (team_id, remote) VALUES ($1, $2)
         ON CONFLICT (team_id, remote) DO UPDATE SET remote = EXCLUDED.remote RETURNING id`,
        [owner.teamId, remote],
      );
      const projectId = p.rows[0]?.id as string;
      await client.query('SELECT pg_advisory_xact_lock($1::bigint)', [projectId]);
      let applied = 0;
      for (const item of req.items) if (await applyItem(client, owner, projectId, item)) applied++;
      const c = await client.query<{ cursor: string | null }>(cursorSql, [projectId]);
      return { project: remote, applied, unchanged: req.items.length - applied, cursor: c.rows[0]?.cursor ?? '0' };
    });
  } finally {
    client.release();
  }
}

const cursorSql = `SELECT greatest(
  (SELECT max(seq) FROM observations WHERE project_id = $1),
  (SELECT max(seq) FROM summaries WHERE project_id = $1),
  (SELECT max(seq) FROM tombstones WHERE project_id = $1))::text AS cursor`;

/** True when the item changed something. A forgotten uid stays forgotten: its re-push is ignored. */
async function applyItem(client: PoolClient, owner: KeyOwner, projectId: string, item: TeamItem): Promise<boolean> {
  if (item.kind === 'tombstone') {
    const table = item.record === 'observation' ? 'observations' : 'summaries';
    await client.query(`DELETE FROM ${table} WHERE team_id = $1 AND uid = $2 AND project_id = $3`, [owner.teamId, item.uid, projectId]);
    const r = await client.query(
      `INSERT INTO tombstones (team_id, uid, record, project_id, by_user) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (team_id, uid) DO NOTHING`,
      [owner.teamId, item.uid, item.record, projectId, owner.userId],
    );
    return (r.rowCount ?? 0) > 0;
  }
  const dead = await client.query('SELECT 1 FROM tombstones WHERE team_id = $1 AND uid = $2', [owner.teamId, item.uid]);
  if ((dead.rowCount ?? 0) > 0) return false;
  const r = item.kind === 'observation' ? await upsertObservation(client, owner, projectId, item) : await upsertSummary(client, owner, projectId, item);
  return (r.rowCount ?? 0) > 0;
}

function upsertObservation(client: PoolClient, owner: KeyOwner, projectId: string, o: TeamObservation) {
  // The WHERE makes an identical re-push a no-op: no new seq, so pullers see nothing new.
  return client.query(
    `INSERT INTO observations AS o (team_id, uid, project_id, by_user, type, title, subtitle, facts, narrative, concepts, files_read, files_modified, author, created_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)
     ON CONFLICT (team_id, uid) DO UPDATE SET
       project_id = EXCLUDED.project_id, by_user = EXCLUDED.by_user, type = EXCLUDED.type, title = EXCLUDED.title,
       subtitle = EXCLUDED.subtitle, facts = EXCLUDED.facts, narrative = EXCLUDED.narrative, concepts = EXCLUDED.concepts,
       files_read = EXCLUDED.files_read, files_modified = EXCLUDED.files_modified, author = EXCLUDED.author,
       created_at = EXCLUDED.created_at, seq = nextval('change_seq'), updated_at = now()
     WHERE (o.project_id, o.type, o.title, o.subtitle, o.facts, o.narrative, o.concepts, o.files_read, o.files_modified, o.author, o.created_at)
       IS DISTINCT FROM (EXCLUDED.project_id, EXCLUDED.type, EXCLUDED.title, EXCLUDED.subtitle, EXCLUDED.facts, EXCLUDED.narrative,
                         EXCLUDED.concepts, EXCLUDED.files_read, EXCLUDED.files_modified, EXCLUDED.author, EXCLUDED.created_at)`,
    [
      owner.teamId, o.uid, projectId, owner.userId, o.type, o.title, o.subtitle, JSON.stringify(o.facts), o.narrative,
      JSON.stringify(o.concepts), JSON.stringify(o.filesRead), JSON.stringify(o.filesModified), o.author ?? null, o.createdAt,
    ],
  );
}

function upsertSummary(client: PoolClient, owner: KeyOwner, projectId: string, s: TeamSummary) {
  return client.query(
    `INSERT INTO summaries AS s (team_id, uid, project_id, by_user, request, investigated, learned, completed, next_steps, notes, author, created_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)
     ON CONFLICT (team_id, uid) DO UPDATE SET
       project_id = EXCLUDED.project_id, by_user = EXCLUDED.by_user, request = EXCLUDED.request, investigated = EXCLUDED.investigated,
       learned = EXCLUDED.learned, completed = EXCLUDED.completed, next_steps = EXCLUDED.next_steps, notes = EXCLUDED.notes,
       author = EXCLUDED.author, created_at = EXCLUDED.created_at, seq = nextval('change_seq'), updated_at = now()
     WHERE (s.project_id, s.request, s.investigated, s.learned, s.completed, s.next_steps, s.notes, s.author, s.created_at)
       IS DISTINCT FROM (EXCLUDED.project_id, EXCLUDED.request, EXCLUDED.investigated, EXCLUDED.learned, EXCLUDED.completed,
                         EXCLUDED.next_steps, EXCLUDED.notes, EXCLUDED.author, EXCLUDED.created_at)`,
    [owner.teamId, s.uid, projectId, owner.userId, s.request, s.investigated, s.learned, s.completed, s.nextSteps, s.notes, s.author ?? null, s.createdAt],
  );
}

async function findProject(pool: Pool, owner: KeyOwner, remote: string): Promise<{ id: string; name: string }> {
  const name = projectName(remote);
  const r = await pool.query<{ id: string }>('SELECT id FROM projects WHERE team_id = $1 AND remote = $2', [owner.teamId, name]);
  const id = r.rows[0]?.id;
  if (!id) {
    throw new MemError('not_found', `No project ${name} in your team.`, { hint: 'A project appears when a teammate first pushes to it.' });
  }
  return { id, name };
}

export async function pull(pool: Pool, owner: KeyOwner, q: PullQuery): Promise<PullResponse> {
  const project = await findProject(pool, owner, q.project);
  const r = await pool.query<Record<string, unknown> & { rec: string; seq: string; by: string }>(
    `SELECT * FROM (
       SELECT 'observation' AS rec, o.seq, u.name AS by, o.uid, to_jsonb(o) - 'search' AS row FROM observations o JOIN users u ON u.id = o.by_user
        WHERE o.project_id = $1 AND o.seq > $2
       UNION ALL
       SELECT 'summary', s.seq, u.name, s.uid, to_jsonb(s) - 'search' FROM summaries s JOIN users u ON u.id = s.by_user
        WHERE s.project_id = $1 AND s.seq > $2
       UNION ALL
       SELECT 'tombstone', t.seq, u.name, t.uid, to_jsonb(t) FROM tombstones t JOIN users u ON u.id = t.by_user
        WHERE t.project_id = $1 AND t.seq > $2
     ) c ORDER BY seq LIMIT $3`,
    [project.id, q.since, q.limit + 1],
  );
  const more = r.rows.length > q.limit;
  const rows = more ? r.rows.slice(0, q.limit) : r.rows;
  const changes: TeamChange[] = rows.map((x) => ({ cursor: x.seq, by: x.by, item: toItem(x.rec, x.row as Record<string, unknown>) }));
  return { project: project.name, changes, cursor: changes[changes.length - 1]?.cursor ?? q.since, more };
}

function toItem(rec: string, row: Record<string, unknown>): TeamItem {
  const author = typeof row.author === 'string' ? { author: row.author } : {};
  const createdAt = new Date(row.created_at as string).toISOString();
  if (rec === 'tombstone') return { kind: 'tombstone', uid: row.uid as string, record: row.record as 'observation' | 'summary' };
  if (rec === 'summary') {
    return {
      kind: 'summary', uid: row.uid as string, request: row.request as string, investigated: row.investigated as string,
      learned: row.learned as string, completed: row.completed as string, nextSteps: row.next_steps as string,
      notes: row.notes as string, createdAt, ...author,
    };
  }
  return {
    kind: 'observation', uid: row.uid as string, type: row.type as TeamObservation['type'], title: row.title as string,
    subtitle: row.subtitle as string, facts: row.facts as string[], narrative: row.narrative as string,
    concepts: row.concepts as string[], filesRead: row.files_read as string[], filesModified: row.files_modified as string[],
    createdAt, ...author,
  };
}

/** Weighted full-text search (title A, subtitle/facts B, narrative C) over the team's projects. */
export async function search(pool: Pool, owner: KeyOwner, q: SearchQuery): Promise<SearchHit[]> {
  const projectId = q.project ? (await findProject(pool, owner, q.project)).id : null;
  const r = await pool.query<{ project: string; record: 'observation' | 'summary'; uid: string; title: string; body: string; rank: number; created_at: Date; by: string; snippet: string }>(
    `WITH q AS (SELECT websearch_to_tsquery('english', $2) AS tsq),
     hits AS (
       SELECT p.remote AS project, 'observation' AS record, o.uid, o.title, o.narrative AS body,
              ts_rank(o.search, q.tsq) AS rank, o.created_at, u.name AS by
         FROM observations o, q, projects p, users u
        WHERE o.team_id = $1 AND o.search @@ q.tsq AND p.id = o.project_id AND u.id = o.by_user
          AND ($3::bigint IS NULL OR o.project_id = $3)
       UNION ALL
       SELECT p.remote, 'summary', s.uid, s.request, s.learned || ' ' || s.completed,
              ts_rank(s.search, q.tsq), s.created_at, u.name
         FROM summaries s, q, projects p, users u
        WHERE s.team_id = $1 AND s.search @@ q.tsq AND p.id = s.project_id AND u.id = s.by_user
          AND ($3::bigint IS NULL OR s.project_id = $3)
       ORDER BY rank DESC, created_at DESC LIMIT $4)
     SELECT hits.*, ts_headline('english', hits.body, q.tsq, 'MaxWords=30, MinWords=10') AS snippet FROM hits, q
      ORDER BY rank DESC, created_at DESC`,
    [owner.teamId, q.q, projectId, q.limit],
  );
  return r.rows.map((h) => ({
    project: h.project, record: h.record, uid: h.uid, title: h.title, snippet: h.snippet, rank: h.rank,
    createdAt: new Date(h.created_at).toISOString(), by: h.by,
  }));
}
