import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  bindImportedProject,
  importedProjectId,
  importedRoot,
  importKey,
  insertObservation,
  insertSummary,
  listImportedProjects,
  pendingImportedProject,
  recordLedger,
  unbindImportedProject,
  upsertProject,
  type Db,
} from '../../src/store';
import { tempStore } from '../helpers/worker-fixtures';

const NOW = '2026-12-04T12:00:00.000Z';
const SOURCE = 'claude-mem:abc';
let db: Db;
let cleanup: () => void;

beforeEach(() => ({ db, cleanup } = tempStore('cm-store-imports-')));
afterEach(() => cleanup());

const draft = (title: string) => ({
  type: 'change' as const,
  title,
  subtitle: '',
  facts: [],
  narrative: title,
  concepts: [],
  filesRead: [],
  filesModified: [],
});

function importObservation(name: string, sourceId: number): number {
  const projectId = importedProjectId(db, name, NOW);
  const id = insertObservation(db, {
    ...draft(`imported ${sourceId}`),
    uid: importKey(SOURCE, 'observation', sourceId),
    projectId,
    sessionId: null,
    promptNumber: null,
    createdAt: NOW,
    model: null,
    origin: 'model',
  }) as number;
  recordLedger(db, { source: SOURCE, kind: 'observation', sourceId, targetId: id, projectName: name, status: 'imported', note: null, extra: null, now: NOW });
  return id;
}

const projectOf = (table: string, id: number) =>
  (db.prepare(`SELECT p.root FROM ${table} t JOIN projects p ON p.id = t.project_id WHERE t.id = ?`).get(id) as { root: string }).root;

describe('imported projects', () => {
  it('wait under a placeholder, then bind into a real project that already has its own memories', () => {
    const a = importObservation('webapp', 1);
    const b = importObservation('webapp', 2);
    expect(projectOf('observations', a)).toBe(importedRoot('webapp'));
    expect(pendingImportedProject(db, 'webapp')).toBeDefined();
    expect(pendingImportedProject(db, 'other')).toBeUndefined();

    const real = upsertProject(db, '/code/webapp', 'webapp', NOW);
    const own = insertObservation(db, { ...draft('own'), projectId: real, sessionId: null, promptNumber: null, createdAt: NOW, model: null, origin: 'model' }) as number;

    expect(bindImportedProject(db, 'webapp', '/code/webapp', 'webapp', NOW)).toBe(2);
    expect([a, b, own].map((id) => projectOf('observations', id))).toEqual(['/code/webapp', '/code/webapp', '/code/webapp']);
    expect(pendingImportedProject(db, 'webapp')).toBeUndefined();
    // The emptied placeholder is gone.
    expect(db.prepare('SELECT COUNT(*) AS n FROM projects WHERE root = ?').get(importedRoot('webapp'))).toEqual({ n: 0 });
    expect(listImportedProjects(db)).toMatchObject([{ name: 'webapp', boundRoot: '/code/webapp', observations: 2 }]);

    // Unlink moves only the imported records back, and the name no longer binds by itself.
    unbindImportedProject(db, 'webapp', NOW);
    expect(projectOf('observations', own)).toBe('/code/webapp');
    expect(projectOf('observations', a)).toBe(importedRoot('webapp'));
    expect(pendingImportedProject(db, 'webapp')).toBeUndefined();
    expect(listImportedProjects(db)).toMatchObject([{ name: 'webapp', boundRoot: null, autoBind: false, observations: 2 }]);

    // New rows of a bound name go straight to its repository.
    bindImportedProject(db, 'webapp', '/other/webapp', 'webapp', NOW);
    expect(projectOf('observations', importObservation('webapp', 3))).toBe('/other/webapp');
  });

  it('a reused summary id is not mistaken for an imported one', () => {
    const summary = (projectId: number, request: string, uid?: string) =>
      insertSummary(db, {
        ...(uid ? { uid } : {}),
        projectId,
        sessionId: null,
        promptNumber: null,
        request,
        investigated: '',
        learned: '',
        completed: '',
        nextSteps: '',
        notes: '',
        createdAt: NOW,
        model: null,
        origin: 'model',
      }) as number;
    const placeholder = importedProjectId(db, 'api', NOW);
    const imported = summary(placeholder, 'imported', importKey(SOURCE, 'summary', 7));
    recordLedger(db, { source: SOURCE, kind: 'summary', sourceId: 7, targetId: imported, projectName: 'api', status: 'imported', note: null, extra: null, now: NOW });
    db.prepare('DELETE FROM summaries WHERE id = ?').run(imported);
    // A live summary of another project takes the same id (summary ids can be reused).
    const mine = upsertProject(db, '/code/mine', 'mine', NOW);
    const live = summary(mine, 'live');
    expect(live).toBe(imported);
    db.prepare('UPDATE summaries SET project_id = ? WHERE id = ?').run(placeholder, live);
    bindImportedProject(db, 'api', '/code/api', 'api', NOW);
    expect(projectOf('summaries', live)).toBe(importedRoot('api'));
    expect(listImportedProjects(db)[0]?.summaries).toBe(0);
  });
});
