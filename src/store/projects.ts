import type { Db } from './db';

export interface ProjectRow {
  id: number;
  root: string;
  name: string;
  createdAt: string;
}

/** The project row for a root path, created on first sight. */
export function upsertProject(db: Db, root: string, name: string, now: string): number {
  db.prepare('INSERT INTO projects (root, name, created_at) VALUES (?, ?, ?) ON CONFLICT(root) DO NOTHING').run(
    root,
    name,
    now,
  );
  return (db.prepare('SELECT id FROM projects WHERE root = ?').get(root) as { id: number }).id;
}

export function getProject(db: Db, id: number): ProjectRow | undefined {
  return db.prepare('SELECT id, root, name, created_at AS createdAt FROM projects WHERE id = ?').get(id) as
    | ProjectRow
    | undefined;
}

export function findProjectByRoot(db: Db, root: string): ProjectRow | undefined {
  return db
    .prepare('SELECT id, root, name, created_at AS createdAt FROM projects WHERE root = ?')
    .get(root) as ProjectRow | undefined;
}

/** Projects whose root or name equals `nameOrRoot` (names can be shared by several roots). */
export function findProjects(db: Db, nameOrRoot: string): ProjectRow[] {
  return db
    .prepare('SELECT id, root, name, created_at AS createdAt FROM projects WHERE root = ? OR name = ? ORDER BY id')
    .all(nameOrRoot, nameOrRoot) as ProjectRow[];
}

export function listProjects(db: Db): Array<ProjectRow & { observations: number }> {
  return db
    .prepare(
      `SELECT p.id, p.root, p.name, p.created_at AS createdAt,
              (SELECT COUNT(*) FROM observations o WHERE o.project_id = p.id) AS observations
       FROM projects p ORDER BY p.name, p.id`,
    )
    .all() as Array<ProjectRow & { observations: number }>;
}

/** Delete a project and everything recorded for it (cascades through every table and index). */
export function deleteProject(db: Db, projectId: number): { observations: number; summaries: number } {
  return db.transaction(() => {
    const observations = (
      db.prepare('SELECT COUNT(*) AS n FROM observations WHERE project_id = ?').get(projectId) as { n: number }
    ).n;
    const summaries = (
      db.prepare('SELECT COUNT(*) AS n FROM summaries WHERE project_id = ?').get(projectId) as { n: number }
    ).n;
    db.prepare('DELETE FROM projects WHERE id = ?').run(projectId);
    // Team memory: a forgotten project stops being shared; its cascade may have queued tombstones
    // that no sync would ever pick up again (forgetting a whole project is local, docs/team-server.md).
    db.prepare('DELETE FROM team_outbox WHERE project_id = ?').run(projectId);
    return { observations, summaries };
  }).immediate();
}
