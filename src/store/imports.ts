import type { Db } from './db';
import { upsertProject } from './projects';

/** Tables of the original claude-mem a ledger row can come from. */
export type ImportKind = 'session' | 'prompt' | 'observation' | 'summary';
export type ImportStatus = 'imported' | 'partial' | 'skipped';

/** `projects.root` of an imported name not yet bound to a repository (not a path: never resolved). */
export const importedRoot = (name: string): string => `claude-mem-import:${name}`;

/** Host stamped on imported sessions, so a live Claude Code session id never lands on one. */
export const IMPORT_HOST = 'claude-mem-import';

/** Source ids of `kind` already handled (any status) for one original database, with their target ids. */
export function ledgerIds(db: Db, source: string, kind: ImportKind): Map<number, number | null> {
  if (!hasImportTables(db)) return new Map();
  const rows = db
    .prepare('SELECT source_id AS s, target_id AS t FROM import_ledger WHERE source = ? AND kind = ?')
    .all(source, kind) as Array<{ s: number; t: number | null }>;
  return new Map(rows.map((r) => [r.s, r.t]));
}

export interface LedgerEntry {
  source: string;
  kind: ImportKind;
  sourceId: number;
  targetId: number | null;
  projectName: string;
  status: ImportStatus;
  note: string | null;
  extra: Record<string, unknown> | null;
  now: string;
}

export function recordLedger(db: Db, e: LedgerEntry): void {
  db.prepare(
    `INSERT INTO import_ledger (source, kind, source_id, target_id, project_name, status, note, extra, imported_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`,
  ).run(e.source, e.kind, e.sourceId, e.targetId, e.projectName, e.status, e.note, e.extra ? JSON.stringify(e.extra) : null, e.now);
}

/** The project that holds an imported name's records: its binding, or a placeholder created now. */
export function importedProjectId(db: Db, name: string, now: string): number {
  const row = db.prepare('SELECT project_id AS id FROM imported_projects WHERE name = ?').get(name) as { id: number } | undefined;
  if (row) return row.id;
  const id = upsertProject(db, importedRoot(name), name, now);
  db.prepare('INSERT INTO imported_projects (name, project_id, created_at) VALUES (?, ?, ?)').run(name, id, now);
  return id;
}

/** An imported session: host `claude-mem-import`, keyed by the original's session id. */
export function insertImportedSession(
  db: Db,
  s: { hostSessionId: string; projectId: number; startedAt: string; endedAt: string | null; endReason: string | null; promptCount: number },
): number {
  db.prepare(
    `INSERT INTO sessions (host, host_session_id, project_id, cwd, started_at, ended_at, end_reason, prompt_count)
     VALUES (?, ?, ?, '', ?, ?, ?, ?) ON CONFLICT(host, host_session_id) DO NOTHING`,
  ).run(IMPORT_HOST, s.hostSessionId, s.projectId, s.startedAt, s.endedAt, s.endReason, s.promptCount);
  return (db.prepare('SELECT id FROM sessions WHERE host = ? AND host_session_id = ?').get(IMPORT_HOST, s.hostSessionId) as { id: number }).id;
}

/** An imported prompt; `undefined` when the session already has that prompt number. */
export function insertImportedPrompt(
  db: Db,
  p: { sessionId: number; projectId: number; promptNumber: number; text: string; createdAt: string },
): number | undefined {
  const info = db
    .prepare(
      `INSERT INTO prompts (session_id, project_id, prompt_number, text, created_at) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT(session_id, prompt_number) DO NOTHING`,
    )
    .run(p.sessionId, p.projectId, p.promptNumber, p.text, p.createdAt);
  return info.changes === 1 ? Number(info.lastInsertRowid) : undefined;
}

export interface ImportedProject {
  name: string;
  projectId: number;
  boundRoot: string | null;
  boundAt: string | null;
  autoBind: boolean;
  sessions: number;
  prompts: number;
  observations: number;
  summaries: number;
}

/**
 * The uid (observations, summaries) or host session id (sessions) an imported row carries:
 * `claude-mem:<fingerprint>:<kind>:<original id>`. Rows are found through it, never through a
 * ledger's target id alone, because summary, prompt and session ids can be reused after a delete.
 */
export const importKey = (source: string, kind: ImportKind, sourceId: number): string => `${source}:${kind}:${sourceId}`;
const KEY_SQL = "source || ':' || kind || ':' || source_id";

/** SQL matching the rows of one kind imported under a name (parameters: name). */
const IMPORTED_ROWS: Record<Exclude<ImportKind, 'prompt'>, string> = {
  session: `SELECT id FROM sessions WHERE host = '${IMPORT_HOST}' AND host_session_id IN
    (SELECT ${KEY_SQL} FROM import_ledger WHERE project_name = ? AND kind = 'session')`,
  observation: `SELECT id FROM observations WHERE uid IN
    (SELECT ${KEY_SQL} FROM import_ledger WHERE project_name = ? AND kind = 'observation')`,
  summary: `SELECT id FROM summaries WHERE uid IN
    (SELECT ${KEY_SQL} FROM import_ledger WHERE project_name = ? AND kind = 'summary')`,
};
const PROMPTS_OF_NAME = `SELECT id FROM prompts WHERE session_id IN (${IMPORTED_ROWS.session})`;

/** Every imported name with its binding and how many of its records are still stored. */
export function listImportedProjects(db: Db): ImportedProject[] {
  if (!hasImportTables(db)) return [];
  const rows = db
    .prepare('SELECT name, project_id AS projectId, bound_root AS boundRoot, bound_at AS boundAt, auto_bind AS autoBind FROM imported_projects ORDER BY name')
    .all() as Array<Omit<ImportedProject, 'autoBind' | 'sessions' | 'prompts' | 'observations' | 'summaries'> & { autoBind: number }>;
  return rows.map((r) => {
    const count = (sql: string) => (db.prepare(`SELECT COUNT(*) AS n FROM (${sql})`).get(r.name) as { n: number }).n;
    return {
      ...r,
      autoBind: r.autoBind === 1,
      sessions: count(IMPORTED_ROWS.session),
      prompts: count(PROMPTS_OF_NAME),
      observations: count(IMPORTED_ROWS.observation),
      summaries: count(IMPORTED_ROWS.summary),
    };
  });
}

/**
 * For the SessionStart hook: an imported name waiting for a repository called `name`. One
 * primary-key lookup; undefined (the common case) costs nothing more.
 */
export function pendingImportedProject(db: Db, name: string): { name: string; projectId: number } | undefined {
  return db
    .prepare('SELECT name, project_id AS projectId FROM imported_projects WHERE name = ? AND bound_root IS NULL AND auto_bind = 1')
    .get(name) as { name: string; projectId: number } | undefined;
}

/**
 * Bind an imported name to the project at `root` (created when missing): its records move into
 * that project, so search, session-start memory and stats see them there. Returns how many
 * observations moved.
 */
export function bindImportedProject(db: Db, name: string, root: string, displayName: string, now: string): number {
  return db.transaction(() => {
    const cur = db.prepare('SELECT project_id AS id FROM imported_projects WHERE name = ?').get(name) as { id: number } | undefined;
    if (!cur) return 0;
    const target = upsertProject(db, root, displayName, now);
    const moved = moveImported(db, name, cur.id, target);
    db.prepare('UPDATE imported_projects SET project_id = ?, bound_root = ?, bound_at = ?, auto_bind = 1 WHERE name = ?').run(
      target,
      root,
      now,
      name,
    );
    dropIfPlaceholderEmpty(db, cur.id);
    return moved;
  }).immediate();
}

/** Undo a binding: the name's records go back to a placeholder, and no session rebinds it by itself. */
export function unbindImportedProject(db: Db, name: string, now: string): boolean {
  return db.transaction(() => {
    const cur = db.prepare('SELECT project_id AS id FROM imported_projects WHERE name = ?').get(name) as { id: number } | undefined;
    if (!cur) return false;
    const placeholder = upsertProject(db, importedRoot(name), name, now);
    moveImported(db, name, cur.id, placeholder);
    db.prepare('UPDATE imported_projects SET project_id = ?, bound_root = NULL, bound_at = NULL, auto_bind = 0 WHERE name = ?').run(
      placeholder,
      name,
    );
    return true;
  }).immediate();
}

/** Re-point the stored records imported under `name` from project `from` to project `to`. */
function moveImported(db: Db, name: string, from: number, to: number): number {
  if (from === to) return 0;
  const move = (table: string, rows: string) =>
    db.prepare(`UPDATE ${table} SET project_id = ? WHERE project_id = ? AND id IN (${rows})`).run(to, from, name).changes;
  move('sessions', IMPORTED_ROWS.session);
  move('prompts', PROMPTS_OF_NAME);
  move('summaries', IMPORTED_ROWS.summary);
  return move('observations', IMPORTED_ROWS.observation);
}

function dropIfPlaceholderEmpty(db: Db, projectId: number): void {
  const row = db.prepare('SELECT root FROM projects WHERE id = ?').get(projectId) as { root: string } | undefined;
  if (!row?.root.startsWith('claude-mem-import:')) return;
  const used = db
    .prepare(
      `SELECT EXISTS(SELECT 1 FROM observations WHERE project_id = @p) OR EXISTS(SELECT 1 FROM summaries WHERE project_id = @p)
         OR EXISTS(SELECT 1 FROM sessions WHERE project_id = @p) OR EXISTS(SELECT 1 FROM prompts WHERE project_id = @p) AS used`,
    )
    .get({ p: projectId }) as { used: number };
  if (!used.used) db.prepare('DELETE FROM projects WHERE id = ?').run(projectId);
}

/** Observations per import source (`claude-mem:<fingerprint>`), still stored. */
export function importedCounts(db: Db): Record<string, number> {
  if (!hasImportTables(db)) return {};
  const rows = db
    .prepare(
      `SELECT l.source AS k, COUNT(*) AS n FROM import_ledger l JOIN observations o
         ON o.uid = l.source || ':' || l.kind || ':' || l.source_id
       WHERE l.kind = 'observation' GROUP BY l.source`,
    )
    .all() as Array<{ k: string; n: number }>;
  return Object.fromEntries(rows.map((r) => [r.k, r.n]));
}

/** False on a database opened read-only before migration 6 ran. */
export function hasImportTables(db: Db): boolean {
  return db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'imported_projects'").get() !== undefined;
}
