import type { ObservationType, TeamChange, TeamItem } from '../contracts';
import type { Db } from './db';
import { parseList } from './json';
import { insertObservation } from './observations';
import { insertSummary } from './summaries';

/**
 * Team memory's local tables (migration 9): which projects are shared, the outbox the triggers
 * fill with every local write to a shared project, and applying what teammates pushed. The
 * HTTP side lives in src/sync; this module only reads and writes SQLite.
 */

export interface SharedProject {
  projectId: number;
  root: string;
  name: string;
  /**
   * Normalized remote (`github.com/acme/app`): the project's name on the server, and all that is
   * kept of the URL (a user or token in an https remote never leaves the machine).
   */
  remote: string;
  sharedAt: string;
  pullCursor: string;
  lastPushAt: string | null;
  lastPullAt: string | null;
  lastError: string | null;
  lastErrorAt: string | null;
  /** Local writes waiting to be pushed. */
  backlog: number;
}

const SHARED_SELECT = `SELECT t.project_id AS projectId, p.root, p.name, t.remote, t.shared_at AS sharedAt,
  t.pull_cursor AS pullCursor, t.last_push_at AS lastPushAt, t.last_pull_at AS lastPullAt, t.last_error AS lastError,
  t.last_error_at AS lastErrorAt, (SELECT COUNT(*) FROM team_outbox b WHERE b.project_id = t.project_id) AS backlog
  FROM team_projects t JOIN projects p ON p.id = t.project_id`;

/**
 * This data dir's id on the team server, created on first use. Local uids are unique only per
 * data dir (the drain names records after their queue event, `evt-12-0`), so pushed uids are
 * `<machine id>/<local uid>`: two machines never collide, and a pull recognizes our own records
 * coming back by the prefix.
 */
export function teamMachineId(db: Db): string {
  const row = db.prepare("SELECT value FROM meta WHERE key = 'team_machine_id'").get() as { value: string } | undefined;
  if (row) return row.value;
  db.prepare("INSERT INTO meta (key, value) VALUES ('team_machine_id', ?) ON CONFLICT(key) DO NOTHING").run(process.getBuiltinModule('node:crypto').randomUUID());
  return (db.prepare("SELECT value FROM meta WHERE key = 'team_machine_id'").get() as { value: string }).value;
}

export function listSharedProjects(db: Db): SharedProject[] {
  return db.prepare(`${SHARED_SELECT} ORDER BY p.name, p.id`).all() as SharedProject[];
}

export function getSharedProject(db: Db, projectId: number): SharedProject | undefined {
  return db.prepare(`${SHARED_SELECT} WHERE t.project_id = ?`).get(projectId) as SharedProject | undefined;
}

/**
 * Mark a project shared and queue everything it already holds that this machine recorded (the
 * triggers only see writes from now on). Re-sharing keeps the cursor and queues nothing twice.
 * Returns how many records were queued.
 */
export function shareProject(db: Db, p: { projectId: number; remote: string; now: string }): number {
  return db
    .transaction(() => {
      teamMachineId(db);
      const existing = db.prepare('SELECT remote FROM team_projects WHERE project_id = ?').get(p.projectId) as { remote: string } | undefined;
      if (existing && existing.remote !== p.remote) {
        // A changed remote is another project on the server: start its pull from the beginning.
        db.prepare("UPDATE team_projects SET remote = ?, pull_cursor = '0', last_error = NULL WHERE project_id = ?").run(p.remote, p.projectId);
      } else if (!existing) {
        db.prepare('INSERT INTO team_projects (project_id, remote, shared_at) VALUES (?, ?, ?)').run(p.projectId, p.remote, p.now);
      }
      const queued = (table: 'observations' | 'summaries', record: 'observation' | 'summary') =>
        db
          .prepare(
            `INSERT OR IGNORE INTO team_outbox (project_id, record, uid, op, queued_at)
             SELECT project_id, '${record}', uid, 'upsert', ? FROM ${table} WHERE project_id = ? AND author IS NULL ORDER BY id`,
          )
          .run(p.now, p.projectId).changes;
      return queued('observations', 'observation') + queued('summaries', 'summary');
    })
    .immediate();
}

/** Stop sharing: nothing more is queued or pushed; pulled teammates' records stay (they are data). */
export function unshareProject(db: Db, projectId: number): boolean {
  return db
    .transaction(() => {
      db.prepare('DELETE FROM team_outbox WHERE project_id = ?').run(projectId);
      return db.prepare('DELETE FROM team_projects WHERE project_id = ?').run(projectId).changes > 0;
    })
    .immediate();
}

export interface OutboxBatch {
  /** Outbox row ids this batch answers for; acknowledge exactly these after the server took it. */
  ids: number[];
  items: TeamItem[];
}

/**
 * The oldest queued writes of a project as push items, at most `limit` of them and roughly
 * `maxBytes` of JSON. A queued upsert whose record is gone by now is skipped (its delete queued a
 * tombstone under the same key, so this only happens when the project itself was deleted).
 */
export function nextOutboxBatch(db: Db, projectId: number, limit: number, maxBytes: number, fit: (item: TeamItem) => TeamItem = (i) => i): OutboxBatch {
  const rows = db
    .prepare('SELECT id, record, uid, op FROM team_outbox WHERE project_id = ? ORDER BY id LIMIT ?')
    .all(projectId, limit) as Array<{ id: number; record: 'observation' | 'summary'; uid: string; op: 'upsert' | 'tombstone' }>;
  const ids: number[] = [];
  const items: TeamItem[] = [];
  let bytes = 0;
  const prefix = `${teamMachineId(db)}/`;
  const obs = db.prepare('SELECT * FROM observations WHERE uid = ? AND author IS NULL');
  const sum = db.prepare('SELECT * FROM summaries WHERE uid = ? AND author IS NULL');
  for (const r of rows) {
    let item: TeamItem | undefined;
    if (r.op === 'tombstone') item = { kind: 'tombstone', uid: r.uid, record: r.record };
    else if (r.record === 'observation') item = observationItem(obs.get(r.uid) as Record<string, unknown> | undefined);
    else item = summaryItem(sum.get(r.uid) as Record<string, unknown> | undefined);
    if (item) {
      item = fit({ ...item, uid: prefix + item.uid });
      const size = JSON.stringify(item).length;
      if (items.length > 0 && bytes + size > maxBytes) break;
      bytes += size;
      items.push(item);
    }
    ids.push(r.id);
  }
  return { ids, items };
}

function observationItem(r: Record<string, unknown> | undefined): TeamItem | undefined {
  if (!r) return undefined;
  return {
    kind: 'observation',
    uid: r.uid as string,
    type: r.type as ObservationType,
    title: r.title as string,
    subtitle: r.subtitle as string,
    facts: parseList(r.facts as string),
    narrative: r.narrative as string,
    concepts: parseList(r.concepts as string),
    filesRead: parseList(r.files_read as string),
    filesModified: parseList(r.files_modified as string),
    createdAt: r.created_at as string,
  };
}

/** A summary's text fields and their columns. */
const SUMMARY_TEXT = [
  ['request', 'request'],
  ['investigated', 'investigated'],
  ['learned', 'learned'],
  ['completed', 'completed'],
  ['nextSteps', 'next_steps'],
  ['notes', 'notes'],
] as const;

function summaryItem(r: Record<string, unknown> | undefined): TeamItem | undefined {
  if (!r) return undefined;
  const text = Object.fromEntries(SUMMARY_TEXT.map(([field, column]) => [field, r[column] as string]));
  return { kind: 'summary', uid: r.uid as string, ...text, createdAt: r.created_at as string } as TeamItem;
}

/** The server has these outbox rows: drop them. A row re-queued meanwhile has a new id and stays. */
export function ackOutbox(db: Db, projectId: number, ids: number[], now: string): void {
  if (!ids.length) return;
  const del = db.prepare('DELETE FROM team_outbox WHERE id = ?');
  db.transaction(() => {
    for (const id of ids) del.run(id);
    db.prepare('UPDATE team_projects SET last_push_at = ? WHERE project_id = ?').run(now, projectId);
  }).immediate();
}

/** Drop outbox rows the server refuses for good (recorded as the project's last error by the caller). */
export function dropOutbox(db: Db, ids: number[]): void {
  const del = db.prepare('DELETE FROM team_outbox WHERE id = ?');
  db.transaction(() => {
    for (const id of ids) del.run(id);
  }).immediate();
}

export interface AppliedPull {
  added: number;
  updated: number;
  removed: number;
  /** Our own records coming back from the server: nothing to do. */
  own: number;
}

/**
 * Apply one page of a pull and move the cursor, in one transaction: a crash in between re-pulls
 * the page, and applying it again changes nothing (records are keyed by uid). Our own records
 * (author NULL) are never overwritten or deleted by a pull.
 */
export function applyPull(db: Db, projectId: number, changes: TeamChange[], cursor: string, now: string): AppliedPull {
  const out: AppliedPull = { added: 0, updated: 0, removed: 0, own: 0 };
  const prefix = `${teamMachineId(db)}/`;
  const ownObs = db.prepare('SELECT author FROM observations WHERE uid = ?');
  const ownSum = db.prepare('SELECT author FROM summaries WHERE uid = ?');
  db.transaction(() => {
    for (const { item, by } of changes) {
      if (item.uid.startsWith(prefix)) {
        out.own++;
        continue;
      }
      const table = item.kind === 'tombstone' ? (item.record === 'observation' ? 'observations' : 'summaries') : item.kind === 'observation' ? 'observations' : 'summaries';
      const local = (table === 'observations' ? ownObs : ownSum).get(item.uid) as { author: string | null } | undefined;
      if (local && local.author === null) {
        out.own++;
        continue;
      }
      if (item.kind === 'tombstone') {
        out.removed += db.prepare(`DELETE FROM ${table} WHERE uid = ? AND author IS NOT NULL`).run(item.uid).changes;
      } else if (item.kind === 'observation') {
        if (local) {
          db.prepare(
            `UPDATE observations SET project_id = ?, type = ?, title = ?, subtitle = ?, facts = ?, narrative = ?, concepts = ?,
               files_read = ?, files_modified = ?, created_at = ?, author = ? WHERE uid = ? AND author IS NOT NULL`,
          ).run(
            projectId, item.type, item.title, item.subtitle, JSON.stringify(item.facts), item.narrative, JSON.stringify(item.concepts),
            JSON.stringify(item.filesRead), JSON.stringify(item.filesModified), item.createdAt, by, item.uid,
          );
          out.updated++;
        } else {
          insertObservation(db, {
            uid: item.uid, projectId, sessionId: null, promptNumber: null, type: item.type, title: item.title, subtitle: item.subtitle,
            facts: item.facts, narrative: item.narrative, concepts: item.concepts, filesRead: item.filesRead, filesModified: item.filesModified,
            createdAt: item.createdAt, model: null, origin: 'model', author: by,
          });
          out.added++;
        }
      } else if (local) {
        db.prepare(
          `UPDATE summaries SET project_id = ?, request = ?, investigated = ?, learned = ?, completed = ?, next_steps = ?, notes = ?,
             created_at = ?, author = ? WHERE uid = ? AND author IS NOT NULL`,
        ).run(projectId, item.request, item.investigated, item.learned, item.completed, item.nextSteps, item.notes, item.createdAt, by, item.uid);
        out.updated++;
      } else {
        insertSummary(db, {
          uid: item.uid, projectId, sessionId: null, promptNumber: null, request: item.request, investigated: item.investigated,
          learned: item.learned, completed: item.completed, nextSteps: item.nextSteps, notes: item.notes, createdAt: item.createdAt,
          model: null, origin: 'model', author: by,
        });
        out.added++;
      }
    }
    db.prepare('UPDATE team_projects SET pull_cursor = ?, last_pull_at = ? WHERE project_id = ?').run(cursor, now, projectId);
  }).immediate();
  return out;
}

/**
 * Remember why the last sync of a project (null: of every shared project) failed, for `team
 * status`; a null message clears it after a sync that went through.
 */
export function recordTeamError(db: Db, projectId: number | null, message: string | null, now: string): void {
  const at = message === null ? null : now;
  if (projectId === null) db.prepare('UPDATE team_projects SET last_error = ?, last_error_at = ?').run(message, at);
  else db.prepare('UPDATE team_projects SET last_error = ?, last_error_at = ? WHERE project_id = ?').run(message, at, projectId);
}
